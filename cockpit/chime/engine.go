package chime

import "math"

// fadeSamples is the fade applied when a voice starts mid-loop, stops or is
// replaced: 5 ms is inaudible as a fade but removes the click of a cut.
var fadeSamples = SampleRate.N(5e6)

// voice is one sound being played.
type voice struct {
	sound   Sound
	grp     group
	clip    *clip
	pos     int
	age     int // samples played, drives the fade-in
	fadeOut int // samples left of the fade-out; -1 when not stopping
}

// engine mixes voices sample by sample. It is the single implementation of
// the playing rules (groups, restart, fades), shared by the device and the
// recorder so that a recording is exactly what the device was given. It is
// not safe for concurrent use; owners lock around it.
type engine struct {
	bank   *Bank
	voices []*voice
}

func newEngine(b *Bank) *engine {
	if b == nil {
		b = DefaultBank()
	}
	return &engine{bank: b}
}

func (e *engine) play(s Sound) {
	c := e.bank.clip(s)
	if c == nil {
		return
	}
	g := s.group()
	for _, v := range e.voices {
		if v.grp != g || v.fadeOut >= 0 {
			continue
		}
		if v.sound == s && s.Continuous() {
			return // already playing: keep its rhythm
		}
		v.fadeOut = fadeSamples
	}
	e.voices = append(e.voices, &voice{sound: s, grp: g, clip: c, fadeOut: -1})
}

func (e *engine) stop(s Sound) {
	if s == None {
		return
	}
	g := s.group()
	for _, v := range e.voices {
		if v.grp == g && v.fadeOut < 0 {
			v.fadeOut = fadeSamples
		}
	}
}

// read fills out with the mix (mono, in [-1, 1]).
func (e *engine) read(out []float32) {
	clear(out)
	live := e.voices[:0]
	for _, v := range e.voices {
		if e.mix(v, out) {
			live = append(live, v)
		}
	}
	clear(e.voices[len(live):])
	e.voices = live
	for i, x := range out {
		// Two loud earcons can overlap; clamp rather than wrap around.
		out[i] = min(max(x, -1), 1)
	}
}

// mix adds v into out and reports whether v is still playing afterwards.
func (e *engine) mix(v *voice, out []float32) bool {
	s := v.clip.samples
	for i := range out {
		if v.pos == len(s) {
			if !v.clip.loop {
				return false
			}
			v.pos = 0
		}
		g := float32(1)
		if v.age < fadeSamples && v.clip.fadeIn {
			// A clip that does not start at zero (a WAV override, a loop
			// whose tail wraps round) would click; synthesised one-shots
			// start at zero and keep their exact shape.
			g = fade(v.age)
		}
		if v.fadeOut >= 0 {
			if v.fadeOut == 0 {
				return false
			}
			g *= fade(v.fadeOut)
			v.fadeOut--
		}
		out[i] += g * s[v.pos]
		v.pos++
		v.age++
	}
	return true
}

// fade is a raised-cosine ramp over fadeSamples: 0 at k=0, 1 at the end.
func fade(k int) float32 {
	return float32(0.5 - 0.5*math.Cos(math.Pi*float64(k)/float64(fadeSamples)))
}
