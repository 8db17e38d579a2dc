package chime

import (
	"math"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/generators"
)

// SampleRate is the rate of every rendered sound, of the device stream and
// of recordings. 44.1 kHz is what PulseAudio and most WAV tools default to.
const SampleRate beep.SampleRate = 44100

// note is one tone of an earcon: a sum of harmonic partials under an
// envelope. Harmonics, not naive square waves, give warnings their edge
// without the aliasing hiss a raw square wave has at 44.1 kHz.
type note struct {
	at       time.Duration // onset from the start of the sound
	freq     float64       // fundamental, Hz
	dur      time.Duration // total length including attack and release
	partials []float64     // amplitude of harmonic 1, 2, 3, …
	attack   time.Duration // raised-cosine fade-in; 0 for none
	release  time.Duration // raised-cosine fade-out; 0 for none
	tau      time.Duration // exponential decay time constant (bell); 0 sustains
}

// design is the recipe of one sound.
type design struct {
	notes  []note
	length time.Duration // one-shot length, or the loop period
	loop   bool          // continuous: the tail past length wraps to the start
	peak   float64       // the rendered sound is normalised to this peak
}

// clip is a rendered sound: mono samples and whether they loop.
type clip struct {
	samples []float32
	loop    bool
	fadeIn  bool // the first sample is not silent: players fade it in
}

func newClip(samples []float32, loop bool) *clip {
	return &clip{samples: samples, loop: loop,
		fadeIn: len(samples) > 0 && math.Abs(float64(samples[0])) > 1e-4}
}

// Duration is the length of one rendering of the clip.
func (c *clip) duration() time.Duration { return SampleRate.D(len(c.samples)) }

var (
	harmonicSoft = []float64{1, 0.3, 0.08}
	harmonicOdd  = []float64{1, 0, 0.3, 0, 0.12}
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// bell is a struck tone: quick attack, exponential decay, like the chimes of
// production cockpits.
func bell(at int, freq float64, dur, tau int) note {
	return note{at: ms(at), freq: freq, dur: ms(dur), partials: harmonicSoft,
		attack: ms(6), release: ms(40), tau: ms(tau)}
}

// beepNote is a sustained tone with short fades: an insistent beep.
func beepNote(at int, freq float64, dur int, partials []float64) note {
	return note{at: ms(at), freq: freq, dur: ms(dur), partials: partials,
		attack: ms(4), release: ms(12)}
}

// designOf returns the recipe of s. Levels follow urgency: information at
// 0.35 peak, warnings 0.5, critical and escalated takeover 0.6–0.7.
func designOf(s Sound) design {
	switch s {
	case Info: // G5 → C6, rising fourth: "something new, nothing wrong"
		return design{notes: []note{bell(0, 783.99, 450, 140), bell(150, 1046.50, 450, 140)},
			length: ms(600), peak: 0.35}
	case Warning: // three 988 Hz beeps, 120 ms on / 80 ms off
		return design{notes: []note{beepNote(0, 987.77, 120, harmonicOdd),
			beepNote(200, 987.77, 120, harmonicOdd), beepNote(400, 987.77, 120, harmonicOdd)},
			length: ms(520), peak: 0.5}
	case Critical: // six fast beeps alternating 1568/1319 Hz, 75 ms on / 45 ms off
		var ns []note
		for i := range 6 {
			f := 1567.98
			if i%2 == 1 {
				f = 1318.51
			}
			ns = append(ns, beepNote(i*120, f, 75, harmonicOdd))
		}
		return design{notes: ns, length: ms(675), peak: 0.6}
	case TakeoverStage1: // D6 → A5 "ding-dong", repeated every 1.5 s
		return design{notes: []note{bell(0, 1174.66, 700, 220), bell(250, 880, 700, 220)},
			length: ms(1500), loop: true, peak: 0.45}
	case TakeoverStage2: // 1319/1760 Hz alternating every 125 ms, no gaps
		const half, fade = 125, 8
		n := func(at int, f float64) note {
			return note{at: ms(at), freq: f, dur: ms(half + fade), partials: harmonicOdd,
				attack: ms(fade), release: ms(fade)}
		}
		return design{notes: []note{n(0, 1318.51), n(half, 1760)},
			length: ms(2 * half), loop: true, peak: 0.7}
	case MinimalRisk: // A6 E6 B5 falling, twice
		var ns []note
		for rep := range 2 {
			for i, f := range []float64{1760, 1318.51, 987.77} {
				ns = append(ns, beepNote(rep*600+i*160, f, 140, harmonicOdd))
			}
		}
		return design{notes: ns, length: ms(1060), peak: 0.6}
	case TakeoverAck: // E5 → A5, soft and short: "you have control"
		return design{notes: []note{bell(0, 659.26, 260, 90), bell(90, 880, 260, 90)},
			length: ms(350), peak: 0.3}
	case ParkingComplete: // C6 E6 G6 arpeggio
		return design{notes: []note{bell(0, 1046.5, 400, 130), bell(120, 1318.51, 400, 130),
			bell(240, 1567.98, 400, 130)}, length: ms(640), peak: 0.35}
	case ProximityContinuous: // 1400 Hz × 200 ms = 280 whole cycles: a seamless loop
		return design{notes: []note{{freq: 1400, dur: ms(200), partials: []float64{1, 0, 0.2}}},
			length: ms(200), loop: true, peak: 0.45}
	}
	if s.IsProximity() { // one 70 ms beep of 1400 Hz per period
		return design{notes: []note{beepNote(0, 1400, 70, []float64{1, 0, 0.2})},
			length: proximityPeriod(s), loop: true, peak: 0.45}
	}
	return design{}
}

// render synthesises d. It is deterministic: generators start at phase 0
// and everything is computed in a fixed order.
func render(d design) *clip {
	n := SampleRate.N(d.length)
	var end int
	for _, nt := range d.notes {
		end = max(end, SampleRate.N(nt.at)+SampleRate.N(nt.dur))
	}
	if !d.loop {
		n = max(n, end)
	}
	buf := make([]float64, n)
	tmp := make([][2]float64, 512)
	for _, nt := range d.notes {
		st := noteStreamer(nt)
		pos := SampleRate.N(nt.at)
		for {
			k, ok := st.Stream(tmp)
			for i := range k {
				j := pos + i
				if d.loop {
					j %= n // the tail wraps round so the loop has no seam
				}
				if j < n {
					buf[j] += tmp[i][0]
				}
			}
			pos += k
			if !ok || k == 0 {
				break
			}
		}
	}
	var peak float64
	for _, v := range buf {
		peak = max(peak, math.Abs(v))
	}
	out := make([]float32, n)
	if peak > 0 {
		g := d.peak / peak
		for i, v := range buf {
			out[i] = float32(v * g)
		}
	}
	return newClip(out, d.loop)
}

// noteStreamer builds nt from beep generators: one SineTone per partial,
// mixed with gains, shaped by the envelope and cut to length.
func noteStreamer(nt note) beep.Streamer {
	var parts []beep.Streamer
	for h, a := range nt.partials {
		f := nt.freq * float64(h+1)
		if a == 0 || f >= float64(SampleRate)/2 {
			continue
		}
		osc, err := generators.SineTone(SampleRate, f)
		if err != nil { // unreachable: f is below Nyquist
			continue
		}
		parts = append(parts, gain(a, osc))
	}
	n := SampleRate.N(nt.dur)
	return beep.Take(n, &envelope{s: beep.Mix(parts...), n: n,
		attack: SampleRate.N(nt.attack), release: SampleRate.N(nt.release),
		decay: decayPerSample(nt.tau)})
}

func decayPerSample(tau time.Duration) float64 {
	if tau <= 0 {
		return 1
	}
	return math.Exp(-1 / (tau.Seconds() * float64(SampleRate)))
}

// gain scales a streamer. (beep's effects.Gain is relative, 1+g; a plain
// factor reads more clearly here.)
func gain(g float64, s beep.Streamer) beep.Streamer {
	return beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		n, ok := s.Stream(samples)
		for i := range samples[:n] {
			samples[i][0] *= g
			samples[i][1] *= g
		}
		return n, ok
	})
}

// envelope shapes a tone with raised-cosine attack and release (which start
// and end at exactly zero, so there are no clicks) and an optional
// exponential decay.
type envelope struct {
	s                  beep.Streamer
	i, n               int
	attack, release    int
	decay, decayFactor float64
}

func (e *envelope) Stream(samples [][2]float64) (int, bool) {
	if e.decayFactor == 0 {
		e.decayFactor = 1
	}
	n, ok := e.s.Stream(samples)
	for k := range samples[:n] {
		g := e.decayFactor
		if e.i < e.attack {
			g *= 0.5 - 0.5*math.Cos(math.Pi*float64(e.i)/float64(e.attack))
		}
		if left := e.n - e.i; left <= e.release {
			g *= 0.5 - 0.5*math.Cos(math.Pi*float64(max(left-1, 0))/float64(e.release))
		}
		samples[k][0] *= g
		samples[k][1] *= g
		e.decayFactor *= e.decay
		e.i++
	}
	return n, ok
}

func (e *envelope) Err() error { return e.s.Err() }

var (
	synthOnce [proximityLast + 1]sync.Once
	synthClip [proximityLast + 1]*clip
)

// synthesised returns the cached rendering of s (nil for None or invalid).
// Clips are shared and must not be modified.
func synthesised(s Sound) *clip {
	if s == None || !s.Valid() {
		return nil
	}
	synthOnce[s].Do(func() { synthClip[s] = render(designOf(s)) })
	return synthClip[s]
}

// Warm renders every sound now (about 25 ms of CPU) so that the first Play
// of each does not pay for synthesis; Open calls it in the background.
func Warm() {
	for _, s := range All() {
		synthesised(s)
	}
}

// Samples returns a copy of one rendering of s as mono samples at
// SampleRate: the whole sound for a one-shot, one period for a continuous
// sound. It is the pure, testable core of every player.
func Samples(s Sound) []float32 {
	c := synthesised(s)
	if c == nil {
		return nil
	}
	return append([]float32(nil), c.samples...)
}

// Duration returns the length of a one-shot, or the loop period of a
// continuous sound.
func Duration(s Sound) time.Duration {
	if c := synthesised(s); c != nil {
		return c.duration()
	}
	return 0
}

// Streamer returns s as a beep.Streamer (stereo, SampleRate): finite for a
// one-shot, endless for a continuous sound. Each call starts from the
// beginning.
func Streamer(s Sound) beep.Streamer {
	return clipStreamer(synthesised(s))
}

func clipStreamer(c *clip) beep.Streamer {
	pos := 0
	return beep.StreamerFunc(func(samples [][2]float64) (int, bool) {
		if c == nil || len(c.samples) == 0 {
			return 0, false
		}
		for i := range samples {
			if pos == len(c.samples) {
				if !c.loop {
					return i, i > 0
				}
				pos = 0
			}
			v := float64(c.samples[pos])
			samples[i] = [2]float64{v, v}
			pos++
		}
		return len(samples), true
	})
}
