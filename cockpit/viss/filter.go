package viss

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/nevsim/cockpit/drive/signal"
)

// trigger says when a subscription notifies: every period (timebased),
// when its first signal changed as asked (change), when a condition on it
// turns true or false (range), or when a buffer of samples is full
// (curvelog).
type trigger struct {
	kind   string
	period time.Duration
	// change and range: the comparisons, each an operator and an operand
	// (the difference for change, the boundary for range).
	conds []cond
	// curvelog: the largest error a dropped sample may have from the
	// line through the kept ones, and the samples buffered per batch.
	maxErr  float64
	bufSize int
}

// cond is one comparison: op is eq, ne, gt, gte, lt or lte.
type cond struct {
	op  string
	num float64
	str string
}

var ops = map[string]bool{"eq": true, "ne": true, "gt": true, "gte": true, "lt": true, "lte": true}

// parseTrigger reads a subscription's filter: exactly one part that is
// not "paths". first is the signal the value-dependent triggers watch
// (VISS core: the first signal the request addresses).
func parseTrigger(filter []filterPart, first *signal.Spec, minPeriod time.Duration) (*trigger, *Error) {
	var part *filterPart
	for i := range filter {
		if filter[i].Type != "paths" {
			part = &filter[i]
		}
	}
	if part == nil {
		return nil, errBadRequest(`a subscription needs a filter of type timebased, change, range or curvelog, e.g. {"type":"timebased","value":{"period":"100"}}`)
	}
	switch part.Type {
	case "timebased":
		var v struct {
			Period json.RawMessage `json:"period"`
		}
		if err := json.Unmarshal(part.Value, &v); err != nil {
			return nil, errFilterInvalid(`a timebased filter's value is {"period":"MILLISECONDS"}`)
		}
		ms, err := numberOrString(v.Period, "period")
		if err != nil {
			return nil, err
		}
		if ms != math.Trunc(ms) || ms < float64(minPeriod/time.Millisecond) || ms > float64(maxPeriod/time.Millisecond) {
			return nil, errFilterInvalid("the period is a whole number of milliseconds from %d to %d, got %v",
				minPeriod/time.Millisecond, maxPeriod/time.Millisecond, ms)
		}
		return &trigger{kind: "timebased", period: time.Duration(ms) * time.Millisecond}, nil
	case "change":
		var v struct {
			Op   *string         `json:"logic-op"`
			Diff json.RawMessage `json:"diff"`
		}
		if err := json.Unmarshal(part.Value, &v); err != nil || v.Op == nil {
			return nil, errFilterInvalid(`a change filter's value is {"logic-op":"ne","diff":"0"}`)
		}
		c, err := parseCond(*v.Op, v.Diff, "diff", first)
		if err != nil {
			return nil, err
		}
		return &trigger{kind: "change", conds: []cond{c}}, nil
	case "range":
		var list []struct {
			Op       *string         `json:"logic-op"`
			Boundary json.RawMessage `json:"boundary"`
		}
		raw := strings.TrimSpace(string(part.Value))
		if strings.HasPrefix(raw, "{") {
			raw = "[" + raw + "]"
		}
		if err := json.Unmarshal([]byte(raw), &list); err != nil || len(list) == 0 || len(list) > 2 {
			return nil, errFilterInvalid(`a range filter's value is {"logic-op":"gt","boundary":"50"} or an array of two`)
		}
		t := &trigger{kind: "range"}
		for _, b := range list {
			if b.Op == nil {
				return nil, errFilterInvalid(`each range boundary needs "logic-op"`)
			}
			c, err := parseCond(*b.Op, b.Boundary, "boundary", first)
			if err != nil {
				return nil, err
			}
			t.conds = append(t.conds, c)
		}
		return t, nil
	case "curvelog":
		if !first.Numeric() {
			return nil, errFilterInvalid("curve logging needs a number; %s is a %s", first.Path, first.Datatype)
		}
		var v struct {
			MaxErr  json.RawMessage `json:"maxerr"`
			BufSize json.RawMessage `json:"bufsize"`
		}
		if err := json.Unmarshal(part.Value, &v); err != nil {
			return nil, errFilterInvalid(`a curvelog filter's value is {"maxerr":"0.5","bufsize":"100"}`)
		}
		maxErr, err := numberOrString(v.MaxErr, "maxerr")
		if err != nil {
			return nil, err
		}
		size, err := numberOrString(v.BufSize, "bufsize")
		if err != nil {
			return nil, err
		}
		if math.IsNaN(maxErr) || maxErr < 0 || math.IsInf(maxErr, 0) {
			return nil, errFilterInvalid("maxerr is a number of at least 0, got %v", maxErr)
		}
		if size != math.Trunc(size) || size < 2 || size > maxCurveBufSize {
			return nil, errFilterInvalid("bufsize is a whole number from 2 to %d, got %v", maxCurveBufSize, size)
		}
		return &trigger{kind: "curvelog", maxErr: maxErr, bufSize: int(size)}, nil
	case "history":
		return nil, errUnavailable("this server keeps no history: it has the latest value of each signal only")
	case "static-metadata", "dynamic-metadata":
		return nil, errFilterInvalid("%s applies to get, and this server does not support it (docs/signals.md lists the metadata)", part.Type)
	}
	return nil, errFilterInvalid("unknown filter type %q: timebased, change, range or curvelog", clip(part.Type))
}

// parseCond reads one comparison of a change or range filter. Numbers are
// compared as numbers; a boolean or a string signal supports eq and ne
// only, against its VISS string.
func parseCond(op string, operand json.RawMessage, name string, sp *signal.Spec) (cond, *Error) {
	if !ops[op] {
		return cond{}, errFilterInvalid("logic-op %q: one of eq, ne, gt, gte, lt, lte", clip(op))
	}
	if sp.Numeric() {
		f, err := numberOrString(operand, name)
		if err != nil {
			return cond{}, err
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return cond{}, errFilterInvalid("%q must be a finite number", name)
		}
		return cond{op: op, num: f}, nil
	}
	if op != "eq" && op != "ne" {
		return cond{}, errFilterInvalid("%s is a %s: it compares with eq or ne only", sp.Path, sp.Datatype)
	}
	c := cond{op: op}
	if len(operand) > 0 {
		var s any
		if err := json.Unmarshal(operand, &s); err != nil {
			return cond{}, errFilterInvalid("%q is not JSON: %v", name, err)
		}
		c.str = signal.Format(s)
	}
	return c, nil
}

// compare applies an operator to two numbers.
func compare(op string, a, b float64) bool {
	switch op {
	case "eq":
		return a == b
	case "ne":
		return a != b
	case "gt":
		return a > b
	case "gte":
		return a >= b
	case "lt":
		return a < b
	case "lte":
		return a <= b
	}
	return false
}

// asNumber is a signal value as a float (false for a non-number).
func asNumber(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	}
	return 0, false
}

// changed reports whether a change filter fires for value now after
// value last (the one last notified): for a number, (now − last) OP diff;
// for a boolean or a string, eq fires while it stays the same and ne when
// it is different.
func (t *trigger) changed(last, now any) bool {
	c := t.conds[0]
	a, okA := asNumber(now)
	b, okB := asNumber(last)
	if okA && okB {
		return compare(c.op, a-b, c.num)
	}
	same := signal.Format(last) == signal.Format(now)
	return same == (c.op == "eq")
}

// inRange reports whether every condition of a range filter holds for v.
func (t *trigger) inRange(v any) bool {
	for _, c := range t.conds {
		if f, ok := asNumber(v); ok {
			if !compare(c.op, f, c.num) {
				return false
			}
			continue
		}
		if (signal.Format(v) == c.str) != (c.op == "eq") {
			return false
		}
	}
	return true
}

// sample is one buffered value of a curve-logging subscription.
type sample struct {
	t float64 // seconds of the wall clock since the subscription started
	v float64
	// at is the sample's snapshot, whose timestamp the notification gives.
	at *snapshot
}

// curveLog keeps the samples that matter: the first and the last, and
// those that lie further than maxErr from the straight line between the
// kept neighbours (the Ramer–Douglas–Peucker simplification, which is what
// VISS calls curve logging).
func curveLog(s []sample, maxErr float64) []sample {
	if len(s) <= 2 {
		return s
	}
	keep := make([]bool, len(s))
	keep[0], keep[len(s)-1] = true, true
	// An explicit stack instead of recursion: a buffer of 1000 samples
	// must not grow the goroutine's stack by a frame a sample.
	stack := [][2]int{{0, len(s) - 1}}
	for len(stack) > 0 {
		seg := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := s[seg[0]], s[seg[1]]
		worst, at := -1.0, -1
		for k := seg[0] + 1; k < seg[1]; k++ {
			d := distance(a, b, s[k])
			if d > worst {
				worst, at = d, k
			}
		}
		if at >= 0 && worst > maxErr {
			keep[at] = true
			stack = append(stack, [2]int{seg[0], at}, [2]int{at, seg[1]})
		}
	}
	out := s[:0:0]
	for k, ok := range keep {
		if ok {
			out = append(out, s[k])
		}
	}
	return out
}

// distance is how far sample p lies in value from the line through a and
// b at p's time (the error of leaving p out).
func distance(a, b, p sample) float64 {
	if b.t == a.t {
		return math.Abs(p.v - a.v)
	}
	line := a.v + (b.v-a.v)*(p.t-a.t)/(b.t-a.t)
	return math.Abs(p.v - line)
}
