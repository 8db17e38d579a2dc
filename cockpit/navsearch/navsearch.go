// Package navsearch is the destination search of the Navigation panel: a
// query field, fuzzy matching in English, 中文 and pinyin (the voice
// gazetteer, which tolerates typos and homophones, plus plain substring
// matches so results appear while typing), a selectable result list and
// the route options.
package navsearch

import (
	"math"
	"sort"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

// MaxResults bounds the result list.
const MaxResults = 20

// Result is one place found, with its straight-line distance from the car.
type Result struct {
	Place *world.Place
	DistM float64
}

// Model is the search state. Create it with New.
type Model struct {
	m       *world.Map
	gaz     *voice.Gazetteer
	input   textinput.Model
	results []Result
	sel     int
	// Options are the route options applied to the next route.
	Options route.Options
	// fromX, fromY is where distances are measured from (the car).
	fromX, fromY float64
}

// New returns a search over the places of m.
func New(m *world.Map) *Model {
	places := make([]voice.Place, 0, len(m.Places))
	for _, p := range m.Places {
		places = append(places, voice.Place{ID: p.ID, NameEN: p.NameEN, NameZH: p.NameZH, Pinyin: p.Pinyin, Category: string(p.Category)})
	}
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 60
	in.SetVirtualCursor(false)
	s := &Model{m: m, gaz: voice.NewGazetteer(places), input: in}
	s.Options.Prefer = route.Fastest
	return s
}

// Focused reports whether keys go to the query field.
func (s *Model) Focused() bool { return s.input.Focused() }

// Focus starts typing a query.
func (s *Model) Focus() { _ = s.input.Focus() }

// Blur stops typing.
func (s *Model) Blur() { s.input.Blur() }

// Query is the current query text.
func (s *Model) Query() string { return s.input.Value() }

// Input exposes the text field for rendering.
func (s *Model) Input() *textinput.Model { return &s.input }

// SetOrigin sets where distances are measured from and refreshes an empty
// query's "nearby" list.
func (s *Model) SetOrigin(x, y float64) {
	s.fromX, s.fromY = x, y
	if s.input.Value() == "" {
		s.refresh()
	}
}

// SetQuery replaces the query and searches.
func (s *Model) SetQuery(q string) {
	s.input.SetValue(q)
	s.input.CursorEnd()
	s.refresh()
}

// SetResults shows places found elsewhere (a voice search) for query q.
func (s *Model) SetResults(q string, places []*world.Place) {
	s.input.SetValue(q)
	s.input.CursorEnd()
	s.results = s.results[:0]
	for _, p := range places {
		s.results = append(s.results, Result{p, s.dist(p)})
		if len(s.results) == MaxResults {
			break
		}
	}
	s.sel = 0
}

// HandleKey handles a key while focused; it returns the chosen place when
// Enter picks one.
func (s *Model) HandleKey(msg tea.KeyPressMsg) *world.Place {
	switch msg.String() {
	case "up":
		s.Move(-1)
		return nil
	case "down":
		s.Move(1)
		return nil
	case "enter":
		return s.Selected()
	}
	before := s.input.Value()
	s.input, _ = s.input.Update(msg)
	if s.input.Value() != before {
		s.refresh()
	}
	return nil
}

// Move moves the selection by d rows, wrapping.
func (s *Model) Move(d int) {
	if n := len(s.results); n > 0 {
		s.sel = ((s.sel+d)%n + n) % n
	}
}

// Select selects row i (a mouse click).
func (s *Model) Select(i int) {
	if i >= 0 && i < len(s.results) {
		s.sel = i
	}
}

// Selected returns the selected place, or nil.
func (s *Model) Selected() *world.Place {
	if s.sel < len(s.results) {
		return s.results[s.sel].Place
	}
	return nil
}

// SelectedIndex is the selected row.
func (s *Model) SelectedIndex() int { return s.sel }

// Results returns the current results, best first.
func (s *Model) Results() []Result { return s.results }

// CyclePrefer switches fastest ↔ shortest.
func (s *Model) CyclePrefer() {
	if s.Options.Prefer == route.Shortest {
		s.Options.Prefer = route.Fastest
	} else {
		s.Options.Prefer = route.Shortest
	}
}

func (s *Model) dist(p *world.Place) float64 {
	n := s.m.Node(p.Node)
	if n == nil {
		return math.Inf(1)
	}
	return math.Hypot(n.X-s.fromX, n.Y-s.fromY)
}

// refresh recomputes the results for the query: the gazetteer's fuzzy
// matches merged with substring matches on every name, so "dax" finds
// Daxing before the gazetteer is sure; an empty query lists nearby places.
func (s *Model) refresh() {
	q := strings.TrimSpace(strings.ToLower(s.input.Value()))
	s.results = s.results[:0]
	s.sel = 0
	if q == "" {
		all := make([]Result, 0, len(s.m.Places))
		for _, p := range s.m.Places {
			all = append(all, Result{p, s.dist(p)})
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].DistM < all[j].DistM })
		s.results = append(s.results, all[:min(MaxResults, len(all))]...)
		return
	}
	score := map[string]float64{}
	for _, c := range s.gaz.Candidates(q, MaxResults*2) {
		if c.Score >= 0.4 {
			score[c.Place.ID] = c.Score
		}
	}
	compact := strings.ReplaceAll(q, " ", "")
	for _, p := range s.m.Places {
		names := append([]string{p.NameEN, p.NameZH, p.Pinyin, p.ID, string(p.Category)}, p.Aliases...)
		for _, name := range names {
			n := strings.ToLower(name)
			if strings.Contains(n, q) || strings.Contains(strings.ReplaceAll(n, " ", ""), compact) {
				sc := 0.9
				switch {
				case n == q: // an alias or name said exactly ("大兴机场")
					sc = 1
				case strings.HasPrefix(n, q):
					sc = 0.95
				}
				score[p.ID] = max(score[p.ID], sc)
			}
		}
	}
	for _, p := range s.m.Places {
		if sc, ok := score[p.ID]; ok {
			s.results = append(s.results, Result{p, s.dist(p)})
			_ = sc
		}
	}
	sort.SliceStable(s.results, func(i, j int) bool {
		a, b := score[s.results[i].Place.ID], score[s.results[j].Place.ID]
		if a != b {
			return a > b
		}
		return s.results[i].DistM < s.results[j].DistM
	})
	if len(s.results) > MaxResults {
		s.results = s.results[:MaxResults]
	}
}
