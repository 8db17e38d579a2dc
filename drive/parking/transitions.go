package parking

import (
	"fmt"

	"github.com/nevsim/cockpit/drive/statechart"
)

// edge names one transition of the machine's table (transitions). Every
// change of state goes through Machine.to or Machine.take with an edge, so
// a transition the table lacks cannot be written without adding it, and
// `cockpit diagram parking` prints the table itself.
type edge uint8

// The edges, in the order the diagram lists them.
const (
	edgeActivate edge = iota
	edgeChooseSlot
	edgeParkOut
	edgeSearchCancel
	edgeSelect
	edgeReselect
	edgeSelectedCancel
	edgeConfirm
	edgeRemotePark
	edgePlanCancel
	edgePlanFailed
	edgeParkOutFailedIdle
	edgeParkOutFailedDone
	edgeParkOutFailedAborted
	edgeStart
	edgePause
	edgeResume
	edgeAbort
	edgeSensorFault
	edgeRemoteTimeout
	edgePauseTimeout
	edgeDone
	numEdges
)

// transition is one row of the table. timers are Config's field names
// (timerValue reads them).
type transition struct {
	name   string
	from   []State
	to     State
	event  string
	guard  string
	timers []string
}

var (
	// offStates are the states the assist rests in: a new search, a slot
	// chosen on the map or a phone's park-out start from any of them.
	offStates   = []State{StateIdle, StateDone, StateAborted}
	manoeuvring = []State{StateExecuting, StatePaused}
)

// transitions is the machine's table: every edge Step can take. Guards are
// short readable text for the diagram; the code that decides them is at
// the call that names the edge.
var transitions = [numEdges]transition{
	edgeActivate: {name: "activate", from: offStates, to: StateSearching, event: EvSearchStarted,
		guard: "activate in a car park, below the search speed"},
	edgeChooseSlot: {name: "choose_slot", from: offStates, to: StateSelected, event: EvSlotSelected,
		guard: "a slot of the car park chosen by its map id, and it fits"},
	edgeParkOut: {name: "park_out", from: offStates, to: StatePlanning,
		guard: "phone park_out, driver out of the seat, phone in range and held, car in a slot"},
	edgeSearchCancel: {name: "search_cancel", from: []State{StateSearching}, to: StateIdle, event: EvCancelled,
		guard: "cancel, or the car left the car park"},
	edgeSelect: {name: "select", from: []State{StateSearching}, to: StateSelected, event: EvSlotSelected,
		guard: "a slot picked by number, side or map id, and it fits"},
	edgeReselect: {name: "reselect", from: []State{StateSelected}, to: StateSelected, event: EvSlotSelected,
		guard: "another slot picked, and it fits"},
	edgeSelectedCancel: {name: "selected_cancel", from: []State{StateSelected}, to: StateIdle, event: EvCancelled,
		guard: "cancel"},
	edgeConfirm: {name: "confirm", from: []State{StateSelected}, to: StatePlanning,
		guard: "confirm, driver seated, car stopped, slot within 15 m"},
	edgeRemotePark: {name: "remote_park", from: []State{StateSelected}, to: StatePlanning,
		guard: "phone park, driver out of the seat, phone in range and held, slot within 15 m"},
	edgePlanCancel: {name: "plan_cancel", from: []State{StatePlanning}, to: StateIdle, event: EvCancelled,
		guard: "cancel, by the driver or the phone"},
	edgePlanFailed: {name: "plan_failed", from: []State{StatePlanning}, to: StateSearching, event: EvPlanFailed,
		guard: "no path into the slot, or the car moved"},
	edgeParkOutFailedIdle: {name: "park_out_failed_idle", from: []State{StatePlanning}, to: StateIdle, event: EvPlanFailed,
		guard: "parking out from idle, no way out or the car moved"},
	edgeParkOutFailedDone: {name: "park_out_failed_done", from: []State{StatePlanning}, to: StateDone, event: EvPlanFailed,
		guard: "parking out from done, no way out or the car moved"},
	edgeParkOutFailedAborted: {name: "park_out_failed_aborted", from: []State{StatePlanning}, to: StateAborted, event: EvPlanFailed,
		guard: "parking out from aborted, no way out or the car moved"},
	edgeStart: {name: "start", from: []State{StatePlanning}, to: StateExecuting, event: EvStarted,
		guard: "a path found (parking.planned first)"},
	edgePause: {name: "pause", from: []State{StateExecuting}, to: StatePaused, event: EvPaused,
		guard: "an obstacle within the stopping distance plus LookaheadM, or the driver pauses"},
	edgeResume: {name: "resume", from: []State{StatePaused}, to: StateExecuting, event: EvResumed,
		guard: "path clear, no driver pause, car stopped", timers: []string{"ResumeClearS"}},
	edgeAbort: {name: "abort", from: manoeuvring, to: StateAborted, event: EvAborted,
		guard: "cancel, steering at least SteerAbortNm, braking at least HardBrakeMps2, or the driver left the seat"},
	edgeSensorFault: {name: "sensor_fault", from: manoeuvring, to: StateAborted, event: EvAborted,
		guard: "the plausibility check found late obstacle data"},
	edgeRemoteTimeout: {name: "remote_timeout", from: manoeuvring, to: StateAborted, event: EvAborted,
		guard: "remote, the control released or the phone out of range", timers: []string{"RemoteIdleS"}},
	edgePauseTimeout: {name: "pause_timeout", from: []State{StatePaused}, to: StateAborted, event: EvAborted,
		guard: "still paused", timers: []string{"PauseTimeoutS"}},
	edgeDone: {name: "done", from: manoeuvring, to: StateDone, event: EvDone,
		guard: "end of the path, standing (P, parking brake)"},
}

// parkOutFailed is the edge back to the state a park-out started from.
func parkOutFailed(prev State) edge {
	switch prev {
	case StateDone:
		return edgeParkOutFailedDone
	case StateAborted:
		return edgeParkOutFailedAborted
	}
	return edgeParkOutFailedIdle
}

// take moves the machine along e: with to, the only way its state changes.
// The edge is kept for the step's record, in a fixed array.
func (m *Machine) take(e edge) {
	m.state = transitions[e].to
	if m.nTaken < len(m.taken) {
		m.taken[m.nTaken] = e
	}
	m.nTaken++
}

// maxTakenPerStep bounds the edges one step records: the longest chain is
// a confirm that plans within the step and starts (two).
const maxTakenPerStep = 4

var stateTitles = []statechart.State{
	{ID: string(StateIdle), Title: "Idle, off"},
	{ID: string(StateSearching), Title: "Searching, measuring slots while driving past"},
	{ID: string(StateSelected), Title: "Slot selected, waiting for confirmation"},
	{ID: string(StatePlanning), Title: "Planning, the car standing"},
	{ID: string(StateExecuting), Title: "Executing, the car follows the path"},
	{ID: string(StatePaused), Title: "Paused, stopped for an obstacle or the driver"},
	{ID: string(StateAborted), Title: "Aborted, stopped, the driver has control"},
	{ID: string(StateDone), Title: "Done, P and parking brake on"},
}

// timerValue is the value of the Config field a table timer names.
func timerValue(c *Config, name string) float64 {
	switch name {
	case "ResumeClearS":
		return c.ResumeClearS
	case "RemoteIdleS":
		return c.RemoteIdleS
	case "PauseTimeoutS":
		return c.PauseTimeoutS
	}
	panic(fmt.Sprintf("parking: the table names an unknown timer %s", name))
}

// Table is the machine's transition table with the timers of c: what Step
// can do, as data (drive/statechart renders it).
func Table(c Config) statechart.Chart {
	ch := statechart.Chart{Name: "parking", Title: "Automated parking", Initial: string(StateIdle),
		States: append([]statechart.State(nil), stateTitles...)}
	for i := range transitions {
		t := &transitions[i]
		e := statechart.Edge{Name: t.name, To: string(t.to), Event: t.event, Guard: t.guard}
		for _, f := range t.from {
			e.From = append(e.From, string(f))
		}
		for _, name := range t.timers {
			e.Timers = append(e.Timers, statechart.Timer{Param: name, Seconds: timerValue(&c, name), Valued: true})
		}
		ch.Edges = append(ch.Edges, e)
	}
	return ch
}
