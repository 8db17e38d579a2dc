package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
)

var (
	envOnce sync.Once
	testEnv *Env
	envErr  error
)

func env(t testing.TB) *Env {
	t.Helper()
	envOnce.Do(func() { testEnv, envErr = NewEnv(assets.FS()) })
	if envErr != nil {
		t.Fatal(envErr)
	}
	return testEnv
}

// writeFlow writes a flow file into dir and returns its path.
func writeFlow(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runFile loads and runs a flow file, failing the test on a load error.
func runFile(t *testing.T, file string, o Options) (*Result, string) {
	t.Helper()
	f, err := LoadFile(file, env(t))
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	res, _, err := Run(f, env(t), o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	WriteReport(&b, res)
	return res, b.String()
}

// TestBundledFlows runs every flow of assets/flows: each must pass, in CI
// as on a designer's machine.
func TestBundledFlows(t *testing.T) {
	files, err := fs.Glob(assets.FS(), "flows/*.yaml")
	if err != nil || len(files) < 4 {
		t.Fatalf("bundled flows: %v %v", files, err)
	}
	langs, small := map[string]bool{}, false
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := LoadFS(assets.FS(), file, env(t))
			if err != nil {
				t.Fatal(err)
			}
			langs[f.Lang] = true
			small = small || f.Width == 80 && f.Height == 24
			res, _, err := Run(f, env(t), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Passed {
				var b bytes.Buffer
				WriteReport(&b, res)
				t.Fatalf("the bundled flow fails:\n%s", b.String())
			}
		})
	}
	if !langs["en"] || !langs["zh"] || !small {
		t.Errorf("the bundled flows should cover English, Chinese and 80x24: languages %v, 80x24 %v", langs, small)
	}
}

// TestFlowThatMustFail: a wrong text fails the step, the report says what
// was expected and found and shows the frame, and the steps after it do
// not run.
func TestFlowThatMustFail(t *testing.T) {
	dir := t.TempDir()
	file := writeFlow(t, dir, "wrong.yaml", `name: wrong text
steps:
  - key: "2"
  - see: {text: "Flight to Mars", in: navigation}
  - key: "3"
`)
	res, report := runFile(t, file, Options{})
	if res.Passed {
		t.Fatalf("a flow looking for a text that is not there passed:\n%s", report)
	}
	fail := res.Failed()
	if fail == nil || fail.Number != 2 || fail.Line != 4 || res.NotRun != 1 {
		t.Fatalf("failed step %+v, not run %d", fail, res.NotRun)
	}
	for _, want := range []string{"✓", "✗", `see "Flight to Mars" in navigation (line 4)`, `expected: "Flight to Mars" in navigation`,
		"found:    not there; the navigation region shows \"Navigation", "the screen at 8:00:", "┌", "│ ◉ Xiaomi SU7", "1 step(s) not run", "FAIL wrong text: step 2 (" + file + ":4)"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if !strings.Contains(fail.Frame, "Navigation") {
		t.Errorf("the failing frame is not the screen:\n%s", fail.Frame)
	}
}

// TestBadFlowFiles: every mistake is told with file:line:col, what was
// wrong and, for a name, the one meant.
func TestBadFlowFiles(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"unknown step", "steps:\n  - kye: u\n", `bad.yaml:2:10: steps[0].kye: unknown step "kye" (did you mean key?)`},
		{"bad wait", "steps:\n  - wait: soon\n", `bad.yaml:2:11: steps[0].wait: expected a duration like 30s, 2m or 1h30m, got "soon"`},
		{"negative wait", "steps:\n  - wait: -5s\n", "expected a duration from 50ms to 24h"},
		{"too long", "steps:\n  - wait: 20h\n  - wait: 5h\n", "bad.yaml:3:11: steps[1].wait: the flow's waits add up to more than 24h"},
		{"bad key", "steps:\n  - key: [u, entr]\n", `bad.yaml:2:14: steps[0].key[1]: unknown key "entr"`},
		{"yes as key", "steps:\n  - key: true\n", "write it in quotes"},
		{"two actions", "steps:\n  - key: u\n    wait: 1s\n", "one action a step"},
		{"empty step", "steps:\n  - {}\n", "an empty step"},
		{"no steps", "name: x\n", "bad.yaml:1:1: steps: a flow needs steps"},
		{"size", "size: 70x20\nsteps:\n  - wait: 1s\n", "bad.yaml:1:7: size: expected a size from 80x24"},
		{"lang", "lang: fr\nsteps:\n  - wait: 1s\n", `unknown language "fr"`},
		{"theme", "theme: nigth\nsteps:\n  - wait: 1s\n", "did you mean night?"},
		{"speed", "speed: 3\nsteps:\n  - wait: 1s\n", "expected a speed of 1, 2, 5, 10"},
		{"field", "sise: 80x24\nsteps:\n  - wait: 1s\n", `unknown field "sise" (did you mean size?)`},
		{"scenario", "scenario: fog-expresway\nsteps:\n  - wait: 1s\n", "did you mean fog-expressway?"},
		{"region", "steps:\n  - see: {text: x, in: bannr}\n", `unknown region "bannr" (did you mean banner?)`},
		{"signal", "steps:\n  - signal: {path: Vehicle.Sped, above: 1}\n", "did you mean Vehicle.Speed?"},
		{"nan", "steps:\n  - signal: {path: Vehicle.Speed, below: .nan}\n", "expected a finite number"},
		{"string signal", "steps:\n  - signal: {path: Vehicle.Speed, equals: fast}\n", "write the value without quotes"},
		{"event", "steps:\n  - event: automation.takeovr\n", `unknown event kind "automation.takeovr" (did you mean automation.takeover?)`},
		{"since", "steps:\n  - wait: 1s\n  - event: {kind: automation.takeover, since: 5}\n", "the number of a step up to this one (2)"},
		{"place", "start: {place: hom}\nsteps:\n  - wait: 1s\n", `unknown place "hom" (did you mean home?)`},
		{"time", "start: {time: \"25:00\"}\nsteps:\n  - wait: 1s\n", "expected a time of day"},
		{"golden", "steps:\n  - golden: ../../etc/passwd\n", "a golden file lives beside the flow"},
		{"click", "steps:\n  - click: {x: 3}\n", "expected y"},
		{"not yaml", "steps: [\n", "bad.yaml:"},
		{"capture path", "steps:\n  - capture: ../up\n", `bad.yaml:2:14: steps[0].capture: "../up": a capture's name may not start with "."`},
		{"capture slash", "steps:\n  - capture: a/b\n", `a capture's name is letters, digits, '.', '-' and '_' (it names files), not '/'`},
		{"capture twice", "steps:\n  - capture: pic\n  - key: u\n    capture: pic\n", `bad.yaml:4:14: steps[1].capture: the capture "pic" is taken already at line 2, column 14`},
		{"capture list", "steps:\n  - capture: [a, b]\n", "expected the capture's name"},
		{"capture typo", "steps:\n  - captur: pic\n", "did you mean capture?"},
	}
	pos := regexp.MustCompile(`^.*bad\.yaml:\d+:\d+: `)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := writeFlow(t, t.TempDir(), "bad.yaml", c.text)
			_, err := LoadFile(file, env(t))
			if err == nil {
				t.Fatal("loaded")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want %q", err, c.want)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !pos.MatchString(line) {
					t.Errorf("an error without file:line:col: %q", line)
				}
			}
		})
	}
}

// TestEveryStepAndCheck runs one flow with each step and check kind, and
// a second that fails on each check kind, so each can fail.
func TestEveryStepAndCheck(t *testing.T) {
	dir := t.TempDir()
	file := writeFlow(t, dir, "all.yaml", `name: every step
size: 120x40
speed: 10
seed: 3
steps:
  - see: "Demo drive"
    not_see: "Flight to Mars"
  - click: {text: "3 Cabin", in: top}
    see: {text: "Cabin", in: cabin}
  - key: "2"
    see: {text: "Navigation", in: navigation}
  - wheel: {x: 10, y: 12, direction: down}
  - click: {x: 5, y: 38}
  - type: "sport mode"
  - key: enter
  - wait: 2s
    signal:
      - {path: Vehicle.Powertrain.Transmission.PerformanceMode, equals: SPORT}
      - {path: Vehicle.Speed, above: 5, below: 200}
    event: {kind: drive_mode.changed, since: 5}
  - say: eco mode
  - until: {event: drive_mode.changed, subject: eco, within: 10s}
    see: {text: "eco", in: voice}
  - resize: 80x24
    not_see: "Notifications"
    golden: all.golden
`)
	res, report := runFile(t, file, Options{Update: true})
	if !res.Passed || len(res.Steps) != 11 {
		t.Fatalf("every step:\n%s", report)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "all.golden")); err != nil || strings.Count(string(b), "\n") != 24 {
		t.Fatalf("the golden of the 80x24 frame: %v\n%s", err, b)
	}
	res, report = runFile(t, file, Options{})
	if !res.Passed {
		t.Fatalf("the same flow against its golden:\n%s", report)
	}
	// Each check kind fails when what it checks is not so.
	for _, c := range []struct{ check, want string }{
		{`see: "Flight to Mars"`, "not there"},
		{`not_see: "Demo drive"`, "it shows at column"},
		{`signal: {path: Vehicle.Speed, below: 1}`, "Vehicle.Speed = "},
		{`signal: {path: Cockpit.ADAS.Automation.IsHazardRequested, equals: true}`, "IsHazardRequested = false"},
		{`event: automation.takeover`, "no such event"},
		{`golden: missing.golden`, "run with --update to write it"},
	} {
		f := writeFlow(t, dir, "one.yaml", "steps:\n  - "+c.check+"\n")
		res, report := runFile(t, f, Options{})
		if res.Passed || !strings.Contains(report, c.want) {
			t.Errorf("%s: passed %v, want %q in:\n%s", c.check, res.Passed, c.want, report)
		}
	}
	// An until that does not happen fails after its within, in drive time.
	f := writeFlow(t, dir, "until.yaml", "steps:\n  - until: {event: automation.takeover, within: 3s}\n")
	res, report = runFile(t, f, Options{})
	if res.Passed || res.At != 8*60*1000+3000 || !strings.Contains(report, "no automation.takeover within 3s") {
		t.Errorf("until: passed %v at %v:\n%s", res.Passed, res.At, report)
	}
	// Time cannot pass while paused: said, never a hang.
	f = writeFlow(t, dir, "paused.yaml", "steps:\n  - key: space\n  - wait: 10s\n")
	res, report = runFile(t, f, Options{})
	if res.Passed || !strings.Contains(report, "the cockpit is paused") {
		t.Errorf("a wait while paused:\n%s", report)
	}
	// A click on a text that is not there fails the step.
	f = writeFlow(t, dir, "click.yaml", "steps:\n  - click: {text: \"Warp drive\"}\n")
	if res, report = runFile(t, f, Options{}); res.Passed || !strings.Contains(report, `no "Warp drive" on screen to click`) {
		t.Errorf("a click on nothing:\n%s", report)
	}
}

// TestUpdateRewritesGoldens: --update writes a missing golden, rewrites a
// changed one and says what changed; a golden is never written through a
// link.
func TestUpdateRewritesGoldens(t *testing.T) {
	dir := t.TempDir()
	file := writeFlow(t, dir, "g.yaml", "size: 80x24\nsteps:\n  - golden: frames/start.txt\n")
	res, report := runFile(t, file, Options{Update: true})
	golden := filepath.Join(dir, "frames", "start.txt")
	b, err := os.ReadFile(golden)
	if !res.Passed || err != nil || !strings.Contains(report, "frames/start.txt rewritten") || !strings.Contains(report, "new file, 24 lines") {
		t.Fatalf("first update: %v\n%s", err, report)
	}
	// Someone's golden shows another speed: the comparison fails and shows
	// the line.
	changed := strings.Replace(string(b), "Demo drive", "Demo drift", 1)
	if err := os.WriteFile(golden, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	res, report = runFile(t, file, Options{})
	if res.Passed || !strings.Contains(report, "- │") || !strings.Contains(report, "Demo drift") || !strings.Contains(report, "+ │") {
		t.Fatalf("a changed golden:\n%s", report)
	}
	res, report = runFile(t, file, Options{Update: true})
	if !res.Passed || !strings.Contains(report, "Demo drift") || !strings.Contains(report, "Demo drive") {
		t.Fatalf("the update's diff:\n%s", report)
	}
	if now, _ := os.ReadFile(golden); string(now) != string(b) {
		t.Error("the golden was not rewritten with the frame")
	}
	entries, _ := os.ReadDir(filepath.Dir(golden))
	if len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
	// Through a link: refused, the link's target untouched.
	target := filepath.Join(dir, "target.txt")
	_ = os.WriteFile(target, []byte("keep"), 0o644)
	if err := os.Symlink(target, filepath.Join(dir, "link.txt")); err != nil {
		t.Skip(err)
	}
	file = writeFlow(t, dir, "l.yaml", "steps:\n  - golden: link.txt\n")
	res, report = runFile(t, file, Options{Update: true})
	if got, _ := os.ReadFile(target); res.Passed || string(got) != "keep" || !strings.Contains(report, "not a regular file") {
		t.Errorf("a golden through a link: %q\n%s", got, report)
	}
}

// TestJSONLines: one object a step run, one for the flow, each a JSON
// object with the fields docs/flows.md lists.
func TestJSONLines(t *testing.T) {
	file := writeFlow(t, t.TempDir(), "j.yaml", "name: j\nsteps:\n  - key: \"2\"\n  - see: nowhere-to-be-seen\n  - wait: 1s\n")
	res, _ := runFile(t, file, Options{})
	var b bytes.Buffer
	if err := WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	var step map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &step); err != nil {
		t.Fatal(err)
	}
	if step["kind"] != "step" || step["flow"] != "j" || step["step"] != 2.0 || step["line"] != 4.0 || step["passed"] != false || step["frame"] == "" || step["t"] != 480.0 {
		t.Errorf("step line: %v", step)
	}
	checks, _ := step["checks"].([]any)
	if len(checks) != 1 || checks[0].(map[string]any)["expected"] != `"nowhere-to-be-seen"` {
		t.Errorf("checks: %v", step["checks"])
	}
	var fl map[string]any
	if err := json.Unmarshal([]byte(lines[2]), &fl); err != nil {
		t.Fatal(err)
	}
	if fl["kind"] != "flow" || fl["passed"] != false || fl["steps"] != 3.0 || fl["ran"] != 2.0 || fl["failed_step"] != 2.0 || fl["not_run"] != 1.0 {
		t.Errorf("flow line: %v", fl)
	}
}

// TestChineseFlow checks the frame in the flow's language.
func TestChineseFlow(t *testing.T) {
	file := writeFlow(t, t.TempDir(), "zh.yaml", `lang: zh
size: 80x24
steps:
  - see: {text: "1 驾驶", in: top}
    not_see: "1 Drive"
  - click: {text: "3 座舱", in: top}
    see: {text: "座舱", in: cabin}
`)
	if res, report := runFile(t, file, Options{}); !res.Passed {
		t.Errorf("a Chinese flow:\n%s", report)
	}
}

// FuzzFlowFile: the loader never panics, and every error names the file
// with a line and a column.
func FuzzFlowFile(f *testing.F) {
	for _, s := range []string{
		"steps:\n  - key: u\n",
		"name: x\nsize: 80x24\nlang: zh\nsteps:\n  - say: 自动泊车\n  - wait: 2s\n    see: {text: a, in: parking}\n",
		"steps:\n  - until: {event: parking.done, within: 1m}\n    signal: {path: Vehicle.Speed, below: .nan}\n",
		"steps:\n  - click: {text: Sync, in: cabin}\n  - wheel: {x: 1, y: 2, direction: up}\n  - resize: 100x30\n",
		"scenario: fog-expressway\nstart: {place: home}\nsteps: [{key: [a, b]}, {event: {kind: arrived, since: 1}}]\n",
		"steps:\n  - golden: g.txt\n  - type: \"\\x1b[31m\"\n",
		"steps: 3\n", "- a\n", "", "steps:\n  - key: {a: 1}\n",
	} {
		f.Add([]byte(s))
	}
	e := env(f)
	pos := regexp.MustCompile(`^fuzz\.yaml:\d+:\d+: `)
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := Parse("fuzz.yaml", data, e)
		if err == nil {
			if len(fl.Steps) == 0 {
				t.Fatal("a flow without steps loaded")
			}
			return
		}
		var joined interface{ Unwrap() []error }
		errs := []error{err}
		if errors.As(err, &joined) {
			errs = joined.Unwrap()
		}
		for _, e := range errs {
			var de *datafile.Error
			if errors.As(e, &de) && de.Line == 0 && strings.Contains(de.Msg, "larger than") {
				continue // a file too large has no line to point at
			}
			if !pos.MatchString(e.Error()) {
				t.Fatalf("an error without a position: %q", e)
			}
		}
	})
}

// TestFlowWithAnHMIVariant: a flow's hmi: file drives the flow's car (its
// banner and its vibration), and a variant that breaks an R157 rule is
// refused when the flow loads, at the HMI file's own line.
func TestFlowWithAnHMIVariant(t *testing.T) {
	dir := t.TempDir()
	shipped, err := os.ReadFile("../../assets/hmi/variants/stage1-haptic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFlow(t, dir, "pulse.yaml", string(shipped))
	file := writeFlow(t, dir, "flow.yaml", "scenario: fog-expressway\nhmi: pulse.yaml\nsize: 100x30\nspeed: 10\nsteps:\n"+
		"  - until: {event: automation.available, within: 10m}\n  - key: u\n  - wait: 1s\n  - key: y\n  - wait: 2s\n  - key: [h, i]\n"+
		"  - until: {event: automation.takeover_requested, within: 5m}\n    see: {text: \"seat pulsing\", in: banner}\n"+
		"    event: {kind: hmi.haptic, subject: \"on\", since: step}\n")
	if res, report := runFile(t, file, Options{}); !res.Passed {
		t.Fatalf("the variant's flow failed:\n%s", report)
	}
	late := strings.Replace(string(shipped), "escalate_s: {value: 4,", "escalate_s: {value: 6,", 1)
	if late == string(shipped) {
		t.Fatal("the variant has no escalate_s of 4 to change")
	}
	writeFlow(t, dir, "pulse.yaml", late)
	_, err = LoadFile(file, env(t))
	if err == nil || !strings.Contains(err.Error(), "pulse.yaml:") || !strings.Contains(err.Error(), "later than allowed") {
		t.Errorf("a flow with an HMI that escalates at 6 s: %v", err)
	}
}
