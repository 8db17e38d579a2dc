package parking

import (
	"testing"
)

// BenchmarkPlan plans into a perpendicular, a parallel and an angled slot
// of the bundled car parks for the SU7, from where the driver stops after
// passing the slot.
func BenchmarkPlan(b *testing.B) {
	m := loadMap(b)
	g := loadGeometry(b, "xiaomi-su7")
	for _, c := range []struct{ name, area, slot string }{
		{"perpendicular", "mall-garage", "10"},
		{"parallel", "mall-garage", "50"},
		{"angled", "supermarket-lot", "15"},
	} {
		a := m.ParkingArea(c.area)
		s := a.Slot(c.slot)
		start, ok := bundledStart(a, s, g)
		if !ok {
			b.Fatal("no start")
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := PlanInArea(g, start, a, c.slot, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// failingPlan is a plan that fails: mall slot 3 with a pedestrian at its
// mouth, from where the driver stopped after passing it. Every search
// runs to MaxExpansions.
func failingPlan(b *testing.B) (Geometry, Pose, []Obstacle) {
	m := loadMap(b)
	g := loadGeometry(b, "xiaomi-su7")
	a := m.ParkingArea("mall-garage")
	s := a.Slot("3")
	start, ok := bundledStart(a, s, g)
	if !ok {
		b.Fatal("no start")
	}
	x, y := a.ToWorld(s.X, s.Y+3.5)
	return g, start, []Obstacle{BoxObstacle(ObstaclePedestrian, "p", x, y, 0, 0.5, 0.5)}
}

// BenchmarkFailingPlan is the whole failing plan: what one Step of the
// parking assist cost before planning was spread over steps.
func BenchmarkFailingPlan(b *testing.B) {
	g, start, peds := failingPlan(b)
	a := loadMap(b).ParkingArea("mall-garage")
	for b.Loop() {
		if _, err := PlanInArea(g, start, a, "3", peds); err == nil {
			b.Fatal("planned")
		}
	}
}

// BenchmarkPlanningStep is one Step's share of the failing plan now:
// Planner.Run with DefaultParams().StepExpansions (the plan restarted when
// done, so every op is a full step's work).
func BenchmarkPlanningStep(b *testing.B) {
	g, start, peds := failingPlan(b)
	a := loadMap(b).ParkingArea("mall-garage")
	par := DefaultParams()
	pl := NewPlannerInArea(par, g, start, a, "3", peds)
	for b.Loop() {
		if pl.Run(par.StepExpansions) {
			pl = NewPlannerInArea(par, g, start, a, "3", peds)
		}
	}
}
