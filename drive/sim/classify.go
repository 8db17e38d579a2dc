package sim

import (
	"strings"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/parking"
)

// Severity grades an event as production clusters grade alerts: the
// colour it is shown in and whether it sounds.
type Severity int8

// Severities, lowest first.
const (
	SeverityInfo Severity = iota
	SeverityWarn
	SeverityCritical
)

// String is the severity's name in logs: info, warn, critical.
func (s Severity) String() string {
	switch s {
	case SeverityWarn:
		return "warn"
	case SeverityCritical:
		return "critical"
	}
	return "info"
}

// Cue is the earcon an event sounds (front ends map it to a sound).
type Cue string

// Cues.
const (
	CueNone     Cue = ""
	CueInfo     Cue = "info"
	CueWarning  Cue = "warning"
	CueCritical Cue = "critical"
)

// Classify grades an event: its severity and its sound. It is the one
// table of them (the drive loop and the session classify every event
// they log; front ends only render the grade). The automation grades its
// own transitions (automation.EventLevel) and sounds its own tones from
// its state, so its events carry no cue.
func Classify(ev *Event) {
	ev.Severity = severityOf(ev)
	ev.Cue = cueOf(ev)
}

func severityOf(ev *Event) Severity {
	k := string(ev.Kind)
	switch k {
	case parking.EvSensorFault:
		return SeverityCritical
	case parking.EvAborted, parking.EvPlanFailed, parking.EvRemoteRefused, parking.EvSelectRefused, parking.EvUnavailable:
		return SeverityWarn
	case parking.EvPaused:
		if ev.Subject == "driver" {
			return SeverityInfo // asked for: nothing to warn about
		}
		return SeverityWarn
	}
	if strings.HasPrefix(k, "automation.") {
		if k == automation.EventTakeover && automation.TooLate(ev.Msg) {
			return SeverityWarn // the car had to stop itself first
		}
		switch automation.EventLevel(k) {
		case automation.AlertStage2:
			return SeverityCritical
		case automation.AlertStage1, automation.AlertInfo:
			return SeverityWarn
		}
		return SeverityInfo
	}
	switch ev.Kind {
	case EventAEB:
		switch ev.Subject {
		case "released":
			return SeverityInfo
		case "hold":
			return SeverityWarn
		}
		return SeverityCritical
	case EventCollision, EventStranded, EventEnergyCritical, EventFCW, EventEmergencyBrake:
		return SeverityCritical
	case EventHarshBraking, EventIncidentAhead, EventIncidentEntered, EventEmergencyVehicle,
		EventCutIn, EventPedestrianCrossing, EventObstacle, EventLDW, EventLaneDeparture, EventEnergyLow, EventRouteEnergy,
		EventRouteFailed, EventLaneChangeRejected, EventCommandRejected, cabin.EventWarning:
		return SeverityWarn
	case EventDriver:
		switch ev.Subject {
		case "belt_off", "hands_off", "eyes_off", "left_seat":
			return SeverityWarn
		}
	}
	return SeverityInfo
}

// cueOf: critical and warning alerts always sound, information only for
// what the driver asked for or must not miss (a route, a turn, arrival,
// charging). Everything else stays silent, or the cabin would never be.
func cueOf(ev *Event) Cue {
	if strings.HasPrefix(string(ev.Kind), "automation.") || ev.Kind.Detail() {
		return CueNone
	}
	switch ev.Severity {
	case SeverityCritical:
		return CueCritical
	case SeverityWarn:
		return CueWarning
	}
	switch ev.Kind {
	case EventRoutePlanned, EventManeuverAhead, EventArrived, EventWaypoint,
		EventChargingStarted, EventChargingFinished, EventControlChanged:
		return CueInfo
	}
	return CueNone
}

// classifyStep grades the events of the step.
func (s *Sim) classifyStep() {
	for i := range s.events {
		Classify(&s.events[i])
	}
}
