package population

import "math"

// Milestone is one component of a driver's reaction.
type Milestone uint8

// The components, in the order a driver reaches them.
const (
	PhoneDown Milestone = 1 << iota
	EyesOnRoad
	HandsOnWheel
	FirstInput
)

// Reaction follows one driver through one request. The driver's progress
// runs at a pace set by the strongest alert presented so far in this
// request (the accelerated-time rule of docs/l3.md): under the reference
// visual+auditory request one second of progress per second; with a
// factor f (Model.TimeFactor), 1/f. A component is reached when the
// progress reaches its Work. So a request that escalates before the
// driver has finished (adding the haptic cue at stage 2) speeds up only
// what is left, and a cue once presented keeps its effect (a chime that
// has stopped was still heard).
type Reaction struct {
	m        Model
	w        Work
	seen     Modalities
	progress float64
	elapsed  float64
	reached  Milestone
	// At holds when each component was reached, in seconds after the
	// request (-1: not yet), indexed by At's order: phone, eyes, hands,
	// input.
	At [4]float64
}

// React starts a reaction to a request with the work the driver has to do.
func (m Model) React(w Work) *Reaction {
	r := &Reaction{m: m, w: w, At: [4]float64{-1, -1, -1, -1}}
	if w.Phone == 0 {
		r.reached = PhoneDown // nothing to put down
		r.At[0] = 0
	}
	return r
}

// Step moves the reaction on by dt seconds during which the car presented
// mods, and returns the components reached in them (none when dt is not a
// positive number).
func (r *Reaction) Step(dt float64, mods Modalities) Milestone {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return 0
	}
	r.seen |= mods
	start := r.elapsed
	r.elapsed += dt
	f := r.m.TimeFactor(r.seen)
	if math.IsInf(f, 1) {
		return 0 // nothing presented yet: the driver does not know
	}
	from := r.progress
	r.progress += dt / f
	var got Milestone
	for i, c := range []struct {
		m    Milestone
		need float64
	}{{PhoneDown, r.w.Phone}, {EyesOnRoad, r.w.Eyes}, {HandsOnWheel, r.w.Hands}, {FirstInput, r.w.Input}} {
		if r.reached&c.m != 0 || c.need > r.progress {
			continue
		}
		r.reached |= c.m
		got |= c.m
		// the instant within this step the progress reached it
		r.At[i] = start + math.Max(0, c.need-from)*f
	}
	return got
}

// Seen is every modality presented so far in this request.
func (r *Reaction) Seen() Modalities { return r.seen }

// Reached is every component reached so far.
func (r *Reaction) Reached() Milestone { return r.reached }
