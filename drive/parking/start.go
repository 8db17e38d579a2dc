package parking

import (
	"math"

	"github.com/nevsim/cockpit/drive/world"
)

// aisleFrame returns, for the slot's aisle, the point of its centre line
// nearest the slot and the unit direction of travel there (world frame).
// The direction follows the aisle's point order, except that for angled
// slots it is the one that lets the car turn in nose first and for
// parallel slots the slot's heading.
func aisleFrame(area *world.ParkingArea, s *world.Slot) (p Point, dir Point, ok bool) {
	a := area.Aisle(s.Aisle)
	if a == nil || len(a.Points) < 2 {
		return Point{}, Point{}, false
	}
	best := math.Inf(1)
	c := Point{s.X, s.Y}
	for i := 1; i < len(a.Points); i++ {
		p0 := Point{a.Points[i-1][0], a.Points[i-1][1]}
		p1 := Point{a.Points[i][0], a.Points[i][1]}
		if d := distPointSeg(c, p0, p1); d < best {
			best = d
			dx, dy := p1.X-p0.X, p1.Y-p0.Y
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			dir = Point{dx / l, dy / l}
			t := ((c.X-p0.X)*dx + (c.Y-p0.Y)*dy) / (l * l)
			t = math.Max(0, math.Min(1, t))
			p = Point{p0.X + t*dx, p0.Y + t*dy}
		}
	}
	h := s.HeadingDeg * math.Pi / 180
	hx, hy := math.Cos(h), math.Sin(h)
	switch s.Kind {
	case world.Angled:
		if dir.X*hx+dir.Y*hy < 0 && !a.OneWay {
			dir = Point{-dir.X, -dir.Y}
		}
	case world.Parallel:
		if dir.X*hx+dir.Y*hy < 0 && !a.OneWay {
			dir = Point{-dir.X, -dir.Y}
		}
	}
	wx, wy := area.ToWorld(p.X, p.Y)
	return Point{wx, wy}, dir, true
}

// PassingPose is where a car of geometry g stands after driving past slot
// s along its aisle: parallel to the aisle, its side gapM from the row of
// slots (the detector's 0.5-1.5 m), its rear axle pastM beyond the slot's
// centre. It is the usual start of an APA manoeuvre, and what tests and
// scenarios use as a start pose.
func PassingPose(area *world.ParkingArea, s *world.Slot, g Geometry, gapM, pastM float64) (Pose, bool) {
	ap, dir, ok := aisleFrame(area, s)
	if !ok {
		return Pose{}, false
	}
	nx, ny := -dir.Y, dir.X // left of the direction of travel
	// the row edge: the slot corner nearest the aisle centre line, measured
	// across the aisle on the slot's side
	cx, cy := area.ToWorld(s.X, s.Y)
	side := 1.0
	if (cx-ap.X)*nx+(cy-ap.Y)*ny < 0 {
		side = -1
	}
	edge := math.Inf(1)
	for _, c := range SlotOutline(area, s) {
		edge = math.Min(edge, side*((c.X-ap.X)*nx+(c.Y-ap.Y)*ny))
	}
	lat := side * (edge - gapM - g.WidthM/2)
	along := (cx-ap.X)*dir.X + (cy-ap.Y)*dir.Y + pastM
	return Pose{
		X:          ap.X + dir.X*along + nx*lat,
		Y:          ap.Y + dir.Y*along + ny*lat,
		HeadingRad: math.Atan2(dir.Y, dir.X),
	}, true
}
