package automation

import "github.com/nevsim/cockpit/drive/statechart"

// edge names one transition of the machine's table (transitions). Every
// change of state in the machine goes through take with an edge, so a
// transition the table lacks cannot be written without adding it, and the
// diagram `cockpit diagram automation|l2` prints is the table itself.
type edge uint8

// The edges, in the order the diagrams list them.
const (
	edgeAvailable edge = iota
	edgeUnavailable
	edgeStabilisedAvailable
	edgeStabilisedOff
	edgeEngageL3
	edgeDriverDisengage
	edgeEvidenceLost
	edgeEvidenceBack
	edgeRequest
	edgeRequestOutOfSeat
	edgeRequestPlannedExit
	edgeWarningExpired
	edgeSevereFault
	edgeEscalate
	edgeTakeover
	edgeBudgetExpired
	edgeTakeoverDuringMRM
	edgeStandstill
	edgeTakeoverAfterMRC
	edgeEngageL2
	edgeEngageL3FromL2
	edgeL2Prompt
	edgeL2Warning
	edgeL2Restored
	edgeL2Lockout
	edgeL2Disengage
	edgeL2Unavailable
	edgeL2FallbackStop
	edgeL2FallbackOff
	edgeL2StopTakeover
	edgeL2StopStandstill
	edgeRestart
	numEdges
)

// view is the diagrams an edge is drawn in: the L3 one, the L2 one or both
// (the idle states they share).
type view uint8

const (
	viewL3 view = 1 << iota
	viewL2
)

// transition is one row of the table. timers are Params' YAML names
// (timerValue reads them).
type transition struct {
	name   string
	from   []State
	to     State
	event  string
	guard  string
	within bool
	timers []string
	views  view
}

var (
	l3Engaged  = []State{StateActive, StateAvailabilityWarning}
	l3Requests = []State{StateTakeover1, StateTakeover2}
	l2Driving  = []State{StateL2Active, StateL2Prompt, StateL2Warning}
	// fromAny marks the one edge every state can take.
	fromAny = []State{statechart.Any}
)

// transitions is the machine's table: every edge Step can take. Guards are
// short readable text for the diagrams; the code that decides them is at
// the take call that names the edge.
var transitions = [numEdges]transition{
	edgeAvailable: {name: "available", from: []State{StateOff}, to: StateAvailable, event: EventAvailable,
		guard: "every L3 precondition holds (ODD, seated, belted, eyes open)", views: viewL3 | viewL2},
	edgeUnavailable: {name: "unavailable", from: []State{StateAvailable}, to: StateOff, event: EventUnavailable,
		guard: "an L3 precondition lost", views: viewL3 | viewL2},
	edgeStabilisedAvailable: {name: "stabilised_available", from: []State{StateManual}, to: StateAvailable, event: EventAvailable,
		guard: "stabilising over and every L3 precondition holds", timers: []string{"stabilise_s"}, views: viewL3},
	edgeStabilisedOff: {name: "stabilised_off", from: []State{StateManual}, to: StateOff,
		guard: "stabilising over and an L3 precondition unmet", timers: []string{"stabilise_s"}, views: viewL3},
	edgeEngageL3: {name: "engage_l3", from: []State{StateAvailable}, to: StateActive, event: EventEngaged,
		guard: "engage l3, confirmed by the driver", views: viewL3},
	edgeDriverDisengage: {name: "driver_disengage", from: l3Engaged, to: StateManual, event: EventDisengaged,
		guard: "valid takeover (override), or the button with hands on the wheel", views: viewL3},
	edgeEvidenceLost: {name: "evidence_lost", from: []State{StateActive}, to: StateAvailabilityWarning, event: EventAvailabilityWarning,
		guard: "no sign of an available driver", timers: []string{"evidence_s"}, views: viewL3},
	edgeEvidenceBack: {name: "evidence_back", from: []State{StateAvailabilityWarning}, to: StateActive, event: EventAvailabilityRestored,
		guard: "a sign of availability (eyes on road, hands, an input, the phone task, speech)", views: viewL3},
	edgeRequest: {name: "request", from: l3Engaged, to: StateTakeover1, event: EventTakeoverRequested,
		guard: "belt off, ODD lost or unplanned event ahead, pedal without hands, input with eyes off, or the button without hands",
		views: viewL3},
	edgeRequestOutOfSeat: {name: "request_out_of_seat", from: l3Engaged, to: StateTakeover1, event: EventTakeoverRequested,
		guard: "driver out of the seat", timers: []string{"out_of_seat_s"}, views: viewL3},
	edgeRequestPlannedExit: {name: "request_planned_exit", from: l3Engaged, to: StateTakeover1, event: EventTakeoverRequested,
		guard: "planned ODD exit ahead, in seconds of travel", within: true, timers: []string{"planned_lead_s"}, views: viewL3},
	edgeWarningExpired: {name: "warning_expired", from: []State{StateAvailabilityWarning}, to: StateTakeover1, event: EventTakeoverRequested,
		guard: "still no sign of availability", timers: []string{"avail_warn_s"}, views: viewL3},
	edgeSevereFault: {name: "severe_fault", from: []State{StateActive, StateAvailabilityWarning, StateTakeover1, StateTakeover2},
		to: StateMRM, event: EventMRM, guard: "severe fault, an MRM without a request", views: viewL3},
	edgeEscalate: {name: "escalate", from: []State{StateTakeover1}, to: StateTakeover2, event: EventTakeoverEscalated,
		guard: "no valid takeover yet, counted from the request", timers: []string{"escalate_s"}, views: viewL3},
	edgeTakeover: {name: "takeover", from: l3Requests, to: StateManual, event: EventTakeover,
		guard: "valid takeover, hands on wheel, eyes on road, steering or pedal", views: viewL3},
	edgeBudgetExpired: {name: "budget_expired", from: l3Requests, to: StateMRM, event: EventMRM,
		guard: "no valid takeover, counted from the request", timers: []string{"takeover_budget_s"}, views: viewL3},
	edgeTakeoverDuringMRM: {name: "takeover_during_mrm", from: []State{StateMRM}, to: StateManual, event: EventTakeover,
		guard: "valid takeover, too late to spare the MRM", views: viewL3},
	edgeStandstill: {name: "standstill", from: []State{StateMRM}, to: StateMRC, event: EventMRC,
		guard: "speed at or below standstill_kmh", views: viewL3},
	edgeTakeoverAfterMRC: {name: "takeover_after_mrc", from: []State{StateMRC}, to: StateManual, event: EventTakeover,
		guard: "valid takeover at standstill", views: viewL3},
	edgeEngageL2: {name: "engage_l2", from: []State{StateOff, StateAvailable}, to: StateL2Active, event: EventEngaged,
		guard: "engage l2, markings good or worn, no fault, speed within l2.max_speed_kmh, seated, belted, not locked",
		views: viewL2},
	edgeEngageL3FromL2: {name: "engage_l3_from_l2", from: l2Driving, to: StateActive, event: EventEngaged,
		guard: "engage l3 and every L3 precondition holds", views: viewL2},
	edgeL2Prompt: {name: "l2_prompt", from: []State{StateL2Active}, to: StateL2Prompt, event: EventL2Prompt,
		guard: "hands off the wheel, or eyes off the road", timers: []string{"l2.hands_off_prompt_s", "l2.eyes_off_prompt_s"}, views: viewL2},
	edgeL2Warning: {name: "l2_warning", from: []State{StateL2Active, StateL2Prompt}, to: StateL2Warning, event: EventL2Warning,
		guard: "still hands off, or eyes off", timers: []string{"l2.hands_off_warning_s", "l2.eyes_off_warning_s"}, views: viewL2},
	edgeL2Restored: {name: "l2_restored", from: []State{StateL2Prompt, StateL2Warning}, to: StateL2Active, event: EventL2Restored,
		guard: "hands on the wheel and eyes on the road", views: viewL2},
	edgeL2Lockout: {name: "l2_lockout", from: []State{StateL2Active}, to: StateOff, event: EventDisengaged,
		guard: "attention restored once l2.lock_escalations warnings fell within l2.lock_window_s, then locked for l2.lock_s",
		views: viewL2},
	edgeL2Disengage: {name: "l2_disengage", from: l2Driving, to: StateOff, event: EventDisengaged,
		guard: "the button, or the brake", views: viewL2},
	edgeL2Unavailable: {name: "l2_unavailable", from: l2Driving, to: StateOff, event: EventL2Unavailable,
		guard: "markings lost, or a fault", views: viewL2},
	edgeL2FallbackStop: {name: "l2_fallback_stop", from: []State{StateL2Warning}, to: StateL2Stop, event: EventL2Fallback,
		guard: "warning ignored and l2.fallback is stop (China draft)", timers: []string{"l2.fallback_after_s"}, views: viewL2},
	edgeL2FallbackOff: {name: "l2_fallback_off", from: []State{StateL2Warning}, to: StateOff, event: EventL2Fallback,
		guard: "warning ignored and l2.fallback is deactivate (R79)", timers: []string{"l2.fallback_after_s"}, views: viewL2},
	edgeL2StopTakeover: {name: "l2_stop_takeover", from: []State{StateL2Stop}, to: StateOff, event: EventTakeover,
		guard: "seated, hands on the wheel, steering or pedal (then locked if a lock is due)", views: viewL2},
	edgeL2StopStandstill: {name: "l2_stop_standstill", from: []State{StateL2Stop}, to: StateOff, event: EventMRC,
		guard: "speed at or below standstill_kmh (then locked if a lock is due)", views: viewL2},
	edgeRestart: {name: "restart", from: fromAny, to: StateOff,
		guard: "ignition restart at standstill, which clears the MRM lock (automation.reset)", views: viewL3 | viewL2},
}

// take moves the machine along e: the only way its state changes after
// New. The edge is kept for the step's record (Taken), in a fixed array so
// stepping stays free of allocations.
func (m *Machine) take(e edge) {
	m.state = transitions[e].to
	if m.nTaken < len(m.taken) {
		m.taken[m.nTaken] = e
	}
	m.nTaken++
}

// maxTakenPerStep bounds the edges one step records: the longest chain is
// a restart, the machine becoming available and engaging (three).
const maxTakenPerStep = 6

// stateTitles are the states' names for people, in the diagrams' order.
var stateTitles = []statechart.State{
	{ID: string(StateOff), Title: "Off, L3 could not engage now"},
	{ID: string(StateAvailable), Title: "Available, every L3 precondition holds"},
	{ID: string(StateActive), Title: "L3 active, the system drives"},
	{ID: string(StateAvailabilityWarning), Title: "Availability warning (amber)"},
	{ID: string(StateTakeover1), Title: "Takeover stage 1 (amber, chime, screens suspended)"},
	{ID: string(StateTakeover2), Title: "Takeover stage 2 (red, continuous tone, haptic)"},
	{ID: string(StateMRM), Title: "Minimal-risk manoeuvre (in-lane braking, hazards)"},
	{ID: string(StateMRC), Title: "Minimal-risk condition (stopped, L3 locked until restart)"},
	{ID: string(StateManual), Title: "Manual, the driver drives (no re-engage while stabilising)"},
	{ID: string(StateL2Active), Title: "L2 active, the driver supervises"},
	{ID: string(StateL2Prompt), Title: "Hands-off prompt (optical)"},
	{ID: string(StateL2Warning), Title: "Hands-off warning (red, acoustic)"},
	{ID: string(StateL2Stop), Title: "L2 risk-mitigation stop (hazards)"},
}

// timerValue is the value of the parameter a table timer names, and
// whether the parameters switch it off (a zero eyes-off prompt: eyes are
// not monitored).
func timerValue(p *Params, name string) (s float64, off bool) {
	switch name {
	case "stabilise_s":
		return p.StabiliseS, false
	case "evidence_s":
		return p.EvidenceS, false
	case "out_of_seat_s":
		return p.OutOfSeatS, false
	case "planned_lead_s":
		return p.PlannedLeadS, false
	case "avail_warn_s":
		return p.AvailWarnS, false
	case "escalate_s":
		return p.EscalateS, false
	case "takeover_budget_s":
		return p.TakeoverBudgetS, false
	case "l2.hands_off_prompt_s":
		return p.L2.HandsOffPromptS, false
	case "l2.eyes_off_prompt_s":
		return p.L2.EyesOffPromptS, p.L2.EyesOffPromptS == 0
	case "l2.hands_off_warning_s":
		return p.L2.HandsOffWarningS, false
	case "l2.eyes_off_warning_s":
		return p.L2.EyesOffWarningS, p.L2.EyesOffPromptS == 0
	case "l2.fallback_after_s":
		return p.L2.FallbackAfterS, false
	}
	panic("automation: the table names an unknown timer " + name)
}

// Table is the machine's whole transition table, with the timers' values
// of p: what Step can do, as data (drive/statechart renders it).
func Table(p Params) statechart.Chart { return chart(&p, viewL3|viewL2, "automation", "") }

// Diagram is the part of the table one diagram shows: LevelL2 the L2
// system (engaging, the hands-off cascade, its fallback), any other level
// the L3 system (the idle states, engaged L3, the takeover request, the
// MRM). Both keep the idle edges they share and the ignition restart.
func Diagram(p Params, l Level) statechart.Chart {
	if l == LevelL2 {
		return chart(&p, viewL2, "l2", "L2 hands-off cascade, preset "+p.ID)
	}
	return chart(&p, viewL3, "automation", "L3 automation (UN R157 ALKS), preset "+p.ID)
}

func chart(p *Params, v view, name, title string) statechart.Chart {
	c := statechart.Chart{Name: name, Title: title, Initial: string(StateOff),
		States: append([]statechart.State(nil), stateTitles...)}
	for i := range transitions {
		t := &transitions[i]
		if t.views&v == 0 {
			continue
		}
		e := statechart.Edge{Name: t.name, To: string(t.to), Event: t.event, Guard: t.guard, Within: t.within}
		for _, f := range t.from {
			e.From = append(e.From, string(f))
		}
		for _, name := range t.timers {
			s, off := timerValue(p, name)
			e.Timers = append(e.Timers, statechart.Timer{Param: name, Seconds: s, Valued: true, Off: off})
		}
		c.Edges = append(c.Edges, e)
	}
	c.Prune()
	return c
}
