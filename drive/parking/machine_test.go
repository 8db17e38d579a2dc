package parking

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/world"
)

const dt = 0.05 // the drive loop's step

// rig drives a machine like the drive loop will: while the machine
// controls the car its pose is applied, otherwise the test moves the car.
type rig struct {
	t      *testing.T
	m      *Machine
	area   *world.ParkingArea
	in     Input
	out    Output
	events []Event
	poses  []Pose
	time   float64
}

func newRig(t *testing.T, vehicleID, areaID string) *rig {
	m := loadMap(t)
	g := loadGeometry(t, vehicleID)
	a := m.ParkingArea(areaID)
	return &rig{t: t, m: NewMachine(g), area: a, in: Input{Area: a, DriverInSeat: true}}
}

// step runs one step with the current input, then clears the edges.
func (r *rig) step() Output {
	r.out = r.m.Step(r.in, dt)
	checkStep(r.t, r.m, r.out)
	r.time += dt
	r.events = append(r.events, r.out.Events...)
	for _, e := range r.out.Events {
		r.t.Logf("%6.2f %-24s %-14s %s", r.time, e.Kind, e.Subject, e.Msg.Key)
		if !strings.HasPrefix(e.Msg.Key, "parking.") {
			r.t.Errorf("event %s without a message", e.Kind)
		}
	}
	if r.out.Controlling || r.out.State == StateDone {
		r.in.Pose, r.in.SpeedKmh = r.out.Pose, r.out.SpeedKmh
	}
	r.poses = append(r.poses, r.in.Pose)
	r.in.Activate, r.in.Select, r.in.SelectSide, r.in.Confirm, r.in.Cancel, r.in.ChooseSlot = false, 0, "", false, false, ""
	r.in.Remote.Command = RemoteNone
	return r.out
}

// until steps until cond holds or maxS passes; it reports whether cond held.
func (r *rig) until(maxS float64, cond func(Output) bool) bool {
	for t := 0.0; t < maxS; t += dt {
		if cond(r.step()) {
			return true
		}
	}
	return false
}

func (r *rig) has(kind string) bool {
	for _, e := range r.events {
		if e.Kind == kind {
			return true
		}
	}
	return false
}

func (r *rig) eventWith(kind, subject string) bool {
	for _, e := range r.events {
		if e.Kind == kind && e.Subject == subject {
			return true
		}
	}
	return false
}

// searchAndSelect drives east along the mall's aisle A past slots 1-4 at
// 10 km/h, picks "the right one" (slot 3) and stops.
func (r *rig) searchAndSelect() {
	g := r.m.G
	y := -3 + 1 + g.WidthM/2
	r.in.Activate = true
	for x := 1.5; x <= 14; x += 10 / 3.6 * dt {
		wx, wy := r.area.ToWorld(x, y)
		r.in.Pose, r.in.SpeedKmh = Pose{wx, wy, 0}, 10
		r.step()
	}
	r.in.SpeedKmh = 0
	r.in.SelectSide = Right
	r.step()
	if r.m.State() != StateSelected || r.out.SelectedSlot != "3" {
		r.t.Fatalf("state %s, selected %q; want slot 3 selected", r.m.State(), r.out.SelectedSlot)
	}
	r.until(1, func(Output) bool { return false }) // standstill before confirming
}

// checkExecuted verifies the executed trajectory: no contact with the
// parked cars and kerbs, speed within the manoeuvre limit.
func (r *rig) checkExecuted(extra []Obstacle) {
	obs := append(ObstaclesFor(r.area, r.out.SelectedSlot, r.m.Params), extra...)
	for i, p := range r.poses {
		if r.m.G.Touches(p, obs) {
			r.t.Fatalf("pose %d touches an obstacle", i)
		}
	}
}

func TestFlowSearchSelectParkDone(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	r.in.Confirm = true
	r.step()
	if r.m.State() != StateExecuting {
		t.Fatalf("state %s after confirm", r.m.State())
	}
	maxV := 0.0
	if !r.until(90, func(o Output) bool { maxV = math.Max(maxV, o.SpeedKmh); return o.State == StateDone }) {
		t.Fatalf("not done: %s", r.m.State())
	}
	if r.out.Gear != "P" || !r.out.ParkingBrake || r.out.Controlling {
		t.Errorf("done: gear %s brake %v controlling %v", r.out.Gear, r.out.ParkingBrake, r.out.Controlling)
	}
	if maxV > 7 {
		t.Errorf("max speed %.1f km/h", maxV)
	}
	for _, k := range []string{EvSearchStarted, EvSlotFound, EvSlotSelected, EvPlanned, EvStarted, EvMove, EvDone} {
		if !r.has(k) {
			t.Errorf("no %s event", k)
		}
	}
	s := worldSlot(r.area, r.area.Slot("3"))
	hd, lat, outside := EndError(r.m.G, r.out.Pose, s)
	if hd > 3 || lat > 0.15 || outside > 0.01 {
		t.Errorf("end: %.2f° %.3f m off, %.3f m outside", hd, lat, outside)
	}
	r.checkExecuted(nil)
}

// a pedestrian (a 0.5 m box) standing on the path: where the car's leading
// bumper will be after d more metres of the current move.
func pedestrianAhead(r *rig, d float64) Obstacle {
	p, i := r.m.path.PoseAt(r.m.s + d)
	lon := r.m.G.length() - r.m.G.RearOverhangM + 0.25
	if r.m.path.Segments[i].Gear == Reverse {
		lon = -r.m.G.RearOverhangM - 0.25
	}
	x := p.X + lon*math.Cos(p.HeadingRad)
	y := p.Y + lon*math.Sin(p.HeadingRad)
	return BoxObstacle(ObstaclePedestrian, "pedestrian", x, y, p.HeadingRad, 0.5, 0.5)
}

func TestFlowPauseResume(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	r.in.Confirm = true
	r.until(2, func(o Output) bool { return false }) // under way
	ped := pedestrianAhead(r, 3.5)
	r.in.Obstacles = []Obstacle{ped}
	if !r.until(5, func(o Output) bool { return o.State == StatePaused }) {
		t.Fatal("did not pause")
	}
	if !r.until(3, func(o Output) bool { return o.SpeedKmh == 0 }) {
		t.Fatal("did not stop")
	}
	r.until(5, func(o Output) bool { return false }) // waits
	if r.m.State() != StatePaused || r.out.SpeedKmh != 0 {
		t.Fatalf("state %s speed %.1f while the pedestrian stands there", r.m.State(), r.out.SpeedKmh)
	}
	present := len(r.poses) // poses while the pedestrian stood there
	r.in.Obstacles = nil
	t0 := r.time
	if !r.until(3, func(o Output) bool { return o.State == StateExecuting }) {
		t.Fatal("did not resume")
	}
	if r.time-t0 < 1-1e-9 {
		t.Errorf("resumed after %.2f s, want ≥ 1 s clear", r.time-t0)
	}
	if !r.until(90, func(o Output) bool { return o.State == StateDone }) {
		t.Fatal("not done after resuming")
	}
	r.checkExecuted([]Obstacle{})
	// the pedestrian was never touched while it stood there
	for _, p := range r.poses[:present] {
		if r.m.G.Touches(p, []Obstacle{ped}) {
			t.Fatal("touched the pedestrian")
		}
	}
}

func TestFlowPauseTimeoutCancels(t *testing.T) {
	r := newRig(t, "li-auto-l9", "mall-garage")
	r.searchAndSelect()
	r.in.Confirm = true
	r.until(2, func(o Output) bool { return false })
	r.in.Obstacles = []Obstacle{pedestrianAhead(r, 3.5)}
	if !r.until(40, func(o Output) bool { return o.State == StateAborted }) {
		t.Fatalf("state %s after 40 s blocked", r.m.State())
	}
	if !r.eventWith(EvAborted, "pause_timeout") || r.out.Controlling || r.out.SpeedKmh != 0 {
		t.Errorf("abort: %+v", r.out)
	}
}

func TestFlowDriverAborts(t *testing.T) {
	for _, c := range []struct {
		name string
		set  func(*Input)
		code string
	}{
		{"steer", func(in *Input) { in.SteerTorqueNm = -4 }, "driver_steered"},
		{"hard brake", func(in *Input) { in.BrakeDecelMps2 = 5 }, "driver_braked"},
		{"cancel", func(in *Input) { in.Cancel = true }, "cancelled"},
		{"leaves the seat", func(in *Input) { in.DriverInSeat = false }, "driver_left"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, "xiaomi-su7", "mall-garage")
			r.searchAndSelect()
			r.in.Confirm = true
			r.until(2, func(o Output) bool { return false })
			c.set(&r.in)
			r.step()
			if r.m.State() != StateAborted || !r.eventWith(EvAborted, c.code) || r.out.Controlling || r.out.SpeedKmh != 0 {
				t.Fatalf("state %s controlling %v speed %.1f events %v", r.m.State(), r.out.Controlling, r.out.SpeedKmh, r.events[len(r.events)-1])
			}
		})
	}
}

func TestFlowLightBrakeHolds(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	r.in.Confirm = true
	r.until(2, func(o Output) bool { return false })
	r.in.BrakeDecelMps2 = 1
	if !r.until(2, func(o Output) bool { return o.SpeedKmh == 0 }) || r.m.State() != StateExecuting {
		t.Fatalf("light braking: state %s speed %.1f", r.m.State(), r.out.SpeedKmh)
	}
	r.in.BrakeDecelMps2 = 0
	if !r.until(90, func(o Output) bool { return o.State == StateDone }) {
		t.Fatal("not done after releasing the brake")
	}
}

func TestFlowRemoteHoldToMove(t *testing.T) {
	r := newRig(t, "li-auto-l9", "mall-garage")
	r.searchAndSelect()
	// the driver gets out and parks from the phone, 3 m away
	r.in.DriverInSeat = false
	r.in.Confirm = true
	r.step()
	if !r.eventWith(EvSelectRefused, "no_driver") {
		t.Fatal("confirm without a driver accepted")
	}
	r.in.Remote = Remote{Command: RemotePark, Held: false, DistanceM: 3}
	r.step()
	if !r.eventWith(EvRemoteRefused, "not_held") || r.m.State() != StateSelected {
		t.Fatalf("start without holding: %s", r.m.State())
	}
	r.in.Remote = Remote{Command: RemotePark, Held: true, DistanceM: 3}
	r.step()
	if r.m.State() != StateExecuting || !r.out.Remote {
		t.Fatalf("remote start: %s", r.m.State())
	}
	r.until(2, func(o Output) bool { return false })
	if r.out.SpeedKmh == 0 {
		t.Fatal("not moving while held")
	}
	// release: stops at once (within 0.3 s)
	r.in.Remote.Held = false
	if !r.until(0.3, func(o Output) bool { return o.SpeedKmh == 0 }) {
		t.Fatalf("still %.1f km/h 0.3 s after release", r.out.SpeedKmh)
	}
	if !r.eventWith(EvRemoteStopped, "released") {
		t.Error("no remote_stopped event")
	}
	at := r.m.s
	r.until(3, func(o Output) bool { return false })
	if r.m.s != at {
		t.Fatal("moved while released")
	}
	// hold again, then walk away beyond 6 m
	r.in.Remote.Held = true
	r.until(1, func(o Output) bool { return false })
	r.in.Remote.DistanceM = 9
	if !r.until(0.3, func(o Output) bool { return o.SpeedKmh == 0 }) || !r.eventWith(EvRemoteStopped, "out_of_range") {
		t.Fatal("did not stop out of range")
	}
	r.in.Remote.DistanceM = 4
	if !r.until(90, func(o Output) bool { return o.State == StateDone }) {
		t.Fatalf("not done: %s", r.m.State())
	}
	r.checkExecuted(nil)
}

// The fault scenario: a park-out command arrives from a phone 150 m away
// with nobody holding the control. A safe machine refuses; one without the
// checks drives off on its own.
func TestRemoteCommandWithoutIntent(t *testing.T) {
	for _, safe := range []bool{true, false} {
		r := newRig(t, "xiaomi-su7", "mall-garage")
		if !safe {
			r.m.Cfg.HoldToMove, r.m.Cfg.RemoteRangeCheck = false, false
		}
		s := worldSlot(r.area, r.area.Slot("3"))
		r.in.Pose = r.m.G.poseForCentre(s.X, s.Y, s.HeadingDeg*math.Pi/180+math.Pi) // parked nose out
		r.in.DriverInSeat = false
		r.in.Remote = Remote{Command: RemoteParkOut, Held: false, DistanceM: 150}
		r.step()
		r.until(5, func(o Output) bool { return false })
		moved := math.Hypot(r.in.Pose.X-r.poses[0].X, r.in.Pose.Y-r.poses[0].Y)
		if safe {
			if !r.eventWith(EvRemoteRefused, "out_of_range") || moved > 0 || r.has(EvStarted) {
				t.Fatalf("safe system: moved %.2f m, events %v", moved, r.events)
			}
		} else if moved < 0.5 || !r.has(EvStarted) {
			t.Fatalf("unsafe system did not move (%.2f m): the scenario shows nothing", moved)
		}
	}
}

// Remote park-out with the phone held nearby works.
func TestRemoteParkOut(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	s := worldSlot(r.area, r.area.Slot("3"))
	r.in.Pose = r.m.G.poseForCentre(s.X, s.Y, s.HeadingDeg*math.Pi/180+math.Pi)
	r.in.DriverInSeat = false
	r.in.Remote = Remote{Command: RemoteParkOut, Held: true, DistanceM: 2}
	r.step()
	if r.m.State() != StateExecuting {
		t.Fatalf("park out: %s %v", r.m.State(), r.events)
	}
	r.in.Remote.Command = RemoteNone
	if !r.until(90, func(o Output) bool { return o.State == StateDone }) {
		t.Fatal("not parked out")
	}
	r.checkExecuted(nil)
}

// The SU7 recall fault: obstacle data arrives 0.8 s late. A pedestrian
// steps into the path; without a plausibility check the car reacts late
// (or not at all); with it, the machine notices that mapped parked cars
// appear shifted, and stops before reaching anyone.
func TestSensorDelayFault(t *testing.T) {
	run := func(delay float64, check bool) (*rig, float64) {
		r := newRig(t, "xiaomi-su7", "mall-garage")
		r.m.Cfg.SensorDelayS, r.m.Cfg.PlausibilityCheck = delay, check
		r.searchAndSelect()
		r.in.Confirm = true
		r.until(1.5, func(o Output) bool { return false })
		ped := pedestrianAhead(r, 2.2)
		r.in.Obstacles = []Obstacle{ped}
		minD := math.Inf(1)
		r.until(20, func(o Output) bool {
			fp := r.m.G.Footprint(o.Pose, 0)
			minD = math.Min(minD, polyDist(fp[:], ped.Points))
			return o.State == StateDone || o.State == StateAborted
		})
		return r, minD
	}
	_, healthy := run(0, true)
	_, late := run(0.8, false)
	safe, safeD := run(0.8, true)
	t.Logf("closest approach: healthy %.2f m, delayed without check %.2f m, delayed with check %.2f m", healthy, late, safeD)
	if healthy < 0.3 {
		t.Errorf("healthy system came within %.2f m", healthy)
	}
	if late > healthy-0.5 {
		t.Errorf("the delay made no difference (%.2f vs %.2f m)", late, healthy)
	}
	if !safe.has(EvSensorFault) || !safe.eventWith(EvAborted, "sensor_fault") || safeD < 0.3 {
		t.Errorf("safe system: fault %v, closest %.2f m", safe.has(EvSensorFault), safeD)
	}
}

func TestChooseSlotAndRefusals(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.in.ChooseSlot = "4" // occupied
	r.step()
	if r.m.State() == StateSelected || !r.has(EvSelectRefused) {
		t.Fatal("occupied slot chosen")
	}
	r.in.Activate = true
	r.in.SpeedKmh = 35
	r.step()
	if r.m.State() != StateIdle || !r.eventWith(EvUnavailable, "too_fast") {
		t.Fatal("search started at 35 km/h")
	}
	r.in.SpeedKmh = 0
	r.in.Area = nil
	r.in.Activate = true
	r.step()
	if !r.eventWith(EvUnavailable, "no_area") {
		t.Fatal("search outside a car park")
	}
	if k := r.events[len(r.events)-1].Msg.Key; k != "parking.unavailable.no_area" {
		t.Errorf("said %q", k)
	}
}

// TestPauseBrakesHardEnoughToStopShort: a pedestrian stepping onto the path
// closer than the comfortable stopping distance is not touched: the pause
// brakes as hard as it must (up to the emergency deceleration), not at the
// 2 m/s² comfort rate. Before, it touched a pedestrian 0.39 m away.
func TestPauseBrakesHardEnoughToStopShort(t *testing.T) {
	for _, d := range []float64{0.3, 0.4, 0.5, 0.8} {
		r := newRig(t, "xiaomi-su7", "mall-garage")
		r.searchAndSelect()
		r.in.Confirm = true
		if !r.until(10, func(o Output) bool { return o.SpeedKmh >= 5.5 }) {
			t.Fatal("never reached manoeuvring speed")
		}
		ped := pedestrianAhead(r, d)
		r.in.Obstacles = []Obstacle{ped}
		from := len(r.poses)
		if !r.until(5, func(o Output) bool { return o.State == StatePaused && o.SpeedKmh == 0 }) {
			t.Fatalf("%.1f m: did not stop", d)
		}
		for _, p := range r.poses[from:] {
			if r.m.G.Touches(p, []Obstacle{ped}) {
				t.Errorf("%.1f m ahead at %.1f km/h: the pause touched the pedestrian", d, 6.0)
				break
			}
		}
	}
}

// A plan that fails does not stall a step of the drive: it was planned
// whole inside the Step of the confirmation, every search to its 8,000
// expansions (0.7 s to 3 s: two goals, two directions). Now the assist
// shows planning, searches at most Params.StepExpansions a step, the car
// standing, and then says the slot cannot be reached.
func TestFailingPlanIsSpreadOverSteps(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	// a pedestrian at the slot's mouth: the slot is free, no path reaches it
	s := r.area.Slot("3")
	x, y := r.area.ToWorld(s.X, s.Y+3.5)
	r.in.Obstacles = []Obstacle{BoxObstacle(ObstaclePedestrian, "p", x, y, 0, 0.5, 0.5)}
	r.step()
	from := r.in.Pose
	r.in.Confirm = true
	out := r.step()
	if out.State != StatePlanning || r.has(EvPlanFailed) {
		t.Fatalf("after the confirmation: state %s (plan failed %v); want planning, the work spread over steps", out.State, r.has(EvPlanFailed))
	}
	steps, done := 1, r.m.planner.Expansions
	if done > r.m.Params.StepExpansions+1 {
		t.Errorf("the first step searched %d expansions, more than %d", done, r.m.Params.StepExpansions)
	}
	for r.m.State() == StatePlanning && steps < 1000 {
		pl := r.m.planner
		r.step()
		steps++
		if n := pl.Expansions - done; n > r.m.Params.StepExpansions+1 {
			t.Fatalf("step %d searched %d expansions, more than %d", steps, n, r.m.Params.StepExpansions)
		}
		done = pl.Expansions
	}
	if !r.eventWith(EvPlanFailed, "3") || r.m.State() != StateSearching {
		t.Fatalf("state %s after %d steps; want the plan failed and the search on", r.m.State(), steps)
	}
	if r.in.Pose != from || r.out.Controlling {
		t.Error("the car moved while planning")
	}
	t.Logf("the failing plan took %d steps, %d expansions", steps, done)
}

// The car moving while the plan is under way ends it: the plan starts where
// the car stood.
func TestPlanningStopsWhenTheCarMoves(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	s := r.area.Slot("3")
	x, y := r.area.ToWorld(s.X, s.Y+3.5)
	r.in.Obstacles = []Obstacle{BoxObstacle(ObstaclePedestrian, "p", x, y, 0, 0.5, 0.5)}
	r.step()
	r.in.Confirm = true
	if r.step().State != StatePlanning {
		t.Fatal("not planning")
	}
	r.in.Pose.X += 0.5
	r.step()
	if r.m.State() != StateSearching || !r.eventWith(EvPlanFailed, "3") || r.events[len(r.events)-1].Msg.Key != "parking.plan_failed.moved" {
		t.Fatalf("state %s, events %v", r.m.State(), r.events[len(r.events)-1])
	}
}

// A plan run in pieces is the plan run at once, whatever the pieces.
func TestPlannerPiecesGiveTheSamePath(t *testing.T) {
	m := loadMap(t)
	g := loadGeometry(t, "li-auto-l9")
	a := m.ParkingArea("supermarket-lot")
	for _, id := range []string{"2", "15", "24"} {
		start, ok := bundledStart(a, a.Slot(id), g)
		if !ok {
			t.Fatal("no start")
		}
		want, err := PlanInArea(g, start, a, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		pl := NewPlannerInArea(DefaultParams(), g, start, a, id, nil)
		runs := 1
		for !pl.Run(37) {
			runs++
		}
		got, err := pl.Result()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("slot %s: in %d pieces: %v, %+v; at once: %+v", id, runs, err, got.Segments, want.Segments)
		}
	}
}
