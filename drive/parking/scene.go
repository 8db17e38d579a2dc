package parking

import (
	"math"

	"github.com/nevsim/cockpit/drive/world"
)

// ProximityRangeM is how far the proximity sensors see; beyond it
// ProximityM reports +Inf (no beep).
const ProximityRangeM = 2.5

// SceneSlot is a slot outline for the top-down view.
type SceneSlot struct {
	ID     string
	Number int // the found number, 0 when not (yet) found
	// Label is the slot's name on screen and by voice, the one every view
	// shows (Found.Label): its number once found, its map id when it was
	// chosen without being measured, "" otherwise (not shown).
	Label string
	// Side is the side of the car the slot was found on, "" when not
	// found: the list groups slots by it.
	Side     Side
	Outline  [4]Point
	Kind     world.SlotKind
	Occupied bool
	Fits     bool // found, free and the car fits
	Selected bool
}

// Corner names a corner of the car for proximity readings.
type Corner string

// The car's corners.
const (
	FrontLeft  Corner = "front_left"
	FrontRight Corner = "front_right"
	RearLeft   Corner = "rear_left"
	RearRight  Corner = "rear_right"
)

// CornerDistance is the distance from one corner of the car to the nearest
// obstacle, +Inf beyond ProximityRangeM.
type CornerDistance struct {
	Corner    Corner
	Point     Point
	DistanceM float64
}

// Scene is everything the top-down view draws, in world metres: the UI
// picks the window and scale.
type Scene struct {
	State   State
	Car     [4]Point // outline, counter-clockwise from the rear right corner
	CarPose Pose
	Slots   []SceneSlot
	// Neighbours are the parked cars, Kerbs the kerbs, walls and area
	// bounds; Obstacles the moving obstacles as perceived.
	Neighbours []Obstacle
	Kerbs      []Obstacle
	Obstacles  []Obstacle
	// Path is the planned rear-axle trace sampled every 0.2 m; Driven is
	// how many of its points are already behind the car. Cusps are the
	// indexes where the gear changes.
	Path   []Point
	Driven int
	Cusps  []int
	// Corners are the proximity readings; ProximityM is their minimum.
	Corners    [4]CornerDistance
	ProximityM float64
}

// Scene returns the top-down view of the car and the area it is in.
func (m *Machine) Scene() Scene {
	sc := Scene{State: m.state, CarPose: m.pose, Car: m.G.Footprint(m.pose, 0)}
	if a := m.area; a != nil {
		num := map[string]Found{}
		for _, f := range m.Det.Found() {
			if f.Area == a.ID {
				num[f.Slot.ID] = f
			}
		}
		for i := range a.Slots {
			s := &a.Slots[i]
			f, found := num[s.ID]
			sl := SceneSlot{ID: s.ID, Number: f.Number, Side: f.Side, Outline: SlotOutline(a, s), Kind: s.Kind,
				Occupied: s.Occupied, Fits: f.Fits, Selected: m.selected.Area == a.ID && m.selected.Slot.ID == s.ID}
			switch {
			case found:
				sl.Label = f.Label()
			case sl.Selected:
				sl.Label = m.selectedLabel
			}
			sc.Slots = append(sc.Slots, sl)
		}
		for _, o := range m.static {
			if o.Kind == ObstacleCar {
				sc.Neighbours = append(sc.Neighbours, o)
			} else {
				sc.Kerbs = append(sc.Kerbs, o)
			}
		}
	}
	sc.Obstacles = append(sc.Obstacles, m.perceived...)
	if m.hasPath {
		const step = 0.2
		pose := m.path.Start
		sc.Path = append(sc.Path, Point{pose.X, pose.Y})
		d := 0.0
		for i, s := range m.path.Segments {
			if i > 0 && m.path.Segments[i-1].Gear != s.Gear {
				sc.Cusps = append(sc.Cusps, len(sc.Path)-1)
			}
			n := int(math.Ceil(s.LengthM / step))
			for j := 1; j <= n; j++ {
				q := advance(pose, s.Curvature, float64(s.Gear)*s.LengthM*float64(j)/float64(n))
				sc.Path = append(sc.Path, Point{q.X, q.Y})
				if d+s.LengthM*float64(j)/float64(n) <= m.s+1e-9 {
					sc.Driven = len(sc.Path)
				}
			}
			d += s.LengthM
			pose = advance(pose, s.Curvature, s.signed())
		}
		if m.s <= 0 {
			sc.Driven = 1
		}
	}
	sc.Corners, sc.ProximityM = m.proximity()
	return sc
}

// ProximityM is the distance from the car's body to the nearest obstacle
// (parked cars, kerbs, perceived moving obstacles), or +Inf when nothing is
// within ProximityRangeM: the sound layer raises the beep rate as it falls.
func (m *Machine) ProximityM() float64 {
	_, d := m.proximity()
	return d
}

func (m *Machine) proximity() ([4]CornerDistance, float64) {
	fp := m.G.Footprint(m.pose, 0)
	// Footprint order: rear right, front right, front left, rear left
	cs := [4]CornerDistance{{Corner: RearRight, Point: fp[0]}, {Corner: FrontRight, Point: fp[1]},
		{Corner: FrontLeft, Point: fp[2]}, {Corner: RearLeft, Point: fp[3]}}
	for i := range cs {
		cs[i].DistanceM = math.Inf(1)
	}
	body := math.Inf(1)
	ctr := m.G.Centre(m.pose)
	reach := math.Hypot(m.G.length()/2, m.G.WidthM/2) + ProximityRangeM
	check := func(o *Obstacle) {
		c := o.Centre()
		if len(o.Points) == 2 {
			if distPointSeg(ctr, o.Points[0], o.Points[1]) > reach {
				return
			}
		} else if math.Hypot(c.X-ctr.X, c.Y-ctr.Y) > reach+o.r {
			return
		}
		body = math.Min(body, polyDist(fp[:], o.Points))
		for i := range cs {
			cs[i].DistanceM = math.Min(cs[i].DistanceM, polyDist([]Point{cs[i].Point, cs[i].Point}, o.Points))
		}
	}
	for i := range m.static {
		if m.static[i].Kind != ObstacleBounds {
			check(&m.static[i])
		}
	}
	for i := range m.perceived {
		check(&m.perceived[i])
	}
	for i := range cs {
		if cs[i].DistanceM > ProximityRangeM {
			cs[i].DistanceM = math.Inf(1)
		}
	}
	if body > ProximityRangeM {
		body = math.Inf(1)
	}
	return cs, body
}

// Touches reports whether the car's body at p overlaps any of the
// obstacles (no margin): the drive loop's collision test against the true
// obstacles.
func (g Geometry) Touches(p Pose, obstacles []Obstacle) bool {
	fp := g.Footprint(p, 0)
	for i := range obstacles {
		if len(obstacles[i].Points) >= 2 && overlaps(fp[:], obstacles[i].Points) {
			return true
		}
	}
	return false
}
