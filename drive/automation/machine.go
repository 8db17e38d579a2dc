package automation

import (
	"math"

	"github.com/nevsim/cockpit/drive/msg"
)

// Level is the automation level the driver asks for or the machine runs.
type Level string

// Levels.
const (
	LevelNone Level = ""
	LevelL2   Level = "l2"
	LevelL3   Level = "l3"
)

// State is the machine's state. L3 and L2 states share one machine because a
// car has one automation button and one set of telltales.
type State string

// States. See docs/l3.md for the diagram.
const (
	// StateOff: not engaged, and L3 could not engage now.
	StateOff State = "off"
	// StateAvailable: not engaged; every L3 precondition holds.
	StateAvailable State = "available"
	// StateActive: L3 drives; the driver may do other things.
	StateActive State = "active"
	// StateAvailabilityWarning: L3 drives but has seen no sign of an
	// available driver for EvidenceS; a takeover request follows after
	// AvailWarnS.
	StateAvailabilityWarning State = "availability_warning"
	// StateTakeover1: takeover request, stage 1 (visual + chime).
	StateTakeover1 State = "takeover_stage1"
	// StateTakeover2: takeover request, stage 2 (red, continuous tone,
	// haptic).
	StateTakeover2 State = "takeover_stage2"
	// StateMRM: minimal-risk manoeuvre: braking to a stop in lane.
	StateMRM State = "mrm"
	// StateMRC: minimal-risk condition: stopped, hazards on, L3 locked
	// until the ignition is cycled.
	StateMRC State = "mrc"
	// StateManual: the driver took over; neither level re-engages for
	// StabiliseS (the window drills score: the driver should be driving).
	StateManual State = "manual"

	// StateL2Active: lane centring / navigate-on-autopilot steers and
	// controls speed while the driver supervises.
	StateL2Active State = "l2_active"
	// StateL2Prompt: hands (or eyes) off too long: optical prompt.
	StateL2Prompt State = "hands_off_prompt"
	// StateL2Warning: red pictogram and acoustic warning.
	StateL2Warning State = "hands_off_warning"
	// StateL2Stop: the L2 risk-mitigation stop (China draft).
	StateL2Stop State = "l2_stop"
)

// Engaged reports whether the system holds the car or is handing it back:
// then a pedal is a takeover input the machine judges (not a switch of
// who controls speed).
func (s State) Engaged() bool {
	switch s {
	case StateOff, StateAvailable, StateManual, "":
		return false
	}
	return true
}

// ButtonDisengages reports whether pressing the assistance button now
// switches the system off (otherwise the press asks to engage).
func (o *Output) ButtonDisengages() bool {
	return o.Level != LevelNone && o.State != StateManual && o.State != StateMRC
}

// Alert is how loud the cockpit must be: its escalation, which the HMI
// shows as colour (amber, then red). Whether it takes the screen, sounds
// a takeover tone or shakes the seat are Output's Attention, Tone and
// Haptic.
type Alert string

// Alerts, by escalation.
const (
	AlertNone Alert = ""
	// AlertInfo: a notice (exit ahead, availability warning, L2 prompt):
	// amber, single chime.
	AlertInfo Alert = "info"
	// AlertStage1: takeover request stage 1: amber, with its chime.
	AlertStage1 Alert = "stage1"
	// AlertStage2: takeover request stage 2, MRM, MRC, the L2 acoustic
	// warning (R79: the hands-on pictogram turns red at the acoustic
	// stage) and the L2 stop: red.
	AlertStage2 Alert = "stage2"
)

// Event kinds. Subject and Value are given per kind; Msg is always a
// one-sentence explanation (its keys are automation.* in assets/ui).
const (
	// EventAvailable: L3 became available.
	EventAvailable = "automation.available"
	// EventUnavailable: L3 is no longer available. Subject: first reason.
	EventUnavailable = "automation.unavailable"
	// EventEngaged: the system engaged. Subject: "l3" or "l2"; Value: its
	// speed limit in km/h.
	EventEngaged = "automation.engaged"
	// EventRefused: an engage request was refused. Subject: first reason.
	EventRefused = "automation.engage_refused"
	// EventAvailabilityWarning: no availability evidence for EvidenceS.
	// Value: seconds before a takeover request.
	EventAvailabilityWarning = "automation.availability_warning"
	// EventAvailabilityRestored: the driver showed availability again.
	EventAvailabilityRestored = "automation.availability_restored"
	// EventExitNotice: a planned ODD exit is ExitNoticeS ahead. Value: m.
	EventExitNotice = "automation.exit_notice"
	// EventTakeoverRequested: a takeover request (stage 1) started.
	// Subject: reason code; Value: seconds before an MRM may start.
	EventTakeoverRequested = "automation.takeover_requested"
	// EventTakeoverEscalated: stage 2. Value: seconds left.
	EventTakeoverEscalated = "automation.takeover_escalated"
	// EventAcknowledged: "I have control" heard during a request.
	EventAcknowledged = "automation.acknowledged"
	// EventTakeoverIncomplete: the driver acted but the takeover is not
	// valid yet. Subject: "hands" or "eyes" (what is missing).
	EventTakeoverIncomplete = "automation.takeover_incomplete"
	// EventTakeover: a valid takeover ended a request or an MRM. Subject:
	// the request's reason; Value: seconds since the request.
	EventTakeover = "automation.takeover"
	// EventDisengaged: the driver switched the system off without a
	// request. Subject: "button" or "override"; for L2 also "brake".
	EventDisengaged = "automation.disengaged"
	// EventMRM: the minimal-risk manoeuvre started. Subject: the reason;
	// Value: the deceleration in m/s².
	EventMRM = "automation.mrm"
	// EventMRC: standstill after the MRM. Subject: "l3" or "l2".
	EventMRC = "automation.mrc"
	// EventReset: an ignition restart cleared the MRM lock.
	EventReset = "automation.reset"
	// EventRestartRefused: an ignition restart asked for while the car is
	// moving; an ignition cycle needs a standstill, so it would never end
	// a minimal-risk manoeuvre.
	EventRestartRefused = "automation.restart_refused"
	// EventL2Prompt: L2 optical prompt. Subject: "hands" or "eyes".
	EventL2Prompt = "automation.hands_off_prompt"
	// EventL2Warning: L2 acoustic warning (an escalation). Subject: "hands"
	// or "eyes"; Value: escalations within the lock window.
	EventL2Warning = "automation.hands_off_warning"
	// EventL2Restored: hands and eyes back; the cascade ends.
	EventL2Restored = "automation.attention_restored"
	// EventL2Fallback: the driver ignored the warning. Subject: the
	// fallback ("deactivate" or "stop").
	EventL2Fallback = "automation.l2_fallback"
	// EventL2Unavailable: L2 had to hand back (markings lost, ...).
	// Subject: reason.
	EventL2Unavailable = "automation.l2_unavailable"
	// EventL2Locked: L2 is locked. Value: minutes.
	EventL2Locked = "automation.l2_locked"
	// EventL2Unlocked: the L2 lock expired.
	EventL2Unlocked = "automation.l2_unlocked"
)

// EventLevel is how loud a transition of the given kind is when the HMI
// lists it (its colour in the notification feed), by the same levels as
// Output.Alert: stage 2 (red) for stage 2, the MRM, the MRC, the L2
// acoustic warning and the L2 fallback; stage 1 (amber) for what asks
// something of the driver or refuses them (a request, the availability
// warning, the L2 prompt, a refusal, an incomplete takeover, L2 lost or
// locked); none for the rest (news the driver asked for or may ignore).
func EventLevel(kind string) Alert {
	switch kind {
	case EventTakeoverEscalated, EventMRM, EventMRC, EventL2Warning, EventL2Fallback:
		return AlertStage2
	case EventTakeoverRequested, EventAvailabilityWarning, EventL2Prompt, EventRefused, EventRestartRefused,
		EventTakeoverIncomplete, EventL2Unavailable, EventL2Locked:
		return AlertStage1
	}
	return AlertNone
}

// Event is one transition with its reason, stamped with the caller's clock.
type Event struct {
	AtMs    int64
	Kind    string
	Subject string
	Value   float64
	// Msg explains the transition in one sentence.
	Msg msg.Msg
}

// Input is everything the machine reads in one step.
type Input struct {
	// NowMs is the simulation clock. Every timer runs on it, so the
	// machine is deterministic and needs no dt; it must not go backwards.
	NowMs  int64
	ODD    ODD
	Driver Driver
	// EngageRequest asks to engage a level this step (an edge). The drive
	// loop has already had the driver confirm L3 (drive/sim's Confirm).
	EngageRequest Level
	// DisengageRequest is the driver pressing the button to switch off.
	DisengageRequest bool
	// IgnitionRestart is a new ignition cycle: the MRM lock clears and the
	// machine starts over off.
	IgnitionRestart bool
	// HazardsOff is the driver pressing the hazard switch: the hazards an
	// MRM turned on stay on until then (R157 §5.5).
	HazardsOff bool
}

// Output is what the machine commands and shows after a step.
type Output struct {
	State State
	// Level is the level engaged (or, in MRM/MRC, the level that was).
	Level Level
	// Active: the system drives (lateral and longitudinal). While active a
	// pressed pedal still moves the car; the system keeps steering.
	Active bool
	// MaxSpeedKmh is the speed the system holds at most while Active.
	MaxSpeedKmh float64
	// DecelMps2 > 0 commands an in-lane deceleration (MRM, L2 stop); never
	// above 4.
	DecelMps2 float64
	// HoldStandstill: keep the car stopped until the driver takes over
	// (R157: no move-off after the MRM without manual input).
	HoldStandstill bool
	Hazards        bool
	UnlockDoors    bool
	EmergencyCall  bool
	// SuspendScreens: non-driving screens (the phone task, video) are
	// suspended during a request, MRM and MRC.
	SuspendScreens bool
	// Alert is how loud the HMI must be now (its colour: stage 2 red,
	// otherwise amber).
	Alert Alert
	// Attention: the driver must act now (the availability warning, a
	// takeover request, the MRM, the MRC, an L2 prompt, warning or stop):
	// the HMI takes the screen with a banner and the takeover controls.
	// An exit notice is an Alert without Attention: an icon, not a banner.
	Attention bool
	// Tone: a takeover tone sounds (the request's chime at stage 1, the
	// continuous tone from stage 2 through the MRM and the L2 stop); it
	// stops when Tone ends, with an acknowledgement if the driver took
	// over. The MRC's standstill is silent after its one warning.
	Tone   bool
	Haptic bool
	// BudgetS is the time left before an MRM may start, during a request;
	// during an availability warning, the time left before the request.
	BudgetS float64
	// Reason is why the current request, MRM or warning happens.
	Reason ReasonCode
	// L2LockS is how long L2 stays locked, 0 when it is not.
	L2LockS float64
	// Events are this step's transitions. The slice is reused by the next
	// Step: copy what you keep.
	Events []Event
}

// Machine is the automation: one L3 (ALKS) and one L2 system behind one
// button. Create it with New and advance it with Step; it reads no clock,
// starts no goroutine, does no I/O and, between transitions, allocates
// nothing.
type Machine struct {
	p Params
	// durations in ms, converted once so the timers compare integers
	budgetMs, escalateMs, evidenceMs, warnMs, seatMs, stabiliseMs    int64
	l2PromptMs, l2WarnMs, l2EyesPromptMs, l2EyesWarnMs, l2FallbackMs int64
	l2WindowMs, l2LockMs                                             int64
	// sig is Params.Signals (or DefaultSignals), copied so that a step
	// reads no pointer and the caller's value cannot change under it.
	sig Signals

	state   State
	level   Level
	now     int64
	started bool

	lockedMRM   bool // an MRM happened: no L3 until restart
	hazards     bool
	doors       bool
	ecall       bool
	hold        bool
	wasAvail    bool
	exitNoticed bool

	lastEvidence int64
	warnAt       int64
	tdAt         int64
	manualAt     int64
	outSeatAt    int64 // -1 while seated
	reason       rawReason
	acked        bool
	hintHands    bool
	hintEyes     bool

	// L2
	handsOffAt, eyesOffAt int64 // -1 while on
	l2WarnAt              int64
	escal                 [maxEscalations]int64
	nEscal                int
	lockUntil             int64
	lockPending           bool

	rs     reasons
	events []Event
	pub    []Reason
}

const never = math.MinInt64 / 4

// New returns a machine in StateOff with the given parameters. Parameters
// are assumed valid (LoadPresets validates them; R157 is).
func New(p Params) *Machine {
	ms := func(s float64) int64 { return int64(math.Round(s * 1000)) }
	m := &Machine{p: p,
		budgetMs: ms(p.TakeoverBudgetS), escalateMs: ms(p.EscalateS), evidenceMs: ms(p.EvidenceS),
		warnMs: ms(p.AvailWarnS), seatMs: ms(p.OutOfSeatS), stabiliseMs: ms(p.StabiliseS),
		l2PromptMs: ms(p.L2.HandsOffPromptS), l2WarnMs: ms(p.L2.HandsOffWarningS),
		l2EyesPromptMs: ms(p.L2.EyesOffPromptS), l2EyesWarnMs: ms(p.L2.EyesOffWarningS),
		l2FallbackMs: ms(p.L2.FallbackAfterS), l2WindowMs: ms(p.L2.LockWindowS), l2LockMs: ms(p.L2.LockS),
		events: make([]Event, 0, 8), pub: make([]Reason, 0, maxReasons),
	}
	m.sig = DefaultSignals()
	if p.Signals != nil {
		m.sig = *p.Signals
	}
	m.reset()
	m.lockUntil = never
	return m
}

// reset is the state at an ignition start: everything off and forgotten
// except the time-based L2 lock.
func (m *Machine) reset() {
	m.state, m.level = StateOff, LevelNone
	m.lockedMRM, m.hazards, m.doors, m.ecall, m.hold = false, false, false, false, false
	m.wasAvail, m.exitNoticed = false, false
	m.outSeatAt, m.handsOffAt, m.eyesOffAt = -1, -1, -1
	m.manualAt = never
	m.lockPending = false
}

// Params returns the machine's parameters.
func (m *Machine) Params() Params { return m.p }

// State returns the current state without stepping.
func (m *Machine) State() State { return m.state }

func (m *Machine) emit(kind string, subject string, value float64, said msg.Msg) {
	m.events = append(m.events, Event{AtMs: m.now, Kind: kind, Subject: subject, Value: value, Msg: said})
}

// say is a message of the automation without arguments.
func say(key string) msg.Msg { return msg.New("automation." + key) }

// The takeovers that came too late to spare the car its own stop: during
// the minimal-risk manoeuvre, or after it came to rest.
const (
	msgTakeoverDuringMRM = "automation.takeover.during_mrm"
	msgTakeoverAfterMRC  = "automation.takeover.after_mrc"
)

// TooLate reports whether an EventTakeover's message says the driver took
// over only during or after the minimal-risk manoeuvre: a takeover, but
// not the one the request asked for, which no HMI may acknowledge as a
// success.
func TooLate(m msg.Msg) bool { return m.Key == msgTakeoverDuringMRM || m.Key == msgTakeoverAfterMRC }

// tenths is a duration or deceleration shown to one decimal.
func tenths(name string, v float64) msg.Arg { return msg.Num(name, math.Round(v*10)/10, 1) }

func secs(ms int64) float64 { return float64(ms) / 1000 }

// validTakeover is the design choice of the reference note §7 (from the
// ACSF-22-07 and ACSF-23-12 drafts): hands on the wheel and a steering or
// pedal input, with the eyes on the road.
func validTakeover(d *Driver) bool {
	return d.Seated && d.HandsOnWheel && d.EyesOnRoad && (d.Steering || d.Accelerating || d.Braking)
}

// evidence is a sign of an available driver (R157 6.1 examples: input to
// driver-only controls, eye movements, conscious movement).
func evidence(d *Driver) bool {
	return d.Seated && !d.EyesClosed && (d.EyesOnRoad || d.HandsOnWheel || d.Steering || d.Accelerating ||
		d.Braking || d.PhoneTask || d.SaidIHaveControl)
}

// Step advances the machine to in.NowMs and returns its commands and this
// step's events.
func (m *Machine) Step(in Input) Output {
	m.events = m.events[:0]
	if !m.started {
		m.started = true
		m.lastEvidence = in.NowMs
	}
	m.now = in.NowMs
	if in.IgnitionRestart && in.ODD.SpeedKmh >= m.p.StandstillKmh {
		in.IgnitionRestart = false
		m.emit(EventRestartRefused, "", in.ODD.SpeedKmh, say("restart_refused"))
	}
	if in.IgnitionRestart {
		locked := m.lockedMRM
		m.reset()
		if locked {
			m.emit(EventReset, "", 0, say("reset"))
		}
	}
	if in.HazardsOff && m.state != StateMRM {
		m.hazards = false
	}
	if m.lockUntil != never && m.now >= m.lockUntil {
		m.lockUntil = never
		m.emit(EventL2Unlocked, "", 0, say("l2_unlocked"))
	}
	o, d := &in.ODD, &in.Driver

	switch m.state {
	case StateOff, StateAvailable, StateManual:
		m.stepIdle(&in)
	case StateActive, StateAvailabilityWarning:
		m.stepActive(&in)
	case StateTakeover1, StateTakeover2:
		m.stepRequest(o, d)
	case StateMRM:
		if validTakeover(d) {
			m.emit(EventTakeover, string(m.reason.code), secs(m.now-m.tdAt), msg.New(msgTakeoverDuringMRM))
			m.toManual()
		} else if o.SpeedKmh <= m.p.StandstillKmh {
			m.toMRC()
		}
	case StateMRC:
		if validTakeover(d) {
			m.hold = false
			m.emit(EventTakeover, string(m.reason.code), secs(m.now-m.tdAt), msg.New(msgTakeoverAfterMRC))
			m.toManual()
		} else if in.EngageRequest != LevelNone {
			// Pressing the button after an MRM is answered, not ignored.
			m.rs.n = 0
			m.rs.add(ReasonLocked, 0, 0, "")
			m.refuse(in.EngageRequest, m.rs.r[0])
		}
	default:
		m.stepL2(&in)
	}
	return m.output()
}

// l3Reasons collects every unmet L3 precondition into m.rs.
func (m *Machine) l3Reasons(o *ODD, d *Driver) {
	m.rs.n = 0
	if m.lockedMRM {
		m.rs.add(ReasonLocked, 0, 0, "")
	}
	if m.state == StateManual && m.now-m.manualAt < m.stabiliseMs {
		m.rs.add(ReasonStabilising, secs(m.now-m.manualAt), m.p.StabiliseS, "")
	}
	m.p.checkODD(o, true, &m.rs)
	if boundaryS(o) <= m.p.PlannedLeadS {
		m.rs.add(ReasonBoundary, o.BoundaryAheadM, 0, "")
	}
	if !d.Seated {
		m.rs.add(ReasonNotSeated, 0, 0, "")
	}
	if !d.BeltOn {
		m.rs.add(ReasonBeltOff, 0, 0, "")
	}
	if d.EyesClosed {
		m.rs.add(ReasonUnavailable, 0, 0, "")
	}
}

// Availability reports whether L3 could engage now and, if not, every
// reason in both languages, for the UI. The slice is reused by the next
// call.
func (m *Machine) Availability(odd ODD, d Driver) (ok bool, reasons []Reason) {
	m.l3Reasons(&odd, &d)
	m.pub = m.pub[:0]
	for i := 0; i < m.rs.n; i++ {
		m.pub = append(m.pub, m.rs.r[i].reason())
	}
	return m.rs.n == 0, m.pub
}

// AvailabilityL2 is Availability for the L2 system.
func (m *Machine) AvailabilityL2(odd ODD, d Driver) (ok bool, reasons []Reason) {
	m.l2Reasons(&odd, &d)
	m.pub = m.pub[:0]
	for i := 0; i < m.rs.n; i++ {
		m.pub = append(m.pub, m.rs.r[i].reason())
	}
	return m.rs.n == 0, m.pub
}

func (m *Machine) stepIdle(in *Input) {
	o, d := &in.ODD, &in.Driver
	if m.state == StateManual && m.now-m.manualAt < m.stabiliseMs {
		if in.EngageRequest != LevelNone {
			m.l3Reasons(o, d)
			m.refuse(in.EngageRequest, m.rs.r[0])
		}
		return
	}
	m.l3Reasons(o, d)
	ok := m.rs.n == 0
	if ok != m.wasAvail || m.state == StateManual {
		if ok {
			m.state = StateAvailable
			m.emit(EventAvailable, "", 0, say("available"))
		} else {
			m.state = StateOff
			if m.wasAvail {
				m.emit(EventUnavailable, string(m.rs.r[0].code), 0, msg.New("automation.unavailable", msg.Sub("reason", m.rs.r[0].msg())))
			}
		}
		m.wasAvail = ok
	}
	switch in.EngageRequest {
	case LevelL3:
		if ok {
			m.engageL3()
		} else {
			m.refuse(LevelL3, m.rs.r[0])
		}
	case LevelL2:
		m.l2Reasons(o, d)
		if m.rs.n == 0 {
			m.engageL2(d)
		} else {
			m.refuse(LevelL2, m.rs.r[0])
		}
	}
}

func (m *Machine) refuse(l Level, r rawReason) {
	key := "automation.engage_refused.l3"
	if l == LevelL2 {
		key = "automation.engage_refused.l2"
	}
	m.emit(EventRefused, string(r.code), 0, msg.New(key, msg.Sub("reason", r.msg())))
}

func (m *Machine) engageL3() {
	m.state, m.level = StateActive, LevelL3
	m.lastEvidence = m.now
	m.outSeatAt = -1
	m.exitNoticed = false
	m.wasAvail = false
	m.emit(EventEngaged, string(LevelL3), m.p.MaxSpeedKmh, msg.New("automation.engaged.l3", whole("kmh", m.p.MaxSpeedKmh)))
}

func (m *Machine) stepActive(in *Input) {
	o, d := &in.ODD, &in.Driver
	// The driver's own takeover or switch-off comes first: it is always
	// allowed and ends automation at once.
	if validTakeover(d) {
		m.emit(EventDisengaged, "override", 0, say("disengaged.override"))
		m.toManual()
		return
	}
	if in.DisengageRequest {
		if d.HandsOnWheel && d.Seated {
			m.emit(EventDisengaged, "button", 0, say("disengaged.button"))
			m.toManual()
			return
		}
		m.request(rawReason{code: ReasonDisengageNoHands})
		return
	}
	if o.SevereFault {
		m.startMRM(rawReason{code: ReasonSevereFault})
		return
	}
	if !d.BeltOn {
		m.request(rawReason{code: ReasonBeltOff})
		return
	}
	if !d.Seated {
		if m.outSeatAt < 0 {
			m.outSeatAt = m.now
		}
		if m.now-m.outSeatAt > m.seatMs {
			m.request(rawReason{code: ReasonOutOfSeat, limit: m.p.OutOfSeatS})
			return
		}
	} else {
		m.outSeatAt = -1
	}
	m.rs.n = 0
	m.p.checkODD(o, false, &m.rs)
	if m.rs.n > 0 {
		m.request(m.rs.r[0])
		return
	}
	if tb := boundaryS(o); tb <= m.p.PlannedLeadS {
		m.request(rawReason{code: ReasonPlannedExit, value: o.BoundaryAheadM})
		return
	} else if tb <= m.p.ExitNoticeS && !m.exitNoticed {
		m.exitNoticed = true
		m.emit(EventExitNotice, "", o.BoundaryAheadM, msg.New("automation.exit_notice", whole("m", o.BoundaryAheadM)))
	}
	if (d.Braking || d.Accelerating) && !d.HandsOnWheel {
		// Single-pedal override (ACSF-23-12): the system keeps steering and
		// asks for the hands.
		m.request(rawReason{code: ReasonPedalOverride})
		return
	}
	if d.HandsOnWheel && (d.Steering || d.Braking || d.Accelerating) && !d.EyesOnRoad {
		m.request(rawReason{code: ReasonEyesOffOverride})
		return
	}
	if evidence(d) {
		m.lastEvidence = m.now
		if m.state == StateAvailabilityWarning {
			m.state = StateActive
			m.emit(EventAvailabilityRestored, "", 0, say("availability_restored"))
		}
		return
	}
	switch m.state {
	case StateActive:
		if m.now-m.lastEvidence >= m.evidenceMs {
			m.state = StateAvailabilityWarning
			m.warnAt = m.now
			m.reason = rawReason{code: ReasonUnavailable, value: secs(m.now - m.lastEvidence)}
			m.emit(EventAvailabilityWarning, "", m.p.AvailWarnS, msg.New("automation.availability_warning", whole("s", m.p.AvailWarnS)))
		}
	case StateAvailabilityWarning:
		if m.now-m.warnAt >= m.warnMs {
			m.request(rawReason{code: ReasonUnavailable, value: secs(m.now - m.lastEvidence)})
		}
	}
}

// request starts a takeover request (stage 1). Requests are never
// withdrawn by the system: once issued, only a takeover or the MRM ends
// them (R157: the system keeps driving until then).
func (m *Machine) request(r rawReason) {
	m.state = StateTakeover1
	m.tdAt = m.now
	m.reason = r
	m.acked, m.hintHands, m.hintEyes = false, false, false
	m.emit(EventTakeoverRequested, string(r.code), m.p.TakeoverBudgetS, msg.New("automation.takeover_requested", msg.Sub("reason", r.msg())))
}

func (m *Machine) stepRequest(o *ODD, d *Driver) {
	el := m.now - m.tdAt
	if validTakeover(d) {
		m.emit(EventTakeover, string(m.reason.code), secs(el), msg.New("automation.takeover.done", tenths("s", secs(el))))
		m.toManual()
		return
	}
	if o.SevereFault {
		m.startMRM(rawReason{code: ReasonSevereFault})
		return
	}
	if d.SaidIHaveControl && !m.acked {
		m.acked = true
		m.emit(EventAcknowledged, "", 0, say("acknowledged"))
	}
	if (d.Braking || d.Accelerating || d.Steering) && !d.HandsOnWheel && !m.hintHands {
		m.hintHands = true
		m.emit(EventTakeoverIncomplete, "hands", 0, say("takeover_incomplete.hands"))
	} else if d.HandsOnWheel && (d.Braking || d.Accelerating || d.Steering) && !d.EyesOnRoad && !m.hintEyes {
		m.hintEyes = true
		m.emit(EventTakeoverIncomplete, "eyes", 0, say("takeover_incomplete.eyes"))
	}
	if el >= m.budgetMs {
		m.startMRM(m.reason)
		return
	}
	if m.state == StateTakeover1 && el >= m.escalateMs {
		m.state = StateTakeover2
		left := secs(m.budgetMs - el)
		m.emit(EventTakeoverEscalated, string(m.reason.code), left, msg.New("automation.takeover_escalated", whole("s", left)))
	}
}

func (m *Machine) mrmDecel() float64 { return math.Min(m.p.MRMDecelMps2, m.p.MRMDecelMaxMps2) }

func (m *Machine) startMRM(r rawReason) {
	if m.state != StateTakeover1 && m.state != StateTakeover2 {
		m.tdAt = m.now
	}
	m.state = StateMRM
	m.reason = r
	m.lockedMRM = true
	m.hazards = true
	a := m.mrmDecel()
	m.emit(EventMRM, string(r.code), a, msg.New("automation.mrm", tenths("decel", a)))
}

func (m *Machine) toMRC() {
	m.state = StateMRC
	m.hold = true
	m.doors = m.p.UnlockDoors
	m.ecall = m.p.EmergencyCall
	key := "mrc"
	switch {
	case m.doors && m.ecall:
		key = "mrc.doors_ecall"
	case m.doors:
		key = "mrc.doors"
	case m.ecall:
		key = "mrc.ecall"
	}
	m.emit(EventMRC, string(m.level), 0, say(key))
}

func (m *Machine) toManual() {
	m.state = StateManual
	m.level = LevelNone
	m.manualAt = m.now
	m.hold = false
	m.wasAvail = false
}

func (m *Machine) output() Output {
	out := Output{State: m.state, Level: m.level, Hazards: m.hazards, UnlockDoors: m.doors, EmergencyCall: m.ecall,
		HoldStandstill: m.hold, Events: m.events}
	if m.lockUntil != never {
		out.L2LockS = secs(m.lockUntil - m.now)
	}
	switch m.state {
	case StateActive:
		out.Active, out.MaxSpeedKmh = true, m.p.MaxSpeedKmh
		if m.exitNoticed {
			out.Alert = AlertInfo
		}
	case StateAvailabilityWarning:
		out.Active, out.MaxSpeedKmh, out.Alert, out.Attention = true, m.p.MaxSpeedKmh, AlertInfo, true
		out.BudgetS = math.Max(0, secs(m.warnMs-(m.now-m.warnAt)))
		out.Reason = ReasonUnavailable
		out.Tone, out.Haptic = m.sig.Warning.Tone, m.sig.Warning.Haptic
	case StateTakeover1, StateTakeover2:
		out.Active, out.MaxSpeedKmh, out.SuspendScreens = true, m.p.MaxSpeedKmh, true
		out.BudgetS = math.Max(0, secs(m.budgetMs-(m.now-m.tdAt)))
		out.Reason = m.reason.code
		out.Alert, out.Attention = AlertStage1, true
		out.Tone, out.Haptic = m.sig.Stage1.Tone, m.sig.Stage1.Haptic
		if m.state == StateTakeover2 {
			out.Alert = AlertStage2
			out.Tone, out.Haptic = m.sig.Stage2.Tone, m.sig.Stage2.Haptic
		}
	case StateMRM:
		out.Active, out.DecelMps2, out.SuspendScreens = true, m.mrmDecel(), true
		out.Alert, out.Reason, out.Attention = AlertStage2, m.reason.code, true
		out.Tone, out.Haptic = m.sig.MRM.Tone, m.sig.MRM.Haptic
	case StateL2Stop:
		// the L2 stop is not the takeover HMI's: its signals stay the
		// MRM's of the default
		out.Active, out.DecelMps2, out.SuspendScreens = true, m.mrmDecel(), true
		out.Alert, out.Haptic, out.Reason = AlertStage2, true, m.reason.code
		out.Attention, out.Tone = true, true
	case StateMRC:
		out.SuspendScreens, out.Alert, out.Reason, out.Attention = true, AlertStage2, m.reason.code, true
		out.Tone, out.Haptic = m.sig.MRC.Tone, m.sig.MRC.Haptic
	case StateL2Active:
		out.Active, out.MaxSpeedKmh = true, m.p.L2.MaxSpeedKmh
	case StateL2Prompt:
		out.Active, out.MaxSpeedKmh, out.Alert, out.Attention = true, m.p.L2.MaxSpeedKmh, AlertInfo, true
	case StateL2Warning:
		out.Active, out.MaxSpeedKmh, out.Alert, out.Attention = true, m.p.L2.MaxSpeedKmh, AlertStage2, true
		out.BudgetS = math.Max(0, secs(m.l2FallbackMs-(m.now-m.l2WarnAt)))
	}
	return out
}
