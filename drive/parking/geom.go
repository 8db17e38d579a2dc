package parking

import (
	"math"

	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// Pose is the position of the car's rear-axle centre and its heading, in
// world metres (x east, y north) and radians (0 = east, counter-clockwise),
// the map's convention. The rear axle is the reference point because a
// kinematic (bicycle-model) car turns about a point on its extension, which
// makes arcs exact.
type Pose struct {
	X, Y, HeadingRad float64
}

// Point is a 2-D point in world metres.
type Point struct{ X, Y float64 }

// Geometry is the car's footprint and steering limit, taken from
// vehicle.Profile so that a long SUV plans differently from a compact sedan.
type Geometry struct {
	LengthM, WidthM, WheelbaseM, FrontOverhangM, RearOverhangM float64
	// MinTurningRadiusM is the OEM kerb-to-kerb figure: the radius of the
	// outer front wheel's circle at full lock (see RearAxleRadiusM).
	MinTurningRadiusM float64
}

// RearAxleRadiusM is the turning radius of the rear-axle centre at full
// lock, the radius the planner uses. OEMs quote the outer front wheel's
// radius R; with wheelbase L and track T (about the width less 0.2 m) the
// rear-axle radius is sqrt(R² − L²) − T/2. A profile whose figure is smaller
// than the wheelbase is treated as the rear-axle radius itself.
func (g Geometry) RearAxleRadiusM() float64 {
	r, l := g.MinTurningRadiusM, g.WheelbaseM
	track := g.WidthM - 0.2
	if r <= l || track <= 0 {
		return math.Max(r, 1)
	}
	ra := math.Sqrt(r*r-l*l) - track/2
	if ra < 1 {
		ra = 1
	}
	return ra
}

// MaxCurvature is 1 / RearAxleRadiusM, the largest steering curvature.
func (g Geometry) MaxCurvature() float64 { return 1 / g.RearAxleRadiusM() }

// centreOffset is the distance from the rear axle to the footprint's centre
// along the heading.
func (g Geometry) centreOffset() float64 {
	return (g.WheelbaseM + g.FrontOverhangM - g.RearOverhangM) / 2
}

// length returns the footprint length: the profile's LengthM, or the sum of
// wheelbase and overhangs when LengthM is missing.
func (g Geometry) length() float64 {
	if g.LengthM > 0 {
		return g.LengthM
	}
	return g.WheelbaseM + g.FrontOverhangM + g.RearOverhangM
}

// Valid reports whether the geometry can be planned for.
func (g Geometry) Valid() bool {
	return g.WidthM > 0 && g.WheelbaseM > 0 && g.FrontOverhangM >= 0 && g.RearOverhangM >= 0 &&
		g.MinTurningRadiusM > 0 && finite(g.WidthM, g.WheelbaseM, g.FrontOverhangM, g.RearOverhangM, g.MinTurningRadiusM)
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// Footprint returns the car's outline at pose p, inflated by margin metres
// on every side, counter-clockwise from the rear right corner.
func (g Geometry) Footprint(p Pose, margin float64) [4]Point {
	c, s := math.Cos(p.HeadingRad), math.Sin(p.HeadingRad)
	rear := -g.RearOverhangM - margin
	front := g.length() - g.RearOverhangM + margin
	hw := g.WidthM/2 + margin
	at := func(lon, lat float64) Point {
		return Point{p.X + c*lon - s*lat, p.Y + s*lon + c*lat}
	}
	return [4]Point{at(rear, -hw), at(front, -hw), at(front, hw), at(rear, hw)}
}

// Centre returns the centre of the car's footprint at pose p.
func (g Geometry) Centre(p Pose) Point {
	d := g.centreOffset()
	return Point{p.X + d*math.Cos(p.HeadingRad), p.Y + d*math.Sin(p.HeadingRad)}
}

// poseForCentre is the rear-axle pose that puts the footprint's centre at
// (x, y) with the given heading.
func (g Geometry) poseForCentre(x, y, heading float64) Pose {
	d := g.centreOffset()
	return Pose{x - d*math.Cos(heading), y - d*math.Sin(heading), normAngle(heading)}
}

// normAngle wraps an angle to (−π, π].
func normAngle(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	if a > math.Pi {
		a -= 2 * math.Pi
	} else if a <= -math.Pi {
		a += 2 * math.Pi
	}
	return a
}

// advance moves a pose by signed distance ds (negative = reversing) along
// an arc of curvature k (1/m, positive = steering left). Exact for arcs.
func advance(p Pose, k, ds float64) Pose {
	if math.Abs(k) < 1e-9 {
		return Pose{p.X + ds*math.Cos(p.HeadingRad), p.Y + ds*math.Sin(p.HeadingRad), p.HeadingRad}
	}
	th := p.HeadingRad + k*ds
	return Pose{
		p.X + (math.Sin(th)-math.Sin(p.HeadingRad))/k,
		p.Y - (math.Cos(th)-math.Cos(p.HeadingRad))/k,
		normAngle(th),
	}
}

// ObstacleKind says what an obstacle is; it chooses the safety margin and
// how the top-down view draws it.
type ObstacleKind string

// The obstacle kinds.
const (
	ObstacleCar        ObstacleKind = "car"        // a parked or moving car
	ObstacleKerb       ObstacleKind = "kerb"       // a kerb or wall segment
	ObstacleBounds     ObstacleKind = "bounds"     // the edge of the parking area
	ObstaclePedestrian ObstacleKind = "pedestrian" // a person (a small box)
	ObstacleOther      ObstacleKind = "other"      // a pillar, trolley, cone...
)

// Obstacle is a convex outline in world metres: two points for a kerb or
// wall segment, four (counter-clockwise) for a box.
type Obstacle struct {
	Kind   ObstacleKind
	ID     string
	Points []Point
	// bounding circle, filled by prepare
	cx, cy, r float64
}

// BoxObstacle returns a box of the given size centred at (x, y), its long
// axis along headingRad.
func BoxObstacle(kind ObstacleKind, id string, x, y, headingRad, lengthM, widthM float64) Obstacle {
	c, s := math.Cos(headingRad), math.Sin(headingRad)
	hl, hw := lengthM/2, widthM/2
	at := func(lon, lat float64) Point { return Point{x + c*lon - s*lat, y + s*lon + c*lat} }
	o := Obstacle{Kind: kind, ID: id, Points: []Point{at(-hl, -hw), at(hl, -hw), at(hl, hw), at(-hl, hw)}}
	o.prepare()
	return o
}

// SegmentObstacle returns a kerb or wall from a to b.
func SegmentObstacle(kind ObstacleKind, id string, a, b Point) Obstacle {
	o := Obstacle{Kind: kind, ID: id, Points: []Point{a, b}}
	o.prepare()
	return o
}

func (o *Obstacle) prepare() {
	var sx, sy float64
	for _, p := range o.Points {
		sx += p.X
		sy += p.Y
	}
	n := float64(len(o.Points))
	if n == 0 {
		return
	}
	o.cx, o.cy = sx/n, sy/n
	o.r = 0
	for _, p := range o.Points {
		o.r = math.Max(o.r, math.Hypot(p.X-o.cx, p.Y-o.cy))
	}
}

// Centre returns the centre of the obstacle's outline.
func (o *Obstacle) Centre() Point {
	if o.r == 0 && len(o.Points) > 0 {
		o.prepare()
	}
	return Point{o.cx, o.cy}
}

// project returns the extent of pts along axis (ax, ay).
func project(pts []Point, ax, ay float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		d := p.X*ax + p.Y*ay
		lo = math.Min(lo, d)
		hi = math.Max(hi, d)
	}
	return lo, hi
}

// overlaps reports whether the convex polygon a (the car's rectangle)
// intersects the convex polygon or segment b, by the separating-axis
// theorem; a segment also contributes its own direction as an axis.
func overlaps(a []Point, b []Point) bool {
	test := func(p, q Point) bool {
		ax, ay := -(q.Y - p.Y), q.X-p.X
		l1, h1 := project(a, ax, ay)
		l2, h2 := project(b, ax, ay)
		return h1 < l2 || h2 < l1
	}
	for i := range a {
		if test(a[i], a[(i+1)%len(a)]) {
			return false
		}
	}
	if len(b) == 2 {
		if test(b[0], b[1]) {
			return false
		}
		// the segment's direction: its normal's normal
		p, q := b[0], b[1]
		return !test(p, Point{p.X - (q.Y - p.Y), p.Y + (q.X - p.X)})
	}
	for i := range b {
		if test(b[i], b[(i+1)%len(b)]) {
			return false
		}
	}
	return true
}

// distPointSeg is the distance from p to segment ab.
func distPointSeg(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / l2
		t = math.Max(0, math.Min(1, t))
	}
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

// segSegDist is the distance between segments ab and cd (0 when they cross).
func segSegDist(a, b, c, d Point) float64 {
	if segsCross(a, b, c, d) {
		return 0
	}
	return math.Min(math.Min(distPointSeg(a, c, d), distPointSeg(b, c, d)),
		math.Min(distPointSeg(c, a, b), distPointSeg(d, a, b)))
}

func segsCross(a, b, c, d Point) bool {
	o := func(p, q, r Point) float64 { return (q.X-p.X)*(r.Y-p.Y) - (q.Y-p.Y)*(r.X-p.X) }
	d1, d2 := o(c, d, a), o(c, d, b)
	d3, d4 := o(a, b, c), o(a, b, d)
	return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

// polyDist is the distance between two convex outlines (0 when they
// overlap), used for proximity readings.
func polyDist(a, b []Point) float64 {
	if overlaps(a, b) {
		return 0
	}
	best := math.Inf(1)
	for i := range a {
		p, q := a[i], a[(i+1)%len(a)]
		for j := range b {
			if len(b) == 2 && j == 1 {
				break
			}
			r, s := b[j], b[(j+1)%len(b)]
			best = math.Min(best, segSegDist(p, q, r, s))
		}
	}
	return best
}

// slotWorldPose returns the slot's centre and long-axis heading (radians)
// in world metres.
func slotWorldPose(area *world.ParkingArea, s *world.Slot) (x, y, heading float64) {
	x, y = s.X, s.Y
	if area != nil {
		x, y = area.ToWorld(s.X, s.Y)
	}
	return x, y, s.HeadingDeg * math.Pi / 180
}

// SlotOutline returns the slot's four corners in world metres (area may be
// nil when the slot is already in world coordinates).
func SlotOutline(area *world.ParkingArea, s *world.Slot) [4]Point {
	var out [4]Point
	for i, c := range s.Corners() {
		x, y := c[0], c[1]
		if area != nil {
			x, y = area.ToWorld(x, y)
		}
		out[i] = Point{x, y}
	}
	return out
}

// GeometryOf takes the car's dimensions from its vehicle profile.
func GeometryOf(p *vehicle.Profile) Geometry {
	return Geometry{
		LengthM: p.LengthM, WidthM: p.WidthM, WheelbaseM: p.WheelbaseM,
		FrontOverhangM: p.FrontOverhangM, RearOverhangM: p.RearOverhangM,
		MinTurningRadiusM: p.MinTurningRadiusM,
	}
}
