package population_test

import (
	"math"
	"sort"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/drive/population"
)

// The same (seed, drill, index) is the same driver, whatever else is
// drawn; another seed, drill or index is another driver.
func TestSampleIsSeeded(t *testing.T) {
	m := population.DefaultModel()
	a := m.Sample(7, "01-planned-exit", 3)
	if b := m.Sample(7, "01-planned-exit", 3); a != b {
		t.Fatalf("the same driver drawn twice differs: %+v, %+v", a, b)
	}
	for _, other := range []population.Driver{m.Sample(8, "01-planned-exit", 3), m.Sample(7, "02-phone-task", 3), m.Sample(7, "01-planned-exit", 4)} {
		if other.Z == a.Z || other.Seed == a.Seed {
			t.Errorf("%+v and %+v: another seed, drill or index gave the same draw", a, other)
		}
	}
}

// median and the SD of the logs of n drivers' times to the first input.
func sampleStats(m population.Model, n int, phone bool) (median, sdLog float64) {
	ts := make([]float64, n)
	var sum, sum2 float64
	for i := range ts {
		ts[i] = m.Work(m.Sample(1, "stats", i), phone).Input
		l := math.Log(ts[i])
		sum += l
		sum2 += l * l
	}
	sort.Float64s(ts)
	mean := sum / float64(n)
	return ts[n/2], math.Sqrt(sum2/float64(n) - mean*mean)
}

// The sampled medians match the cited figures within sampling error: the
// median's standard error for a lognormal is about median·σ·√(π/2)/√n, and
// the tolerance is four of them.
func TestSampledMediansMatchSources(t *testing.T) {
	m := population.DefaultModel()
	const n = 20000
	for _, tc := range []struct {
		name   string
		phone  bool
		median float64
		source string
	}{
		{"no task, visual+auditory", false, 4.56, "Eriksson & Stanton 2017, median 4.56 s"},
		{"phone task, visual+auditory", true, 4.56 * 1.3, "4.56 s × the phone factor 1.3 (design value)"},
	} {
		got, sd := sampleStats(m, n, tc.phone)
		se := tc.median * m.Sigma * math.Sqrt(math.Pi/2) / math.Sqrt(n)
		if math.Abs(got-tc.median) > 4*se {
			t.Errorf("%s: sampled median %.3f s, want %.3f s ± %.3f (%s)", tc.name, got, tc.median, 4*se, tc.source)
		}
		// the spread fitted to the study's range 1.97–25.75 s over 26 drivers
		if want := math.Log(25.75/1.97) / 3.96; math.Abs(sd-want) > 0.02 {
			t.Errorf("%s: SD of the log times %.3f, want %.3f", tc.name, sd, want)
		}
	}
}

// reactionTime is when a reaction under a constant alert reaches the first
// input, stepping as the runner does.
func reactionTime(m population.Model, w population.Work, at func(s float64) population.Modalities) float64 {
	r := m.React(w)
	for s := 0.0; s < 120; s += 0.05 {
		if r.Step(0.05, at(s))&population.FirstInput != 0 {
			return r.At[3]
		}
	}
	return math.Inf(1)
}

// Adding a channel to the request shortens the reaction by its factor;
// with nothing presented the driver never reacts.
func TestModalityEffect(t *testing.T) {
	m := population.DefaultModel()
	w := population.Work{Eyes: 1.2, Hands: 2.8, Input: 4}
	const va = population.Visual | population.Auditory
	for _, tc := range []struct {
		mods population.Modalities
		want float64
	}{
		{population.Visual, 4 * 1.25},
		{va, 4},
		{va | population.Haptic, 4 * 0.85},
		{0, math.Inf(1)},
	} {
		got := reactionTime(m, w, func(float64) population.Modalities { return tc.mods })
		if math.Abs(got-tc.want) > 1e-9 && !(math.IsInf(tc.want, 1) && math.IsInf(got, 1)) {
			t.Errorf("%v: first input at %.4f s, want %.4f s", tc.mods, got, tc.want)
		}
	}
}

// An escalation before the driver has finished speeds up only what is
// left (the accelerated-time rule): 4 s of visual+auditory, then haptic
// added, for a driver who needs 6 s: 4 + 2·0.85.
func TestEscalationSpeedsUpTheRest(t *testing.T) {
	m := population.DefaultModel()
	w := population.Work{Eyes: 1, Hands: 2, Input: 6}
	got := reactionTime(m, w, func(s float64) population.Modalities {
		if s >= 4-1e-9 {
			return population.Visual | population.Auditory | population.Haptic
		}
		return population.Visual | population.Auditory
	})
	if want := 4 + 2*0.85; math.Abs(got-want) > 1e-6 {
		t.Fatalf("first input at %.4f s, want %.4f s", got, want)
	}
	// a cue presented once keeps its effect after it stops (a chime)
	got = reactionTime(m, w, func(s float64) population.Modalities {
		if s < 0.5 {
			return population.Visual | population.Auditory
		}
		return population.Visual
	})
	if math.Abs(got-6) > 1e-6 {
		t.Fatalf("a chime then the banner alone: first input at %.4f s, want 6 s", got)
	}
}

// The sampler's property: every component time positive and finite,
// ordered (phone, eyes, hands, input), and never later when a channel is
// added to what the car presents.
func TestReactionProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := population.DefaultModel()
		d := m.Sample(rapid.Uint64().Draw(t, "seed"), rapid.StringN(0, 12, -1).Draw(t, "drill"), rapid.IntRange(0, 9999).Draw(t, "index"))
		w := m.Work(d, rapid.Bool().Draw(t, "phone"))
		ts := []float64{w.Eyes, w.Hands, w.Input}
		if w.Phone != 0 {
			ts = append([]float64{w.Phone}, ts...)
		}
		for i, v := range ts {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("component %d is %v", i, v)
			}
			if i > 0 && v <= ts[i-1] {
				t.Fatalf("components out of order: %v", ts)
			}
		}
		base := population.Modalities(rapid.IntRange(1, 7).Draw(t, "mods"))
		added := base | population.Modalities(rapid.IntRange(0, 7).Draw(t, "added"))
		slow := reactionTime(m, w, func(float64) population.Modalities { return base })
		fast := reactionTime(m, w, func(float64) population.Modalities { return added })
		if !(slow > 0) || math.IsInf(slow, 0) || fast > slow+1e-9 {
			t.Fatalf("%v: %v s, %v: %v s (adding a channel must never slow the driver)", base, slow, added, fast)
		}
	})
}

func TestModelCheck(t *testing.T) {
	if err := population.DefaultModel().Check(); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(*population.Model){
		"NaN median":       func(m *population.Model) { m.MedianS = math.NaN() },
		"negative sigma":   func(m *population.Model) { m.Sigma = -1 },
		"slowing haptic":   func(m *population.Model) { m.HapticFactor = 1.2 },
		"hands before eye": func(m *population.Model) { m.HandsShare = 0.2 },
		"infinite phone":   func(m *population.Model) { m.PhoneFactor = math.Inf(1) },
	} {
		m := population.DefaultModel()
		change(&m)
		if m.Check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
