package session

import (
	"slices"

	"github.com/nevsim/cockpit/drive/sim"
)

// InputKind names one kind of input a front end gives a session.
type InputKind string

// The inputs, as a recording names them.
const (
	// InputPedals: the accelerator and brake held at Accel, Brake.
	InputPedals InputKind = "pedals"
	// InputSteer: a steering input held (Steer) with TorqueNm.
	InputSteer InputKind = "steer"
	// InputLane: a lane change asked for (Lane -1 left, +1 right).
	InputLane InputKind = "lane"
	// InputDriver: the driver's body changed to Driver.
	InputDriver InputKind = "driver"
	// InputCommand: a command for the drive loop (Command).
	InputCommand InputKind = "command"
	// InputSay: an utterance for the voice layer (Text).
	InputSay InputKind = "say"
	// InputSee: the labels on screen changed (Labels).
	InputSee InputKind = "see"
)

// Input is one input as the session received it, stamped with the instant
// it arrived: the state's time, so it acts in the step from At to
// At+sim.Step. Only the fields of its Kind are set.
type Input struct {
	At       sim.Millis
	Kind     InputKind
	Accel    float64
	Brake    float64
	Steer    bool
	TorqueNm float64
	Lane     int
	Driver   sim.DriverState
	Command  sim.Command
	Text     string
	Labels   []Label
}

// logInput keeps an input for the recording, stamped now.
func (s *Session) logInput(in Input) {
	in.At = s.sim.State().Time
	s.inputs = append(s.inputs, in)
}

// Inputs are every input the session has had, in order.
func (s *Session) Inputs() []Input { return s.inputs }

// apply gives a recorded input to the session as a front end would.
func (s *Session) apply(in Input) {
	switch in.Kind {
	case InputPedals:
		s.SetPedals(in.Accel, in.Brake)
	case InputSteer:
		s.SetSteer(in.Steer, in.TorqueNm)
	case InputLane:
		s.ChangeLane(in.Lane)
	case InputDriver:
		s.SetDriver(in.Driver)
	case InputCommand:
		s.Command(in.Command)
	case InputSay:
		// Answered at once (or never): this step's Output shows it, as a
		// live front end shows Say's answer.
		if t := s.say(in.Text, true); t.Reply != nil || s.voice == nil {
			s.out.Turns = append(s.out.Turns, t)
		}
	case InputSee:
		s.See(in.Labels)
	}
}

// playDue applies the recorded inputs of this instant.
func (s *Session) playDue() {
	now := s.sim.State().Time
	for len(s.schedule) > 0 && s.schedule[0].At <= now {
		in := s.schedule[0]
		s.schedule = s.schedule[1:]
		s.apply(in)
	}
}

// TakeOver ends a replay at the current instant: the recorded inputs still
// to come are dropped and the session is live, driven by the front end
// from this state on (a drill branched from the moment it was failed).
func (s *Session) TakeOver() {
	s.replay = false
	s.schedule = nil
}

func cloneLabels(ls []Label) []Label {
	out := make([]Label, len(ls))
	for i, l := range ls {
		out[i] = Label{Text: l.Text, Intent: l.Intent}
		if l.Slots != nil {
			out[i].Slots = make(map[string]string, len(l.Slots))
			for k, v := range l.Slots {
				out[i].Slots[k] = v
			}
		}
	}
	return slices.Clip(out)
}
