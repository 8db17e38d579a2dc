package chime

import (
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestProximityIntervalTable(t *testing.T) {
	for _, c := range []struct {
		d    float64
		want time.Duration
	}{
		{-1, 0}, {0, 0}, {0.3, 0}, {0.9, 475 * time.Millisecond},
		{1.5, ProximitySlowest}, {1.51, NoBeep}, {math.Inf(1), NoBeep}, {math.NaN(), NoBeep},
	} {
		if got := ProximityInterval(c.d); got != c.want {
			t.Errorf("ProximityInterval(%v) = %v, want %v", c.d, got, c.want)
		}
	}
	if got := ProximityInterval(0.3000001); got < ProximityFastest || got > ProximityFastest+time.Millisecond {
		t.Errorf("just above the continuous zone: %v, want ≈ %v", got, ProximityFastest)
	}
}

// The defining property of parking beeps: closer never means slower.
func TestProximityIntervalMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(-1, 3).Draw(t, "a")
		b := rapid.Float64Range(-1, 3).Draw(t, "b")
		if a > b {
			a, b = b, a
		}
		if ia, ib := ProximityInterval(a), ProximityInterval(b); ia > ib {
			t.Fatalf("interval(%v) = %v > interval(%v) = %v", a, ia, b, ib)
		}
		pa, pb := Proximity(a), Proximity(b)
		if rate(pa) < rate(pb) {
			t.Fatalf("Proximity(%v) = %s beeps slower than Proximity(%v) = %s", a, pa, b, pb)
		}
	})
}

// rate is beeps per second; continuous is infinite, None zero.
func rate(s Sound) float64 {
	switch {
	case s == None:
		return 0
	case s == ProximityContinuous:
		return math.Inf(1)
	}
	return 1 / proximityPeriod(s).Seconds()
}

func TestProximitySounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.Float64Range(0.3001, ProximityRangeM).Draw(t, "d")
		s := Proximity(d)
		if !s.IsProximity() || !s.Continuous() || s == ProximityContinuous {
			t.Fatalf("Proximity(%v) = %s, want a repeating beep", d, s)
		}
		// The loop period is the interval, quantised to ProximityStep.
		if diff := proximityPeriod(s) - ProximityInterval(d); diff < -ProximityStep/2 || diff > ProximityStep/2 {
			t.Fatalf("Proximity(%v) period %v vs interval %v", d, proximityPeriod(s), ProximityInterval(d))
		}
		if Duration(s) != proximityPeriod(s) {
			t.Fatalf("%s renders %v, want %v", s, Duration(s), proximityPeriod(s))
		}
	})
	if Proximity(0.1) != ProximityContinuous || Proximity(2) != None {
		t.Error("want continuous below 0.3 m and nothing beyond 1.5 m")
	}
}
