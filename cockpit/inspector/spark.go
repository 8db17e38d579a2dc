package inspector

import (
	"math"
	"strings"
)

// SampleMs is how often a pinned signal is sampled, in simulated
// milliseconds, and historyN how many samples its ring keeps: one minute
// of sim time, whatever the speed of time, in a fixed array (no pin ever
// grows).
const (
	SampleMs = 500
	historyN = 60 * 1000 / SampleMs
)

// ring is the fixed-size history of one pinned signal: the newest
// historyN samples, oldest first from head. NaN marks a sample with no
// number (a string signal, a value that is not finite).
type ring struct {
	v    [historyN]float64
	head int // index of the oldest sample once full
	n    int
}

func (r *ring) push(v float64) {
	if r.n < historyN {
		r.v[r.n] = v
		r.n++
		return
	}
	r.v[r.head] = v
	r.head = (r.head + 1) % historyN
}

// at is sample i, oldest first (0 ≤ i < n).
func (r *ring) at(i int) float64 { return r.v[(r.head+i)%historyN] }

// number is a signal's value as a sparkline sample: numbers as they are,
// booleans as 0 and 1, anything else NaN (not drawn).
func number(v any) float64 {
	switch v := v.(type) {
	case bool:
		if v {
			return 1
		}
		return 0
	case int:
		return float64(v)
	case float64:
		if math.IsInf(v, 0) {
			return math.NaN()
		}
		return v
	}
	return math.NaN()
}

// braille dot bits of the left and right column of a cell, from the
// bottom row up.
var (
	dotsLeft  = [4]rune{0x40, 0x04, 0x02, 0x01}
	dotsRight = [4]rune{0x80, 0x20, 0x10, 0x08}
)

// spark draws the ring's minute in w braille cells: two columns a cell,
// each a bar of one to four dots scaled between the window's lowest and
// highest sample, so a speed that wanders between 62 and 64 km/h still
// shows its shape. A flat signal is one dot high. The minute is spread
// over the width (samples averaged per column); the newest sample is on
// the right and a ring not yet full leaves blank cells on the left.
// Braille cells are one cell wide in every terminal (unlike the block
// elements, which East Asian terminals may draw two wide).
func (r *ring) spark(w int) string {
	if w <= 0 {
		return ""
	}
	cols := 2 * w
	// Column c covers samples [c*historyN/cols, (c+1)*historyN/cols) of a
	// full minute; the ring's n samples are its newest part.
	levels := make([]int, cols) // 0 = nothing, 1..4 dots
	lo, hi := math.Inf(1), math.Inf(-1)
	vals := make([]float64, cols)
	missing := historyN - r.n
	for c := 0; c < cols; c++ {
		a, b := c*historyN/cols, (c+1)*historyN/cols
		if b <= a {
			b = a + 1
		}
		sum, k := 0.0, 0
		for i := a; i < b; i++ {
			if i < missing {
				continue
			}
			if v := r.at(i - missing); !math.IsNaN(v) {
				sum += v
				k++
			}
		}
		if k == 0 {
			vals[c] = math.NaN()
			continue
		}
		vals[c] = sum / float64(k)
		lo, hi = math.Min(lo, vals[c]), math.Max(hi, vals[c])
	}
	for c, v := range vals {
		switch {
		case math.IsNaN(v):
		case hi <= lo:
			levels[c] = 1
		default:
			levels[c] = 1 + int(math.Round((v-lo)/(hi-lo)*3))
		}
	}
	var b strings.Builder
	b.Grow(w * 3)
	for i := 0; i < w; i++ {
		l, rt := levels[2*i], levels[2*i+1]
		if l == 0 && rt == 0 {
			b.WriteByte(' ')
			continue
		}
		cell := rune(0x2800)
		for k := 0; k < l; k++ {
			cell |= dotsLeft[k]
		}
		for k := 0; k < rt; k++ {
			cell |= dotsRight[k]
		}
		b.WriteRune(cell)
	}
	return b.String()
}
