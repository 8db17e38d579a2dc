package route

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyRoutes: for random place pairs and options, a found route is
// connected, its length is the sum of its segments, and SegmentAt, PointAt,
// DistanceTo and ETA agree with the segments.
func TestPropertyRoutes(t *testing.T) {
	m := beijing(t)
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.SampledFrom(m.Places).Draw(t, "from")
		b := rapid.SampledFrom(m.Places).Draw(t, "to")
		opt := Options{
			AvoidTolls:       rapid.Bool().Draw(t, "avoidTolls"),
			AvoidExpressways: rapid.Bool().Draw(t, "avoidExpressways"),
			Prefer:           rapid.SampledFrom([]string{"", Fastest, Shortest}).Draw(t, "prefer"),
		}
		var e *Energy
		if rapid.Bool().Draw(t, "energy") {
			e = testEnergy(rapid.Float64Range(4, 60).Draw(t, "startKWh"))
		}
		r, err := Plan(m, a.Node, b.Node, opt, e)
		if err != nil {
			if errors.Is(err, ErrNoRoute) || errors.Is(err, ErrEnergy) {
				return
			}
			t.Fatal(err)
		}
		checkRoute(t, m, r)
		if r.From != a.Node || r.To != b.Node {
			t.Fatalf("endpoints %s→%s", r.From, r.To)
		}
		for _, s := range r.Segments {
			if opt.AvoidTolls && s.Road.Toll {
				t.Fatalf("toll road %s with avoid tolls", s.Road.ID)
			}
			if opt.AvoidExpressways && s.Road.IsMotorway() {
				t.Fatalf("expressway %s with avoid expressways", s.Road.ID)
			}
		}
		// positions are continuous across segment boundaries
		for i := 1; i < len(r.Segments); i++ {
			d := r.Segments[i].StartM
			x0, y0, _ := r.PointAt(d - 1e-7)
			x1, y1, _ := r.PointAt(d + 1e-7)
			n := m.Node(r.Segments[i].From)
			if math.Hypot(x0-n.X, y0-n.Y) > 0.01 || math.Hypot(x1-n.X, y1-n.Y) > 0.01 {
				t.Fatalf("PointAt jumps at segment %d", i)
			}
			if dd, ok := r.DistanceTo(r.Segments[i].From); !ok || dd > d+1e-9 {
				t.Fatalf("DistanceTo(%s) = %v, passed at %v", r.Segments[i].From, dd, d)
			}
		}
		if len(r.Segments) > 0 {
			dist := rapid.Float64Range(0, r.LengthM).Draw(t, "dist")
			i := r.SegmentAt(dist)
			s := r.Segments[i]
			if dist < s.StartM-1e-9 || (dist > s.EndM()+1e-9) {
				t.Fatalf("SegmentAt(%v) = %d [%v, %v]", dist, i, s.StartM, s.EndM())
			}
			x, y, h := r.PointAt(dist)
			ex, ey, eh := s.Road.PointAt(dist-s.StartM, s.Reverse)
			if x != ex || y != ey || h != eh || math.IsNaN(x+y+h) || h < 0 || h >= 360 {
				t.Fatalf("PointAt(%v) = %v %v %v", dist, x, y, h)
			}
			if eta := r.ETA(dist, 0); eta < 0 || eta > r.DriveS+r.ChargeS+1e-6 || math.IsNaN(eta) {
				t.Fatalf("ETA(%v) = %v of %v", dist, eta, r.DriveS+r.ChargeS)
			}
			man, d, seg := r.NextManeuver(dist)
			if seg == nil || d < 0 || d > r.LengthM-dist+1e-6 || man == Straight {
				t.Fatalf("NextManeuver(%v) = %v %v %v", dist, man, d, seg)
			}
			if last := r.Segments[len(r.Segments)-1]; last.Maneuver != Arrive {
				t.Fatalf("last maneuver %s", last.Maneuver)
			}
		}
		if e != nil {
			// energy never drops below the reserve at stops or at the end
			kwh := e.StartKWh
			k := 0
			for k < len(r.Stops) && r.Stops[k].AtM == 0 { // charging at the start
				kwh = r.Stops[k].DepartKWh
				k++
			}
			for _, s := range r.Segments {
				kwh -= e.PerKm(s.PlannedKmh) * s.LengthM / 1000
				for k < len(r.Stops) && math.Abs(r.Stops[k].AtM-s.EndM()) < 1e-6 {
					if math.Abs(kwh-r.Stops[k].ArriveKWh) > 1e-6 {
						t.Fatalf("stop %d: arrive %.3f, tracked %.3f", k, r.Stops[k].ArriveKWh, kwh)
					}
					kwh = r.Stops[k].DepartKWh
					k++
				}
				if kwh < e.ReserveKWh-1e-6 && k == len(r.Stops) && s.EndM() >= r.LengthM-1e-6 {
					t.Fatalf("arrives with %.3f kWh < reserve", kwh)
				}
			}
			if k != len(r.Stops) {
				t.Fatalf("matched %d of %d stops", k, len(r.Stops))
			}
		}
	})
}
