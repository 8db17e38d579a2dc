package compare_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/compare"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/population"
	"github.com/nevsim/cockpit/drive/session"
)

func variant(t *hmi.Takeover) compare.Variant {
	return compare.Variant{Name: t.Name, Digest: t.Digest, Setup: func(su *session.Setup) { su.HMI = t }}
}

// The example variant is the shipped HMI with the seat pulsing from stage
// 1 on, and nothing else that the car does changed.
func TestStage1HapticVariantDiffersOnlyThere(t *testing.T) {
	shipped, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	v, err := hmi.Load(assets.FS(), "hmi/variants/stage1-haptic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a, b := shipped.Signals(), v.Signals()
	if a.Stage1.Haptic || !b.Stage1.Haptic || !v.Stage1.Haptic {
		t.Fatalf("stage 1 haptic: shipped %v, variant %v", a.Stage1.Haptic, b.Stage1.Haptic)
	}
	b.Stage1.Haptic = false
	if a != b || shipped.EscalateS.Value != v.EscalateS.Value || shipped.TakeoverBudgetS.Value != v.TakeoverBudgetS.Value {
		t.Fatalf("the variant changes more than stage 1's haptic: %+v vs %+v", a, b)
	}
}

// Through the car: with the seat pulsing from stage 1 on, the same drivers
// take over no later, one by one (a paired comparison), and the median is
// shorter. The drivers react to the car's hmi.haptic, not to the file.
func TestStage1HapticShortensTakeoverThroughTheCar(t *testing.T) {
	shipped, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	v, err := hmi.Load(assets.FS(), "hmi/variants/stage1-haptic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const n = 24
	res, err := compare.Run(compare.Options{Variants: []compare.Variant{variant(shipped), variant(v)},
		Drills: drills(t, "01-planned-exit", "02-phone-task"), Drivers: n, Seed: 5, Model: population.DefaultModel()})
	if err != nil {
		t.Fatal(err)
	}
	a, b := res.Select(0, -1), res.Select(1, -1)
	for i := range a {
		ta, tb := a[i].Outcome.TakeoverS, b[i].Outcome.TakeoverS
		if ta < 0 || tb < 0 {
			continue // never within the drive: compared by the MRM count
		}
		if a[i].Outcome.Driver != b[i].Outcome.Driver {
			t.Fatalf("row %d: different drivers", i)
		}
		if tb > ta+0.05 {
			t.Errorf("row %d: %.2f s with stage-1 haptic, %.2f s shipped", i, tb, ta)
		}
		if a[i].Outcome.Seen&population.Haptic != 0 && ta < 4 {
			t.Errorf("row %d: the shipped HMI vibrated before stage 2", i)
		}
		if b[i].Outcome.Seen&population.Haptic == 0 {
			t.Errorf("row %d: the variant's driver never felt the seat", i)
		}
	}
	sa, sb := compare.Summarise(a), compare.Summarise(b)
	if !(sb.MedianS < sa.MedianS) || sb.MRMs > sa.MRMs {
		t.Fatalf("median %.2f s with stage-1 haptic against %.2f s shipped (MRMs %d, %d)", sb.MedianS, sa.MedianS, sb.MRMs, sa.MRMs)
	}
}

// TestPairedComparisonSaysWhichDriversTheVariantHelped: the report's
// driver-by-driver table counts the stage-1-haptic variant faster for
// the drivers it sped up, none slower, and the sign test calls the split
// no accident; the variant against itself changes nobody (p = 1).
func TestPairedComparisonSaysWhichDriversTheVariantHelped(t *testing.T) {
	shipped, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	v, err := hmi.Load(assets.FS(), "hmi/variants/stage1-haptic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	res, err := compare.Run(compare.Options{Variants: []compare.Variant{variant(shipped), variant(v), variant(shipped)},
		Drills: drills(t, "01-planned-exit"), Drivers: n, Seed: 3, Model: population.DefaultModel()})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Compare(1, -1)
	if p.Pairs != n || p.Slower != 0 || p.Faster < n/2 || p.Faster+p.Same != n {
		t.Errorf("stage-1 haptic against shipped: %+v", p)
	}
	if !(p.MedianDeltaS < 0) || p.MRMDelta > 0 || !(p.SignP < 0.01) {
		t.Errorf("median Δ %.2f s, MRMs Δ %d, sign p %.4f", p.MedianDeltaS, p.MRMDelta, p.SignP)
	}
	if same := res.Compare(2, -1); same.Same != n || same.MedianDeltaS != 0 || same.SignP != 1 || same.MRMDelta != 0 {
		t.Errorf("shipped against itself: %+v", same)
	}
	var b strings.Builder
	if err := compare.WriteReport(&b, res, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"B against A, driver by driver", "C against A", "sign p"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestSignTest checks the exact two-sided sign test against values worked
// by hand and at the population's limits.
func TestSignTest(t *testing.T) {
	for _, c := range []struct {
		k, m int
		want float64
	}{
		{0, 0, 1},
		{5, 5, 1},
		{10, 0, 2.0 / 1024},
		{1, 9, 2 * 11.0 / 1024},
		{3, 1, 2 * 5.0 / 16},
		{1, 1, 1}, // 2·(3/4) capped at 1
	} {
		got := compare.SignTest(c.k, c.m)
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("SignTest(%d, %d) = %g, want %g", c.k, c.m, got, c.want)
		}
	}
	if p := compare.SignTest(10000, 0); !(p >= 0 && p < 1e-300) || math.IsNaN(p) {
		t.Errorf("SignTest(10000, 0) = %g", p)
	}
	if p := compare.SignTest(5000, 5000); math.Abs(p-1) > 1e-9 {
		t.Errorf("SignTest(5000, 5000) = %g, want 1", p)
	}
}
