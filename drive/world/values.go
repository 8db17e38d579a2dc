package world

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
)

// numberRanges is the one table of every numeric field of a map file and
// the values it may take, keyed by its path with [] for each index (map
// coordinates are metres east and north of the map's origin). Load checks
// every number the file holds against it before the fields' own checks, so
// NaN, ±Inf and out-of-range values are refused with the range named;
// TestEveryMapNumberHasARange fails on a numeric field missing here.
// docs/maps.md lists the same ranges.
var numberRanges = map[string]datacheck.Range{
	"nodes[].x":           coordRange,
	"nodes[].y":           coordRange,
	"roads[].points[][]":  coordRange,
	"roads[].length_m":    {Min: 0, Max: 1e6, Unit: "m"},
	"roads[].speed_limit": {Min: 1, Max: 150, Unit: "km/h"},
	"roads[].lanes":       {Min: 1, Max: 8, Unit: "lanes"},
	"roads[].toll_cny":    {Min: 0, Max: 10000, Unit: "CNY"},
	"roads[].grade_pct":   {Min: -20, Max: 20, Unit: "%"},
	"roads[].signals":     {Min: 0, Max: 1000},

	"places[].station.power_kw": {Min: 0, Max: 1500, Unit: "kW"},
	"places[].station.stalls":   {Min: 1, Max: 1000},

	"parking[].origin[]":            coordRange,
	"parking[].entrance[]":          coordRange,
	"parking[].aisles[].points[][]": coordRange,
	"parking[].aisles[].width_m":    {Min: 2.5, Max: 30, Unit: "m"},
	"parking[].kerbs[][][]":         coordRange,
	"parking[].slots[].x":           coordRange,
	"parking[].slots[].y":           coordRange,
	"parking[].slots[].heading_deg": {Min: -720, Max: 720, Unit: "°"},
	"parking[].slots[].angle_deg":   {Min: 0, Max: 90, Unit: "°"},
	"parking[].slots[].length_m":    {Min: 3, Max: 20, Unit: "m"},
	"parking[].slots[].width_m":     {Min: 1.8, Max: 6, Unit: "m"},
}

var coordRange = datacheck.Range{Min: -coordLimit, Max: coordLimit, Unit: "m"}

// checkValues applies the rules every value of a data file follows: each
// number within its range, each text free of control characters.
func (v *validator) checkValues(raw *rawMap) {
	datacheck.CheckNumbers(raw, numberRanges, func(path, problem string) { v.errorf(path, "%s", problem) })
	datacheck.Check(raw, nil, func(path, problem string) { v.errorf(path, "%s", problem) })
}

// maxListed bounds how many node ids a message about an island names.
const maxListed = 12

// checkConnected refuses a map whose road network falls apart: every node
// must be reachable by road from every other, or a route to a place on an
// island fails in the middle of a drive ("no route") instead of at load.
// The largest strongly connected part is the map; each other part is
// reported at its first node, with its nodes named and whether no road
// leads there or no road leads back.
func (v *validator) checkConnected(m *Map, raw *rawMap) {
	g := m.Graph()
	n := len(g.Nodes)
	if n < 2 {
		return
	}
	comp := strongComponents(g)
	size := map[int]int{}
	for _, c := range comp {
		size[c]++
	}
	main := comp[0]
	for c, s := range size {
		if s > size[main] || s == size[main] && c < main {
			main = c
		}
	}
	// which parts the mainland reaches, and which reach it
	reach := func(forward bool) []bool {
		seen := make([]bool, n)
		var stack []int32
		for i := range comp {
			if comp[i] == main {
				seen[i] = true
				stack = append(stack, int32(i))
			}
		}
		in := make([][]int32, n)
		if !forward {
			for _, a := range g.Arcs {
				in[a.To] = append(in[a.To], a.From)
			}
		}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			var next []int32
			if forward {
				for _, ai := range g.Out[i] {
					next = append(next, g.Arcs[ai].To)
				}
			} else {
				next = in[i]
			}
			for _, j := range next {
				if !seen[j] {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		return seen
	}
	from, to := reach(true), reach(false)
	index := map[string]int{}
	for i, rn := range raw.Nodes {
		if _, dup := index[rn.ID]; !dup {
			index[rn.ID] = i
		}
	}
	parts := map[int][]string{}
	for i, c := range comp {
		if c != main {
			parts[c] = append(parts[c], string(g.Nodes[i].ID))
		}
	}
	keys := make([]int, 0, len(parts))
	for c := range parts {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(a, b int) bool { return parts[keys[a]][0] < parts[keys[b]][0] })
	for _, c := range keys {
		ids := parts[c]
		sort.Strings(ids)
		first, _ := g.Index(NodeID(ids[0]))
		why := "no road connects them to the rest of the map"
		switch {
		case from[first] && !to[first]:
			why = "roads lead there but none leads back (check one_way)"
		case !from[first] && to[first]:
			why = "roads lead from there but none leads there (check one_way)"
		}
		listed := ids
		if len(listed) > maxListed {
			listed = append(append([]string(nil), ids[:maxListed]...), fmt.Sprintf("… (%d in all)", len(ids)))
		}
		noun := "nodes"
		if len(ids) == 1 {
			noun = "node"
		}
		v.errorf(fmt.Sprintf("nodes[%d]", index[ids[0]]), "%s %s cannot be driven to and from the rest of the map (%d nodes): %s; add a road or remove them",
			noun, strings.Join(listed, ", "), size[main], why)
	}
}

// strongComponents labels each node of g with its strongly connected
// component (Tarjan's algorithm, iterative so a long chain of nodes
// cannot exhaust the stack).
func strongComponents(g *Graph) []int {
	n := len(g.Nodes)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	comp := make([]int, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	type frame struct{ node, arc int }
	for root := 0; root < n; root++ {
		if index[root] >= 0 {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.arc < len(g.Out[f.node]) {
				w := int(g.Arcs[g.Out[f.node][f.arc]].To)
				f.arc++
				switch {
				case index[w] < 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				case onStack[w]:
					low[f.node] = min(low[f.node], index[w])
				}
				continue
			}
			u := f.node
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].node
				low[p] = min(low[p], low[u])
			}
			if low[u] == index[u] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == u {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}

// finiteOr is v when finite, else 0: a refused coordinate still needs a
// value for the checks that follow not to report it again as something
// else.
func finiteOr(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}
