package scenario

// The parking fields of a scenario (docs/parking.md, "Scenario format"):
// start.parking, the top-level parking config, the actions park,
// park_drive, pedestrian and phone, driver.steer_nm, and the end fields
// parking, gear and parking_brake.

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// PhoneAction is a `phone:` action: the remote-parking phone. Command is
// sent once; Held and DistanceM are levels, and nil keeps the value of the
// previous phone action (none: not held, 0 m).
type PhoneAction struct {
	Command   parking.RemoteCommand
	Held      *bool
	DistanceM *float64
}

// parkingStart checks start.parking and turns it into the sim's start.
func (l *loader) parkingStart(field string, f *fileStartParking, m *world.Map, cfg *sim.Config) *world.ParkingArea {
	a := m.ParkingArea(f.Area)
	if a == nil {
		l.errorf(field+".area", "unknown car park %q; valid: %s", f.Area, areaIDs(m))
		return nil
	}
	sp := &sim.ParkingStart{Area: a.ID}
	switch {
	case f.Slot != "":
		if f.X != nil || f.Y != nil || f.HeadingDeg != nil {
			l.errorf(field, "give either a slot or a pose (x, y, heading_deg), not both")
		}
		sl := a.Slot(f.Slot)
		switch {
		case sl == nil:
			l.errorf(field+".slot", "%s has no slot %q", a.ID, f.Slot)
		case sl.Occupied:
			l.errorf(field+".slot", "slot %s of %s is occupied; free slots: %s", f.Slot, a.ID, freeSlots(a))
		}
		sp.Slot = f.Slot
		switch f.Nose {
		case "", "in":
		case "out":
			sp.NoseOut = true
		default:
			l.errorf(field+".nose", "expected in or out, got %q", f.Nose)
		}
	case f.X == nil || f.Y == nil:
		l.errorf(field, "needs a slot, or x and y (area-local metres of the rear axle)")
	default:
		if f.Nose != "" {
			l.errorf(field+".nose", "nose is for a car parked in a slot")
		}
		sp.X, sp.Y = *f.X, *f.Y
		if f.HeadingDeg != nil {
			sp.HeadingDeg = *f.HeadingDeg
		}
		for _, v := range []float64{sp.X, sp.Y, sp.HeadingDeg} {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1000 {
				l.errorf(field, "expected area-local metres and degrees, got %v", v)
			}
		}
	}
	cfg.StartParking = sp
	return a
}

func areaIDs(m *world.Map) string {
	ids := make([]string, len(m.Parking))
	for i, a := range m.Parking {
		ids[i] = a.ID
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

func freeSlots(a *world.ParkingArea) string {
	var ids []string
	for _, s := range a.Slots {
		if !s.Occupied {
			ids = append(ids, s.ID)
		}
	}
	return strings.Join(ids, ", ")
}

// parkingConfig checks the top-level parking config.
func (l *loader) parkingConfig(field string, f *fileParking) *parking.Config {
	c := parking.DefaultConfig()
	set := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	set(&c.PlausibilityCheck, f.PlausibilityCheck)
	set(&c.HoldToMove, f.HoldToMove)
	set(&c.RemoteRangeCheck, f.RemoteRangeCheck)
	num := func(name string, dst *float64, src *float64, lo, hi float64) {
		if src == nil {
			return
		}
		if !(*src >= lo && *src <= hi) {
			l.errorf(field+"."+name, "expected %g to %g, got %v", lo, hi, *src)
			return
		}
		*dst = *src
	}
	num("sensor_delay_s", &c.SensorDelayS, f.SensorDelayS, 0, 5)
	num("manoeuvre_speed_kmh", &c.ManoeuvreSpeedKmh, f.ManoeuvreSpeedKmh, 1, 10)
	num("remote_range_m", &c.RemoteRangeM, f.RemoteRangeM, 1, 500)
	num("pause_timeout_s", &c.PauseTimeoutS, f.PauseTimeoutS, 1, 600)
	return &c
}

// parkingActions checks an event's parking actions, adds them to ev and
// returns how many there were.
func (l *loader) parkingActions(field string, e *fileEvent, ev *Event) int {
	n := 0
	if e.Park != nil {
		n++
		if c, ok := l.parkAction(field+".park", e.Park); ok {
			ev.Commands = append(ev.Commands, c)
		}
	}
	if d := e.ParkDrive; d != nil {
		n++
		c := sim.ParkDrive{Aisle: d.Aisle, PastSlot: d.PastSlot}
		if d.PastSlot == "" {
			l.errorf(field+".park_drive.past_slot", "missing: the slot the driver drives past and stops beyond")
		} else if l.area != nil {
			sl := l.area.Slot(d.PastSlot)
			switch {
			case sl == nil:
				l.errorf(field+".park_drive.past_slot", "%s has no slot %q", l.area.ID, d.PastSlot)
			case d.Aisle != "" && sl.Aisle != d.Aisle:
				l.errorf(field+".park_drive.aisle", "slot %s is on aisle %s, not %s", d.PastSlot, sl.Aisle, d.Aisle)
			}
		}
		num := func(name string, dst *float64, src *float64, lo, hi float64) {
			if src == nil {
				return
			}
			if !(*src >= lo && *src <= hi) {
				l.errorf(field+".park_drive."+name, "expected %g to %g, got %v", lo, hi, *src)
				return
			}
			*dst = *src
		}
		num("gap_m", &c.GapM, d.GapM, 0.3, 3)
		num("past_m", &c.PastM, d.PastM, -10, 15)
		num("speed_kmh", &c.SpeedKmh, d.SpeedKmh, 1, 29)
		ev.Commands = append(ev.Commands, c)
	}
	if p := e.Pedestrian; p != nil {
		n++
		c := sim.AddPedestrian{ID: p.ID}
		switch {
		case p.AheadOnPathM != nil && (p.X != nil || p.Y != nil):
			l.errorf(field+".pedestrian", "give either ahead_on_path_m or x and y, not both")
		case p.AheadOnPathM != nil:
			c.OnPath, c.AheadOnPathM = true, *p.AheadOnPathM
			if !(c.AheadOnPathM >= 0 && c.AheadOnPathM <= 20) {
				l.errorf(field+".pedestrian.ahead_on_path_m", "expected 0 to 20 m, got %v", c.AheadOnPathM)
			}
		case p.X != nil && p.Y != nil:
			c.X, c.Y = *p.X, *p.Y
		default:
			l.errorf(field+".pedestrian", "needs ahead_on_path_m, or x and y (area-local metres)")
		}
		if p.For != "" {
			c.Duration = l.duration(field+".pedestrian.for", p.For)
		}
		ev.Commands = append(ev.Commands, c)
	}
	if p := e.Phone; p != nil {
		n++
		a := &PhoneAction{Command: parking.RemoteCommand(p.Command), Held: p.Held, DistanceM: p.DistanceM}
		switch a.Command {
		case parking.RemoteNone, parking.RemotePark, parking.RemoteParkOut, parking.RemoteCancel:
		default:
			l.errorf(field+".phone.command", "expected park, park_out or cancel, got %q", p.Command)
		}
		if p.DistanceM != nil && !(*p.DistanceM >= 0 && *p.DistanceM <= 10000) {
			l.errorf(field+".phone.distance_m", "expected 0 to 10000 m, got %v", *p.DistanceM)
		}
		if p.Command == "" && p.Held == nil && p.DistanceM == nil {
			l.errorf(field+".phone", "needs a command, held or distance_m")
		}
		ev.Phone = a
	}
	if n > 0 {
		l.usesParking = true
	}
	return n
}

// parkAction reads `park:`: a word or a one-key mapping.
func (l *loader) parkAction(field string, v any) (sim.Command, bool) {
	const want = "expected search, confirm, cancel, pause, resume, {select: n}, {select_side: left|right} or {slot: id}"
	switch v := v.(type) {
	case string:
		switch v {
		case "search":
			return sim.ParkSearch{}, true
		case "confirm":
			return sim.ParkConfirm{}, true
		case "cancel":
			return sim.ParkCancel{}, true
		case "pause":
			return sim.ParkPause{}, true
		case "resume":
			return sim.ParkResume{}, true
		}
		l.errorf(field, "%s, got %q", want, v)
	case map[string]any:
		if len(v) != 1 {
			l.errorf(field, "%s: give exactly one key, found %d", want, len(v))
			return nil, false
		}
		for k, x := range v {
			switch k {
			case "select":
				n, ok := wholeNumber(x)
				if !ok || n < 1 || n > 999 {
					l.errorf(field+".select", "expected a slot number from 1 (as shown on screen), got %v", x)
					return nil, false
				}
				return sim.ParkSelect{Number: n}, true
			case "select_side":
				switch x {
				case "left":
					return sim.ParkSelect{Side: parking.Left}, true
				case "right":
					return sim.ParkSelect{Side: parking.Right}, true
				}
				l.errorf(field+".select_side", "expected left or right, got %v", x)
			case "slot":
				id := fmt.Sprint(x)
				if l.area != nil && l.area.Slot(id) == nil {
					l.errorf(field+".slot", "%s has no slot %q", l.area.ID, id)
					return nil, false
				}
				return sim.ParkSelect{SlotID: id}, true
			default:
				l.errorf(field, "%s, got the key %q", want, k)
			}
		}
	default:
		l.errorf(field, "%s, got %v", want, v)
	}
	return nil, false
}

// wholeNumber accepts the integer types a YAML decoder produces.
func wholeNumber(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case uint64:
		if n > math.MaxInt32 {
			return 0, false
		}
		return int(n), true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < math.MaxInt32 {
			return int(n), true
		}
	}
	return 0, false
}

// mentionsParking reports whether a scenario refers to the parking
// assist's events, so that arriving at a car park keeps the drive going.
func mentionsParking(raw *fileScenario) bool {
	for _, e := range raw.Events {
		if e.After != nil && strings.HasPrefix(e.After.Event, "parking.") {
			return true
		}
	}
	for _, x := range raw.Expect {
		if strings.HasPrefix(x.Event, "parking.") || strings.HasPrefix(x.Never, "parking.") || strings.HasPrefix(x.After, "parking.") {
			return true
		}
		if x.End != nil && (x.End.Parking != "" || x.End.Gear != "" || x.End.ParkingBrake != nil) {
			return true
		}
	}
	return false
}

// parkingEnd checks the end fields of the parking assist.
func (l *loader) parkingEnd(field string, e *fileEnd, es *EndState) {
	es.ParkingBrake = e.ParkingBrake
	if e.Parking != "" {
		switch parking.State(e.Parking) {
		case parking.StateIdle, parking.StateSearching, parking.StateSelected, parking.StateExecuting,
			parking.StatePaused, parking.StateAborted, parking.StateDone:
			es.Parking = e.Parking
		default:
			l.errorf(field+".parking", "expected idle, searching, selected, executing, paused, aborted or done, got %q", e.Parking)
		}
	}
	if e.Gear != "" {
		switch e.Gear {
		case "P", "D", "R":
			es.Gear = e.Gear
		default:
			l.errorf(field+".gear", "expected P, D or R, got %q", e.Gear)
		}
	}
}

// describeParking adds the parking end fields to a description.
func (e *EndState) describeParking(parts []string) []string {
	if e.Parking != "" {
		parts = append(parts, "parking "+e.Parking)
	}
	if e.Gear != "" {
		parts = append(parts, "gear "+e.Gear)
	}
	if e.ParkingBrake != nil {
		parts = append(parts, fmt.Sprintf("parking_brake=%t", *e.ParkingBrake))
	}
	return parts
}

// checkParking adds the parking end checks' failures.
func (e *EndState) checkParking(st *sim.State, fails []string) []string {
	if e.Parking != "" {
		got := string(st.Parking.Output.State)
		if st.Parking.Area == "" {
			got = "not in a car park"
		}
		if got != e.Parking {
			fails = append(fails, "parking is "+got)
		}
	}
	if e.Gear != "" && string(st.Gear) != e.Gear {
		fails = append(fails, "gear is "+string(st.Gear))
	}
	if e.ParkingBrake != nil && st.Parking.ParkingBrake != *e.ParkingBrake {
		fails = append(fails, fmt.Sprintf("parking_brake is %t", st.Parking.ParkingBrake))
	}
	return fails
}
