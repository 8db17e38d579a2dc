package assistant

import (
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

// Voice is the assistant as the drive session's voice layer.
func (a *Assistant) Voice() session.Voice { return handleVoice{a} }

// handleVoice adapts Handle to session.Voice: the reply is worded when the
// utterance is understood and said once the car has applied its commands.
type handleVoice struct{ a *Assistant }

func (v handleVoice) Hear(text string, st *sim.State) session.Heard {
	r := v.a.Handle(text, st)
	h := session.Heard{Text: text, Lang: r.Lang, Commands: r.Commands, Awaiting: r.Awaiting != voice.AwaitNothing, Pending: r.Text}
	for _, u := range r.UI {
		h.UI = append(h.UI, session.UIAction{Kind: u.Kind, Value: u.Value, Places: u.Results})
	}
	return h
}

func (v handleVoice) Reply(h session.Heard, _ []sim.Event, _ *sim.State) session.Reply {
	text, _ := h.Pending.(string)
	return session.Reply{Text: text, Lang: h.Lang}
}

func (v handleVoice) See(labels []session.Label) { v.a.SetLabels(VoiceLabels(labels)) }

// VoiceLabels turns the session's see-and-say labels into the parser's.
func VoiceLabels(labels []session.Label) []voice.Label {
	out := make([]voice.Label, 0, len(labels))
	for _, l := range labels {
		slots := make(map[string]any, len(l.Slots))
		for k, s := range l.Slots {
			slots[k] = s
		}
		out = append(out, voice.Label{Text: l.Text, Command: voice.Command{Intent: l.Intent, Slots: slots}})
	}
	return out
}

// Sayable lists the visible labels the assistant accepts.
func (v handleVoice) Sayable() []string { return v.a.Sayable() }
