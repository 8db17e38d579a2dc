package parking

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/world"
	"pgregory.net/rapid"
)

// layout is a random car park: one aisle along x, a row of five slots of
// one kind on one side with a kerb behind it, a wall on the far side of
// the aisle, random neighbours parked, and a car that has just passed the
// middle slot.
type layout struct {
	area  *world.ParkingArea
	slot  *world.Slot
	g     Geometry
	start Pose
}

func genGeometry(t *rapid.T) Geometry {
	l := rapid.Float64Range(4.3, 5.3).Draw(t, "length")
	wb := rapid.Float64Range(0.56, 0.62).Draw(t, "wheelbase_share") * l
	front := rapid.Float64Range(0.42, 0.5).Draw(t, "front_share") * (l - wb)
	return Geometry{
		LengthM: l, WidthM: rapid.Float64Range(1.75, 2.0).Draw(t, "width"),
		WheelbaseM: wb, FrontOverhangM: front, RearOverhangM: l - wb - front,
		MinTurningRadiusM: rapid.Float64Range(5.0, 6.2).Draw(t, "turning_radius"),
	}
}

func genLayout(t *rapid.T) layout {
	kind := rapid.SampledFrom([]world.SlotKind{world.Perpendicular, world.Parallel, world.Angled}).Draw(t, "kind")
	side := rapid.SampledFrom([]float64{1, -1}).Draw(t, "side") // +1: row on the left of travel
	var L, W, aisleW, angle float64
	switch kind {
	case world.Perpendicular:
		L, W = rapid.Float64Range(5.0, 5.6).Draw(t, "slot_len"), rapid.Float64Range(2.4, 2.8).Draw(t, "slot_w")
		aisleW, angle = rapid.Float64Range(5.5, 7.5).Draw(t, "aisle_w"), 90
	case world.Parallel:
		L, W = rapid.Float64Range(5.8, 7.5).Draw(t, "slot_len"), rapid.Float64Range(2.2, 2.6).Draw(t, "slot_w")
		aisleW = rapid.Float64Range(3.5, 6).Draw(t, "aisle_w")
	default:
		L, W = rapid.Float64Range(5.0, 5.6).Draw(t, "slot_len"), rapid.Float64Range(2.4, 2.8).Draw(t, "slot_w")
		angle = rapid.SampledFrom([]float64{45, 60}).Draw(t, "angle")
		aisleW = rapid.Float64Range(4.5, 6.5).Draw(t, "aisle_w")
	}
	a := &world.ParkingArea{ID: "test", Kind: "lot",
		OriginX: rapid.Float64Range(-500, 500).Draw(t, "ox"), OriginY: rapid.Float64Range(-500, 500).Draw(t, "oy"),
		Entrance: [2]float64{-30, 0},
		Aisles:   []world.Aisle{{ID: "A", Points: [][2]float64{{-30, 0}, {30, 0}}, WidthM: aisleW}},
	}
	back := 0.0 // distance of the row's back edge from the aisle centre line
	for i := range 5 {
		s := world.Slot{ID: fmt.Sprint(i + 1), Kind: kind, LengthM: L, WidthM: W, Aisle: "A", AngleDeg: angle}
		switch kind {
		case world.Perpendicular:
			s.X, s.Y = float64(i-2)*W, side*(aisleW/2+L/2)
			s.HeadingDeg = 90 * side
			back = aisleW/2 + L
		case world.Parallel:
			s.X, s.Y = float64(i-2)*L, side*(aisleW/2+W/2)
			back = aisleW/2 + W
		default:
			r := angle * math.Pi / 180
			s.X = float64(i-2) * W / math.Sin(r)
			s.Y = side * (aisleW/2 + L/2*math.Sin(r) + W/2*math.Cos(r))
			s.HeadingDeg = side * angle
			back = aisleW/2 + L*math.Sin(r) + W*math.Cos(r)
		}
		if s.HeadingDeg < 0 {
			s.HeadingDeg += 360
		}
		s.Occupied = i != 2 && rapid.Bool().Draw(t, fmt.Sprintf("occupied_%d", i))
		a.Slots = append(a.Slots, s)
	}
	kerb := side * (back + rapid.Float64Range(0.02, 0.4).Draw(t, "kerb_gap"))
	wall := -side * (aisleW/2 + rapid.Float64Range(0, 1.5).Draw(t, "wall_gap"))
	a.Kerbs = [][2][2]float64{{{-30, kerb}, {30, kerb}}, {{-30, wall}, {30, wall}}}
	g := genGeometry(t)
	st, _ := PassingPose(a, &a.Slots[2], g, rapid.Float64Range(0.5, 1.5).Draw(t, "gap"), rapid.Float64Range(-1, 5).Draw(t, "past"))
	return layout{a, &a.Slots[2], g, st}
}

// Over random slot layouts, every path the planner returns stays clear of
// every obstacle (checked every 2 cm with no margin), ends within the
// GB/T 41630 tolerances and within the gear-change limit; every failure
// says why in English and Chinese.
func TestPropPlannedPathsAreSafe(t *testing.T) {
	par := DefaultParams()
	var planned, tried, tooSmall int
	rapid.Check(t, func(t *rapid.T) {
		lay := genLayout(t)
		obs := ObstaclesFor(lay.area, lay.slot.ID, par)
		if !newChecker(lay.g, obs, par).free(lay.start) {
			t.Skip("the start touches the wall: the driver would not stop there")
		}
		tried++
		p, err := PlanInArea(lay.g, lay.start, lay.area, lay.slot.ID, nil)
		if err != nil {
			pe, ok := err.(*PlanError)
			if !ok || !strings.HasPrefix(pe.Msg.Key, "parking.reason.") || pe.Code == "" {
				t.Fatalf("failure without a reason: %#v", err)
			}
			if pe.Code == CodeTooSmall {
				tooSmall++
			}
			return
		}
		planned++
		if err := CheckPath(par, lay.g, &p, worldSlot(lay.area, lay.slot), obs); err != nil {
			t.Fatalf("unsafe path: %v", err)
		}
		if e := p.End(); math.Hypot(e.X-p.Goal.X, e.Y-p.Goal.Y) > 1e-3 {
			t.Fatalf("the path ends %.3f m from its goal", math.Hypot(e.X-p.Goal.X, e.Y-p.Goal.Y))
		}
	})
	t.Logf("planned %d of %d random layouts (%d slots too small for the car)", planned, tried, tooSmall)
	if tried > 20 && float64(planned) < 0.7*float64(tried-tooSmall) {
		t.Errorf("only %d of %d fitting layouts planned", planned, tried-tooSmall)
	}
}

// Every Reeds-Shepp query has at least one verified candidate, and the
// shortest is never longer than a known feasible path of the same family
// would be (a sanity bound: straight-line distance).
func TestPropReedsSheppReachesGoal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := Pose{rapid.Float64Range(-20, 20).Draw(t, "ax"), rapid.Float64Range(-20, 20).Draw(t, "ay"), rapid.Float64Range(-math.Pi, math.Pi).Draw(t, "ah")}
		b := Pose{rapid.Float64Range(-20, 20).Draw(t, "bx"), rapid.Float64Range(-20, 20).Draw(t, "by"), rapid.Float64Range(-math.Pi, math.Pi).Draw(t, "bh")}
		r := rapid.Float64Range(2, 8).Draw(t, "r")
		c := reedsShepp(a, b, r, 0)
		if len(c) == 0 {
			t.Fatalf("no Reeds-Shepp path from %+v to %+v", a, b)
		}
		l := 0.0
		for _, s := range c[0] {
			l += s.LengthM
		}
		if l+1e-6 < math.Hypot(b.X-a.X, b.Y-a.Y) {
			t.Fatalf("shortest %.3f shorter than the straight line", l)
		}
	})
}

// Over random slot layouts, the machine executes what it planned: every
// pose it puts the car in is clear of the parked cars and kerbs (no
// margin), the gear changes it makes stay within the limit, the speed
// within 7 km/h, and it ends in P within the tolerances.
func TestPropExecutedPathsAreSafe(t *testing.T) {
	par := DefaultParams()
	rapid.Check(t, func(t *rapid.T) {
		lay := genLayout(t)
		obs := ObstaclesFor(lay.area, lay.slot.ID, par)
		if !newChecker(lay.g, obs, par).free(lay.start) {
			t.Skip("the start touches the wall")
		}
		m := NewMachine(lay.g)
		in := Input{Pose: lay.start, Area: lay.area, DriverInSeat: true, ChooseSlot: lay.slot.ID}
		out := m.Step(in, dt)
		followsTable(t, m, out)
		in.ChooseSlot = ""
		if out.State != StateSelected {
			t.Skip("slot not selectable: " + lay.slot.ID)
		}
		in.Confirm = true
		out = m.Step(in, dt)
		followsTable(t, m, out)
		in.Confirm = false
		if out.State != StateExecuting {
			return // no path: covered by the planner's property
		}
		gears, last := 0, "D"
		for i := 0; i < 3000 && out.State == StateExecuting; i++ {
			if lay.g.Touches(out.Pose, obs) {
				t.Fatalf("step %d: the car touches an obstacle at %+v", i, out.Pose)
			}
			if out.SpeedKmh > 7 {
				t.Fatalf("step %d: %.1f km/h", i, out.SpeedKmh)
			}
			if out.Gear != last && out.Gear != "" {
				gears++
				last = out.Gear
			}
			in.Pose, in.SpeedKmh = out.Pose, out.SpeedKmh
			out = m.Step(in, dt)
			followsTable(t, m, out)
		}
		if out.State != StateDone || out.Gear != "P" || !out.ParkingBrake {
			t.Fatalf("ended in %s, gear %s", out.State, out.Gear)
		}
		if lim := par.MaxGears(lay.slot.Kind); gears > lim {
			t.Fatalf("%d gear changes, limit %d", gears, lim)
		}
		hd, lat, outside := EndError(lay.g, out.Pose, worldSlot(lay.area, lay.slot))
		if hd > par.HeadingTolDeg || lat > par.LateralTolM || outside > 0.01 {
			t.Fatalf("end: %.2f°, %.3f m off centre, %.3f m outside the lines", hd, lat, outside)
		}
	})
}
