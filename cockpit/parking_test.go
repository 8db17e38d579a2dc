package cockpit

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/session"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// newParkModel builds a cockpit whose car stands at the head of aisle A of
// the mall garage (a scenario's start.parking), paused so only the test
// advances time, sounds recorded.
func newParkModel(t testing.TB, lang string, w, h int) (*Model, *chime.Recorder) {
	t.Helper()
	return newParkModelVoice(t, lang, w, h, fixedAssistant{})
}

// newParkModelVoice is newParkModel with the voice layer v.
func newParkModelVoice(t testing.TB, lang string, w, h int, v session.Voice) (*Model, *chime.Recorder) {
	t.Helper()
	load(t)
	prof, err := vehicle.Find(testProfs, "xiaomi-su7")
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, session.Setup{Voice: v, Config: sim.Config{Profile: prof, Map: testMap, Seed: 1, StartPlace: "mall-garage", StartClockS: 15 * 3600,
		SoC: 0.7, StartParking: &sim.ParkingStart{Area: "mall-garage", X: 1.5, Y: -1.02}}})
	var clock chime.ManualClock
	rec := chime.NewRecorder(chime.RecorderConfig{Clock: clock.Now})
	m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: lang, Theme: "night", Paused: true, Width: w, Height: h, Player: rec})
	return m, rec
}

// parkKey sends a key press through Update, as the terminal would (the
// arrows too, which press does not know).
func parkKey(m *Model, k string) {
	switch k {
	case "left":
		m.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	case "right":
		m.Update(tea.KeyPressMsg{Code: tea.KeyRight})
	default:
		press(m, k)
	}
}

// ticks advances n ticks of 1× (100 ms each).
func ticks(m *Model, n int) {
	for i := 0; i < n; i++ {
		m.advance(stepsPerTick)
	}
}

// parkState is the assist's state now.
func parkState(m *Model) parking.State { return m.State().Parking.Output.State }

// midManoeuvre drives the panel's flow from keys to the middle of the
// reverse into slot 3: search, pass slots 1-3, choose the right-hand one,
// start, and run until the second move is under way.
func midManoeuvre(t testing.TB, m *Model) {
	t.Helper()
	ticks(m, 1)
	parkKey(m, "f")
	ticks(m, 40)
	parkKey(m, "right")
	parkKey(m, "g")
	for i := 0; i < 400 && parkState(m) != parking.StateExecuting; i++ {
		ticks(m, 1)
	}
	for i := 0; i < 400 && m.State().Parking.Output.Move < 2; i++ {
		ticks(m, 1)
	}
	ticks(m, 12)
	if parkState(m) != parking.StateExecuting {
		t.Fatalf("not manoeuvring: %s", parkState(m))
	}
}

// TestGoldenParking pins the Parking panel mid-manoeuvre (the reverse
// into slot 3: path, driven part, neighbours, corner distances, the list)
// at 80×24 (the list folded under the view) and 120×40, in both languages.
func TestGoldenParking(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%dx%d_%s", sz[0], sz[1], lang), func(t *testing.T) {
				m, _ := newParkModel(t, lang, sz[0], sz[1])
				m.player, m.audio = chime.Silent{Short: "audio off"}, "silent (audio off)"
				midManoeuvre(t, m)
				out := frame(m)
				checkFrame(t, out, sz[0], sz[1])
				for _, want := range []string{"⣿", map[string]string{"en": "Move 2 of 2", "zh": "第2/2段"}[lang]} {
					if !strings.Contains(out, want) {
						t.Errorf("frame lacks %q", want)
					}
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

// TestParkingPanelAllSizes: the panel fills the screen exactly from 80×24
// to beyond 200×60, in every state of a manoeuvre, in both languages.
func TestParkingPanelAllSizes(t *testing.T) {
	m, _ := newParkModel(t, "en", 80, 24)
	check := func() {
		for _, lang := range []string{"en", "zh"} {
			m.setLang(lang)
			for _, sz := range [][2]int{{80, 24}, {81, 25}, {99, 30}, {119, 33}, {120, 40}, {160, 48}, {200, 60}, {257, 71}} {
				m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
				checkFrame(t, frame(m), sz[0], sz[1])
			}
		}
	}
	check() // ready, nothing found
	midManoeuvre(t, m)
	check()
	parkKey(m, "e") // outside the car: the manoeuvre aborts
	ticks(m, 2)
	check()
}

// TestParkingOutsideCarPark: outside a car park the panel says where the
// car parks are, and its keys explain rather than act.
func TestParkingOutsideCarPark(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "5")
	if m.Panel() != PanelParking {
		t.Fatalf("5 shows %v", m.Panel())
	}
	out := frame(m)
	if !strings.Contains(out, "Not in a car park") || !strings.Contains(out, "Wangfujing") {
		t.Errorf("outside a car park:\n%s", out)
	}
	parkKey(m, "f")
	ticks(m, 1)
	if m.State().Parking.Area != "" || !strings.Contains(frame(m), "car park") {
		t.Error("a search outside a car park must be refused with a reason")
	}
	// ← and → stay lane changes outside a car park
	parkKey(m, "left")
	if in := m.sim.Inputs(); len(in) == 0 || in[len(in)-1].Kind != session.InputLane || in[len(in)-1].Lane != -1 {
		t.Error("← outside a car park is a lane change")
	}
}

// TestParkingKeys walks the panel's keys through a manoeuvre: search,
// choose by number, start, pause, resume, cancel; digits switch panels
// when there is nothing to choose.
func TestParkingKeys(t *testing.T) {
	m, rec := newParkModel(t, "en", 120, 40)
	if m.Panel() != PanelParking {
		t.Fatalf("a drive that starts in a car park opens on Parking, not %v", m.Panel())
	}
	press(m, "1")
	if m.Panel() != PanelDrive {
		t.Fatalf("with nothing to choose, 1 shows Drive; got %v", m.Panel())
	}
	press(m, "5")
	parkKey(m, "f")
	ticks(m, 1)
	if parkState(m) != parking.StateSearching {
		t.Fatalf("f: %s", parkState(m))
	}
	ticks(m, 40)
	press(m, "3")
	ticks(m, 1)
	if m.Panel() != PanelParking || m.State().Parking.Output.SelectedSlot != "3" {
		t.Fatalf("3 while searching chooses slot 3: panel %v, slot %q", m.Panel(), m.State().Parking.Output.SelectedSlot)
	}
	parkKey(m, "x")
	if !strings.Contains(frame(m), "No manoeuvre to pause") {
		t.Error("x with nothing to pause explains")
	}
	parkKey(m, "g")
	for i := 0; i < 100 && parkState(m) != parking.StateExecuting; i++ {
		ticks(m, 1)
	}
	ticks(m, 5)
	parkKey(m, "x")
	ticks(m, 1)
	if parkState(m) != parking.StatePaused {
		t.Fatalf("x pauses: %s", parkState(m))
	}
	ticks(m, 20)
	if parkState(m) != parking.StatePaused {
		t.Fatal("a driver's pause never resumes by itself")
	}
	parkKey(m, "x")
	ticks(m, 20)
	if parkState(m) != parking.StateExecuting {
		t.Fatalf("x resumes: %s", parkState(m))
	}
	parkKey(m, "c")
	ticks(m, 1)
	if parkState(m) != parking.StateAborted || m.State().Parking.Output.Controlling {
		t.Fatalf("c cancels: %s", parkState(m))
	}
	var warned, stopped bool
	for _, e := range rec.Events() {
		warned = warned || e.Sound == chime.Warning
		stopped = stopped || (e.Stop && e.Sound.IsProximity())
	}
	if !warned || !stopped {
		t.Errorf("a cancel sounds a warning (%v) and stops the beeps (%v)", warned, stopped)
	}
}

// TestParkingOpensItself: arriving at a car park, or a parking search
// started by voice, shows the Parking panel by itself.
func TestParkingOpensItself(t *testing.T) {
	load(t)
	prof, err := vehicle.Find(testProfs, "xiaomi-su7")
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, session.Setup{Config: sim.Config{Profile: prof, Map: testMap, Seed: 7, StartPlace: "coffee", Destination: "mall-garage",
		StartClockS: 15 * 3600, SoC: 0.7, ParkOnArrival: true}})
	m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Paused: true, Width: 120, Height: 40})
	press(m, "3")
	for i := 0; i < 2000 && m.State().Parking.Area == ""; i++ {
		m.advance(20)
	}
	if m.State().Parking.Area != "mall-garage" || m.Panel() != PanelParking {
		t.Fatalf("arrival: area %q, panel %v", m.State().Parking.Area, m.Panel())
	}
	press(m, "1")
	m.queue(sim.ParkSearch{}) // as the assistant does for “自动泊车”
	ticks(m, 1)
	if m.Panel() != PanelParking {
		t.Fatalf("a search shows Parking, not %v", m.Panel())
	}
	for _, phrase := range []string{"show parking", "打开泊车", "Parking", "泊车"} {
		press(m, "1")
		m.submitVoice(phrase)
		if m.Panel() != PanelParking {
			t.Errorf("%q shows %v", phrase, m.Panel())
		}
	}
	// With the assistant, in a car park, “打开泊车” is also “start parking”:
	// the panel shows and the search starts.
	m, _ = newParkModelVoice(t, "zh", 120, 40, testVoice(t))
	press(m, "1")
	m.submitVoice("打开泊车")
	ticks(m, 1)
	if m.Panel() != PanelParking || parkState(m) != parking.StateSearching {
		t.Errorf("“打开泊车” in a car park: panel %v, state %s", m.Panel(), parkState(m))
	}
	press(m, "1")
	m.submitVoice("show parking")
	ticks(m, 1)
	if m.Panel() != PanelParking || parkState(m) != parking.StateSearching {
		t.Errorf("“show parking” only shows the panel: %v, state %s", m.Panel(), parkState(m))
	}
}

// TestParkingClick: a click on a slot of the view, or on the list, chooses
// it; a click on an occupied slot explains.
func TestParkingClick(t *testing.T) {
	m, _ := newParkModel(t, "en", 120, 40)
	parkKey(m, "f")
	ticks(m, 40)
	g := m.layout()
	pl := m.parkLayout(g.centreW-4, g.mainH-2)
	var hit listHit
	for _, h := range pl.hits {
		if h.number == 3 {
			hit = h
		}
	}
	if hit.number == 0 {
		t.Fatalf("slot 3 is not in the list: %+v", pl.hits)
	}
	m.Update(tea.MouseClickMsg{X: hit.x0 + 2, Y: hit.y + g.mainY + 1, Button: tea.MouseLeft})
	ticks(m, 1)
	if got := m.State().Parking.Output.SelectedSlot; got != "3" {
		t.Fatalf("a click on the list chose %q", got)
	}
	// On the view: the cell over slot 2's centre (occupied), then slot 3's.
	sc := &m.State().Parking.Scene
	cell := func(id string) (int, int) {
		for _, sl := range sc.Slots {
			if sl.ID == id {
				px, py := pl.cam.toDot(centroid(sl.Outline[:]))
				return pl.canvasX + int(px/2) + 2, pl.canvasY + int(py/4) + g.mainY + 1
			}
		}
		t.Fatalf("no slot %s", id)
		return 0, 0
	}
	x, y := cell("2")
	m.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	if !strings.Contains(frame(m), "occupied") {
		t.Error("a click on an occupied slot explains")
	}
	parkKey(m, "c")
	ticks(m, 1)
	x, y = cell("3")
	m.Update(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	ticks(m, 1)
	if got := m.State().Parking.Output.SelectedSlot; got != "3" {
		t.Fatalf("a click on slot 3 of the view chose %q", got)
	}
}

// TestParkingFlowToDone drives a whole manoeuvre from key presses: the
// car ends in P with the parking brake on, the beeps sounded while it
// moved (faster as it closed in) and stopped, and the success chime played.
func TestParkingFlowToDone(t *testing.T) {
	m, rec := newParkModel(t, "en", 120, 40)
	midManoeuvre(t, m)
	for i := 0; i < 600 && parkState(m) == parking.StateExecuting; i++ {
		ticks(m, 1)
	}
	st := m.State()
	if parkState(m) != parking.StateDone || st.Gear != sim.GearPark || !st.Parking.ParkingBrake {
		t.Fatalf("end: %s, gear %s, brake %v", parkState(m), st.Gear, st.Parking.ParkingBrake)
	}
	var prox, complete, stopped bool
	rates := map[chime.Sound]bool{}
	for _, e := range rec.Events() {
		switch {
		case e.Sound.IsProximity() && !e.Stop:
			prox = true
			rates[e.Sound] = true
		case e.Sound.IsProximity() && e.Stop:
			stopped = prox
		case e.Sound == chime.ParkingComplete:
			complete = true
		}
	}
	if !prox || !stopped || !complete {
		t.Errorf("sounds: proximity %v, stopped %v, complete %v: %v", prox, stopped, complete, rec.Events())
	}
	if len(rates) < 2 {
		t.Errorf("the beep rate never followed the distance: %v", rates)
	}
	if !strings.Contains(frame(m), "Parked") {
		t.Error("the panel says the car is parked")
	}
}

// TestRemoteHoldToMove: from outside the car, o first asks to confirm
// remote parking (the drive loop's rule), then moves it only while held.
// Without key-release events a press holds for holdTicks; with them the
// release stops it at once.
func TestRemoteHoldToMove(t *testing.T) {
	for _, releases := range []bool{false, true} {
		m, _ := newParkModel(t, "en", 120, 40)
		m.releases = releases
		parkKey(m, "f")
		ticks(m, 40)
		parkKey(m, "right")
		ticks(m, 30) // the scripted driver stops
		parkKey(m, "e")
		if m.sim.Driver().Seated {
			t.Fatal("e steps out")
		}
		parkKey(m, "o")
		ticks(m, 1)
		if m.asking() != sim.ConfirmRemotePark || m.State().Parking.Output.Remote || !strings.Contains(frame(m), "Start remote parking?") {
			t.Fatalf("releases %v: o must ask to confirm first:\n%s", releases, frame(m))
		}
		parkKey(m, "y")
		parkKey(m, "o")
		ticks(m, 3)
		out := m.State().Parking.Output
		if !out.Remote || out.State != parking.StateExecuting || !m.State().Parking.Phone.Held {
			t.Fatalf("releases %v: holding o: %s remote %v", releases, out.State, out.Remote)
		}
		if releases {
			m.Update(tea.KeyReleaseMsg{Code: 'o', Text: "o"})
			ticks(m, 1)
		} else {
			ticks(m, holdTicks+1)
		}
		if m.State().Parking.Phone.Held {
			t.Fatalf("releases %v: the control stays held", releases)
		}
		ticks(m, 5)
		if v := m.State().Vehicle.SpeedMps; math.Abs(v) > 1e-6 {
			t.Fatalf("releases %v: the car still moves at %.2f m/s", releases, v)
		}
		parkKey(m, "o") // holding again goes on
		ticks(m, 3)
		if !m.State().Parking.Phone.Held || m.State().Parking.Output.State != parking.StateExecuting {
			t.Fatalf("releases %v: holding again: %s", releases, m.State().Parking.Output.State)
		}
	}
}

// BenchmarkParkingView renders the full 200×60 screen with the Parking
// panel mid-manoeuvre (target ≤ 2 ms per frame).
func BenchmarkParkingView(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		b.Run(lang, func(b *testing.B) {
			m, _ := newParkModel(b, lang, 200, 60)
			midManoeuvre(b, m)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// TestGearMidReverse: reversing into a slot, the cluster's gear selector
// and the Parking panel both show R (the cluster used to show D, its own
// guess from the route, while the panel showed the assist's R).
func TestGearMidReverse(t *testing.T) {
	m, _ := newParkModel(t, "en", 120, 40)
	m.player, m.audio = chime.Silent{Short: "audio off"}, "silent (audio off)"
	midManoeuvre(t, m)
	if g := m.State().Parking.Output.Gear; g != "R" {
		t.Fatalf("the assist is not reversing: gear %q", g)
	}
	s := m.ctx.Styles
	row := m.speedBlock(20)[0]
	for _, g := range sim.Gears {
		if lit := strings.Contains(row, s.Title.Render(string(g))); lit != (g == sim.GearReverse) {
			t.Errorf("cluster: %s lit %v, want only R lit: %q", g, lit, row)
		}
	}
	if status := ansi.Strip(m.parkStatus(120)); !strings.Contains(status, "R · ") {
		t.Errorf("Parking panel does not show R: %q", status)
	}
}

// TestParkingListSidesFromTheCore: the list puts each slot on the side it
// was found on, even in a cockpit that did not see the slots being found
// (a second cockpit on the same drive, mid-reverse, the car now across
// the aisle). The cockpit used to guess the side from where the car
// stands now and put some slots on the wrong side.
func TestParkingListSidesFromTheCore(t *testing.T) {
	m, _ := newParkModel(t, "en", 120, 40)
	m.player, m.audio = chime.Silent{Short: "audio off"}, "silent (audio off)"
	midManoeuvre(t, m)
	ticks(m, 20) // deeper into the slot: slots 1 and 2 now lie to the car's left
	late := New(Options{Session: m.sim, Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: "en", Theme: "night", Paused: true, Width: 120, Height: 40, Player: chime.Silent{Short: "audio off"}})
	late.syncParking()
	sc := &m.State().Parking.Scene
	sides := map[string]parking.Side{}
	for _, sl := range sc.Slots {
		if sl.Number > 0 {
			sides[sl.Label] = sl.Side
		}
	}
	if len(sides) < 3 {
		t.Fatalf("only %d slots found", len(sides))
	}
	for _, c := range []*Model{m, late} {
		lines, _ := c.parkList(30, 30, false)
		side := parking.Side("")
		listed := 0
		for _, l := range lines {
			l = strings.TrimSpace(ansi.Strip(l))
			switch l {
			case "Left":
				side = parking.Left
				continue
			case "Right":
				side = parking.Right
				continue
			}
			f := strings.Fields(strings.TrimPrefix(l, "▸"))
			if len(f) == 0 || side == "" {
				continue
			}
			if want, ok := sides[f[0]]; ok {
				listed++
				if want != side {
					t.Errorf("slot %s listed on the %s, found on the %s", f[0], side, want)
				}
			}
		}
		if listed != len(sides) {
			t.Errorf("%d of %d found slots listed:\n%s", listed, len(sides), strings.Join(lines, "\n"))
		}
	}
}
