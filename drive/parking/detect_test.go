package parking

import (
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/world"
)

// drivePast moves the car's rear axle from (x0, y) to (x1, y) in area-local
// metres along x, in 0.25 m steps, and returns every slot found.
func drivePast(d *Detector, a *world.ParkingArea, x0, x1, y, speed float64) map[string]Found {
	out := map[string]Found{}
	h := 0.0
	if x1 < x0 {
		h = math.Pi
	}
	for i := 0; ; i++ {
		x := x0 + math.Copysign(0.25*float64(i), x1-x0)
		if (x1 > x0 && x > x1) || (x1 < x0 && x < x1) {
			break
		}
		wx, wy := a.ToWorld(x, y)
		for _, f := range d.Observe(Pose{wx, wy, h}, speed, a) {
			out[f.Slot.ID] = f
		}
	}
	return out
}

func TestDetector(t *testing.T) {
	m := loadMap(t)
	mall, lot := m.ParkingArea("mall-garage"), m.ParkingArea("supermarket-lot")
	su7, l9 := loadGeometry(t, "xiaomi-su7"), loadGeometry(t, "li-auto-l9")
	type want struct {
		side     Side
		occupied bool
		fits     bool
	}
	cases := []struct {
		name        string
		g           Geometry
		area        *world.ParkingArea
		x0, x1, y   float64
		speed       float64
		want        map[string]want // checked slots
		notFound    []string        // must not be found
		wantCount   int             // -1: do not check
		smallParall bool
	}{
		{name: "east along aisle A, 1 m from the south row", g: su7, area: mall, x0: -3, x1: 40, y: -3 + 1 + su7.WidthM/2, speed: 10,
			want:     map[string]want{"1": {Right, true, false}, "3": {Right, false, true}, "7": {Right, false, true}, "12": {Right, true, false}},
			notFound: []string{"13", "14", "25"}, wantCount: 12},
		{name: "west along aisle A, 1 m from the south row", g: su7, area: mall, x0: 40, x1: -0.5, y: -3 + 1 + su7.WidthM/2, speed: 10,
			want: map[string]want{"3": {Left, false, true}, "11": {Left, true, false}}, notFound: []string{"14"}, wantCount: -1},
		{name: "east 1.4 m from the north row", g: l9, area: mall, x0: -3, x1: 40, y: 3 - 1.4 - l9.WidthM/2, speed: 20,
			want: map[string]want{"14": {Left, false, true}, "13": {Left, true, false}}, notFound: []string{"3"}, wantCount: 12},
		{name: "too far from both rows (centre of the aisle)", g: su7, area: mall, x0: -3, x1: 40, y: 0, speed: 10, wantCount: 0},
		{name: "too fast", g: su7, area: mall, x0: -3, x1: 40, y: -3 + 1 + su7.WidthM/2, speed: 31, wantCount: 0},
		{name: "too close (0.3 m)", g: su7, area: mall, x0: -3, x1: 40, y: -3 + 0.3 + su7.WidthM/2, speed: 10, wantCount: 0},
		{name: "angled row of the lot, L9", g: l9, area: lot, x0: -3, x1: 45, y: -3.25 + 1 + l9.WidthM/2, speed: 12,
			want: map[string]want{"13": {Right, true, false}, "15": {Right, false, true}, "21": {Right, false, true}}, wantCount: 10},
		{name: "a long car does not fit a 6 m parallel slot", g: Geometry{LengthM: 5.5, WidthM: 2, WheelbaseM: 3.3, FrontOverhangM: 1, RearOverhangM: 1.2, MinTurningRadiusM: 6.2},
			area: mall, x0: 36, x1: 60, y: 0, speed: 8, wantCount: -1, smallParall: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := NewDetector(c.g)
			var got map[string]Found
			if c.smallParall {
				// north along aisle C, 1 m from the parallel slots
				got = map[string]Found{}
				x := 45 - 1 - c.g.WidthM/2
				for y := -3.0; y < 25; y += 0.25 {
					wx, wy := c.area.ToWorld(x, y)
					for _, f := range d.Observe(Pose{wx, wy, math.Pi / 2}, c.speed, c.area) {
						got[f.Slot.ID] = f
					}
				}
				f, ok := got["50"]
				if !ok || f.Fits || f.Side != Right || f.Reason.Code != CodeTooSmall || !strings.HasPrefix(f.Reason.Msg.Key, "parking.reason.") {
					t.Fatalf("slot 50: %+v (found %v)", f, ok)
				}
				return
			}
			got = drivePast(d, c.area, c.x0, c.x1, c.y, c.speed)
			if c.wantCount >= 0 && len(got) != c.wantCount {
				t.Errorf("found %d slots, want %d", len(got), c.wantCount)
			}
			for id, w := range c.want {
				f, ok := got[id]
				if !ok {
					t.Errorf("slot %s not found", id)
					continue
				}
				if f.Side != w.side || f.Slot.Occupied != w.occupied || f.Fits != w.fits {
					t.Errorf("slot %s: side %s occupied %v fits %v, want %s %v %v (%s)", id, f.Side, f.Slot.Occupied, f.Fits, w.side, w.occupied, w.fits, f.Reason.Msg.Key)
				}
				if !f.Fits && !strings.HasPrefix(f.Reason.Msg.Key, "parking.reason.") {
					t.Errorf("slot %s: no reason", id)
				}
			}
			for _, id := range c.notFound {
				if _, ok := got[id]; ok {
					t.Errorf("slot %s found", id)
				}
			}
			// numbers are 1..n in order
			for i, f := range d.Found() {
				if f.Number != i+1 {
					t.Errorf("found[%d] has number %d", i, f.Number)
				}
			}
		})
	}
}

func TestDetectorPick(t *testing.T) {
	m := loadMap(t)
	mall := m.ParkingArea("mall-garage")
	g := loadGeometry(t, "xiaomi-su7")
	d := NewDetector(g)
	drivePast(d, mall, -3, 22, -3+1+g.WidthM/2, 10)
	f, ok := d.Pick(Right)
	if !ok || f.Slot.ID != "8" {
		t.Fatalf("Pick(right) = %s %v, want the last free one passed, 8", f.Slot.ID, ok)
	}
	if _, ok := d.Pick(Left); ok {
		t.Fatal("nothing was found on the left")
	}
	if f3, ok := d.Number(3); !ok || f3.Slot.ID != "3" {
		t.Fatalf("Number(3) = %+v", f3)
	}
}
