package route

import "testing"

// BenchmarkPlan plans cross-map routes without energy: home → Daxing Airport
// (54 km, ring + airport expressway) and the Wangjing supercharger → the
// hutong restroom (through the old town).
func BenchmarkPlan(b *testing.B) {
	m := beijing(b)
	cases := []struct{ name, from, to string }{
		{"home-airport", "home", "daxing-airport"},
		{"wangjing-hutong", "cs-wangjing", "restroom-hutong"},
	}
	for _, c := range cases {
		from, to := node(b, m, c.from), node(b, m, c.to)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Plan(m, from, to, Options{}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlanCharging plans home → Daxing Airport with too little energy,
// so a charging stop is searched over every station.
func BenchmarkPlanCharging(b *testing.B) {
	m := beijing(b)
	from, to := node(b, m, "home"), node(b, m, "daxing-airport")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Plan(m, from, to, Options{}, testEnergy(10)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueries measures the per-step queries the simulator makes.
func BenchmarkQueries(b *testing.B) {
	m := beijing(b)
	r, err := Plan(m, node(b, m, "home"), node(b, m, "daxing-airport"), Options{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	d := 0.0
	for b.Loop() {
		d += 37
		if d > r.LengthM {
			d = 0
		}
		r.PointAt(d)
		r.NextManeuver(d)
		r.ETA(d, 80)
	}
}
