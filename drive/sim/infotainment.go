package sim

import (
	"errors"

	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/msg"
)

// MediaCommand changes the media player or the phone (play, pause, volume,
// call, answer, hang up). A refusal becomes a command.rejected event whose
// Msg is the reason.
type MediaCommand struct{ Command infotainment.Command }

func (MediaCommand) command() {}

func (s *Sim) applyInfotainment(c MediaCommand) {
	st := &s.st
	evs, err := st.Infotainment.Apply(c.Command, int64(st.Time))
	if err != nil {
		e := Event{At: st.Time, Kind: EventCommandRejected, Subject: "infotainment"}
		var r *infotainment.Refusal
		if errors.As(err, &r) {
			e.Msg = r.Msg
		} else {
			e.Msg = msg.New("sim.rejected.failed", msg.Text("why", err.Error()))
		}
		s.events = append(s.events, e)
		return
	}
	s.infotainmentEvents(evs)
}

func (s *Sim) infotainmentEvents(evs []infotainment.Event) {
	for _, e := range evs {
		s.events = append(s.events, Event{At: s.st.Time, Kind: EventKind(e.Kind), Subject: e.Subject, Value: round2(e.Value), Msg: e.Msg})
	}
}
