package parking

import (
	"fmt"
	"math"

	"github.com/nevsim/cockpit/drive/world"
)

// EndError measures how well pose p parks a car of geometry g in slot s
// (world frame): the heading error to the slot's axis (either way round),
// the lateral offset of the car's centre from the slot's centre line, and
// how far the body pokes out of the slot lines (0 when inside).
func EndError(g Geometry, p Pose, s world.Slot) (headingDeg, lateralM, outsideM float64) {
	sh := s.HeadingDeg * math.Pi / 180
	d := math.Abs(normAngle(p.HeadingRad - sh))
	if d > math.Pi/2 {
		d = math.Pi - d
	}
	headingDeg = d * 180 / math.Pi
	c := g.Centre(p)
	ux, uy := math.Cos(sh), math.Sin(sh)
	lateralM = math.Abs(-(c.X-s.X)*uy + (c.Y-s.Y)*ux)
	for _, q := range g.Footprint(p, 0) {
		lon := (q.X-s.X)*ux + (q.Y-s.Y)*uy
		lat := -(q.X-s.X)*uy + (q.Y-s.Y)*ux
		outsideM = math.Max(outsideM, math.Abs(lon)-s.LengthM/2)
		outsideM = math.Max(outsideM, math.Abs(lat)-s.WidthM/2)
	}
	return headingDeg, lateralM, math.Max(outsideM, 0)
}

// CheckPath verifies a path independently of the planner: every segment
// within the car's steering limit; the body, sampled every 2 cm of travel
// with no margin, never touching an obstacle; the gear changes within the
// slot kind's limit; and the end pose within the tolerances (heading,
// lateral offset, body inside the slot lines). The slot and obstacles are
// in the path's frame. It returns nil for a good path.
func CheckPath(par Params, g Geometry, p *Path, s world.Slot, obstacles []Obstacle) error {
	kmax := g.MaxCurvature()
	for i, sg := range p.Segments {
		if math.Abs(sg.Curvature) > kmax*(1+1e-9) {
			return fmt.Errorf("segment %d steers %.4f 1/m, beyond the car's %.4f", i, sg.Curvature, kmax)
		}
		if sg.LengthM < 0 || math.IsNaN(sg.LengthM) {
			return fmt.Errorf("segment %d has length %v", i, sg.LengthM)
		}
	}
	if n := countGearChanges(p.Segments); n != p.GearChanges {
		return fmt.Errorf("path claims %d gear changes, has %d", p.GearChanges, n)
	}
	if lim := par.MaxGears(s.Kind); p.GearChanges > lim {
		return fmt.Errorf("%d gear changes, more than the %d allowed for a %s slot", p.GearChanges, lim, s.Kind)
	}
	exact := par
	exact.MarginCarM, exact.MarginKerbM, exact.MarginPedestrianM = 0, 0, 0
	ck := newChecker(g, obstacles, exact)
	for i, q := range p.Poses(0.02) {
		if !ck.free(q) {
			return fmt.Errorf("the body touches an obstacle at sample %d (%.2f, %.2f, %.1f°)", i, q.X, q.Y, q.HeadingRad*180/math.Pi)
		}
	}
	end := p.End()
	hd, lat, out := EndError(g, end, s)
	switch {
	case hd > par.HeadingTolDeg:
		return fmt.Errorf("ends %.2f° off the slot's axis (≤ %.0f°)", hd, par.HeadingTolDeg)
	case lat > par.LateralTolM:
		return fmt.Errorf("ends %.3f m off the slot's centre line (≤ %.2f m)", lat, par.LateralTolM)
	case out > 0.01:
		return fmt.Errorf("ends %.3f m outside the slot lines", out)
	}
	return nil
}
