package sim

import "math"

// ReferenceDriver is a braking model of a human driver, used to judge what
// the automation must avoid: UN R157 Annex 3's "competent and careful
// human driver" (shared/reference/handover-and-parking.md §1.9) perceives
// a cut-in, needs 0.75 s from perception to the start of braking, and
// builds up to 0.774 g within 0.6 s. The system must avoid every collision
// this model avoids; what the model cannot avoid is unavoidable by the
// regulation's measure (docs/l3.md tabulates it).
type ReferenceDriver struct {
	// ReactionS is from perceiving the risk to starting to brake.
	ReactionS float64
	// RampS is how long the braking takes to build up to DecelMps2.
	RampS float64
	// DecelMps2 is the full deceleration.
	DecelMps2 float64
}

// R157Reference is the R157 Annex 3 reference driver.
var R157Reference = ReferenceDriver{ReactionS: 0.75, RampS: 0.6, DecelMps2: 0.774 * 9.81}

// MinGapM is the closest the reference driver's car comes to an object
// that appears gap metres ahead moving at vObj while the car drives at v
// (m/s, both along the lane), the object keeping its speed. A result of 0
// or less is a collision.
func (r ReferenceDriver) MinGapM(v, vObj, gap float64) float64 {
	const h = 0.001
	if v <= vObj {
		return gap
	}
	for t := 0.0; ; t += h {
		a := 0.0
		if t > r.ReactionS {
			a = r.DecelMps2 * math.Min((t-r.ReactionS)/r.RampS, 1)
		}
		v = math.Max(v-a*h, 0)
		gap -= (v - vObj) * h
		if gap <= 0 {
			return gap
		}
		if v <= vObj {
			return gap
		}
	}
}

// Avoids reports whether the reference driver stops short of (or matches
// the speed of) the object without touching it.
func (r ReferenceDriver) Avoids(v, vObj, gap float64) bool { return r.MinGapM(v, vObj, gap) > 0 }
