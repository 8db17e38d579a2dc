// Package signal names every value of the simulated car by its COVESA VSS
// v6.0 path (or, where VSS has none, by a path of the documented overlay
// under the "Cockpit." root), and turns a write of an actuator into the
// same session commands a key or an utterance gives, so the same rules
// and refusals apply and the write is recorded and replayable.
//
// The catalogue's metadata (kind, datatype, unit, range, allowed values,
// description) is data: assets/signals/signals.yaml, which docs/signals.md
// lists. How a value is read from the drive's state, and what a write
// does, is code (bindings.go): the loader refuses a file entry with no
// binding and a binding with no entry, so the two cannot drift apart.
//
// Like the rest of drive/, the package reads no clock, does no I/O and
// starts no goroutine; it is safe to share a Catalog between goroutines
// once loaded (it is never modified).
package signal

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Kind is a VSS node type: what a client may do with the signal.
type Kind string

// The kinds of signal.
const (
	// Sensor: read-only; the car (or the simulation) decides its value.
	Sensor Kind = "sensor"
	// Actuator: readable and writable; a write is a request the car
	// carries out by its rules (and may refuse).
	Actuator Kind = "actuator"
	// Attribute: read-only and fixed for the drive (the car's make-up).
	Attribute Kind = "attribute"
)

// The VSS datatypes the catalogue uses.
var datatypes = map[string]bool{
	"boolean": true, "string": true, "float": true, "double": true,
	"uint8": true, "int8": true, "uint16": true, "int16": true, "uint32": true, "int32": true,
}

// intRange is the range of each VSS integer datatype: a write outside it
// is refused whatever the file's min and max say.
var intRange = map[string][2]float64{
	"uint8": {0, math.MaxUint8}, "int8": {math.MinInt8, math.MaxInt8},
	"uint16": {0, math.MaxUint16}, "int16": {math.MinInt16, math.MaxInt16},
	"uint32": {0, math.MaxUint32}, "int32": {math.MinInt32, math.MaxInt32},
}

// Spec is one signal of the catalogue.
type Spec struct {
	// Path is the dotted VSS path ("Vehicle.Speed") or overlay path
	// ("Cockpit.ADAS.Automation.State").
	Path string
	Kind Kind
	// Datatype is the VSS datatype: boolean, string, float, double,
	// uint8, int8, uint16, int16, uint32 or int32.
	Datatype string
	// Unit is the VSS unit name (km/h, m, percent, celsius, s, kW…), ""
	// for booleans, strings and counts.
	Unit string
	// Min and Max bound a number when HasMin/HasMax are set.
	Min, Max       float64
	HasMin, HasMax bool
	// Allowed lists a string's values, when only those are.
	Allowed []string
	// Description says what the value is, for the inspector and the docs.
	Description string
	// Overlay is true for paths under "Cockpit.": VSS v6.0 has no signal
	// for the value.
	Overlay bool
	// Line is where the signal is declared in its file (for messages).
	Line int
}

// Numeric reports whether the signal holds a number.
func (s *Spec) Numeric() bool {
	return s.Datatype != "boolean" && s.Datatype != "string"
}

// Integer reports whether the signal holds an integer.
func (s *Spec) Integer() bool {
	_, ok := intRange[s.Datatype]
	return ok
}

// Writable reports whether a client may set the signal.
func (s *Spec) Writable() bool { return s.Kind == Actuator }

// Format renders a value the way VISS carries it and the inspector shows
// it: booleans as true/false, numbers in the shortest exact form.
func Format(v any) string {
	switch v := v.(type) {
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

// ErrorCode says why a write (or a read of an unknown path) failed, in the
// terms the VISS error table uses.
type ErrorCode string

// Error codes.
const (
	// ErrUnknownPath: no signal has the path.
	ErrUnknownPath ErrorCode = "unknown_path"
	// ErrReadOnly: the signal is a sensor or an attribute.
	ErrReadOnly ErrorCode = "read_only"
	// ErrBadValue: the value is not of the signal's datatype, outside its
	// range or not one of its allowed values.
	ErrBadValue ErrorCode = "bad_value"
	// ErrNotNow: the value is valid but the car cannot carry it out in
	// its present state (no such seat occupied, no car park here…). The
	// rules of the car refuse most such writes later, with an event.
	ErrNotNow ErrorCode = "not_now"
)

// Error is a failed read or write of a signal.
type Error struct {
	Code ErrorCode
	Path string
	// Reason says what was wrong, in English, for a developer's client.
	Reason string
}

// Error formats the problem as "path: reason".
func (e *Error) Error() string { return e.Path + ": " + e.Reason }

func fail(code ErrorCode, path, format string, args ...any) *Error {
	return &Error{Code: code, Path: path, Reason: fmt.Sprintf(format, args...)}
}

// Parse converts a value a client sent (a VISS string, or a JSON bool or
// number) into the signal's Go value: bool, int, float64 or string. NaN,
// infinities, fractions for integers, values out of range and strings
// that are not allowed are refused with ErrBadValue.
func (s *Spec) Parse(raw any) (any, error) {
	switch s.Datatype {
	case "boolean":
		switch v := raw.(type) {
		case bool:
			return v, nil
		case string:
			switch strings.TrimSpace(strings.ToLower(v)) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
		}
		return nil, fail(ErrBadValue, s.Path, "expected true or false, got %s", describe(raw))
	case "string":
		v, ok := raw.(string)
		if !ok {
			return nil, fail(ErrBadValue, s.Path, "expected a string, got %s", describe(raw))
		}
		if len(v) > 256 {
			return nil, fail(ErrBadValue, s.Path, "a string of at most 256 bytes, got %d", len(v))
		}
		if len(s.Allowed) > 0 {
			for _, a := range s.Allowed {
				if strings.EqualFold(a, strings.TrimSpace(v)) {
					return a, nil
				}
			}
			return nil, fail(ErrBadValue, s.Path, "expected one of %s, got %q", strings.Join(s.Allowed, ", "), v)
		}
		return v, nil
	}
	var f float64
	switch v := raw.(type) {
	case float64:
		f = v
	case int:
		f = float64(v)
	case string:
		p, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, fail(ErrBadValue, s.Path, "expected a number (%s), got %q", s.Datatype, v)
		}
		f = p
	default:
		return nil, fail(ErrBadValue, s.Path, "expected a number (%s), got %s", s.Datatype, describe(raw))
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fail(ErrBadValue, s.Path, "expected a finite number, got %v", f)
	}
	if r, ok := intRange[s.Datatype]; ok {
		if f != math.Trunc(f) {
			return nil, fail(ErrBadValue, s.Path, "expected a whole number (%s), got %v", s.Datatype, f)
		}
		if f < r[0] || f > r[1] {
			return nil, fail(ErrBadValue, s.Path, "%v is outside the range of %s", f, s.Datatype)
		}
	}
	if s.HasMin && f < s.Min || s.HasMax && f > s.Max {
		return nil, fail(ErrBadValue, s.Path, "expected %s, got %v", s.rangeText(), f)
	}
	if s.Integer() {
		return int(f), nil
	}
	return f, nil
}

// rangeText describes the signal's range for messages ("-100 to 100 percent").
func (s *Spec) rangeText() string {
	var b strings.Builder
	switch {
	case s.HasMin && s.HasMax:
		fmt.Fprintf(&b, "%s to %s", Format(s.Min), Format(s.Max))
	case s.HasMin:
		fmt.Fprintf(&b, "at least %s", Format(s.Min))
	case s.HasMax:
		fmt.Fprintf(&b, "at most %s", Format(s.Max))
	}
	if s.Unit != "" {
		b.WriteString(" " + s.Unit)
	}
	return b.String()
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "nothing"
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return "the number " + Format(v)
	}
	return fmt.Sprintf("a %T", v)
}
