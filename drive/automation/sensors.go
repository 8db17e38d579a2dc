package automation

import (
	"fmt"
	"math"
)

// Sensors is how the car's own perception sees the road ahead: the fused
// forward radar and camera the L2 and L3 systems, the minimal-risk
// manoeuvre and the emergency brake all read. It is the system's, never the
// driver's: the human's reaction time and gaze play no part in it (the
// simulated driver keeps a perception of its own for manual driving).
type Sensors struct {
	// RangeM is how far ahead an object in the lane is detected.
	// source: long-range radar 200-300 m (Continental ARS540 300 m; Bosch
	// front radar 210 m); 200 m is the conservative end.
	RangeM float64
	// FOVDeg is the horizontal field of view, centred ahead: an object
	// whose bearing is outside ±FOVDeg/2 is not seen (a car cutting in
	// close from the next lane enters it late).
	// source: front camera about 50-60° (Mobileye EyeQ main camera 52°).
	FOVDeg float64
	// LatencyS is the perception latency: from an object becoming
	// detectable to a confirmed track the planner acts on.
	// source: design 0.3 s (a few camera frames and radar cycles of track
	// confirmation); the R157 reference driver needs 0.75 s to brake.
	LatencyS float64
	// EmergencyDecelMps2 is the strongest braking the system commands in
	// an emergency manoeuvre, beyond the 4 m/s² comfort limit.
	// source: UN R157 §5.2.5 (an emergency manoeuvre may exceed the
	// lateral and longitudinal comfort limits); design 9 m/s² full braking.
	EmergencyDecelMps2 float64
	// ComfortDecelMps2 is the strongest braking while the system drives
	// normally and during the MRM, unless a collision needs more.
	// source: R157 §5.5 4.0 m/s².
	ComfortDecelMps2 float64
}

// Assist is the driver assistance of manual driving: forward-collision
// warning, automatic emergency braking and lane-departure warning. They
// read the same sensors as the automation.
type Assist struct {
	// FCWTTCS warns when the time to collision with a seen object falls
	// below it and the driver is not braking enough.
	// source: NHTSA FCW confirmation test (2013): an alert by TTC 2.1 s
	// (stopped lead) to 2.4 s (braking lead); 2.4 s covers both.
	FCWTTCS float64
	// FCWReactionS and FCWDecelMps2 warn earlier at speed: when, after a
	// driver's reaction of FCWReactionS, the braking needed to stop short
	// would exceed FCWDecelMps2 (a time to collision alone warns too late
	// for a stopped car at 110 km/h).
	// source: design after the CAMP alert-timing approach (Kiefer et al.
	// 2003, NHTSA): a required-deceleration model with a reaction time.
	FCWReactionS, FCWDecelMps2 float64
	// AEBTTCS brakes automatically below this time to collision when the
	// driver's braking would not avoid the collision.
	// source: design 1.6 s; Euro NCAP AEB Car-to-Car systems brake at TTC
	// about 0.9-1.6 s.
	AEBTTCS float64
	// AEBNeedMps2 also brakes automatically once avoiding the collision
	// needs more than this, whatever the time to collision.
	// source: design 6 m/s², beyond the firm stop the warning asked for.
	AEBNeedMps2 float64
	// AEBDecelMps2 is the automatic emergency brake's deceleration.
	// source: design 9 m/s² (full braking, Euro NCAP targets avoidance).
	AEBDecelMps2 float64
	// LDWMinKmh: lane-departure warning works from this speed.
	// source: ISO 17361 / GB/T 26773-2011 (as recalled: suppressed below
	// about 60 km/h and in roadworks with temporary markings).
	LDWMinKmh float64
	// LDWEarlyM warns when a front wheel is this close to the line.
	// source: ISO 17361 earliest warning line 0.75 m inside the lane
	// boundary (as recalled); design 0.2 m.
	LDWEarlyM float64
}

// R157Sensors are the sensor figures every shipped preset starts from.
func R157Sensors() Sensors {
	return Sensors{RangeM: 200, FOVDeg: 52, LatencyS: 0.3, EmergencyDecelMps2: 9, ComfortDecelMps2: 4}
}

// DefaultAssist is the FCW, AEB and LDW of the shipped presets.
func DefaultAssist() Assist {
	return Assist{FCWTTCS: 2.4, FCWReactionS: 1.2, FCWDecelMps2: 5, AEBTTCS: 1.6, AEBNeedMps2: 6, AEBDecelMps2: 9, LDWMinKmh: 60, LDWEarlyM: 0.2}
}

// validateSensing reports the first sensor or assist figure that would
// blind the car or make it brake in the wrong place.
func (p *Params) validateSensing() (string, error) {
	checks := []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"sensors.range_m", p.Sensors.RangeM, 30, 500},
		{"sensors.fov_deg", p.Sensors.FOVDeg, 10, 180},
		// the R157 reference driver brakes 0.75 s after perceiving: a
		// system slower than that could not avoid what it avoids
		{"sensors.latency_s", p.Sensors.LatencyS, 0, 0.75},
		{"sensors.comfort_decel_mps2", p.Sensors.ComfortDecelMps2, 1, 4},
		{"sensors.emergency_decel_mps2", p.Sensors.EmergencyDecelMps2, p.Sensors.ComfortDecelMps2, 10},
		{"assist.fcw_ttc_s", p.Assist.FCWTTCS, 0.5, 5},
		{"assist.fcw_reaction_s", p.Assist.FCWReactionS, 0, 3},
		{"assist.fcw_decel_mps2", p.Assist.FCWDecelMps2, 1, 9},
		{"assist.aeb_ttc_s", p.Assist.AEBTTCS, 0.3, p.Assist.FCWTTCS},
		{"assist.aeb_need_mps2", p.Assist.AEBNeedMps2, p.Assist.FCWDecelMps2, 10},
		{"assist.aeb_decel_mps2", p.Assist.AEBDecelMps2, 2, 10},
		{"assist.ldw_min_kmh", p.Assist.LDWMinKmh, 0, 130},
		{"assist.ldw_early_m", p.Assist.LDWEarlyM, 0, 0.75},
	}
	for _, c := range checks {
		if math.IsNaN(c.v) || c.v < c.lo || c.v > c.hi {
			return c.name, fmt.Errorf("%g is outside %g..%g", c.v, c.lo, c.hi)
		}
	}
	return "", nil
}
