package scenario

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// Limits of an imported KUKSA file, so a stray file cannot make a
// scenario arbitrarily large.
const (
	maxCSVBytes = 1 << 20
	maxCSVRows  = 10_000
	maxCSVDelay = 3600 // seconds, one row's delay
)

// signalSet checks one write of an actuator: the path names an actuator
// of the catalogue and the value is one it takes.
func (l *loader) signalSet(field, path string, value any) (SignalSet, bool) {
	if l.signals == nil {
		l.errorf(field, "these assets have no signal catalogue (signals/signals.yaml)")
		return SignalSet{}, false
	}
	i, ok := l.signals.Index(path)
	if !ok {
		l.errorf(field+".signal", "no signal %q (cockpit signals lists them)", path)
		return SignalSet{}, false
	}
	sp := l.signals.Spec(i)
	if sp.Kind != signal.Actuator {
		l.errorf(field+".signal", "%s is a %s: the simulation computes it; a scenario sets actuators only", path, sp.Kind)
		return SignalSet{}, false
	}
	v, err := sp.Parse(yamlScalar(value))
	if err != nil {
		l.errorf(field+".value", "%s", err.(*signal.Error).Reason)
		return SignalSet{}, false
	}
	return SignalSet{Path: path, Value: v}, true
}

// yamlScalar turns a YAML scalar as the decoder gives it (integers as
// int64 or uint64) into what signal.Spec.Parse takes.
func yamlScalar(v any) any {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	case int:
		return float64(n)
	}
	return v
}

// signalsCSV reads a KUKSA CSV-provider file (rows of field, signal,
// value, delay; an optional header) into timed writes: a row applies at
// the file's start plus the delays of the rows before it, as the
// provider waits a row's delay after applying it.
func (l *loader) signalsCSV(f *fileSignalsCSV, scenarioFile string, fsys fs.FS) []Event {
	const field = "signals_csv"
	line, _ := l.doc.Position(field)
	if fsys == nil {
		l.errorf(field, "a scenario given as text cannot name a file; load it from a file")
		return nil
	}
	if f.File == "" {
		l.errorf(field+".file", "missing: the KUKSA CSV file, relative to the scenario")
		return nil
	}
	if path.IsAbs(f.File) || strings.Contains(f.File, "..") {
		l.errorf(field+".file", "expected a file beside the scenario or below it, got %q", f.File)
		return nil
	}
	var at sim.Millis
	if f.At != "" {
		at = l.duration(field+".at", f.At)
	}
	if l.signals == nil {
		l.errorf(field, "these assets have no signal catalogue (signals/signals.yaml)")
		return nil
	}
	name := path.Join(path.Dir(scenarioFile), f.File)
	data, err := readBounded(fsys, name)
	if err != nil {
		l.errorf(field+".file", "%v", err)
		return nil
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	var evs []Event
	bad := func(row int, format string, args ...any) {
		l.errs = append(l.errs, fmt.Errorf("%s:%d: %s", f.File, row, fmt.Sprintf(format, args...)))
	}
	t := at
	for rows := 0; ; rows++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, "%v", pe.Err)
			} else {
				bad(0, "%v", err)
			}
			return nil
		}
		row, _ := r.FieldPos(0) // only after a record was read: FieldPos panics otherwise
		if rows >= maxCSVRows {
			bad(row, "more than %d rows", maxCSVRows)
			return nil
		}
		if rows == 0 && len(rec) == 4 && strings.EqualFold(rec[0], "field") && strings.EqualFold(rec[1], "signal") {
			continue // the header
		}
		if len(rec) != 4 {
			bad(row, "expected 4 columns (field, signal, value, delay), got %d", len(rec))
			continue
		}
		kind, path, value, delay := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1]), rec[2], strings.TrimSpace(rec[3])
		if kind != "current" && kind != "target" {
			bad(row, "field: expected current or target, got %q", kind)
		}
		d, err := strconv.ParseFloat(delay, 64)
		if err != nil || math.IsNaN(d) || d < 0 || d > maxCSVDelay {
			bad(row, "delay: expected seconds from 0 to %d, got %q", maxCSVDelay, delay)
			d = 0
		}
		i, ok := l.signals.Index(path)
		switch {
		case !ok:
			bad(row, "no signal %q (cockpit signals lists them)", path)
		case l.signals.Spec(i).Kind != signal.Actuator && f.SkipSensors:
		case l.signals.Spec(i).Kind != signal.Actuator:
			bad(row, "%s is a %s: the simulation computes it, so a file can set actuators only (skip_sensors: true leaves such rows out)", path, l.signals.Spec(i).Kind)
		default:
			v, err := l.signals.Spec(i).Parse(value)
			if err != nil {
				bad(row, "%s", err.(*signal.Error).Reason)
				break
			}
			evs = append(evs, Event{Line: line, Trigger: AtTime, At: t, Sets: []SignalSet{{Path: path, Value: v}}})
		}
		t += sim.Millis(math.Round(d * 1000))
	}
	if len(evs) == 0 && len(l.errs) == 0 {
		l.errorf(field+".file", "%s has no rows", f.File)
	}
	return evs
}

// readBounded reads a file of at most maxCSVBytes that is a regular file
// (never a FIFO or a device, which would block or never end). It looks
// before it opens, when the file system can (fs.StatFS), since opening a
// FIFO blocks.
func readBounded(fsys fs.FS, name string) ([]byte, error) {
	if _, ok := fsys.(fs.StatFS); !ok {
		return nil, fmt.Errorf("cannot check %s before opening it", name)
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %v", name, errors.Unwrap(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if info.Size() > maxCSVBytes {
		return nil, fmt.Errorf("%s is %d bytes; at most %d", name, info.Size(), maxCSVBytes)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxCSVBytes+1))
}
