package cockpit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// signalsModel is the Signals panel's golden state: the demo drive a
// minute in, panel 6 opened by its key, Vehicle.Speed pinned (→ from
// Vehicle, p) and four more seconds driven, so the watch list has a
// sparkline and the speed is highlighted as it changes.
func signalsModel(t testing.TB, lang string, w, h int) *Model {
	t.Helper()
	m := demoModel(t, lang, "night", w, h)
	press(m, "6", "right", "p")
	ticks(m, 40)
	return m
}

// filterModel is the second golden state: the filter typed, the cursor on
// the first match and the edit line open on it with a number typed.
func filterModel(t testing.TB, lang string, w, h int) *Model {
	t.Helper()
	m := demoModel(t, lang, "night", w, h)
	press(m, "6", "/")
	typeText(m, "HeatingCooling")
	press(m, "enter", "enter")
	typeText(m, "67")
	return m
}

// TestGoldenSignals pins the panel at the three reference sizes in both
// languages, browsing with a pin and typing a value under a filter.
func TestGoldenSignals(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		for _, lang := range []string{"en", "zh"} {
			for state, build := range map[string]func(testing.TB, string, int, int) *Model{"pinned": signalsModel, "edit": filterModel} {
				t.Run(fmt.Sprintf("%s_%dx%d_%s", state, sz[0], sz[1], lang), func(t *testing.T) {
					out := frame(build(t, lang, sz[0], sz[1]))
					checkFrame(t, out, sz[0], sz[1])
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestSignalsPanelAllSizes renders the panel in each of its modes at
// sizes from the minimum up: every frame fills the screen exactly.
func TestSignalsPanelAllSizes(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		m := signalsModel(t, lang, 80, 24)
		for _, sz := range [][2]int{{80, 24}, {81, 25}, {99, 30}, {119, 33}, {120, 40}, {160, 48}, {200, 60}, {257, 71}} {
			m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			for _, keys := range [][]string{{}, {"/"}, {"x"}, {"backspace", "enter", "down", "down", "enter"}, {"esc", "esc"}} {
				press(m, keys...)
				checkFrame(t, frame(m), sz[0], sz[1])
			}
			m.showHelp = true
			checkFrame(t, frame(m), sz[0], sz[1])
			m.showHelp = false
		}
	}
}

// screenLine is the first line of the screen that contains text.
func screenLine(m *Model, text string) string {
	for _, l := range strings.Split(frame(m), "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// TestSignalsFlow is what a developer does in the panel: open it by its
// key and by voice (both languages), filter "HeatingCooling", set the
// driver's seat to 100 and see it change after a step, then pin
// Vehicle.Speed and watch its sparkline grow.
func TestSignalsFlow(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	press(m, "6")
	total := fmt.Sprintf("%d signals", m.sim.Signals().Len())
	if m.Panel() != PanelSignals || !strings.Contains(frame(m), total) {
		t.Fatalf("6 shows %v:\n%s", m.Panel(), frame(m))
	}
	for _, lang := range []string{"en", "zh"} {
		v := newTestModel(t, lang, "night", 120, 40)
		phrase := map[string]string{"en": "show signals", "zh": "显示信号"}[lang]
		v.submitVoice(phrase)
		if v.Panel() != PanelSignals {
			t.Errorf("%q shows %v, want the Signals panel", phrase, v.Panel())
		}
	}

	press(m, "/")
	typeText(m, "HeatingCooling")
	press(m, "enter")
	out := frame(m)
	if !strings.Contains(out, "4 of "+total) {
		t.Fatalf("the filter does not count its matches:\n%s", out)
	}
	if n := strings.Count(out, "HeatingCooling "); n < 4 {
		t.Errorf("the four seats' HeatingCooling are not all listed (%d):\n%s", n, out)
	}
	if strings.Contains(out, "Speed") {
		t.Errorf("a signal that does not match is shown:\n%s", out)
	}
	if m.insp.Selected() != "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling" {
		t.Fatalf("the cursor is on %q, want the first match", m.insp.Selected())
	}

	m.paused = false // time runs (the test steps it): the write waits for the next step
	press(m, "enter")
	typeText(m, "100")
	press(m, "enter")
	if l := screenLine(m, "❯"); !strings.Contains(l, "✎ 0 %") {
		t.Errorf("before the step the seat shows %q, want 0 %%", l)
	}
	if !strings.Contains(frame(m), "Sent 100: the car answers after the next step.") {
		t.Errorf("the write is not acknowledged:\n%s", frame(m))
	}
	ticks(m, 1)
	if l := screenLine(m, "❯"); !strings.Contains(l, "✎ 100 %") {
		t.Errorf("after the step the seat shows %q, want 100 %%", l)
	}
	if got := m.State().Cabin.Seats[0].Heat; got != 3 {
		t.Errorf("the driver's seat heats at level %d, want 3 (the write's band)", got)
	}
	if !strings.Contains(frame(m), "Done: Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling is 100 %.") {
		t.Errorf("the panel does not say the car did it:\n%s", frame(m))
	}

	press(m, "esc", "/")
	typeText(m, "vehicle.speed")
	press(m, "enter", "p", "esc")
	if got := m.insp.Pinned(); len(got) != 1 || got[0] != "Vehicle.Speed" {
		t.Fatalf("pinned %v, want Vehicle.Speed", got)
	}
	dots := func() int {
		l := screenLine(m, "⚑ Vehicle.Speed")
		n := 0
		for _, r := range l {
			if r > 0x2800 && r <= 0x28ff {
				n++
			}
		}
		return n
	}
	ticks(m, 50) // 5 s
	early := dots()
	ticks(m, 300) // 30 s more
	if late := dots(); early == 0 || late <= early {
		t.Errorf("the sparkline has %d cells after 5 s and %d after 35 s; want it to grow", early, late)
	}
	if m.Panel() != PanelSignals {
		t.Errorf("the panel changed to %v", m.Panel())
	}
}

// TestSignalsEditErrors: the session's refusals show in the panel's status
// line in the UI's language: a sensor cannot be set, a bad number says what
// the signal takes, and a write the car refuses after the step says why,
// in the words of the notifications.
func TestSignalsEditErrors(t *testing.T) {
	cases := []struct {
		lang, filter, typed, want string
	}{
		{"en", "vehicle.speed", "", "This is a sensor: it can be read, not set."},
		{"zh", "vehicle.speed", "", "这是传感器：只能读取，不能设置。"},
		{"en", "HeatingCooling", "abc", "Not a valid value: expected a whole number from -100 to 100 %, got “abc”."},
		{"en", "HeatingCooling", "150", "expected a whole number from -100 to 100 %, got “150”."},
		{"zh", "HeatingCooling", "1.5", "值无效：应为 -100 到 100 % 之间的整数，输入的是“1.5”。"},
	}
	for _, tc := range cases {
		m := newTestModel(t, tc.lang, "night", 200, 60)
		press(m, "6", "/")
		typeText(m, tc.filter)
		press(m, "enter", "enter")
		if tc.typed != "" {
			typeText(m, tc.typed)
			press(m, "enter")
		}
		if out := frame(m); !strings.Contains(out, tc.want) {
			t.Errorf("%s %s %q: the panel does not say %q:\n%s", tc.lang, tc.filter, tc.typed, tc.want, out)
		}
		if got := m.State().Cabin.Seats[0].Heat; got != 0 {
			t.Errorf("%s %q: a refused write changed the seat (level %d)", tc.lang, tc.typed, got)
		}
	}

	// Nobody sits in the rear: the car refuses, after the step, and the
	// panel says so as the notification does.
	m := newTestModel(t, "en", "night", 200, 60)
	press(m, "6", "/")
	typeText(m, "Row2.DriverSide.HeatingCooling")
	press(m, "enter", "enter")
	typeText(m, "100")
	press(m, "enter")
	if m.State().Cabin.Seats[2].Heat != 0 {
		t.Fatal("the empty rear seat heats")
	}
	var why string
	for _, it := range m.feed {
		if it.ev.Kind == "command.rejected" {
			why = m.describe(it.ev)
		}
	}
	if why == "" {
		t.Fatalf("no command.rejected in the notifications: %+v", m.feed)
	}
	if !strings.Contains(frame(m), "The car refused Vehicle.Cabin.Seat.Row2.DriverSide.HeatingCooling: "+why) {
		t.Errorf("the panel does not show the car's refusal %q:\n%s", why, frame(m))
	}
	if m.State().Cabin.Seats[0].Heat != 0 || m.State().Cabin.Seats[2].Occupied {
		t.Errorf("state: %+v", m.State().Cabin.Seats)
	}
}

// TestSignalsMouse: a click on a row selects it, a second click folds or
// unfolds a branch, and the wheel scrolls the tree.
func TestSignalsMouse(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	press(m, "6")
	g := m.layout()
	// Content row 1 is the tree's first row (Vehicle), row 3 its second signal.
	click := func(row int) {
		m.Update(tea.MouseClickMsg{Button: tea.MouseLeft, X: 6, Y: g.mainY + 1 + row})
	}
	click(3)
	if got := m.insp.Selected(); got != "Vehicle.IsMoving" {
		t.Fatalf("a click on the third row selects %q", got)
	}
	click(4)
	click(4) // Acceleration: select, then unfold
	if got := screenLine(m, "Longitudinal"); got == "" {
		t.Fatalf("a second click on a branch does not unfold it:\n%s", frame(m))
	}
	before := screenLine(m, "▾ Vehicle")
	for i := 0; i < 10; i++ {
		m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 6, Y: g.mainY + 5})
	}
	if after := screenLine(m, "▾ Vehicle"); before == "" || after == before && strings.Contains(after, "Vehicle ") {
		t.Errorf("the wheel does not scroll the tree:\n%s", frame(m))
	}
}

// TestSignalsKeysDocumented: the footer and the help overlay list the
// panel's keys.
func TestSignalsKeysDocumented(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	press(m, "6")
	foot := screenLine(m, "• ? help")
	for _, want := range []string{"↑/↓ move", "enter fold / set", "/ filter", "p pin"} {
		if !strings.Contains(foot, want) {
			t.Errorf("the footer lacks %q: %s", want, foot)
		}
	}
	press(m, "/")
	if foot := frame(m); !strings.Contains(foot, "enter done") || !strings.Contains(foot, "esc clear filter") {
		t.Errorf("typing the filter, the footer does not say how to finish:\n%s", foot)
	}
	press(m, "esc")
	press(m, "?")
	help := frame(m)
	for _, want := range []string{"6   signals", "pgup/pgdn page", "p         pin", "Signals (6)"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help overlay lacks %q:\n%s", want, help)
		}
	}
}

// TestFlowSignalsPanel runs the real program loop: 6 opens the panel, the
// filter is typed and counts, esc clears it; the voice bar opens it too.
func TestFlowSignalsPanel(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	tm.Send(tea.KeyPressMsg{Code: '6', Text: "6"})
	waitFor(t, tm, fmt.Sprintf("%d signals", m.sim.Signals().Len()))
	tm.Send(tea.KeyPressMsg{Code: '/', Text: "/"})
	tm.Type("HeatingCooling")
	waitFor(t, tm, "▾ PassengerSide") // the filter unfolded the seats
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: '1', Text: "1"})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Type("show signals")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if final.Panel() != PanelSignals || final.insp.Filter() != "" {
		t.Errorf("panel %v, filter %q; want Signals, cleared", final.Panel(), final.insp.Filter())
	}
}

// TestSignalsHighlightWhileDriving: on the running drive the speed, which
// changes every step, is drawn in the accent colour; the seat heating,
// which does not, is not — until the panel sets it, for two seconds of
// sim time.
func TestSignalsHighlightWhileDriving(t *testing.T) {
	m := demoModel(t, "en", "night", 120, 40)
	press(m, "6")
	ticks(m, 5)
	s := m.ctx.Styles
	speed := fmt.Sprintf("%v km/h", m.insp.Value("Vehicle.Speed"))
	if out := m.Render(); !strings.Contains(out, s.Accent.Render(speed)) {
		t.Errorf("the changing speed %q is not in the accent:\n%s", speed, frame(m))
	}
	press(m, "/")
	typeText(m, "HeatingCooling")
	press(m, "enter")
	accent0, accent100 := s.Accent.Render("0 %"), s.Accent.Render("100 %")
	if strings.Contains(m.Render(), accent0) {
		t.Error("a seat heating that never changed is highlighted")
	}
	press(m, "enter")
	typeText(m, "100")
	press(m, "enter", "up") // the cursor off the row, which has the selection's style
	ticks(m, 1)
	if !strings.Contains(m.Render(), accent100) {
		t.Errorf("the seat just set is not highlighted:\n%s", frame(m))
	}
	ticks(m, 21) // 2.1 s
	if strings.Contains(m.Render(), accent100) {
		t.Error("the highlight outlives 2 s of sim time")
	}
}
