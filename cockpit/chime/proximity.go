package chime

import (
	"math"
	"time"
)

// Parking proximity: the beep repetition interval shrinks linearly from
// ProximitySlowest at ProximityRangeM to ProximityFastest just above
// ProximityContinuousM, and the tone becomes continuous below that, as
// production park-distance controls do (their first zone starts at
// 1.2–1.5 m; the continuous zone at about 0.3 m).
const (
	// ProximityRangeM is the distance from which beeping starts.
	ProximityRangeM = 1.5
	// ProximityContinuousM is the distance below which the tone is steady.
	ProximityContinuousM = 0.3
	// ProximitySlowest is the interval at ProximityRangeM.
	ProximitySlowest = 800 * time.Millisecond
	// ProximityFastest is the interval just above ProximityContinuousM.
	ProximityFastest = 150 * time.Millisecond
	// ProximityStep quantises intervals so that a slowly changing distance
	// does not restart the beep rhythm on every frame.
	ProximityStep = 50 * time.Millisecond
	// NoBeep is what ProximityInterval returns beyond ProximityRangeM: an
	// interval longer than any session, so the function stays monotone.
	NoBeep = time.Duration(math.MaxInt64)
)

const proximityLast = proximityFirst + Sound((ProximitySlowest-ProximityFastest)/ProximityStep)

// ProximityInterval returns the time from one parking beep to the next for
// an obstacle distanceM metres away: 0 means a continuous tone (distance at
// or below ProximityContinuousM, or negative), NoBeep means out of range
// (beyond ProximityRangeM, or NaN). The result never decreases as the
// distance grows.
func ProximityInterval(distanceM float64) time.Duration {
	switch {
	case math.IsNaN(distanceM) || distanceM > ProximityRangeM:
		return NoBeep
	case distanceM <= ProximityContinuousM:
		return 0
	}
	f := (distanceM - ProximityContinuousM) / (ProximityRangeM - ProximityContinuousM)
	return ProximityFastest + time.Duration(f*float64(ProximitySlowest-ProximityFastest))
}

// Proximity returns the sound for an obstacle distanceM metres away:
// ProximityContinuous, a repeating beep whose interval is
// ProximityInterval(distanceM) rounded to ProximityStep, or None when out of
// range. Because equal rates map to equal Sounds, the UI can Play the
// result on every frame; a changed rate replaces the old one.
func Proximity(distanceM float64) Sound {
	iv := ProximityInterval(distanceM)
	switch iv {
	case NoBeep:
		return None
	case 0:
		return ProximityContinuous
	}
	k := (iv - ProximityFastest + ProximityStep/2) / ProximityStep
	return proximityFirst + Sound(k)
}

// proximityPeriod is the loop period of a proximity sound.
func proximityPeriod(s Sound) time.Duration {
	if s == ProximityContinuous {
		return 200 * time.Millisecond
	}
	return ProximityFastest + time.Duration(s-proximityFirst)*ProximityStep
}
