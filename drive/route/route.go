// Package route plans drives over a world.Map: A* by travel time (or
// distance) over the directed road graph, respecting one-way roads, medians
// of divided roads and the avoid-tolls / avoid-expressways options; it adds
// charging (or refuelling) stops when the energy on board is not enough, and
// answers position, maneuver and ETA queries along the result.
//
// The package is pure and deterministic: no clock, no goroutines, no I/O.
package route

import (
	"errors"
	"fmt"
	"math"

	"github.com/nevsim/cockpit/drive/world"
)

// Options selects the route.
type Options struct {
	AvoidTolls       bool   // never use toll roads
	AvoidExpressways bool   // never use expressways or ramps
	Prefer           string // "fastest" (default, also "") or "shortest"
}

// The values of Options.Prefer.
const (
	Fastest  = "fastest"
	Shortest = "shortest"
)

// Maneuver is what the driver does at the end of a segment.
type Maneuver string

// The maneuvers.
const (
	Depart      Maneuver = "depart" // leaving the start; reported only by DepartManeuver
	Straight    Maneuver = "straight"
	SlightLeft  Maneuver = "slight_left"
	Left        Maneuver = "left"
	SharpLeft   Maneuver = "sharp_left"
	SlightRight Maneuver = "slight_right"
	Right       Maneuver = "right"
	SharpRight  Maneuver = "sharp_right"
	UTurn       Maneuver = "u_turn"
	Merge       Maneuver = "merge"     // from a ramp or service road onto an expressway
	TakeRamp    Maneuver = "take_ramp" // from a surface road onto a ramp
	Exit        Maneuver = "exit"      // from an expressway onto a ramp or service road
	Arrive      Maneuver = "arrive"
	ChargeStop  Maneuver = "charge_stop" // a planned charging or refuelling stop
)

// Segment is one road driven in one direction.
type Segment struct {
	Road          *world.Road
	Reverse       bool // driven To→From
	From, To      world.NodeID
	StartM        float64 // route distance at the segment's start
	LengthM       float64
	SpeedLimitKmh float64
	PlannedKmh    float64 // free-flow speed routing assumes (see world.Road.PlannedKmh)
	DriveS        float64 // LengthM at PlannedKmh plus the road's signal delays
	DelayS        float64 // expected junction delay at the segment's end
	Maneuver      Maneuver
}

// EndM is the route distance at the segment's end.
func (s *Segment) EndM() float64 { return s.StartM + s.LengthM }

// Stop is a planned charging (or refuelling) stop.
type Stop struct {
	Station   *world.Station
	AtM       float64 // route distance of the station
	ArriveKWh float64
	DepartKWh float64
	ChargeS   float64
}

// Energy describes the vehicle for charging-stop planning; a nil *Energy
// ignores energy.
type Energy struct {
	// ReserveKWh is what must be left on arrival at the destination.
	StartKWh, CapacityKWh, ReserveKWh float64
	// StopReserveKWh is what must be left on arrival at a charging or
	// refuelling stop: drivers run lower on the way to a charger than to
	// their destination. 0 means half of ReserveKWh.
	StopReserveKWh float64
	// PerKm returns kWh per km at a steady speed in km/h.
	PerKm func(speedKmh float64) float64
	// ChargeTimeS returns the seconds to charge from fromKWh to toKWh at a
	// station of stationKW peak power (the profile's charging curve).
	ChargeTimeS func(fromKWh, toKWh, stationKW float64) float64
	// Refuel plans stops at fuel stations instead, each taking RefuelS and
	// filling to CapacityKWh (EREV / PHEV whose energy is fuel).
	Refuel  bool
	RefuelS float64
}

// stopReserve is the energy to keep on arrival at a stop.
func (e *Energy) stopReserve() float64 {
	if e.StopReserveKWh > 0 {
		return math.Min(e.StopReserveKWh, e.ReserveKWh)
	}
	return e.ReserveKWh / 2
}

// Route is a planned drive.
type Route struct {
	From, To  world.NodeID
	Segments  []Segment
	LengthM   float64
	DriveS    float64 // planned driving time incl. junction delays, excl. stops
	ChargeS   float64 // total time at stops
	TollCNY   float64 // sum of the tolls of the toll roads used
	EnergyKWh float64 // planned consumption (0 without Energy)
	Stops     []Stop
	Options   Options

	// suffixS[i] is the planned time of segments i+1.. (drive + delay).
	suffixS []float64
}

// ErrNoRoute is wrapped by Plan's error when the destination is unreachable.
var ErrNoRoute = errors.New("no route")

// ErrEnergy is wrapped by Plan's error when no sequence of stops makes the
// drive possible.
var ErrEnergy = errors.New("not enough energy")

// Shortfall is Plan's error when no sequence of stops makes the drive
// possible (it wraps ErrEnergy): the figures behind it, so a driver is told
// how far short the car is, in their language.
type Shortfall struct {
	// From, To and Options say which plan failed (for the log).
	From, To world.NodeID
	Options  Options
	// NeedKWh is the drive's energy without stops; OnBoardKWh and
	// ReserveKWh what the car has and keeps back.
	NeedKWh, OnBoardKWh, ReserveKWh float64
	// Stations is the kind of stop that could not bridge the gap.
	Stations world.StationKind
}

// Error is the shortfall for logs.
func (e *Shortfall) Error() string {
	return fmt.Sprintf("route: from %s to %s%s: %v: the drive needs %.1f kWh, %.1f kWh on board with %.1f kWh reserve, and no reachable %s stations bridge the gap",
		e.From, e.To, optDesc(e.Options), ErrEnergy, e.NeedKWh, e.OnBoardKWh, e.ReserveKWh, e.Stations)
}

// Unwrap lets errors.Is find ErrEnergy.
func (e *Shortfall) Unwrap() error { return ErrEnergy }

// Plan finds a route from one node to another. It runs A* over directed arcs
// (so turn rules apply) by planned travel time (or by distance with
// Prefer "shortest"), with the straight-line distance at the map's top
// speed as an admissible heuristic. With e non-nil and too little energy it
// inserts charging (or refuelling) stops that minimise the total time
// including charging, charging only as much as needed plus the reserve.
func Plan(m *world.Map, from, to world.NodeID, opt Options, e *Energy) (*Route, error) {
	if m == nil {
		return nil, errors.New("route: nil map")
	}
	g := m.Graph()
	if g == nil {
		if err := m.Reindex(); err != nil {
			return nil, err
		}
		g = m.Graph()
	}
	switch opt.Prefer {
	case "", Fastest, Shortest:
	default:
		return nil, fmt.Errorf("route: prefer %q is not one of fastest, shortest", opt.Prefer)
	}
	fi, ok := g.Index(from)
	if !ok {
		return nil, fmt.Errorf("route: unknown start node %q", from)
	}
	ti, ok := g.Index(to)
	if !ok {
		return nil, fmt.Errorf("route: unknown destination node %q", to)
	}
	s := newSearch(g, opt)
	arcs, err := s.astar(int32(fi), int32(ti))
	if err != nil {
		return nil, fmt.Errorf("route: from %s to %s%s: %w", from, to, optDesc(opt), err)
	}
	r := &Route{From: from, To: to, Options: opt}
	r.appendLeg(g, arcs)
	if e != nil {
		if err := validEnergy(e); err != nil {
			return nil, err
		}
		r.EnergyKWh = legEnergy(r.Segments, e)
		if e.StartKWh-r.EnergyKWh < e.ReserveKWh {
			return planStops(m, s, int32(fi), int32(ti), opt, e)
		}
	}
	r.finish()
	return r, nil
}

func optDesc(opt Options) string {
	d := ""
	if opt.AvoidTolls {
		d += " avoiding tolls"
	}
	if opt.AvoidExpressways {
		if d != "" {
			d += " and"
		}
		d += " avoiding expressways"
	}
	return d
}

func validEnergy(e *Energy) error {
	switch {
	case e.PerKm == nil:
		return errors.New("route: Energy.PerKm is nil")
	case !e.Refuel && e.ChargeTimeS == nil:
		return errors.New("route: Energy.ChargeTimeS is nil")
	case !(e.CapacityKWh > 0) || e.StartKWh < 0 || e.StartKWh > e.CapacityKWh+1e-9 || e.ReserveKWh < 0 || e.ReserveKWh >= e.CapacityKWh:
		return fmt.Errorf("route: energy out of range: start %.1f kWh, capacity %.1f, reserve %.1f", e.StartKWh, e.CapacityKWh, e.ReserveKWh)
	}
	return nil
}

func legEnergy(segs []Segment, e *Energy) float64 {
	sum := 0.0
	for i := range segs {
		sum += e.PerKm(segs[i].PlannedKmh) * segs[i].LengthM / 1000
	}
	return sum
}

// appendLeg appends the arcs as segments, computing delays and maneuvers
// between consecutive arcs of the leg.
func (r *Route) appendLeg(g *world.Graph, arcs []int32) {
	for k, ai := range arcs {
		a := &g.Arcs[ai]
		rd := a.Road
		pk := rd.PlannedKmh()
		seg := Segment{
			Road: rd, Reverse: a.Reverse,
			From: g.Nodes[a.From].ID, To: g.Nodes[a.To].ID,
			StartM: r.LengthM, LengthM: rd.LengthM, SpeedLimitKmh: rd.SpeedLimitKmh,
			PlannedKmh: pk, DriveS: rd.PlannedTimeS(), Maneuver: Arrive,
		}
		if k+1 < len(arcs) {
			b := &g.Arcs[arcs[k+1]]
			d, _ := turnCost(g, a, b)
			seg.DelayS = d
			seg.Maneuver = classify(g, a, b)
		}
		if rd.Toll {
			r.TollCNY += rd.TollCNY
		}
		r.Segments = append(r.Segments, seg)
		r.LengthM += seg.LengthM
		r.DriveS += seg.DriveS + seg.DelayS
	}
}

// finish computes the ETA table.
func (r *Route) finish() {
	n := len(r.Segments)
	r.suffixS = make([]float64, n)
	acc := 0.0
	for i := n - 1; i >= 0; i-- {
		r.suffixS[i] = acc
		acc += r.Segments[i].DriveS + r.Segments[i].DelayS
	}
	r.ChargeS = 0
	for _, s := range r.Stops {
		r.ChargeS += s.ChargeS
	}
}

// SegmentAt returns the index of the segment containing route distance
// distM (clamped to the route); -1 for a route without segments. It does
// not allocate.
func (r *Route) SegmentAt(distM float64) int {
	n := len(r.Segments)
	if n == 0 {
		return -1
	}
	// last segment with StartM <= distM
	lo, hi := 0, n-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if r.Segments[mid].StartM <= distM {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// PointAt returns the position and heading (degrees, 0° east,
// counter-clockwise) at route distance distM, clamped to the route. It does
// not allocate.
func (r *Route) PointAt(distM float64) (x, y, headingDeg float64) {
	i := r.SegmentAt(distM)
	if i < 0 {
		return 0, 0, 0
	}
	s := &r.Segments[i]
	return s.Road.PointAt(distM-s.StartM, s.Reverse)
}

// NextManeuver returns the next maneuver that is not "straight" at or after
// route distance distM, the metres to it, and the segment at whose end it
// happens. Past the end (or for an empty route) it returns Arrive, 0, nil.
func (r *Route) NextManeuver(distM float64) (Maneuver, float64, *Segment) {
	i := r.SegmentAt(distM)
	if i < 0 || distM > r.LengthM {
		return Arrive, 0, nil
	}
	for j := i; j < len(r.Segments); j++ {
		s := &r.Segments[j]
		if s.Maneuver != Straight {
			return s.Maneuver, math.Max(0, s.EndM()-distM), s
		}
	}
	s := &r.Segments[len(r.Segments)-1]
	return Arrive, math.Max(0, s.EndM()-distM), s
}

// DepartManeuver returns Depart and the first segment (nil when empty), for
// announcing the start of a drive.
func (r *Route) DepartManeuver() (Maneuver, *Segment) {
	if len(r.Segments) == 0 {
		return Depart, nil
	}
	return Depart, &r.Segments[0]
}

// DistanceTo returns the route distance at which the route first passes
// node, and whether it does.
func (r *Route) DistanceTo(node world.NodeID) (float64, bool) {
	if node == r.From {
		return 0, true
	}
	for i := range r.Segments {
		if r.Segments[i].To == node {
			return r.Segments[i].EndM(), true
		}
	}
	return 0, false
}

// ETA returns the remaining seconds from route distance distM to the
// destination: the rest of the current segment at speedHintKmh (the current
// speed; when below 1 km/h the planned speed is used) plus its share of
// traffic-light delays, later segments at their planned times, junction
// delays ahead, and the time of the stops at or after distM. It does not allocate.
func (r *Route) ETA(distM, speedHintKmh float64) float64 {
	i := r.SegmentAt(distM)
	if i < 0 || distM >= r.LengthM {
		return 0
	}
	s := &r.Segments[i]
	rem := math.Max(0, s.EndM()-math.Max(distM, 0))
	v := s.PlannedKmh
	if speedHintKmh >= 1 {
		v = speedHintKmh
	}
	t := rem/(v/3.6) + s.DelayS + r.suffixS[i]
	if s.Road.Signals > 0 && s.LengthM > 0 {
		t += rem / s.LengthM * float64(s.Road.Signals) * world.SignalDelayS
	}
	for k := range r.Stops {
		if r.Stops[k].AtM >= distM {
			t += r.Stops[k].ChargeS
		}
	}
	return t
}

// RemainingM returns the route distance left from distM.
func (r *Route) RemainingM(distM float64) float64 {
	return math.Max(0, r.LengthM-math.Max(0, distM))
}
