package population

import (
	"errors"
	"fmt"
	"math"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// Drill is a drill prepared for the population: its scenario with the
// scripted driver's answer to the takeover request removed (the setup
// before the request stays: engaging, hands off, the phone task; so do
// the world's events and what the script does after the takeover, such as
// the roadworks drill's lane change), and the kind of first input the
// scripted driver gave, which the simulated driver gives at its own time.
type Drill struct {
	// Name is the drill's file name without .yaml ("01-planned-exit"):
	// it seeds the drivers.
	Name     string
	Scenario *scenario.Scenario
	Input    Input
}

// Input is a first steering or pedal input and how long it is held.
type Input struct {
	Steer        bool
	Brake, Accel float64
	For          sim.Millis
}

// ErrNoRequest: the drill is not one an L3 takeover request is answered
// in (an L2 or a manual drill), so a population has nothing to react to.
var ErrNoRequest = errors.New("not an L3 takeover drill (no scripted answer to automation.takeover_requested)")

// defaultInput is the first input when the script gives none: a turn of
// the wheel for a second, as drill 1's driver.
var defaultInput = Input{Steer: true, For: 1000}

// Prepare readies a drill scenario for the population. It refuses a
// scenario that is not an L3 drill with a scripted answer to the request.
func Prepare(name string, sc *scenario.Scenario) (*Drill, error) {
	if sc == nil || sc.Drill == nil {
		return nil, fmt.Errorf("%s: not a drill", name)
	}
	if sc.Drill.Level != "l3" {
		return nil, fmt.Errorf("%s: %w (level %s)", name, ErrNoRequest, sc.Drill.Level)
	}
	cp := *sc
	cp.Events = make([]scenario.Event, 0, len(sc.Events))
	in, found, dropped := defaultInput, false, 0
	for _, ev := range sc.Events {
		if !answersRequest(&ev) {
			cp.Events = append(cp.Events, ev)
			continue
		}
		dropped++
		if a := ev.Driver; a != nil && !found && (a.Steer || a.Brake != nil || a.Accel != nil) {
			found = true
			in = Input{Steer: a.Steer, For: max(a.For, sim.Step)}
			if a.Brake != nil {
				in.Brake = *a.Brake
			}
			if a.Accel != nil {
				in.Accel = *a.Accel
			}
		}
	}
	if dropped == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrNoRequest)
	}
	return &Drill{Name: name, Scenario: &cp, Input: in}, nil
}

// answersRequest reports whether a scripted event is the scripted driver's
// answer to the takeover request: its body, pedals, steering or words a
// delay after the request or its escalation.
func answersRequest(ev *scenario.Event) bool {
	if ev.Trigger != scenario.AfterEvent {
		return false
	}
	switch ev.After.Kind {
	case automation.EventTakeoverRequested, automation.EventTakeoverEscalated:
	default:
		return false
	}
	return ev.Driver != nil || ev.Say != "" || ev.Phone != nil
}

// Outcome is one drive of a drill by one simulated driver.
type Outcome struct {
	Driver Driver
	// Work is what the driver had to do (zero when no request came).
	Work Work
	// Phone: the driver was on the phone task at the request.
	Phone bool
	// Requested: the car asked for the driver; RequestAtS is when, in
	// seconds since the drive started.
	Requested  bool
	RequestAtS float64
	// PhoneS, EyesS, HandsS, InputS are when the driver put the phone
	// down, looked at the road, held the wheel and gave the first input,
	// in seconds after the request (-1: never, within the drive; PhoneS
	// also when there was no phone task).
	PhoneS, EyesS, HandsS, InputS float64
	// TakeoverS is when the car handed over (automation.takeover), in
	// seconds after the request; -1 when it never did.
	TakeoverS float64
	// Seen is every modality the car presented before the driver's
	// first input (or in the whole request, when there was none).
	Seen Modalities
	// MRM: the minimal-risk manoeuvre started. Collision: the car hit
	// something.
	MRM, Collision bool
	// Score is the drill's own score (drive/drill) out of 100.
	Score float64
	// EndS is the sim time the drive stopped at, in seconds.
	EndS float64
}

// stepS is sim.Step in seconds.
const stepS = float64(sim.Step) / 1000

// Run drives the drill with driver d of model m; setup, when not nil,
// changes the session's setup first (the HMI variant). The drive stops as
// soon as the drill has shown what it scores (session.DrillShown) or is
// over. It runs the whole drive; a population shares the part before the
// request with Prefix.
func (dr *Drill) Run(m Model, d Driver, setup func(*session.Setup)) (Outcome, error) {
	return dr.RunWork(d, func(phone bool) Work { return m.Work(d, phone) }, m, setup)
}

// RunWork is Run with the driver's work chosen by work (given whether the
// driver is on the phone at the request), so a test can drive a driver who
// never reacts (Never).
func (dr *Drill) RunWork(d Driver, work func(phone bool) Work, m Model, setup func(*session.Setup)) (Outcome, error) {
	p, err := dr.Prefix(setup)
	if err != nil {
		return Outcome{}, err
	}
	return p.run(p.s, d, work, m), nil
}

// Prefix is a drill driven up to the step that brought its takeover
// request, where its drivers begin to differ: until then no driver has
// done anything (the request is what they react to), so every driver's
// drive is this one's continued. A population runs it once per HMI
// variant and drill and continues a clone of it for each driver
// (session.Clone), which gives the same drives, byte for byte, as running
// each from the start (a test holds it to that) in a fraction of the time.
type Prefix struct {
	dr *Drill
	s  *session.Session
	// the run's state at the end of the prefix
	base      Outcome
	mods      Modalities
	requestAt sim.Millis
}

// Prefix drives the drill to its takeover request (or to its end, when
// none comes). setup, when not nil, changes the session's setup first.
func (dr *Drill) Prefix(setup func(*session.Setup)) (*Prefix, error) {
	su := session.ScenarioSetup(dr.Scenario, session.DrillWatch, nil)
	su.DropLog = true
	if setup != nil {
		setup(&su)
	}
	s, err := session.New(su)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dr.Name, err)
	}
	p := &Prefix{dr: dr, s: s, base: Outcome{PhoneS: -1, EyesS: -1, HandsS: -1, InputS: -1, TakeoverS: -1}}
	for !p.base.Requested && !s.Over() && !s.DrillShown() {
		out := s.Advance()
		for _, ev := range out.Events {
			p.mods = presented(p.mods, ev)
			switch string(ev.Kind) {
			case automation.EventTakeoverRequested:
				if !p.base.Requested {
					p.requestAt = ev.At
					p.base.Requested, p.base.RequestAtS = true, secs(ev.At)
					p.base.Phone = s.Driver().Phone
				}
			case automation.EventMRM:
				p.base.MRM = true
			case string(sim.EventCollision):
				p.base.Collision = true
			}
		}
	}
	return p, nil
}

// Run continues a clone of the prefix with driver d of model m.
func (p *Prefix) Run(m Model, d Driver) (Outcome, error) {
	return p.RunWork(d, func(phone bool) Work { return m.Work(d, phone) }, m)
}

// RunWork is Run with the driver's work chosen by work, as Drill.RunWork.
func (p *Prefix) RunWork(d Driver, work func(phone bool) Work, m Model) (Outcome, error) {
	s, err := p.s.Clone()
	if err != nil {
		return Outcome{}, fmt.Errorf("%s: %w", p.dr.Name, err)
	}
	return p.run(s, d, work, m), nil
}

// run drives s, a session at the end of the prefix (the prefix's own or
// a clone), to the drill's end with driver d.
func (p *Prefix) run(s *session.Session, d Driver, work func(phone bool) Work, m Model) Outcome {
	o := p.base
	o.Driver = d
	mods := p.mods
	var r *Reaction
	if o.Requested {
		o.Work = work(o.Phone)
		r = m.React(o.Work)
	}
	var releaseAt sim.Millis = -1
	for !s.Over() && !s.DrillShown() {
		if r != nil {
			// the driver's progress over the step about to run, under
			// what the car presents now
			got := r.Step(stepS, mods)
			p.dr.act(s, got, &releaseAt)
		}
		if releaseAt >= 0 && s.State().Time >= releaseAt {
			s.SetSteer(false, 0)
			s.SetPedals(0, 0)
			releaseAt = -1
		}
		out := s.Advance()
		for _, ev := range out.Events {
			mods = presented(mods, ev)
			switch string(ev.Kind) {
			case automation.EventTakeover:
				if o.TakeoverS < 0 && r != nil {
					o.TakeoverS = secs(ev.At - p.requestAt)
				}
			case automation.EventMRM:
				o.MRM = true
			case string(sim.EventCollision):
				o.Collision = true
			}
		}
	}
	if r != nil {
		o.PhoneS, o.EyesS, o.HandsS, o.InputS = r.At[0], r.At[1], r.At[2], r.At[3]
		if !o.Phone {
			o.PhoneS = -1 // no phone to put down
		}
		o.Seen = r.Seen()
	}
	if sc := s.DrillScore(); sc != nil {
		o.Score = sc.Total
	}
	o.EndS = secs(s.State().Time)
	return o
}

// act gives the session what the driver reached in a step, through the
// inputs a front end uses.
func (dr *Drill) act(s *session.Session, got Milestone, releaseAt *sim.Millis) {
	if got == 0 {
		return
	}
	body := s.Driver()
	if got&PhoneDown != 0 {
		body.Phone = false
	}
	if got&EyesOnRoad != 0 {
		body.EyesOnRoad = true
	}
	if got&HandsOnWheel != 0 {
		body.HandsOnWheel = true
	}
	s.SetDriver(body)
	if got&FirstInput != 0 {
		in := dr.Input
		if in.Steer {
			s.SetSteer(true, 0)
		}
		if in.Brake > 0 || in.Accel > 0 {
			s.SetPedals(in.Accel, in.Brake)
		}
		*releaseAt = s.State().Time + in.For
	}
}

// presented updates what the car presents from the session's HMI events
// (drive/session/hmi.go): the banner or a stage-1/2 alert is visual, the
// tone auditory, the vibration haptic. The driver reacts to these, never
// to the HMI file.
func presented(mods Modalities, ev sim.Event) Modalities {
	on := func(m Modalities, yes bool) Modalities {
		if yes {
			return mods | m
		}
		return mods &^ m
	}
	switch ev.Kind {
	case session.EventHMIBanner:
		return on(Visual, ev.Subject == "shown")
	case session.EventHMIAlert:
		if ev.Subject == string(automation.AlertStage1) || ev.Subject == string(automation.AlertStage2) {
			return mods | Visual
		}
	case session.EventHMITone:
		return on(Auditory, ev.Subject == "on")
	case session.EventHMIHaptic:
		return on(Haptic, ev.Subject == "on")
	}
	return mods
}

func secs(ms sim.Millis) float64 { return math.Round(float64(ms)) / 1000 }
