// Package palette is the cockpit's command palette (":"): the simulator's
// run-time controls (assets/controls/controls.yaml: weather, light and
// clock, traffic, energy, hazards, faults, the driver's body) in a list a
// designer filters by typing, as in an editor's command palette. It only
// holds the list, the filter and the selection and renders them; the root
// model applies the chosen control to the session.
package palette

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/common"
)

// MaxQuery bounds the filter, so a paste cannot make every frame slow.
const MaxQuery = 64

// Item is one control as the palette shows it.
type Item struct {
	ID string
	// Group is the section (weather, light, traffic…), Label what it says
	// in the UI language.
	Group, Label string
	// Keywords are more words the filter matches.
	Keywords []string
}

// Model is the palette's state. The zero value is a closed, empty palette.
type Model struct {
	items []Item
	// hay is each item's searchable text, lowercased, built once.
	hay     []string
	query   []rune
	matches []int
	cursor  int
	open    bool
}

// New returns a closed palette over items, in their order.
func New(items []Item) *Model {
	m := &Model{items: items, hay: make([]string, len(items))}
	for i, it := range items {
		m.hay[i] = strings.ToLower(it.Label + " " + it.Group + " " + it.ID + " " + strings.Join(it.Keywords, " "))
	}
	m.refilter()
	return m
}

// Open shows the palette with an empty filter.
func (m *Model) Open() {
	m.open, m.query, m.cursor = true, m.query[:0], 0
	m.refilter()
}

// Close hides it.
func (m *Model) Close() { m.open = false }

// IsOpen reports whether it takes the keys.
func (m *Model) IsOpen() bool { return m.open }

// Query is the filter typed so far.
func (m *Model) Query() string { return string(m.query) }

// Len is how many items match the filter.
func (m *Model) Len() int { return len(m.matches) }

// Type adds text to the filter (a key or a paste); control characters are
// dropped and the filter stays at most MaxQuery runes.
func (m *Model) Type(s string) {
	for _, r := range s {
		if len(m.query) >= MaxQuery {
			break
		}
		if unicode.IsPrint(r) {
			m.query = append(m.query, r)
		}
	}
	m.cursor = 0
	m.refilter()
}

// Backspace removes the filter's last rune.
func (m *Model) Backspace() {
	if len(m.query) > 0 {
		m.query = m.query[:len(m.query)-1]
		m.cursor = 0
		m.refilter()
	}
}

// Move moves the selection by delta, wrapping around.
func (m *Model) Move(delta int) {
	if n := len(m.matches); n > 0 {
		m.cursor = ((m.cursor+delta)%n + n) % n
	}
}

// Selected is the item under the cursor; ok is false when none matches.
func (m *Model) Selected() (Item, bool) {
	if len(m.matches) == 0 {
		return Item{}, false
	}
	return m.items[m.matches[m.cursor]], true
}

// refilter keeps the items whose text matches every word of the filter,
// best first (see score); ties keep the file's order, so an empty filter
// lists the controls as the file groups them.
func (m *Model) refilter() {
	m.matches = m.matches[:0]
	words := strings.Fields(strings.ToLower(string(m.query)))
	type scored struct{ i, score int }
	var found []scored
	for i, h := range m.hay {
		total, ok := 0, true
		for _, w := range words {
			s, hit := score(h, w)
			if !hit {
				ok = false
				break
			}
			total += s
		}
		if ok {
			found = append(found, scored{i, total})
		}
	}
	// A stable insertion sort: the lists are short (tens of items).
	for a := 1; a < len(found); a++ {
		for b := a; b > 0 && found[b].score > found[b-1].score; b-- {
			found[b], found[b-1] = found[b-1], found[b]
		}
	}
	for _, f := range found {
		m.matches = append(m.matches, f.i)
	}
	if m.cursor >= len(m.matches) {
		m.cursor = 0
	}
}

// score rates how well word matches hay: 3 as a substring at a word's
// start, 2 as a substring, 1 as an abbreviation of one of hay's words
// (its letters in order, starting with the word's first: "hvy" for
// heavy). Letters scattered over several words match nothing, so "fog"
// does not find "time of day: morning".
func score(hay, word string) (int, bool) {
	if i := strings.Index(hay, word); i >= 0 {
		if i == 0 || hay[i-1] == ' ' || hay[i-1] == '.' || hay[i-1] == '-' {
			return 3, true
		}
		return 2, true
	}
	first, _ := utf8.DecodeRuneInString(word)
	for _, w := range strings.FieldsFunc(hay, func(r rune) bool { return r == ' ' || r == '.' || r == '-' || r == ',' }) {
		if r, _ := utf8.DecodeRuneInString(w); r == first && subsequence(w, word) {
			return 1, true
		}
	}
	return 0, false
}

// subsequence reports whether word's runes appear in hay in order.
func subsequence(hay, word string) bool {
	for _, r := range word {
		i := strings.IndexRune(hay, r)
		if i < 0 {
			return false
		}
		hay = hay[i+utf8.RuneLen(r):]
	}
	return true
}

// Texts are the palette's words in the UI language.
type Texts struct {
	Title, Prompt, NoMatch, Hint string
	// Groups names each section by its group id.
	Groups map[string]string
}

// View renders the palette in a box width wide and at most height tall:
// the filter line, then the matching controls under their section names,
// scrolled to keep the selection in view.
func (m *Model) View(ctx *common.Context, t Texts, width, height int) string {
	st := ctx.Styles
	inner := max(10, width-4)
	var lines []string
	lines = append(lines, ansi.Truncate(st.Title.Render(t.Title)+"  "+st.Muted.Render(t.Hint), inner, "…"))
	// The filter's end stays in view as it grows.
	q := t.Prompt + string(m.query) + "▏"
	if w := ansi.StringWidth(q); w > inner {
		q = "…" + ansi.TruncateLeft(q, w-inner+1, "")
	}
	lines = append(lines, q)
	rows := max(1, height-4)
	var body []string
	sel := -1
	group := ""
	for k, i := range m.matches {
		it := m.items[i]
		if it.Group != group && len(m.query) == 0 {
			group = it.Group
			body = append(body, st.Muted.Render(strings.ToUpper(t.Groups[group])))
		}
		label := ansi.Truncate(it.Label, inner-2, "…")
		if k == m.cursor {
			sel = len(body)
			body = append(body, st.Selected.Render("› "+label))
		} else {
			body = append(body, "  "+label)
		}
	}
	if len(body) == 0 {
		body = append(body, st.Muted.Render(t.NoMatch))
	}
	start := 0
	if sel >= rows {
		start = sel - rows + 1
	}
	end := min(len(body), start+rows)
	lines = append(lines, body[start:end]...)
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(st.Accent.GetForeground()).Padding(0, 1).Width(width)
	return box.Render(strings.Join(lines, "\n"))
}
