package cockpit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/drive/sim"
)

// newTestHeadless is the test drive (newTestModel's) driven headlessly,
// with time running as in the real cockpit.
func newTestHeadless(t *testing.T, lang string, w, h int) *Headless {
	t.Helper()
	m := newTestModel(t, lang, "night", w, h)
	o := Options{Session: m.sim, Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: lang, Theme: "night", Width: w, Height: h, Controls: testCtl}
	return NewHeadless(o)
}

func TestParseKeyNames(t *testing.T) {
	for _, name := range []string{"u", "enter", "esc", "space", "ctrl+c", "shift+left", "f1", "f12", "tab", "?", "+", "-", "1", "中", "shift+tab", "pgdown", "backspace", "alt+x"} {
		k, err := ParseKey(name)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		// The press is the one Bubble Tea would build for that key: the
		// keymap matches it by this name.
		if k.String() != name {
			t.Errorf("%q parses to a press named %q", name, k.String())
		}
	}
	for alias, want := range map[string]string{"escape": "esc", "return": "enter", "pageup": "pgup", "Enter": "enter"} {
		if k, err := ParseKey(alias); err != nil || k.String() != want {
			t.Errorf("%q: %q, %v; want %q", alias, k.String(), err, want)
		}
	}
	for _, bad := range []string{"", "entr", "hyper+x", "ctrl+", "uu"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestHeadlessDrivesTheCockpit(t *testing.T) {
	h := newTestHeadless(t, "en", 120, 40)
	if !strings.Contains(h.Plain(), "Demo drive") {
		t.Fatalf("no cockpit on the first frame:\n%s", h.Plain())
	}
	// Keys: 3 shows the Cabin panel, and the region follows.
	if err := h.Press("3"); err != nil {
		t.Fatal(err)
	}
	if h.PanelName() != "cabin" {
		t.Fatalf("panel %s after 3", h.PanelName())
	}
	r, ok := h.Region("cabin")
	if !ok || !strings.Contains(h.Text(r), "Cabin") {
		t.Fatalf("no cabin region (%v) with the panel's title:\n%s", ok, h.Text(r))
	}
	if _, ok := h.Region("drive"); ok {
		t.Error("the drive region is listed while the Cabin panel shows")
	}
	// A click on a tab by where its text is drawn.
	top, _ := h.Region("top")
	x, y, ok := h.Find("2 Navigation", top)
	if !ok || y != 0 {
		t.Fatalf("no Navigation tab in the top bar: %v %d", ok, y)
	}
	h.Click(x, y)
	if h.PanelName() != "navigation" {
		t.Fatalf("a click on the tab at (%d, %d) shows %s", x, y, h.PanelName())
	}
	// Time passes by ticks only, and not while paused.
	t0 := h.State().Time
	if !h.Tick() || h.State().Time != t0+sim.Millis(TickInterval.Milliseconds()) {
		t.Errorf("one 1× tick: %v → %v", t0, h.State().Time)
	}
	_ = h.Press("space")
	if h.Tick() {
		t.Error("time passed while paused")
	}
	_ = h.Press("space")
	if !h.SetSpeed(10) || h.SetSpeed(3) {
		t.Error("SetSpeed accepts only the cockpit's speeds")
	}
	t1 := h.State().Time
	h.Tick()
	if got := h.State().Time - t1; got != 1000 {
		t.Errorf("a 10× tick drove %v, want 1 s", got)
	}
	// Typing goes to the voice bar once it is open.
	_ = h.Press("enter")
	if !h.VoiceOpen() {
		t.Fatal("enter did not open the voice bar")
	}
	h.Type("sport mode")
	_ = h.Press("enter")
	h.Tick()
	if h.State().DriveMode != sim.DriveSport {
		t.Errorf("drive mode %s after saying sport mode", h.State().DriveMode)
	}
	v, err := h.Signal("Vehicle.Powertrain.Transmission.PerformanceMode")
	if err != nil || v != "SPORT" {
		t.Errorf("PerformanceMode = %v, %v", v, err)
	}
	if _, err := h.Signal("Vehicle.Sped"); err == nil {
		t.Error("an unknown signal read without an error")
	}
}

func TestHeadlessRegionsBySize(t *testing.T) {
	h := newTestHeadless(t, "en", 120, 40)
	names := func() string {
		var out []string
		for _, r := range h.Regions() {
			out = append(out, r.Name)
		}
		return strings.Join(out, " ")
	}
	if got := names(); got != "screen top cluster drive notifications explanation voice footer" {
		t.Errorf("regions at 120x40: %s", got)
	}
	for _, r := range h.Regions() {
		if r.Name != "screen" && (r.Rect.X+r.Rect.W > 120 || r.Rect.Y+r.Rect.H > 40) {
			t.Errorf("%s %+v is off the screen", r.Name, r.Rect)
		}
	}
	h.Resize(80, 24)
	if got := names(); got != "screen top cluster drive explanation voice footer" {
		t.Errorf("regions at 80x24 (no notifications column): %s", got)
	}
	if f, _ := h.Region("footer"); f.Y != 23 {
		t.Errorf("footer at row %d of 24", f.Y)
	}
	h.Resize(60, 20)
	if got := names(); got != "screen" || !strings.Contains(h.Plain(), "80") {
		t.Errorf("too small: regions %s, screen:\n%s", got, h.Plain())
	}
}

func TestHeadlessChineseText(t *testing.T) {
	h := newTestHeadless(t, "zh", 100, 30)
	top, _ := h.Region("top")
	line := h.Text(top)
	if !strings.Contains(line, "1 驾驶") {
		t.Fatalf("the top bar in Chinese: %q", line)
	}
	// Columns are display cells: the tab is found where it is drawn.
	x, _, _ := h.Find("2 导航", top)
	h.Click(x, 0)
	if h.PanelName() != "navigation" {
		t.Errorf("a click at column %d on 2 导航 shows %s", x, h.PanelName())
	}
	// A region cut through wide characters stays within its cells.
	if w := len([]rune(h.Text(Rect{X: 1, Y: 0, W: 9, H: 1}))); w > 9 {
		t.Errorf("a 9-cell cut holds %d characters", w)
	}
}

func TestHeadlessWheelReachesThePanel(t *testing.T) {
	h := newTestHeadless(t, "en", 120, 40)
	_ = h.Press("6")
	before := h.Frame()
	r, _ := h.Region("signals")
	for range 5 {
		h.Wheel(r.X+4, r.Y+4, false)
	}
	if h.Frame() == before {
		t.Error("the wheel over the Signals panel changed nothing")
	}
	h.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	if w, ht := h.Size(); w != 100 || ht != 30 {
		t.Errorf("size %dx%d after a resize to 100x30", w, ht)
	}
}
