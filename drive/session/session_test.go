package session_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

var testEnv *scenario.Env

func env(t testing.TB) *scenario.Env {
	t.Helper()
	if testEnv == nil {
		e, err := scenario.NewEnv(assets.FS())
		if err != nil {
			t.Fatal(err)
		}
		testEnv = e
	}
	return testEnv
}

func loadScenario(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(assets.FS(), name, env(t))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// freeDrive is the cockpit's default drive: no scenario, home to the
// airport, the car park at the end kept open.
func freeDrive(t testing.TB) sim.Config {
	t.Helper()
	e := env(t)
	var prof = e.Profiles[0]
	for _, p := range e.Profiles {
		if p.ID == "xiaomi-su7" {
			prof = p
		}
	}
	return sim.Config{Profile: prof, Map: e.Maps[scenario.DefaultMap], Seed: 3, StartPlace: "home",
		Destination: "daxing-airport", StartClockS: 7*3600 + 40*60, SoC: 0.78, ParkOnArrival: true}
}

// echoVoice is a small deterministic voice layer: "snow" asks for snow,
// "heat" warms the rear-left seat (refused: nobody sits there), "play"
// plays music; anything else is a question answered at once. Its replies
// count the labels it was shown, so a replay that lost a See differs.
type echoVoice struct{ labels int }

func (v *echoVoice) Hear(text string, st *sim.State) session.Heard {
	h := session.Heard{Text: text, Lang: "en", Pending: text}
	switch {
	case strings.Contains(text, "snow"):
		h.Commands = []sim.Command{sim.SetWeather{Weather: sim.Weather{Kind: sim.WeatherSnow}}}
	case strings.Contains(text, "heat"):
		h.Commands = []sim.Command{sim.CabinCommand{Command: cabin.SetSeatHeat{Seat: cabin.SeatRearLeft, Level: 2}}}
	case strings.Contains(text, "play"):
		h.Commands = []sim.Command{sim.MediaCommand{Command: infotainment.Play{Query: "jay chou"}}}
	case strings.Contains(text, "panel"):
		h.UI = []session.UIAction{{Kind: "panel", Value: "nav"}}
	}
	return h
}

func (v *echoVoice) Reply(h session.Heard, evs []sim.Event, st *sim.State) session.Reply {
	for _, ev := range evs {
		if ev.Kind == sim.EventCommandRejected {
			return session.Reply{Text: fmt.Sprintf("could not: %s (%d labels)", ev.Msg, v.labels), Lang: "en"}
		}
	}
	return session.Reply{Text: fmt.Sprintf("done: %s at %s (%d labels)", h.Pending, st.Time, v.labels), Lang: "en"}
}

func (v *echoVoice) See(labels []session.Label) { v.labels = len(labels) }

// drive plays a live session the way a front end does: inputs between
// steps at chosen instants.
func drive(t testing.TB, s *session.Session, steps int, at map[int]func(*session.Session)) {
	t.Helper()
	for i := 0; i < steps; i++ {
		if f := at[i]; f != nil {
			f(s)
		}
		s.Advance()
	}
}

// everyKindOfInput is a script of one of every input.
var everyKindOfInput = map[int]func(*session.Session){
	10: func(s *session.Session) { s.SetPedals(0.6, 0) },
	40: func(s *session.Session) { s.SetPedals(0, 0.7) },
	41: func(s *session.Session) { s.SetPedals(0, 0) },
	60: func(s *session.Session) { s.Say("what time is it") },
	61: func(s *session.Session) { s.Say("let it snow") },
	80: func(s *session.Session) { s.Say("heat the rear seat") },
	90: func(s *session.Session) {
		s.See([]session.Label{{Text: "Daxing", Intent: "nav.navigate", Slots: map[string]string{"place_id": "daxing-airport"}}})
	},
	100: func(s *session.Session) { s.Say("play something") },
	120: func(s *session.Session) { s.ChangeLane(-1) },
	130: func(s *session.Session) {
		d := s.Driver()
		d.EyesOnRoad, d.Phone = false, true
		s.SetDriver(d)
	},
	131: func(s *session.Session) { s.SetSteer(true, 2.5) },
	133: func(s *session.Session) { s.SetSteer(false, 0) },
	140: func(s *session.Session) { s.SetDriver(sim.AttentiveDriver) },
	150: func(s *session.Session) {
		s.Command(sim.Navigate{PlaceID: "work", Options: route.Options{AvoidTolls: true}},
			sim.SetControl{Control: sim.ControlManual}, sim.CutIn{Kind: "car", GapM: 30, SpeedDeltaKmh: 20})
	},
	160: func(s *session.Session) { s.Command(sim.SetControl{Control: sim.ControlAuto}) },
}

// TestReplayReproducesALiveDrive: a drive with every kind of input,
// recorded, written, read back and replayed, logs the same events byte
// for byte, and the replay's own recording is the same file.
func TestReplayReproducesALiveDrive(t *testing.T) {
	cfg := freeDrive(t)
	live, err := session.New(session.Setup{Config: cfg, Voice: &echoVoice{}, Start: session.Start{Mode: "drive", Seed: cfg.Seed, Version: "test"}})
	if err != nil {
		t.Fatal(err)
	}
	drive(t, live, 4000, everyKindOfInput)
	rec := live.Recording()
	if len(rec.Inputs) < 15 {
		t.Fatalf("only %d inputs were recorded", len(rec.Inputs))
	}
	data, err := rec.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := session.Parse("drive.cockpit-rec", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(back.Inputs, rec.Inputs) {
		t.Fatalf("inputs changed on the way through the file:\n%+v\n%+v", back.Inputs, rec.Inputs)
	}
	replay, err := session.Replay(session.Setup{Config: cfg, Voice: &echoVoice{}, Start: back.Start}, back)
	if err != nil {
		t.Fatal(err)
	}
	if err := replay.Verify(back); err != nil {
		t.Fatal(err)
	}
	if a, b := jsonLog(live.Log()), jsonLog(replay.Log()); a != b {
		t.Fatalf("the logs differ:\n%s", firstDiff(a, b))
	}
	again, err := replay.Recording().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Errorf("the replay's recording differs from the original:\n%s", firstDiff(string(data), string(again)))
	}
	// The drive reacted to the inputs: the replies say what the car did.
	var refused, snowed bool
	for _, ev := range live.Log() {
		refused = refused || ev.Kind == scenario.EventReply && strings.HasPrefix(ev.Subject, "could not")
		snowed = snowed || ev.Kind == sim.EventWeatherChanged && ev.Subject == "snow"
	}
	if !refused || !snowed {
		t.Errorf("refused=%v snowed=%v: the inputs did not reach the car", refused, snowed)
	}
}

// TestReplyComesAfterTheCarActed: the reply to an utterance with commands
// is logged after the events of the step that applied them; a question is
// answered at once.
func TestReplyComesAfterTheCarActed(t *testing.T) {
	s, err := session.New(session.Setup{Config: freeDrive(t), Voice: &echoVoice{}})
	if err != nil {
		t.Fatal(err)
	}
	drive(t, s, 20, nil)
	if turn := s.Say("what time is it"); turn.Reply == nil {
		t.Error("a question must be answered at once")
	}
	turn := s.Say("let it snow")
	if turn.Reply != nil {
		t.Fatal("the reply to a command must wait for the car")
	}
	out := s.Advance()
	if len(out.Turns) != 1 || out.Turns[0].Reply == nil || !strings.HasPrefix(out.Turns[0].Reply.Text, "done") {
		t.Fatalf("turns %+v", out.Turns)
	}
	var kinds []string
	for _, ev := range out.Events {
		kinds = append(kinds, string(ev.Kind))
	}
	got := strings.Join(kinds, " ")
	if !regexp.MustCompile(`voice\.said .*weather\.changed.* voice\.reply$`).MatchString(got) {
		t.Errorf("step events %s: the reply must follow the weather change", got)
	}
}

// TestEveryBundledScenarioReplays: `cockpit run --record` of every bundled
// scenario replays to the same log.
func TestEveryBundledScenarioReplays(t *testing.T) {
	var names []string
	_ = fs.WalkDir(assets.FS(), "scenarios", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			names = append(names, p)
		}
		return nil
	})
	if len(names) < 15 {
		t.Fatalf("only %d scenarios", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			sc := loadScenario(t, name)
			res, s, err := session.Run(sc, session.RunOptions{Voice: &echoVoice{}, Start: session.Start{Mode: "run", Seed: sc.Config.Seed}})
			if err != nil {
				t.Fatal(err)
			}
			data, err := s.Recording().Marshal()
			if err != nil {
				t.Fatal(err)
			}
			rec, err := session.Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			r, err := session.Replay(session.Setup{Scenario: sc, Voice: &echoVoice{}, StopAtEnd: true}, rec)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Verify(rec); err != nil {
				t.Fatal(err)
			}
			if jsonLog(r.Log()) != jsonLog(res.Events) {
				t.Error("the replayed log differs from the run's")
			}
		})
	}
}

// TestTraineeDrillReplays: a drill the user drove (keys at their own
// instants) replays to the same log and the same score.
func TestTraineeDrillReplays(t *testing.T) {
	sc := loadScenario(t, "scenarios/drills/02-phone-task.yaml")
	su := session.Setup{Scenario: sc, Drill: session.DrillTrainee, StopAtEnd: true, Voice: &echoVoice{}}
	live, err := session.New(su)
	if err != nil {
		t.Fatal(err)
	}
	tookOver := false
	for !live.Over() {
		st := live.State()
		if !tookOver && st.Automation.State == automation.StateTakeover1 {
			d := live.Driver()
			d.Phone, d.EyesOnRoad, d.HandsOnWheel = false, true, true
			live.SetDriver(d)
			live.SetSteer(true, 0)
			tookOver = true
		} else if tookOver {
			live.SetSteer(false, 0)
		}
		live.Advance()
	}
	if !tookOver {
		t.Fatal("the drill never asked for the driver")
	}
	want := live.DrillScore()
	data, err := live.Recording().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	rec, err := session.Parse("drill", data)
	if err != nil {
		t.Fatal(err)
	}
	su.Voice = &echoVoice{}
	r, err := session.Replay(su, rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Verify(rec); err != nil {
		t.Fatal(err)
	}
	if got := r.DrillScore(); got.Total != want.Total || want.Total < 50 {
		t.Errorf("the replay scores %v, the drive scored %v", got.Total, want.Total)
	}
}

// TestEditedRecordingIsNoticed: a recording whose inputs were edited still
// reads, but its replay does not reproduce it, and says so with the line
// of its end.
func TestEditedRecordingIsNoticed(t *testing.T) {
	cfg := freeDrive(t)
	live, _ := session.New(session.Setup{Config: cfg, Voice: &echoVoice{}})
	drive(t, live, 2000, everyKindOfInput)
	data, _ := live.Recording().Marshal()
	edited := strings.Replace(string(data), " pedals 0 0.7\n", " pedals 0 0.2\n", 1)
	if edited == string(data) {
		t.Fatal("the test's edit did not apply")
	}
	rec, err := session.Parse("edited.cockpit-rec", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := session.Replay(session.Setup{Config: cfg, Voice: &echoVoice{}}, rec)
	err = r.Verify(rec)
	var div *session.DivergedError
	if !errors.As(err, &div) {
		t.Fatalf("an edited recording replayed without complaint (%v)", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("edited.cockpit-rec:%d:", rec.EndLine)) || !strings.Contains(err.Error(), "edited") {
		t.Errorf("message %q", err)
	}
}

// TestParseRefusesBrokenRecordings: every way a file can be wrong gets
// file:line:column and what was wrong.
func TestParseRefusesBrokenRecordings(t *testing.T) {
	cfg := freeDrive(t)
	live, _ := session.New(session.Setup{Config: cfg, Voice: &echoVoice{}, Start: session.Start{Mode: "drive", Version: "v"}})
	drive(t, live, 200, everyKindOfInput)
	good, _ := live.Recording().Marshal()
	lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	inputAt := func(kind string) int {
		for i, l := range lines {
			if strings.Contains(l, " "+kind+" ") {
				return i
			}
		}
		t.Fatalf("no %s line", kind)
		return 0
	}
	with := func(i int, line string) string {
		c := append([]string(nil), lines...)
		c[i] = line
		return strings.Join(c, "\n") + "\n"
	}
	p := inputAt("pedals")
	sayLine := inputAt("say")
	cases := []struct {
		name, src, want string
	}{
		{"empty", "", "r:1:1: an empty file"},
		{"not a recording", "hello\n", "r:1:1: not a cockpit recording"},
		{"another format", "cockpit-recording 7\n", "r:1:19: recording format \"7\""},
		{"truncated in the header", strings.Join(lines[:3], "\n") + "\n", "before its inputs: it is truncated"},
		{"truncated inputs", strings.Join(lines[:len(lines)-1], "\n") + "\n", "without its end line: it is truncated"},
		{"time goes back", with(sayLine, "0:00:00.000 say \"x\""), fmt.Sprintf("r:%d:1: time goes back", sayLine+1)},
		{"off the step", with(p, strings.Replace(lines[p], ".500 ", ".510 ", 1)+"x"), fmt.Sprintf("r:%d:", p+1)},
		{"NaN pedal", with(p, strings.SplitN(lines[p], " ", 2)[0]+" pedals NaN 0"), fmt.Sprintf("r:%d:20: pedals: accelerator: \"NaN\" is not a number from 0 to 1", p+1)},
		{"pedal above 1", with(p, strings.SplitN(lines[p], " ", 2)[0]+" pedals 0.5 3"), "brake: \"3\" is not a number from 0 to 1"},
		{"unknown input", with(p, strings.SplitN(lines[p], " ", 2)[0]+" jump 1"), fmt.Sprintf("r:%d:13: jump: unknown input", p+1)},
		{"unknown command", with(p, strings.SplitN(lines[p], " ", 2)[0]+" command sim.Fly {}"), "unknown command \"sim.Fly\""},
		{"bad command field", with(p, strings.SplitN(lines[p], " ", 2)[0]+` command sim.Navigate {"Place":"x"}`), "unknown field \"Place\""},
		{"unquoted say", with(p, strings.SplitN(lines[p], " ", 2)[0]+" say hello"), "expected a quoted string"},
		{"bad driver word", with(p, strings.SplitN(lines[p], " ", 2)[0]+" driver hands,feet"), "unknown word \"feet\""},
		{"header twice", strings.Replace(string(good), "seed ", "seed 1\nseed ", 1), "seed is given twice"},
		{"a line too long", with(p, strings.SplitN(lines[p], " ", 2)[0]+" say \""+strings.Repeat("a", 70000)+"\""), "a line of"},
		{"text after the end", string(good) + "0:00:01.000 pedals 0 0\n", "text after the end line"},
		{"bad digest", strings.Replace(string(good), lines[len(lines)-1], lines[len(lines)-1][:len(lines[len(lines)-1])-3]+"xyz", 1), "is not a sha256"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := session.Parse("r", []byte(c.src))
			if err == nil {
				t.Fatalf("accepted:\n%.300s", c.src)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to contain %q", err, c.want)
			}
			if !regexp.MustCompile(`^r:\d+:\d+: `).MatchString(err.Error()) {
				t.Errorf("error %q has no file:line:column", err)
			}
		})
	}
}

// TestEveryCommandCanBeRecorded: each command type of the drive loop, the
// cabin and the infotainment survives the file; a new command type that
// the recording cannot hold fails here, not in a user's replay.
func TestEveryCommandCanBeRecorded(t *testing.T) {
	found := map[string]bool{}
	re := regexp.MustCompile(`func \((\w+)\) (command|cabinCommand|infotainment)\(\)`)
	for dir, pkg := range map[string]string{"../sim": "sim", "../cabin": "cabin", "../infotainment": "infotainment"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if m[1] != "CabinCommand" && m[1] != "MediaCommand" {
					found[pkg+"."+m[1]] = true
				}
			}
		}
	}
	var missing []string
	for name := range found {
		if !session.CanRecord(name) {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(found) < 60 || len(missing) > 0 {
		t.Errorf("%d command types found; the recording cannot hold: %v", len(found), missing)
	}
	samples := []sim.Command{
		sim.Engage{Level: automation.LevelL3}, sim.ParkSelect{Number: 3, Side: parking.Left},
		sim.RemotePark{Command: parking.RemotePark, Held: true, DistanceM: 2.5},
		sim.AddIncident{Kind: sim.IncidentRoadworks, AheadM: 800, LanesClosed: 1, Duration: 60000},
		sim.CabinCommand{Command: cabin.SetTemp{Zone: cabin.ZoneDriver, C: 22.5}},
		sim.MediaCommand{Command: infotainment.Call{Contact: "妈妈"}},
	}
	for _, c := range samples {
		s, _ := session.New(session.Setup{Config: freeDrive(t)})
		s.Command(c)
		data, err := s.Recording().Marshal()
		if err != nil {
			t.Fatalf("%T: %v", c, err)
		}
		rec, err := session.Parse("c", data)
		if err != nil {
			t.Fatalf("%T: %v\n%s", c, err, data)
		}
		if got := rec.Inputs[0].Command; !reflect.DeepEqual(got, c) {
			t.Errorf("%#v came back as %#v", c, got)
		}
	}
}

// TestReplayOfRandomDrives is the property: whatever a front end does, at
// whatever instants, the recording replays to the same log.
func TestReplayOfRandomDrives(t *testing.T) {
	cfg := freeDrive(t)
	rapid.Check(t, func(rt *rapid.T) {
		live, _ := session.New(session.Setup{Config: cfg, Voice: &echoVoice{}})
		n := rapid.IntRange(1, 40).Draw(rt, "inputs")
		for i := 0; i < n; i++ {
			for k := rapid.IntRange(0, 400).Draw(rt, "steps"); k > 0; k-- {
				live.Advance()
			}
			randomInput(rt, live)
		}
		live.Advance()
		if err := replays(cfg, live); err != nil {
			rt.Fatal(err)
		}
	})
}

// replays writes a live drive's recording, reads it back and replays it:
// nil when the replay logs what the drive logged.
func replays(cfg sim.Config, live *session.Session) error {
	data, err := live.Recording().Marshal()
	if err != nil {
		return err
	}
	rec, err := session.Parse("recording", data)
	if err != nil {
		return fmt.Errorf("%v\n%s", err, data)
	}
	r, err := session.Replay(session.Setup{Config: cfg, Voice: &echoVoice{}}, rec)
	if err != nil {
		return err
	}
	return r.Verify(rec)
}

func randomInput(rt *rapid.T, s *session.Session) {
	switch rapid.IntRange(0, 8).Draw(rt, "kind") {
	case 0:
		s.SetPedals(rapid.Float64Range(0, 1).Draw(rt, "accel"), rapid.Float64Range(0, 1).Draw(rt, "brake"))
	case 1:
		s.SetSteer(rapid.Bool().Draw(rt, "steer"), rapid.Float64Range(-10, 10).Draw(rt, "nm"))
	case 2:
		s.ChangeLane(rapid.SampledFrom([]int{-1, 1}).Draw(rt, "lane"))
	case 3:
		d := s.Driver()
		d.HandsOnWheel = rapid.Bool().Draw(rt, "hands")
		d.EyesOnRoad = rapid.Bool().Draw(rt, "eyes")
		d.Phone = rapid.Bool().Draw(rt, "phone")
		s.SetDriver(d)
	case 4:
		s.Say(rapid.SampledFrom([]string{"snow", "heat", "play", "eta", "show the panel"}).Draw(rt, "say"))
	case 5:
		s.Command(rapid.SampledFrom([]sim.Command{
			sim.Engage{Level: automation.LevelL3}, sim.Engage{Level: automation.LevelL2}, sim.Disengage{},
			sim.SetControl{Control: sim.ControlManual}, sim.SetControl{Control: sim.ControlAuto},
			sim.CancelRoute{}, sim.Navigate{PlaceID: "work"}, sim.AddStop{PlaceID: "coffee"},
			sim.CutIn{Kind: "car", GapM: 25, SpeedDeltaKmh: 30}, sim.IHaveControl{}, sim.HazardsOff{},
			sim.Obstacle{Kind: "debris", GapM: 70}, sim.IgnitionRestart{},
			sim.SetDriveMode{Mode: sim.DriveSport}, sim.ParkSearch{}, sim.ParkConfirm{},
		}).Draw(rt, "command"))
	case 6:
		s.See([]session.Label{{Text: rapid.StringN(0, 8, 16).Draw(rt, "label")}})
	case 7:
		s.Command(sim.CabinCommand{Command: cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: rapid.IntRange(0, 100).Draw(rt, "pct")}})
	case 8:
		s.Command(sim.MediaCommand{Command: infotainment.SetVolume{Level: rapid.IntRange(0, 100).Draw(rt, "vol")}})
	}
}

// FuzzParseRecording: any bytes give a recording or an error, never a
// panic; what parses marshals back to something that parses the same.
func FuzzParseRecording(f *testing.F) {
	s, _ := session.New(session.Setup{Config: freeDrive(f), Voice: &echoVoice{}})
	drive(f, s, 200, everyKindOfInput)
	good, _ := s.Recording().Marshal()
	f.Add(good)
	f.Add([]byte("cockpit-recording 1\nversion \"\"\nmode \"drive\"\nseed 1\ninputs\nend 0:00:00.000 0 " + strings.Repeat("0", 64) + "\n"))
	f.Add([]byte("cockpit-recording 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := session.Parse("f", data)
		if err != nil {
			return
		}
		again, err := rec.Marshal()
		if err != nil {
			return // a command that JSON cannot write back (a NaN field)
		}
		rec2, err := session.Parse("f", again)
		if err != nil {
			t.Fatalf("a parsed recording wrote back unreadable: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(rec2.Inputs, rec.Inputs) || rec2.Start != rec.Start || rec2.End != rec.End {
			t.Fatalf("round trip changed the recording")
		}
	})
}

// benchDrive is the benchmarks' drive: the default car on the way to the
// airport, in steady state on the expressway after 2000 steps.
func benchDrive(b *testing.B) sim.Config {
	cfg := freeDrive(b)
	cfg.SoC = 1
	return cfg
}

// BenchmarkAdvance is a step of the drive through the session (the drive
// loop plus inputs, the log's digest and the recording's bookkeeping);
// BenchmarkSimStep is the same drive stepped directly. Their difference is
// what the session and recording cost.
func BenchmarkAdvance(b *testing.B) {
	start := func() *session.Session {
		s, _ := session.New(session.Setup{Config: benchDrive(b), DropLog: true})
		for i := 0; i < 2000; i++ {
			s.Advance()
		}
		return s
	}
	s := start()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.State().Ended {
			b.StopTimer()
			s = start()
			b.StartTimer()
		}
		s.Advance()
	}
}

func BenchmarkSimStep(b *testing.B) {
	start := func() *sim.Sim {
		s, _ := sim.New(benchDrive(b))
		for i := 0; i < 2000; i++ {
			s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
		}
		return s
	}
	s := start()
	in := sim.Inputs{Driver: sim.AttentiveDriver}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.State().Ended {
			b.StopTimer()
			s = start()
			b.StartTimer()
		}
		s.Step(in)
	}
}

func jsonLog(evs []sim.Event) string {
	var b []byte
	for _, ev := range evs {
		b = ev.AppendJSON(b)
		b = append(b, '\n')
	}
	return string(b)
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(la), len(lb))
}

// TestHMIOutputsAreEvents: what the takeover HMI shows and sounds is in
// the log, so scenarios can assert it: the amber alert with the tone and
// a 10 s countdown at the request, one countdown event a second, red at
// the escalation with the haptic cue, the tone off when the car has
// stopped.
func TestHMIOutputsAreEvents(t *testing.T) {
	sc := loadScenario(t, "scenarios/drills/05-mrm.yaml")
	res, _, err := session.Run(sc, session.RunOptions{Voice: &echoVoice{}})
	if err != nil {
		t.Fatal(err)
	}
	first := func(kind sim.EventKind, subject string) (sim.Event, bool) {
		for _, ev := range res.Events {
			if ev.Kind == kind && (subject == "" || ev.Subject == subject) {
				return ev, true
			}
		}
		return sim.Event{}, false
	}
	req, ok := first(automation.EventTakeoverRequested, "")
	if !ok {
		t.Fatal("no takeover request")
	}
	for _, want := range []struct {
		kind    sim.EventKind
		subject string
		value   float64
	}{
		{session.EventHMIAlert, "stage1", 10}, {session.EventHMITone, "on", 0},
		{session.EventHMIBanner, "shown", 0}, {session.EventHMIScreens, "suspended", 0}, {session.EventHMICountdown, "", 10},
	} {
		ev, ok := first(want.kind, want.subject)
		if !ok || ev.At != req.At || ev.Value != want.value {
			t.Errorf("%s %s: %+v (the request was at %s)", want.kind, want.subject, ev, req.At)
		}
	}
	var counts []float64
	var last sim.Millis
	for _, ev := range res.Events {
		if ev.Kind == session.EventHMICountdown {
			if len(counts) > 0 && ev.At-last != 1000 {
				t.Errorf("countdown %v came %s after the last", ev.Value, ev.At-last)
			}
			counts, last = append(counts, ev.Value), ev.At
		}
	}
	if fmt.Sprint(counts) != "[10 9 8 7 6 5 4 3 2 1]" {
		t.Errorf("countdown %v", counts)
	}
	esc, _ := first(automation.EventTakeoverEscalated, "")
	if red, ok := first(session.EventHMIAlert, "stage2"); !ok || red.At != esc.At {
		t.Errorf("stage 2 at %s, the escalation at %s", red.At, esc.At)
	}
	if hap, ok := first(session.EventHMIHaptic, "on"); !ok || hap.At != esc.At {
		t.Errorf("haptic at %s", hap.At)
	}
	mrc, _ := first(automation.EventMRC, "")
	if off, ok := first(session.EventHMITone, "off"); !ok || off.At != mrc.At {
		t.Errorf("tone off at %s, the MRC at %s", off.At, mrc.At)
	}
}

// fuzzCommands are the commands the session fuzzer sends: every family of
// the drive loop, including ones that are refused in most states.
var fuzzCommands = []sim.Command{
	sim.Engage{Level: automation.LevelL3}, sim.Engage{Level: automation.LevelL2}, sim.Disengage{},
	sim.IHaveControl{}, sim.HazardsOff{}, sim.IgnitionRestart{}, sim.CheckMirror{}, sim.Indicate{Dir: -1},
	sim.InjectFault{Severe: true}, sim.InjectFault{Clear: true},
	sim.SetControl{Control: sim.ControlManual}, sim.SetControl{Control: sim.ControlAuto},
	sim.CancelRoute{}, sim.Navigate{PlaceID: "work"}, sim.Navigate{PlaceID: "mall-garage"}, sim.AddStop{PlaceID: "coffee"},
	sim.ChangeLane{Dir: 1}, sim.SetDriveMode{Mode: sim.DriveEco},
	sim.SetWeather{Weather: sim.Weather{Kind: sim.WeatherFog, VisibilityM: 80}}, sim.SetTraffic{Scale: 1.6},
	sim.SetNight{Night: true}, sim.CutIn{Kind: "moped", GapM: 12, SpeedDeltaKmh: 25},
	sim.Obstacle{Kind: "car", GapM: 60}, sim.Obstacle{Kind: "pedestrian", GapM: 25, HoldS: 5}, sim.Obstacle{Kind: "cow"},
	sim.AddIncident{Kind: sim.IncidentCrash, AheadM: 600, LanesClosed: 1},
	sim.ParkSearch{}, sim.ParkSelect{Number: 2}, sim.ParkConfirm{}, sim.ParkPause{}, sim.ParkResume{}, sim.ParkCancel{},
	sim.RemotePark{Command: parking.RemoteParkOut, Held: true, DistanceM: 3},
	sim.CabinCommand{Command: cabin.SetWindow{Window: cabin.WindowDriver, OpenPct: 100}},
	sim.CabinCommand{Command: cabin.SetSeatHeat{Seat: cabin.SeatRearLeft, Level: 3}},
	sim.MediaCommand{Command: infotainment.Play{Query: "jay chou"}}, sim.MediaCommand{Command: infotainment.Call{Contact: "mum"}},
}

// FuzzSession feeds random sequences of inputs, at random instants, to a
// whole drive: it must never panic, and whatever happened must replay
// from its recording to the same log.
func FuzzSession(f *testing.F) {
	cfg := freeDrive(f)
	f.Add([]byte{0, 10, 5, 200, 12, 3, 40, 63, 7, 1})
	f.Add([]byte{60, 20, 61, 0, 62, 5, 70, 30, 80, 2, 90, 9})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 200 {
			data = data[:200]
		}
		s, err := session.New(session.Setup{Config: cfg, Voice: &echoVoice{}})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(data); i += 2 {
			op, arg := data[i], data[i+1]
			for k := int(arg % 64); k > 0; k-- {
				s.Advance()
			}
			switch op % 8 {
			case 0:
				s.SetPedals(float64(arg%11)/10, float64(op/8%11)/10)
			case 1:
				s.SetSteer(arg%2 == 0, float64(int(arg%21)-10))
			case 2:
				s.ChangeLane(int(arg%2)*2 - 1)
			case 3:
				s.SetDriver(sim.DriverState{HandsOnWheel: arg&1 != 0, EyesOnRoad: arg&2 != 0, BeltOn: arg&4 != 0,
					Seated: arg&8 != 0, Phone: arg&16 != 0, EyesClosed: arg&32 != 0})
			case 4:
				s.Say([]string{"snow", "heat", "play", "eta", "show the panel"}[int(arg)%5])
			case 5:
				s.See([]session.Label{{Text: string(rune('A' + arg%26))}})
			default:
				s.Command(fuzzCommands[int(op/8+arg)%len(fuzzCommands)])
			}
		}
		s.Advance()
		if err := replays(cfg, s); err != nil {
			t.Fatal(err)
		}
	})
}

// TestRunHooksSeeEveryStep: a front end that paces a run (cockpit run
// --realtime) gives the session its inputs before each step, sees each
// step after it, and can end the run early; a write it gives before a
// step is carried out in that step.
func TestRunHooksSeeEveryStep(t *testing.T) {
	sc := loadScenario(t, "scenarios/airport-run.yaml")
	cat, err := signal.Load(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	const seat = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
	before, after := 0, 0
	var setAt sim.Millis
	res, s, err := session.Run(sc, session.RunOptions{
		Signals: cat,
		BeforeStep: func(s *session.Session) bool {
			before++
			if before == 3 {
				if err := s.SetSignal(7, seat, "100"); err != nil {
					t.Fatal(err)
				}
			}
			return before <= 10
		},
		AfterStep: func(s *session.Session, out *session.Output) {
			after++
			for _, r := range out.Sets {
				if r.ID == 7 && r.Refusal == nil {
					setAt = s.State().Time
				}
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if before != 11 || after != 10 || res.Final.Time != 10*sim.Step {
		t.Fatalf("before %d, after %d, ended at %v: want 11 calls, 10 steps", before, after, res.Final.Time)
	}
	if setAt != 3*sim.Step {
		t.Errorf("the write given before step 3 was carried out at %v", setAt)
	}
	i, _ := cat.Index(seat)
	if v := s.ReadSignals(nil)[i]; v != 100 {
		t.Errorf("the seat heating reads %v", v)
	}
}
