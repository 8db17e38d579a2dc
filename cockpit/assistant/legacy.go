package assistant

import (
	"errors"
	"fmt"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/sim"
)

// Say implements scenario.Voice: the reply text and the commands, worded
// before the car acts (see Handle).
func (a *Assistant) Say(text string, st *sim.State) (string, []sim.Command) {
	r := a.Handle(text, st)
	return r.Text, r.Commands
}

// Handle understands one utterance and words its reply at once, for a
// caller that cannot wait for the step: refusals are foreseen by trying
// the cabin and media commands on a copy of the car, and the automation's
// answers are read from its state now. Hear and Reply say what the car
// did instead.
func (a *Assistant) Handle(text string, st *sim.State) Reply {
	h := a.Hear(text, st)
	n := h.Pending.(*note)
	rep := a.reply(h, foresee(h.Commands, st), st, false)
	r := Reply{Text: rep.Text, Lang: rep.Lang, Commands: h.Commands, Awaiting: n.awaiting, Understood: n.understood}
	for _, u := range h.UI {
		r.UI = append(r.UI, UIAction{Kind: u.Kind, Value: u.Value, Results: u.Places})
	}
	return r
}

// foresee tries the cabin and media commands on copies of the cabin and
// the infotainment and returns the command.rejected events the car would
// give for them.
func foresee(cmds []sim.Command, st *sim.State) []sim.Event {
	var evs []sim.Event
	cab, info := st.Cabin, st.Infotainment
	ctx := cabin.Context{SpeedKmh: st.Vehicle.SpeedMps * 3.6, OutsideTempC: st.Conditions.OutsideTempC, Night: st.Conditions.Night, Now: int64(st.Time)}
	for _, c := range cmds {
		var err error
		subject := "infotainment"
		switch c := c.(type) {
		case sim.CabinCommand:
			_, err = cab.Apply(c.Command, ctx)
			subject = fmt.Sprintf("%T", c.Command)
		case sim.MediaCommand:
			_, err = info.Apply(c.Command, int64(st.Time))
		}
		if err == nil {
			continue
		}
		e := sim.Event{At: st.Time, Kind: sim.EventCommandRejected, Subject: subject,
			Msg: msg.New("sim.rejected.failed", msg.Text("why", err.Error()))}
		var cr *cabin.Refusal
		var ir *infotainment.Refusal
		switch {
		case errors.As(err, &cr):
			e.Msg = cr.Msg
		case errors.As(err, &ir):
			e.Msg = ir.Msg
		}
		evs = append(evs, e)
	}
	return evs
}
