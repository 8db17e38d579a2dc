package scenario

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// The event kinds a scenario may wait for or expect. A kind no producer
// emits can never match: `never: colision` (a typo) would always pass and
// `event: colision` always fail, both saying nothing about the drive. The
// loader refuses such a kind with a "did you mean". The list names the
// producers' constants, so a renamed kind fails to compile here; the test
// TestEveryEmittedKindIsKnown runs the bundled scenarios and fails on a kind
// that is emitted but missing here.
var eventKinds = kindSet(
	// the drive loop (drive/sim)
	string(sim.EventAEB),
	string(sim.EventArrived),
	string(sim.EventBrakePressed),
	string(sim.EventChargingFinished),
	string(sim.EventChargingStarted),
	string(sim.EventClockSet),
	string(sim.EventCollision),
	string(sim.EventCommandRejected),
	string(sim.EventConfirmAccepted),
	string(sim.EventConfirmDeclined),
	string(sim.EventConfirmExpired),
	string(sim.EventConfirmRequested),
	string(sim.EventControlChanged),
	string(sim.EventCutIn),
	string(sim.EventDriveMode),
	string(sim.EventDriver),
	string(sim.EventEmergencyBrake),
	string(sim.EventEmergencyPassed),
	string(sim.EventEmergencyVehicle),
	string(sim.EventEnergyCritical),
	string(sim.EventEnergyLow),
	string(sim.EventEnergyMode),
	string(sim.EventEnergySet),
	string(sim.EventFCW),
	string(sim.EventHarshBraking),
	string(sim.EventIncidentAhead),
	string(sim.EventIncidentCleared),
	string(sim.EventIncidentEntered),
	string(sim.EventIncidentPassed),
	string(sim.EventLDW),
	string(sim.EventLaneChangeRejected),
	string(sim.EventLaneChangeStarted),
	string(sim.EventLaneChanged),
	string(sim.EventLaneDeparture),
	string(sim.EventLeadAppeared),
	string(sim.EventLeadGone),
	string(sim.EventLightChanged),
	string(sim.EventManeuverAhead),
	string(sim.EventNobodyDriving),
	string(sim.EventObstacle),
	string(sim.EventParkingEntered),
	string(sim.EventParkingSafety),
	string(sim.EventPedestrianCrossing),
	string(sim.EventRedLight),
	string(sim.EventRoadEntered),
	string(sim.EventRouteCancelled),
	string(sim.EventRouteEnergy),
	string(sim.EventRouteFailed),
	string(sim.EventRoutePlanned),
	string(sim.EventStranded),
	string(sim.EventTrafficChanged),
	string(sim.EventTrafficDemand),
	string(sim.EventWaypoint),
	string(sim.EventWeatherChanged),
	// the L3/L2 system (drive/automation)
	automation.EventAcknowledged,
	automation.EventAvailabilityRestored,
	automation.EventAvailabilityWarning,
	automation.EventAvailable,
	automation.EventDisengaged,
	automation.EventEngaged,
	automation.EventExitNotice,
	automation.EventL2Fallback,
	automation.EventL2Locked,
	automation.EventL2Prompt,
	automation.EventL2Restored,
	automation.EventL2Unavailable,
	automation.EventL2Unlocked,
	automation.EventL2Warning,
	automation.EventMRC,
	automation.EventMRM,
	automation.EventRefused,
	automation.EventReset,
	automation.EventRestartRefused,
	automation.EventTakeover,
	automation.EventTakeoverEscalated,
	automation.EventTakeoverIncomplete,
	automation.EventTakeoverRequested,
	automation.EventUnavailable,
	// the cabin (drive/cabin)
	cabin.EventChildLock,
	cabin.EventClimateAC,
	cabin.EventClimateDefrost,
	cabin.EventClimateFan,
	cabin.EventClimateMode,
	cabin.EventClimatePower,
	cabin.EventClimateRecirc,
	cabin.EventClimateSync,
	cabin.EventClimateTemp,
	cabin.EventDoors,
	cabin.EventLights,
	cabin.EventMassageEnded,
	cabin.EventSeatAdjust,
	cabin.EventSeatHeat,
	cabin.EventSeatMassage,
	cabin.EventSeatMemory,
	cabin.EventSeatOccupied,
	cabin.EventSeatVentilate,
	cabin.EventWarning,
	cabin.EventWindow,
	// the parking assist (drive/parking)
	parking.EvAborted,
	parking.EvCancelled,
	parking.EvDone,
	parking.EvDriverHolding,
	parking.EvMove,
	parking.EvPaused,
	parking.EvPlanFailed,
	parking.EvPlanned,
	parking.EvRemoteMoving,
	parking.EvRemoteRefused,
	parking.EvRemoteStopped,
	parking.EvResumed,
	parking.EvSearchStarted,
	parking.EvSelectRefused,
	parking.EvSensorFault,
	parking.EvSlotFound,
	parking.EvSlotSelected,
	parking.EvStarted,
	parking.EvUnavailable,
	// the scenario runner
	string(EventNote), string(EventSaid), string(EventReply), string(EventLimit),
	// the session's HMI (drive/session/hmi.go, which imports this package)
	"hmi.alert", "hmi.banner", "hmi.tone", "hmi.haptic", "hmi.screens", "hmi.countdown",
	// infotainment (drive/infotainment)
	"media.play", "media.pause", "media.track", "media.volume",
	"phone.call", "phone.ringing", "phone.answer", "phone.hangup",
)

// driverSubjects are the subjects of the "driver" kind (drive/sim: the
// scripted or real driver's hands, eyes, belt, seat, phone, mirrors and
// indicator), so that `driver.hands_of` is refused like a kind.
var driverSubjects = []string{
	"hands_on", "hands_off", "eyes_on", "eyes_off", "belt_on", "belt_off",
	"seated", "left_seat", "phone_on", "phone_off", "eyes_closed", "eyes_open",
	"mirror_check", "indicator",
}

func kindSet(kinds ...string) []string {
	sort.Strings(kinds)
	return kinds
}

// checkKind refuses a kind (or kind.subject, as Match allows) that no
// producer emits, and a subject of "driver" that it never has.
// subjectField is where subject was written ("" when it was not).
func (l *loader) checkKind(field, kind, subjectField, subject string) {
	if kind == "" {
		return
	}
	known := func(k string) bool {
		i := sort.SearchStrings(eventKinds, k)
		return i < len(eventKinds) && eventKinds[i] == k
	}
	base, sub := kind, ""
	if !known(kind) {
		// "driver.hands_on" is kind "driver" with subject "hands_on"
		i := strings.LastIndexByte(kind, '.')
		if i < 0 || !known(kind[:i]) {
			l.errorf(field, "%s", unknownKind(kind))
			return
		}
		base, sub = kind[:i], kind[i+1:]
	}
	if base == string(sim.EventDriver) {
		if sub != "" && !slicesContainsFold(driverSubjects, sub) {
			l.errorf(field, "%s", datacheck.Unknown("subject of driver", sub, driverSubjects))
		}
		if subject != "" && !slicesContainsFold(driverSubjects, subject) {
			l.errorf(subjectField, "%s", datacheck.Unknown("subject of driver", subject, driverSubjects))
		}
	}
}

// checkSubject refuses a subject that the kind's producer never gives, for
// the kinds whose subjects are a closed set: a weather kind, an incident
// kind, a place of the map. A misspelt one made `never: arrived, subject:
// daxing-airprot` pass whatever happened, and `event:` fail as if the
// drive had gone wrong. Matching ignores case, so the check does too.
func (l *loader) checkSubject(field, kind, subject string, m *world.Map) {
	if subject == "" {
		return
	}
	var valid []string
	switch sim.EventKind(kind) {
	case sim.EventWeatherChanged:
		for _, k := range sim.WeatherKinds {
			valid = append(valid, string(k))
		}
	case sim.EventIncidentAhead:
		for _, k := range sim.IncidentKinds {
			valid = append(valid, string(k))
		}
	case sim.EventArrived:
		if m == nil {
			return
		}
		for _, p := range m.Places {
			valid = append(valid, p.ID)
		}
		sort.Strings(valid)
	default:
		return
	}
	if !slicesContainsFold(valid, subject) {
		l.errorf(field, "%s", datacheck.Unknown("subject of "+kind, subject, valid))
	}
}

// unknownKind says that kind is none of eventKinds, with a "did you mean"
// when one is close, and the kinds of its family (automation.*, …) or, when
// it has none, where all are listed: the list is too long for a message.
func unknownKind(kind string) string {
	m := fmt.Sprintf("unknown event kind %q", kind)
	if c := datacheck.Closest(kind, eventKinds); c != "" {
		m += fmt.Sprintf(" (did you mean %s?)", c)
	}
	family, _, _ := strings.Cut(kind, ".")
	var same []string
	for _, k := range eventKinds {
		if strings.HasPrefix(k, family+".") || k == family {
			same = append(same, k)
		}
	}
	if len(same) > 0 && strings.Contains(kind, ".") {
		return m + "; " + family + " kinds: " + strings.Join(same, ", ")
	}
	return m + "; docs/scenarios.md (Event kinds) lists them all"
}

func slicesContainsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// EventKinds lists the event kinds a scenario may name in after.event,
// event, never and after, sorted.
func EventKinds() []string { return append([]string(nil), eventKinds...) }

// didYouMean is " (did you mean X?)" when s is a typo of one of valid
// (datacheck.Closest, the one edit distance of every data file), else "":
// every enum's message ends with it.
func didYouMean(s string, valid ...string) string {
	if s == "" {
		return ""
	}
	if c := datacheck.Closest(s, valid); c != "" && c != s {
		return fmt.Sprintf(" (did you mean %s?)", c)
	}
	return ""
}
