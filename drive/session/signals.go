package session

import (
	"errors"

	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// ErrNoSignals: the session was set up without a signal catalogue.
var ErrNoSignals = errors.New("session: no signal catalogue (Setup.Signals)")

// SetID names one signal write, so the front end that made it (a VISS
// client's request, the inspector) can match it with its result.
type SetID uint64

// SetResult is what the car did with one signal write, known after the
// step that applied it: Refusal is the event by which a rule of the car
// refused it (a command.rejected, an engagement refused, a route that
// failed), nil when the car carried it out; Done is the first event the
// write caused otherwise (the seat heating at level 2, a question the car
// asks before it acts), so a front end says what the car did.
type SetResult struct {
	ID      SetID
	Path    string
	Refusal *sim.Event
	Done    *sim.Event
}

// pendingSet is a write whose commands wait for the next step: they are
// the step's commands first+1 .. first+n (Event.Cause counts from 1).
type pendingSet struct {
	id       SetID
	path     string
	first, n int
}

// Signals is the session's signal catalogue (nil without one).
func (s *Session) Signals() *signal.Catalog { return s.setup.Signals }

// ReadSignals appends every signal's value after the last step, in
// catalogue order, to dst[:0] (nil without a catalogue).
func (s *Session) ReadSignals(dst []any) []any {
	if s.setup.Signals == nil {
		return dst[:0]
	}
	return s.setup.Signals.Read(s.sim.State(), dst)
}

// SetSignal writes an actuator: the catalogue turns it into the commands
// a key or an utterance gives (and, for the simulated driver's body, a
// change of the body), which the session queues and records like any
// other input, so the same rules apply and a replay repeats it. A wrong
// path, a sensor or a bad value is refused at once with a *signal.Error;
// the car's rules answer after the next step, in Output.Sets.
func (s *Session) SetSignal(id SetID, path string, value any) error {
	if s.setup.Signals == nil {
		return ErrNoSignals
	}
	w, err := s.setup.Signals.Set(path, value, s.sim.State())
	if err != nil {
		return err
	}
	if w.Driver != nil {
		s.SetDriver(*w.Driver)
	}
	s.sets = append(s.sets, pendingSet{id: id, path: path, first: len(s.pending), n: len(w.Commands)})
	s.Command(w.Commands...)
	return nil
}

// settle reports this step's writes with what the car did with them.
func (s *Session) settle(sets []pendingSet, evs []sim.Event) {
	for _, p := range sets {
		r := SetResult{ID: p.id, Path: p.path}
		for i := range evs {
			if c := evs[i].Cause; c <= p.first || c > p.first+p.n {
				continue
			}
			ev := evs[i]
			if ev.Kind.Refuses() {
				r.Refusal, r.Done = &ev, nil
				break
			}
			if r.Done == nil {
				r.Done = &ev
			}
		}
		s.out.Sets = append(s.out.Sets, r)
	}
}

// Control applies one of the simulator's run-time controls now: its
// signal writes and commands, queued for the next step and recorded like
// any input, so the replay timeline shows them. After that step
// Output.Sets has a result under id for each write and one (Path: the
// control's id) for its commands, so the front end says what the car or
// the world did, or what refused it.
func (s *Session) Control(id SetID, c *scenario.Control) error {
	for _, set := range c.Action.Sets {
		if err := s.SetSignal(id, set.Path, set.Value); err != nil {
			return err
		}
	}
	if len(c.Action.Commands) > 0 {
		s.sets = append(s.sets, pendingSet{id: id, path: c.ID, first: len(s.pending), n: len(c.Action.Commands)})
		s.Command(c.Action.Commands...)
	}
	return nil
}
