package cockpit

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/session"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/voicebar"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

// The cockpit reads no wall clock: ticks arrive as messages, so these
// tests drive time by sending tickMsg themselves (a fixed clock).

// namedKeys are the keys press knows by name; any other string is the
// key of its first character.
var namedKeys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
	"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown}, "home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
	"backspace": {Code: tea.KeyBackspace}, "space": {Code: tea.KeySpace, Text: " "}, "ctrl+u": {Code: 'u', Mod: tea.ModCtrl},
}

func press(m *Model, keys ...string) {
	for _, k := range keys {
		msg, ok := namedKeys[k]
		if !ok {
			r := []rune(k)[0]
			msg = tea.KeyPressMsg{Code: r, Text: k}
		}
		m.Update(msg)
	}
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func say(m *Model, s string) {
	press(m, "enter")
	typeText(m, s)
	press(m, "enter")
	press(m, "esc")
}

func lastReply(m *Model) string {
	tr := m.Transcript()
	for i := len(tr) - 1; i >= 0; i-- {
		if tr[i].Who == voicebar.Assistant {
			return tr[i].Text
		}
	}
	return ""
}

func TestTickAdvancesBySpeed(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	if cmd := m.Init(); cmd != nil {
		t.Fatal("a paused cockpit must schedule no tick")
	}
	if cmd := m.setPaused(false); cmd == nil {
		t.Fatal("resuming must schedule a tick")
	}
	for _, speed := range Speeds {
		before := m.State().Time
		_, cmd := m.Update(tickMsg{gen: m.tickGen})
		if cmd == nil {
			t.Fatal("a running cockpit must schedule the next tick")
		}
		if got, want := m.State().Time-before, sim.Millis(100*speed); got != want {
			t.Errorf("at %d× a tick advanced %v ms, want %v", speed, got, want)
		}
		press(m, "+")
	}
	if m.Speed() != 10 {
		t.Errorf("speed = %d after four presses of +, want the 10× cap", m.Speed())
	}
	press(m, "-")
	if m.Speed() != 5 {
		t.Errorf("speed = %d after -, want 5", m.Speed())
	}
}

func TestPauseStopsPeriodicWork(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	m.setPaused(false)
	stale := tickMsg{gen: m.tickGen}
	press(m, "space")
	if !m.Paused() {
		t.Fatal("space must pause")
	}
	before := m.State().Time
	if _, cmd := m.Update(stale); cmd != nil || m.State().Time != before {
		t.Fatal("a tick from before the pause must neither advance time nor reschedule")
	}
	press(m, "space")
	if _, cmd := m.Update(stale); cmd != nil {
		t.Fatal("a stale tick must not start a second clock after resuming")
	}
	if _, cmd := m.Update(tickMsg{gen: m.tickGen}); cmd == nil {
		t.Fatal("the current tick must reschedule")
	}
}

func TestPanelsByKeyAndMouse(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	for i, k := range []string{"2", "3", "4", "1"} {
		press(m, k)
		if want := []Panel{PanelNav, PanelCabin, PanelVehicle, PanelDrive}[i]; m.Panel() != want {
			t.Errorf("key %s: panel %v, want %v", k, m.Panel(), want)
		}
	}
	press(m, "tab")
	if m.Panel() != PanelNav {
		t.Errorf("tab: panel %v, want nav", m.Panel())
	}
	g := m.layout()
	for _, tab := range g.tabs {
		m.Update(tea.MouseClickMsg{X: tab.x0 + 1, Y: 0, Button: tea.MouseLeft})
		if m.Panel() != tab.panel {
			t.Errorf("click at x=%d: panel %v, want %v", tab.x0+1, m.Panel(), tab.panel)
		}
	}
}

func TestLanguageAndThemeToggle(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "l")
	if m.Lang() != "zh" || !strings.Contains(frame(m), "驾驶") {
		t.Fatalf("l must switch to Chinese; lang=%s", m.Lang())
	}
	press(m, "l")
	if m.Lang() != "en" {
		t.Fatal("l again must switch back")
	}
	press(m, "t") // day → night in the cycle order auto, day, night…
	if m.ThemeName() != "night" {
		t.Errorf("theme %s after t from day, want night", m.ThemeName())
	}
}

func TestManualDriving(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "m")
	if m.State().Control != sim.ControlManual {
		t.Fatalf("m must hand speed control to the driver, control=%s", m.State().Control)
	}
	for i := 0; i < 30; i++ { // hold ↑ with auto-repeat for three seconds
		press(m, "up")
		m.advance(stepsPerTick)
	}
	v := m.State().Vehicle.SpeedMps
	if v < 3 {
		t.Fatalf("holding ↑ for 3 s reached only %.1f m/s", v)
	}
	for i := 0; i < 20; i++ {
		m.advance(stepsPerTick)
	}
	coast := m.State().Vehicle.SpeedMps
	for i := 0; i < 10; i++ {
		press(m, "down")
		m.advance(stepsPerTick)
	}
	if got := m.State().Vehicle.SpeedMps; got >= coast-1 {
		t.Errorf("braking for 1 s went from %.1f to %.1f m/s", coast, got)
	}
}

func TestKeyReleaseEndsHold(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	m.Update(tea.KeyboardEnhancementsMsg{Flags: 0b11})
	if !m.releases {
		t.Skip("this bubbletea reports no event types for these flags")
	}
	press(m, "m", "up")
	if !m.accelHeld {
		t.Fatal("with release events a press must hold the pedal")
	}
	m.Update(tea.KeyReleaseMsg{Code: tea.KeyUp})
	if m.accelHeld || m.accelTicks != 0 {
		t.Fatal("releasing ↑ must lift the pedal")
	}
}

func TestBrakeTakesOverFromAssistance(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	for i := 0; i < 300; i++ {
		m.advance(stepsPerTick)
	}
	press(m, "down")
	if m.State().Control != sim.ControlManual {
		t.Fatal("braking must cancel the assistance")
	}
	if !strings.Contains(frame(m), "the demo driver hands over, you have control") {
		t.Error("the explanation line must say why the assistance went off")
	}
}

func TestVoiceBar(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	say(m, "sport mode")
	if got := m.State().DriveMode; got != sim.DriveSport {
		t.Errorf("drive mode %s after “sport mode”", got)
	}
	if r := lastReply(m); !strings.Contains(strings.ToLower(r), "sport") {
		t.Errorf("reply %q does not confirm sport mode", r)
	}
	say(m, "switch to Chinese")
	if m.Lang() != "zh" {
		t.Errorf("lang %s after “switch to Chinese”", m.Lang())
	}
	say(m, "导航")
	// History: ↑ recalls the last line sent.
	press(m, "enter", "up")
	if got := m.voice.Value(); got != "导航" {
		t.Errorf("↑ recalled %q, want the last utterance", got)
	}
	press(m, "up")
	if got := m.voice.Value(); got != "switch to Chinese" {
		t.Errorf("↑↑ recalled %q", got)
	}
	press(m, "down", "down")
	if got := m.voice.Value(); got != "" {
		t.Errorf("↓ past the newest must restore the empty draft, got %q", got)
	}
	press(m, "esc")
	// See-and-say: a panel's name shows it.
	say(m, "车辆")
	if m.Panel() != PanelVehicle {
		t.Errorf("saying a tab's label shows %v", m.Panel())
	}
}

func TestTabCompletes(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "enter")
	typeText(m, "navigate to Da")
	press(m, "tab")
	if got := m.voice.Value(); got != "navigate to Daxing Airport" {
		t.Errorf("Tab completed to %q", got)
	}
}

func TestDestinationSearch(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "2", "f")
	typeText(m, "beijing nanzhan") // pinyin
	res := m.search.Results()
	if len(res) == 0 || res[0].Place.ID != "beijing-south-station" {
		t.Fatalf("pinyin search found %v", res)
	}
	press(m, "enter")
	m.advance(stepsPerTick)
	if m.State().Destination != "beijing-south-station" {
		t.Errorf("Enter on a result must start guidance; destination %q", m.State().Destination)
	}
	if m.Panel() != PanelDrive {
		t.Error("starting guidance returns to the Drive panel")
	}
	press(m, "2", "f")
	typeText(m, "大兴机场")
	if res := m.search.Results(); len(res) == 0 || res[0].Place.ID != "daxing-airport" {
		t.Fatalf("Chinese search found %v", res)
	}
	press(m, "esc", "x")
	if !m.search.Options.AvoidTolls {
		t.Error("x must toggle avoid tolls")
	}
	press(m, "c")
	m.advance(stepsPerTick)
	found := false
	for _, it := range m.feed {
		found = found || it.ev.Kind == sim.EventRouteCancelled
	}
	if !found {
		t.Error("c must cancel guidance")
	}
}

func TestExplanationLine(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	m.queue(sim.AddIncident{Kind: sim.IncidentRoadworks, AheadM: 800, LimitKmh: 60})
	for i := 0; i < 50; i++ {
		m.advance(stepsPerTick)
	}
	out := frame(m)
	if !strings.Contains(out, "roadworks") {
		t.Errorf("the explanation line must say why the car slows:\n%s", out)
	}
	m.setLang("zh")
	if !strings.Contains(frame(m), "道路施工") {
		t.Errorf("the Chinese explanation must come from the string table:\n%s", frame(m))
	}
}

// TestCabinTaps: the seat grid works like a touch screen, and refusals
// (heating an empty seat) are explained.
func TestCabinTaps(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "3")
	g := m.layout()
	colW := max((g.centreW-4-10)/4, 8)
	heatDriver := tea.MouseClickMsg{X: 2 + 10 + 1, Y: g.mainY + 1 + 1, Button: tea.MouseLeft}
	m.Update(heatDriver)
	m.Update(heatDriver)
	if got := m.State().Cabin.Seats[0].Heat; got != 2 {
		t.Errorf("two taps on the driver's heating: level %d, want 2", got)
	}
	massage := tea.MouseClickMsg{X: 2 + 10 + 1, Y: g.mainY + 1 + 3, Button: tea.MouseLeft}
	m.Update(massage)
	if s := m.State().Cabin.Seats[0]; s.Massage == "" || s.MassageLevel != 1 {
		t.Errorf("a tap on massage: %q level %d", s.Massage, s.MassageLevel)
	}
	m.Update(tea.MouseClickMsg{X: 2 + 10 + colW + 1, Y: g.mainY + 1 + 1, Button: tea.MouseLeft})
	if got := m.State().Cabin.Seats[1].Heat; got != 0 {
		t.Errorf("the empty passenger seat heats at %d", got)
	}
	if !strings.Contains(frame(m), "Nobody is sitting in the front passenger seat") {
		t.Errorf("the refusal is not explained:\n%s", frame(m))
	}
}

// TestScenarioScriptPlays: with --scenario the scripted events happen in
// the cockpit: the note at the start, the utterance at 3 min.
func TestScenarioScriptPlays(t *testing.T) {
	load(t)
	env, err := scenario.NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(assets.FS(), "scenarios/airport-run.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, session.Setup{Scenario: sc, Voice: testVoice(t)})
	m := New(Options{Session: s,
		Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Paused: true, Width: 120, Height: 40})
	for m.State().Time < 3*60*1000+500 {
		m.advance(stepsPerTick * 10)
	}
	if !strings.Contains(frame(m), "Flight at 08:55") {
		t.Errorf("the scenario's note is missing:\n%s", frame(m))
	}
	tr := m.Transcript()
	if len(tr) < 2 || tr[0].Text != "how long until we arrive" || !strings.Contains(tr[1].Text, "Daxing") {
		t.Errorf("transcript %+v", tr)
	}
}

// TestRerouteWhileMoving: a new destination said while driving takes over
// at the end of the current road; until then the panel says so rather than
// showing the old route under the new name.
func TestRerouteWhileMoving(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	for i := 0; i < 8*60*10; i++ { // eight minutes: on the ring road
		m.advance(stepsPerTick)
	}
	say(m, "navigate to Beijing South Railway Station")
	out := frame(m)
	if !strings.Contains(out, "→ Beijing Daxing International Airport") || !strings.Contains(out, "then to Beijing South Railway Station") {
		t.Fatalf("the pending reroute is not shown:\n%s", out)
	}
	for i := 0; i < 15*60*10 && m.State().Route.To != "bjs"; i++ {
		m.advance(stepsPerTick)
	}
	if out := frame(m); !strings.Contains(out, "→ Beijing South Railway Station") || strings.Contains(out, "then to") {
		t.Errorf("after the road ends the new route shows:\n%s", out)
	}
}

func TestHelpOverlay(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "?")
	if !m.showHelp || !strings.Contains(frame(m), "accelerate") {
		t.Fatal("? must show the keymap")
	}
	press(m, "x")
	if m.showHelp {
		t.Fatal("any key closes the help")
	}
	m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if !m.quitting {
		t.Error("ctrl+c quits from anywhere")
	}
}
