package parking

import (
	"math"
	"strconv"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/world"
)

// Side is where a slot lies as seen from the driver's seat.
type Side string

// The sides.
const (
	Left  Side = "left"
	Right Side = "right"
)

// Found is a slot the detector measured while driving past it.
type Found struct {
	// Number is the slot's number on screen and by voice ("slot 3"): 1, 2,
	// 3... in the order the slots were found.
	Number int
	Area   string     // parking area id
	Slot   world.Slot // as in the map (area-local metres)
	Side   Side       // side of the car when it was found
	// Fits is true when the slot is free, the car fits its lines and
	// nothing blocks the end position; Reason says why not otherwise.
	Fits   bool
	Reason Reason
}

// Label is the slot's name on screen, in voice replies and in events
// ("slot 3"): its number, or its map id when it was chosen without being
// found (a slot tapped on the map).
func (f *Found) Label() string {
	if f.Number > 0 {
		return strconv.Itoa(f.Number)
	}
	return f.Slot.ID
}

// Available reports whether the slot can be chosen.
func (f *Found) Available() bool { return f.Fits }

// DetectParams is the sensor model of the slot search.
type DetectParams struct {
	// MaxSpeedKmh: slots are only measured below this speed (30 km/h, the
	// search speed of BYD, Volvo and Jaguar manuals).
	MaxSpeedKmh float64
	// MinGapM / MaxGapM: the lateral distance between the car's side and
	// the row of slots for the side ultrasonic sensors to measure it
	// (0.5-1.5 m, Jaguar and Volvo manuals).
	MinGapM, MaxGapM float64
	// MaxAngleDeg: the car must drive roughly along the aisle.
	MaxAngleDeg float64
}

// DefaultDetectParams returns the values above.
func DefaultDetectParams() DetectParams {
	return DetectParams{MaxSpeedKmh: 30, MinGapM: 0.5, MaxGapM: 1.5, MaxAngleDeg: 20}
}

// Detector finds slots from the world's geometry as the car drives past
// them: a slot is measured once the car's front bumper, where the side
// sensors sit, has passed the slot's far end while the car drove along the
// aisle below the search speed with its side 0.5-1.5 m from the row. It is
// deterministic and keeps what it found until Reset.
type Detector struct {
	G      Geometry
	Params DetectParams
	Plan   Params
	found  []Found
	seen   map[string]bool
}

// NewDetector returns a detector for a car of geometry g.
func NewDetector(g Geometry) *Detector {
	return &Detector{G: g, Params: DefaultDetectParams(), Plan: DefaultParams(), seen: map[string]bool{}}
}

// Reset forgets every slot found.
func (d *Detector) Reset() {
	d.found = nil
	d.seen = map[string]bool{}
}

// Found returns every slot found so far, in order (shared; do not modify).
func (d *Detector) Found() []Found { return d.found }

// Number returns the found slot with the given number.
func (d *Detector) Number(n int) (Found, bool) {
	if n >= 1 && n <= len(d.found) {
		return d.found[n-1], true
	}
	return Found{}, false
}

// Pick returns the available slot on the given side found most recently
// (the one the driver has just passed: "the left one", "停到右边车位").
func (d *Detector) Pick(side Side) (Found, bool) {
	for i := len(d.found) - 1; i >= 0; i-- {
		if d.found[i].Side == side && d.found[i].Fits {
			return d.found[i], true
		}
	}
	return Found{}, false
}

// Observe takes the car's pose (rear axle, world) and speed and returns the
// slots of area found during this observation, free and occupied, fitting
// or not. It returns nothing at or above the search speed, or without an
// area.
func (d *Detector) Observe(pose Pose, speedKmh float64, area *world.ParkingArea) []Found {
	if area == nil || math.Abs(speedKmh) >= d.Params.MaxSpeedKmh {
		return nil
	}
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	c, s := math.Cos(pose.HeadingRad), math.Sin(pose.HeadingRad)
	front := d.G.length() - d.G.RearOverhangM
	hw := d.G.WidthM / 2
	var out []Found
	for i := range area.Slots {
		sl := &area.Slots[i]
		key := area.ID + "/" + sl.ID
		if d.seen[key] {
			continue
		}
		// the car must drive along the slot's aisle
		_, dir, ok := aisleFrame(area, sl)
		if !ok {
			continue
		}
		if math.Abs(dir.X*c+dir.Y*s) < math.Cos(d.Params.MaxAngleDeg*math.Pi/180) {
			continue
		}
		var minLat, maxLat, maxLon, minLon = math.Inf(1), math.Inf(-1), math.Inf(-1), math.Inf(1)
		for _, q := range SlotOutline(area, sl) {
			dx, dy := q.X-pose.X, q.Y-pose.Y
			lon, lat := dx*c+dy*s, -dx*s+dy*c
			minLat, maxLat = math.Min(minLat, lat), math.Max(maxLat, lat)
			minLon, maxLon = math.Min(minLon, lon), math.Max(maxLon, lon)
		}
		var side Side
		var gap float64
		switch {
		case minLat > 0:
			side, gap = Left, minLat-hw
		case maxLat < 0:
			side, gap = Right, -maxLat-hw
		default:
			continue // under the car
		}
		if gap < d.Params.MinGapM || gap > d.Params.MaxGapM {
			continue
		}
		// the side sensors at the front bumper have swept the whole slot,
		// and the car is still next to it (not a slot far behind)
		if maxLon > front || minLon < -d.G.RearOverhangM-8 {
			continue
		}
		d.seen[key] = true
		f := Found{Number: len(d.found) + 1, Area: area.ID, Slot: *sl, Side: side}
		f.Fits, f.Reason = d.fits(area, sl)
		d.found = append(d.found, f)
		out = append(out, f)
	}
	return out
}

// fits says whether the car can park in the slot: free, big enough, and
// its end pose clear of the neighbours.
func (d *Detector) fits(area *world.ParkingArea, sl *world.Slot) (bool, Reason) {
	if sl.Occupied {
		return false, Reason{CodeOccupied, msg.New("parking.reason.occupied", msg.Text("slot", sl.ID))}
	}
	if ok, why := Fits(d.G, sl, d.Plan); !ok {
		return false, why
	}
	x, y, h := slotWorldPose(area, sl)
	ck := newChecker(d.G, ObstaclesFor(area, sl.ID, d.Plan), d.Plan)
	for _, g := range Goals(d.G, x, y, h, sl.Kind) {
		if ck.free(g.Pose) {
			return true, Reason{}
		}
	}
	return false, Reason{CodeGoalBlocked, msg.New("parking.reason.neighbours", msg.Text("slot", sl.ID))}
}
