package cockpit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/session"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// fixedAssistant answers every utterance the same way, so the golden
// frames pin the cockpit's layout, not the assistant's wording (which its
// own tests pin).
type fixedAssistant struct{}

func (fixedAssistant) Hear(text string, st *sim.State) session.Heard {
	h := session.Heard{Text: text, Lang: "en", Pending: "Sport mode on.", Commands: []sim.Command{sim.SetDriveMode{Mode: sim.DriveSport}}}
	if strings.ContainsFunc(text, func(r rune) bool { return r >= 0x4e00 }) {
		h.Lang, h.Pending = "zh", "已切换到运动模式。"
	}
	return h
}
func (fixedAssistant) Reply(h session.Heard, _ []sim.Event, _ *sim.State) session.Reply {
	return session.Reply{Text: h.Pending.(string), Lang: h.Lang}
}
func (fixedAssistant) See([]session.Label) {}
func (fixedAssistant) Sayable() []string   { return nil }

// demoModel is the golden frames' state: a minute into the airport run,
// after one voice command, with the notifications that produced.
func demoModel(t testing.TB, lang, theme string, w, h int) *Model {
	m := newTestModelVoice(t, lang, theme, w, h, fixedAssistant{})
	for i := 0; i < 600; i++ {
		m.advance(2)
	}
	m.submitVoice(map[string]string{"en": "sport mode", "zh": "运动模式"}[lang])
	m.advance(2)
	return m
}

func frame(m *Model) string { return ansi.Strip(m.Render()) }

// TestGoldenFrames pins the whole screen at the three reference sizes, in
// both languages, day and night (go test ./cockpit/... -update rewrites).
func TestGoldenFrames(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		for _, lang := range []string{"en", "zh"} {
			for _, th := range []string{"day", "night"} {
				name := fmt.Sprintf("%dx%d_%s_%s", sz[0], sz[1], lang, th)
				t.Run(name, func(t *testing.T) {
					m := demoModel(t, lang, th, sz[0], sz[1])
					out := frame(m)
					checkFrame(t, out, sz[0], sz[1])
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// checkFrame asserts what every frame must satisfy: exactly the terminal's
// size (CJK counted as two cells) and no missing string keys.
func checkFrame(t *testing.T, out string, w, h int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	if len(lines) != h {
		t.Fatalf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := widget.Width(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, l)
		}
	}
	if strings.Contains(out, "⟦") {
		t.Errorf("frame shows a missing string key:\n%s", out)
	}
}

// TestPanelsAllSizes renders every panel, overlay and theme at sizes from
// the minimum up, including odd ones, to catch layout overflow.
func TestPanelsAllSizes(t *testing.T) {
	m := demoModel(t, "en", "night", 80, 24)
	for _, lang := range []string{"en", "zh"} {
		m.setLang(lang)
		for _, th := range themeCycle {
			m.setTheme(th)
			for _, sz := range [][2]int{{80, 24}, {81, 25}, {99, 30}, {119, 33}, {120, 40}, {160, 48}, {200, 60}, {257, 71}} {
				m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				for p := Panel(0); p < panelCount; p++ {
					m.setPanel(p)
					checkFrame(t, frame(m), sz[0], sz[1])
				}
				m.showHelp = true
				checkFrame(t, frame(m), sz[0], sz[1])
				m.showHelp = false
			}
		}
	}
}

// TestTooSmall says how big the terminal must be, and never panics on
// degenerate sizes.
func TestTooSmall(t *testing.T) {
	m := newTestModel(t, "en", "day", 60, 20)
	out := frame(m)
	if !strings.Contains(out, "80×24") || !strings.Contains(out, "60×20") {
		t.Fatalf("too-small message missing sizes:\n%s", out)
	}
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {79, 24}, {80, 23}, {10, 100}} {
		m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		_ = m.View()
	}
}

// TestNoColor: under NO_COLOR the screen carries no colour at all (only
// attributes), and states stay readable as words.
func TestNoColor(t *testing.T) {
	load(t)
	m := newTestModel(t, "en", "night", 120, 40)
	m.noColor = true
	m.themeName = ""
	m.applyTheme()
	v := m.View()
	if v.BackgroundColor != nil || v.ForegroundColor != nil {
		t.Error("NO_COLOR must leave the terminal's colours alone")
	}
	for _, sgr := range []string{"38;2;", "48;2;", "38;5;", "48;5;", "\x1b[3", "\x1b[4"} {
		if strings.Contains(v.Content, sgr) {
			t.Fatalf("NO_COLOR frame contains colour sequence %q", sgr)
		}
	}
	if !strings.Contains(ansi.Strip(v.Content), "Demo drive") {
		t.Error("the assistance state must read as text without colour")
	}
}

// TestLowEnergyLampFollowsTheCar: the cluster's low-energy lamp lights
// when the car warns, by the car's own rule. A hybrid at 15 % battery with
// a full tank has hundreds of kilometres left: no lamp (it used to light
// by battery level alone). A BEV at 15 % is low: lamp, amber; at 8 %
// critical: red.
func TestLowEnergyLampFollowsTheCar(t *testing.T) {
	load(t)
	lamp := func(id string, soc float64) (telltale, *Model) {
		t.Helper()
		prof, err := vehicle.Find(testProfs, id)
		if err != nil {
			t.Fatal(err)
		}
		s := newSession(t, session.Setup{Voice: fixedAssistant{}, Config: sim.Config{Profile: prof, Map: testMap, Seed: 7, StartPlace: "home", StartClockS: 12 * 3600,
			SoC: soc, FuelFraction: 1, Destination: "daxing-airport"}})
		m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables,
			Lang: "en", Theme: "night", Paused: true, Width: 120, Height: 40})
		m.advance(2)
		for _, tt := range m.telltales() {
			if tt.key == "tt.battery" {
				return tt, m
			}
		}
		t.Fatal("no energy lamp")
		return telltale{}, nil
	}
	for _, id := range []string{"li-auto-l9", "byd-qin-plus-dmi"} {
		if tt, m := lamp(id, 0.15); tt.on {
			t.Errorf("%s at 15 %% with a full tank (%.0f km left): lamp on", id, m.State().RangeKm)
		}
	}
	tt, m := lamp("xiaomi-su7", 0.15)
	if !tt.on || tt.style.Render("x") != m.ctx.Styles.TelltaleWarn.Render("x") {
		t.Errorf("BEV at 15 %%: lamp on %v, want on and amber", tt.on)
	}
	tt, m = lamp("xiaomi-su7", 0.08)
	if !tt.on || tt.style.Render("x") != m.ctx.Styles.TelltaleRed.Render("x") {
		t.Errorf("BEV at 8 %%: lamp on %v, want on and red", tt.on)
	}
}

// TestDrivePanelShowsTheCarsNextManeuver: the Drive panel shows the next
// manoeuvre the drive loop announces (State.NextManeuver, its distance
// and road), not one it works out from the route itself.
func TestDrivePanelShowsTheCarsNextManeuver(t *testing.T) {
	m := demoModel(t, "en", "night", 120, 40)
	st := m.State()
	if st.Route == nil || st.NextManeuver == "" {
		t.Fatalf("no guidance: %q", st.NextManeuver)
	}
	onto := st.NextManeuverRoad
	if onto == nil || !strings.Contains(ansi.Strip(m.drivePanel(80, 20)), "onto "+onto.NameEN) {
		t.Fatalf("the panel does not name the road the car turns onto:\n%s", ansi.Strip(m.drivePanel(80, 20)))
	}
	// The test writes the state as the drive loop would after a reroute
	// the route value does not show yet.
	st.NextManeuver, st.NextManeuverM, st.NextManeuverRoad = "u_turn", 1234, nil
	out := ansi.Strip(m.drivePanel(80, 20))
	if !strings.Contains(out, "1.2 km   "+m.ctx.T("maneuver.u_turn")) {
		t.Errorf("the panel does not show the state's next manoeuvre:\n%s", out)
	}
}
