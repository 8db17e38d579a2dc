package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

const signalsUsage = `Usage: cockpit signals [--json] [--assets DIR] [PATTERN]

Lists the car's signals: every value of the simulated car by its COVESA VSS
v6.0 path, or by a path of the project's overlay (Cockpit.…) where VSS has
none (docs/signals.md). Sensors are read-only; actuators can be set from the
signal inspector (panel 6), a VISS client or a scenario.

PATTERN is a path (Vehicle.Speed), a branch (Vehicle.Cabin.HVAC), a path with
* for one segment (Vehicle.Cabin.Seat.*.*.HeatingCooling), or else any part
of a path, in any case (heating).

  --json          one JSON object per signal: path, type, datatype, unit,
                  min, max, allowed, description, overlay
  --assets DIR    read the catalogue from DIR/signals/signals.yaml
`

// matchSignals is the signals a PATTERN names: by VSS path rules, or, when
// those match nothing, every path that contains it in any case.
func matchSignals(c *signal.Catalog, pattern string) []int {
	if idx := c.Match(pattern); len(idx) > 0 {
		return idx
	}
	var out []int
	low := strings.ToLower(pattern)
	for i := range c.Len() {
		if strings.Contains(strings.ToLower(c.Spec(i).Path), low) {
			out = append(out, i)
		}
	}
	return out
}

// specJSON is one signal as `cockpit signals --json` prints it.
type specJSON struct {
	Path        string   `json:"path"`
	Type        string   `json:"type"`
	Datatype    string   `json:"datatype"`
	Unit        string   `json:"unit,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
	Allowed     []string `json:"allowed,omitempty"`
	Description string   `json:"description"`
	Overlay     bool     `json:"overlay"`
}

func runSignals(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("signals", stderr)
	fset.Usage = func() { fmt.Fprint(stderr, signalsUsage) }
	jsonOut := fset.Bool("json", false, "one JSON object per signal")
	assetDir := fset.String("assets", "", "read assets from this folder")
	patterns, err := parseInterleaved(fset, args)
	if err != nil {
		return exitInvalid
	}
	if len(patterns) > 1 {
		fmt.Fprintf(stderr, "cockpit signals: one PATTERN, got %d (%s)\n", len(patterns), strings.Join(patterns, " "))
		return exitInvalid
	}
	afs, err := assetFS(*assetDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit signals:", err)
		return exitInvalid
	}
	cat, err := signal.Load(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	pattern := ""
	if len(patterns) == 1 {
		pattern = patterns[0]
	}
	idx := matchSignals(cat, pattern)
	if len(idx) == 0 {
		fmt.Fprintf(stderr, "cockpit signals: no signal matches %q (cockpit signals lists them all)\n", pattern)
		return exitFailed
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	if *jsonOut {
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for _, i := range idx {
			sp := cat.Spec(i)
			j := specJSON{Path: sp.Path, Type: string(sp.Kind), Datatype: sp.Datatype, Unit: sp.Unit,
				Allowed: sp.Allowed, Description: sp.Description, Overlay: sp.Overlay}
			if sp.HasMin {
				j.Min = &sp.Min
			}
			if sp.HasMax {
				j.Max = &sp.Max
			}
			if err := enc.Encode(j); err != nil {
				return exitInvalid
			}
		}
		return exitOK
	}
	rows := [][]string{{"PATH", "TYPE", "DATATYPE", "UNIT", "DESCRIPTION"}}
	for _, i := range idx {
		sp := cat.Spec(i)
		rows = append(rows, []string{sp.Path, string(sp.Kind), sp.Datatype, sp.Unit, sp.Description})
	}
	table(out, rows)
	fmt.Fprintf(out, "\n%d signals (%d actuators)\n", len(idx), countActuators(cat, idx))
	return exitOK
}

func countActuators(c *signal.Catalog, idx []int) int {
	n := 0
	for _, i := range idx {
		if c.Spec(i).Kind == signal.Actuator {
			n++
		}
	}
	return n
}

// signalSampler adds signal samples to `cockpit run`'s output: every
// interval of sim time, the matched signals' values (the readable
// timeline shows those that changed since the last sample; a JSON line
// holds them all).
type signalSampler struct {
	cat   *signal.Catalog
	idx   []int
	every sim.Millis
	next  sim.Millis
	vals  []any
	last  []any
	// changes are the samples' changes, kept for --signals-out.
	changes []signalChange
	size    int
}

// signalChange is a signal's new value at a sample.
type signalChange struct {
	t     sim.Millis
	path  string
	value any
}

// maxExportBytes bounds what --signals-out keeps in memory; a run that
// changes more is refused with a hint rather than growing without end.
const maxExportBytes = 64 << 20

// reset starts a new drive.
func (s *signalSampler) reset() { s.next, s.last, s.changes, s.size = 0, nil, s.changes[:0], 0 }

// newSignalSampler checks --signals and --every; nil when --signals is
// not given.
func newSignalSampler(cat *signal.Catalog, pattern, every string) (*signalSampler, error) {
	if pattern == "" {
		if every != "" {
			return nil, fmt.Errorf("--every needs --signals PATTERN")
		}
		return nil, nil
	}
	if cat == nil {
		return nil, fmt.Errorf("--signals: these assets have no signal catalogue (signals/signals.yaml)")
	}
	idx := matchSignals(cat, pattern)
	if len(idx) == 0 {
		return nil, fmt.Errorf("--signals: no signal matches %q (see cockpit signals)", pattern)
	}
	if every == "" {
		every = "1s"
	}
	d, err := time.ParseDuration(every)
	if err != nil || d < time.Duration(sim.Step)*time.Millisecond || d > time.Hour {
		return nil, fmt.Errorf("--every: expected a duration from 50ms (one step) to 1h, such as 1s or 500ms, got %q", every)
	}
	step := sim.Millis(d / time.Millisecond)
	step -= step % sim.Step // the drive moves in steps of 50 ms
	return &signalSampler{cat: cat, idx: idx, every: step}, nil
}

// sample writes a sample when one is due after a step.
func (s *signalSampler) sample(ss *session.Session, w io.Writer, jsonOut bool) {
	now := ss.State().Time
	if now < s.next {
		return
	}
	s.next = now + s.every
	s.vals = ss.ReadSignals(s.vals)
	if jsonOut {
		b := []byte(`{"t":`)
		b = strconv.AppendFloat(b, now.Seconds(), 'f', -1, 64)
		b = append(b, `,"kind":"signals","values":{`...)
		for k, i := range s.idx {
			if k > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, s.cat.Spec(i).Path)
			b = append(b, ':')
			v, _ := json.Marshal(s.vals[i])
			b = append(b, v...)
		}
		b = append(b, "}}\n"...)
		w.Write(b)
	} else {
		var parts []string
		for _, i := range s.idx {
			if s.last != nil && s.last[i] == s.vals[i] {
				continue
			}
			sp := s.cat.Spec(i)
			v := signal.Format(s.vals[i])
			if v == "" {
				v = `""`
			}
			if sp.Unit != "" {
				v += " " + sp.Unit
			}
			parts = append(parts, sp.Path+" = "+v)
		}
		for _, p := range parts {
			fmt.Fprintf(w, "%s  signals               %s\n", now, p)
		}
	}
	for _, i := range s.idx {
		if s.last == nil || s.last[i] != s.vals[i] {
			c := signalChange{t: now, path: s.cat.Spec(i).Path, value: s.vals[i]}
			s.size += len(c.path) + 24
			if s.size <= maxExportBytes {
				s.changes = append(s.changes, c)
			}
		}
	}
	s.last = append(s.last[:0], s.vals...)
}

// export renders the changes as a KUKSA CSV-provider file (.csv: current
// rows, each with the delay to the next, as the provider waits a row's
// delay after applying it) or as JSON lines (any other name: one object
// per change, {"t", "signal", "value"}).
func (s *signalSampler) export(name string) ([]byte, error) {
	if s.size > maxExportBytes {
		return nil, fmt.Errorf("the run changes more than %d MiB of signal values; narrow --signals or raise --every", maxExportBytes>>20)
	}
	var b strings.Builder
	if strings.HasSuffix(strings.ToLower(name), ".csv") {
		w := csv.NewWriter(&b)
		w.Write([]string{"field", "signal", "value", "delay"})
		for k, c := range s.changes {
			delay := 0.0
			if k+1 < len(s.changes) {
				delay = (s.changes[k+1].t - c.t).Seconds()
			}
			w.Write([]string{"current", c.path, signal.Format(c.value), strconv.FormatFloat(delay, 'f', -1, 64)})
		}
		w.Flush()
		return []byte(b.String()), w.Error()
	}
	for _, c := range s.changes {
		v, _ := json.Marshal(c.value)
		fmt.Fprintf(&b, "{\"t\":%s,\"signal\":%s,\"value\":%s}\n", strconv.FormatFloat(c.t.Seconds(), 'f', -1, 64), strconv.Quote(c.path), v)
	}
	return []byte(b.String()), nil
}
