package world

import (
	"fmt"
	"math"
	"sort"
)

// Arc is one drivable direction of a road: From→To when !Reverse, To→From
// when Reverse. From and To are node indexes into Graph.Nodes.
type Arc struct {
	Road    *Road
	Reverse bool
	From    int32
	To      int32
	// StartHeading and EndHeading are the headings when leaving From and
	// when arriving at To.
	StartHeading float64
	EndHeading   float64
}

// Graph is the routing index of a Map: nodes by dense index (sorted by id)
// and the directed arcs leaving each node, in a deterministic order.
type Graph struct {
	Nodes []*Node
	Arcs  []Arc
	// Out[i] lists the indexes into Arcs of the arcs leaving node i.
	Out [][]int32
	// Degree[i] is the number of distinct roads touching node i.
	Degree []int
	// Median[i] is true when a divided road or an expressway touches node i:
	// no move there may turn by more than MaxTurnDivided.
	Median []bool
	// MaxSpeedKmh is the highest speed limit on the map.
	MaxSpeedKmh float64

	index map[NodeID]int32
}

// Index returns the dense index of a node id.
func (g *Graph) Index(id NodeID) (int, bool) {
	i, ok := g.index[id]
	return int(i), ok
}

// Reindex recomputes road geometry and lengths and rebuilds the routing
// index and lookup tables. Load calls it; call it again after building or
// changing a Map by hand. It reports structural problems (unknown nodes,
// degenerate roads) as errors.
func (m *Map) Reindex() error {
	g := &Graph{index: make(map[NodeID]int32, len(m.Nodes))}
	ids := make([]string, 0, len(m.Nodes))
	for id := range m.Nodes {
		ids = append(ids, string(id))
	}
	sort.Strings(ids)
	for i, id := range ids {
		g.Nodes = append(g.Nodes, m.Nodes[NodeID(id)])
		g.index[NodeID(id)] = int32(i)
	}
	g.Out = make([][]int32, len(g.Nodes))
	g.Degree = make([]int, len(g.Nodes))
	g.Median = make([]bool, len(g.Nodes))
	for _, r := range m.Roads {
		from, ok1 := g.index[r.From]
		to, ok2 := g.index[r.To]
		if !ok1 || !ok2 {
			return fmt.Errorf("road %s: unknown node %q or %q", r.ID, r.From, r.To)
		}
		if err := r.buildGeometry(m.Nodes[r.From], m.Nodes[r.To]); err != nil {
			return fmt.Errorf("road %s: %v", r.ID, err)
		}
		if r.SpeedLimitKmh > g.MaxSpeedKmh {
			g.MaxSpeedKmh = r.SpeedLimitKmh
		}
		if r.Divided || r.Type == Expressway {
			g.Median[from], g.Median[to] = true, true
		}
		g.Degree[from]++
		if to != from {
			g.Degree[to]++
		}
		s, e := r.EndHeadings(false)
		g.Arcs = append(g.Arcs, Arc{Road: r, From: from, To: to, StartHeading: s, EndHeading: e})
		g.Out[from] = append(g.Out[from], int32(len(g.Arcs)-1))
		if !r.OneWay {
			s, e := r.EndHeadings(true)
			g.Arcs = append(g.Arcs, Arc{Road: r, Reverse: true, From: to, To: from, StartHeading: s, EndHeading: e})
			g.Out[to] = append(g.Out[to], int32(len(g.Arcs)-1))
		}
	}
	m.graph = g
	m.placeBy = make(map[string]*Place, len(m.Places))
	for _, p := range m.Places {
		m.placeBy[p.ID] = p
	}
	m.station = make(map[string]*Station, len(m.Stations))
	for _, s := range m.Stations {
		if s.Place != nil {
			m.station[s.Place.ID] = s
		}
	}
	return nil
}

func (r *Road) buildGeometry(a, b *Node) error {
	pts := make([][2]float64, 0, len(r.Points)+2)
	pts = append(pts, [2]float64{a.X, a.Y})
	pts = append(pts, r.Points...)
	pts = append(pts, [2]float64{b.X, b.Y})
	// drop zero-length steps so headings are defined
	clean := pts[:1]
	for _, p := range pts[1:] {
		q := clean[len(clean)-1]
		if math.Hypot(p[0]-q[0], p[1]-q[1]) > 1e-6 {
			clean = append(clean, p)
		}
	}
	if len(clean) < 2 {
		return fmt.Errorf("has zero length (from and to are at the same place and no points)")
	}
	cum := make([]float64, len(clean))
	for i := 1; i < len(clean); i++ {
		cum[i] = cum[i-1] + math.Hypot(clean[i][0]-clean[i-1][0], clean[i][1]-clean[i-1][1])
	}
	r.pts, r.cum = clean, cum
	geo := cum[len(cum)-1]
	if r.LengthM <= 0 {
		r.LengthM = geo
	}
	r.scale = geo / r.LengthM
	return nil
}

// PlannedKmh is the speed routing assumes on the road in free-flowing
// traffic: the limit times a factor for the road type (expressway 0.95,
// ramp 0.85, arterial 0.75, street 0.7, service 0.5) and 0.85 more for
// mixed traffic.
func (r *Road) PlannedKmh() float64 {
	f := 0.75
	switch r.Type {
	case Expressway:
		f = 0.95
	case Ramp:
		f = 0.85
	case Arterial:
		f = 0.75
	case Street:
		f = 0.7
	case Service:
		f = 0.5
	}
	if r.MixedTraffic {
		f *= 0.85
	}
	return r.SpeedLimitKmh * f
}

// SignalDelayS is the expected wait, in seconds, at one traffic light
// along a road (Road.Signals).
const SignalDelayS = 15

// PlannedTimeS is the free-flow time to drive the whole road: LengthM at
// PlannedKmh plus SignalDelayS for each traffic light along it.
func (r *Road) PlannedTimeS() float64 {
	return r.LengthM/(r.PlannedKmh()/3.6) + float64(r.Signals)*SignalDelayS
}

// IsMotorway reports whether the road is an expressway or a ramp (a
// grade-separated road without at-grade junctions).
func (r *Road) IsMotorway() bool { return r.Type == Expressway || r.Type == Ramp }
