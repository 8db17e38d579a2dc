package assistant

import (
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

// The voice assistant asks "are you sure?" exactly when the car would: it
// turns a resolved voice command into the commands it would send and asks
// the drive loop's rule (sim.NeedsConfirmation). When the driver says yes
// to the assistant, it confirms for them (sim.Confirm), so the car does not
// ask a second time; when the car asks by itself (the L3 button, a tap),
// a bare yes or no answers the car.

// NeedsConfirm reports whether the car wants a yes before it acts on c,
// said from seat zone in state st.
func NeedsConfirm(c voice.Command, zone string, st *sim.State) bool {
	for _, cmd := range carCommands(c, zone) {
		if sim.NeedsConfirmation(cmd, st) != sim.ConfirmNone {
			return true
		}
	}
	return false
}

// carCommands are the commands c would send that a confirmation rule may
// concern: engaging, remote parking, the cabin's.
func carCommands(c voice.Command, zone string) []sim.Command {
	switch c.Intent {
	case voice.IntentAssistEngage:
		return []sim.Command{sim.Engage{Level: engageLevel(c)}}
	case voice.IntentParkRemote:
		return []sim.Command{sim.RemotePark{Command: parking.RemotePark}}
	}
	if cmds, ok := cabinCommands(c, zone); ok {
		return wrap(cmds)
	}
	return nil
}

// engageLevel is the level an assist.engage command asks for: L3 when said
// ("L3", "自动驾驶"), else the L2 assistance.
func engageLevel(c voice.Command) automation.Level {
	if c.Slots["mode"] == "l3" {
		return automation.LevelL3
	}
	return automation.LevelL2
}

// needsConfirm is the voice session's rule, in the state the utterance is
// heard in.
func (a *Assistant) needsConfirm(c voice.Command, ctx voice.Context) bool {
	st := a.heardIn
	if st == nil {
		st = &sim.State{}
	}
	zone := a.zone
	if ctx.Zone != "" {
		zone = ctx.Zone
	}
	return NeedsConfirm(c, zone, st)
}

// confirmFor adds the driver's yes after each command that needs one: the
// assistant asked and the driver said yes.
func confirmFor(cmds []sim.Command, st *sim.State) []sim.Command {
	out := make([]sim.Command, 0, len(cmds)+1)
	for _, c := range cmds {
		out = append(out, c)
		if sim.NeedsConfirmation(c, st) != sim.ConfirmNone {
			out = append(out, sim.Confirm{Yes: true})
		}
	}
	return out
}

// answered words the reply to a yes or no said to the car's own question,
// from what the step did.
func (a *Assistant) answered(o *outcomes, pt part) string {
	say := func(key string) string { return a.phrases.say(o.lang, key) }
	switch {
	case o.take(func(e *sim.Event) bool { return e.Kind == sim.EventConfirmDeclined }) != nil:
		return say("car_declined")
	case o.take(func(e *sim.Event) bool { return e.Kind == sim.EventConfirmAccepted }) == nil:
		return say("car_nothing_asked")
	}
	if e := o.take(func(e *sim.Event) bool { return e.Kind == automation.EventRefused }); e != nil {
		return a.refusal(o, e)
	}
	if o.saw(automation.EventEngaged) != nil {
		engage := voice.Command{Intent: voice.IntentAssistEngage, Slots: map[string]any{"mode": "l3"}}
		return joinSentences(a.session.Done(o.lang, engage))
	}
	for _, k := range []sim.EventKind{sim.EventCommandRejected, parking.EvRemoteRefused} {
		if e := o.take(func(e *sim.Event) bool { return e.Kind == k }); e != nil {
			return a.refusal(o, e)
		}
	}
	return say("car_confirmed")
}

// asked words the car's question when it held one of the utterance's
// commands (the assistant did not ask first): its own sentence.
func (a *Assistant) asked(o *outcomes) string {
	e := o.take(func(e *sim.Event) bool { return e.Kind == sim.EventConfirmRequested })
	if e == nil {
		return ""
	}
	return a.phrases.say(o.lang, "car_asks_"+e.Subject)
}

// asks reports whether cmds hold a command of a kind the car may ask to
// confirm, without a confirmation after it.
func asks(cmds []sim.Command) bool {
	for i, c := range cmds {
		switch c.(type) {
		case sim.Engage, sim.RemotePark, sim.CabinCommand:
			if i+1 >= len(cmds) || cmds[i+1] != (sim.Confirm{Yes: true}) {
				return true
			}
		}
	}
	return false
}
