package compare_test

import (
	"os"
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
	v, err := hmi.Load(os.DirFS("testdata"), "stage1-haptic.yaml")
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
	v, err := hmi.Load(os.DirFS("testdata"), "stage1-haptic.yaml")
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
