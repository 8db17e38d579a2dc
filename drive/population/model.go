// Package population is a population of simulated drivers answering an L3
// takeover request: each driver's reaction components (phone down, eyes on
// the road, hands on the wheel, first steering or pedal input) are sampled
// from lognormal distributions fitted to published takeover times, and run
// at a pace set by what the car presents (visual, auditory, haptic) while
// the driver reacts. docs/l3.md, "Comparing takeover HMIs", gives every
// figure with its source.
//
// It is part of the functional core: deterministic, seeded per (seed,
// drill, driver), no clock, no goroutines, no I/O. The same driver index
// gets the same sample whatever HMI is shown, so two HMIs are compared on
// the same drivers (a paired comparison).
package population

import (
	"errors"
	"fmt"
	"math"
)

// Modalities is the set of channels an alert uses.
type Modalities uint8

// The channels of a takeover request.
const (
	// Visual: a banner, an icon or a colour the driver can see.
	Visual Modalities = 1 << iota
	// Auditory: a chime or a tone.
	Auditory
	// Haptic: the seat or the wheel vibrates.
	Haptic
)

// String names the set as the CSV and the report write it ("visual+auditory").
func (m Modalities) String() string {
	if m == 0 {
		return "none"
	}
	s := ""
	for _, c := range []struct {
		bit  Modalities
		name string
	}{{Visual, "visual"}, {Auditory, "auditory"}, {Haptic, "haptic"}} {
		if m&c.bit != 0 {
			if s != "" {
				s += "+"
			}
			s += c.name
		}
	}
	return s
}

// Model is the reaction model: the distribution of the time to a valid
// takeover under a reference alert, what changes its pace, and how it is
// split into components. DefaultModel is the documented one; the fields
// are exported so a test or a study can vary one.
type Model struct {
	// MedianS is the median time from the request to the first steering
	// or pedal input, for a driver with no non-driving task under a
	// visual+auditory request: 4.56 s (Eriksson & Stanton 2017).
	MedianS float64
	// Sigma is the lognormal's shape (the SD of the log of the time),
	// fitted to the range that study reports (1.97–25.75 s over 26
	// drivers): ln(25.75/1.97) / 3.96, the expected range of 26 normal
	// draws in SDs.
	Sigma float64
	// NoSoundFactor multiplies the time when no auditory cue has been
	// presented (visual only), and HapticFactor when a haptic one has:
	// the direction is Zhang et al. 2019's (auditory or vibrotactile
	// requests give shorter take-over times than visual-only ones); the
	// sizes are design values (no effect size was read in a source).
	NoSoundFactor, HapticFactor float64
	// PhoneFactor multiplies the time when the driver is on the handheld
	// phone task at the request (Zhang et al. 2019: handheld device and
	// visual task lengthen it; Eriksson & Stanton 2017's reading task
	// range 3.17–20.99 s). Its size is a design value.
	PhoneFactor float64
	// EyesShare and HandsShare place eyes on the road and hands on the
	// wheel within the reaction, as shares of the time to the first input;
	// PhoneShare places putting the phone down as a share of the time to
	// eyes on the road. They follow the drills' own scripted drivers
	// (drill 1: eyes 1 s, hands 2.5 s, steering 3.5 s; drill 2: phone down
	// 1.5 s, eyes 2 s), not a source.
	EyesShare, HandsShare, PhoneShare float64
	// ShareJitter is how far (±, as a share of the share) each driver's
	// split varies, uniformly.
	ShareJitter float64
}

// DefaultModel is the model docs/l3.md documents.
func DefaultModel() Model {
	return Model{
		MedianS:       4.56,
		Sigma:         math.Log(25.75/1.97) / 3.96,
		NoSoundFactor: 1.25,
		HapticFactor:  0.85,
		PhoneFactor:   1.3,
		EyesShare:     0.3,
		HandsShare:    0.7,
		PhoneShare:    0.75,
		ShareJitter:   0.25,
	}
}

// Check says what is wrong with a model (nil when it can be sampled): every
// figure positive and finite, the shares in (0, 1) and ordered.
func (m Model) Check() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"median", m.MedianS}, {"sigma", m.Sigma}, {"no-sound factor", m.NoSoundFactor},
		{"haptic factor", m.HapticFactor}, {"phone factor", m.PhoneFactor}} {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return fmt.Errorf("population: the %s must be a positive number, got %v", f.name, f.v)
		}
	}
	if m.NoSoundFactor < 1 || m.HapticFactor > 1 {
		return errors.New("population: a cue must never slow the driver: the no-sound factor must be ≥ 1 and the haptic factor ≤ 1")
	}
	if !(m.ShareJitter >= 0 && m.ShareJitter < 1) {
		return fmt.Errorf("population: the share jitter must be in [0, 1), got %v", m.ShareJitter)
	}
	for _, s := range []float64{m.EyesShare, m.HandsShare, m.PhoneShare} {
		if !(s > 0 && s < 1) {
			return fmt.Errorf("population: a share must be in (0, 1), got %v", s)
		}
	}
	if m.EyesShare*(1+m.ShareJitter) >= m.HandsShare*(1-m.ShareJitter) {
		return errors.New("population: eyes on the road must come before hands on the wheel for every driver")
	}
	if m.HandsShare*(1+m.ShareJitter) >= 1 {
		return errors.New("population: hands on the wheel must come before the first input for every driver")
	}
	return nil
}

// TimeFactor is how much longer (>1) or shorter (<1) than under the
// reference visual+auditory request the reaction takes while the driver
// has been presented with mods; +Inf when nothing has been presented (the
// driver does not know there is a request). It never grows when a
// modality is added.
func (m Model) TimeFactor(mods Modalities) float64 {
	if mods == 0 {
		return math.Inf(1)
	}
	f := 1.0
	if mods&Auditory == 0 {
		f *= m.NoSoundFactor
	}
	if mods&Haptic != 0 {
		f *= m.HapticFactor
	}
	return f
}

// Driver is one simulated driver: the standard-normal draw that places
// them in the distribution and the split of their reaction. It does not
// depend on the HMI, so the same driver answers every variant.
type Driver struct {
	// Index is the driver's number in the population (0-based).
	Index int
	// Seed is the seed the driver was drawn from (for the CSV).
	Seed uint64
	// Z is the driver's quantile as a standard normal draw: 0 is the
	// median driver, +1.28 the slowest tenth.
	Z float64
	// Eyes, Hands and Phone are the driver's own shares (EyesShare and
	// so on, jittered).
	Eyes, Hands, Phone float64
}

// Sample draws driver index of the population for a drill: the draw
// depends on (seed, drill, index) only.
func (m Model) Sample(seed uint64, drill string, index int) Driver {
	s := DriverSeed(seed, drill, index)
	r := newRNG(s)
	j := func(share float64) float64 { return share * (1 + m.ShareJitter*(2*r.float()-1)) }
	d := Driver{Index: index, Seed: s, Z: r.normal()}
	d.Eyes, d.Hands, d.Phone = j(m.EyesShare), j(m.HandsShare), j(m.PhoneShare)
	return d
}

// Work is what a driver has to do after a request, in seconds under the
// reference visual+auditory request: a component is reached when the
// driver's progress (see Reaction) reaches it. Phone is 0 when there was
// no phone to put down.
type Work struct {
	Phone, Eyes, Hands, Input float64
}

// Work is the driver's reaction to a request that finds them on the
// phone task (phone) or not: the lognormal time to the first input, split
// by the driver's shares.
func (m Model) Work(d Driver, phone bool) Work {
	t := m.MedianS * math.Exp(m.Sigma*d.Z)
	if phone {
		t *= m.PhoneFactor
	}
	w := Work{Eyes: t * d.Eyes, Hands: t * d.Hands, Input: t}
	if phone {
		w.Phone = w.Eyes * d.Phone
	}
	return w
}

// Never is a Work a driver never finishes (a test's driver who never
// reacts, to see the MRM).
var Never = Work{Phone: math.Inf(1), Eyes: math.Inf(1), Hands: math.Inf(1), Input: math.Inf(1)}
