package route

import (
	"math"

	"github.com/nevsim/cockpit/drive/world"
)

// Junction delays in seconds, added when a route moves from one road to
// another at an at-grade junction (a node where three or more roads meet,
// not between expressways, ramps and service roads of an expressway).
const (
	DelayStraightS = 10 // through a signalised junction
	DelayRightS    = 8
	DelayLeftS     = 22
	DelaySharpS    = 5  // extra for a turn sharper than 120°
	DelayUTurnS    = 45 // U-turn on an undivided street
)

type item struct {
	f   float64
	arc int32
}

type search struct {
	g      *world.Graph
	opt    Options
	short  bool
	vmax   float64 // m/s, for the heuristic
	cost   []float64
	prev   []int32
	closed []bool
	heap   []item
}

func newSearch(g *world.Graph, opt Options) *search {
	n := len(g.Arcs)
	vmax := g.MaxSpeedKmh / 3.6
	if vmax <= 0 {
		vmax = 1
	}
	return &search{g: g, opt: opt, short: opt.Prefer == Shortest, vmax: vmax,
		cost: make([]float64, n), prev: make([]int32, n), closed: make([]bool, n),
		heap: make([]item, 0, 64)}
}

func (s *search) allowed(a *world.Arc) bool {
	r := a.Road
	if s.opt.AvoidTolls && r.Toll {
		return false
	}
	if s.opt.AvoidExpressways && r.IsMotorway() {
		return false
	}
	return true
}

// arcCost is the cost of driving arc a.
func (s *search) arcCost(a *world.Arc) float64 {
	if s.short {
		return a.Road.LengthM
	}
	return a.Road.PlannedTimeS()
}

// stepCost is the cost of the junction between arcs (seconds for fastest;
// for shortest a metre per second of delay, as a tie-breaker).
func (s *search) stepCost(delay float64) float64 { return delay }

func (s *search) h(node int32, target int32) float64 {
	if target < 0 {
		return 0
	}
	a, b := s.g.Nodes[node], s.g.Nodes[target]
	d := math.Hypot(a.X-b.X, a.Y-b.Y) - 1
	if d <= 0 {
		return 0
	}
	if s.short {
		return d
	}
	return d / s.vmax
}

func (s *search) reset() {
	for i := range s.cost {
		s.cost[i] = math.Inf(1)
		s.prev[i] = -1
		s.closed[i] = false
	}
	s.heap = s.heap[:0]
}

func (s *search) push(it item) {
	s.heap = append(s.heap, it)
	i := len(s.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(s.heap[i], s.heap[p]) {
			break
		}
		s.heap[i], s.heap[p] = s.heap[p], s.heap[i]
		i = p
	}
}

func less(a, b item) bool {
	if a.f != b.f {
		return a.f < b.f
	}
	return a.arc < b.arc
}

func (s *search) pop() item {
	top := s.heap[0]
	n := len(s.heap) - 1
	s.heap[0] = s.heap[n]
	s.heap = s.heap[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && less(s.heap[r], s.heap[l]) {
			c = r
		}
		if !less(s.heap[c], s.heap[i]) {
			break
		}
		s.heap[i], s.heap[c] = s.heap[c], s.heap[i]
		i = c
	}
	return top
}

// run searches from node from; with target >= 0 it stops at the first arc
// reaching target (A*); otherwise it settles everything (Dijkstra).
// It returns the arc reaching target, or -1.
func (s *search) run(from, target int32) int32 {
	s.reset()
	g := s.g
	for _, ai := range g.Out[from] {
		a := &g.Arcs[ai]
		if !s.allowed(a) {
			continue
		}
		c := s.arcCost(a)
		if c < s.cost[ai] {
			s.cost[ai] = c
			s.push(item{c + s.h(a.To, target), ai})
		}
	}
	for len(s.heap) > 0 {
		it := s.pop()
		ai := it.arc
		if s.closed[ai] {
			continue
		}
		s.closed[ai] = true
		a := &g.Arcs[ai]
		if a.To == target {
			return ai
		}
		base := s.cost[ai]
		for _, bi := range g.Out[a.To] {
			if s.closed[bi] {
				continue
			}
			b := &g.Arcs[bi]
			if !s.allowed(b) {
				continue
			}
			d, ok := turnCost(g, a, b)
			if !ok {
				continue
			}
			c := base + s.stepCost(d) + s.arcCost(b)
			if c < s.cost[bi] {
				s.cost[bi] = c
				s.prev[bi] = ai
				s.push(item{c + s.h(b.To, target), bi})
			}
		}
	}
	return -1
}

// path returns the arcs ending with arc last, first to last.
func (s *search) path(last int32) []int32 {
	n := 0
	for a := last; a >= 0; a = s.prev[a] {
		n++
	}
	out := make([]int32, n)
	for a := last; a >= 0; a = s.prev[a] {
		n--
		out[n] = a
	}
	return out
}

func (s *search) astar(from, to int32) ([]int32, error) {
	if from == to {
		return nil, nil
	}
	last := s.run(from, to)
	if last < 0 {
		return nil, ErrNoRoute
	}
	return s.path(last), nil
}

// best returns, after a Dijkstra run, the cheapest arc reaching node, or -1.
func (s *search) best(node int32) int32 {
	best := int32(-1)
	for ai := range s.g.Arcs {
		if s.g.Arcs[ai].To == node && s.closed[ai] && (best < 0 || s.cost[ai] < s.cost[best]) {
			best = int32(ai)
		}
	}
	return best
}

// turnCost returns the junction delay between arcs a and b (a ends where b
// starts) and whether the move is possible at all.
func turnCost(g *world.Graph, a, b *world.Arc) (float64, bool) {
	uturn := a.Road == b.Road && a.Reverse != b.Reverse
	turn := world.TurnDeg(a.EndHeading, b.StartHeading)
	abs := math.Abs(turn)
	if g.Median[a.To] && (uturn || abs > world.MaxTurnDivided) {
		return 0, false
	}
	if uturn {
		return DelayUTurnS, true
	}
	ra, rb := a.Road, b.Road
	if (ra.IsMotorway() || ra.Type == world.Service) && (rb.IsMotorway() || rb.Type == world.Service) && (ra.IsMotorway() || rb.IsMotorway()) {
		return 0, true // interchange or service area: free flow
	}
	if g.Degree[a.To] <= 2 {
		return 0, true
	}
	d := float64(DelayStraightS)
	switch {
	case abs < 30:
	case turn < 0:
		d = DelayRightS
	default:
		d = DelayLeftS
	}
	if abs > 120 {
		d += DelaySharpS
	}
	return d, true
}

// classify names the maneuver from arc a onto arc b.
func classify(g *world.Graph, a, b *world.Arc) Maneuver {
	ra, rb := a.Road, b.Road
	if ra == rb && a.Reverse != b.Reverse {
		return UTurn
	}
	turn := world.TurnDeg(a.EndHeading, b.StartHeading)
	switch {
	case ra.Type == world.Expressway && (rb.Type == world.Ramp || rb.Type == world.Service):
		return Exit
	case !ra.IsMotorway() && ra.Type != world.Service && rb.Type == world.Ramp:
		return TakeRamp
	case (ra.Type == world.Ramp || ra.Type == world.Service) && rb.Type == world.Expressway:
		return Merge
	}
	if g.Degree[a.To] <= 2 && ra.Type == rb.Type && math.Abs(turn) < 150 {
		return Straight
	}
	if ra.Type == world.Expressway && rb.Type == world.Expressway && math.Abs(turn) < 30 {
		return Straight
	}
	return byAngle(turn)
}

func byAngle(turn float64) Maneuver {
	abs := math.Abs(turn)
	left := turn > 0
	switch {
	case abs < 20:
		return Straight
	case abs < 45:
		if left {
			return SlightLeft
		}
		return SlightRight
	case abs < 120:
		if left {
			return Left
		}
		return Right
	case abs < 170:
		if left {
			return SharpLeft
		}
		return SharpRight
	}
	return UTurn
}
