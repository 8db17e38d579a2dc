// Package playback plays a scenario's scripted events inside the cockpit:
// weather changes, incidents, cut-ins, the scripted driver's body and
// pedals, utterances and notes, fired by the same triggers as a headless
// `cockpit run` (time, distance driven, a place passed, a delay after
// another event).
//
// It mirrors the trigger rules of drive/scenario's runner, which keeps them
// unexported; once that package exports a stepper this one should become
// a thin wrapper around it.
package playback

import (
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// Actions is what fires before one simulation step.
type Actions struct {
	Commands []sim.Command
	// Driver actions in the order they fired.
	Driver []*scenario.DriverAction
	Say    []string
	Notes  []string
}

// Empty reports whether nothing fired.
func (a *Actions) Empty() bool {
	return len(a.Commands) == 0 && len(a.Driver) == 0 && len(a.Say) == 0 && len(a.Notes) == 0
}

// Player steps through one scenario's events. It is not safe for
// concurrent use; the cockpit calls it from Update only.
type Player struct {
	sc    *scenario.Scenario
	fired []bool
	due   []sim.Millis // after-event triggers: when they fire; -1 = not yet
	nodes []world.NodeID
	left  int
}

// New prepares the scenario's events; m is the scenario's map (for places).
func New(sc *scenario.Scenario, m *world.Map) *Player {
	p := &Player{sc: sc, fired: make([]bool, len(sc.Events)), due: make([]sim.Millis, len(sc.Events)),
		nodes: make([]world.NodeID, len(sc.Events)), left: len(sc.Events)}
	for i := range p.due {
		p.due[i] = -1
		if ev := &sc.Events[i]; ev.Trigger == scenario.AtPlace && m != nil {
			if pl, err := m.Place(ev.Place); err == nil {
				p.nodes[i] = pl.Node
			}
		}
	}
	return p
}

// Name is the scenario's name.
func (p *Player) Name() string { return p.sc.Name }

// Remaining is how many scripted events have not fired yet.
func (p *Player) Remaining() int { return p.left }

// Before returns the events that fire before the step that will advance
// the drive from st.Time to st.Time+sim.Step.
func (p *Player) Before(st *sim.State) Actions {
	var a Actions
	if p.left == 0 {
		return a
	}
	next := st.Time + sim.Step
	for i := range p.sc.Events {
		ev := &p.sc.Events[i]
		if p.fired[i] || !p.triggered(i, ev, st, next) {
			continue
		}
		p.fired[i] = true
		p.left--
		a.Commands = append(a.Commands, ev.Commands...)
		if ev.Driver != nil {
			a.Driver = append(a.Driver, ev.Driver)
		}
		if ev.Say != "" {
			a.Say = append(a.Say, ev.Say)
		}
		if ev.Note != "" {
			a.Notes = append(a.Notes, ev.Note)
		}
	}
	return a
}

// Observe arms the events that fire a delay after a drive event.
func (p *Player) Observe(ev sim.Event) {
	for i := range p.sc.Events {
		e := &p.sc.Events[i]
		if e.Trigger == scenario.AfterEvent && p.due[i] < 0 && !p.fired[i] && e.After.Matches(ev) {
			p.due[i] = ev.At + e.Delay
		}
	}
}

func (p *Player) triggered(i int, ev *scenario.Event, st *sim.State, next sim.Millis) bool {
	switch ev.Trigger {
	case scenario.AtTime:
		return next >= ev.At
	case scenario.AtDistance:
		return st.Vehicle.OdometerM >= ev.DistanceM
	case scenario.AtPlace:
		node := p.nodes[i]
		if st.Route == nil || node == "" {
			return false
		}
		if st.Arrived && st.Route.To == node {
			return true
		}
		d, ok := st.Route.DistanceTo(node)
		return ok && st.RouteM >= d
	case scenario.AfterEvent:
		return p.due[i] >= 0 && next >= p.due[i]
	}
	return false
}
