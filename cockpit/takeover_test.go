package cockpit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/session"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

var drillEnv *scenario.Env

// loadDrill loads a bundled drill scenario by file name.
func loadDrill(t testing.TB, file string) *scenario.Scenario {
	t.Helper()
	load(t)
	fsys := assets.FS()
	if drillEnv == nil {
		env, err := scenario.NewEnv(fsys)
		if err != nil {
			t.Fatal(err)
		}
		drillEnv = env
	}
	sc, err := scenario.Load(fsys, "scenarios/drills/"+file, drillEnv)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// drillModel opens a drill in the cockpit, paused, with a recording player,
// and runs it silently to the engagement.
func drillModel(t testing.TB, file string, trainee bool, lang string, w, h int) (*Model, *chime.Recorder) {
	t.Helper()
	sc := loadDrill(t, file)
	mode := session.DrillWatch
	if trainee {
		mode = session.DrillTrainee
	}
	s := newSession(t, session.Setup{Scenario: sc, Voice: fixedAssistant{}, Drill: mode, StopAtEnd: true})
	rec := chime.NewRecorder(chime.RecorderConfig{})
	m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: lang, Theme: "night", Paused: true, Width: w, Height: h, Player: rec})
	m.PrerollDrill()
	return m, rec
}

// advanceUntil steps the drive until cond holds (at most limit steps).
func advanceUntil(t testing.TB, m *Model, limit int, cond func(st *sim.State) bool) {
	t.Helper()
	for i := 0; i < limit; i++ {
		if cond(m.State()) {
			return
		}
		m.advance(1)
	}
	t.Fatalf("condition not reached in %d steps; state %s", limit, m.State().Automation.State)
}

func inState(s automation.State) func(st *sim.State) bool {
	return func(st *sim.State) bool { return st.Automation.State == s }
}

// bannerStages builds the four moments the golden frames pin: stage 1
// (the request just came), stage 2, the MRM and just after a takeover.
func bannerStage(t testing.TB, stage, lang string, w, h int) *Model {
	m, _ := drillModel(t, "02-phone-task.yaml", true, lang, w, h)
	const far = 20 * 60 * 20 // twenty minutes of steps
	advanceUntil(t, m, far, inState(automation.StateTakeover1))
	switch stage {
	case "stage1":
		m.advance(20) // a second in
	case "stage2":
		advanceUntil(t, m, 400, inState(automation.StateTakeover2))
		m.advance(20)
	case "mrm":
		advanceUntil(t, m, 400, inState(automation.StateMRM))
		m.advance(40)
	case "ack":
		m.advance(30)
		press(m, "r", "i", "h", "k")
		advanceUntil(t, m, 40, inState(automation.StateManual))
		m.advance(2)
	}
	return m
}

// TestGoldenTakeoverBanner pins the takeover banner at each stage, in both
// languages, at the compact and the wide size.
func TestGoldenTakeoverBanner(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []string{"en", "zh"} {
			for _, stage := range []string{"stage1", "stage2", "mrm", "ack"} {
				name := fmt.Sprintf("%s_%dx%d_%s", stage, sz[0], sz[1], lang)
				t.Run(name, func(t *testing.T) {
					m := bannerStage(t, stage, lang, sz[0], sz[1])
					out := frame(m)
					checkFrame(t, out, sz[0], sz[1])
					golden.RequireEqual(t, out)
				})
			}
		}
	}
}

// TestTakeoverStatesAndSounds follows one request from stage 1 to the
// MRM and the MRC: the pill, the banner and the tones at each stage.
func TestTakeoverStatesAndSounds(t *testing.T) {
	m, rec := drillModel(t, "02-phone-task.yaml", true, "en", 120, 40)
	if got := m.assist(); got != assistL3Active {
		t.Fatalf("after the preroll the pill is %d, want L3 active", got)
	}
	if !strings.Contains(frame(m), "◉ L3 active") {
		t.Error("the pill does not read L3 active")
	}
	steps := []struct {
		state automation.State
		pill  string
		title string
		sound chime.Sound
	}{
		{automation.StateTakeover1, "▲ TAKE OVER", "▲ TAKE OVER", chime.TakeoverStage1},
		{automation.StateTakeover2, "■ TAKE OVER", "■ TAKE OVER NOW", chime.TakeoverStage2},
		{automation.StateMRM, "■ STOPPING", "■ STOPPING IN LANE", chime.MinimalRisk},
		{automation.StateMRC, "■ TAKE CONTROL", "■ STOPPED · TAKE CONTROL", chime.Critical},
	}
	for _, s := range steps {
		advanceUntil(t, m, 20*60*20, inState(s.state))
		out := frame(m)
		for _, want := range []string{s.pill, s.title} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: screen lacks %q:\n%s", s.state, want, out)
			}
		}
		if !played(rec, s.sound) {
			t.Errorf("%s: %s never played", s.state, s.sound)
		}
	}
	if !strings.Contains(frame(m), "HAZ") || !m.State().Cabin.Lights.Hazard {
		t.Error("the hazard telltale must be lit in the MRC")
	}
	if !stopped(rec, chime.TakeoverStage2) {
		t.Error("the continuous tone must stop at standstill")
	}
	if m.phoneFocused() {
		t.Error("the phone must be suspended during the MRC")
	}
}

func played(r *chime.Recorder, s chime.Sound) bool {
	for _, e := range r.Events() {
		if e.Sound == s && !e.Stop {
			return true
		}
	}
	return false
}

func stopped(r *chime.Recorder, s chime.Sound) bool {
	for _, e := range r.Events() {
		if e.Sound == s && e.Stop {
			return true
		}
	}
	return false
}

// TestTakeoverByKeys: during a request, the phone down, eyes up, hands on
// and a steering input make a valid takeover; the tones stop, the
// acknowledgement shows with the time taken, then goes.
func TestTakeoverByKeys(t *testing.T) {
	m, rec := drillModel(t, "02-phone-task.yaml", true, "en", 120, 40)
	advanceUntil(t, m, 20*60*20, inState(automation.StateTakeover1))
	if !m.State().Driver.Phone || m.State().Driver.EyesOnRoad {
		t.Fatal("the scene should have the driver on the phone")
	}
	if !strings.Contains(frame(m), "r phone ✗") {
		t.Errorf("the checklist must show the phone:\n%s", frame(m))
	}
	press(m, "k") // steering alone, eyes off: not a takeover
	m.advance(2)
	if m.State().Automation.State != automation.StateTakeover1 {
		t.Fatalf("steering without hands and eyes took over: %s", m.State().Automation.State)
	}
	press(m, "r", "i", "h")
	d := m.State().Driver
	if d.Phone || !d.EyesOnRoad || !d.HandsOnWheel {
		t.Fatalf("keys did not change the driver: %+v", d)
	}
	press(m, "k")
	advanceUntil(t, m, 20, inState(automation.StateManual))
	m.advance(1)
	out := frame(m)
	if !strings.Contains(out, "✓ You have control") || !strings.Contains(out, "taken over in") {
		t.Errorf("no acknowledgement after the takeover:\n%s", out)
	}
	if !stopped(rec, chime.TakeoverStage1) || !played(rec, chime.TakeoverAck) {
		t.Errorf("sounds after takeover: %v", rec.Events())
	}
	for range ackTicksDefault + 1 {
		m.advance(1)
	}
	if strings.Contains(frame(m), "You have control") {
		t.Error("the acknowledgement must be short")
	}
}

// TestEngageL3AsksToConfirm: u asks, n cancels, u then y engages; u again
// switches off.
func TestEngageL3AsksToConfirm(t *testing.T) {
	sc := loadDrill(t, "01-planned-exit.yaml")
	s := newSession(t, session.Setup{Config: sc.Config})
	m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Theme: "day", Paused: true, Width: 80, Height: 24})
	advanceUntil(t, m, 20*60*20, inState(automation.StateAvailable))
	press(m, "u")
	if m.asking() != sim.ConfirmEngageL3 || !strings.Contains(frame(m), "Engage L3?") {
		t.Fatalf("u must ask to confirm:\n%s", frame(m))
	}
	if !strings.Contains(frame(m), "y yes") {
		t.Error("the footer must show y/n")
	}
	press(m, "h") // any other key is ignored while asking
	if !m.State().Driver.HandsOnWheel || m.asking() != sim.ConfirmEngageL3 {
		t.Fatal("the question must be modal")
	}
	press(m, "n")
	m.advance(1)
	if m.asking() != sim.ConfirmNone || m.State().Automation.Active {
		t.Fatal("n must cancel")
	}
	press(m, "u", "y")
	m.advance(1)
	if m.State().Automation.State != automation.StateActive {
		t.Fatalf("u y must engage L3, state %s", m.State().Automation.State)
	}
	press(m, "u")
	m.advance(1)
	if m.State().Automation.Active {
		t.Fatal("u must switch L3 off")
	}
}

// TestDriverKeys: every new key of the driver changes what it says.
func TestDriverKeys(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	press(m, "i")
	if m.State().Driver.EyesOnRoad {
		t.Error("i must look away")
	}
	press(m, "i")
	if !m.State().Driver.EyesOnRoad {
		t.Error("i must look back")
	}
	press(m, "j", ",", ".")
	var mirror, left, right bool
	for _, it := range m.feed {
		switch {
		case it.ev.Subject == "mirror_check":
			mirror = true
		case it.ev.Subject == "indicator" && it.ev.Value < 0:
			left = true
		case it.ev.Subject == "indicator" && it.ev.Value > 0:
			right = true
		}
	}
	if !mirror || !left || !right {
		t.Errorf("mirror %v, indicator left %v, right %v", mirror, left, right)
	}
	press(m, "k")
	if m.steerTicks == 0 {
		t.Error("k must hold a steering input")
	}
	m.Update(tea.KeyReleaseMsg{Code: 'k', Text: "k"})
	if m.steerTicks != 0 || m.steerHeld {
		t.Error("releasing k must end the steering input")
	}
	press(m, "z")
	if !strings.Contains(frame(m), "Ignition restarted") {
		t.Error("z must restart the ignition")
	}
}

// TestPillAndBannerEveryState: every automation state has its pill, its
// banner (or none) and fills the screen exactly, in both languages.
func TestPillAndBannerEveryState(t *testing.T) {
	const (
		none, info, s1, s2 = automation.AlertNone, automation.AlertInfo, automation.AlertStage1, automation.AlertStage2
	)
	cases := []struct {
		state  automation.State
		alert  automation.Alert // the core's level for the state
		pill   string           // English
		banner string           // English title, "" when no banner
	}{
		{automation.StateOff, none, "Demo drive", ""},
		{automation.StateAvailable, none, "Demo drive", ""},
		{automation.StateActive, none, "◉ L3 active", ""},
		{automation.StateL2Active, none, "◎ L2 active", ""},
		{automation.StateAvailabilityWarning, info, "▲ ATTENTION", "▲ ARE YOU THERE?"},
		{automation.StateTakeover1, s1, "▲ TAKE OVER", "▲ TAKE OVER"},
		{automation.StateTakeover2, s2, "■ TAKE OVER", "■ TAKE OVER NOW"},
		{automation.StateMRM, s2, "■ STOPPING", "■ STOPPING IN LANE"},
		{automation.StateMRC, s2, "■ TAKE CONTROL", "■ STOPPED · TAKE CONTROL"},
		{automation.StateL2Prompt, info, "▲ HANDS ON", "▲ HANDS ON THE WHEEL"},
		// R79's acoustic stage is red, in the pill as in the banner (the
		// pill used to stay amber while the banner went red).
		{automation.StateL2Warning, s2, "■ HANDS ON", "■ HANDS ON THE WHEEL NOW"},
		{automation.StateL2Stop, s2, "■ STOPPING", "■ ASSISTANCE STOPPING"},
		{automation.StateManual, none, "· You drive", ""},
	}
	for _, lang := range []string{"en", "zh"} {
		m := newTestModel(t, lang, "night", 80, 24)
		for _, c := range cases {
			// The drive loop owns the state; the test writes the output the
			// core gives for each state (machine_test checks it) to reach
			// every state without scripting each one.
			m.State().Automation = automation.Output{State: c.state, BudgetS: 6.5, Hazards: c.state == automation.StateMRC,
				Alert: c.alert, Attention: c.banner != ""}
			m.autoState = c.state
			out := frame(m)
			checkFrame(t, out, 80, 24)
			if lang != "en" {
				continue
			}
			if !strings.Contains(out, c.pill) {
				t.Errorf("%s: pill %q missing:\n%s", c.state, c.pill, out)
			}
			if got := m.bannerHeight() > 0; got != (c.banner != "") {
				t.Errorf("%s: banner shown %v", c.state, got)
			}
			if c.banner != "" && !strings.Contains(out, c.banner) {
				t.Errorf("%s: banner %q missing:\n%s", c.state, c.banner, out)
			}
		}
	}
	// An exit notice is an alert without a banner: the core says so.
	m := newTestModel(t, "en", "night", 80, 24)
	m.State().Automation = automation.Output{State: automation.StateActive, Active: true, Alert: info}
	if m.bannerHeight() != 0 {
		t.Error("exit notice: a banner took the screen")
	}
}

// TestPhoneTask: r picks the phone up (eyes leave the road), digits type
// the code, a wrong digit restarts the reply, Backspace deletes, r puts it
// down; during a request it cannot be picked up.
func TestPhoneTask(t *testing.T) {
	m := newTestModel(t, "en", "day", 80, 24)
	press(m, "r")
	d := m.State().Driver
	if !m.phone.open || !d.Phone || d.EyesOnRoad {
		t.Fatalf("r must open the phone and take the eyes off the road: %+v", d)
	}
	if !strings.Contains(frame(m), "Which gate?") || !strings.Contains(frame(m), "0-9 reply") {
		t.Errorf("phone card:\n%s", frame(m))
	}
	code := m.phone.code
	typeText(m, code[:2])
	if m.phone.typed != code[:2] {
		t.Fatalf("typed %q", m.phone.typed)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if m.phone.typed != code[:1] {
		t.Fatalf("backspace: %q", m.phone.typed)
	}
	wrong := string('0' + (code[1]-'0'+1)%10)
	typeText(m, wrong)
	if m.phone.typed != "" {
		t.Errorf("a wrong digit must restart the reply: %q", m.phone.typed)
	}
	typeText(m, code)
	if m.phone.replied != 1 || m.phone.code == code && m.phone.typed != "" {
		t.Errorf("replied %d", m.phone.replied)
	}
	if m.Panel() != PanelDrive {
		t.Error("digits must go to the phone, not the panel keys")
	}
	press(m, "r")
	if m.phone.open || m.State().Driver.Phone {
		t.Error("r must put the phone down")
	}
	m.State().Automation.SuspendScreens = true
	press(m, "r")
	if m.phone.open || !strings.Contains(frame(m), "Phone task suspended") {
		t.Error("the phone cannot be picked up while screens are suspended")
	}
}

// TestFeedGradesAutomationEventsByTheCore: the notification feed colours
// the automation's transitions by the core's level: the L2 acoustic
// warning is red like its banner and pill (the feed had it amber), a
// takeover request amber, an engagement plain.
func TestFeedGradesAutomationEventsByTheCore(t *testing.T) {
	for kind, want := range map[string]sim.Severity{
		automation.EventL2Warning: sim.SeverityCritical, automation.EventMRM: sim.SeverityCritical,
		automation.EventTakeoverRequested: sim.SeverityWarn, automation.EventRefused: sim.SeverityWarn,
		automation.EventEngaged: sim.SeverityInfo, automation.EventTakeover: sim.SeverityInfo,
	} {
		ev := sim.Event{Kind: sim.EventKind(kind)}
		sim.Classify(&ev) // as the drive loop grades every event it logs
		if got := ev.Severity; got != want {
			t.Errorf("%s: severity %d, want %d", kind, got, want)
		}
	}
}

// TestTakeoverRequestDropsTo1x: a drive watched at 10× (not a drill) slows
// to real time when the car asks the driver to take over, and the screen
// says why, in each language. Before, only drills did: at 10× the request
// was over, and the car stopped in lane, before anyone could react.
func TestTakeoverRequestDropsTo1x(t *testing.T) {
	for lang, want := range map[string]string{"en": "The car needs you: time runs at 1× again", "zh": "车辆需要您：时间已恢复为 1×"} {
		m := scenarioModel(t, "02-phone-task.yaml", lang, 120, 40)
		m.speedIdx = len(Speeds) - 1
		advanceUntil(t, m, 20*60*20, inState(automation.StateTakeover1))
		m.advance(1)
		if m.Speed() != 1 {
			t.Errorf("%s: %d× after the request", lang, m.Speed())
		}
		if out := frame(m); !strings.Contains(out, want) {
			t.Errorf("%s: the screen does not say why time slowed:\n%s", lang, out)
		}
	}
}

// TestTakeoverAfterTheMRMIsNoSuccess: a driver who takes over only while the
// car is already stopping itself is told what happened (L3 stays locked),
// in amber, never "✓ You have control · taken over in 46.6 s" in green.
// The core grades that takeover a warning; an in-time one stays green.
func TestTakeoverAfterTheMRMIsNoSuccess(t *testing.T) {
	m, _ := drillModel(t, "05-mrm.yaml", true, "en", 120, 40)
	advanceUntil(t, m, 20*60*20, inState(automation.StateMRM))
	takeOver(t, m)
	m.advance(1)
	out := frame(m)
	if strings.Contains(out, "You have control") || !strings.Contains(out, "You took over during the minimal-risk manoeuvre") {
		t.Errorf("a takeover during the MRM is acknowledged as a success:\n%s", out)
	}
	if m.ackEv.Severity != sim.SeverityWarn {
		t.Errorf("the takeover during the MRM is graded %v", m.ackEv.Severity)
	}

	m, _ = drillModel(t, "01-planned-exit.yaml", true, "en", 120, 40)
	advanceUntil(t, m, 20*60*20, inState(automation.StateTakeover1))
	takeOver(t, m)
	m.advance(1)
	if out := frame(m); !strings.Contains(out, "✓ You have control") {
		t.Errorf("an in-time takeover is not acknowledged:\n%s", out)
	}
}

// takeOver is the learner's valid takeover by key: phone down, eyes on the
// road, hands on the wheel (each key toggles), then a steering input.
func takeOver(t *testing.T, m *Model) {
	t.Helper()
	d := m.State().Driver
	if d.Phone {
		press(m, "r")
	}
	if !d.EyesOnRoad {
		press(m, "i")
	}
	if !d.HandsOnWheel {
		press(m, "h")
	}
	press(m, "k")
	advanceUntil(t, m, 20*10, inState(automation.StateManual))
}

// TestFooterOffersL3WhenAvailable: nothing on screen used to say which key
// engages L3. While the core offers it, the footer names `u` beside help
// and quit, at 80 columns too, in each language; in town it does not.
func TestFooterOffersL3WhenAvailable(t *testing.T) {
	for lang, want := range map[string]string{"en": "u L3 on/off", "zh": "u L3 开/关"} {
		m := scenarioModel(t, "01-planned-exit.yaml", lang, 80, 24)
		lines := strings.Split(frame(m), "\n")
		if st := m.State().Automation.State; st == automation.StateAvailable || strings.Contains(lines[len(lines)-1], want) {
			t.Errorf("%s: at the start (in town, state %s) the footer says %q", lang, st, lines[len(lines)-1])
		}
		advanceUntil(t, m, 20*60*20, inState(automation.StateAvailable))
		lines = strings.Split(frame(m), "\n")
		if footer := lines[len(lines)-1]; !strings.Contains(footer, want) || !strings.Contains(footer, "?") {
			t.Errorf("%s: L3 is available but the footer says %q", lang, footer)
		}
	}
}

// scenarioModel is the cockpit on a drill's scenario played as an ordinary
// drive (no drill: the scripted driver drives, nothing skips time).
func scenarioModel(t *testing.T, file, lang string, w, h int) *Model {
	t.Helper()
	sc := loadDrill(t, file)
	s := newSession(t, session.Setup{Scenario: sc, Voice: fixedAssistant{}, StopAtEnd: true})
	return New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: lang, Theme: "night", Paused: true, Width: w, Height: h, Player: chime.NewRecorder(chime.RecorderConfig{})})
}
