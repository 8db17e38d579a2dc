package flow

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// Env is what flows are loaded against and run with: the asset tree and
// everything the cockpit loads from it before it opens.
type Env struct {
	// Assets is the asset tree (bundled scenarios are found in it).
	Assets fs.FS
	// UI are the cockpit's themes, texts and signal catalogue.
	UI *cockpit.Assets
	// Scenarios are the vehicles, maps and cabin scenarios load against.
	Scenarios *scenario.Env
	// Voices give each flow's drive its voice layer.
	Voices *launch.Voices
	// Controls are the command palette's run-time controls.
	Controls []scenario.Control
}

// NewEnv loads an asset tree as the cockpit does before it opens.
func NewEnv(afs fs.FS) (*Env, error) {
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		return nil, err
	}
	voices, err := launch.LoadVoices(afs)
	if err != nil {
		return nil, err
	}
	controls, err := launch.Controls(afs, sc)
	if err != nil {
		return nil, err
	}
	return &Env{Assets: afs, UI: ui, Scenarios: sc, Voices: voices, Controls: controls}, nil
}

// fileSystem is where a flow was read from: its goldens and scenario files
// are found beside it. disk is true for the real file system, the only one
// goldens are written to.
type fileSystem struct {
	fs.FS
	disk bool
}

// osFS serves the real file system under slash-separated paths as the
// user wrote them (relative to the working folder, "..", absolute), which
// os.DirFS would refuse.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(filepath.FromSlash(name)) }

// Stat looks at a file without opening it (a FIFO would block Open).
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(filepath.FromSlash(name)) }

// LoadFile reads and validates a flow file from disk.
func LoadFile(file string, env *Env) (*Flow, error) {
	return load(fileSystem{osFS{}, true}, filepath.ToSlash(file), env)
}

// LoadFS reads and validates a flow from fsys (the bundled flows). Its
// goldens are read from fsys and never written.
func LoadFS(fsys fs.FS, name string, env *Env) (*Flow, error) {
	return load(fileSystem{fsys, false}, name, env)
}

// Parse validates flow YAML given as bytes (named name in errors); its
// goldens and scenario files are looked for on disk beside name.
func Parse(name string, data []byte, env *Env) (*Flow, error) {
	var raw rawFlow
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return nil, withDidYouMean(err, topFields)
	}
	return build(doc, &raw, fileSystem{osFS{}, true}, name, env)
}

func load(fsys fileSystem, name string, env *Env) (*Flow, error) {
	var raw rawFlow
	doc, err := datafile.Decode(fsys, name, &raw)
	if err != nil {
		return nil, withDidYouMean(err, topFields)
	}
	return build(doc, &raw, fsys, name, env)
}

// rawFlow is a flow file as written.
type rawFlow struct {
	Name     string           `yaml:"name"`
	Scenario string           `yaml:"scenario"`
	Start    *rawStart        `yaml:"start"`
	Size     string           `yaml:"size"`
	Lang     string           `yaml:"lang"`
	Theme    string           `yaml:"theme"`
	Seed     *uint64          `yaml:"seed"`
	Speed    *int             `yaml:"speed"`
	HMI      string           `yaml:"hmi"`
	Steps    []map[string]any `yaml:"steps"`
}

type rawStart struct {
	Vehicle     string   `yaml:"vehicle"`
	Place       string   `yaml:"place"`
	Destination string   `yaml:"destination"`
	Time        string   `yaml:"time"`
	SoC         *float64 `yaml:"soc"`
}

var (
	topFields   = []string{"name", "scenario", "start", "size", "lang", "theme", "seed", "speed", "hmi", "steps", "vehicle", "place", "destination", "time", "soc"}
	actionNames = []string{string(ActKey), string(ActType), string(ActSay), string(ActClick), string(ActWheel), string(ActWait), string(ActUntil), string(ActResize)}
	checkNames  = []string{string(CheckSee), string(CheckNotSee), string(CheckSignal), string(CheckEvent), string(CheckGolden)}
)

// withDidYouMean adds a "did you mean" to the decoder's message for an
// unknown field, since a designer's typo ("sise") is the usual cause.
func withDidYouMean(err error, valid []string) error {
	var e *datafile.Error
	if !errors.As(err, &e) {
		return err
	}
	rest, ok := strings.CutPrefix(e.Msg, "unknown field \"")
	if !ok {
		return err
	}
	field, _, _ := strings.Cut(rest, "\"")
	if c := datacheck.Closest(field, valid); c != "" {
		e2 := *e
		e2.Msg += fmt.Sprintf(" (did you mean %s?)", c)
		return &e2
	}
	return err
}

// loader collects every problem of a flow file, so a designer can fix
// them in one go.
type loader struct {
	doc  *datafile.Doc
	env  *Env
	errs []error
	// total is the drive time the steps ask for so far.
	total sim.Millis
	// captures are the capture names taken so far, with where.
	captures map[string]string
}

func (l *loader) errorf(field, format string, args ...any) {
	e := l.doc.Errorf(field, format, args...)
	if e.Line == 0 {
		// A field the file does not have (steps:) has no node to point
		// at: the file's start is where it belongs.
		e.Line, e.Column = 1, 1
	}
	l.errs = append(l.errs, e)
}

func build(doc *datafile.Doc, raw *rawFlow, fsys fileSystem, name string, env *Env) (*Flow, error) {
	l := &loader{doc: doc, env: env}
	f := &Flow{File: name, Name: raw.Name, fsys: fsys, dir: path.Dir(name), Lang: "en", Theme: "auto", Speed: 1, Width: 120, Height: 40}
	if f.Name == "" {
		f.Name = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	l.text("name", raw.Name)
	if raw.Scenario != "" && raw.Start != nil {
		l.errorf("start", "a flow starts from a scenario or from start, not both")
	}
	if raw.Scenario != "" {
		f.ScenarioName = raw.Scenario
		sc, err := l.scenario(fsys, f.dir, raw.Scenario)
		if err != nil {
			l.errs = append(l.errs, err)
		}
		f.Scenario = sc
	}
	if raw.Start != nil {
		f.Start = l.start(raw.Start)
	}
	if raw.HMI != "" {
		// A takeover HMI variant beside the flow, checked against R157 as
		// --hmi checks it: its errors keep the HMI file's own positions.
		h, err := hmi.Load(fsys, path.Join(f.dir, raw.HMI))
		if err != nil {
			l.errs = append(l.errs, err)
		}
		f.HMI = h
	}
	if raw.Size != "" {
		f.Width, f.Height, _ = l.size("size", raw.Size)
	}
	if raw.Lang != "" {
		if env.UI.Tables[raw.Lang] == nil {
			l.errorf("lang", "%s", datacheck.Unknown("language", raw.Lang, sortedKeys(env.UI.Tables)))
		}
		f.Lang = raw.Lang
	}
	if raw.Theme != "" && raw.Theme != "auto" {
		if env.UI.Themes[raw.Theme] == nil {
			l.errorf("theme", "%s", datacheck.Unknown("theme", raw.Theme, append([]string{"auto"}, sortedKeys(env.UI.Themes)...)))
		}
		f.Theme = raw.Theme
	}
	f.Seed = raw.Seed
	if raw.Speed != nil {
		ok := false
		var valid []string
		for _, s := range cockpit.Speeds {
			ok = ok || s == *raw.Speed
			valid = append(valid, strconv.Itoa(s))
		}
		if !ok {
			l.errorf("speed", "expected a speed of %s (the cockpit's + and - keys), got %d", strings.Join(valid, ", "), *raw.Speed)
		}
		f.Speed = *raw.Speed
	}
	if len(raw.Steps) == 0 {
		l.errorf("steps", "a flow needs steps: a list of keys to press, things to say, waits and checks")
	}
	if len(raw.Steps) > MaxSteps {
		l.errorf("steps", "%d steps; at most %d", len(raw.Steps), MaxSteps)
		raw.Steps = raw.Steps[:MaxSteps]
	}
	for i, st := range raw.Steps {
		f.Steps = append(f.Steps, l.step(i, st))
	}
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	return f, nil
}

// text refuses a text that could not be shown (control characters, bad
// UTF-8) or that is too long.
func (l *loader) text(field, s string) bool {
	if p := datacheck.Problem(s, false); p != "" {
		l.errorf(field, "%s", p)
		return false
	}
	if n := utf8.RuneCountInString(s); n > MaxText {
		l.errorf(field, "%d characters; at most %d", n, MaxText)
		return false
	}
	return true
}

// scenario finds the flow's scenario: a file beside the flow, else a
// bundled scenario by name (as cockpit --scenario finds it).
func (l *loader) scenario(fsys fileSystem, dir, name string) (*scenario.Scenario, error) {
	if strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") {
		rel := path.Join(dir, name)
		if info, err := fs.Stat(fsys, rel); err == nil && !info.IsDir() {
			return scenario.Load(fsys, rel, l.env.Scenarios)
		}
	}
	bare := strings.TrimPrefix(name, "assets/")
	for _, c := range []string{"scenarios/" + bare, "scenarios/" + bare + ".yaml"} {
		if info, err := fs.Stat(l.env.Assets, c); err == nil && !info.IsDir() {
			return scenario.Load(l.env.Assets, c, l.env.Scenarios)
		}
	}
	return nil, l.doc.Errorf("scenario", "%s (a file is looked for beside the flow)", datacheck.Unknown("scenario", name, bundledScenarios(l.env.Assets)))
}

// bundledScenarios names the scenarios of an asset tree as a flow names
// them ("airport-run", "parking/mall-by-voice").
func bundledScenarios(afs fs.FS) []string {
	var out []string
	_ = fs.WalkDir(afs, "scenarios", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(p, "scenarios/"), ".yaml"))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func (l *loader) start(r *rawStart) *Start {
	s := &Start{Vehicle: r.Vehicle, Place: r.Place, Destination: r.Destination, ClockS: -1, SoC: -1}
	if r.Vehicle != "" {
		if _, err := vehicle.Find(l.env.Scenarios.Profiles, r.Vehicle); err != nil {
			var ids []string
			for _, p := range l.env.Scenarios.Profiles {
				ids = append(ids, p.ID)
			}
			l.errorf("start.vehicle", "%s", datacheck.Unknown("vehicle", r.Vehicle, ids))
		}
	}
	m := l.env.Scenarios.Maps[scenario.DefaultMap]
	var places []string
	if m != nil {
		for _, p := range m.Places {
			places = append(places, p.ID)
		}
		sort.Strings(places)
	}
	for _, pl := range []struct{ field, id string }{{"start.place", r.Place}, {"start.destination", r.Destination}} {
		if pl.id != "" && m != nil && !contains(places, pl.id) {
			l.errorf(pl.field, "%s", datacheck.Unknown("place", pl.id, places))
		}
	}
	if r.Time != "" {
		hm := strings.Split(r.Time, ":")
		h, err1 := strconv.Atoi(hm[0])
		ok := len(hm) == 2 && err1 == nil && h >= 0 && h < 24
		mi := 0
		if ok {
			var err2 error
			mi, err2 = strconv.Atoi(hm[1])
			ok = err2 == nil && len(hm[1]) == 2 && mi >= 0 && mi < 60
		}
		if !ok {
			l.errorf("start.time", "expected a time of day like \"07:40\" (quoted), got %q", r.Time)
		} else {
			s.ClockS = float64(h*3600 + mi*60)
		}
	}
	if r.SoC != nil {
		if p := (datacheck.Range{Min: 1, Max: 100, Unit: "%"}).Problem(*r.SoC); p != "" {
			l.errorf("start.soc", "the battery's charge in percent: %s", p)
		} else {
			s.SoC = *r.SoC / 100
		}
	}
	return s
}

// size reads "120x40" within the limits.
func (l *loader) size(field, s string) (int, int, bool) {
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil {
		l.errorf(field, "expected a terminal size like 120x40 (columns x rows), got %q", s)
		return 120, 40, false
	}
	if w < MinWidth || h < MinHeight || w > MaxWidth || h > MaxHeight {
		l.errorf(field, "expected a size from %dx%d (the cockpit's smallest) to %dx%d, got %q", MinWidth, MinHeight, MaxWidth, MaxHeight, s)
		return 120, 40, false
	}
	return w, h, true
}

// duration reads "30s", "2m", "1h30m" or a bare number of seconds, more
// than zero and within MaxSimTime.
func (l *loader) duration(field string, v any) (sim.Millis, bool) {
	var d time.Duration
	switch x := v.(type) {
	case string:
		var err error
		if d, err = time.ParseDuration(strings.TrimSpace(x)); err != nil {
			if f, err2 := strconv.ParseFloat(strings.TrimSpace(x), 64); err2 == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && math.Abs(f) < 1e9 {
				d = time.Duration(f * float64(time.Second))
			} else {
				l.errorf(field, "expected a duration like 30s, 2m or 1h30m, got %q", x)
				return 0, false
			}
		}
	default:
		f, ok := number(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= 1e9 {
			l.errorf(field, "expected a duration like 30s, 2m or 1h30m, got %s", describe(v))
			return 0, false
		}
		d = time.Duration(f * float64(time.Second))
	}
	ms := sim.Millis(d.Milliseconds())
	if ms <= 0 || ms > MaxSimTime {
		l.errorf(field, "expected a duration from 50ms to 24h, got %s", describe(v))
		return 0, false
	}
	l.total += ms
	if l.total > MaxSimTime {
		l.errorf(field, "the flow's waits add up to more than 24h of drive time")
		return 0, false
	}
	return ms, true
}

// number is v as a float when it is a YAML number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// integer is v as an int when it is a whole YAML number within ±1e6.
func integer(v any) (int, bool) {
	f, ok := number(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false
	}
	return int(f), true
}

// describe names a value in a message the way the file wrote it.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x) + " (a yes/no)"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	if f, ok := number(v); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return fmt.Sprintf("%v", v)
}

// scalarText is a text field's value: a string, or a number written bare
// (a key "1", a text "120"). A yes/no is refused: YAML reads y, yes, on as
// true, which is never the text meant.
func (l *loader) scalarText(field string, v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, l.text(field, x)
	case bool:
		l.errorf(field, "expected a text, got %s: write it in quotes", describe(v))
		return "", false
	}
	if f, ok := number(v); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64), true
	}
	l.errorf(field, "expected a text, got %s", describe(v))
	return "", false
}

// mapping reads v as a mapping whose keys are among valid (with a "did you
// mean" for a typo).
func (l *loader) mapping(field string, v any, what string, valid ...string) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		l.errorf(field, "expected %s, got %s", what, describe(v))
		return nil, false
	}
	good := true
	for _, k := range sortedKeys(m) {
		if !contains(valid, k) {
			l.errorf(field+"."+k, "%s", datacheck.Unknown("field", k, valid))
			good = false
		}
	}
	return m, good
}

// list is v as a list of items, a single item being a list of one.
func list(v any) ([]any, bool) {
	if xs, ok := v.([]any); ok {
		return xs, true
	}
	return []any{v}, false
}

func (l *loader) step(i int, raw map[string]any) Step {
	field := fmt.Sprintf("steps[%d]", i)
	st := Step{}
	st.Line, st.Col = l.doc.Position(field)
	if len(raw) == 0 {
		l.errorf(field, "an empty step: give it an action (%s), a check (%s) or a capture", strings.Join(actionNames, ", "), strings.Join(checkNames, ", "))
		return st
	}
	var actions []string
	for _, k := range sortedKeys(raw) {
		switch {
		case contains(actionNames, k):
			actions = append(actions, k)
		case contains(checkNames, k):
		case k == captureName:
			st.Capture = l.captureStep(field+"."+k, raw[k])
		default:
			l.errorf(field+"."+k, "%s", datacheck.Unknown("step", k, append(append(append([]string(nil), actionNames...), checkNames...), captureName)))
		}
	}
	if len(actions) > 1 {
		l.errorf(field+"."+actions[1], "one action a step (this step has %s): put each in a step of its own, in the order they happen", strings.Join(actions, " and "))
	}
	if len(actions) > 0 {
		st.Action = l.action(field+"."+actions[0], ActionKind(actions[0]), raw[actions[0]])
	}
	for _, k := range checkNames { // the order checks run in
		v, ok := raw[k]
		if !ok {
			continue
		}
		items, isList := list(v)
		if isList && len(items) == 0 {
			l.errorf(field+"."+k, "an empty list of checks")
		}
		for j, item := range items {
			cf := field + "." + k
			if isList {
				cf += fmt.Sprintf("[%d]", j)
			}
			if c, ok := l.check(cf, CheckKind(k), item, i); ok {
				c.Line, _ = l.doc.Position(cf)
				st.Checks = append(st.Checks, c)
			}
		}
	}
	return st
}

// captureName is the step field that names a capture of the screen.
const captureName = "capture"

// captureStep reads a capture step's name: a file name without its
// extension (letters, digits, dot, dash, underscore; not starting with a
// dot or a dash), once in a flow, so the pictures of one flow never
// overwrite each other.
func (l *loader) captureStep(field string, v any) string {
	s, ok := v.(string)
	if !ok {
		l.errorf(field, "expected the capture's name (a file name without extension, e.g. drive-120x40), got %s", describe(v))
		return ""
	}
	switch {
	case s == "":
		l.errorf(field, "expected the capture's name, got nothing")
		return ""
	case utf8.RuneCountInString(s) > MaxCaptureName:
		l.errorf(field, "a capture's name has at most %d characters, this one %d", MaxCaptureName, utf8.RuneCountInString(s))
		return ""
	case s[0] == '.' || s[0] == '-':
		l.errorf(field, "%q: a capture's name may not start with %q", s, s[:1])
		return ""
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			l.errorf(field, "%q: a capture's name is letters, digits, '.', '-' and '_' (it names files), not %q", s, r)
			return ""
		}
	}
	if l.captures == nil {
		l.captures = map[string]string{}
	}
	if at, dup := l.captures[s]; dup {
		l.errorf(field, "the capture %q is taken already at %s: give each picture its own name", s, at)
		return ""
	}
	line, col := l.doc.Position(field)
	l.captures[s] = fmt.Sprintf("line %d, column %d", line, col)
	return s
}

func (l *loader) action(field string, kind ActionKind, v any) *Action {
	a := &Action{Kind: kind}
	switch kind {
	case ActKey:
		items, _ := list(v)
		if len(items) == 0 || len(items) > MaxKeys {
			l.errorf(field, "expected from 1 to %d keys, got %d", MaxKeys, len(items))
		}
		for j, it := range items {
			kf := field
			if _, isList := v.([]any); isList {
				kf = fmt.Sprintf("%s[%d]", field, j)
			}
			s, ok := l.scalarText(kf, it)
			if !ok {
				continue
			}
			if _, err := cockpit.ParseKey(s); err != nil {
				l.errorf(kf, "%v", err)
				continue
			}
			a.Keys = append(a.Keys, s)
		}
	case ActType, ActSay:
		s, ok := l.scalarText(field, v)
		if ok && s == "" {
			l.errorf(field, "expected a text to %s, got nothing", kind)
		}
		a.Text = s
	case ActClick:
		m, ok := l.mapping(field, v, "{x: COLUMN, y: ROW} or {text: TEXT, in: REGION}", "x", "y", "text", "in")
		if !ok {
			break
		}
		if t, has := m["text"]; has {
			if _, hasX := m["x"]; hasX {
				l.errorf(field+".x", "a click is at {x, y} or on {text}, not both")
			}
			a.Text, _ = l.scalarText(field+".text", t)
			if a.Text == "" {
				l.errorf(field+".text", "expected the text to click on")
			}
			a.In = l.region(field+".in", m["in"])
		} else {
			if _, hasIn := m["in"]; hasIn {
				l.errorf(field+".in", "in: goes with a click on text; a click at {x, y} is on the screen")
			}
			a.X, a.Y = l.cell(field, m)
		}
	case ActWheel:
		m, ok := l.mapping(field, v, "{x: COLUMN, y: ROW, direction: up|down}", "x", "y", "direction")
		if !ok {
			break
		}
		a.X, a.Y = l.cell(field, m)
		switch d := m["direction"]; d {
		case "up":
			a.Up = true
		case "down", nil:
		default:
			s, _ := d.(string)
			l.errorf(field+".direction", "%s", datacheck.Unknown("direction", s, []string{"up", "down"}))
		}
	case ActWait:
		a.Duration, _ = l.duration(field, v)
	case ActUntil:
		m, ok := l.mapping(field, v, "{event: KIND, subject: S, within: 2m}", "event", "subject", "within")
		if !ok {
			break
		}
		a.Match = l.match(field, m, "event")
		a.Duration = DefaultWithin
		if w, has := m["within"]; has {
			a.Duration, _ = l.duration(field+".within", w)
		} else if l.total += DefaultWithin; l.total > MaxSimTime {
			l.errorf(field, "the flow's waits add up to more than 24h of drive time")
		}
	case ActResize:
		s, ok := v.(string)
		if !ok {
			l.errorf(field, "expected a terminal size like 80x24, got %s", describe(v))
			break
		}
		a.W, a.H, _ = l.size(field, s)
	}
	return a
}

// cell reads a click's or wheel's x and y, which must be on a screen the
// flow may have.
func (l *loader) cell(field string, m map[string]any) (int, int) {
	var out [2]int
	for i, k := range []string{"x", "y"} {
		v, has := m[k]
		if !has {
			l.errorf(field, "expected %s: the cell's %s (0 is the %s)", k, map[string]string{"x": "column", "y": "row"}[k], map[string]string{"x": "left", "y": "top"}[k])
			continue
		}
		n, ok := integer(v)
		limit := MaxWidth
		if k == "y" {
			limit = MaxHeight
		}
		if !ok || n < 0 || n >= limit {
			l.errorf(field+"."+k, "expected a whole number from 0 to %d, got %s", limit-1, describe(v))
			continue
		}
		out[i] = n
	}
	return out[0], out[1]
}

// region reads a region name (nil: the whole screen).
func (l *loader) region(field string, v any) string {
	if v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		l.errorf(field, "expected a region name, got %s", describe(v))
		return ""
	}
	if s == "nav" {
		s = "navigation" // the panel's voice name
	}
	if !contains(cockpit.RegionNames, s) {
		l.errorf(field, "%s", datacheck.Unknown("region", s, cockpit.RegionNames))
		return ""
	}
	return s
}

// match reads an event kind (kindField) and subject, as scenario files
// name them: "automation.takeover", or "driver.hands_on" for a kind with
// its subject.
func (l *loader) match(field string, m map[string]any, kindField string) scenario.Match {
	var mt scenario.Match
	kv, has := m[kindField]
	if !has {
		l.errorf(field, "expected %s: the event's kind (docs/scenarios.md lists them)", kindField)
		return mt
	}
	kind, ok := kv.(string)
	if !ok {
		l.errorf(field+"."+kindField, "expected an event kind, got %s", describe(kv))
		return mt
	}
	mt.Kind = kind
	kinds := scenario.EventKinds()
	known := func(k string) bool { return contains(kinds, k) }
	if !known(kind) {
		i := strings.LastIndexByte(kind, '.')
		if i < 0 || !known(kind[:i]) {
			l.errorf(field+"."+kindField, "%s", datacheck.Unknown("event kind", kind, kinds))
		}
	}
	if sv, has := m["subject"]; has {
		s, ok := l.scalarText(field+".subject", sv)
		if ok {
			mt.Subject = s
		}
	}
	return mt
}

func (l *loader) check(field string, kind CheckKind, v any, step int) (Check, bool) {
	c := Check{Kind: kind}
	n := len(l.errs)
	switch kind {
	case CheckSee, CheckNotSee:
		if m, isMap := v.(map[string]any); isMap {
			m, ok := l.mapping(field, m, "", "text", "in")
			if !ok {
				break
			}
			t, has := m["text"]
			if !has {
				l.errorf(field, "expected text: what to look for")
				break
			}
			c.Text, _ = l.scalarText(field+".text", t)
			c.In = l.region(field+".in", m["in"])
		} else {
			c.Text, _ = l.scalarText(field, v)
		}
		if c.Text == "" && len(l.errs) == n {
			l.errorf(field, "expected a text to look for, got nothing")
		}
	case CheckSignal:
		m, ok := l.mapping(field, v, "{path: VSS.PATH, equals: V} (or above: N, below: N)", "path", "equals", "above", "below")
		if !ok {
			break
		}
		l.signal(field, m, &c)
	case CheckEvent:
		if s, isStr := v.(string); isStr {
			v = map[string]any{"kind": s}
		}
		m, ok := l.mapping(field, v, "an event kind or {kind: KIND, subject: S, since: step}", "kind", "subject", "since")
		if !ok {
			break
		}
		c.Match = l.match(field, m, "kind")
		if sv, has := m["since"]; has {
			if sv == "step" {
				c.Since = step + 1
			} else if k, ok := integer(sv); ok && k >= 1 && k <= step+1 {
				c.Since = k
			} else {
				l.errorf(field+".since", "expected step (this step's start) or the number of a step up to this one (%d), got %s", step+1, describe(sv))
			}
		}
	case CheckGolden:
		s, ok := v.(string)
		switch {
		case !ok || s == "":
			l.errorf(field, "expected a golden file's name (relative to the flow), got %s", describe(v))
		case path.IsAbs(filepath.ToSlash(s)) || strings.Contains(filepath.ToSlash(s), "../") || s == "..":
			l.errorf(field, "a golden file lives beside the flow or below it, got %q", s)
		default:
			c.Golden = filepath.ToSlash(s)
		}
	}
	return c, len(l.errs) == n
}

func (l *loader) signal(field string, m map[string]any, c *Check) {
	pv, has := m["path"]
	p, _ := pv.(string)
	if !has || p == "" {
		l.errorf(field, "expected path: the signal's VSS path (cockpit signals lists them)")
		return
	}
	cat := l.env.UI.Signals
	i, ok := cat.Index(p)
	if !ok {
		var paths []string
		for _, s := range cat.Specs() {
			paths = append(paths, s.Path)
		}
		msg := fmt.Sprintf("no signal %q", p)
		if cl := datacheck.Closest(p, paths); cl != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", cl)
		}
		l.errorf(field+".path", "%s; cockpit signals lists them", msg)
		return
	}
	c.Path = p
	spec := cat.Spec(i)
	eq, hasEq := m["equals"]
	_, hasA := m["above"]
	_, hasB := m["below"]
	if !hasEq && !hasA && !hasB {
		l.errorf(field, "expected equals, above or below: what the value must be")
		return
	}
	if hasEq && (hasA || hasB) {
		l.errorf(field+".equals", "equals, or above and below, not both")
		return
	}
	if hasEq {
		switch x := eq.(type) {
		case bool:
			if spec.Datatype != "boolean" {
				l.errorf(field+".equals", "%s is a %s, not a yes/no", p, spec.Datatype)
			}
		case string:
			if spec.Datatype != "string" {
				l.errorf(field+".equals", "%s is a %s; write the value without quotes", p, spec.Datatype)
			}
		default:
			f, ok := number(x)
			switch {
			case !ok:
				l.errorf(field+".equals", "expected a value, got %s", describe(eq))
			case math.IsNaN(f) || math.IsInf(f, 0):
				l.errorf(field+".equals", "expected a finite number, got %s", describe(eq))
			case !spec.Numeric():
				l.errorf(field+".equals", "%s is a %s, not a number", p, spec.Datatype)
			default:
				eq = f
			}
		}
		c.Equals = eq
		return
	}
	if !spec.Numeric() {
		l.errorf(field, "%s is a %s: above and below compare numbers (use equals)", p, spec.Datatype)
		return
	}
	for _, k := range []string{"above", "below"} {
		v, has := m[k]
		if !has {
			continue
		}
		f, ok := number(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			l.errorf(field+"."+k, "expected a finite number, got %s", describe(v))
			continue
		}
		if k == "above" {
			c.Above = &f
		} else {
			c.Below = &f
		}
	}
	if c.Above != nil && c.Below != nil && *c.Above >= *c.Below {
		l.errorf(field, "above %g and below %g: no value is both", *c.Above, *c.Below)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
