package route

import (
	"fmt"
	"math"
	"sort"

	"github.com/nevsim/cockpit/drive/world"
)

// maxLabels bounds the stop search so it always ends quickly.
const maxLabels = 20000

type leg struct {
	ok      bool
	arcs    []int32
	driveS  float64
	energy  float64
	lengthM float64
}

type label struct {
	at      int     // index into points: 0 origin, 1..S stations, S+1 destination
	arrive  float64 // kWh on arrival
	t       float64 // seconds since departure, incl. charging
	prev    int     // label index, -1 for the origin
	depart  float64 // kWh when leaving the previous point
	chargeS float64 // time charged at the previous point
}

// planStops plans a route with stops. The points are the origin, every
// station of the right kind and the destination; legs between them are the
// fastest (or shortest) routes under the options. A label-setting search
// over (point, energy on arrival) in order of total time, with Pareto
// pruning, tries at each station two amounts: just enough to reach the next
// point with the reserve left, or full. The first label to reach the
// destination is the plan with the least total time among these choices
// (exact for a single stop).
func planStops(m *world.Map, s *search, fi, ti int32, opt Options, e *Energy) (*Route, error) {
	g := s.g
	kind := world.Charging
	if e.Refuel {
		kind = world.Fuel
	}
	pts := []int32{fi}
	var stations []*world.Station
	for _, st := range m.Stations {
		if st.Kind != kind || st.Place == nil {
			continue
		}
		// A charger at the destination is no stop on the way: the car
		// charges there after arriving.
		if idx, ok := g.Index(st.Place.Node); ok && int32(idx) != ti {
			pts = append(pts, int32(idx))
			stations = append(stations, st)
		}
	}
	pts = append(pts, ti)
	n := len(pts)
	dest := n - 1
	legs := make([][]leg, n)
	for i := 0; i < dest; i++ {
		legs[i] = make([]leg, n)
		s.run(pts[i], -1)
		for j := 1; j < n; j++ {
			if j == i {
				continue
			}
			var arcs []int32
			if pts[j] != pts[i] {
				last := s.best(pts[j])
				if last < 0 {
					continue
				}
				arcs = s.path(last)
			}
			var tmp Route
			tmp.appendLeg(g, arcs)
			legs[i][j] = leg{ok: true, arcs: arcs, driveS: tmp.DriveS, energy: legEnergy(tmp.Segments, e), lengthM: tmp.LengthM}
		}
	}
	if !legs[0][dest].ok {
		return nil, fmt.Errorf("route: from %s to %s%s: %w", g.Nodes[fi].ID, g.Nodes[ti].ID, optDesc(opt), ErrNoRoute)
	}

	labels := []label{{at: 0, arrive: e.StartKWh, prev: -1}}
	var heap []int
	push := func(l label) {
		labels = append(labels, l)
		heap = append(heap, len(labels)-1)
		sort.SliceStable(heap, func(a, b int) bool { return labels[heap[a]].t < labels[heap[b]].t })
	}
	heap = append(heap, 0)
	settled := make([][]label, n)
	dominated := func(l label) bool {
		for _, p := range settled[l.at] {
			if p.t <= l.t+1e-9 && p.arrive >= l.arrive-1e-9 {
				return true
			}
		}
		return false
	}
	inChain := func(li, at int) bool {
		for k := li; k >= 0; k = labels[k].prev {
			if labels[k].at == at {
				return true
			}
		}
		return false
	}
	found := -1
	for len(heap) > 0 && len(labels) < maxLabels {
		li := heap[0]
		heap = heap[1:]
		l := labels[li]
		if dominated(l) {
			continue
		}
		settled[l.at] = append(settled[l.at], l)
		if l.at == dest {
			found = li
			break
		}
		var st *world.Station
		if l.at > 0 {
			st = stations[l.at-1]
		}
		for j := 1; j < n; j++ {
			lg := legs[l.at][j]
			if j == l.at || !lg.ok || inChain(li, j) {
				continue
			}
			for _, d := range departures(l.arrive, lg.energy, st, e) {
				arr := d - lg.energy
				reserve := e.ReserveKWh
				if j != dest {
					reserve = e.stopReserve()
				}
				if arr < reserve-1e-9 {
					continue
				}
				cs := 0.0
				if d > l.arrive+1e-9 {
					cs = chargeTime(l.arrive, d, st, e)
					if math.IsNaN(cs) || math.IsInf(cs, 0) {
						continue
					}
				}
				nl := label{at: j, arrive: arr, t: l.t + cs + lg.driveS, prev: li, depart: d, chargeS: cs}
				if !dominated(nl) {
					push(nl)
				}
			}
		}
	}
	if found < 0 {
		return nil, &Shortfall{From: g.Nodes[fi].ID, To: g.Nodes[ti].ID, Options: opt,
			NeedKWh: legs[0][dest].energy, OnBoardKWh: e.StartKWh, ReserveKWh: e.ReserveKWh, Stations: kind}
	}
	// unwind the chain
	var chain []int
	for k := found; k >= 0; k = labels[k].prev {
		chain = append(chain, k)
	}
	r := &Route{From: g.Nodes[fi].ID, To: g.Nodes[ti].ID, Options: opt}
	for c := len(chain) - 1; c > 0; c-- {
		from, to := labels[chain[c]], labels[chain[c-1]]
		lg := legs[from.at][to.at]
		r.appendLeg(g, lg.arcs)
		r.EnergyKWh += lg.energy
		if to.at != dest {
			if k := len(r.Segments); k > 0 {
				r.Segments[k-1].Maneuver = ChargeStop
			}
			next := labels[chain[c-2]]
			r.Stops = append(r.Stops, Stop{Station: stations[to.at-1], AtM: r.LengthM, ArriveKWh: to.arrive, DepartKWh: next.depart, ChargeS: next.chargeS})
		}
	}
	r.finish()
	return r, nil
}

// departures returns the candidate energies to leave with, given the
// arrival energy, the next leg's energy and the station (nil at the origin).
func departures(arrive, need float64, st *world.Station, e *Energy) []float64 {
	if st == nil {
		return []float64{arrive}
	}
	if e.Refuel {
		return []float64{arrive, e.CapacityKWh}
	}
	just := need + e.ReserveKWh
	out := []float64{arrive}
	if just > arrive && just <= e.CapacityKWh {
		out = append(out, just)
	}
	if e.CapacityKWh > arrive && e.CapacityKWh != just {
		out = append(out, e.CapacityKWh)
	}
	return out
}

func chargeTime(from, to float64, st *world.Station, e *Energy) float64 {
	if e.Refuel {
		return e.RefuelS
	}
	t := e.ChargeTimeS(from, to, st.PowerKW)
	if t < 0 {
		t = 0
	}
	return t
}
