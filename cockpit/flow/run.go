package flow

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// Options change how a flow runs.
type Options struct {
	// Update rewrites every golden frame with the frame seen (and says
	// what changed) instead of comparing them.
	Update bool
	// AfterStep, when set, is called after each step (its action and its
	// checks) with the cockpit as it is then: a capture can take the
	// frame of any step.
	AfterStep func(step int, h *cockpit.Headless)
	// Capture, when set, takes a step's `capture: NAME` picture after
	// its checks passed (cockpit capture); an error fails the step. When
	// nil, capture steps take no picture (cockpit test).
	Capture func(name string, h *cockpit.Headless) error
}

// CheckResult is one check's outcome.
type CheckResult struct {
	Kind CheckKind `json:"check"`
	// Line is where the check is written in the flow.
	Line int `json:"line"`
	// What says what was checked ("see \"L3 active\" in banner").
	What   string `json:"what"`
	Passed bool   `json:"passed"`
	// Expected and Found say, for a failed check, what should have been
	// there and what was.
	Expected string `json:"expected,omitempty"`
	Found    string `json:"found,omitempty"`
	// Diff is a golden's difference from the frame (or, with Update,
	// what the rewrite changed); Updated is set when the golden was
	// written.
	Diff    string `json:"diff,omitempty"`
	Updated bool   `json:"updated,omitempty"`
}

// StepResult is one step's outcome.
type StepResult struct {
	// Number is the step's number (1-based); Line where it starts.
	Number int    `json:"step"`
	Line   int    `json:"line"`
	What   string `json:"what"`
	// At is the drive time after the step.
	At     sim.Millis `json:"-"`
	Passed bool       `json:"passed"`
	// Error says why the action itself failed (an until that timed out,
	// a text to click that was not on screen, time that could not pass).
	Error  string        `json:"error,omitempty"`
	Checks []CheckResult `json:"checks,omitempty"`
	// Frame is the screen as plain text when the step failed.
	Frame string `json:"frame,omitempty"`
}

// Result is a flow's outcome. A flow stops at its first failing step: the
// steps after it depend on what it should have done.
type Result struct {
	Flow   *Flow
	Steps  []StepResult
	Passed bool
	// NotRun counts the steps after a failure.
	NotRun int
	// At is the drive time at the end.
	At sim.Millis
}

// Failed is the failing step, or nil.
func (r *Result) Failed() *StepResult {
	for i := range r.Steps {
		if !r.Steps[i].Passed {
			return &r.Steps[i]
		}
	}
	return nil
}

// Open builds the flow's cockpit, as `cockpit` opens it for a user with
// the flow's scenario (or start), language, theme, seed and size.
func Open(f *Flow, env *Env) (*cockpit.Headless, error) {
	d := launch.Drive{Env: env.Scenarios, Scenario: f.Scenario, Seed: f.Seed, Voices: env.Voices, Signals: env.UI.Signals,
		Start: session.Start{Mode: session.ModeDrive, Lang: f.Lang}, HMI: env.UI.HMI}
	if f.HMI != nil {
		d.HMI = f.HMI
	}
	if s := f.Start; s != nil {
		d.Vehicle = s.Vehicle
		d.Adjust = func(c *sim.Config) {
			if s.Place != "" {
				c.StartPlace = s.Place
			}
			if s.Destination != "" {
				c.Destination = s.Destination
			}
			if s.ClockS >= 0 {
				c.StartClockS = s.ClockS
			}
			if s.SoC >= 0 {
				c.SoC = s.SoC
			}
		}
		if s.Place != "" {
			// The default drive's preroll takes it from home onto the
			// ring road; a drive from elsewhere starts where it says.
			none := sim.Millis(0)
			d.Preroll = &none
		}
	}
	opened, err := launch.Open(d)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.File, err)
	}
	o := opened.Options(env.UI, f.Lang, f.Theme, env.Controls)
	o.Width, o.Height = f.Width, f.Height
	h := cockpit.NewHeadless(o)
	h.SetSpeed(f.Speed)
	return h, nil
}

// Run opens the flow's cockpit and runs its steps; it returns the result
// and the cockpit at the end (after the last step run). The error is for
// a drive that could not be built; a failed step is in the result.
func Run(f *Flow, env *Env, o Options) (*Result, *cockpit.Headless, error) {
	h, err := Open(f, env)
	if err != nil {
		return nil, nil, err
	}
	r := &runner{f: f, h: h, o: o}
	res := &Result{Flow: f, Passed: true}
	for i := range f.Steps {
		r.marks = append(r.marks, len(h.Session().Log()))
		sr := r.step(i)
		res.Steps = append(res.Steps, sr)
		if o.AfterStep != nil {
			o.AfterStep(i+1, h)
		}
		if !sr.Passed {
			res.Passed = false
			res.NotRun = len(f.Steps) - i - 1
			break
		}
	}
	res.At = h.State().Time
	return res, h, nil
}

type runner struct {
	f *Flow
	h *cockpit.Headless
	o Options
	// marks are the event log's length at the start of each step.
	marks []int
}

func (r *runner) step(i int) StepResult {
	st := &r.f.Steps[i]
	sr := StepResult{Number: i + 1, Line: st.Line, What: describeStep(st), Passed: true}
	if st.Action != nil {
		if err := r.act(st.Action); err != nil {
			sr.Passed, sr.Error = false, err.Error()
		}
	}
	if sr.Passed {
		for _, c := range st.Checks {
			cr := r.check(&c)
			sr.Checks = append(sr.Checks, cr)
			if !cr.Passed {
				sr.Passed = false
				break // the checks after it would only repeat the story
			}
		}
	}
	if sr.Passed && st.Capture != "" && r.o.Capture != nil {
		if err := r.o.Capture(st.Capture, r.h); err != nil {
			sr.Passed, sr.Error = false, err.Error()
		}
	}
	sr.At = r.h.State().Time
	if !sr.Passed {
		sr.Frame = plainFrame(r.h)
	}
	return sr
}

// errNoTime is a wait or an until whose time could not pass.
func (r *runner) errNoTime() error {
	if r.h.Model().Paused() {
		return errors.New("time cannot pass: the cockpit is paused (press space to resume)")
	}
	return errors.New("time cannot pass: the drive is over")
}

func (r *runner) act(a *Action) error {
	h := r.h
	switch a.Kind {
	case ActKey:
		for _, k := range a.Keys {
			if err := h.Press(k); err != nil {
				return err
			}
		}
	case ActType:
		h.Type(a.Text)
	case ActSay:
		if !h.VoiceOpen() {
			open := "enter"
			if h.PanelName() == "signals" {
				open = "v" // Enter is the Signals panel's own key
			}
			_ = h.Press(open)
			if !h.VoiceOpen() {
				return fmt.Errorf("the voice bar did not open (pressed %s)", open)
			}
		}
		h.Type(a.Text)
		_ = h.Press("enter")
	case ActClick:
		x, y := a.X, a.Y
		if a.Text != "" {
			area, ok := r.area(a.In)
			if !ok {
				return fmt.Errorf("no %s region on screen now (%s)", a.In, r.regionsNow())
			}
			if x, y, ok = h.Find(a.Text, area); !ok {
				return fmt.Errorf("no %q on screen%s to click", a.Text, inWhere(a.In))
			}
		} else if w, ht := h.Size(); x >= w || y >= ht {
			return fmt.Errorf("(%d, %d) is off the %dx%d screen", x, y, w, ht)
		}
		h.Click(x, y)
	case ActWheel:
		h.Wheel(a.X, a.Y, a.Up)
	case ActWait:
		end := h.State().Time + a.Duration
		for h.State().Time < end {
			if !h.Tick() {
				return r.errNoTime()
			}
		}
	case ActUntil:
		from := len(h.Session().Log())
		end := h.State().Time + a.Duration
		for {
			log := h.Session().Log()
			for _, ev := range log[from:] {
				if a.Match.Matches(ev) {
					return nil
				}
			}
			from = len(log)
			if h.State().Time >= end {
				return fmt.Errorf("no %s within %s%s", a.Match, fmtSpan(a.Duration), lastEvents(log, 5))
			}
			if !h.Tick() {
				return r.errNoTime()
			}
		}
	case ActResize:
		h.Resize(a.W, a.H)
	}
	return nil
}

// area is the rectangle a check or click looks in ("" the screen).
func (r *runner) area(in string) (cockpit.Rect, bool) {
	if in == "" {
		in = "screen"
	}
	return r.h.Region(in)
}

func (r *runner) regionsNow() string {
	var names []string
	for _, rg := range r.h.Regions() {
		names = append(names, rg.Name)
	}
	return "shown: " + strings.Join(names, ", ")
}

func inWhere(in string) string {
	if in == "" {
		return ""
	}
	return " in " + in
}

func (r *runner) check(c *Check) CheckResult {
	cr := CheckResult{Kind: c.Kind, Line: c.Line, What: describeCheck(c), Passed: true}
	h := r.h
	switch c.Kind {
	case CheckSee, CheckNotSee:
		area, ok := r.area(c.In)
		if !ok {
			if c.Kind == CheckNotSee {
				return cr // nothing of that region shows, so neither does the text
			}
			cr.Passed, cr.Expected, cr.Found = false, fmt.Sprintf("%q in %s", c.Text, c.In), fmt.Sprintf("no %s region on screen (%s)", c.In, r.regionsNow())
			return cr
		}
		text := h.Text(area)
		has := strings.Contains(text, c.Text)
		if has != (c.Kind == CheckSee) {
			cr.Passed = false
			if c.Kind == CheckSee {
				cr.Expected = fmt.Sprintf("%q%s", c.Text, inWhere(c.In))
				cr.Found = "not there"
				if c.In != "" {
					cr.Found = fmt.Sprintf("not there; the %s region shows %q", c.In, squeeze(text, 240))
				}
			} else {
				x, y, _ := h.Find(c.Text, area)
				cr.Expected = fmt.Sprintf("no %q%s", c.Text, inWhere(c.In))
				cr.Found = fmt.Sprintf("it shows at column %d, row %d", x, y)
			}
		}
	case CheckSignal:
		v, err := h.Signal(c.Path)
		if err != nil {
			cr.Passed, cr.Expected, cr.Found = false, describeCheck(c), err.Error()
			return cr
		}
		if !signalOK(c, v) {
			cr.Passed, cr.Expected, cr.Found = false, strings.TrimPrefix(describeCheck(c), "signal "), c.Path+" = "+signal.Format(v)
		}
	case CheckEvent:
		log := h.Session().Log()
		from := 0
		if c.Since > 0 {
			from = r.marks[c.Since-1]
		}
		for _, ev := range log[from:] {
			if c.Match.Matches(ev) {
				return cr
			}
		}
		cr.Passed = false
		cr.Expected = c.Match.String() + sinceText(c.Since)
		cr.Found = "no such event" + lastEvents(log[from:], 5)
	case CheckGolden:
		r.golden(c, &cr)
	}
	return cr
}

func sinceText(since int) string {
	if since == 0 {
		return " since the start"
	}
	return fmt.Sprintf(" since step %d", since)
}

// signalOK compares a signal's value with a check: numbers numerically
// (to a billionth, as the catalogue rounds them), others exactly.
func signalOK(c *Check, v any) bool {
	f, isNum := number(v)
	if c.Equals != nil {
		if want, ok := c.Equals.(float64); ok {
			return isNum && math.Abs(f-want) <= 1e-9*math.Max(1, math.Abs(want))
		}
		return v == c.Equals
	}
	if !isNum {
		return false
	}
	return (c.Above == nil || f > *c.Above) && (c.Below == nil || f < *c.Below)
}

// plainFrame is the screen as a golden holds it: plain text, the spaces
// at the ends of lines dropped, ending in a newline.
func plainFrame(h *cockpit.Headless) string {
	lines := strings.Split(h.Plain(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

func (r *runner) golden(c *Check, cr *CheckResult) {
	name := path.Join(r.f.dir, c.Golden)
	frame := plainFrame(r.h)
	old, err := fs.ReadFile(r.f.fsys, name)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		cr.Passed, cr.Expected, cr.Found = false, "the frame of "+c.Golden, err.Error()
		return
	}
	if r.o.Update {
		if string(old) == frame {
			return
		}
		if !r.f.fsys.disk {
			cr.Passed, cr.Expected, cr.Found = false, "to rewrite "+c.Golden, "a bundled flow's goldens are read-only: run the flow's file instead"
			return
		}
		if err := writeFile(filepath.FromSlash(name), []byte(frame)); err != nil {
			cr.Passed, cr.Expected, cr.Found = false, "to rewrite "+c.Golden, err.Error()
			return
		}
		cr.Updated = true
		if missing {
			cr.Diff = fmt.Sprintf("new file, %d lines", strings.Count(frame, "\n"))
		} else {
			cr.Diff = diff(string(old), frame)
		}
		return
	}
	if missing {
		cr.Passed, cr.Expected, cr.Found = false, "the frame in "+c.Golden, "no such file: run with --update to write it"
		return
	}
	if string(old) != frame {
		cr.Passed, cr.Expected, cr.Found = false, "the frame in "+c.Golden, "a different frame (- golden, + now)"
		cr.Diff = diff(string(old), frame)
	}
}

// writeFile writes data to name atomically (a temporary file renamed over
// it) and only over a regular file, never through a link or onto a device.
func writeFile(name string, data []byte) error {
	if info, err := os.Lstat(name); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; a golden is only written over a regular file", name)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".golden-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// diff lists how frame now differs from old, line by line (a longest
// common subsequence, so a banner that pushes the screen down shows as the
// lines it added, not as every line below it changed), numbered by the
// line in old (-) and in now (+); at most 40 lines.
func diff(old, now string) string {
	a := strings.Split(strings.TrimSuffix(old, "\n"), "\n")
	b := strings.Split(strings.TrimSuffix(now, "\n"), "\n")
	// Frames are at most MaxHeight lines, so the table is small.
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	add := func(s string) bool {
		if len(out) == 40 {
			out = append(out, "…")
			return false
		}
		out = append(out, s)
		return true
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			if !add(fmt.Sprintf("%3d + %s", j+1, b[j])) {
				return strings.Join(out, "\n")
			}
			j++
		default:
			if !add(fmt.Sprintf("%3d - %s", i+1, a[i])) {
				return strings.Join(out, "\n")
			}
			i++
		}
	}
	return strings.Join(out, "\n")
}

// lastEvents names the last n events of log, for a message about one
// that did not happen.
func lastEvents(log []sim.Event, n int) string {
	if len(log) == 0 {
		return "; no events"
	}
	var parts []string
	for _, ev := range log[max(0, len(log)-n):] {
		s := string(ev.Kind)
		if ev.Subject != "" {
			s += " (" + squeeze(ev.Subject, 40) + ")"
		}
		parts = append(parts, fmtDur(ev.At)+" "+s)
	}
	return "; the last events: " + strings.Join(parts, ", ")
}

// squeeze makes a region's text one line of its words: frames and rules
// (box drawing) go, runs of spaces and line breaks become one space; at
// most n characters.
func squeeze(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x2500 && r <= 0x257F { // box drawing: the panels' frames
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// fmtDur writes drive time as the report shows it: 1:05, 1:02:03, 0.5s.
func fmtDur(m sim.Millis) string {
	s := int64(m) / 1000
	if m > 0 && m < 1000 {
		return fmt.Sprintf("%.1fs", float64(m)/1000)
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// fmtSpan writes a duration as a flow writes it: 30s, 2m, 1h30m, 1.5s.
func fmtSpan(m sim.Millis) string {
	if m%1000 != 0 {
		return strconv.FormatFloat(float64(m)/1000, 'f', -1, 64) + "s"
	}
	s := int64(m) / 1000
	var b strings.Builder
	if s >= 3600 {
		fmt.Fprintf(&b, "%dh", s/3600)
	}
	if s%3600 >= 60 {
		fmt.Fprintf(&b, "%dm", s%3600/60)
	}
	if s%60 != 0 || s == 0 {
		fmt.Fprintf(&b, "%ds", s%60)
	}
	return b.String()
}

func describeStep(st *Step) string {
	var parts []string
	if a := st.Action; a != nil {
		parts = append(parts, describeAction(a))
	}
	for i := range st.Checks {
		parts = append(parts, describeCheck(&st.Checks[i]))
	}
	if st.Capture != "" {
		parts = append(parts, "capture "+st.Capture)
	}
	return strings.Join(parts, " · ")
}

func describeAction(a *Action) string {
	switch a.Kind {
	case ActKey:
		return "key " + strings.Join(a.Keys, " ")
	case ActType, ActSay:
		return fmt.Sprintf("%s %q", a.Kind, a.Text)
	case ActClick:
		if a.Text != "" {
			return fmt.Sprintf("click %q%s", a.Text, inWhere(a.In))
		}
		return fmt.Sprintf("click (%d, %d)", a.X, a.Y)
	case ActWheel:
		dir := "down"
		if a.Up {
			dir = "up"
		}
		return fmt.Sprintf("wheel %s at (%d, %d)", dir, a.X, a.Y)
	case ActWait:
		return "wait " + fmtSpan(a.Duration)
	case ActUntil:
		return fmt.Sprintf("until %s within %s", a.Match, fmtSpan(a.Duration))
	case ActResize:
		return fmt.Sprintf("resize %dx%d", a.W, a.H)
	}
	return string(a.Kind)
}

func describeCheck(c *Check) string {
	switch c.Kind {
	case CheckSee, CheckNotSee:
		return fmt.Sprintf("%s %q%s", c.Kind, c.Text, inWhere(c.In))
	case CheckSignal:
		switch {
		case c.Equals != nil:
			return fmt.Sprintf("signal %s = %v", c.Path, c.Equals)
		case c.Above != nil && c.Below != nil:
			return fmt.Sprintf("signal %s between %g and %g", c.Path, *c.Above, *c.Below)
		case c.Above != nil:
			return fmt.Sprintf("signal %s > %g", c.Path, *c.Above)
		case c.Below != nil:
			return fmt.Sprintf("signal %s < %g", c.Path, *c.Below)
		}
	case CheckEvent:
		s := "event " + c.Match.String()
		if c.Since > 0 {
			s += fmt.Sprintf(" since step %d", c.Since)
		}
		return s
	case CheckGolden:
		return "golden " + c.Golden
	}
	return string(c.Kind)
}
