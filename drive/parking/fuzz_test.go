package parking

import (
	"math"
	"strings"
	"testing"
)

// FuzzPlan plans from arbitrary start poses near a bundled slot: the planner
// never panics, answers every failure with a reason, and every path it
// returns passes the independent check.
func FuzzPlan(f *testing.F) {
	m := loadMap(f)
	g := loadGeometry(f, "xiaomi-su7")
	a := m.ParkingArea("supermarket-lot")
	par := DefaultParams()
	f.Add(12.0, -1.0, 0.0, "15")
	f.Add(20.0, 1.2, 0.0, "6")
	f.Add(48.5, 3.0, 90.0, "24")
	f.Add(-50.0, 400.0, 1e9, "nope")
	f.Fuzz(func(t *testing.T, x, y, headingDeg float64, slot string) {
		if math.IsNaN(x) || math.IsNaN(y) || math.IsNaN(headingDeg) || math.IsInf(headingDeg, 0) || math.Abs(x) > 1e6 || math.Abs(y) > 1e6 {
			return
		}
		wx, wy := a.ToWorld(x, y)
		start := Pose{wx, wy, headingDeg * math.Pi / 180}
		p, err := PlanInArea(g, start, a, slot, nil)
		if err != nil {
			if pe, ok := err.(*PlanError); !ok || !strings.HasPrefix(pe.Msg.Key, "parking.reason.") {
				t.Fatalf("failure without a reason: %v", err)
			}
			return
		}
		s := a.Slot(slot)
		if err := CheckPath(par, g, &p, worldSlot(a, s), ObstaclesFor(a, slot, par)); err != nil {
			t.Fatal(err)
		}
	})
}
