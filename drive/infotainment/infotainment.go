// Package infotainment is the car's media player and phone: what plays,
// how loud, who is on the line. Like the cabin it is state of the simulated
// car, changed by commands from keys, voice and scenarios, with its rules in
// one place, and it reports every change as an event that says what
// happened as a message (drive/msg; the sentences are in
// assets/ui/<lang>/infotainment.yaml).
//
// There is no audio stream or network: a "song" is a title, a call is a
// name and a timer. That is what the HMI needs to show and what voice
// flows need to act on.
package infotainment

import (
	"fmt"
	"strings"

	"github.com/nevsim/cockpit/drive/msg"
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

// Event is a change; Msg says it (an "infotainment.*" key).
type Event struct {
	Kind    string // media.play, media.pause, media.track, media.volume, phone.call, phone.answer, phone.hangup, phone.ringing
	Subject string
	Value   float64
	Msg     msg.Msg
}

// Refusal says why a command cannot be carried out: Msg is the reason
// (an "infotainment.refused.*" key).
type Refusal struct{ Msg msg.Msg }

// Error returns the reason's message key, for logs; front ends render Msg.
func (r *Refusal) Error() string { return "infotainment: " + r.Msg.Key }

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

func refuse(key string, args ...msg.Arg) error { return &Refusal{Msg: msg.New(key, args...)} }

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
				return nil, refuse("infotainment.refused.nothing_to_resume")
			}
			m.Playing = true
			return []Event{{Kind: "media.play", Subject: m.Title, Msg: msg.New("infotainment.media.resumed", msg.Text("title", m.Title))}}, nil
		}
		m.Title, m.Playing, m.Track = c.Query, true, 1
		if c.Source != "" {
			m.Source = c.Source
		}
		return []Event{{Kind: "media.play", Subject: m.Title, Msg: msg.New("infotainment.media.playing", msg.Text("title", m.Title))}}, nil
	case Pause:
		if !m.Playing {
			return nil, refuse("infotainment.refused.nothing_playing")
		}
		m.Playing = false
		return []Event{{Kind: "media.pause", Subject: m.Title, Msg: msg.New("infotainment.media.paused", msg.Text("title", m.Title))}}, nil
	case Skip:
		if m.Title == "" {
			return nil, refuse("infotainment.refused.nothing_playing")
		}
		if c.Delta < 0 && m.Track <= 1 {
			m.Track = 1
			m.Playing = true
			return []Event{{Kind: "media.track", Subject: m.Title, Value: 1, Msg: msg.New("infotainment.media.track_first")}}, nil
		}
		m.Track += c.Delta
		m.Playing = true
		said := msg.New("infotainment.media.track_next", msg.Text("title", m.Title), msg.Int("track", m.Track))
		if c.Delta < 0 {
			said = msg.New("infotainment.media.track_previous", msg.Text("title", m.Title), msg.Int("track", m.Track))
		}
		return []Event{{Kind: "media.track", Subject: m.Title, Value: float64(m.Track), Msg: said}}, nil
	case SetVolume:
		if c.Level < 0 || c.Level > 100 {
			return nil, refuse("infotainment.refused.volume_range", msg.Int("level", c.Level))
		}
		m.Volume, m.Muted = c.Level, false
		return volumeEvent(m), nil
	case StepVolume:
		if c.Delta > 0 && m.Volume >= 100 && !m.Muted {
			return nil, refuse("infotainment.refused.volume_max")
		}
		if c.Delta < 0 && m.Volume <= 0 {
			return nil, refuse("infotainment.refused.volume_zero")
		}
		m.Volume, m.Muted = clampVolume(m.Volume+c.Delta*volumeStep), false
		return volumeEvent(m), nil
	case Mute:
		if m.Muted == c.On {
			if c.On {
				return nil, refuse("infotainment.refused.already_muted")
			}
			return nil, refuse("infotainment.refused.not_muted")
		}
		m.Muted = c.On
		if !c.On && m.Volume == 0 {
			m.Volume = DefaultVolume
		}
		if c.On {
			return []Event{{Kind: "media.volume", Subject: "mute", Msg: msg.New("infotainment.media.muted")}}, nil
		}
		return volumeEvent(m), nil
	case Call:
		if p.State != PhoneIdle {
			return nil, refuse("infotainment.refused.call_in_progress")
		}
		who := strings.TrimSpace(c.Contact)
		if who == "" {
			who = strings.TrimSpace(c.Number)
		}
		if who == "" {
			return nil, refuse("infotainment.refused.call_whom")
		}
		*p = Phone{State: PhoneDialing, Contact: c.Contact, Number: c.Number, SinceMs: nowMs}
		return []Event{{Kind: "phone.call", Subject: who, Msg: msg.New("infotainment.phone.calling", msg.Text("who", who))}}, nil
	case IncomingCall:
		if p.State != PhoneIdle {
			return nil, refuse("infotainment.refused.line_busy")
		}
		*p = Phone{State: PhoneRinging, Contact: c.Contact, SinceMs: nowMs}
		return []Event{{Kind: "phone.ringing", Subject: c.Contact, Msg: msg.New("infotainment.phone.ringing", msg.Text("who", c.Contact))}}, nil
	case Answer:
		if p.State != PhoneRinging {
			return nil, refuse("infotainment.refused.nobody_calling")
		}
		p.State, p.SinceMs = PhoneInCall, nowMs
		return []Event{{Kind: "phone.answer", Subject: p.Contact, Msg: msg.New("infotainment.phone.answered", msg.Text("who", p.Contact))}}, nil
	case HangUp:
		if p.State == PhoneIdle {
			return nil, refuse("infotainment.refused.no_call")
		}
		who := p.Contact
		if who == "" {
			who = p.Number
		}
		said := msg.New("infotainment.phone.ended", msg.Text("who", who))
		if p.State == PhoneInCall {
			secs := (nowMs - p.SinceMs) / 1000
			// The seconds of the call timer always have two digits (1:05).
			said = msg.New("infotainment.phone.ended_after", msg.Text("who", who),
				msg.Int("min", int(secs/60)), msg.Text("sec", fmt.Sprintf("%02d", secs%60)))
		}
		*p = Phone{State: PhoneIdle}
		return []Event{{Kind: "phone.hangup", Subject: who, Msg: said}}, nil
	}
	return nil, refuse("infotainment.refused.unknown_command", msg.Text("command", fmt.Sprintf("%T", c)))
}

func volumeEvent(m *Media) []Event {
	return []Event{{Kind: "media.volume", Subject: "level", Value: float64(m.Volume), Msg: msg.New("infotainment.media.volume", msg.Int("level", m.Volume))}}
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
		return []Event{{Kind: "phone.answer", Subject: who, Msg: msg.New("infotainment.phone.picked_up", msg.Text("who", who))}}
	}
	return nil
}
