package parking

import (
	"math"
	"testing"
)

// The scene lists what the top-down view needs, and the proximity readings
// fall as the car backs into its slot.
func TestSceneAndProximity(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	sc := r.m.Scene()
	if len(sc.Slots) != len(r.area.Slots) || len(sc.Neighbours) == 0 || len(sc.Kerbs) == 0 {
		t.Fatalf("scene: %d slots, %d neighbours, %d kerbs", len(sc.Slots), len(sc.Neighbours), len(sc.Kerbs))
	}
	numbered, selected := 0, ""
	for _, s := range sc.Slots {
		if s.Number > 0 {
			numbered++
		}
		if s.Selected {
			selected = s.ID
		}
	}
	if numbered == 0 || selected != "3" {
		t.Fatalf("%d numbered slots, selected %q", numbered, selected)
	}
	if sc.Path != nil {
		t.Fatal("a path before confirming")
	}
	r.in.Confirm = true
	r.step()
	r.until(4, func(Output) bool { return false })
	sc = r.m.Scene()
	if len(sc.Path) < 10 || sc.Driven <= 1 || sc.Driven >= len(sc.Path) || len(sc.Cusps) == 0 {
		t.Fatalf("path %d points, driven %d, cusps %v", len(sc.Path), sc.Driven, sc.Cusps)
	}
	r.until(90, func(o Output) bool { return o.State == StateDone })
	sc = r.m.Scene()
	// parked between two cars in a 2.5 m slot: something is close
	if math.IsInf(sc.ProximityM, 1) || sc.ProximityM > 1.0 || sc.ProximityM != r.m.ProximityM() {
		t.Fatalf("proximity %.2f m when parked", sc.ProximityM)
	}
	for _, c := range sc.Corners {
		if c.DistanceM < sc.ProximityM-1e-9 {
			t.Errorf("corner %s %.2f m closer than the body's %.2f m", c.Corner, c.DistanceM, sc.ProximityM)
		}
	}
	if sc.Driven != len(sc.Path) {
		t.Errorf("driven %d of %d when done", sc.Driven, len(sc.Path))
	}
}
