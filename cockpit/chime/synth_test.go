package chime

import (
	"math"
	"slices"
	"testing"
	"time"
)

func stats(x []float32) (peak, rms float64) {
	var sum float64
	for _, v := range x {
		peak = max(peak, math.Abs(float64(v)))
		sum += float64(v) * float64(v)
	}
	if len(x) > 0 {
		rms = math.Sqrt(sum / float64(len(x)))
	}
	return peak, rms
}

// maxStep is the largest sample-to-sample jump inside x.
func maxStep(x []float32) float64 {
	var m float64
	for i := 1; i < len(x); i++ {
		m = max(m, math.Abs(float64(x[i]-x[i-1])))
	}
	return m
}

func TestEarconsAreAudibleAndDoNotClip(t *testing.T) {
	for _, s := range All() {
		x := Samples(s)
		peak, rms := stats(x)
		if rms < 0.05 {
			t.Errorf("%s: RMS %.3f, want an audible sound", s, rms)
		}
		if peak > 0.75 {
			t.Errorf("%s: peak %.3f leaves no headroom for two overlapping sounds", s, peak)
		}
	}
}

func TestEarconsHaveNoClicks(t *testing.T) {
	for _, s := range All() {
		x := Samples(s)
		if !s.Continuous() {
			// A one-shot must start and end at silence, or the speaker cone
			// jumps: the click every cheap beep has.
			if math.Abs(float64(x[0])) > 1e-3 || math.Abs(float64(x[len(x)-1])) > 1e-3 {
				t.Errorf("%s: starts at %.4f, ends at %.4f; want 0", s, x[0], x[len(x)-1])
			}
			continue
		}
		// A loop's seam must be no steeper than the waveform itself.
		seam := math.Abs(float64(x[0] - x[len(x)-1]))
		if inner := maxStep(x); seam > inner+1e-6 {
			t.Errorf("%s: seam jump %.4f exceeds the largest inner step %.4f", s, seam, inner)
		}
	}
}

func TestDurations(t *testing.T) {
	want := map[Sound]time.Duration{
		Info: 600 * time.Millisecond, Warning: 520 * time.Millisecond, Critical: 675 * time.Millisecond,
		TakeoverStage1: 1500 * time.Millisecond, TakeoverStage2: 250 * time.Millisecond,
		MinimalRisk: 1060 * time.Millisecond, TakeoverAck: 350 * time.Millisecond,
		ParkingComplete: 640 * time.Millisecond, ProximityContinuous: 200 * time.Millisecond,
	}
	for s, d := range want {
		if got := Duration(s); got < d-time.Millisecond || got > d {
			t.Errorf("Duration(%s) = %v, want %v", s, got, d)
		}
	}
	// Earcons must be short enough not to mask speech or the next alert.
	for _, s := range Earcons() {
		if !s.Continuous() && Duration(s) > 1200*time.Millisecond {
			t.Errorf("%s lasts %v; an earcon should be over within 1.2 s", s, Duration(s))
		}
	}
	if Duration(None) != 0 || Samples(None) != nil {
		t.Error("None must render to nothing")
	}
}

func TestStage2IsLouderAndFasterThanStage1(t *testing.T) {
	_, rms1 := stats(Samples(TakeoverStage1))
	_, rms2 := stats(Samples(TakeoverStage2))
	if rms2 < 2*rms1 {
		t.Errorf("stage 2 RMS %.3f, stage 1 %.3f: stage 2 must be clearly louder", rms2, rms1)
	}
	rate := func(s Sound) float64 {
		d := designOf(s)
		return float64(len(d.notes)) / d.length.Seconds()
	}
	if r1, r2 := rate(TakeoverStage1), rate(TakeoverStage2); r2 < 4*r1 {
		t.Errorf("stage 2 %.1f notes/s, stage 1 %.1f: stage 2 must be much faster", r2, r1)
	}
	p1, _ := stats(Samples(TakeoverStage1))
	p2, _ := stats(Samples(TakeoverStage2))
	if p2 <= p1 {
		t.Errorf("stage 2 peak %.2f not above stage 1 peak %.2f", p2, p1)
	}
}

func TestUrgencyOrder(t *testing.T) {
	// Loudness follows urgency: info < warning < critical.
	_, info := stats(Samples(Info))
	_, warn := stats(Samples(Warning))
	_, crit := stats(Samples(Critical))
	if !(info < warn && warn < crit) {
		t.Errorf("RMS info %.3f, warning %.3f, critical %.3f: want increasing", info, warn, crit)
	}
}

func TestSynthesisIsDeterministic(t *testing.T) {
	for _, s := range All() {
		a := render(designOf(s)).samples
		b := render(designOf(s)).samples
		if !slices.Equal(a, b) || !slices.Equal(a, Samples(s)) {
			t.Errorf("%s renders differently on each call", s)
		}
	}
}

func TestStreamer(t *testing.T) {
	// A one-shot streamer drains after its samples; a loop never does.
	buf := make([][2]float64, 1000)
	n, total := 0, 0
	st := Streamer(Warning)
	for {
		k, ok := st.Stream(buf)
		total += k
		if !ok {
			break
		}
		n++
		if n > 10000 {
			t.Fatal("one-shot streamer never drains")
		}
	}
	if total != len(Samples(Warning)) {
		t.Errorf("streamed %d samples, want %d", total, len(Samples(Warning)))
	}
	loop := Streamer(TakeoverStage2)
	for range 100 {
		if k, ok := loop.Stream(buf); k != len(buf) || !ok {
			t.Fatal("continuous streamer drained")
		}
	}
	if _, ok := Streamer(None).Stream(buf); ok {
		t.Error("None streamer should be drained")
	}
}

func TestSoundNames(t *testing.T) {
	seen := map[string]Sound{}
	for _, s := range All() {
		n := s.String()
		if prev, dup := seen[n]; dup {
			t.Errorf("%d and %d share the name %q", prev, s, n)
		}
		seen[n] = s
	}
	if ProximityContinuous.String() != "proximity-continuous" || Proximity(1.5).String() != "proximity-800ms" {
		t.Errorf("unexpected proximity names %s, %s", ProximityContinuous, Proximity(1.5))
	}
}

func BenchmarkRender(b *testing.B) {
	for _, s := range Earcons() {
		b.Run(s.String(), func(b *testing.B) {
			d := designOf(s)
			for b.Loop() {
				render(d)
			}
		})
	}
}

func BenchmarkRenderAll(b *testing.B) {
	for b.Loop() {
		for _, s := range All() {
			render(designOf(s))
		}
	}
}

// BenchmarkEngineRead measures the device's mixing cost per 10 ms of
// audio with three voices playing.
func BenchmarkEngineRead(b *testing.B) {
	e := newEngine(nil)
	e.play(TakeoverStage2)
	e.play(Proximity(0.8))
	buf := make([]float32, SampleRate.N(10*time.Millisecond))
	for b.Loop() {
		e.play(Warning) // keeps restarting, so three voices always mix
		e.read(buf)
	}
}
