// Package infotainment is the car's media player and phone: what plays,
// how loud, who is on the line. Like the cabin it is state of the simulated
// car, changed by commands from keys, voice and scenarios, with its rules in
// one place, and it reports every change as an event in English and
// Chinese.
//
// There is no audio stream or network: a "song" is a title, a call is a
// name and a timer. That is what the HMI needs to show and what voice
// flows need to act on.
package infotainment

import (
	"fmt"
	"strconv"
	"strings"
)

// Source is where media comes from.
type Source string

// Media sources of the voice schema.
const (
	SourceMusic   Source = "music"
	SourceRadio   Source = "radio"
	SourcePodcast Source = "podcast"
)

// CallState is the phone's state.
type CallState string

// Phone states.
const (
	PhoneIdle    CallState = "idle"
	PhoneRinging CallState = "ringing" // an incoming call waits for an answer
	PhoneDialing CallState = "dialing" // an outgoing call waits for the other side
	PhoneInCall  CallState = "in_call"
)

// Media is the player.
type Media struct {
	Playing bool
	Title   string // what plays: a song, artist, station or show, as asked
	Source  Source
	// Track counts next/previous within the current title's playlist;
	// 1 is the first track.
	Track int
	// Volume 0-100; Muted keeps the volume to come back to.
	Volume int
	Muted  bool
}

// Phone is the paired phone.
type Phone struct {
	State   CallState
	Contact string // a name, as said
	Number  string // digits, as dialled
	// SinceMs is when the current state began (sim time), for the call
	// timer and the dial timeout.
	SinceMs int64
}

// State is the whole infotainment system.
type State struct {
	Media Media
	Phone Phone
}

// DefaultVolume is the volume at start-up, and where "unmute" returns to
// when the volume was 0.
const DefaultVolume = 30

// volumeStep is one "louder" or "quieter": a tenth of the range, as the
// steering-wheel buttons of most Chinese NEVs step it.
const volumeStep = 10

// answerDelayMs is how long an outgoing call rings before the other side
// answers, in the simulation: long enough to see the dialling state.
const answerDelayMs = 4000

// New returns the system at start-up: nothing playing, volume at the
// default, phone idle.
func New() State {
	return State{Media: Media{Volume: DefaultVolume, Source: SourceMusic}, Phone: Phone{State: PhoneIdle}}
}

// Event is a change, explained in both languages.
type Event struct {
	Kind    string // media.play, media.pause, media.track, media.volume, phone.call, phone.answer, phone.hangup, phone.ringing
	Subject string
	Value   float64
	Text    string
	TextZH  string
}

// Refusal says why a command cannot be carried out, in both languages.
type Refusal struct{ Reason, ReasonZH string }

// Error returns the English reason.
func (r *Refusal) Error() string { return r.Reason }

// Command changes the infotainment system.
type Command interface{ infotainment() }

// Play starts media: Query is what to play ("" resumes what was playing).
type Play struct {
	Query  string
	Source Source
}

// Pause pauses the media.
type Pause struct{}

// Skip moves to the next (+1) or previous (-1) track.
type Skip struct{ Delta int }

// SetVolume sets the volume 0-100.
type SetVolume struct{ Level int }

// StepVolume makes it louder (+1) or quieter (-1) by one step.
type StepVolume struct{ Delta int }

// Mute mutes (true) or unmutes (false).
type Mute struct{ On bool }

// Call calls a contact or a number.
type Call struct{ Contact, Number string }

// Answer answers a ringing phone.
type Answer struct{}

// HangUp ends or declines a call.
type HangUp struct{}

// IncomingCall makes the phone ring (scenarios use it).
type IncomingCall struct{ Contact string }

func (Play) infotainment()         {}
func (Pause) infotainment()        {}
func (Skip) infotainment()         {}
func (SetVolume) infotainment()    {}
func (StepVolume) infotainment()   {}
func (Mute) infotainment()         {}
func (Call) infotainment()         {}
func (Answer) infotainment()       {}
func (HangUp) infotainment()       {}
func (IncomingCall) infotainment() {}

func refuse(en, zh string) error { return &Refusal{Reason: en, ReasonZH: zh} }

func clampVolume(v int) int {
	return max(0, min(100, v))
}

// Apply carries out a command at sim time nowMs. A refused command leaves
// the state unchanged and says why.
func (s *State) Apply(c Command, nowMs int64) ([]Event, error) {
	m, p := &s.Media, &s.Phone
	switch c := c.(type) {
	case Play:
		if c.Query == "" {
			if m.Title == "" {
				return nil, refuse("There is nothing to resume: say what to play.", "没有可以继续播放的内容，请说出想听什么。")
			}
			m.Playing = true
			return []Event{{Kind: "media.play", Subject: m.Title, Text: "Playing " + m.Title + ".", TextZH: "继续播放" + m.Title + "。"}}, nil
		}
		m.Title, m.Playing, m.Track = c.Query, true, 1
		if c.Source != "" {
			m.Source = c.Source
		}
		return []Event{{Kind: "media.play", Subject: m.Title, Text: "Playing " + m.Title + ".", TextZH: "正在播放" + m.Title + "。"}}, nil
	case Pause:
		if !m.Playing {
			return nil, refuse("Nothing is playing.", "当前没有在播放。")
		}
		m.Playing = false
		return []Event{{Kind: "media.pause", Subject: m.Title, Text: "Paused " + m.Title + ".", TextZH: "已暂停" + m.Title + "。"}}, nil
	case Skip:
		if m.Title == "" {
			return nil, refuse("Nothing is playing.", "当前没有在播放。")
		}
		if c.Delta < 0 && m.Track <= 1 {
			m.Track = 1
			m.Playing = true
			return []Event{{Kind: "media.track", Subject: m.Title, Value: 1, Text: "Back to the start of the first track.", TextZH: "已回到第一首的开头。"}}, nil
		}
		m.Track += c.Delta
		m.Playing = true
		word, wordZH := "Next", "下一首"
		if c.Delta < 0 {
			word, wordZH = "Previous", "上一首"
		}
		return []Event{{Kind: "media.track", Subject: m.Title, Value: float64(m.Track),
			Text: fmt.Sprintf("%s track: %s, track %d.", word, m.Title, m.Track), TextZH: fmt.Sprintf("%s：%s，第%d首。", wordZH, m.Title, m.Track)}}, nil
	case SetVolume:
		if c.Level < 0 || c.Level > 100 {
			return nil, refuse(fmt.Sprintf("The volume goes from 0 to 100, not %d.", c.Level), fmt.Sprintf("音量范围是0到100，不能调到%d。", c.Level))
		}
		m.Volume, m.Muted = c.Level, false
		return volumeEvent(m), nil
	case StepVolume:
		if c.Delta > 0 && m.Volume >= 100 && !m.Muted {
			return nil, refuse("The volume is already at its maximum.", "音量已经是最大了。")
		}
		if c.Delta < 0 && m.Volume <= 0 {
			return nil, refuse("The volume is already at zero.", "音量已经是零了。")
		}
		m.Volume, m.Muted = clampVolume(m.Volume+c.Delta*volumeStep), false
		return volumeEvent(m), nil
	case Mute:
		if m.Muted == c.On {
			if c.On {
				return nil, refuse("The sound is already off.", "已经是静音了。")
			}
			return nil, refuse("The sound is not muted.", "当前没有静音。")
		}
		m.Muted = c.On
		if !c.On && m.Volume == 0 {
			m.Volume = DefaultVolume
		}
		if c.On {
			return []Event{{Kind: "media.volume", Subject: "mute", Text: "Sound muted.", TextZH: "已静音。"}}, nil
		}
		return volumeEvent(m), nil
	case Call:
		if p.State != PhoneIdle {
			return nil, refuse("There is already a call: hang up first.", "正在通话中，请先挂断。")
		}
		who := strings.TrimSpace(c.Contact)
		if who == "" {
			who = strings.TrimSpace(c.Number)
		}
		if who == "" {
			return nil, refuse("Who should I call?", "打给谁？")
		}
		*p = Phone{State: PhoneDialing, Contact: c.Contact, Number: c.Number, SinceMs: nowMs}
		return []Event{{Kind: "phone.call", Subject: who, Text: "Calling " + who + ".", TextZH: "正在呼叫" + who + "。"}}, nil
	case IncomingCall:
		if p.State != PhoneIdle {
			return nil, refuse("The line is busy.", "线路忙。")
		}
		*p = Phone{State: PhoneRinging, Contact: c.Contact, SinceMs: nowMs}
		return []Event{{Kind: "phone.ringing", Subject: c.Contact, Text: "Incoming call from " + c.Contact + ".", TextZH: c.Contact + "来电。"}}, nil
	case Answer:
		if p.State != PhoneRinging {
			return nil, refuse("Nobody is calling.", "当前没有来电。")
		}
		p.State, p.SinceMs = PhoneInCall, nowMs
		return []Event{{Kind: "phone.answer", Subject: p.Contact, Text: "On the line with " + p.Contact + ".", TextZH: "已接通" + p.Contact + "。"}}, nil
	case HangUp:
		if p.State == PhoneIdle {
			return nil, refuse("There is no call to end.", "当前没有通话。")
		}
		who := p.Contact
		if who == "" {
			who = p.Number
		}
		text, zh := "Call with "+who+" ended", "与"+who+"的通话已结束"
		if p.State == PhoneInCall {
			secs := (nowMs - p.SinceMs) / 1000
			text += fmt.Sprintf(" after %d:%02d", secs/60, secs%60)
			zh += fmt.Sprintf("，通话%d分%02d秒", secs/60, secs%60)
		}
		*p = Phone{State: PhoneIdle}
		return []Event{{Kind: "phone.hangup", Subject: who, Text: text + ".", TextZH: zh + "。"}}, nil
	}
	return nil, refuse(fmt.Sprintf("Unknown infotainment command %T.", c), "未知的娱乐系统指令。")
}

func volumeEvent(m *Media) []Event {
	v := strconv.Itoa(m.Volume)
	return []Event{{Kind: "media.volume", Subject: "level", Value: float64(m.Volume), Text: "Volume " + v + ".", TextZH: "音量" + v + "。"}}
}

// Step advances timers: an outgoing call is answered after a few seconds.
// It allocates nothing when nothing happens.
func (s *State) Step(nowMs int64) []Event {
	p := &s.Phone
	if p.State == PhoneDialing && nowMs-p.SinceMs >= answerDelayMs {
		p.State, p.SinceMs = PhoneInCall, nowMs
		who := p.Contact
		if who == "" {
			who = p.Number
		}
		return []Event{{Kind: "phone.answer", Subject: who, Text: who + " answered.", TextZH: who + "已接听。"}}
	}
	return nil
}
