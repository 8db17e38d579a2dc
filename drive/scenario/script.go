package scenario

import (
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// Script plays a scenario's events step by step: it decides which fire
// before each step (at a time, after a distance, at a place, a delay after
// another event) and keeps the scripted driver's pedal and steering inputs
// running for their duration. Run uses it headlessly and the cockpit uses it
// to play a scenario on screen, so both follow the same rules.
type Script struct {
	sc    *Scenario
	fired []bool
	due   []sim.Millis // after-event triggers: when they fire; -1 = not yet
	left  int

	brake, accel float64
	pedalUntil   sim.Millis
	steerUntil   sim.Millis
	// steerNm is a torque on the wheel until steerNmUntil; phone is the
	// remote-parking phone's levels, kept between phone actions.
	steerNm      float64
	steerNmUntil sim.Millis
	phone        sim.RemotePark
}

// Fired is what a step's events ask of the caller besides the drive loop's
// inputs: utterances for the voice assistant and notes for the reader.
type Fired struct {
	Say   []string
	Notes []string
}

// NewScript prepares the scenario's events.
func NewScript(sc *Scenario) *Script {
	p := &Script{sc: sc, fired: make([]bool, len(sc.Events)), due: make([]sim.Millis, len(sc.Events)), left: len(sc.Events)}
	for i := range p.due {
		p.due[i] = -1
	}
	return p
}

// Remaining is how many scripted events have not fired yet.
func (p *Script) Remaining() int { return p.left }

// Next returns the inputs of the step that advances the drive from st.Time
// by sim.Step: the commands of the events that fire, the driver's body
// (driver is updated by the scripted driver actions; pass the caller's own
// state so keys and script act on the same driver) and the scripted pedals,
// steering and lane change.
func (p *Script) Next(st *sim.State, driver *sim.DriverState) (sim.Inputs, Fired) {
	var in sim.Inputs
	var f Fired
	next := st.Time + sim.Step
	for i := range p.sc.Events {
		ev := &p.sc.Events[i]
		if p.fired[i] || !p.triggered(i, ev, st, next) {
			continue
		}
		p.fired[i] = true
		p.left--
		for _, c := range ev.Commands {
			in.Commands = append(in.Commands, c)
			if sim.NeedsConfirmation(c, st) != sim.ConfirmNone {
				// The scripted driver confirms what they ask for, as a
				// driver answers the question the car asks.
				in.Commands = append(in.Commands, sim.Confirm{Yes: true})
			}
		}
		if a := ev.Driver; a != nil {
			a.Apply(driver)
			if a.Brake != nil || a.Accel != nil {
				p.brake, p.accel = 0, 0
				if a.Brake != nil {
					p.brake = *a.Brake
				}
				if a.Accel != nil {
					p.accel = *a.Accel
				}
				p.pedalUntil = next + a.For
			}
			if a.Steer {
				p.steerUntil = next + a.For
			}
			if a.LaneChange != 0 {
				in.LaneChange = a.LaneChange
			}
			if a.SteerNm != nil {
				p.steerNm, p.steerNmUntil = *a.SteerNm, next+a.For
			}
		}
		if ph := ev.Phone; ph != nil {
			p.phone.Command = ph.Command
			setBool(&p.phone.Held, ph.Held)
			if ph.DistanceM != nil {
				p.phone.DistanceM = *ph.DistanceM
			}
			in.Commands = append(in.Commands, p.phone)
			if sim.NeedsConfirmation(p.phone, st) != sim.ConfirmNone {
				in.Commands = append(in.Commands, sim.Confirm{Yes: true}) // confirmed on the phone
			}
			p.phone.Command = parking.RemoteNone
		}
		for _, set := range ev.Sets {
			in.Commands = p.applySet(set, st, driver, in.Commands, &f)
		}
		if ev.Say != "" {
			f.Say = append(f.Say, ev.Say)
		}
		if ev.Note != "" {
			f.Notes = append(f.Notes, ev.Note)
		}
	}
	in.Driver = *driver
	if next <= p.pedalUntil {
		in.Accel, in.Brake = p.accel, p.brake
	}
	in.Steer = next <= p.steerUntil
	if next <= p.steerNmUntil {
		in.SteerTorqueNm = p.steerNm
	}
	return in, f
}

// applySet resolves a signal write into commands (and the scripted
// driver's body) in the state it fires in, as a VISS client's write is;
// the scripted driver confirms what it asks for. A write the car cannot
// take now (an answer with no question) becomes a note saying so.
func (p *Script) applySet(set SignalSet, st *sim.State, driver *sim.DriverState, cmds []sim.Command, f *Fired) []sim.Command {
	if p.sc.Signals == nil {
		return cmds
	}
	w, err := p.sc.Signals.Set(set.Path, set.Value, st)
	if err != nil {
		f.Notes = append(f.Notes, err.Error())
		return cmds
	}
	if w.Driver != nil {
		*driver = *w.Driver
	}
	for _, c := range w.Commands {
		cmds = append(cmds, c)
		if sim.NeedsConfirmation(c, st) != sim.ConfirmNone {
			cmds = append(cmds, sim.Confirm{Yes: true})
		}
	}
	return cmds
}

// Observe arms the events that fire a delay after a drive event; call it
// with every event of every step.
func (p *Script) Observe(ev sim.Event) {
	for i := range p.sc.Events {
		e := &p.sc.Events[i]
		if e.Trigger == AfterEvent && p.due[i] < 0 && !p.fired[i] && e.After.Matches(ev) {
			p.due[i] = ev.At + e.Delay
		}
	}
}

func (p *Script) triggered(i int, ev *Event, st *sim.State, next sim.Millis) bool {
	switch ev.Trigger {
	case AtTime:
		return next >= ev.At
	case AtDistance:
		return st.Vehicle.OdometerM >= ev.DistanceM
	case AtPlace:
		if st.Route == nil {
			return false
		}
		if st.Arrived && st.Route.To == ev.placeNode {
			return true
		}
		d, ok := st.Route.DistanceTo(ev.placeNode)
		return ok && st.RouteM >= d
	case AfterEvent:
		return p.due[i] >= 0 && next >= p.due[i]
	}
	return false
}

// Apply changes a driver's body as the action says; pedal and steering
// inputs are the Script's to time.
func (a *DriverAction) Apply(d *sim.DriverState) {
	setBool(&d.HandsOnWheel, a.HandsOnWheel)
	setBool(&d.EyesOnRoad, a.EyesOnRoad)
	setBool(&d.BeltOn, a.BeltOn)
	setBool(&d.Seated, a.Seated)
	setBool(&d.Phone, a.Phone)
	setBool(&d.EyesClosed, a.EyesClosed)
}

// PlaceNode is the map node of an AtPlace event ("" otherwise).
func (e *Event) PlaceNode() world.NodeID { return e.placeNode }
