// Package inspector is the cockpit's signal inspector (panel 6): the car's
// signal catalogue (drive/signal, COVESA VSS paths) as a tree that folds,
// a filter as you type, the live values with their units, highlighted for
// a while when they change, a watch list of pinned signals with a
// sparkline of their last minute, and setting an actuator from the panel.
//
// It is a render component in the crush style: no tea.Model, no I/O. The
// root model owns it, feeds it the values it reads from the session once
// per step (Observe), hands it key presses and clicks, and carries out
// what it asks for (Action: a signal write, through Session.SetSignal,
// the same commands keys and voice use). The tree is built once in New;
// a frame reads only the cached values.
package inspector

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// ChangedMs is how long a changed value stays highlighted, in simulated
// milliseconds (frozen while paused, faster at 10×: it follows the car).
const ChangedMs = 2000

// MaxPins bounds the watch list, so its memory (one fixed ring a pin) and
// its rows stay bounded too.
const MaxPins = 8

// maxInput bounds what the filter and the edit line hold (a paste of a
// whole file stops here).
const maxInput = 256

// Write is a signal write the inspector asks the root to make.
type Write struct {
	// Path is the signal's VSS path; Value what to write (a bool for a
	// toggled boolean, an allowed string, or the text typed, which the
	// catalogue parses by the signal's datatype).
	Path  string
	Value any
	sig   int
}

// Action is what a key or click asks of the root beyond the panel.
type Action struct {
	// Set, when not nil, is a write to make with Session.SetSignal; report
	// its error with Sent.
	Set *Write
}

// statusKind styles the status line.
type statusKind int

const (
	statusNone statusKind = iota
	statusInfo
	statusGood
	statusWarn
	// statusApplied says the car carried out a write: the text is built at
	// render time with the value read after the step.
	statusApplied
)

// editor is the line being typed: the filter or a value to set.
type editor struct {
	text []rune
	// fresh: the text is a prefilled value that the first typed character
	// replaces (as a selected field does).
	fresh bool
}

// String is the text typed.
func (e *editor) String() string { return string(e.text) }

// key applies a key press to the line and reports whether it was an
// editing key (characters, backspace, ctrl+u).
func (e *editor) key(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "backspace", "ctrl+h":
		if len(e.text) > 0 {
			e.text = e.text[:len(e.text)-1]
		}
		e.fresh = false
		return true
	case "ctrl+u":
		e.text, e.fresh = e.text[:0], false
		return true
	}
	if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt) != 0 {
		return false
	}
	e.insert(msg.Text)
	return true
}

// insert adds typed or pasted text, without control characters (a
// pasted newline would otherwise break the line).
func (e *editor) insert(s string) {
	if e.fresh {
		e.text, e.fresh = e.text[:0], false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || r == utf8.RuneError || len(e.text) >= maxInput {
			continue
		}
		e.text = append(e.text, r)
	}
}

// pin is one signal of the watch list and its minute of samples.
type pin struct {
	sig  int
	hist ring
}

// Model is the inspector's state.
type Model struct {
	cat  *signal.Catalog
	tree tree

	open []bool // per node: unfolded
	rows []int  // the nodes shown, in order (rebuilt when folds or filter change)
	// counts are, under a filter, each branch's matching signals.
	counts []int
	// matches is the number of signals the filter matches.
	matches int
	// sel is the node under the cursor; offset the first row shown.
	sel, offset int

	filter    editor
	filtering bool // typing the filter

	// edit is the value being typed for signal editSig; choices, when
	// set, are the allowed strings the edit cycles through instead.
	editing bool
	edit    editor
	editSig int
	choices []string
	choice  int

	status     string
	statusKind statusKind
	statusSig  int
	// pending is the write awaiting the car's answer (0: none).
	pending session.SetID

	// vals are the values of the last read, spare the buffer of the next;
	// changed is when each value last changed; readAt when vals were read.
	vals, spare []any
	changed     []sim.Millis
	readAt      sim.Millis
	read        bool
	nextSample  sim.Millis
	pins        []pin

	// w and h are the panel's content size, for paging and clicks.
	w, h int
}

// New builds the inspector of a catalogue (nil: a panel that says there
// is none). The tree is built here, once; the top-level branches (Vehicle,
// Cockpit) start unfolded.
func New(cat *signal.Catalog) *Model {
	m := &Model{cat: cat, tree: buildTree(cat)}
	m.open = make([]bool, len(m.tree.nodes))
	for i := range m.tree.nodes {
		if m.tree.nodes[i].depth == 0 {
			m.open[i] = true
		}
	}
	if cat != nil {
		m.changed = make([]sim.Millis, cat.Len())
		for i := range m.changed {
			m.changed[i] = math.MinInt64 / 2 // never changed
		}
	}
	m.rebuild()
	return m
}

// Buffer is a slice to read the next values into (Session.ReadSignals),
// so reading allocates nothing once the buffers are grown.
func (m *Model) Buffer() []any { return m.spare[:0] }

// Due reports whether the inspector wants a read at sim time now: for the
// watch list's next sample, or (visible) whenever the values are older
// than now.
func (m *Model) Due(now sim.Millis, visible bool) bool {
	if m.cat == nil || m.read && now == m.readAt {
		return false
	}
	return visible || len(m.pins) > 0 && now >= m.nextSample
}

// Observe takes the values read at sim time now (from Buffer): a value
// that differs from the previous read is marked changed at now, unless the
// previous read is older than the highlight lasts (the panel was hidden:
// everything would flash at once); the pinned signals are sampled every
// SampleMs.
func (m *Model) Observe(now sim.Millis, vals []any) {
	if m.cat == nil || len(vals) != m.cat.Len() {
		return
	}
	if m.read && now-m.readAt <= ChangedMs && len(m.vals) == len(vals) {
		for i, v := range vals {
			if v != m.vals[i] {
				m.changed[i] = now
			}
		}
	}
	m.spare, m.vals = m.vals, vals
	m.readAt, m.read = now, true
	if now >= m.nextSample {
		for i := range m.pins {
			m.pins[i].hist.push(number(vals[m.pins[i].sig]))
		}
		m.nextSample = now - now%SampleMs + SampleMs
	}
}

// SetSize is the panel's content size; the root sets it before keys and
// clicks, from the same layout the view uses.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.scroll()
}

// Mode says what the inspector is doing (its footer and cursor follow).
func (m *Model) Mode() keys.SignalsMode {
	switch {
	case m.editing && m.choices != nil:
		return keys.SignalsChoose
	case m.editing:
		return keys.SignalsEdit
	case m.filtering:
		return keys.SignalsFilter
	}
	return keys.SignalsBrowse
}

// Typing reports whether key presses go to a line being typed (the filter
// or a value), so that no cockpit key acts on them.
func (m *Model) Typing() bool { return m.filtering || m.editing }

// Filter is the filter text.
func (m *Model) Filter() string { return m.filter.String() }

// Matches is how many signals the filter matches (all without one).
func (m *Model) Matches() int { return m.matches }

// Selected is the path of the node under the cursor ("" for none).
func (m *Model) Selected() string {
	if len(m.rows) == 0 {
		return ""
	}
	return m.tree.path(m.sel)
}

// Pinned lists the pinned signals' paths, in pin order.
func (m *Model) Pinned() []string {
	out := make([]string, len(m.pins))
	for i, p := range m.pins {
		out[i] = m.cat.Spec(p.sig).Path
	}
	return out
}

// Select puts the cursor on a path (a signal or a branch), unfolding the
// branches above it; it reports whether the path is in the tree and shown
// (a filter may hide it).
func (m *Model) Select(path string) bool {
	for i := range m.tree.nodes {
		if m.tree.path(i) != path {
			continue
		}
		for p := m.tree.nodes[i].parent; p >= 0; p = m.tree.nodes[p].parent {
			m.open[p] = true
		}
		m.rebuild()
		if m.rowOf(i) < 0 {
			return false
		}
		m.sel = i
		m.scroll()
		return true
	}
	return false
}

// rebuild recomputes the rows after a fold or the filter changed and
// keeps the cursor on its node, or the nearest shown branch above it.
func (m *Model) rebuild() {
	q := strings.ToLower(m.filter.String())
	m.rows, m.matches = m.tree.visible(m.open, q, m.rows)
	if q != "" {
		if m.counts == nil {
			m.counts = make([]int, len(m.tree.nodes))
		}
		clear(m.counts)
		for _, r := range m.rows {
			if n := &m.tree.nodes[r]; !n.branch() {
				for p := n.parent; p >= 0; p = m.tree.nodes[p].parent {
					m.counts[p]++
				}
			}
		}
	}
	if len(m.rows) == 0 {
		m.sel, m.offset = 0, 0
		return
	}
	for n := m.sel; n >= 0; n = m.tree.nodes[n].parent {
		if m.rowOf(n) >= 0 {
			m.sel = n
			m.scroll()
			return
		}
	}
	m.sel = m.rows[0]
	m.scroll()
}

// firstMatch puts the cursor on the first signal the filter shows, so
// that enter or p acts on a match at once.
func (m *Model) firstMatch() {
	for _, r := range m.rows {
		if !m.tree.nodes[r].branch() {
			m.sel = r
			m.scroll()
			return
		}
	}
}

// rowOf is the row showing node n, -1 when hidden.
func (m *Model) rowOf(n int) int {
	if i, ok := slices.BinarySearch(m.rows, n); ok {
		return i
	}
	return -1
}

// cursor is the row under the cursor.
func (m *Model) cursor() int { return max(m.rowOf(m.sel), 0) }

func (m *Model) moveTo(row int) {
	if len(m.rows) == 0 {
		return
	}
	m.sel = m.rows[min(max(row, 0), len(m.rows)-1)]
	m.clearStatus()
	m.scroll()
}

// scroll keeps the cursor's row in the tree's viewport.
func (m *Model) scroll() {
	m.offset = viewport(m.offset, m.cursor(), len(m.rows), m.layout(m.w, m.h).treeH)
}

// viewport is the first row to show so that row cur is among the n shown
// of total, moving from offset as little as possible.
func viewport(offset, cur, total, n int) int {
	if n <= 0 {
		return 0
	}
	if cur < offset {
		offset = cur
	}
	if cur >= offset+n {
		offset = cur - n + 1
	}
	return min(max(offset, 0), max(total-n, 0))
}

// clearStatus drops the answer to the last action when the user moves on
// (a write still awaiting the car answers when it comes).
func (m *Model) clearStatus() { m.status, m.statusKind = "", statusNone }

func (m *Model) say(kind statusKind, text string) { m.status, m.statusKind = text, kind }

// HandleKey applies a key press. It reports whether the panel used it
// (otherwise the cockpit's own keys get it) and what the root must do.
func (m *Model) HandleKey(c *common.Context, msg tea.KeyPressMsg) (bool, Action) {
	if m.cat == nil {
		return false, Action{}
	}
	k := c.Keys
	switch {
	case m.editing:
		return true, m.editKey(c, msg)
	case m.filtering:
		switch {
		case key.Matches(msg, k.SigClear):
			m.setFilter("")
			m.filtering = false
		case key.Matches(msg, k.SigDone):
			m.filtering = false
		case m.moveKey(k, msg):
		case m.filter.key(msg):
			m.clearStatus()
			m.rebuild()
			m.firstMatch()
		}
		return true, Action{} // typing: no cockpit key acts
	}
	switch {
	case m.moveKey(k, msg):
	case key.Matches(msg, k.SigFilter):
		m.filtering = true
	case key.Matches(msg, k.SigClear):
		if m.filter.String() == "" && m.status == "" {
			return false, Action{}
		}
		m.clearStatus()
		m.setFilter("")
	case key.Matches(msg, k.SigUnfold):
		m.unfold()
	case key.Matches(msg, k.SigFold):
		m.fold()
	case key.Matches(msg, k.SigToggle):
		m.toggle()
	case key.Matches(msg, k.SigEnter):
		return true, m.enter(c)
	case key.Matches(msg, k.SigPin):
		m.togglePin(c)
	default:
		return false, Action{}
	}
	return true, Action{}
}

// moveKey moves the cursor by a line, a page or to an end.
func (m *Model) moveKey(k *keys.KeyMap, msg tea.KeyPressMsg) bool {
	if !key.Matches(msg, k.SigMove, k.SigPage, k.SigEnds) {
		return false
	}
	page := max(m.layout(m.w, m.h).treeH-1, 1)
	cur := m.cursor()
	switch msg.String() {
	case "up":
		m.moveTo(cur - 1)
	case "down":
		m.moveTo(cur + 1)
	case "pgup":
		m.moveTo(cur - page)
	case "pgdown":
		m.moveTo(cur + page)
	case "home":
		m.moveTo(0)
	case "end":
		m.moveTo(len(m.rows) - 1)
	}
	return true
}

func (m *Model) setFilter(s string) {
	m.filter = editor{text: []rune(s)}
	m.rebuild()
}

// Paste adds pasted text to the line being typed.
func (m *Model) Paste(s string) {
	switch {
	case m.editing && m.choices == nil:
		m.edit.insert(s)
	case m.filtering:
		m.filter.insert(s)
		m.rebuild()
		m.firstMatch()
	}
}

func (m *Model) current() *node {
	if len(m.rows) == 0 {
		return nil
	}
	return &m.tree.nodes[m.sel]
}

// unfold opens a folded branch, or goes to an open branch's first child.
func (m *Model) unfold() {
	n := m.current()
	switch {
	case n == nil || !n.branch():
	case !m.open[m.sel] && m.filter.String() == "":
		m.open[m.sel] = true
		m.rebuild()
	default:
		m.moveTo(m.cursor() + 1)
	}
}

// fold closes an open branch, or goes to the branch above.
func (m *Model) fold() {
	n := m.current()
	switch {
	case n == nil:
	case n.branch() && m.open[m.sel] && m.filter.String() == "":
		m.open[m.sel] = false
		m.rebuild()
	case n.parent >= 0:
		m.sel = n.parent
		m.clearStatus()
		m.scroll()
	}
}

// toggle folds or unfolds the branch under the cursor (a filter shows
// every match unfolded: folding waits until it is cleared).
func (m *Model) toggle() {
	if n := m.current(); n != nil && n.branch() && m.filter.String() == "" {
		m.open[m.sel] = !m.open[m.sel]
		m.rebuild()
	}
}

// enter folds a branch, toggles a boolean actuator, opens the edit line of
// any other actuator, and asks the car to set a sensor, which it refuses
// (the refusal is the session's, shown by Sent).
func (m *Model) enter(c *common.Context) Action {
	n := m.current()
	if n == nil {
		return Action{}
	}
	if n.branch() {
		m.toggle()
		return Action{}
	}
	sp := m.cat.Spec(n.sig)
	cur := m.value(n.sig)
	if sp.Kind != signal.Actuator {
		return Action{Set: &Write{Path: sp.Path, Value: cur, sig: n.sig}}
	}
	switch {
	case sp.Datatype == "boolean":
		b, _ := cur.(bool)
		return Action{Set: &Write{Path: sp.Path, Value: !b, sig: n.sig}}
	case len(sp.Allowed) > 0:
		m.choices = sp.Allowed
		m.choice = max(slices.Index(sp.Allowed, signal.Format(cur)), 0)
	default:
		m.choices = nil
		m.edit = editor{text: []rune(signal.Format(cur)), fresh: true}
	}
	m.editing, m.editSig = true, n.sig
	m.clearStatus()
	return Action{}
}

// editKey handles a key while a value is being set.
func (m *Model) editKey(c *common.Context, msg tea.KeyPressMsg) Action {
	k := c.Keys
	switch {
	case key.Matches(msg, k.SigCancel):
		m.editing, m.choices = false, nil
	case key.Matches(msg, k.SigSend):
		sp := m.cat.Spec(m.editSig)
		var v any = m.edit.String()
		if m.choices != nil {
			v = m.choices[m.choice]
		}
		m.editing, m.choices = false, nil
		return Action{Set: &Write{Path: sp.Path, Value: v, sig: m.editSig}}
	case m.choices != nil:
		switch msg.String() {
		case "left", "up", "shift+tab":
			m.choice = (m.choice + len(m.choices) - 1) % len(m.choices)
		case "right", "down", "tab", "space":
			m.choice = (m.choice + 1) % len(m.choices)
		}
	default:
		m.edit.key(msg)
	}
	return Action{}
}

// Sent is the session's answer to a write the inspector asked for, made
// with id: the error SetSignal returned (shown at once, in the UI's
// language), or nil: the car answers after the next step (Settled).
func (m *Model) Sent(c *common.Context, id session.SetID, w *Write, err error) {
	sp := m.cat.Spec(w.sig)
	if err == nil {
		m.pending = id
		m.statusSig = w.sig
		m.say(statusInfo, c.F("signals.sent", "value", display(w.Value)))
		return
	}
	m.pending = 0
	m.say(statusWarn, explain(c, sp, w.Value, err))
}

// Settled is what the car did with write id, after the step that applied
// it: refusal is the event that refused it, in words ("" when the car
// carried it out). The answer names the signal: the cursor may have moved
// on since.
func (m *Model) Settled(c *common.Context, id session.SetID, refusal string) {
	if id == 0 || id != m.pending {
		return
	}
	m.pending = 0
	if refusal != "" {
		m.say(statusWarn, c.F("signals.refused", "path", m.cat.Spec(m.statusSig).Path, "reason", refusal))
		return
	}
	m.status, m.statusKind = "", statusApplied
}

// Refuse shows why a write cannot be made at all (a replay is read-only).
func (m *Model) Refuse(text string) { m.say(statusWarn, text) }

// explain words a write's error in the UI's language: a sensor that is
// only read; a value that is not of the signal's declared type, range or
// allowed values (described from the catalogue's own metadata); for
// anything else, the catalogue's own reason.
func explain(c *common.Context, sp *signal.Spec, value any, err error) string {
	var se *signal.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch se.Code {
	case signal.ErrReadOnly:
		return c.F("signals.err.read_only", "kind", c.T("signals.kind."+string(sp.Kind)))
	case signal.ErrBadValue:
		if _, perr := sp.Parse(value); perr != nil {
			return c.F("signals.err.bad_value", "expected", expected(c, sp), "value", display(value))
		}
		return c.F("signals.err.refused_value", "reason", se.Reason)
	case signal.ErrNotNow:
		return c.F("signals.err.not_now", "reason", se.Reason)
	}
	return se.Error()
}

// expected describes what a signal accepts, from its spec.
func expected(c *common.Context, sp *signal.Spec) string {
	switch {
	case sp.Datatype == "boolean":
		return c.T("signals.expect.boolean")
	case len(sp.Allowed) > 0:
		return c.F("signals.expect.one_of", "values", strings.Join(sp.Allowed, ", "))
	case sp.Datatype == "string":
		return c.T("signals.expect.text")
	}
	what := c.T("signals.expect.number")
	if sp.Integer() {
		what = c.T("signals.expect.whole")
	}
	unit := ""
	if u := unitText(sp.Unit); u != "" {
		unit = " " + u
	}
	switch {
	case sp.HasMin && sp.HasMax:
		return c.F("signals.expect.range", "what", what, "min", signal.Format(sp.Min), "max", signal.Format(sp.Max)+unit)
	case sp.HasMin:
		return c.F("signals.expect.at_least", "what", what, "min", signal.Format(sp.Min)+unit)
	case sp.HasMax:
		return c.F("signals.expect.at_most", "what", what, "max", signal.Format(sp.Max)+unit)
	}
	return what
}

// display is a written value as the status line quotes it.
func display(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return signal.Format(v)
}

// togglePin pins or unpins the signal under the cursor.
func (m *Model) togglePin(c *common.Context) {
	n := m.current()
	if n == nil {
		return
	}
	if n.branch() {
		m.say(statusInfo, c.T("signals.pin_branch"))
		return
	}
	path := m.cat.Spec(n.sig).Path
	for i, p := range m.pins {
		if p.sig == n.sig {
			m.pins = slices.Delete(m.pins, i, i+1)
			m.say(statusInfo, c.F("signals.unpinned", "path", path))
			m.scroll()
			return
		}
	}
	if len(m.pins) >= MaxPins {
		m.say(statusWarn, c.F("signals.pin_full", "n", strconv.Itoa(MaxPins)))
		return
	}
	m.pins = append(m.pins, pin{sig: n.sig})
	if m.read {
		// The first sample now, so the line starts at once.
		m.pins[len(m.pins)-1].hist.push(number(m.vals[n.sig]))
	}
	m.say(statusInfo, c.F("signals.pinned_one", "path", path))
	m.scroll()
}

func (m *Model) pinned(sig int) bool {
	for _, p := range m.pins {
		if p.sig == sig {
			return true
		}
	}
	return false
}

// value is signal i's last read value (nil before the first read).
func (m *Model) value(i int) any {
	if i < 0 || i >= len(m.vals) {
		return nil
	}
	return m.vals[i]
}

// Value is the last read value of a signal by path (nil when unknown or
// not read yet), for tests and the root.
func (m *Model) Value(path string) any {
	if m.cat == nil {
		return nil
	}
	i, ok := m.cat.Index(path)
	if !ok {
		return nil
	}
	return m.value(i)
}

// HandleWheel scrolls the tree by a few rows (dy < 0: up), keeping the
// cursor on a row that stays on screen.
func (m *Model) HandleWheel(dy int) {
	l := m.layout(m.w, m.h)
	if l.treeH <= 0 || len(m.rows) == 0 {
		return
	}
	m.offset = min(max(m.offset+dy, 0), max(len(m.rows)-l.treeH, 0))
	if cur := m.cursor(); cur < m.offset {
		m.sel = m.rows[m.offset]
	} else if cur >= m.offset+l.treeH {
		m.sel = m.rows[m.offset+l.treeH-1]
	}
}

// HandleClick selects the row at (x, y) of the panel's content; a click on
// the selected branch folds or unfolds it, as enter does.
func (m *Model) HandleClick(x, y int) {
	l := m.layout(m.w, m.h)
	if x < 0 || x >= m.w || y < l.treeY || y >= l.treeY+l.treeH {
		return
	}
	row := m.offset + y - l.treeY
	if row >= len(m.rows) {
		return
	}
	if m.rows[row] == m.sel {
		m.toggle()
		return
	}
	m.moveTo(row)
}
