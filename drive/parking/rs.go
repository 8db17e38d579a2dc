package parking

import (
	"math"
	"sort"
)

// Reeds-Shepp curves: the shortest paths for a car that may drive forwards
// and backwards with a bounded turning radius (Reeds & Shepp 1990). The
// formulas follow the formulation of OMPL's ReedsSheppStateSpace, for a unit
// radius. Every candidate is integrated and kept only when it really ends at
// the goal, so a formula slip can cost a candidate but never yield a wrong
// path.

type rsSeg byte

const (
	rsN rsSeg = iota // none
	rsL              // turn left
	rsS              // straight
	rsR              // turn right
)

var rsTypes = [18][5]rsSeg{
	{rsL, rsR, rsL, rsN, rsN}, {rsR, rsL, rsR, rsN, rsN},
	{rsL, rsR, rsL, rsR, rsN}, {rsR, rsL, rsR, rsL, rsN},
	{rsL, rsR, rsS, rsL, rsN}, {rsR, rsL, rsS, rsR, rsN},
	{rsL, rsS, rsR, rsL, rsN}, {rsR, rsS, rsL, rsR, rsN},
	{rsL, rsR, rsS, rsR, rsN}, {rsR, rsL, rsS, rsL, rsN},
	{rsR, rsS, rsR, rsL, rsN}, {rsL, rsS, rsL, rsR, rsN},
	{rsL, rsS, rsR, rsN, rsN}, {rsR, rsS, rsL, rsN, rsN},
	{rsL, rsS, rsL, rsN, rsN}, {rsR, rsS, rsR, rsN, rsN},
	{rsL, rsR, rsS, rsL, rsR}, {rsR, rsL, rsS, rsR, rsL},
}

// rsPath is one candidate for a unit radius: segment types and signed
// lengths (radians for arcs, radius units for straights; negative means
// reversing).
type rsPath struct {
	t   [5]rsSeg
	len [5]float64
}

const rsZero = 1e-9

func mod2pi(x float64) float64 {
	v := math.Mod(x, 2*math.Pi)
	if v < -math.Pi {
		v += 2 * math.Pi
	} else if v > math.Pi {
		v -= 2 * math.Pi
	}
	return v
}

func polar(x, y float64) (r, theta float64) { return math.Hypot(x, y), math.Atan2(y, x) }

func tauOmega(u, v, xi, eta, phi float64) (tau, omega float64) {
	delta := mod2pi(u - v)
	a := math.Sin(u) - math.Sin(delta)
	b := math.Cos(u) - math.Cos(delta) - 1
	t1 := math.Atan2(eta*a-xi*b, xi*a+eta*b)
	t2 := 2*(math.Cos(delta)-math.Cos(v)-math.Cos(u)) + 3
	if t2 < 0 {
		tau = mod2pi(t1 + math.Pi)
	} else {
		tau = mod2pi(t1)
	}
	omega = mod2pi(tau - u + v - phi)
	return
}

func lpSpLp(x, y, phi float64) (t, u, v float64, ok bool) {
	u, t = polar(x-math.Sin(phi), y-1+math.Cos(phi))
	if t >= -rsZero {
		v = mod2pi(phi - t)
		if v >= -rsZero {
			return t, u, v, true
		}
	}
	return 0, 0, 0, false
}

func lpSpRm(x, y, phi float64) (t, u, v float64, ok bool) {
	u1, t1 := polar(x+math.Sin(phi), y-1-math.Cos(phi))
	u1 *= u1
	if u1 >= 4 {
		u = math.Sqrt(u1 - 4)
		theta := math.Atan2(2, u)
		t = mod2pi(t1 + theta)
		v = mod2pi(t - phi)
		return t, u, v, t >= -rsZero && v >= -rsZero
	}
	return 0, 0, 0, false
}

func lpRmL(x, y, phi float64) (t, u, v float64, ok bool) {
	xi, eta := x-math.Sin(phi), y-1+math.Cos(phi)
	u1, theta := polar(xi, eta)
	if u1 <= 4 {
		u = -2 * math.Asin(0.25*u1)
		t = mod2pi(theta + 0.5*u + math.Pi)
		v = mod2pi(phi - t + u)
		return t, u, v, t >= -rsZero && u <= rsZero
	}
	return 0, 0, 0, false
}

func lpRupLumRm(x, y, phi float64) (t, u, v float64, ok bool) {
	xi, eta := x+math.Sin(phi), y-1-math.Cos(phi)
	rho := 0.25 * (2 + math.Hypot(xi, eta))
	if rho <= 1 {
		u = math.Acos(rho)
		t, v = tauOmega(u, -u, xi, eta, phi)
		return t, u, v, t >= -rsZero && v <= rsZero
	}
	return 0, 0, 0, false
}

func lpRumLumRp(x, y, phi float64) (t, u, v float64, ok bool) {
	xi, eta := x+math.Sin(phi), y-1-math.Cos(phi)
	rho := (20 - xi*xi - eta*eta) / 16
	if rho >= 0 && rho <= 1 {
		u = -math.Acos(rho)
		if u >= -0.5*math.Pi {
			t, v = tauOmega(u, u, xi, eta, phi)
			return t, u, v, t >= -rsZero && v >= -rsZero
		}
	}
	return 0, 0, 0, false
}

func lpRmSmLm(x, y, phi float64) (t, u, v float64, ok bool) {
	xi, eta := x-math.Sin(phi), y-1+math.Cos(phi)
	rho, theta := polar(xi, eta)
	if rho >= 2 {
		r := math.Sqrt(rho*rho - 4)
		u = 2 - r
		t = mod2pi(theta + math.Atan2(r, -2))
		v = mod2pi(phi - 0.5*math.Pi - t)
		return t, u, v, t >= -rsZero && u <= rsZero && v <= rsZero
	}
	return 0, 0, 0, false
}

func lpRmSmRm(x, y, phi float64) (t, u, v float64, ok bool) {
	xi, eta := x+math.Sin(phi), y-1-math.Cos(phi)
	rho, theta := polar(-eta, xi)
	if rho >= 2 {
		t = theta
		u = 2 - rho
		v = mod2pi(t + 0.5*math.Pi - phi)
		return t, u, v, t >= -rsZero && u <= rsZero && v <= rsZero
	}
	return 0, 0, 0, false
}

func lpRmSLmRp(x, y, phi float64) (t, u, v float64, ok bool) {
	xi, eta := x+math.Sin(phi), y-1-math.Cos(phi)
	rho, _ := polar(xi, eta)
	if rho >= 2 {
		u = 4 - math.Sqrt(rho*rho-4)
		if u <= rsZero {
			t = mod2pi(math.Atan2((4-u)*xi-2*eta, -2*xi+(u-4)*eta))
			v = mod2pi(t - phi)
			return t, u, v, t >= -rsZero && v >= -rsZero
		}
	}
	return 0, 0, 0, false
}

// rsCandidates returns every Reeds-Shepp candidate from the origin (heading
// 0) to (x, y, phi), unit radius.
func rsCandidates(x, y, phi float64) []rsPath {
	out := make([]rsPath, 0, 48)
	add := func(ty int, ls ...float64) {
		var p rsPath
		p.t = rsTypes[ty]
		copy(p.len[:], ls)
		out = append(out, p)
	}
	type fn func(x, y, phi float64) (float64, float64, float64, bool)
	// the four symmetries: identity, timeflip, reflect, both
	sym := func(f fn, x, y, phi float64, base, refl int, mk func(ty int, sgn float64, t, u, v float64)) {
		if t, u, v, ok := f(x, y, phi); ok {
			mk(base, 1, t, u, v)
		}
		if t, u, v, ok := f(-x, y, -phi); ok {
			mk(base, -1, t, u, v)
		}
		if t, u, v, ok := f(x, -y, -phi); ok {
			mk(refl, 1, t, u, v)
		}
		if t, u, v, ok := f(-x, -y, phi); ok {
			mk(refl, -1, t, u, v)
		}
	}
	three := func(ty int, s, t, u, v float64) { add(ty, s*t, s*u, s*v) }
	// CSC
	sym(lpSpLp, x, y, phi, 14, 15, three)
	sym(lpSpRm, x, y, phi, 12, 13, three)
	// CCC
	sym(lpRmL, x, y, phi, 0, 1, three)
	xb := x*math.Cos(phi) + y*math.Sin(phi)
	yb := x*math.Sin(phi) - y*math.Cos(phi)
	sym(lpRmL, xb, yb, phi, 0, 1, func(ty int, s, t, u, v float64) { add(ty, s*v, s*u, s*t) })
	// CCCC
	sym(lpRupLumRm, x, y, phi, 2, 3, func(ty int, s, t, u, v float64) { add(ty, s*t, s*u, -s*u, s*v) })
	sym(lpRumLumRp, x, y, phi, 2, 3, func(ty int, s, t, u, v float64) { add(ty, s*t, s*u, s*u, s*v) })
	// CCSC
	h := 0.5 * math.Pi
	sym(lpRmSmLm, x, y, phi, 4, 5, func(ty int, s, t, u, v float64) { add(ty, s*t, -s*h, s*u, s*v) })
	sym(lpRmSmRm, x, y, phi, 8, 9, func(ty int, s, t, u, v float64) { add(ty, s*t, -s*h, s*u, s*v) })
	sym(lpRmSmLm, xb, yb, phi, 6, 7, func(ty int, s, t, u, v float64) { add(ty, s*v, s*u, -s*h, s*t) })
	sym(lpRmSmRm, xb, yb, phi, 10, 11, func(ty int, s, t, u, v float64) { add(ty, s*v, s*u, -s*h, s*t) })
	// CCSCC
	sym(lpRmSLmRp, x, y, phi, 16, 17, func(ty int, s, t, u, v float64) { add(ty, s*t, -s*h, s*u, -s*h, s*v) })
	return out
}

// reedsShepp returns the Reeds-Shepp candidates from a to b for turning
// radius r as segment lists, verified to end at b and sorted by cost (length
// plus gearPenalty per change of direction).
func reedsShepp(a, b Pose, r, gearPenalty float64) [][]Segment {
	dx, dy := b.X-a.X, b.Y-a.Y
	c, s := math.Cos(a.HeadingRad), math.Sin(a.HeadingRad)
	x := (dx*c + dy*s) / r
	y := (-dx*s + dy*c) / r
	phi := normAngle(b.HeadingRad - a.HeadingRad)
	type cand struct {
		segs []Segment
		cost float64
	}
	var cands []cand
	for _, p := range rsCandidates(x, y, phi) {
		var segs []Segment
		for i, ty := range p.t {
			l := p.len[i]
			if ty == rsN || math.Abs(l) < 1e-9 {
				continue
			}
			g := Forward
			if l < 0 {
				g = Reverse
			}
			k := 0.0
			switch ty {
			case rsL:
				k = 1 / r
			case rsR:
				k = -1 / r
			}
			segs = appendSeg(segs, Segment{Gear: g, Curvature: k, LengthM: math.Abs(l) * r})
		}
		end := a
		for _, sg := range segs {
			end = advance(end, sg.Curvature, sg.signed())
		}
		if math.Hypot(end.X-b.X, end.Y-b.Y) > 1e-3 || math.Abs(normAngle(end.HeadingRad-b.HeadingRad)) > 1e-4 {
			continue
		}
		cost := 0.0
		for i, sg := range segs {
			cost += sg.LengthM
			if i > 0 && segs[i-1].Gear != sg.Gear {
				cost += gearPenalty
			}
		}
		cands = append(cands, cand{segs, cost})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].cost < cands[j].cost })
	out := make([][]Segment, len(cands))
	for i := range cands {
		out[i] = cands[i].segs
	}
	return out
}
