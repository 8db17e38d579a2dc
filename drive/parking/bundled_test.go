package parking

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

func loadMap(t testing.TB) *world.Map {
	t.Helper()
	m, err := world.LoadDefault(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func loadGeometry(t testing.TB, id string) Geometry {
	t.Helper()
	p, err := vehicle.Load(assets.FS(), "vehicles/"+id+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	return GeometryOf(p)
}

// worldSlot returns a copy of the slot in world coordinates.
func worldSlot(a *world.ParkingArea, s *world.Slot) world.Slot {
	ws := *s
	ws.X, ws.Y = a.ToWorld(s.X, s.Y)
	return ws
}

// bundledStart is where a driver stops after passing the slot: 1 m from
// the row, the rear axle 3.5 m past the slot's centre, or closer when a
// wall is in the way (the end of an aisle).
func bundledStart(a *world.ParkingArea, s *world.Slot, g Geometry) (Pose, bool) {
	ck := newChecker(g, ObstaclesFor(a, s.ID, DefaultParams()), DefaultParams())
	for _, past := range []float64{3.5, 2.5, 1.5, 0.5, -0.5} {
		p, ok := PassingPose(a, s, g, 1.0, past)
		if ok && ck.free(p) {
			return p, true
		}
	}
	return Pose{}, false
}

// Every free slot of the two bundled car parks, for the SU7 and the L9:
// the planner finds a path that the independent checker accepts. The
// expected failures are listed with their reasons.
func TestBundledCarParks(t *testing.T) {
	m := loadMap(t)
	par := DefaultParams()
	for _, vid := range []string{"xiaomi-su7", "li-auto-l9"} {
		g := loadGeometry(t, vid)
		ok, total := 0, 0
		var fails []string
		for _, a := range m.Parking {
			for i := range a.Slots {
				s := &a.Slots[i]
				if s.Occupied {
					continue
				}
				total++
				start, found := bundledStart(a, s, g)
				if !found {
					fails = append(fails, fmt.Sprintf("%s/%s: no free place to stop next to it", a.ID, s.ID))
					continue
				}
				p, err := PlanInArea(g, start, a, s.ID, nil)
				if err != nil {
					fails = append(fails, fmt.Sprintf("%s/%s: %v", a.ID, s.ID, err))
					continue
				}
				if err := CheckPath(par, g, &p, worldSlot(a, s), ObstaclesFor(a, s.ID, par)); err != nil {
					t.Errorf("%s %s/%s: planned path fails the check: %v", vid, a.ID, s.ID, err)
					continue
				}
				ok++
			}
		}
		t.Logf("%s: %d of %d free slots parked; failures: %s", vid, ok, total, strings.Join(fails, "; "))
		if ok < total {
			t.Errorf("%s: %d of %d free slots: %s", vid, ok, total, strings.Join(fails, "; "))
		}
	}
}
