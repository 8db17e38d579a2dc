package sim_test

import (
	"math"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// parkRig drives a sim in the bundled map's car parks, keeping every event.
type parkRig struct {
	t      *testing.T
	s      *sim.Sim
	in     sim.Inputs
	events []sim.Event
	quiet  bool // log no events (a long drive to a car park)
}

func newParkSim(t *testing.T, vehicleID string, mod func(*sim.Config)) *parkRig {
	t.Helper()
	m, err := world.LoadDefault(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	p, err := vehicle.Load(assets.FS(), "vehicles/"+vehicleID+".yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := sim.Config{Profile: p, Map: m, Seed: 1, StartPlace: "mall-garage", Control: sim.ControlAuto}
	if mod != nil {
		mod(&cfg)
	}
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &parkRig{t: t, s: s, in: sim.Inputs{Driver: sim.AttentiveDriver}}
}

// step runs one step with cmds and the rig's standing inputs.
func (r *parkRig) step(cmds ...sim.Command) []sim.Event {
	in := r.in
	in.Commands = cmds
	evs := r.s.Step(in)
	for _, e := range evs {
		if r.quiet {
			continue
		}
		r.t.Logf("%s %-24s %-10s %s", e.At, e.Kind, e.Subject, e.Msg)
		if len(e.Kind) > 8 && e.Kind[:8] == "parking." && e.Kind != "parking.entered" && e.Msg.IsZero() {
			r.t.Errorf("%s without a message", e.Kind)
		}
	}
	r.events = append(r.events, evs...)
	return evs
}

// until steps until cond holds, at most maxS seconds; it reports whether
// cond held.
func (r *parkRig) until(maxS float64, cond func(*sim.State) bool) bool {
	for i := 0; i < int(maxS/0.05); i++ {
		r.step()
		if cond(r.s.State()) {
			return true
		}
	}
	return false
}

func (r *parkRig) saw(kind sim.EventKind, subject string) bool {
	for _, e := range r.events {
		if e.Kind == kind && (subject == "" || e.Subject == subject) {
			return true
		}
	}
	return false
}

func parkState(st *sim.State) parking.State { return st.Parking.Output.State }

// searchAndSelectRight drives past the mall's first slots with the
// scripted driver's search and picks "the right one" (slot 3).
func (r *parkRig) searchAndSelectRight() {
	r.t.Helper()
	r.step(sim.ParkSearch{})
	if !r.until(20, func(*sim.State) bool { return r.saw(sim.EventKind(parking.EvSlotFound), "3") }) {
		r.t.Fatalf("slot 3 not found; state %s", parkState(r.s.State()))
	}
	if !r.s.State().Parking.Guided || r.s.State().Vehicle.SpeedMps*3.6 > 10.5 {
		r.t.Errorf("the search should creep along the aisle at 10 km/h: guided %v, %.1f km/h", r.s.State().Parking.Guided, r.s.State().Vehicle.SpeedMps*3.6)
	}
	r.step(sim.ParkSelect{Side: parking.Right})
	if st := r.s.State(); parkState(st) != parking.StateSelected || st.Parking.Output.SelectedSlot != "3" {
		r.t.Fatalf("state %s, slot %q; want slot 3 selected", parkState(st), st.Parking.Output.SelectedSlot)
	}
}

func startInGarage(c *sim.Config) {
	// area-local: aisle A, 1 m from the south row
	c.StartParking = &sim.ParkingStart{Area: "mall-garage", X: 1.5, Y: -1.02}
}

func TestParkingSearchSelectConfirmExecuteDone(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", startInGarage)
	r.searchAndSelectRight()
	// confirming while the car still rolls waits for the stop
	r.step(sim.ParkConfirm{})
	if !r.until(10, func(st *sim.State) bool { return st.Parking.Output.Controlling }) {
		t.Fatalf("the assist never took over: %s", parkState(r.s.State()))
	}
	maxKmh := 0.0
	if !r.until(90, func(st *sim.State) bool {
		maxKmh = math.Max(maxKmh, st.Vehicle.SpeedMps*3.6)
		return parkState(st) == parking.StateDone
	}) {
		t.Fatalf("not parked: %s", parkState(r.s.State()))
	}
	st := r.s.State()
	if st.Gear != sim.GearPark || !st.Parking.ParkingBrake || st.Vehicle.SpeedMps != 0 {
		t.Errorf("done: gear %q, parking brake %v, %.2f m/s", st.Gear, st.Parking.ParkingBrake, st.Vehicle.SpeedMps)
	}
	if maxKmh > 7 {
		t.Errorf("manoeuvre at %.1f km/h", maxKmh)
	}
	if st.Crashed || r.saw(sim.EventCollision, "") {
		t.Error("collision while parking")
	}
	for _, k := range []string{parking.EvSearchStarted, parking.EvSlotSelected, parking.EvPlanned, parking.EvStarted, parking.EvMove, parking.EvDone} {
		if !r.saw(sim.EventKind(k), "") {
			t.Errorf("no %s event", k)
		}
	}
	// the map position follows the car into the slot
	a := r.s.Map().ParkingArea("mall-garage")
	sx, sy := a.ToWorld(a.Slot("3").X, a.Slot("3").Y)
	if d := math.Hypot(st.X-sx, st.Y-sy); d > 3 {
		t.Errorf("the car's rear axle is %.1f m from slot 3's centre", d)
	}
	if len(st.Parking.Scene.Slots) == 0 || st.Parking.Scene.State != parking.StateDone {
		t.Errorf("scene: %d slots, state %s", len(st.Parking.Scene.Slots), st.Parking.Scene.State)
	}
	// parked, the car stays put
	x, y := st.X, st.Y
	r.until(5, func(*sim.State) bool { return false })
	if st.X != x || st.Y != y {
		t.Error("the parked car moved")
	}
}

func TestParkingPausesForAPedestrianAndResumes(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", startInGarage)
	r.searchAndSelectRight()
	r.step(sim.ParkConfirm{})
	if !r.until(10, func(st *sim.State) bool { return st.Parking.Output.Controlling && st.Vehicle.SpeedMps > 1 }) {
		t.Fatal("the assist never moved the car")
	}
	r.step(sim.AddPedestrian{ID: "child", OnPath: true, AheadOnPathM: 2.2, Duration: 4000})
	if !r.until(5, func(st *sim.State) bool { return parkState(st) == parking.StatePaused }) {
		t.Fatal("no pause for the pedestrian")
	}
	if !r.saw(sim.EventKind(parking.EvPaused), "child") {
		t.Error("the pause does not name the pedestrian")
	}
	if !r.until(10, func(st *sim.State) bool { return parkState(st) == parking.StateExecuting }) {
		t.Fatal("no resume once the pedestrian left")
	}
	if !r.until(90, func(st *sim.State) bool { return parkState(st) == parking.StateDone }) {
		t.Fatalf("not parked: %s", parkState(r.s.State()))
	}
	if r.s.State().Crashed {
		t.Error("collision")
	}
}

func TestParkingDriverPauseAndResume(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", startInGarage)
	r.searchAndSelectRight()
	r.step(sim.ParkConfirm{})
	r.until(15, func(st *sim.State) bool { return st.Parking.Output.Controlling && st.Vehicle.SpeedMps > 1 })
	r.step(sim.ParkPause{})
	r.until(5, func(*sim.State) bool { return false })
	if st := r.s.State(); parkState(st) != parking.StatePaused || st.Vehicle.SpeedMps != 0 {
		t.Fatalf("after pause: %s at %.2f m/s", parkState(st), st.Vehicle.SpeedMps)
	}
	r.step(sim.ParkResume{})
	if !r.until(90, func(st *sim.State) bool { return parkState(st) == parking.StateDone }) {
		t.Fatalf("not parked after resume: %s", parkState(r.s.State()))
	}
}

func TestParkingHardBrakingAborts(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", startInGarage)
	r.searchAndSelectRight()
	r.step(sim.ParkConfirm{})
	r.until(15, func(st *sim.State) bool { return st.Parking.Output.Controlling && st.Vehicle.SpeedMps > 1 })
	r.in.Brake = 0.6 // well above 3 m/s²
	r.step()
	r.in.Brake = 0
	st := r.s.State()
	if parkState(st) != parking.StateAborted || !r.saw(sim.EventKind(parking.EvAborted), "driver_braked") {
		t.Fatalf("state %s; want aborted (driver_braked)", parkState(st))
	}
	if st.Parking.Output.Controlling || st.Vehicle.SpeedMps != 0 {
		t.Errorf("after the abort: controlling %v, %.2f m/s", st.Parking.Output.Controlling, st.Vehicle.SpeedMps)
	}
	x, y := st.X, st.Y
	r.until(3, func(*sim.State) bool { return false })
	if st.X != x || st.Y != y {
		t.Error("the car moved after the abort")
	}
}

func TestParkingSteeringAborts(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", startInGarage)
	r.searchAndSelectRight()
	r.step(sim.ParkConfirm{})
	r.until(15, func(st *sim.State) bool { return st.Parking.Output.Controlling && st.Vehicle.SpeedMps > 1 })
	r.in.SteerTorqueNm = 4
	r.step()
	if !r.saw(sim.EventKind(parking.EvAborted), "driver_steered") {
		t.Fatalf("state %s; want aborted (driver_steered)", parkState(r.s.State()))
	}
}

func TestRemoteParkOutStopsAtOnceOnRelease(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", func(c *sim.Config) {
		c.StartParking = &sim.ParkingStart{Area: "mall-garage", Slot: "3", NoseOut: true}
	})
	r.in.Driver.Seated = false
	if st := r.s.State(); st.Gear != sim.GearPark || !st.Parking.ParkingBrake {
		t.Errorf("parked at the start: gear %q, brake %v", st.Gear, st.Parking.ParkingBrake)
	}
	// a stray command from afar is refused
	r.step(sim.RemotePark{Command: parking.RemoteParkOut, Held: false, DistanceM: 150}, sim.Confirm{Yes: true})
	if !r.saw(sim.EventKind(parking.EvRemoteRefused), "out_of_range") {
		t.Fatal("a command from 150 m was not refused")
	}
	r.step(sim.RemotePark{Command: parking.RemoteParkOut, Held: true, DistanceM: 3}, sim.Confirm{Yes: true})
	if !r.until(5, func(st *sim.State) bool { return st.Vehicle.SpeedMps > 1 }) {
		t.Fatalf("remote park-out did not move the car: %s", parkState(r.s.State()))
	}
	r.step(sim.RemotePark{Held: false, DistanceM: 3})
	if !r.saw(sim.EventKind(parking.EvRemoteStopped), "released") {
		t.Fatal("no remote_stopped on release")
	}
	// 6 m/s²: standstill within 0.3 s
	stopped := r.until(0.35, func(st *sim.State) bool { return st.Vehicle.SpeedMps == 0 })
	if !stopped {
		t.Fatalf("still %.2f m/s 0.35 s after the release", r.s.State().Vehicle.SpeedMps)
	}
	x, y := r.s.State().X, r.s.State().Y
	r.until(2, func(*sim.State) bool { return false })
	if st := r.s.State(); st.X != x || st.Y != y {
		t.Error("the car crept while released")
	}
	r.step(sim.RemotePark{Held: true, DistanceM: 3})
	if !r.until(60, func(st *sim.State) bool { return parkState(st) == parking.StateDone }) {
		t.Fatalf("not parked out: %s", parkState(r.s.State()))
	}
	if r.s.State().Crashed {
		t.Error("collision")
	}
}

func TestParkingCommandOutsideACarParkIsAnEvent(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", nil)
	evs := r.step(sim.ParkSearch{})
	if len(evs) == 0 || evs[0].Kind != sim.EventKind(parking.EvUnavailable) {
		t.Fatalf("events %v; want parking.unavailable", evs)
	}
	if r.s.State().Parking.Area != "" {
		t.Error("parking state outside a car park")
	}
}

func TestParkingRunsAreDeterministic(t *testing.T) {
	run := func() []byte {
		r := newParkSim(t, "li-auto-l9", func(c *sim.Config) {
			c.StartParking = &sim.ParkingStart{Area: "supermarket-lot", X: 1.5, Y: 1.25}
		})
		r.step(sim.ParkSearch{}, sim.ParkDrive{Aisle: "A", PastSlot: "6", GapM: 1, PastM: 3.5, SpeedKmh: 10})
		r.until(15, func(*sim.State) bool { return false })
		r.step(sim.ParkSelect{Side: parking.Left}, sim.ParkConfirm{})
		r.until(60, func(st *sim.State) bool { return parkState(st) == parking.StateDone })
		var b []byte
		for _, e := range r.events {
			b = e.AppendJSON(b)
		}
		return b
	}
	a, b := run(), run()
	if string(a) != string(b) {
		t.Error("two runs differ")
	}
	if len(a) == 0 {
		t.Error("no events")
	}
}

// The scripted driver never drives out of a slot across the parked cars:
// a search or a ParkDrive from a slot does not move the car.
func TestScriptedDriverStaysPutInASlot(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", func(c *sim.Config) {
		c.StartParking = &sim.ParkingStart{Area: "mall-garage", Slot: "3", NoseOut: true}
	})
	x, y := r.s.State().X, r.s.State().Y
	r.step(sim.ParkSearch{}, sim.ParkDrive{Aisle: "A", PastSlot: "8"})
	r.until(5, func(*sim.State) bool { return false })
	if st := r.s.State(); st.X != x || st.Y != y || st.Crashed {
		t.Errorf("the car moved from its slot (crashed %v)", st.Crashed)
	}
	if !r.saw(sim.EventCommandRejected, "park_drive") {
		t.Error("ParkDrive from a slot was not rejected")
	}
}

// Arriving at a car park ends the drive unless ParkOnArrival; a parking
// command then reopens it, with the car at the head of the aisle.
func TestArrivalAtACarParkAndReopening(t *testing.T) {
	for _, keep := range []bool{false, true} {
		r := newParkSim(t, "xiaomi-su7", func(c *sim.Config) {
			c.StartPlace, c.Destination, c.ParkOnArrival = "coffee", "mall-garage", keep
		})
		r.quiet = true
		for i := 0; i < 40000 && !r.s.State().Arrived; i++ {
			r.step()
		}
		st := r.s.State()
		if !st.Arrived || st.Ended == keep || st.Parking.Area != "mall-garage" {
			t.Fatalf("keep %v: arrived %v, ended %v, car park %q", keep, st.Arrived, st.Ended, st.Parking.Area)
		}
		if keep != r.saw(sim.EventParkingEntered, "mall-garage") {
			t.Errorf("keep %v: parking.entered %v", keep, !keep)
		}
		a := r.s.Map().ParkingArea("mall-garage")
		if x, y := a.ToWorld(1.5, -1.02); math.Abs(st.X-x) > 0.01 || math.Abs(st.Y-y) > 0.01 || st.HeadingDeg != 0 {
			t.Errorf("keep %v: the car stands at %.2f, %.2f heading %.0f°", keep, st.X-a.OriginX, st.Y-a.OriginY, st.HeadingDeg)
		}
		r.step(sim.ParkSearch{})
		if st.Ended || !r.saw(sim.EventKind(parking.EvSearchStarted), "") {
			t.Errorf("keep %v: a search after arrival: ended %v", keep, st.Ended)
		}
	}
}

// A search along the left-hand row finds the slots on the left: the
// sensors measure only the row 0.5-1.5 m beside the car.
func TestParkingSearchAlongTheLeftRow(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", startInGarage)
	r.step(sim.ParkSearch{Side: parking.Left})
	r.until(25, func(*sim.State) bool { return false })
	r.step(sim.ParkSelect{Side: parking.Left})
	if st := r.s.State(); parkState(st) != parking.StateSelected {
		t.Fatalf("no left slot chosen after a left-row search: state %s", parkState(st))
	}
}

// A park_drive whose straight line runs through parked cars is refused
// with the car in the way named, and the car stays put: the scripted
// driver drove straight at them (and crashed into slot 11, or slot 3 of
// the far row) without a word. One whose line is clear still drives.
func TestParkDriveRefusesAPathThroughParkedCars(t *testing.T) {
	for _, c := range []struct {
		slot    string
		past    float64
		blocked bool
	}{
		{"24", 3.5, true}, // aisle B, beyond the end of aisle A: across the north row
		{"23", 15, true},
		{"6", 3.5, false}, // along aisle A, as apa-supermarket drives
		{"12", 15, false},
	} {
		r := newParkSim(t, "xiaomi-su7", func(cfg *sim.Config) {
			cfg.StartParking = &sim.ParkingStart{Area: "supermarket-lot", X: 1.5, Y: 1.25}
		})
		r.quiet = true
		x, y := r.s.State().X, r.s.State().Y
		evs := r.step(sim.ParkDrive{PastSlot: c.slot, PastM: c.past})
		r.until(30, func(st *sim.State) bool { return st.Ended || !st.Parking.Guided })
		st := r.s.State()
		if st.Crashed {
			t.Errorf("slot %s: the scripted driver crashed (%v)", c.slot, r.events[len(r.events)-1].Msg)
			continue
		}
		var refusal *sim.Event
		for i := range evs {
			if evs[i].Kind == sim.EventCommandRejected && evs[i].Subject == "park_drive" {
				refusal = &evs[i]
			}
		}
		switch {
		case c.blocked && (refusal == nil || refusal.Msg.Key != "sim.parking.path_blocked"):
			t.Errorf("slot %s: a path through parked cars was not refused (%v)", c.slot, refusal)
		case c.blocked && (st.X != x || st.Y != y):
			t.Errorf("slot %s: refused, yet the car moved", c.slot)
		case !c.blocked && refusal != nil:
			t.Errorf("slot %s: a clear path was refused: %v", c.slot, refusal.Msg)
		case !c.blocked && math.Hypot(st.X-x, st.Y-y) < 5:
			t.Errorf("slot %s: the car did not drive", c.slot)
		}
	}
}

// The scripted driver stops for a pedestrian on its line and drives on
// once they have gone: it drove into them at 10 km/h (found by the random
// drives of drive/session, seed 1606 of TestManyCarDrives).
func TestScriptedDriverStopsForAPedestrian(t *testing.T) {
	r := newParkSim(t, "xiaomi-su7", func(cfg *sim.Config) {
		cfg.StartParking = &sim.ParkingStart{Area: "supermarket-lot", X: 1.5, Y: 1.25}
	})
	r.quiet = true
	r.step(sim.ParkDrive{PastSlot: "6"}, sim.AddPedestrian{X: 10, Y: 1.25, Duration: 8000})
	stopped := r.until(8, func(st *sim.State) bool { return st.Time > 3000 && st.Vehicle.SpeedMps == 0 && st.Parking.Guided })
	if st := r.s.State(); st.Crashed || !stopped {
		t.Fatalf("crashed %v, stopped %v at x %.1f", st.Crashed, stopped, st.X)
	}
	r.until(20, func(st *sim.State) bool { return st.Ended || !st.Parking.Guided })
	st := r.s.State()
	a := st.Parking.Area
	if st.Crashed || st.Parking.Guided || a == "" {
		t.Fatalf("crashed %v, still guided %v", st.Crashed, st.Parking.Guided)
	}
	if x0 := r.s.Map().ParkingArea(a).OriginX; st.X-x0 < 18 {
		t.Errorf("the driver did not drive on past the pedestrian's place (x %.1f)", st.X-x0)
	}
}
