package sim

import (
	"github.com/nevsim/cockpit/drive/msg"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/parking"
)

// The safety rules that ask the driver to confirm live here, once, for every
// input path: a key, a click, the voice assistant and a scenario all send
// the same command, the drive loop holds it and asks (State.Confirm), and
// only a Confirm applies it. The voice assistant asks its own question with
// NeedsConfirmation, the same rule, and confirms for the driver when they
// say yes.

// ConfirmKind names what the drive loop asks the driver to confirm.
type ConfirmKind string

// What needs a confirmation.
const (
	ConfirmNone ConfirmKind = ""
	// ConfirmEngageL3: engaging conditional automation (UN R157 5.1.7:
	// the driver's deliberate action) hands the driving task to the car.
	ConfirmEngageL3 ConfirmKind = "engage_l3"
	// ConfirmRemotePark: starting remote parking moves the car with
	// nobody in the driver's seat (ISO 20900's remote-controlled parking
	// asks for a confirmation before the hold-to-move control works).
	ConfirmRemotePark ConfirmKind = "remote_park"
	// ConfirmWindowAtSpeed: opening a window above WindowConfirmKmh
	// (buffeting, things blown out, a child's arm at speed).
	ConfirmWindowAtSpeed ConfirmKind = "window_at_speed"
)

// WindowConfirmKmh is the speed above which opening a window is confirmed.
const WindowConfirmKmh = 80

// ConfirmTimeout is how long a question waits for an answer before the
// command is dropped, as production HMIs let a prompt lapse.
const ConfirmTimeout = Millis(15 * 1000)

// Confirm answers the drive loop's question (State.Confirm): Yes applies the
// command it holds, No drops it. With no question pending it does nothing.
type Confirm struct{ Yes bool }

func (Confirm) command() {}

// Confirmation is the question the drive loop asks, if any.
type Confirmation struct {
	// Kind is what is asked (ConfirmNone: nothing).
	Kind ConfirmKind
	// Since is when the question was asked.
	Since Millis
}

// NeedsConfirmation is the rule: whether command c, given now, must be
// confirmed by the driver before the car acts on it.
func NeedsConfirmation(c Command, st *State) ConfirmKind {
	switch c := c.(type) {
	case Engage:
		if c.Level == automation.LevelL3 {
			return ConfirmEngageL3
		}
	case RemotePark:
		if c.Command == parking.RemotePark || c.Command == parking.RemoteParkOut {
			return ConfirmRemotePark
		}
	case CabinCommand:
		if w, ok := c.Command.(cabin.SetWindow); ok && (w.OpenPct > 0 || w.Vent) && st.Vehicle.SpeedMps*3.6 > WindowConfirmKmh {
			return ConfirmWindowAtSpeed
		}
	}
	return ConfirmNone
}

// The events of a confirmation.
const (
	// EventConfirmRequested: a command waits for the driver's
	// confirmation. Subject: the ConfirmKind.
	EventConfirmRequested EventKind = "confirm.requested"
	// EventConfirmAccepted: confirmed; the command is applied now.
	EventConfirmAccepted EventKind = "confirm.accepted"
	// EventConfirmDeclined: the driver said no; the command is dropped.
	EventConfirmDeclined EventKind = "confirm.declined"
	// EventConfirmExpired: nobody answered within ConfirmTimeout, or
	// another request replaced it; the command is dropped.
	EventConfirmExpired EventKind = "confirm.expired"
)

// command applies one command through the confirmation rule.
func (s *Sim) command(c Command) {
	st := &s.st
	switch c := c.(type) {
	case Confirm:
		s.answer(c.Yes)
		return
	case RemotePark:
		// The phone's hold state while remote parking waits for its
		// confirmation: confirming later never starts a move nobody holds.
		if held, ok := s.held.(RemotePark); ok && c.Command == parking.RemoteNone {
			held.Held, held.DistanceM = c.Held, c.DistanceM
			s.held = held
		}
	}
	kind := NeedsConfirmation(c, st)
	if kind == ConfirmNone {
		s.apply(c)
		return
	}
	if s.held != nil {
		s.expire("replaced")
	}
	s.held = c
	st.Confirm = Confirmation{Kind: kind, Since: st.Time}
	s.events = append(s.events, Event{At: st.Time, Kind: EventConfirmRequested, Subject: string(kind),
		Msg: msg.New("sim.confirm.asked." + string(kind))})
}

// answer applies or drops the held command.
func (s *Sim) answer(yes bool) {
	st := &s.st
	if s.held == nil {
		return
	}
	c, kind := s.held, st.Confirm.Kind
	s.held, st.Confirm = nil, Confirmation{}
	if !yes {
		s.events = append(s.events, Event{At: st.Time, Kind: EventConfirmDeclined, Subject: string(kind),
			Msg: msg.New("sim.confirm.declined")})
		return
	}
	s.events = append(s.events, Event{At: st.Time, Kind: EventConfirmAccepted, Subject: string(kind), Msg: msg.New("sim.confirm.accepted")})
	s.apply(c)
}

// expire drops an unanswered question.
func (s *Sim) expire(why string) {
	st := &s.st
	kind := st.Confirm.Kind
	s.held, st.Confirm = nil, Confirmation{}
	s.events = append(s.events, Event{At: st.Time, Kind: EventConfirmExpired, Subject: string(kind),
		Msg: msg.New("sim.confirm.expired", msg.Term("why", "sim.confirm.why."+why))})
}

// checkConfirm lets an unanswered question lapse.
func (s *Sim) checkConfirm() {
	if s.held != nil && s.st.Time-s.st.Confirm.Since >= ConfirmTimeout {
		s.expire("timeout")
	}
}
