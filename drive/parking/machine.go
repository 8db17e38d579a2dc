package parking

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/world"
)

// State is the state of the parking assist.
type State string

// The states. Idle → Searching → Selected → (confirm) → Planning →
// Executing ⇄ Paused → Done; Aborted from any active state.
const (
	StateIdle      State = "idle"      // off
	StateSearching State = "searching" // measuring slots while driving past
	StateSelected  State = "selected"  // a slot is chosen, waiting for confirmation
	StatePlanning  State = "planning"  // planning, the car standing (Params.StepExpansions a step)
	StateExecuting State = "executing" // the car follows the path
	StatePaused    State = "paused"    // stopped for an obstacle in the path
	StateAborted   State = "aborted"   // stopped; the driver has control
	StateDone      State = "done"      // parked: P, parking brake on
)

// Active reports whether the assist is doing something (the HMI shows it).
func (s State) Active() bool {
	return s == StateSearching || s == StateSelected || s == StatePlanning || s == StateExecuting || s == StatePaused
}

// RemoteCommand is a command from the phone app.
type RemoteCommand string

// The phone's commands.
const (
	RemoteNone    RemoteCommand = ""
	RemotePark    RemoteCommand = "park"     // park into the selected slot
	RemoteParkOut RemoteCommand = "park_out" // drive out of the slot the car is in
	RemoteCancel  RemoteCommand = "cancel"
)

// Remote is the phone's state this step (ISO 20900 type 2, UN R79 RCP).
type Remote struct {
	// Command is sent on the step it happens (edge, not level).
	Command RemoteCommand
	// Held is true while the hold-to-move control on the phone is held.
	Held bool
	// DistanceM is the measured phone-to-car distance (BLE/UWB ranging).
	DistanceM float64
}

// Input is what the machine sees in one step: the car, the driver's
// commands (edges, true on the step they happen) and controls (levels),
// the phone, and the obstacles as they really are now.
type Input struct {
	Pose     Pose
	SpeedKmh float64
	// Area is the parking area the car is in (nil outside one).
	Area *world.ParkingArea
	// Commands: the park button or voice "park", a slot picked by number or
	// by side ("the left one"), confirm ("start parking"), cancel.
	Activate bool
	Select   int
	// ChooseSlot picks a slot of Area by its map id without a search (a
	// slot tapped on the map, or a scenario's "park in slot 23").
	ChooseSlot string
	SelectSide Side
	Confirm    bool
	Cancel     bool
	// Pause and Resume are the driver holding the manoeuvre by voice or
	// on screen ("pause parking") and letting it go on. A driver's pause
	// never resumes by itself; it counts towards PauseTimeoutS like any
	// other pause.
	Pause, Resume bool
	// Controls: the driver's torque on the steering wheel, the
	// deceleration the brake pedal asks for, whether the driver is seated.
	SteerTorqueNm  float64
	BrakeDecelMps2 float64
	DriverInSeat   bool
	Remote         Remote
	// Obstacles are the moving obstacles (pedestrians, cars) in world
	// metres, true positions; the machine perceives them through its
	// sensor model (Config.SensorDelayS). Parked cars and kerbs come from
	// the map.
	Obstacles []Obstacle
}

// Config holds the machine's rules and fault injections. DefaultConfig
// says where the values come from.
type Config struct {
	// ManoeuvreSpeedKmh is the target speed along the path (5-7 km/h:
	// Cadillac APA ≤ 5, Volvo reverse ≤ 7).
	ManoeuvreSpeedKmh float64
	// AccelMps2 and BrakeMps2 shape a comfortable speed profile;
	// EmergencyMps2 is used to stop "at once" (remote release, fault).
	AccelMps2, BrakeMps2, EmergencyMps2 float64
	// GearChangeS is the standstill at each change between D and R.
	GearChangeS float64
	// LookaheadM is how far beyond the stopping distance the path is
	// checked for obstacles.
	LookaheadM float64
	// ResumeClearS: the path must be clear this long before resuming;
	// PauseTimeoutS: a pause longer than this cancels the manoeuvre.
	ResumeClearS, PauseTimeoutS float64
	// SteerAbortNm and HardBrakeMps2: driver inputs that abort (a firm
	// steering input; braking harder than this). Lighter braking holds.
	SteerAbortNm, HardBrakeMps2 float64
	// Remote parking: the phone must be within RemoteRangeM of the car;
	// a release longer than RemoteIdleS cancels.
	RemoteRangeM, RemoteIdleS float64
	// Safety functions; a safe system has all of them on. The fault
	// scenarios turn them off to show what goes wrong without them.
	HoldToMove        bool // remote moves only while the control is held
	RemoteRangeCheck  bool // remote commands only from within RemoteRangeM
	PlausibilityCheck bool // compare mapped landmarks with the sensors
	// PlausibilityTolM is the largest landmark mismatch accepted.
	PlausibilityTolM float64
	// SensorDelayS is a fault injection: obstacle data arrives this late
	// and is treated as current (the 2025 SU7 time-sync fault).
	SensorDelayS float64
}

// Safety is the part of Config a test of the HMI switches while driving:
// the safety functions and the fault injection of docs/parking.md's fault
// scenarios (the 2025 SU7 recall's late obstacle data; a remote command
// without the driver's intent).
type Safety struct {
	HoldToMove, RemoteRangeCheck, PlausibilityCheck bool
	SensorDelayS                                    float64
}

// MaxSensorDelayS bounds the injected obstacle-data delay: the recall's
// fault was under a second, and the history of snapshots the delay needs
// grows with it.
const MaxSensorDelayS = 2

// Safety returns the configuration's safety functions and fault.
func (c *Config) Safety() Safety {
	return Safety{HoldToMove: c.HoldToMove, RemoteRangeCheck: c.RemoteRangeCheck, PlausibilityCheck: c.PlausibilityCheck, SensorDelayS: c.SensorDelayS}
}

// SetSafety switches them.
func (c *Config) SetSafety(s Safety) {
	c.HoldToMove, c.RemoteRangeCheck, c.PlausibilityCheck, c.SensorDelayS = s.HoldToMove, s.RemoteRangeCheck, s.PlausibilityCheck, s.SensorDelayS
}

// DefaultConfig is a safe system.
//
//   - 6 km/h, inside the 5-7 km/h of production manuals; 0.8 m/s²
//     accelerating, 2 m/s² braking, 6 m/s² for an immediate stop.
//   - Resume after 1 s clear; cancel after a 30 s pause (no standard
//     figure is known; the reference notes it as unconfirmed).
//   - Abort on 3 Nm of steering torque (a deliberate input, above the
//     hands-on detection threshold) or braking harder than 3 m/s².
//   - Remote range 6 m (the UN R79 RCP figure, unconfirmed in the
//     reference), cancel after 60 s without holding.
//   - Plausibility: landmarks may be off by 0.15 m.
func DefaultConfig() Config {
	return Config{
		ManoeuvreSpeedKmh: 6, AccelMps2: 0.8, BrakeMps2: 2, EmergencyMps2: 6,
		GearChangeS: 0.8, LookaheadM: 1.5, ResumeClearS: 1, PauseTimeoutS: 30,
		SteerAbortNm: 3, HardBrakeMps2: 3,
		RemoteRangeM: 6, RemoteIdleS: 60,
		HoldToMove: true, RemoteRangeCheck: true, PlausibilityCheck: true, PlausibilityTolM: 0.15,
	}
}

// Event is a state change or a notable moment; Msg says it in one
// sentence (a "parking.*" key; the sentences are in
// assets/ui/<lang>/parking.yaml). The drive loop stamps it with its time.
type Event struct {
	Kind    string  // dotted, e.g. "parking.paused"
	Subject string  // a slot id, an obstacle id, a reason code
	Value   float64 // per kind: slot number, metres, seconds
	Msg     msg.Msg
}

// The event kinds, with their Subject and Value.
const (
	EvSearchStarted = "parking.search_started" // area id
	EvUnavailable   = "parking.unavailable"    // no_area | too_fast; value: speed km/h
	EvSlotFound     = "parking.slot_found"     // slot id; value: its number on screen
	EvSlotSelected  = "parking.slot_selected"  // slot id; value: number (0 when chosen by id)
	EvSelectRefused = "parking.select_refused" // slot id or reason code (unknown, no_driver, moving, too_far)
	EvPlanned       = "parking.planned"        // slot id; value: path length m
	EvPlanFailed    = "parking.plan_failed"    // slot id
	EvStarted       = "parking.started"        // slot id
	EvMove          = "parking.move"           // slot id; value: move number
	EvPaused        = "parking.paused"         // obstacle id, or "driver" when asked to pause
	EvResumed       = "parking.resumed"        // "clear"
	EvAborted       = "parking.aborted"        // reason code: cancelled, driver_steered, driver_braked, driver_left, sensor_fault, pause_timeout, remote_timeout
	EvDone          = "parking.done"           // slot id; value: path length m
	EvCancelled     = "parking.cancelled"      // driver | left_area
	EvRemoteRefused = "parking.remote_refused" // driver_in_seat, out_of_range, not_held, no_area, no_slot, not_in_slot; value: phone distance m
	EvRemoteStopped = "parking.remote_stopped" // released | out_of_range; value: phone distance m
	EvRemoteMoving  = "parking.remote_moving"  // "held"
	EvSensorFault   = "parking.sensor_fault"   // landmark id; value: mismatch m
	EvDriverHolding = "parking.driver_holding" // "brake"; value: deceleration m/s²
)

// Output is the machine's answer for one step. While Controlling, the
// drive loop puts the car at Pose with SpeedKmh in Gear; otherwise the
// driver drives and Pose echoes the input.
type Output struct {
	State       State
	Events      []Event
	Controlling bool
	Pose        Pose
	SpeedKmh    float64 // magnitude; Gear gives the direction
	Gear        string  // "D", "R" or "P" while controlling
	Curvature   float64 // steering curvature of the current move (1/m)
	// ParkingBrake is true once parked.
	ParkingBrake bool
	// Progress is the share of the path driven (0..1); Move is the current
	// move (1-based) of Moves; MoveMsg describes it ("Move 2 of 3:
	// Reversing, steering right.").
	Progress    float64
	Move, Moves int
	MoveMsg     msg.Msg
	Remote      bool    // a remote manoeuvre
	ProximityM  float64 // distance to the nearest obstacle, +Inf if none within 2.5 m
	// SelectedSlot and SelectedArea are the selected slot's map ids;
	// SelectedLabel is its name on screen and in a voice reply
	// (Found.Label), "" when none is selected.
	SelectedSlot  string
	SelectedArea  string
	SelectedLabel string
}

// Machine is the parking assist: slot search, selection, planning,
// execution, pause, abort and remote parking, with all of its rules in
// Step. It is deterministic: no clock (time advances by Step's dtS), no
// goroutines, no I/O.
type Machine struct {
	G      Geometry
	Cfg    Config
	Params Params
	Det    *Detector

	state    State
	now      float64
	events   []Event
	area     *world.ParkingArea
	static   []Obstacle // the area's parked cars and kerbs (world)
	selected Found
	// selectedLabel is selected's Label, kept so a step's output does
	// not format it again.
	selectedLabel string
	remote        bool
	parkOut       bool

	// The plan under way in StatePlanning: planner, then the ones still to
	// try (the ways out of a slot); from where, and for the phone or the
	// driver.
	planner    *Planner
	planQueue  []*Planner
	planFrom   Pose
	planRemote bool
	planPrev   State // the state a failed way out returns to

	path      Path
	hasPath   bool
	s, v      float64 // distance along the path, speed (m/s)
	seg       int
	wait      float64 // standstill left at a gear change
	pose      Pose
	pausedFor float64
	clearFor  float64
	idleFor   float64
	stopped   bool // remote: stopped for release or range (event sent)
	holding   bool // light braking by the driver
	userHold  bool // paused by the driver (Input.Pause) until Input.Resume
	lastMove  int

	perceived []Obstacle
	history   []snapshot
	faultOn   bool

	// moveMsg is moveText's message for the segment and move in
	// moveFor, kept so a step's output does not build it again.
	moveMsg msg.Msg
	moveFor [2]int

	// The step's record of its transitions (take): the state it started
	// in and the edges it took, for the tests that hold the machine to its
	// table.
	stepFrom State
	taken    [maxTakenPerStep]edge
	nTaken   int
}

type snapshot struct {
	t    float64
	pose Pose
	obs  []Obstacle
}

// NewMachine returns an idle machine for a car of geometry g with the
// default, safe configuration.
func NewMachine(g Geometry) *Machine {
	return &Machine{G: g, Cfg: DefaultConfig(), Params: DefaultParams(), Det: NewDetector(g), state: StateIdle}
}

// State returns the current state.
func (m *Machine) State() State { return m.state }

// Path returns the planned path and whether there is one.
func (m *Machine) Path() (Path, bool) { return m.path, m.hasPath }

// emit records an event of this step.
func (m *Machine) emit(kind, subject string, value float64, said msg.Msg) {
	m.events = append(m.events, Event{kind, subject, value, said})
}

// to moves the machine along e (take) and emits the edge's event, which
// explains why. With take, it is the only way the state changes.
func (m *Machine) to(e edge, subject string, value float64, said msg.Msg) {
	m.take(e)
	m.emit(transitions[e].event, subject, value, said)
}

// Step advances the machine by dtS seconds.
func (m *Machine) Step(in Input, dtS float64) Output {
	if dtS < 0 || math.IsNaN(dtS) {
		dtS = 0
	}
	m.now += dtS
	m.events = nil
	m.stepFrom, m.nTaken = m.state, 0
	if !m.controlling() {
		m.pose = in.Pose
	}
	if in.Area != m.area && in.Area != nil {
		m.area = in.Area
		m.static = ObstaclesFor(in.Area, "", m.Params)
	}
	m.perceive(in)

	switch m.state {
	case StateIdle, StateDone, StateAborted:
		m.idle(in)
	case StateSearching:
		m.searching(in)
	case StateSelected:
		m.selectedStep(in)
	case StatePlanning:
		m.planning(in)
	case StateExecuting, StatePaused:
		m.executing(in, dtS)
	}
	return m.output(in)
}

// controlling reports whether the machine drives the car.
func (m *Machine) controlling() bool {
	return m.state == StateExecuting || m.state == StatePaused
}

// idle: activation, and a phone's park-out command.
func (m *Machine) idle(in Input) {
	if in.Remote.Command == RemoteParkOut || in.Remote.Command == RemotePark {
		m.remoteStart(in)
		return
	}
	if in.ChooseSlot != "" && in.Area != nil {
		m.reset()
		m.trySelect(in)
		return
	}
	if !in.Activate {
		return
	}
	switch {
	case in.Area == nil:
		m.emit(EvUnavailable, "no_area", 0, msg.New("parking.unavailable.no_area"))
	case math.Abs(in.SpeedKmh) >= m.Det.Params.MaxSpeedKmh:
		m.emit(EvUnavailable, "too_fast", in.SpeedKmh, msg.New("parking.unavailable.too_fast", msg.Num("kmh", m.Det.Params.MaxSpeedKmh, 0)))
	default:
		m.reset()
		m.to(edgeActivate, in.Area.ID, 0, msg.New("parking.search_started"))
	}
}

func (m *Machine) reset() {
	m.Det.Reset()
	m.hasPath, m.path = false, Path{}
	m.remote, m.parkOut = false, false
	m.s, m.v, m.seg, m.wait = 0, 0, 0, 0
	m.pausedFor, m.clearFor, m.idleFor = 0, 0, 0
	m.stopped, m.holding, m.lastMove, m.userHold = false, false, 0, false
	m.setSelected(Found{})
	m.faultOn = false
}

func (m *Machine) searching(in Input) {
	if in.Cancel {
		m.to(edgeSearchCancel, "driver", 0, msg.New("parking.cancelled.driver"))
		return
	}
	if in.Area == nil {
		m.to(edgeSearchCancel, "left_area", 0, msg.New("parking.cancelled.left_area"))
		return
	}
	for _, f := range m.Det.Observe(in.Pose, in.SpeedKmh, in.Area) {
		said := msg.New("parking.slot_found.free", msg.Int("n", f.Number), msg.Term("side", sideTerm(f.Side)), msg.Term("kind", kindTerm(f.Slot.Kind)))
		if !f.Fits {
			said = msg.New("parking.slot_found.unfit", msg.Int("n", f.Number), msg.Term("side", sideTerm(f.Side)), msg.Term("kind", kindTerm(f.Slot.Kind)),
				msg.Sub("reason", f.Reason.Msg))
		}
		m.emit(EvSlotFound, f.Slot.ID, float64(f.Number), said)
	}
	if in.ChooseSlot != "" || in.Select > 0 || in.SelectSide != "" {
		m.trySelect(in)
	}
}

// kindTerm is the catalogue word for a kind of slot.
func kindTerm(k world.SlotKind) string {
	switch k {
	case world.Parallel:
		return "parking.term.kind.parallel"
	case world.Angled:
		return "parking.term.kind.angled"
	}
	return "parking.term.kind.perpendicular"
}

// sideTerm is the catalogue word for a side of the car.
func sideTerm(s Side) string {
	if s == Left {
		return "parking.term.side.left"
	}
	return "parking.term.side.right"
}

// trySelect handles a pick by number or side.
func (m *Machine) trySelect(in Input) {
	var f Found
	var ok bool
	switch {
	case in.ChooseSlot != "" && in.Area != nil:
		sl := in.Area.Slot(in.ChooseSlot)
		if sl == nil {
			m.emit(EvSelectRefused, "unknown", 0, msg.New("parking.reason.no_slot", msg.Text("slot", in.ChooseSlot)))
			return
		}
		f = Found{Area: in.Area.ID, Slot: *sl}
		f.Fits, f.Reason = m.Det.fits(in.Area, sl)
	case in.Select > 0:
		f, ok = m.Det.Number(in.Select)
		if !ok {
			m.emit(EvSelectRefused, "unknown", float64(in.Select), msg.New("parking.select_refused.not_on_screen", msg.Int("n", in.Select)))
			return
		}
	case in.SelectSide != "":
		f, ok = m.Det.Pick(in.SelectSide)
		if !ok {
			m.emit(EvSelectRefused, string(in.SelectSide), 0, msg.New("parking.select_refused.none_on_side", msg.Term("side", sideTerm(in.SelectSide))))
			return
		}
	default:
		return
	}
	if !f.Fits {
		m.emit(EvSelectRefused, f.Slot.ID, float64(f.Number), f.Reason.Msg)
		return
	}
	m.setSelected(f)
	name := f.Label()
	e := edgeSelect
	switch m.state {
	case StateSelected:
		e = edgeReselect
	case StateIdle, StateDone, StateAborted:
		e = edgeChooseSlot
	}
	m.to(e, f.Slot.ID, float64(f.Number), msg.New("parking.slot_selected", msg.Text("slot", name)))
}

func (m *Machine) selectedStep(in Input) {
	if in.Cancel {
		m.to(edgeSelectedCancel, "driver", 0, msg.New("parking.cancelled.driver"))
		return
	}
	if in.Select > 0 || in.SelectSide != "" || in.ChooseSlot != "" {
		m.trySelect(in)
		return
	}
	if in.Remote.Command == RemotePark {
		m.remoteStart(in)
		return
	}
	if !in.Confirm {
		return
	}
	switch {
	case !in.DriverInSeat:
		m.emit(EvSelectRefused, "no_driver", 0, msg.New("parking.select_refused.no_driver"))
	case math.Abs(in.SpeedKmh) > 0.5:
		m.emit(EvSelectRefused, "moving", in.SpeedKmh, msg.New("parking.select_refused.moving"))
	default:
		m.plan(in, false)
	}
}

// remoteStart applies the remote-parking rules to a phone command.
func (m *Machine) remoteStart(in Input) {
	refuse := func(code string, said msg.Msg) { m.emit(EvRemoteRefused, code, in.Remote.DistanceM, said) }
	switch {
	case in.DriverInSeat:
		refuse("driver_in_seat", msg.New("parking.remote_refused.driver_in_seat"))
		return
	case m.Cfg.RemoteRangeCheck && (in.Remote.DistanceM > m.Cfg.RemoteRangeM || in.Remote.DistanceM < 0 || math.IsNaN(in.Remote.DistanceM)):
		refuse("out_of_range", msg.New("parking.remote_refused.out_of_range",
			msg.Num("range", m.Cfg.RemoteRangeM, 0), msg.Num("distance", in.Remote.DistanceM, 0)))
		return
	case m.Cfg.HoldToMove && !in.Remote.Held:
		refuse("not_held", msg.New("parking.remote_refused.not_held"))
		return
	case in.Area == nil:
		refuse("no_area", msg.New("parking.remote_refused.no_area"))
		return
	}
	if in.Remote.Command == RemoteParkOut {
		m.reset()
		m.planOut(in)
		return
	}
	if m.state != StateSelected {
		refuse("no_slot", msg.New("parking.remote_refused.no_slot"))
		return
	}
	m.plan(in, true)
}

// MaxStartDistanceM is the farthest a slot's centre may be from the car's
// when planning starts; beyond it the driver is asked to drive closer.
const MaxStartDistanceM = 15.0

// plan plans into the selected slot and starts executing.
func (m *Machine) plan(in Input, remote bool) {
	// far starts make the search slow and are not how APA is used: the
	// slot was just passed
	sx, sy := in.Area.ToWorld(m.selected.Slot.X, m.selected.Slot.Y)
	if c := m.G.Centre(in.Pose); math.Hypot(sx-c.X, sy-c.Y) > MaxStartDistanceM {
		d := math.Hypot(sx-c.X, sy-c.Y)
		m.emit(EvSelectRefused, "too_far", d, msg.New("parking.select_refused.too_far", msg.Text("slot", m.selected.Slot.ID), msg.Num("m", d, 0)))
		return
	}
	if remote {
		m.take(edgeRemotePark)
	} else {
		m.take(edgeConfirm)
	}
	m.startPlanning(in, remote, NewPlannerInArea(DefaultParams(), m.G, in.Pose, in.Area, m.selected.Slot.ID, m.perceived))
}

// planOut plans from the slot the car is parked in to the aisle.
func (m *Machine) planOut(in Input) {
	a := in.Area
	c := m.G.Centre(in.Pose)
	var slot *world.Slot
	for i := range a.Slots {
		o := SlotOutline(a, &a.Slots[i])
		if overlaps([]Point{c, {c.X + 0.01, c.Y}, {c.X, c.Y + 0.01}}, o[:]) {
			slot = &a.Slots[i]
			break
		}
	}
	if slot == nil {
		m.emit(EvRemoteRefused, "not_in_slot", 0, msg.New("parking.remote_refused.not_in_slot"))
		return
	}
	m.setSelected(Found{Area: a.ID, Slot: *slot})
	obs := append(ObstaclesFor(a, slot.ID, m.Params), m.perceived...)
	var plans []*Planner
	for _, past := range []float64{4, -4, 6, -6} {
		if target, ok := PassingPose(a, slot, m.G, 1.0, past); ok {
			plans = append(plans, NewPlannerBetween(m.Params, m.G, in.Pose, target, m.Params.MaxGears(slot.Kind), obs))
		}
	}
	if len(plans) == 0 {
		m.emit(EvPlanFailed, slot.ID, 0, msg.New("parking.plan_failed.no_way_out"))
		return
	}
	m.parkOut = true
	m.planPrev = m.state
	m.take(edgeParkOut)
	m.startPlanning(in, true, plans...)
}

// startPlanning plans with the first of plans (the others are tried in
// turn if it fails) and goes on at once: a plan within
// Params.StepExpansions starts in this step.
func (m *Machine) startPlanning(in Input, remote bool, plans ...*Planner) {
	m.planner, m.planQueue = plans[0], plans[1:]
	m.planFrom, m.planRemote = in.Pose, remote
	m.planning(in)
}

// planning carries a plan on by at most Params.StepExpansions. The driver
// may cancel it; the car moving ends it, since the plan starts where the
// car stood.
func (m *Machine) planning(in Input) {
	slot := m.selected.Slot.ID
	switch {
	case in.Cancel || m.planRemote && in.Remote.Command == RemoteCancel:
		m.planner, m.planQueue = nil, nil
		m.to(edgePlanCancel, "driver", 0, msg.New("parking.cancelled.driver"))
		return
	case math.Abs(in.SpeedKmh) > 0.5 || math.Hypot(in.Pose.X-m.planFrom.X, in.Pose.Y-m.planFrom.Y) > 0.05:
		m.planner, m.planQueue = nil, nil
		back := edgePlanFailed
		if m.parkOut {
			back = parkOutFailed(m.planPrev) // parking out: back to parked, or off
		}
		m.parkOut = false
		m.to(back, slot, 0, msg.New("parking.plan_failed.moved"))
		return
	}
	budget := m.Params.StepExpansions
	if budget <= 0 {
		budget = stepExpansions
	}
	if !m.planner.Run(budget) {
		return
	}
	p, err := m.planner.Result()
	if err == nil {
		m.planner, m.planQueue = nil, nil
		p.SlotID = slot
		m.start(p, m.planRemote)
		return
	}
	if m.parkOut {
		if len(m.planQueue) > 0 {
			m.planner, m.planQueue = m.planQueue[0], m.planQueue[1:]
			return // the next way out, in the next step
		}
		m.planner, m.parkOut = nil, false
		m.take(parkOutFailed(m.planPrev))
		if pe, ok := err.(*PlanError); ok && pe.Code != CodeNoPath {
			m.emit(EvPlanFailed, slot, 0, pe.Msg)
			return
		}
		m.emit(EvPlanFailed, slot, 0, msg.New("parking.plan_failed.no_way_out"))
		return
	}
	m.planner = nil
	why := msg.Text("reason", err.Error())
	if pe, ok := err.(*PlanError); ok {
		why = msg.Sub("reason", pe.Msg)
	}
	m.to(edgePlanFailed, slot, 0, msg.New("parking.plan_failed.choose_another", why))
}

func (m *Machine) start(p Path, remote bool) {
	m.path, m.hasPath = p, true
	m.s, m.v, m.seg, m.wait, m.lastMove = 0, 0, 0, 0, 0
	m.remote = remote
	m.pose = p.Start
	m.pausedFor, m.clearFor, m.idleFor, m.stopped, m.userHold = 0, 0, 0, false, false
	m.moveMsg, m.moveFor = msg.Msg{}, [2]int{-1, -1}
	m.emit(EvPlanned, p.SlotID, p.LengthM, msg.New("parking.planned",
		msg.Int("moves", moves(p.Segments)), msg.Int("gears", p.GearChanges), msg.Num("m", p.LengthM, 1)))
	key := "parking.started.driver"
	if remote {
		key = "parking.started.remote"
		if m.parkOut {
			key = "parking.started.remote_out"
		}
	}
	m.to(edgeStart, p.SlotID, 0, msg.New(key))
}

// moves counts the moves (runs in one gear) of a path.
func moves(segs []Segment) int {
	n := 0
	for i, s := range segs {
		if i == 0 || segs[i-1].Gear != s.Gear {
			n++
		}
	}
	return n
}

// executing drives the path and applies every rule that can stop it.
func (m *Machine) executing(in Input, dt float64) {
	abort := func(e edge, code string, said msg.Msg) {
		m.v = 0
		m.to(e, code, 0, said)
	}
	if in.Cancel || (m.remote && in.Remote.Command == RemoteCancel) {
		abort(edgeAbort, "cancelled", msg.New("parking.aborted.cancelled"))
		return
	}
	if !m.remote {
		if math.Abs(in.SteerTorqueNm) >= m.Cfg.SteerAbortNm {
			abort(edgeAbort, "driver_steered", msg.New("parking.aborted.driver_steered"))
			return
		}
		if in.BrakeDecelMps2 >= m.Cfg.HardBrakeMps2 {
			abort(edgeAbort, "driver_braked", msg.New("parking.aborted.driver_braked"))
			return
		}
		if !in.DriverInSeat {
			abort(edgeAbort, "driver_left", msg.New("parking.aborted.driver_left"))
			return
		}
	}
	if m.faultOn {
		abort(edgeSensorFault, "sensor_fault", msg.New("parking.aborted.sensor_fault"))
		return
	}
	// what holds the car this step
	hold := false
	emergency := false
	if m.remote {
		held := in.Remote.Held || !m.Cfg.HoldToMove
		inRange := !m.Cfg.RemoteRangeCheck || (in.Remote.DistanceM >= 0 && in.Remote.DistanceM <= m.Cfg.RemoteRangeM)
		if !held || !inRange {
			hold, emergency = true, true
			m.idleFor += dt
			if !m.stopped {
				m.stopped = true
				if !held {
					m.emit(EvRemoteStopped, "released", 0, msg.New("parking.remote_stopped.released"))
				} else {
					m.emit(EvRemoteStopped, "out_of_range", in.Remote.DistanceM, msg.New("parking.remote_stopped.out_of_range",
						msg.Num("distance", in.Remote.DistanceM, 0), msg.Num("range", m.Cfg.RemoteRangeM, 0)))
				}
			}
			if m.idleFor > m.Cfg.RemoteIdleS {
				abort(edgeRemoteTimeout, "remote_timeout", msg.New("parking.aborted.remote_timeout"))
				return
			}
		} else {
			m.idleFor = 0
			if m.stopped {
				m.stopped = false
				m.emit(EvRemoteMoving, "held", 0, msg.New("parking.remote_moving"))
			}
		}
	} else if in.BrakeDecelMps2 > 0 {
		hold = true
		if !m.holding {
			m.holding = true
			m.emit(EvDriverHolding, "brake", in.BrakeDecelMps2, msg.New("parking.driver_holding"))
		}
	} else {
		m.holding = false
	}
	// obstacles in the path ahead
	blocked, who, at := m.pathBlocked()
	blockAt := -1.0 // how far the car may roll before the obstacle (its margin kept)
	if blocked {
		blockAt = at
	}
	if in.Resume && m.userHold {
		// the usual rule then applies: the path must be clear for
		// ResumeClearS before the car moves
		m.userHold = false
	}
	if in.Pause && !m.userHold {
		m.userHold = true
		if m.state == StateExecuting {
			m.pausedFor, m.clearFor = 0, 0
			m.to(edgePause, "driver", 0, msg.New("parking.paused.driver"))
		}
	}
	if m.state == StateExecuting && blocked {
		m.pausedFor, m.clearFor = 0, 0
		m.to(edgePause, who, 0, msg.New("parking.paused.obstacle"))
	}
	if m.state == StatePaused {
		hold = true
		m.pausedFor += dt
		if blocked || m.userHold {
			m.clearFor = 0
		} else {
			m.clearFor += dt
		}
		if m.pausedFor > m.Cfg.PauseTimeoutS {
			abort(edgePauseTimeout, "pause_timeout", msg.New("parking.aborted.pause_timeout", msg.Num("s", m.Cfg.PauseTimeoutS, 0)))
			return
		}
		if m.clearFor >= m.Cfg.ResumeClearS && m.v == 0 {
			m.to(edgeResume, "clear", 0, msg.New("parking.resumed"))
			hold = hold && (m.remote && m.stopped || m.holding)
		}
	}
	m.drive(dt, hold, emergency, blockAt)
	if m.s >= m.path.LengthM-1e-9 && m.v == 0 {
		m.finish()
	}
}

// drive advances along the path with a speed profile that stops at each
// gear change and at the end; holding for an obstacle blockAt metres on
// (negative: none), it stops short of it.
func (m *Machine) drive(dt float64, hold, emergency bool, blockAt float64) {
	vmax := m.Cfg.ManoeuvreSpeedKmh / 3.6
	if m.wait > 0 && !hold {
		m.wait -= dt
		if m.wait > 0 {
			return
		}
		m.wait = 0
	}
	rem := m.toStop()
	target := math.Min(vmax, math.Sqrt(2*m.Cfg.BrakeMps2*rem))
	if hold {
		target = 0
	}
	dec := m.Cfg.BrakeMps2
	if emergency {
		dec = m.Cfg.EmergencyMps2
	}
	if hold && blockAt >= 0 && m.v > 0 {
		// Stop short of what the car paused for, however close it
		// stepped in: as hard as that takes, up to the emergency rate.
		need := m.v * m.v / (2 * math.Max(blockAt-m.v*dt, 0.01))
		dec = math.Min(math.Max(dec, need), m.Cfg.EmergencyMps2)
	}
	if m.v < target {
		m.v = math.Min(target, m.v+m.Cfg.AccelMps2*dt)
	} else {
		m.v = math.Max(target, m.v-dec*dt)
	}
	ds := m.v * dt
	if ds >= rem {
		ds = rem
		m.v = 0
		if m.s+ds < m.path.LengthM-1e-9 {
			m.wait = m.Cfg.GearChangeS
		}
	}
	m.s += ds
	m.pose, m.seg = m.path.PoseAt(m.s)
	if mv := m.moveIndex(); mv != m.lastMove && m.v > 0 {
		m.lastMove = mv
		m.emit(EvMove, m.path.SlotID, float64(mv), m.moveText())
	}
}

// toStop is the distance to the next standstill: the next gear change or
// the end of the path.
func (m *Machine) toStop() float64 {
	d := 0.0
	segs := m.path.Segments
	for i := range segs {
		d += segs[i].LengthM
		if d > m.s+1e-9 && (i == len(segs)-1 || segs[i+1].Gear != segs[i].Gear) {
			return d - m.s
		}
	}
	return 0
}

// moveIndex is the 1-based move being driven.
func (m *Machine) moveIndex() int {
	n := 0
	d := 0.0
	segs := m.path.Segments
	for i, s := range segs {
		if i == 0 || segs[i-1].Gear != s.Gear {
			n++
		}
		d += s.LengthM
		if d > m.s+1e-9 {
			return n
		}
	}
	return n
}

// moveText says the current move ("Move 2 of 3: Reversing, steering
// right."). It builds the message once per move and segment.
func (m *Machine) moveText() msg.Msg {
	if len(m.path.Segments) == 0 {
		return msg.Msg{}
	}
	mv := m.moveIndex()
	if m.moveFor == [2]int{m.seg, mv} && !m.moveMsg.IsZero() {
		return m.moveMsg
	}
	s := m.path.Segments[m.seg]
	how := "parking.term.move.forward_"
	if s.Gear == Reverse {
		how = "parking.term.move.reverse_"
	}
	switch {
	case s.Curvature > 1e-9:
		how += "left"
	case s.Curvature < -1e-9:
		how += "right"
	default:
		how += "straight"
	}
	m.moveFor = [2]int{m.seg, mv}
	m.moveMsg = msg.New("parking.move", msg.Int("move", mv), msg.Int("moves", moves(m.path.Segments)), msg.Term("how", how))
	return m.moveMsg
}

func (m *Machine) finish() {
	m.v = 0
	if m.parkOut {
		m.to(edgeDone, m.path.SlotID, m.path.LengthM, msg.New("parking.done.out"))
		return
	}
	m.to(edgeDone, m.path.SlotID, m.path.LengthM, msg.New("parking.done.in"))
}

// pathBlocked checks the path from the car to the stopping distance plus
// LookaheadM against the perceived moving obstacles: the first it meets,
// and how far along the path the car is from meeting it (with the
// pedestrian margin).
func (m *Machine) pathBlocked() (bool, string, float64) {
	if len(m.perceived) == 0 {
		return false, "", 0
	}
	stop := m.v*m.v/(2*m.Cfg.BrakeMps2) + m.Cfg.LookaheadM
	end := math.Min(m.path.LengthM, m.s+stop)
	// only the current move: beyond a gear change the car stops anyway
	end = math.Min(end, m.s+m.toStop())
	for d := m.s; ; d += 0.1 {
		if d > end {
			d = end
		}
		p, _ := m.path.PoseAt(d)
		for i := range m.perceived {
			o := &m.perceived[i]
			fp := m.G.Footprint(p, m.Params.MarginPedestrianM)
			if overlaps(fp[:], o.Points) {
				return true, o.ID, d - m.s
			}
		}
		if d >= end {
			return false, "", 0
		}
	}
}

// perceive turns the true moving obstacles into what the sensors report,
// with the injected delay, and runs the plausibility check.
func (m *Machine) perceive(in Input) {
	pose := m.pose
	if m.Cfg.SensorDelayS <= 0 {
		m.perceived = in.Obstacles
		m.history = m.history[:0]
		return
	}
	m.history = append(m.history, snapshot{m.now, pose, in.Obstacles})
	// the newest snapshot at least SensorDelayS old
	idx := -1
	for i := range m.history {
		if m.history[i].t <= m.now-m.Cfg.SensorDelayS+1e-9 {
			idx = i
		}
	}
	if idx < 0 {
		m.perceived = nil
		return
	}
	then := m.history[idx]
	if idx > 0 {
		m.history = append(m.history[:0], m.history[idx:]...)
	}
	// the fault: positions measured relative to the car then are placed
	// relative to the car now
	xf := func(q Point) Point {
		dx, dy := q.X-then.pose.X, q.Y-then.pose.Y
		c, s := math.Cos(-then.pose.HeadingRad), math.Sin(-then.pose.HeadingRad)
		lx, ly := dx*c-dy*s, dx*s+dy*c
		c2, s2 := math.Cos(pose.HeadingRad), math.Sin(pose.HeadingRad)
		return Point{pose.X + lx*c2 - ly*s2, pose.Y + lx*s2 + ly*c2}
	}
	m.perceived = m.perceived[:0:0]
	for _, o := range then.obs {
		q := Obstacle{Kind: o.Kind, ID: o.ID}
		for _, p := range o.Points {
			q.Points = append(q.Points, xf(p))
		}
		q.prepare()
		m.perceived = append(m.perceived, q)
	}
	if !m.Cfg.PlausibilityCheck || !m.controlling() {
		return
	}
	// mapped landmarks within 6 m are seen through the same pipeline: their
	// apparent shift is the timing error times the car's motion
	ctr := m.G.Centre(pose)
	for i := range m.static {
		o := &m.static[i]
		if o.Kind != ObstacleCar {
			continue
		}
		c := o.Centre()
		if math.Hypot(c.X-ctr.X, c.Y-ctr.Y) > 6 {
			continue
		}
		q := xf(c)
		if math.Hypot(q.X-c.X, q.Y-c.Y) > m.Cfg.PlausibilityTolM {
			if !m.faultOn {
				m.faultOn = true
				off := math.Hypot(q.X-c.X, q.Y-c.Y)
				m.emit(EvSensorFault, o.ID, off, msg.New("parking.sensor_fault", msg.Num("m", off, 2)))
			}
			return
		}
	}
}

// setSelected selects f (none when f is zero).
func (m *Machine) setSelected(f Found) {
	m.selected, m.selectedLabel = f, ""
	if f.Slot.ID != "" {
		m.selectedLabel = f.Label()
	}
}

func (m *Machine) output(in Input) Output {
	out := Output{State: m.state, Events: m.events, Pose: in.Pose, SpeedKmh: math.Abs(in.SpeedKmh), Remote: m.remote,
		SelectedSlot: m.selected.Slot.ID, SelectedArea: m.selected.Area, SelectedLabel: m.selectedLabel}
	if (m.controlling() || m.state == StateDone) && m.hasPath {
		out.Controlling = m.controlling()
		out.Pose = m.pose
		out.SpeedKmh = m.v * 3.6
		out.Progress = 0
		if m.path.LengthM > 0 {
			out.Progress = m.s / m.path.LengthM
		}
		out.Moves = moves(m.path.Segments)
		out.Move = m.moveIndex()
		if len(m.path.Segments) > 0 {
			s := m.path.Segments[m.seg]
			out.Curvature = s.Curvature
			out.Gear = "D"
			if s.Gear == Reverse {
				out.Gear = "R"
			}
		}
		out.MoveMsg = m.moveText()
		if m.state == StateDone {
			out.Gear, out.ParkingBrake, out.SpeedKmh, out.Curvature = "P", true, 0, 0
			out.MoveMsg = msg.Msg{}
		}
	}
	if m.state == StateAborted && m.hasPath {
		// stopped where it was; the driver takes over from here
		out.Pose, out.SpeedKmh = m.pose, 0
	}
	out.ProximityM = m.ProximityM()
	return out
}

// PointAhead returns the point just beyond the car's leading bumper (the
// rear one when reversing) after d more metres of the current move: where
// a scenario puts a pedestrian who "steps into the path d metres ahead".
func (m *Machine) PointAhead(d float64) (Point, bool) {
	if !m.hasPath || len(m.path.Segments) == 0 {
		return Point{}, false
	}
	p, i := m.path.PoseAt(m.s + math.Min(d, m.toStop()))
	lon := m.G.length() - m.G.RearOverhangM + 0.25
	if m.path.Segments[i].Gear == Reverse {
		lon = -m.G.RearOverhangM - 0.25
	}
	return Point{p.X + lon*math.Cos(p.HeadingRad), p.Y + lon*math.Sin(p.HeadingRad)}, true
}
