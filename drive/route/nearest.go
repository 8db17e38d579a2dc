package route

import (
	"fmt"
	"sort"

	"github.com/nevsim/cockpit/drive/world"
)

// Candidate is a place reachable from a start, with the cost to get there.
type Candidate struct {
	Place   *world.Place
	DriveS  float64 // planned driving time incl. junction delays
	LengthM float64
}

// Nearest returns up to n places of category cat (any category when empty)
// ordered by planned driving time from node from under the options (by
// length with Prefer "shortest"), ties by place id; unreachable places are
// left out. It runs one Dijkstra search over the whole map.
func Nearest(m *world.Map, from world.NodeID, cat world.Category, opt Options, n int) ([]Candidate, error) {
	if m == nil {
		return nil, fmt.Errorf("route: nil map")
	}
	g := m.Graph()
	if g == nil {
		if err := m.Reindex(); err != nil {
			return nil, err
		}
		g = m.Graph()
	}
	fi, ok := g.Index(from)
	if !ok {
		return nil, fmt.Errorf("route: unknown start node %q", from)
	}
	s := newSearch(g, opt)
	s.run(int32(fi), -1)
	var out []Candidate
	for _, p := range m.Places {
		if cat != "" && p.Category != cat {
			continue
		}
		ti, ok := g.Index(p.Node)
		if !ok {
			continue
		}
		if int(ti) == fi {
			out = append(out, Candidate{Place: p})
			continue
		}
		last := s.best(int32(ti))
		if last < 0 {
			continue
		}
		var leg Route
		leg.appendLeg(g, s.path(last))
		out = append(out, Candidate{Place: p, DriveS: leg.DriveS, LengthM: leg.LengthM})
	}
	short := opt.Prefer == Shortest
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ka, kb := a.DriveS, b.DriveS
		if short {
			ka, kb = a.LengthM, b.LengthM
		}
		if ka != kb {
			return ka < kb
		}
		return a.Place.ID < b.Place.ID
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out, nil
}
