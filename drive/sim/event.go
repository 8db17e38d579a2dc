package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/drive/msg"
)

// Millis is simulation time in milliseconds since the start of a drive. It is
// an integer so that event logs are reproducible byte for byte.
type Millis int64

// Seconds converts sim time to seconds.
func (m Millis) Seconds() float64 { return float64(m) / 1000 }

// String formats sim time as H:MM:SS.mmm, the form the timeline uses.
func (m Millis) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	h := m / 3_600_000
	min := m / 60_000 % 60
	s := m / 1000 % 60
	ms := m % 1000
	sign := ""
	if neg {
		sign = "-"
	}
	return fmt.Sprintf("%s%d:%02d:%02d.%03d", sign, h, min, s, ms)
}

// Clock formats sim time as H:MM:SS, whole seconds (a replay's timeline).
func (m Millis) Clock() string {
	s := int64(m) / 1000
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// EventKind names what happened. Kinds are dotted lowercase words so that
// scenario expectations can name them ("arrived", "incident.ahead").
type EventKind string

// The kinds of event the drive loop emits. Subject and Value are described
// per kind; Text is always a one-sentence English explanation.
const (
	// EventRoutePlanned: a route was planned. Subject: destination place id;
	// Value: length in km.
	EventRoutePlanned EventKind = "route.planned"
	// EventRouteFailed: no route could be planned. Subject: destination.
	EventRouteFailed EventKind = "route.failed"
	// EventRouteEnergy: the energy on board will not last to the
	// destination and no charging stop could be planned; the route is
	// planned without stops. Subject: destination.
	EventRouteEnergy EventKind = "route.energy_warning"
	// EventRouteCancelled: guidance was cancelled.
	EventRouteCancelled EventKind = "route.cancelled"
	// EventRoadEntered: the car entered a different road. Subject: road id;
	// Value: speed limit in km/h.
	EventRoadEntered EventKind = "road.entered"
	// EventManeuverAhead: a turn, ramp or exit is 300 m ahead. Subject: the
	// manoeuvre; Value: metres to it.
	EventManeuverAhead EventKind = "maneuver.ahead"
	// EventWaypoint: the car stopped at a waypoint of the drive. Subject:
	// place id.
	EventWaypoint EventKind = "waypoint.reached"
	// EventArrived: the destination was reached. Subject: place id.
	EventArrived EventKind = "arrived"
	// EventWeatherChanged: the weather changed. Subject: weather kind;
	// Value: visibility in metres.
	EventWeatherChanged EventKind = "weather.changed"
	// EventLightChanged: day turned to night or back. Subject: "day"/"night".
	EventLightChanged EventKind = "light.changed"
	// EventTrafficChanged: the traffic level around the car changed.
	// Subject: level; Value: density 0..1.
	EventTrafficChanged EventKind = "traffic.changed"
	// EventIncidentAhead: an incident is within 1 km ahead on the route.
	// Subject: incident kind; Value: metres to it.
	EventIncidentAhead EventKind = "incident.ahead"
	// EventIncidentEntered: the car is in the incident zone. Subject: kind;
	// Value: the limit in the zone.
	EventIncidentEntered EventKind = "incident.entered"
	// EventIncidentPassed: the car left the incident zone. Subject: kind.
	EventIncidentPassed EventKind = "incident.passed"
	// EventIncidentCleared: an incident ended by itself. Subject: kind.
	EventIncidentCleared EventKind = "incident.cleared"
	// EventEmergencyVehicle: an emergency vehicle is approaching; the
	// driver yields. Value: seconds it stays.
	EventEmergencyVehicle EventKind = "emergency.approaching"
	// EventEmergencyPassed: the emergency vehicle has passed.
	EventEmergencyPassed EventKind = "emergency.passed"
	// EventLeadAppeared: a vehicle ahead in the lane. Value: gap in metres.
	EventLeadAppeared EventKind = "lead.appeared"
	// EventLeadGone: the vehicle ahead left the lane.
	EventLeadGone EventKind = "lead.gone"
	// EventCutIn: a vehicle cut in ahead. Subject: "car" or "moped";
	// Value: gap in metres.
	EventCutIn EventKind = "traffic.cut_in"
	// EventPedestrianCrossing: a pedestrian crosses ahead. Value: metres.
	EventPedestrianCrossing EventKind = "pedestrian.crossing"
	// EventRedLight: the driver stops for a red light. Subject: road id;
	// Value: seconds until green.
	EventRedLight EventKind = "signal.red"
	// EventObstacle: an object stands in the lane ahead (Obstacle). Subject:
	// car, debris or pedestrian; Value: metres.
	EventObstacle EventKind = "traffic.obstacle"
	// EventEmergencyBrake: the automation (L2, L3 or the MRM) brakes beyond
	// its comfort limit to avoid a collision. Subject: what; Value: m/s².
	EventEmergencyBrake EventKind = "assist.emergency_brake"
	// EventFCW: forward-collision warning in manual driving. Value: time
	// to collision, s.
	EventFCW EventKind = "assist.fcw"
	// EventAEB: the automatic emergency brake engaged (Subject: what it
	// brakes for; Value: m/s²), holds the car it stopped (Subject "hold")
	// or let go (Subject "released"; Value km/h).
	EventAEB EventKind = "assist.aeb"
	// EventLDW: lane-departure warning, a wheel near the line without the
	// indicator. Subject: left or right.
	EventLDW EventKind = "assist.ldw"
	// EventLaneDeparture: a wheel crossed the lane line unintentionally.
	// Subject: left or right; Value: the offset from the lane's centre, m.
	EventLaneDeparture EventKind = "lane.departure"
	// EventBrakePressed: the driver pressed the brake pedal (Value: how
	// far, 0..1); a detail, which drills read as the reaction to a warning.
	EventBrakePressed EventKind = "driver.brake"
	// EventHarshBraking: deceleration exceeded 4 m/s². Value: m/s².
	EventHarshBraking EventKind = "brake.harsh"
	// EventCollision: the car hit the vehicle ahead. The drive stops.
	EventCollision EventKind = "collision"
	// EventLaneChangeStarted: a lane change began. Subject: "left"/"right".
	EventLaneChangeStarted EventKind = "lane.change_started"
	// EventLaneChanged: a lane change completed. Value: new lane (1 = leftmost).
	EventLaneChanged EventKind = "lane.changed"
	// EventLaneChangeRejected: a lane change was not possible. Subject: side.
	EventLaneChangeRejected EventKind = "lane.change_rejected"
	// EventControlChanged: who controls speed changed. Subject: control mode.
	EventControlChanged EventKind = "control.changed"
	// EventDriveMode: the drive mode changed. Subject: eco/comfort/sport.
	EventDriveMode EventKind = "drive_mode.changed"
	// EventNobodyDriving: no assistance is engaged and the driver's hands
	// are off the wheel (or the seat is empty): the car rolls to a stop.
	EventNobodyDriving EventKind = "driver.nobody_driving"
	// EventDriver: the driver's state changed. Subject: hands_on, hands_off,
	// eyes_on, eyes_off, belt_on, belt_off, seated, left_seat.
	EventDriver EventKind = "driver"
	// EventEnergyLow: battery (BEV) or total range is low. Value: SoC %.
	EventEnergyLow EventKind = "energy.low"
	// EventEnergyCritical: below 10 %. Value: SoC %.
	EventEnergyCritical EventKind = "energy.critical"
	// EventEnergyMode: an EREV/PHEV switched energy mode. Subject: ev/cd/cs.
	EventEnergyMode EventKind = "energy.mode"
	// EventStranded: out of energy, the car cannot move.
	EventStranded EventKind = "stranded"
	// EventChargingStarted: a charging (or refuelling) stop began.
	// Subject: station place id; Value: station power in kW.
	EventChargingStarted EventKind = "charging.started"
	// EventChargingFinished: the stop ended. Subject: station; Value: SoC %.
	EventChargingFinished EventKind = "charging.finished"
	// EventCommandRejected: a command could not be applied. Subject: the
	// command; Msg: why.
	EventCommandRejected EventKind = "command.rejected"
	// EventTrafficDemand: a SetTraffic scaled the traffic demand. Value:
	// the scale.
	EventTrafficDemand EventKind = "traffic.demand"
	// EventEnergySet: a SetEnergy changed the energy on board. Value: SoC %.
	EventEnergySet EventKind = "energy.set"
	// EventParkingSafety: a SetParkingSafety switched the parking assist's
	// safety functions. Value: the injected sensor delay, s.
	EventParkingSafety EventKind = "parking.safety"
	// EventClockSet: a SetClock moved the time of day. Value: seconds
	// after midnight.
	EventClockSet EventKind = "clock.set"
)

// Refuses reports whether an event of this kind says the car did not do
// what a command asked (a rule refused it, the route or the plan failed),
// so a front end answering a command (a reply, a signal write) reports a
// refusal from what the car did, not from a rule of its own.
func (k EventKind) Refuses() bool {
	switch k {
	case EventCommandRejected, EventRouteFailed, EventLaneChangeRejected,
		"automation.engage_refused", "automation.restart_refused",
		"parking.unavailable", "parking.select_refused", "parking.plan_failed", "parking.remote_refused":
		return true
	}
	return false
}

// Detail reports whether events of this kind are fine-grained detail (a
// vehicle ahead appearing or leaving, the HMI's outputs changing, which
// drive/session reports as hmi.* events, a question asked and answered,
// confirm.*, which the banner shows) that a readable timeline may leave
// out. Logs and expectations always include them.
func (k EventKind) Detail() bool {
	return k == EventLeadAppeared || k == EventLeadGone || k == EventBrakePressed || strings.HasPrefix(string(k), "hmi.") || strings.HasPrefix(string(k), "confirm.")
}

// Event is one thing that happened in the simulation, stamped with sim time.
// Kind says what; Subject and Value carry the main particulars (see each
// kind); Msg is what it says to people.
type Event struct {
	At      Millis
	Kind    EventKind
	Subject string
	Value   float64
	// Msg is what the event says, as a catalogue key and arguments: the
	// front ends render it in their language (cockpit/i18n); the core
	// writes no sentence.
	Msg msg.Msg
	// Severity and Cue are the event's grade and earcon (Classify): the
	// drive core decides them, front ends only show and sound them.
	Severity Severity
	Cue      Cue
	// Cause is the 1-based position in the step's Inputs.Commands of the
	// command whose application produced the event (0: the drive itself),
	// so a reply says what the car did with each command, not what was
	// asked. It is not logged: the log says what happened, not why.
	Cause int
}

// round2 keeps two decimals so logged figures are readable and stable.
func round2(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return math.Round(v*100) / 100
}

// AppendJSON appends the event as one JSON object (no newline). The field
// order and number formatting are fixed, so logs compare byte for byte.
func (e Event) AppendJSON(b []byte) []byte { return e.AppendJSONText(b, "") }

// AppendJSONText is AppendJSON with the event's sentence as rendered by a
// front end ("text", left out when empty), so a log reads without the
// catalogue while the key and arguments stay beside it for a program.
func (e Event) AppendJSONText(b []byte, text string) []byte {
	b = append(b, `{"t":`...)
	b = strconv.AppendFloat(b, e.At.Seconds(), 'f', -1, 64)
	b = append(b, `,"kind":`...)
	b = strconv.AppendQuote(b, string(e.Kind))
	if e.Subject != "" {
		b = append(b, `,"subject":`...)
		b = strconv.AppendQuote(b, e.Subject)
	}
	if e.Value != 0 {
		b = append(b, `,"value":`...)
		b = strconv.AppendFloat(b, e.Value, 'f', -1, 64)
	}
	if text != "" {
		b = append(b, `,"text":`...)
		b = strconv.AppendQuote(b, text)
	}
	if !e.Msg.IsZero() {
		b = append(b, `,"msg":`...)
		b = e.Msg.AppendJSON(b)
	}
	if e.Severity != SeverityInfo {
		b = append(b, `,"severity":"`...)
		b = append(b, e.Severity.String()...)
		b = append(b, '"')
	}
	if e.Cue != CueNone {
		b = append(b, `,"cue":"`...)
		b = append(b, e.Cue...)
		b = append(b, '"')
	}
	return append(b, '}')
}

// String renders the event as one timeline line for logs and tests: time,
// kind and its message in key form (msg.Msg.String); people read Line with
// the message rendered.
func (e Event) String() string { return e.Line(e.Msg.String()) }

// Line renders the event as one timeline line with text as its
// explanation (a front end's rendering of it in another language).
func (e Event) Line(text string) string {
	var b strings.Builder
	b.WriteString(e.At.String())
	b.WriteString("  ")
	k := string(e.Kind)
	if e.Kind == EventDriver && e.Subject != "" {
		k += "." + e.Subject
	}
	b.WriteString(k)
	if pad := 22 - len(k); pad > 0 {
		b.WriteString(strings.Repeat(" ", pad))
	} else {
		b.WriteByte(' ')
	}
	b.WriteString(text)
	return b.String()
}
