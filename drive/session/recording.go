package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/drive/sim"
)

// FormatVersion is the version of the recording format this package writes
// and reads (the first line of a recording). docs/recording.md describes it.
const FormatVersion = 1

// magic opens every recording.
const magic = "cockpit-recording"

// Start says how a front end built a session, so that a replay builds the
// same one. The session writes it into the recording and never reads it:
// the front end that made it (cmd/cockpit) resolves it again.
type Start struct {
	// Mode is the front end that drove the session: ModeDrive,
	// ModeRun, ModeDrillWatch or ModeDrillTrainee.
	Mode string
	// Scenario is the scenario as the front end found it (a bundled name
	// such as "scenarios/fog-expressway.yaml", or a path); empty for the
	// default drive. ScenarioSHA256 is the hash of its file, so a replay
	// of an edited scenario is refused.
	Scenario       string
	ScenarioSHA256 string
	// Vehicle is the profile id when the front end chose the car.
	Vehicle string
	// Seed is the drive's seed as it was used.
	Seed uint64
	// PrerollMs is the simulated time driven before the first frame.
	PrerollMs sim.Millis
	// Lang is the UI language the session was shown in.
	Lang string
	// HMI and HMISHA256 name the takeover HMI file the drive was driven
	// with when the front end was given one (--hmi FILE): its name and
	// the SHA-256 of its bytes (hmi.Takeover.Digest), so a replay with
	// another file, or none, is refused. Empty: the asset tree's own,
	// which Version's asset hash covers.
	HMI, HMISHA256 string
	// Version names the program and assets that recorded it; a replay by
	// another version may differ, so it is refused.
	Version string
}

// Recording is a drive as a replayable file: how it started and every input
// at the instant it arrived, and what the drive logged (the count and
// digest of its events) so a replay can prove it reproduced it.
type Recording struct {
	Start  Start
	Inputs []Input
	// End is the drive time the session stopped at.
	End sim.Millis
	// Events and Digest are the event log's count and SHA-256
	// (Session.Digest) at End.
	Events int
	Digest string
	// File and EndLine locate the recording for messages (set by Parse).
	File    string
	EndLine int
}

// Recording is the session so far as a recording.
func (s *Session) Recording() *Recording {
	return &Recording{
		Start:  s.setup.Start,
		Inputs: append([]Input(nil), s.inputs...),
		End:    s.sim.State().Time,
		Events: s.count,
		Digest: s.Digest(),
	}
}

// Marshal writes the recording in its text format.
func (r *Recording) Marshal() ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %d\n", magic, FormatVersion)
	b.WriteString("# A cockpit drive: its start and every input. Replay: cockpit replay FILE (docs/recording.md).\n")
	st := r.Start
	fmt.Fprintf(&b, "version %s\n", strconv.Quote(st.Version))
	fmt.Fprintf(&b, "mode %s\n", strconv.Quote(st.Mode))
	if st.Scenario != "" {
		fmt.Fprintf(&b, "scenario %s %s\n", strconv.Quote(st.Scenario), strconv.Quote(st.ScenarioSHA256))
	}
	if st.Vehicle != "" {
		fmt.Fprintf(&b, "vehicle %s\n", strconv.Quote(st.Vehicle))
	}
	fmt.Fprintf(&b, "seed %d\n", st.Seed)
	if st.PrerollMs != 0 {
		fmt.Fprintf(&b, "preroll %s\n", st.PrerollMs)
	}
	if st.Lang != "" {
		fmt.Fprintf(&b, "lang %s\n", strconv.Quote(st.Lang))
	}
	if st.HMISHA256 != "" {
		fmt.Fprintf(&b, "hmi %s %s\n", strconv.Quote(st.HMI), strconv.Quote(st.HMISHA256))
	}
	b.WriteString("inputs\n")
	for _, in := range r.Inputs {
		line, err := in.marshal()
		if err != nil {
			return nil, fmt.Errorf("the input at %s: %w", in.At, err)
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "end %s %d %s\n", r.End, r.Events, r.Digest)
	return b.Bytes(), nil
}

func (in *Input) marshal() (string, error) {
	t := in.At.String() + " " + string(in.Kind) + " "
	switch in.Kind {
	case InputPedals:
		if !finite(in.Accel) || !finite(in.Brake) {
			return "", errors.New("a pedal position that is not a number")
		}
		return t + fmtFloat(in.Accel) + " " + fmtFloat(in.Brake), nil
	case InputSteer:
		if !finite(in.TorqueNm) {
			return "", errors.New("a steering torque that is not a number")
		}
		return t + onOff(in.Steer) + " " + fmtFloat(in.TorqueNm), nil
	case InputLane:
		return t + strconv.Itoa(in.Lane), nil
	case InputDriver:
		return t + driverWords(in.Driver), nil
	case InputCommand:
		name, fields, err := encodeCommand(in.Command)
		if err != nil {
			return "", err
		}
		return t + name + " " + string(fields), nil
	case InputSay:
		return t + strconv.Quote(in.Text), nil
	case InputSee:
		js, err := json.Marshal(in.Labels)
		if err != nil {
			return "", err
		}
		return t + string(js), nil
	}
	return "", fmt.Errorf("unknown input %q", in.Kind)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// The driver's body in a recording: the words of what is true.
var driverFlags = []struct {
	word string
	get  func(*sim.DriverState) *bool
}{
	{"hands", func(d *sim.DriverState) *bool { return &d.HandsOnWheel }},
	{"eyes", func(d *sim.DriverState) *bool { return &d.EyesOnRoad }},
	{"belt", func(d *sim.DriverState) *bool { return &d.BeltOn }},
	{"seated", func(d *sim.DriverState) *bool { return &d.Seated }},
	{"phone", func(d *sim.DriverState) *bool { return &d.Phone }},
	{"eyes-closed", func(d *sim.DriverState) *bool { return &d.EyesClosed }},
}

func driverWords(d sim.DriverState) string {
	var w []string
	for _, f := range driverFlags {
		if *f.get(&d) {
			w = append(w, f.word)
		}
	}
	if len(w) == 0 {
		return "none"
	}
	return strings.Join(w, ",")
}

// ParseError is a recording that cannot be read: where and why.
type ParseError struct {
	File      string
	Line, Col int
	Msg       string
}

// Error is FILE:LINE:COL: what was wrong.
func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// maxRecordingLine bounds one line, so a corrupt file cannot ask for
// unbounded memory per input.
const maxRecordingLine = 64 << 10

// Parse reads a recording. name is the file's name for messages. Every
// line is checked: the format version, the header, the order of the
// inputs (time never goes back, each on a step of sim.Step) and the end
// line that a complete recording closes with.
func Parse(name string, data []byte) (*Recording, error) {
	r := &Recording{File: name}
	lines := strings.Split(string(data), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	fail := func(line, col int, format string, args ...any) error {
		return &ParseError{File: name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	if len(lines) == 0 {
		return nil, fail(1, 1, "an empty file, not a cockpit recording")
	}
	head := strings.Fields(lines[0])
	if len(head) != 2 || head[0] != magic {
		return nil, fail(1, 1, "not a cockpit recording (it starts with %q, expected %q)", clip(lines[0]), magic+" "+strconv.Itoa(FormatVersion))
	}
	if v, err := strconv.Atoi(head[1]); err != nil || v != FormatVersion {
		return nil, fail(1, len(magic)+2, "recording format %q; this cockpit reads format %d", head[1], FormatVersion)
	}
	i := 1
	inputs := false
	seen := map[string]bool{}
	for ; i < len(lines) && !inputs; i++ {
		ln, text := i+1, lines[i]
		if len(text) > maxRecordingLine {
			return nil, fail(ln, 1, "a line of %d bytes (at most %d)", len(text), maxRecordingLine)
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, rest, _ := strings.Cut(text, " ")
		if seen[key] {
			return nil, fail(ln, 1, "%s is given twice", key)
		}
		seen[key] = true
		col := len(key) + 2
		var err error
		switch key {
		case "version":
			r.Start.Version, err = unquote(rest)
		case "mode":
			r.Start.Mode, err = unquote(rest)
		case "scenario":
			var args []string
			args, err = quotedList(rest, 2)
			if err == nil {
				r.Start.Scenario, r.Start.ScenarioSHA256 = args[0], args[1]
			}
		case "vehicle":
			r.Start.Vehicle, err = unquote(rest)
		case "seed":
			r.Start.Seed, err = strconv.ParseUint(rest, 10, 64)
		case "preroll":
			r.Start.PrerollMs, err = parseMillis(rest)
		case "lang":
			r.Start.Lang, err = unquote(rest)
		case "hmi":
			var args []string
			args, err = quotedList(rest, 2)
			if err == nil {
				r.Start.HMI, r.Start.HMISHA256 = args[0], args[1]
			}
		case "inputs":
			inputs = true
			if rest != "" {
				err = errors.New("nothing may follow")
			}
		default:
			return nil, fail(ln, 1, "unknown header %q (expected version, mode, scenario, vehicle, seed, preroll, lang, hmi or inputs)", key)
		}
		if err != nil {
			return nil, fail(ln, col, "%s: %v", key, err)
		}
	}
	if !inputs {
		return nil, fail(len(lines)+1, 1, "the file ends before its inputs: it is truncated")
	}
	for _, key := range []string{"version", "mode", "seed"} {
		if !seen[key] {
			return nil, fail(i, 1, "the header has no %s line", key)
		}
	}
	last := sim.Millis(0)
	for ; i < len(lines); i++ {
		ln, text := i+1, lines[i]
		if len(text) > maxRecordingLine {
			return nil, fail(ln, 1, "a line of %d bytes (at most %d)", len(text), maxRecordingLine)
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(text, "end ") {
			if err := r.parseEnd(text[4:], last); err != nil {
				return nil, fail(ln, 5, "end: %v", err)
			}
			r.EndLine = ln
			for j := i + 1; j < len(lines); j++ {
				if t := lines[j]; t != "" && !strings.HasPrefix(t, "#") {
					return nil, fail(j+1, 1, "text after the end line")
				}
			}
			return r, nil
		}
		at, rest, _ := strings.Cut(text, " ")
		t, err := parseMillis(at)
		if err != nil {
			return nil, fail(ln, 1, "expected a time such as 0:01:02.350 or the end line, got %q", clip(at))
		}
		if t < last {
			return nil, fail(ln, 1, "time goes back (%s after %s)", t, last)
		}
		if t%sim.Step != 0 {
			return nil, fail(ln, 1, "%s is not on a step of %d ms", t, sim.Step)
		}
		last = t
		kind, args, _ := strings.Cut(rest, " ")
		in, col, err := parseInput(InputKind(kind), args)
		if err != nil {
			if col == 0 {
				col = len(at) + 2
			} else {
				col += len(at) + len(kind) + 2
			}
			return nil, fail(ln, col, "%s: %v", kind, err)
		}
		in.At = t
		r.Inputs = append(r.Inputs, in)
	}
	return nil, fail(len(lines)+1, 1, "the file ends without its end line: it is truncated (the drive was not saved to the end)")
}

// parseInput reads the arguments of one input; col is the 1-based column
// within args of what is wrong (0: the kind itself).
func parseInput(kind InputKind, args string) (Input, int, error) {
	in := Input{Kind: kind}
	switch kind {
	case InputPedals:
		f := strings.Fields(args)
		if len(f) != 2 {
			return in, 1, errors.New("expected the accelerator and brake positions (0..1)")
		}
		var err error
		if in.Accel, err = unit(f[0]); err != nil {
			return in, 1, fmt.Errorf("accelerator: %v", err)
		}
		if in.Brake, err = unit(f[1]); err != nil {
			return in, len(f[0]) + 2, fmt.Errorf("brake: %v", err)
		}
	case InputSteer:
		f := strings.Fields(args)
		if len(f) != 2 || (f[0] != "on" && f[0] != "off") {
			return in, 1, errors.New("expected on or off and a torque in N·m")
		}
		in.Steer = f[0] == "on"
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil || !finite(v) || math.Abs(v) > 100 {
			return in, len(f[0]) + 2, fmt.Errorf("torque %q is not a number of N·m within ±100", f[1])
		}
		in.TorqueNm = v
	case InputLane:
		switch args {
		case "-1":
			in.Lane = -1
		case "1":
			in.Lane = 1
		default:
			return in, 1, fmt.Errorf("expected -1 (left) or 1 (right), got %q", clip(args))
		}
	case InputDriver:
		if args != "none" {
			for w := range strings.SplitSeq(args, ",") {
				ok := false
				for _, f := range driverFlags {
					if f.word == w {
						*f.get(&in.Driver), ok = true, true
					}
				}
				if !ok {
					return in, 1, fmt.Errorf("unknown word %q (expected none or hands, eyes, belt, seated, phone, eyes-closed)", clip(w))
				}
			}
		}
	case InputCommand:
		name, fields, _ := strings.Cut(args, " ")
		c, err := decodeCommand(name, []byte(fields))
		if err != nil {
			return in, 1, err
		}
		in.Command = c
	case InputSay:
		text, err := unquote(args)
		if err != nil {
			return in, 1, err
		}
		in.Text = text
	case InputSee:
		dec := json.NewDecoder(strings.NewReader(args))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in.Labels); err != nil {
			return in, 1, fmt.Errorf("labels: %v", err)
		}
	default:
		return in, 0, fmt.Errorf("unknown input (expected pedals, steer, lane, driver, command, say or see)")
	}
	return in, 0, nil
}

func (r *Recording) parseEnd(args string, last sim.Millis) error {
	f := strings.Fields(args)
	if len(f) != 3 {
		return errors.New("expected the end time, the event count and the log's sha256")
	}
	t, err := parseMillis(f[0])
	if err != nil {
		return err
	}
	if t < last {
		return fmt.Errorf("ends at %s, before its last input at %s", t, last)
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 0 {
		return fmt.Errorf("event count %q", clip(f[1]))
	}
	if len(f[2]) != 64 || strings.Trim(f[2], "0123456789abcdef") != "" {
		return fmt.Errorf("digest %q is not a sha256 in hex", clip(f[2]))
	}
	r.End, r.Events, r.Digest = t, n, f[2]
	return nil
}

func unit(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(v) || v < 0 || v > 1 {
		return 0, fmt.Errorf("%q is not a number from 0 to 1", clip(s))
	}
	return v, nil
}

func unquote(s string) (string, error) {
	v, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("expected a quoted string, got %q", clip(s))
	}
	return v, nil
}

// quotedList reads n quoted strings separated by spaces.
func quotedList(s string, n int) ([]string, error) {
	var out []string
	for len(out) < n {
		s = strings.TrimLeft(s, " ")
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("expected %d quoted strings", n)
		}
		v, _ := strconv.Unquote(q)
		out = append(out, v)
		s = s[len(q):]
	}
	if strings.TrimSpace(s) != "" {
		return nil, fmt.Errorf("expected %d quoted strings", n)
	}
	return out, nil
}

// maxRecordedTime bounds times in a recording: a week of driving.
const maxRecordedTime = sim.Millis(7 * 24 * 3600 * 1000)

// parseMillis reads sim.Millis.String's H:MM:SS.mmm.
func parseMillis(s string) (sim.Millis, error) {
	h, rest, ok := strings.Cut(s, ":")
	mm, rest2, ok2 := strings.Cut(rest, ":")
	ss, ms, ok3 := strings.Cut(rest2, ".")
	if !ok || !ok2 || !ok3 || len(mm) != 2 || len(ss) != 2 || len(ms) != 3 || h == "" || len(h) > 3 {
		return 0, fmt.Errorf("%q is not a time H:MM:SS.mmm", clip(s))
	}
	var v [4]int64
	for i, p := range []string{h, mm, ss, ms} {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return 0, fmt.Errorf("%q is not a time H:MM:SS.mmm", clip(s))
		}
		v[i] = int64(n)
	}
	if v[1] > 59 || v[2] > 59 {
		return 0, fmt.Errorf("%q is not a time H:MM:SS.mmm", clip(s))
	}
	t := sim.Millis(((v[0]*60+v[1])*60+v[2])*1000 + v[3])
	if t > maxRecordedTime {
		return 0, fmt.Errorf("%s is longer than a week of driving", t)
	}
	return t, nil
}

// clip shortens quoted user text in messages.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
