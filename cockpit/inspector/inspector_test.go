package inspector

import (
	"math"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

var (
	loadOnce sync.Once
	testCat  *signal.Catalog
	tables   map[string]*i18n.Table
	themes   map[string]*theme.Theme
	loadErr  error
)

func load(t testing.TB) {
	t.Helper()
	loadOnce.Do(func() {
		fsys := assets.FS()
		if testCat, loadErr = signal.Load(fsys); loadErr != nil {
			return
		}
		if tables, loadErr = i18n.LoadAll(fsys); loadErr != nil {
			return
		}
		themes, loadErr = theme.LoadAll(fsys)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
}

// ctx is the shared context of a cockpit in lang with the night theme.
func ctx(t testing.TB, lang string) *common.Context {
	load(t)
	tr := tables[lang]
	return &common.Context{Width: 200, Height: 60, Styles: theme.New(themes["night"], false), Keys: keys.New(tr), Tr: tr}
}

// zeros are a value of the right type for every signal.
func zeros(cat *signal.Catalog) []any {
	out := make([]any, cat.Len())
	for i := range out {
		sp := cat.Spec(i)
		switch {
		case sp.Datatype == "boolean":
			out[i] = false
		case sp.Datatype == "string":
			out[i] = ""
		case sp.Integer():
			out[i] = 0
		default:
			out[i] = 0.0
		}
	}
	return out
}

// observe feeds a copy of vals read at now.
func observe(m *Model, now sim.Millis, vals []any) {
	m.Observe(now, append(m.Buffer(), vals...))
}

func keyMsg(k string) tea.KeyPressMsg {
	codes := map[string]rune{"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace, "tab": tea.KeyTab}
	if c, ok := codes[k]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if k == "ctrl+u" {
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func press(c *common.Context, m *Model, ks ...string) Action {
	var last Action
	for _, k := range ks {
		_, last = m.HandleKey(c, keyMsg(k))
	}
	return last
}

func typeText(c *common.Context, m *Model, s string) {
	for _, r := range s {
		m.HandleKey(c, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// TestTreeHoldsEverySignalOnce: the tree has one leaf per signal, at its
// path, under branches that count their signals, in preorder.
func TestTreeHoldsEverySignalOnce(t *testing.T) {
	load(t)
	tr := buildTree(testCat)
	leaves := 0
	for i := range tr.nodes {
		n := &tr.nodes[i]
		if n.end <= i || n.end > len(tr.nodes) {
			t.Fatalf("node %d ends at %d", i, n.end)
		}
		if !n.branch() {
			leaves++
			if got := tr.path(i); got != testCat.Spec(n.sig).Path {
				t.Errorf("leaf %d is at %s, its signal is %s", i, got, testCat.Spec(n.sig).Path)
			}
			continue
		}
		count := 0
		for j := i + 1; j < n.end; j++ {
			if tr.nodes[j].depth <= n.depth {
				t.Fatalf("node %d (depth %d) inside branch %d (depth %d)", j, tr.nodes[j].depth, i, n.depth)
			}
			if !tr.nodes[j].branch() {
				count++
			}
		}
		if count != n.leaves || count == 0 {
			t.Errorf("branch %s counts %d signals, holds %d", tr.path(i), n.leaves, count)
		}
	}
	if leaves != testCat.Len() {
		t.Errorf("%d leaves for %d signals", leaves, testCat.Len())
	}
	if tr.path(0) != "Vehicle" || tr.nodes[1].name != "Speed" {
		t.Errorf("the tree starts %s.%s, want the catalogue's first signal Vehicle.Speed", tr.path(0), tr.nodes[1].name)
	}
}

// TestFilterShowsExactlyTheMatches (property): under any filter, the rows
// are every signal whose path or description contains it, whatever the
// case, with every branch above them and no branch without one.
func TestFilterShowsExactlyTheMatches(t *testing.T) {
	load(t)
	m := New(testCat)
	paths := make([]string, testCat.Len())
	for i := range paths {
		paths[i] = testCat.Spec(i).Path + " " + testCat.Spec(i).Description
	}
	rapid.Check(t, func(rt *rapid.T) {
		var q string
		if rapid.Bool().Draw(rt, "fromCatalogue") {
			src := rapid.SampledFrom(paths).Draw(rt, "source")
			r := []rune(src)
			a := rapid.IntRange(0, len(r)-1).Draw(rt, "from")
			b := rapid.IntRange(a, min(a+12, len(r))).Draw(rt, "to")
			q = string(r[a:b])
			if rapid.Bool().Draw(rt, "upper") {
				q = strings.ToUpper(q)
			}
		} else {
			q = rapid.String().Draw(rt, "random")
		}
		m.setFilter(q)
		if q == "" {
			if m.Matches() != testCat.Len() {
				rt.Fatalf("no filter matches %d of %d", m.Matches(), testCat.Len())
			}
			return // the folds decide what shows
		}
		want := 0
		shown := map[int]bool{}
		for _, r := range m.rows {
			shown[r] = true
		}
		for i := 0; i < testCat.Len(); i++ {
			sp := testCat.Spec(i)
			match := strings.Contains(strings.ToLower(sp.Path+"\n"+sp.Description), strings.ToLower(q))
			if match {
				want++
			}
			if shown[m.tree.leafOf[i]] != match {
				rt.Fatalf("filter %q: %s shown %v, matches %v", q, sp.Path, shown[m.tree.leafOf[i]], match)
			}
		}
		if m.Matches() != want {
			rt.Fatalf("filter %q: counts %d matches, want %d", q, m.Matches(), want)
		}
		for _, r := range m.rows {
			n := &m.tree.nodes[r]
			if n.parent >= 0 && !shown[n.parent] {
				rt.Fatalf("filter %q: %s shown without its branch", q, m.tree.path(r))
			}
			if n.branch() && (m.counts[r] == 0 || !m.tree.anyMatch(r, strings.ToLower(q))) {
				rt.Fatalf("filter %q: branch %s shown with no match below", q, m.tree.path(r))
			}
		}
	})
}

// keysUsed are the keys the random sessions press: the panel's own, the
// cockpit's that reach it, characters (CJK too) and editing keys.
var keysUsed = []string{"up", "down", "left", "right", "enter", "esc", "pgup", "pgdown", "home", "end",
	"backspace", "tab", "space", "ctrl+u", "/", "p", "a", "Z", "1", "6", "-", ".", "q", "信", "号"}

// TestKeysNeverBreakThePanel (property): any key sequence at any size
// keeps the cursor on a shown row and the viewport inside the rows, never
// panics, and every frame is exactly w×h cells with no missing string.
func TestKeysNeverBreakThePanel(t *testing.T) {
	c := ctx(t, "en")
	vals := zeros(testCat)
	rapid.Check(t, func(rt *rapid.T) {
		m := New(testCat)
		w := rapid.IntRange(20, 200).Draw(rt, "w")
		h := rapid.IntRange(3, 60).Draw(rt, "h")
		m.SetSize(w, h)
		observe(m, 0, vals)
		if rapid.Bool().Draw(rt, "zh") {
			c = ctx(t, "zh")
		}
		for step, k := range rapid.SliceOfN(rapid.SampledFrom(keysUsed), 1, 80).Draw(rt, "keys") {
			_, act := m.HandleKey(c, keyMsg(k))
			if act.Set != nil {
				m.Sent(c, 1, act.Set, nil)
			}
			observe(m, sim.Millis(step*50), vals)
			checkInvariants(rt, m)
			checkView(rt, c, m, w, h)
		}
	})
}

// FuzzInspectorKeys is the same with the fuzzer's bytes as keys (go test
// -fuzz FuzzInspectorKeys ./cockpit/inspector explores further).
func FuzzInspectorKeys(f *testing.F) {
	f.Add([]byte("/heat\r\x1b[B\r100\r"), uint8(76), uint8(11))
	f.Add([]byte("p\x1b[Bp\x1b[C\x1b[C\x1b[6~ \r"), uint8(136), uint8(46))
	f.Add([]byte("/\xe4\xbf\xa1\xff\x00\r\x1b"), uint8(20), uint8(3))
	c := ctx(f, "en")
	vals := zeros(testCat)
	f.Fuzz(func(t *testing.T, data []byte, w, h uint8) {
		m := New(testCat)
		m.SetSize(int(w), int(h))
		observe(m, 0, vals)
		for i, b := range data {
			k := keysUsed[int(b)%len(keysUsed)]
			if b >= 0x80 {
				k = string(rune(b)) // arbitrary runes too
			}
			_, act := m.HandleKey(c, keyMsg(k))
			if act.Set != nil {
				m.Sent(c, 1, act.Set, nil)
			}
			if i%7 == 0 {
				m.HandleWheel(int(b%7) - 3)
				m.HandleClick(int(b)%max(int(w), 1), int(b)%max(int(h), 1))
			}
			checkInvariants(t, m)
			checkView(t, c, m, int(w), int(h))
		}
	})
}

type fataler interface {
	Fatalf(format string, args ...any)
}

func checkInvariants(t fataler, m *Model) {
	if len(m.rows) == 0 {
		return
	}
	if m.rowOf(m.sel) < 0 {
		t.Fatalf("the cursor is on node %d, which is not shown", m.sel)
	}
	if m.offset < 0 || m.offset > max(len(m.rows)-1, 0) {
		t.Fatalf("offset %d of %d rows", m.offset, len(m.rows))
	}
	if len(m.pins) > MaxPins {
		t.Fatalf("%d pins", len(m.pins))
	}
}

func checkView(t fataler, c *common.Context, m *Model, w, h int) {
	if w < 1 || h < 1 {
		_ = m.View(c, w, h)
		return
	}
	out := ansi.Strip(m.View(c, w, h))
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines at %d×%d:\n%s", len(lines), w, h, out)
	}
	for i, l := range lines {
		if got := widget.Width(l); got != w {
			t.Fatalf("line %d is %d cells at %d×%d: %q", i, got, w, h, l)
		}
	}
	if strings.Contains(out, "⟦") {
		t.Fatalf("a missing string:\n%s", out)
	}
}

// TestHighlightOnChange: a value that changed shows in the accent for
// ChangedMs of sim time after the read that saw it change, then in the
// text style again; a panel hidden longer than that does not flash every
// value that changed meanwhile.
func TestHighlightOnChange(t *testing.T) {
	c := ctx(t, "en")
	s := c.Styles
	m := New(testCat)
	m.SetSize(136, 46)
	vals := zeros(testCat)
	speed, _ := testCat.Index("Vehicle.Speed")
	observe(m, 1000, vals)
	m.moveTo(2) // the cursor off the row looked at (the selection has its own style)
	accent := s.Accent.Render("12.5 km/h")
	plain := s.Text.Render("12.5 km/h")
	vals[speed] = 12.5
	observe(m, 1100, vals)
	if out := m.View(c, 136, 46); !strings.Contains(out, accent) {
		t.Fatalf("a speed that just changed is not in the accent:\n%s", ansi.Strip(out))
	}
	observe(m, 1100+ChangedMs-50, vals)
	if !strings.Contains(m.View(c, 136, 46), accent) {
		t.Error("the highlight ended before 2 s of sim time")
	}
	observe(m, 1100+ChangedMs, vals)
	if out := m.View(c, 136, 46); strings.Contains(out, accent) || !strings.Contains(out, plain) {
		t.Error("the highlight outlived 2 s of sim time")
	}
	vals[speed] = 40.0
	observe(m, 60_000, vals) // a minute later: the panel was hidden
	if strings.Contains(m.View(c, 136, 46), s.Accent.Render("40 km/h")) {
		t.Error("a value that changed while nobody looked flashes when the panel comes back")
	}
}

// TestFoldingAndMoving: → unfolds and enters a branch, ← folds it and goes
// up, space toggles, home/end/pgup/pgdn move by the viewport's page.
func TestFoldingAndMoving(t *testing.T) {
	c := ctx(t, "en")
	m := New(testCat)
	m.SetSize(76, 11)
	observe(m, 0, zeros(testCat))
	if m.Selected() != "Vehicle" {
		t.Fatalf("starts on %q, want Vehicle", m.Selected())
	}
	n := len(m.rows)
	press(c, m, "left")
	if len(m.rows) >= n || m.Selected() != "Vehicle" {
		t.Fatalf("← on open Vehicle: %d rows (was %d), on %q", len(m.rows), n, m.Selected())
	}
	press(c, m, "right", "right")
	if m.Selected() != "Vehicle.Speed" {
		t.Fatalf("→ → from Vehicle: on %q, want Vehicle.Speed", m.Selected())
	}
	if !m.Select("Vehicle.Cabin") {
		t.Fatal("Vehicle.Cabin is not in the tree")
	}
	press(c, m, "space", "right")
	if got := m.Selected(); !strings.HasPrefix(got, "Vehicle.Cabin.") {
		t.Fatalf("space, → on Vehicle.Cabin: on %q", got)
	}
	press(c, m, "left")
	if m.Selected() != "Vehicle.Cabin" {
		t.Fatalf("← on a child: on %q, want its branch", m.Selected())
	}
	press(c, m, "end")
	if m.cursor() != len(m.rows)-1 {
		t.Errorf("end: row %d of %d", m.cursor(), len(m.rows))
	}
	press(c, m, "home", "pgdown")
	if page := m.layout(76, 11).treeH - 1; m.cursor() != page {
		t.Errorf("pgdown from the top: row %d, want %d", m.cursor(), page)
	}
	press(c, m, "pgup")
	if m.cursor() != 0 {
		t.Errorf("pgup back: row %d", m.cursor())
	}
}

// TestEditLine: enter on an actuator opens the edit line with its value,
// the first character typed replaces it, enter sends the text typed; a
// boolean toggles without a line; allowed strings cycle; esc cancels.
func TestEditLine(t *testing.T) {
	c := ctx(t, "en")
	m := New(testCat)
	m.SetSize(76, 11)
	vals := zeros(testCat)
	i, _ := testCat.Index("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling")
	vals[i] = 33
	observe(m, 0, vals)
	m.Select("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling")
	press(c, m, "enter")
	if m.Mode() != keys.SignalsEdit || !strings.Contains(ansi.Strip(m.View(c, 76, 11)), "Set to: 33") {
		t.Fatalf("enter on an actuator: mode %v\n%s", m.Mode(), ansi.Strip(m.View(c, 76, 11)))
	}
	typeText(c, m, "100")
	act := press(c, m, "enter")
	if act.Set == nil || act.Set.Value != "100" || act.Set.Path != "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling" {
		t.Fatalf("enter sends %+v, want the typed 100", act.Set)
	}
	m.Select("Cockpit.World.IsNight")
	if act := press(c, m, "enter"); act.Set == nil || act.Set.Value != true || m.Typing() {
		t.Fatalf("enter on a boolean: %+v, typing %v; want true at once", act.Set, m.Typing())
	}
	m.Select("Cockpit.World.Weather")
	press(c, m, "enter")
	if m.Mode() != keys.SignalsChoose {
		t.Fatalf("enter on an allowed string: mode %v", m.Mode())
	}
	if act := press(c, m, "right", "enter"); act.Set == nil || act.Set.Value != "RAIN" {
		t.Fatalf("→ enter from CLEAR sends %+v, want RAIN", act.Set)
	}
	m.Select("Cockpit.World.Visibility")
	press(c, m, "enter", "5", "esc")
	if m.Typing() {
		t.Error("esc does not cancel the edit line")
	}
}

// TestPinsAreBounded: the watch list holds at most MaxPins signals, each
// with one minute of samples (SampleMs apart) whatever the drive's length,
// and its sparkline fills from the right as the minute passes.
func TestPinsAreBounded(t *testing.T) {
	c := ctx(t, "en")
	m := New(testCat)
	m.SetSize(136, 46)
	vals := zeros(testCat)
	observe(m, 0, vals)
	m.Select("Vehicle.Speed")
	press(c, m, "p")
	if got := m.Pinned(); len(got) != 1 || got[0] != "Vehicle.Speed" {
		t.Fatalf("pinned %v", got)
	}
	spark := func() string {
		return strings.TrimLeft(m.pins[0].hist.spark(30), " ")
	}
	speed, _ := testCat.Index("Vehicle.Speed")
	for k := 1; k <= 20; k++ {
		vals[speed] = float64(k)
		observe(m, sim.Millis(k*SampleMs), vals)
	}
	early := len([]rune(spark()))
	for k := 21; k <= 10*historyN; k++ {
		vals[speed] = math.Mod(float64(k), 50)
		observe(m, sim.Millis(k*SampleMs), vals)
	}
	if n := m.pins[0].hist.n; n != historyN {
		t.Errorf("the ring holds %d samples, want %d", n, historyN)
	}
	if late := len([]rune(spark())); late <= early || late != 30 {
		t.Errorf("the sparkline is %d cells after 10 s and %d after minutes, want it to grow to 30", early, late)
	}
	for _, p := range []string{"Vehicle.IsMoving", "Vehicle.TraveledDistance", "Cockpit.Vehicle.Position.X", "Cockpit.Vehicle.Position.Y",
		"Cockpit.Vehicle.Position.Heading", "Cockpit.Vehicle.HasArrived", "Cockpit.Vehicle.IsCrashed", "Cockpit.Vehicle.IsStranded"} {
		m.Select(p)
		press(c, m, "p")
	}
	if len(m.pins) != MaxPins || !strings.Contains(m.status, "At most 8") {
		t.Errorf("%d pins, status %q; want %d and a word why", len(m.pins), m.status, MaxPins)
	}
}
