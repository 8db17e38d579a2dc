package inspector

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/signal"
)

// layout is where the panel's parts go in its content area of w×h cells:
// the filter line, the watch list (a title and a row a shown pin), the
// tree, and two status lines. View, the cursor, paging and clicks all use
// it, so a click lands on the row drawn there.
type layout struct {
	pinY, pinN   int // the watch list's title line, and pin rows below it
	treeY, treeH int
	statusY      int
	// valW is the value column, nameW the name column of the tree, descW
	// the description column of a wide panel (0: none).
	valW, nameW, descW int
}

// Wide panels give the space beyond a readable name column to the
// signals' descriptions rather than to a gap before the values.
const (
	maxNameW    = 52
	maxWideValW = 30
	minDescW    = 24
)

// statusLines are the lines below the tree: what is selected, then its
// description, the edit line or the answer to the last action.
const statusLines = 2

func (m *Model) layout(w, h int) layout {
	l := layout{pinY: 1}
	if n := len(m.pins); n > 0 {
		// The watch list takes at most a third of the panel: the tree
		// stays usable at 80×24 with every pin set.
		l.pinN = min(n, max((h-1-statusLines)/3-1, 1))
		l.treeY = 1 + 1 + l.pinN
	} else {
		l.treeY = 1
	}
	l.treeH = max(h-l.treeY-statusLines, 0)
	l.statusY = l.treeY + l.treeH
	l.valW = min(max(w*2/5, 12), 40, max(w-4, 1))
	l.nameW = max(w-l.valW-3, 1)
	if rest := l.nameW - maxNameW - 1; rest >= minDescW {
		// Values are short: the column shrinks too, for the descriptions.
		l.descW = rest + l.valW - min(l.valW, maxWideValW)
		l.nameW, l.valW = maxNameW, min(l.valW, maxWideValW)
	}
	return l
}

// units are the symbols shown for VSS unit names that have a shorter one.
var units = map[string]string{
	"percent": "%", "celsius": "°C", "degrees": "°", "m/s^2": "m/s²",
}

// unitText is the unit as shown after a value.
func unitText(u string) string {
	if s, ok := units[u]; ok {
		return s
	}
	return u
}

// valueText renders a value with its unit: booleans with a mark (✓ true,
// ✗ false: VSS's own words, which a client also writes), numbers as the
// catalogue rounds them, an empty string as a faint dash; the paint is the
// value's own (booleans) or the text's.
func valueText(pal *palette, sp *signal.Spec, v any) (string, paint) {
	switch v := v.(type) {
	case nil:
		return "", pal.faint
	case bool:
		if v {
			return "✓ true", pal.good
		}
		return "✗ false", pal.muted
	case string:
		if v == "" {
			return "—", pal.faint
		}
		return v, pal.text
	}
	text := signal.Format(v)
	if u := unitText(sp.Unit); u != "" && text != "" {
		text += " " + u
	}
	return text, pal.text
}

// View renders the panel's content in w×h cells (the root frames it).
// It reads only the values cached by the last Observe.
func (m *Model) View(c *common.Context, w, h int) string {
	s := c.Styles
	if m.cat == nil {
		return s.Muted.Render(c.T("signals.none"))
	}
	if w <= 0 || h <= 0 {
		return ""
	}
	l := m.layout(w, h)
	pal := newPalette(s)
	sel := paintOf(s.Selected)
	lines := make([]string, 0, h)
	lines = append(lines, m.filterLine(c, w))
	if l.pinN > 0 {
		lines = append(lines, m.pinLines(c, &pal, w, l)...)
	}
	offset := viewport(m.offset, m.cursor(), len(m.rows), l.treeH)
	for r := offset; r < offset+l.treeH; r++ {
		if r >= len(m.rows) {
			lines = append(lines, widget.Fit("", w))
			continue
		}
		lines = append(lines, m.rowLine(&pal, sel, r, w, l))
	}
	if len(m.rows) == 0 && l.treeH > 0 {
		lines[l.treeY] = widget.Fit(s.Muted.Render(c.F("signals.no_match", "query", m.filter.String())), w)
	}
	lines = append(lines, m.statusBlock(c, w)...)
	for len(lines) < h {
		lines = append(lines, widget.Fit("", w)) // shorter than its parts: blank
	}
	return strings.Join(lines[:h], "\n")
}

// filterLine is the first line: the filter (or how to start one) and the
// count of signals it matches.
func (m *Model) filterLine(c *common.Context, w int) string {
	s := c.Styles
	total := strconv.Itoa(m.cat.Len())
	q := m.filter.String()
	var left, right string
	switch {
	case m.filtering:
		left = s.Prompt.Render(c.T("signals.filter")) + s.UserText.Render(q)
		right = c.F("signals.matches", "n", strconv.Itoa(m.matches), "total", total)
	case q != "":
		left = s.Prompt.Render(c.T("signals.filter")) + s.UserText.Render(q) + s.Faint.Render("  "+c.T("signals.filter_clear"))
		right = c.F("signals.matches", "n", strconv.Itoa(m.matches), "total", total)
	default:
		left = s.Muted.Render(c.T("signals.filter_hint"))
		right = c.F("signals.count", "n", total)
	}
	return widget.Spread(left, s.Muted.Render(right), w)
}

// pinLines are the watch list: a title, then each shown pin's path, value
// and the sparkline of its last minute.
func (m *Model) pinLines(c *common.Context, pal *palette, w int, l layout) []string {
	s := c.Styles
	title := s.Muted.Render("⚑ "+c.T("signals.pinned")) + s.Faint.Render(" · "+c.T("signals.last_minute"))
	if more := len(m.pins) - l.pinN; more > 0 {
		title += s.Faint.Render(" · " + c.F("signals.more_pins", "n", strconv.Itoa(more)))
	}
	out := []string{widget.Fit(title, w)}
	sparkW := min(max(w-l.valW-30, 8), 60)
	if w < l.valW+sparkW+12 {
		sparkW = max(w-l.valW-12, 0) // narrow: the name and value first
	}
	nameW := max(w-l.valW-sparkW-2, 4)
	var b strings.Builder
	for _, p := range m.pins[:l.pinN] {
		sp := m.cat.Spec(p.sig)
		text, vp := valueText(pal, sp, m.value(p.sig))
		if m.changedNow(p.sig) {
			vp = pal.accent
		}
		name := sp.Path
		if width(name) > nameW-2 {
			// The end of the path names the signal: cut its start.
			name = "…" + ansi.TruncateLeft(name, width(name)-(nameW-3), "")
		}
		b.Reset()
		cell(&b, nameW, part{"⚑ ", pal.accent}, part{name, pal.text})
		b.WriteByte(' ')
		cell(&b, l.valW, part{text, vp})
		b.WriteByte(' ')
		cell(&b, w-nameW-l.valW-2, part{p.hist.spark(sparkW), pal.accent})
		line := b.String()
		if nameW+l.valW+2 > w {
			line = widget.Fit(line, w) // a panel narrower than its columns
		}
		out = append(out, line)
	}
	return out
}

// changedNow reports whether signal i changed within ChangedMs of the
// last read.
func (m *Model) changedNow(i int) bool {
	return m.read && m.readAt-m.changed[i] < ChangedMs
}

// marks are the kind markers of the tree (the Box's note explains them).
var marks = map[signal.Kind]string{signal.Sensor: "◦", signal.Actuator: "✎", signal.Attribute: "▪"}

// rowLine is row r of the tree: indentation by depth, a fold marker for
// a branch (and how many signals it holds, or matches under a filter), a
// signal's name, kind marker and value with its unit, in the accent while
// it has just changed. The cursor's row is built plain and painted whole
// with the selection's style, and marked in a gutter so that it reads
// without colour too (NO_COLOR, a screen capture).
func (m *Model) rowLine(pal *palette, sel paint, r, w int, l layout) string {
	id := m.rows[r]
	n := &m.tree.nodes[id]
	var plain palette
	gutter := " "
	if id == m.sel {
		pal, gutter = &plain, "❯"
	}
	indent := gutter + indents[:min(2*n.depth, len(indents))]
	var b strings.Builder
	b.Grow(w + 64)
	if n.branch() {
		glyph := "▸ "
		if m.open[id] || m.filter.String() != "" {
			glyph = "▾ "
		}
		count := n.leaves
		if m.filter.String() != "" {
			count = m.counts[id]
		}
		cell(&b, l.nameW, part{indent, pal.faint}, part{glyph, pal.accent}, part{n.name, pal.bold})
		b.WriteString("   ")
		cell(&b, l.valW, part{strconv.Itoa(count), pal.faint})
		if l.descW > 0 {
			b.WriteByte(' ')
			cell(&b, l.descW)
		}
	} else {
		sp := m.cat.Spec(n.sig)
		flag := ""
		if m.pinned(n.sig) {
			flag = " ⚑"
		}
		mark := pal.faint
		if sp.Kind == signal.Actuator {
			mark = pal.accent
		}
		text, vp := valueText(pal, sp, m.value(n.sig))
		if m.changedNow(n.sig) {
			vp = pal.accent
		}
		cell(&b, l.nameW, part{indent, pal.faint}, part{"  ", paint{}}, part{n.name, pal.text}, part{flag, pal.accent})
		b.WriteByte(' ')
		b.WriteString(mark.of(marks[sp.Kind]))
		b.WriteByte(' ')
		cell(&b, l.valW, part{text, vp})
		if l.descW > 0 {
			b.WriteByte(' ')
			cell(&b, l.descW, part{sp.Description, pal.faint})
		}
	}
	line := b.String()
	if l.nameW+l.valW+3+l.descW+min(l.descW, 1) != w {
		line = widget.Fit(line, w) // a panel narrower than its columns
	}
	if id == m.sel {
		return sel.of(line)
	}
	return line
}

// indents is the indentation of the deepest rows, sliced per depth.
var indents = strings.Repeat(" ", 64)

// statusBlock is the two lines under the tree: the selected node's path
// and make-up, then the edit line, the answer to the last action, or the
// signal's description.
func (m *Model) statusBlock(c *common.Context, w int) []string {
	s := c.Styles
	n := m.current()
	if n == nil {
		return []string{widget.Fit("", w), widget.Fit("", w)}
	}
	path := m.tree.path(m.sel)
	var head, body string
	if n.branch() {
		head = s.Bold.Render(path) + s.Muted.Render("  "+c.F("signals.branch", "n", strconv.Itoa(n.leaves)))
		body = s.Faint.Render(c.T("signals.branch_hint"))
	} else {
		sp := m.cat.Spec(n.sig)
		meta := []string{c.T("signals.kind." + string(sp.Kind)), sp.Datatype}
		if r := rangeText(sp); r != "" {
			meta = append(meta, r)
		}
		if sp.Overlay {
			meta = append(meta, c.T("signals.overlay"))
		}
		head = s.Bold.Render(path) + s.Muted.Render("  "+strings.Join(meta, " · "))
		body = s.Muted.Render(sp.Description)
	}
	switch {
	case m.editing && m.choices != nil:
		var b strings.Builder
		b.WriteString(s.Prompt.Render(c.T("signals.choose_prompt")))
		for i, ch := range m.choices {
			if ch == "" {
				ch = `""`
			}
			if i == m.choice {
				b.WriteString(s.Selected.Render("[" + ch + "]"))
			} else {
				b.WriteString(s.Muted.Render(" " + ch + " "))
			}
			b.WriteByte(' ')
		}
		body = b.String() + s.Faint.Render(c.T("signals.choose_hint"))
	case m.editing:
		body = s.Prompt.Render(c.T("signals.set_prompt")) + s.UserText.Render(m.edit.String()) + " " + s.Faint.Render(" "+c.T("signals.edit_hint"))
	case m.statusKind == statusApplied:
		sp := m.cat.Spec(m.statusSig)
		text, _ := valueText(&palette{}, sp, m.value(m.statusSig))
		body = s.Good.Render(c.F("signals.applied", "path", sp.Path, "value", text))
	case m.status != "":
		st := s.Info
		switch m.statusKind {
		case statusWarn:
			st = s.Warn
		case statusGood:
			st = s.Good
		}
		if widget.Width(m.status) > w {
			// An answer too long for one line takes both: it matters
			// more than the path above, which the tree shows.
			wrapped := strings.SplitN(ansi.Hardwrap(ansi.Wrap(m.status, w, ""), w, true), "\n", 3)
			if widget.Width(wrapped[0]) < w/2 {
				// A long word (a path) after a short one: break anywhere
				// rather than leave the first line nearly empty.
				wrapped = strings.SplitN(ansi.Hardwrap(m.status, w, true), "\n", 3)
			}
			if len(wrapped) > 1 {
				if len(wrapped) == 3 {
					wrapped[1] += " " + wrapped[2]
				}
				return []string{widget.Fit(st.Render(wrapped[0]), w), widget.Fit(st.Render(wrapped[1]), w)}
			}
		}
		body = st.Render(m.status)
	}
	return []string{widget.Fit(head, w), widget.Fit(body, w)}
}

// rangeText is a signal's declared range or allowed values, for the
// status line ("-100…100 %", "AUTO|MANUAL").
func rangeText(sp *signal.Spec) string {
	if len(sp.Allowed) > 0 {
		return strings.Join(sp.Allowed, "|")
	}
	if !sp.HasMin && !sp.HasMax {
		return unitText(sp.Unit)
	}
	lo, hi := "", ""
	if sp.HasMin {
		lo = signal.Format(sp.Min)
	}
	if sp.HasMax {
		hi = signal.Format(sp.Max)
	}
	r := lo + "…" + hi
	if u := unitText(sp.Unit); u != "" {
		r += " " + u
	}
	return r
}

// Cursor is where the terminal cursor goes while a line is typed, in the
// content's cells (ok false when nothing is typed): at the end of the
// filter or of the value being set.
func (m *Model) Cursor(c *common.Context, w, h int) (x, y int, ok bool) {
	switch {
	case m.editing && m.choices == nil:
		l := m.layout(w, h)
		x = widget.Width(c.T("signals.set_prompt")) + widget.Width(m.edit.String())
		return min(x, w-1), l.statusY + 1, true
	case m.filtering:
		x = widget.Width(c.T("signals.filter")) + widget.Width(m.filter.String())
		return min(x, w-1), 0, true
	}
	return 0, 0, false
}
