package cockpit

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// demoConfig is newTestModel's drive.
func demoConfig(t testing.TB) sim.Config {
	t.Helper()
	load(t)
	prof, err := vehicle.Find(testProfs, "xiaomi-su7-max")
	if err != nil {
		t.Fatal(err)
	}
	return sim.Config{Profile: prof, Map: testMap, Seed: 7, StartPlace: "home", StartClockS: 7*3600 + 40*60, SoC: 0.78, Destination: "daxing-airport"}
}

// keysAndVoiceDrive drives the demo cockpit the way a user does: keys
// (manual pedals, a lane change, eyes off and on, the phone), typed
// utterances (a question, the seat heating, a new destination) and time
// at 1× and 10×. It returns the cockpit.
func keysAndVoiceDrive(t testing.TB) *Model {
	t.Helper()
	m := New(Options{Session: newSession(t, session.Setup{Config: demoConfig(t), Voice: testVoice(t),
		Start: session.Start{Mode: "drive", Seed: 7, Version: "test"}}),
		Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Paused: true, Width: 120, Height: 40,
		Player: chime.Silent{Short: "test"}})
	ticks(m, 300)
	say(m, "how long until we arrive")
	say(m, "turn on the driver's seat heating")
	ticks(m, 50)
	press(m, "m") // manual pedals: a push, then the brake
	for i := 0; i < 4; i++ {
		press(m, "w")
		ticks(m, 1)
	}
	press(m, "s")
	ticks(m, 10)
	press(m, "m") // the demo driver again
	press(m, "a") // lane left
	ticks(m, 40)
	press(m, "i") // eyes off the road, and back
	ticks(m, 20)
	press(m, "i")
	say(m, "navigate to the office")
	for i := 0; i < 300; i++ {
		m.advance(stepsPerTick * 10) // 10×
	}
	press(m, "2") // a panel: the screen, not the car
	ticks(m, 5)
	return m
}

// recordingOf writes and reads back a session's recording.
func recordingOf(t testing.TB, s *session.Session) *session.Recording {
	t.Helper()
	data, err := s.Recording().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := session.Parse("test.cockpit-rec", data)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestCockpitSessionReplays: what a user did with keys and voice in the
// cockpit replays, headlessly, to the same event log byte for byte.
func TestCockpitSessionReplays(t *testing.T) {
	m := keysAndVoiceDrive(t)
	rec := recordingOf(t, m.sim)
	kinds := map[session.InputKind]int{}
	for _, in := range rec.Inputs {
		kinds[in.Kind]++
	}
	for _, k := range []session.InputKind{session.InputPedals, session.InputLane, session.InputDriver, session.InputSay, session.InputCommand, session.InputSee} {
		if kinds[k] == 0 {
			t.Errorf("no %s input was recorded (%v)", k, kinds)
		}
	}
	r, err := session.Replay(session.Setup{Config: demoConfig(t), Voice: testVoice(t)}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verify(rec); err != nil {
		t.Fatal(err)
	}
	if r.Digest() != m.sim.Digest() || r.EventCount() < 30 {
		t.Errorf("%d events, digest %s vs %s", r.EventCount(), r.Digest(), m.sim.Digest())
	}
}

// TestOneSessionTypeForEveryFrontEnd: the cockpit, the drills and the
// replay hold a drive session, and no file of the cockpit steps the sim or
// builds one (the session does).
func TestOneSessionTypeForEveryFrontEnd(t *testing.T) {
	var _ *session.Session = newTestModel(t, "en", "day", 80, 24).sim
	tr := newTestTrainer(t, "en", 80, 24, "", nil)
	tpress(tr, "enter")
	if a := tr.Attempts(); len(a) != 1 || a[0] != tr.cur.sim {
		t.Error("a drill plays in a session the trainer keeps")
	}
	files, _ := filepath.Glob("*.go")
	sub, _ := filepath.Glob("*/*.go")
	stepping := regexp.MustCompile(`\.Step\(|sim\.New\(|\*sim\.Sim\b`)
	for _, f := range append(files, sub...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if stepping.MatchString(line) {
				t.Errorf("%s:%d: the cockpit drives the sim itself: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// newTestReplay opens a replay of rec on the demo drive.
func newTestReplay(t testing.TB, rec *session.Recording, lang string, w, h int) *Replay {
	t.Helper()
	r, err := NewReplay(ReplayOptions{
		Recording: rec,
		NewSession: func() (*session.Session, error) {
			return session.Replay(session.Setup{Config: demoConfig(t), Voice: testVoice(t)}, rec)
		},
		Cockpit: Options{Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: lang, Theme: "night",
			Width: w, Height: h, Player: chime.Silent{Short: "test"}, Title: "Replay"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func rpress(r *Replay, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "left":
			msg = tea.KeyPressMsg{Code: tea.KeyLeft}
		case "right":
			msg = tea.KeyPressMsg{Code: tea.KeyRight}
		case "shift+left":
			msg = tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModShift}
		case "shift+right":
			msg = tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModShift}
		case "space":
			msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		default:
			msg = tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
		}
		r.Update(msg)
	}
}

// stateLine is what identifies an instant of the drive.
func stateLine(st *sim.State) string {
	return fmt.Sprintf("%s x=%.3f y=%.3f v=%.3f soc=%.5f lane=%d auto=%s route=%.1f", st.Time, st.X, st.Y,
		st.Vehicle.SpeedMps, st.Vehicle.SoC, st.Conditions.Lane, st.Automation.State, st.RemainingM)
}

// TestReplaySeeksToTheExactInstant: seeking back re-simulates from the
// start, so the state, and the whole screen, at an instant are the same
// whether it was reached by playing, by seeking forward or by seeking back.
func TestReplaySeeksToTheExactInstant(t *testing.T) {
	rec := recordingOf(t, keysAndVoiceDrive(t).sim)
	straight := newTestReplay(t, rec, "en", 120, 40)
	target := sim.Millis(70_000)
	straight.seek(target)
	want, wantFrame := stateLine(straight.cur.State()), straight.Render()

	r := newTestReplay(t, rec, "en", 120, 40)
	rpress(r, "shift+right", "shift+right") // to 2:00
	if got := r.cur.State().Time; got != 120_000 {
		t.Fatalf("shift+→ twice: at %s, want 0:02:00", got)
	}
	r.seek(target) // back
	if got := stateLine(r.cur.State()); got != want {
		t.Errorf("after seeking back:\n got %s\nwant %s", got, want)
	}
	if got := r.Render(); got != wantFrame {
		t.Errorf("the screen after seeking back differs from playing there:\n%s\n---\n%s", got, wantFrame)
	}
	rpress(r, "left")
	if got := r.cur.State().Time; got != target-10_000 {
		t.Errorf("← : at %s", got)
	}
	rpress(r, ".") // the next event
	if next, ok := r.tl.Next(target-10_000, false); !ok || r.cur.State().Time != next {
		t.Errorf(". went to %s, the next mark is at %s", r.cur.State().Time, next)
	}
	// A click on the timeline seeks under the pointer; a drag follows it.
	g := r.cur.layout()
	x0, w := r.cur.timelineSpan(120)
	r.Update(tea.MouseClickMsg{X: x0 + w/2, Y: g.inputY, Button: tea.MouseLeft})
	half := r.tl.TimeAt(w/2, w)
	if got := r.cur.State().Time; got != half {
		t.Errorf("a click in the middle of the bar: at %s, want %s", got, half)
	}
	r.Update(tea.MouseMotionMsg{X: x0 + w/4, Y: g.inputY, Button: tea.MouseLeft})
	r.Update(tea.MouseReleaseMsg{X: x0 + w/4, Y: g.inputY, Button: tea.MouseLeft})
	if got := r.cur.State().Time; got != r.tl.TimeAt(w/4, w) {
		t.Errorf("dragging to a quarter: at %s", got)
	}
	// Playing stops at the end of the recording.
	r.seek(rec.End - 1000)
	rpress(r, "space")
	for i := 0; i < 30 && !r.cur.paused; i++ {
		r.Update(tickMsg{gen: r.cur.tickGen})
	}
	if got := r.cur.State().Time; got != rec.End || !r.cur.paused {
		t.Errorf("played past the end: at %s (end %s), paused %v", got, rec.End, r.cur.paused)
	}
	if !strings.Contains(r.Render(), "end of the recording") {
		t.Error("the timeline does not say the recording has ended")
	}
}

// TestReplayIsReadOnlyUntilTakeOver: while replaying, driving keys do
// nothing to the car; t takes over, and from then on the keys drive and
// the branched drive is itself a recording that replays.
func TestReplayIsReadOnlyUntilTakeOver(t *testing.T) {
	rec := recordingOf(t, keysAndVoiceDrive(t).sim)
	r := newTestReplay(t, rec, "en", 120, 40)
	r.seek(60_000)
	inputs := len(r.Session().Inputs())
	rpress(r, "m", "w", "a", "i", "u", "h")
	r.cur.advance(stepsPerTick)
	if got := len(r.Session().Inputs()); got != inputs {
		t.Fatalf("keys changed the replayed drive: %d inputs, then %d", inputs, got)
	}
	rpress(r, "t")
	if !r.Live() || r.Session().Replaying() {
		t.Fatal("t must take over")
	}
	if !strings.Contains(r.Render(), "You drive from 0:01:00") {
		t.Errorf("the takeover is not announced:\n%s", r.Render())
	}
	press(r.cur, "m")
	for i := 0; i < 20; i++ {
		press(r.cur, "w")
		ticks(r.cur, 1)
	}
	if r.Session().Replaying() || r.cur.State().Control != sim.ControlManual {
		t.Fatal("after t the keys drive the car")
	}
	branched := recordingOf(t, r.Session())
	again, err := session.Replay(session.Setup{Config: demoConfig(t), Voice: testVoice(t)}, branched)
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Verify(branched); err != nil {
		t.Fatalf("the branched drive does not replay: %v", err)
	}
}

// TestTraineeDrillRecordingReplaysToTheSameScore: a drill the user drove
// with keys replays to the same score.
func TestTraineeDrillRecordingReplaysToTheSameScore(t *testing.T) {
	m, _ := drillModel(t, "01-planned-exit.yaml", true, "en", 120, 40)
	advanceUntil(t, m, 20*60*20, inState(automation.StateTakeover1))
	press(m, "h", "s") // hands on, brake
	ticks(m, 5)
	score := m.FinishDrill()
	rec := recordingOf(t, m.sim)
	sc := loadDrill(t, "01-planned-exit.yaml")
	r, err := session.Replay(session.Setup{Scenario: sc, Drill: session.DrillTrainee, StopAtEnd: true, Voice: fixedAssistant{}}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verify(rec); err != nil {
		t.Fatal(err)
	}
	if got := r.DrillScore(); got.Total != score.Total {
		t.Errorf("the replay scores %v, the drill scored %v", got.Total, score.Total)
	}
}

// TestGoldenReplay pins the replay screen (the timeline instead of the
// voice bar, the replay's keys in the footer) at two sizes in both
// languages.
func TestGoldenReplay(t *testing.T) {
	rec := recordingOf(t, keysAndVoiceDrive(t).sim)
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%dx%d_%s", sz[0], sz[1], lang), func(t *testing.T) {
				r := newTestReplay(t, rec, lang, sz[0], sz[1])
				r.seek(95_000)
				out := frame(r.cur)
				checkFrame(t, out, sz[0], sz[1])
				if !strings.Contains(out, "0:01:35") {
					t.Errorf("the timeline does not show the instant:\n%s", out)
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

// BenchmarkReplaySeek is a seek back in a 60-minute recording to its last
// second: the drive re-simulated from the start, every panel brought up to
// that instant.
func BenchmarkReplaySeek(b *testing.B) {
	m := New(Options{Session: newSession(b, session.Setup{Config: demoConfig(b), Voice: testVoice(b)}),
		Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Paused: true, Width: 120, Height: 40,
		Player: chime.Silent{Short: "bench"}})
	for m.State().Time < 60*60*1000 {
		if m.State().Time%(5*60*1000) == 0 {
			press(m, "i") // an input every five minutes
		}
		m.advance(stepsPerTick * 10)
	}
	rec := recordingOf(b, m.sim)
	r := newTestReplay(b, rec, "en", 120, 40)
	const at = 60*60*1000 - 1000 // the worst case: the last second
	r.seek(at)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.seek(at + 1000) // forward a second
		r.seek(at)        // back: re-simulated from the start
	}
}

// TestParkingSessionReplays: a parking manoeuvre driven from the Parking
// panel (search, choose by arrow, step out, confirm remote parking, hold
// the remote, release mid-manoeuvre, hold again) replays byte for byte.
func TestParkingSessionReplays(t *testing.T) {
	m, _ := newParkModel(t, "en", 120, 40)
	parkKey(m, "f")
	ticks(m, 40)
	parkKey(m, "right")
	ticks(m, 30)
	parkKey(m, "e")
	parkKey(m, "o")
	ticks(m, 1)
	parkKey(m, "y")
	for i := 0; i < 8; i++ {
		parkKey(m, "o")
		ticks(m, 2)
	}
	ticks(m, 10) // released mid-manoeuvre
	for i := 0; i < 40; i++ {
		parkKey(m, "o")
		ticks(m, 2)
	}
	if !m.State().Parking.Output.Remote {
		t.Fatalf("the remote manoeuvre did not start: %s", m.State().Parking.Output.State)
	}
	rec := recordingOf(t, m.sim)
	r, err := session.Replay(session.Setup{Config: m.sim.Config(), UseConfig: true, Voice: fixedAssistant{}}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verify(rec); err != nil {
		t.Fatal(err)
	}
}
