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
