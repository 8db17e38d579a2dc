package sim

// Parking mode: the drive loop's side of the parking assist (drive/parking).
//
// While the car is in a car park of the map (it arrived at a place that has
// a ParkingArea, or Config.StartParking put it in one), the sim holds a
// parking.Machine for that area. Each step feeds it the car's pose, speed,
// the driver's pedals, steering and seat, the commands of the step and the
// true pedestrians; while the machine is Controlling, the car's pose, speed
// and gear are the machine's instead of the route's. Otherwise the driver
// moves the car: the scripted driver (ControlAuto) creeps along the aisle
// during a search or drives to a passing pose (ParkDrive), and manual pedals
// move it straight ahead.
//
// Poses are world metres with the map's heading convention (radians, 0 east,
// counter-clockwise), like State.X and State.Y, so the map view and the
// top-down view agree. State.X, State.Y and State.HeadingDeg follow the rear
// axle's pose while in a car park.

import (
	"fmt"
	"math"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// ParkingStart puts the car inside a car park when the drive starts
// (a scenario's start.parking).
type ParkingStart struct {
	// Area is the parking area's id (or its place's id).
	Area string
	// X, Y and HeadingDeg are the rear axle's area-local pose, used when
	// Slot is empty. HeadingDeg is the map's convention (0 east,
	// counter-clockwise).
	X, Y, HeadingDeg float64
	// Slot starts the car parked in this free slot, centred and aligned,
	// in P; NoseOut means it was reversed in.
	Slot    string
	NoseOut bool
}

// ParkingState is the parking assist as the UI and expectations see it.
// Every field is zero outside a car park.
type ParkingState struct {
	// Area is the id of the car park the car is in, "" outside one.
	Area string
	// Output is the machine's answer of the last step (its Events are
	// delivered by Step, not kept here): state, progress, the current move
	// and its description, whether it drives the car.
	Output parking.Output
	// Scene is what the top-down view draws, in world metres.
	Scene parking.Scene
	// ProximityM is the distance from the body to the nearest obstacle,
	// +Inf beyond parking.ProximityRangeM: the beeps' repetition rate.
	ProximityM float64
	// ParkingBrake is true while parked by the assist or started parked.
	ParkingBrake bool
	// Phone is the remote-parking phone's levels (held, distance).
	Phone parking.Remote
	// Guided is true while the scripted driver drives along the aisle (a
	// search or a ParkDrive).
	Guided bool
}

// ParkSearch switches the parking assist on to search for slots (the park
// button, "自动泊车"). In ControlAuto the scripted driver then creeps along
// the aisle, keeping 1 m from the right-hand row, until a slot is chosen or
// the aisle ends.
type ParkSearch struct {
	// Side is the row to drive along ("" or right: the right-hand row;
	// left: the left-hand row), since the sensors measure slots 0.5-1.5 m
	// beside the car.
	Side parking.Side
}

// ParkSelect chooses a slot: by its number on screen, by side ("the right
// one": the free slot most recently passed on that side) or by its map id
// (a slot tapped on the map). Exactly one field is set.
type ParkSelect struct {
	Number int
	Side   parking.Side
	SlotID string
}

// ParkConfirm starts the manoeuvre into the selected slot. Said while the
// car still rolls, it waits until the car stands (the driver stops first).
type ParkConfirm struct{}

// ParkCancel switches the assist off; a manoeuvre stops where it is.
type ParkCancel struct{}

// ParkPause holds a manoeuvre ("pause parking"); ParkResume lets it go on
// once the path is clear.
type ParkPause struct{}

// ParkResume ends a ParkPause.
type ParkResume struct{}

// RemotePark is the phone app of remote parking: Command is an edge (send
// it once); Held (the hold-to-move control) and DistanceM (the phone's
// distance to the car) are levels that stay until the next RemotePark.
type RemotePark struct {
	Command   parking.RemoteCommand
	Held      bool
	DistanceM float64
}

// ParkDrive makes the scripted driver drive straight at SpeedKmh to where a
// car stands after passing slot PastSlot (parking.PassingPose: GapM from the
// row, the rear axle PastM beyond the slot's centre) and stop there.
// Zero GapM, PastM and SpeedKmh mean 1 m, 3.5 m and 10 km/h. Aisle, when
// set, must be the slot's aisle.
type ParkDrive struct {
	Aisle, PastSlot       string
	GapM, PastM, SpeedKmh float64
}

// AddPedestrian puts a pedestrian (a 0.5 m box) in the car park: OnPath
// puts them AheadOnPathM beyond the leading bumper along the manoeuvre's
// current move (parking.Machine.PointAhead), otherwise at the area-local
// X, Y. Duration 0 keeps them until the end of the drive.
type AddPedestrian struct {
	ID           string
	OnPath       bool
	AheadOnPathM float64
	X, Y         float64
	Duration     Millis
}

func (ParkSearch) command()    {}
func (ParkSelect) command()    {}
func (ParkConfirm) command()   {}
func (ParkCancel) command()    {}
func (ParkPause) command()     {}
func (ParkResume) command()    {}
func (RemotePark) command()    {}
func (ParkDrive) command()     {}
func (AddPedestrian) command() {}

// EventParkingEntered: the car is in a car park and the parking assist is
// ready. Subject: the area id. The assist's own events are "parking.*" with
// the kinds of drive/parking (parking.EvSlotFound, …), each with its Msg.
const EventParkingEntered EventKind = "parking.entered"

// Driver-model figures in a car park.
const (
	parkCreepKmh   = 10  // search speed: the detector needs < 30 km/h, manuals say about 10
	parkGapM       = 1.0 // from the row searched (detector: 0.5-1.5 m)
	parkDecel      = 1.5 // m/s², stopping at a passing pose
	parkAccel      = 1.0 // m/s²
	parkSteerNm    = 5.0 // a steering input of Inputs.Steer (a deliberate turn)
	parkAisleEndM  = 3.0 // a search stops this far before the aisle's end
	parkStartInM   = 1.5 // arriving, the car stands this far into its aisle
	parkPedestrian = 0.5 // m, a pedestrian's box
	// parkAheadRad: the scripted driver drives along an aisle or to a
	// passing pose only when it lies within this angle of the car's
	// heading (the detector's own limit is 20°).
	parkAheadRad = 20 * math.Pi / 180
)

// parkLoop is the car park the car is in and the driver's part in it.
type parkLoop struct {
	area   *world.ParkingArea
	m      *parking.Machine
	g      parking.Geometry
	static []parking.Obstacle // parked cars, kerbs and walls: the truth for collisions
	pose   parking.Pose
	gear   string
	brake  bool // parking brake
	phone  parking.Remote
	peds   []pedestrian
	cmd    parking.Input // this step's edges
	// confirmWhenStopped holds a confirm said while rolling.
	confirmWhenStopped bool
	wantCreep          bool
	// searchLeft: the search drive hugs the left-hand row instead.
	searchLeft bool
	// The scripted driver's guide: from g0 straight to g1 at guideKmh,
	// stopping at g1 (with heading endHeading when snap). creep marks a
	// search drive, which ends when the assist stops searching.
	guiding, creep, snap bool
	g0, g1               parking.Point
	endHeading           float64
	guideKmh             float64
	// sceneDirty: the top-down view changed and is rebuilt at the end of
	// the step; stepped: the machine has seen the area (its scene is
	// empty before).
	sceneDirty, stepped bool
	// controlled: the machine drove the car in the last step
	controlled bool
}

type pedestrian struct {
	ob    parking.Obstacle
	until Millis // 0 = forever
}

// parkingAreaAt returns the car park of a place, or nil.
func (s *Sim) parkingAreaAt(placeID string) *world.ParkingArea {
	for _, a := range s.world.Parking {
		if a.Place != nil && a.Place.ID == placeID {
			return a
		}
	}
	return nil
}

// startParking puts the car in the car park of Config.StartParking.
func (s *Sim) startParking(sp *ParkingStart) error {
	a := s.world.ParkingArea(sp.Area)
	if a == nil {
		return fmt.Errorf("%w: start.parking: unknown parking area %q", ErrConfig, sp.Area)
	}
	g := parking.GeometryOf(s.profile)
	if sp.Slot == "" {
		x, y := a.ToWorld(sp.X, sp.Y)
		s.enterParking(a, parking.Pose{X: x, Y: y, HeadingRad: sp.HeadingDeg * math.Pi / 180}, "D", false)
		return nil
	}
	sl := a.Slot(sp.Slot)
	if sl == nil {
		return fmt.Errorf("%w: start.parking: %s has no slot %q", ErrConfig, a.ID, sp.Slot)
	}
	if sl.Occupied {
		return fmt.Errorf("%w: start.parking: slot %s of %s is occupied", ErrConfig, sp.Slot, a.ID)
	}
	x, y := a.ToWorld(sl.X, sl.Y)
	for _, goal := range parking.Goals(g, x, y, sl.HeadingDeg*math.Pi/180, sl.Kind) {
		if goal.NoseIn != sp.NoseOut {
			s.enterParking(a, goal.Pose, "P", true)
			return nil
		}
	}
	return fmt.Errorf("%w: start.parking: no pose in slot %s", ErrConfig, sp.Slot)
}

// enterParking makes the car park the car's world: a machine for it, the
// collision truth, and the car at pose.
func (s *Sim) enterParking(a *world.ParkingArea, pose parking.Pose, gear string, brake bool) {
	g := parking.GeometryOf(s.profile)
	m := parking.NewMachine(g)
	m.Cfg = s.parkCfg
	p := &parkLoop{area: a, m: m, g: g, pose: pose, gear: gear, brake: brake, sceneDirty: true}
	for _, o := range parking.ObstaclesFor(a, "", m.Params) {
		// the area's outline only keeps plans inside; touching it is not
		// a collision with anything
		if o.Kind != parking.ObstacleBounds {
			p.static = append(p.static, o)
		}
	}
	s.park = p
	s.st.Vehicle.SpeedMps, s.st.Vehicle.AccelMps2 = 0, 0
	s.placeCar()
	s.publishParking(parking.Output{State: m.State(), Pose: pose, ProximityM: math.Inf(1)})
}

// arriveParking runs on arrival: at a place with a car park the car drives
// in and stands at the head of the aisle nearest the entrance, on the
// search line. The drive goes on only with Config.ParkOnArrival; otherwise
// a parking command reopens it.
func (s *Sim) arriveParking(placeID string) {
	a := s.parkingAreaAt(placeID)
	if a == nil {
		return
	}
	g := parking.GeometryOf(s.profile)
	pose, ok := aisleHead(a, g)
	if !ok {
		return
	}
	s.enterParking(a, pose, "D", false)
	if s.cfg.ParkOnArrival {
		s.st.Ended = false
		s.emitParkingEntered()
	}
}

func (s *Sim) emitParkingEntered() {
	a := s.park.area
	s.say(EventParkingEntered, a.ID, 0, msg.New("sim.parking.entered", msg.CarPark("area", a.ID)))
}

// leaveParking ends parking mode (a new route starts from the place).
func (s *Sim) leaveParking() {
	s.park = nil
	s.st.Parking = ParkingState{}
}

// aisleHead is the pose at the head of the aisle nearest the entrance:
// parkStartInM along it, on the line that keeps parkGapM from the
// right-hand row.
func aisleHead(a *world.ParkingArea, g parking.Geometry) (parking.Pose, bool) {
	best, found := math.Inf(1), false
	var pose parking.Pose
	for i := range a.Aisles {
		al := &a.Aisles[i]
		n := len(al.Points)
		if n < 2 {
			continue
		}
		ends := [][2]int{{0, 1}, {n - 1, n - 2}}
		if al.OneWay {
			ends = ends[:1]
		}
		for _, e := range ends {
			p0, p1 := al.Points[e[0]], al.Points[e[1]]
			d := math.Hypot(p0[0]-a.Entrance[0], p0[1]-a.Entrance[1])
			if d >= best {
				continue
			}
			dx, dy := p1[0]-p0[0], p1[1]-p0[1]
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			dx, dy = dx/l, dy/l
			lat := searchOffset(al.WidthM, g)
			x, y := a.ToWorld(p0[0]+dx*parkStartInM+dy*lat, p0[1]+dy*parkStartInM-dx*lat)
			best, found = d, true
			pose = parking.Pose{X: x, Y: y, HeadingRad: math.Atan2(dy, dx)}
		}
	}
	return pose, found
}

// searchOffset is how far right of an aisle's centre line the rear axle
// runs so that the car's side is parkGapM from the right-hand row (rows
// start at the aisle's edge in the map).
func searchOffset(aisleWidthM float64, g parking.Geometry) float64 {
	return math.Max(aisleWidthM/2-parkGapM-g.WidthM/2, 0)
}

// applyParking records a parking command for this step; it reports
// whether c was one.
func (s *Sim) applyParking(c Command) bool {
	switch c.(type) {
	case ParkSearch, ParkSelect, ParkConfirm, ParkCancel, ParkPause, ParkResume, RemotePark, ParkDrive, AddPedestrian:
	default:
		return false
	}
	st := &s.st
	p := s.park
	if p == nil {
		s.say(EventKind(parking.EvUnavailable), "no_area", 0, msg.New("parking.unavailable.no_area"))
		return true
	}
	if st.Ended && st.Arrived && !st.Crashed && !st.Stranded {
		// The drive ended on arrival at the car park; parking goes on.
		st.Ended = false
		s.emitParkingEntered()
	}
	switch c := c.(type) {
	case ParkSearch:
		p.cmd.Activate = true
		p.wantCreep = st.Control == ControlAuto
		p.searchLeft = c.Side == parking.Left
	case ParkSelect:
		p.cmd.Select, p.cmd.SelectSide, p.cmd.ChooseSlot = c.Number, c.Side, c.SlotID
	case ParkConfirm:
		p.cmd.Confirm = true
	case ParkCancel:
		p.cmd.Cancel = true
		p.guiding, p.confirmWhenStopped = false, false
	case ParkPause:
		p.cmd.Pause = true
	case ParkResume:
		p.cmd.Resume = true
	case RemotePark:
		p.cmd.Remote.Command = c.Command
		p.phone = parking.Remote{Held: c.Held, DistanceM: c.DistanceM}
	case ParkDrive:
		s.parkDrive(c)
	case AddPedestrian:
		s.addPedestrian(c)
	}
	return true
}

// reject says why a parking command of the scenario cannot be carried out.
func (s *Sim) reject(subject string, why msg.Msg) {
	s.say(EventCommandRejected, subject, 0, why)
}

// parkDrive sets the scripted driver's guide to a passing pose.
func (s *Sim) parkDrive(c ParkDrive) {
	p := s.park
	sl := p.area.Slot(c.PastSlot)
	if sl == nil || (c.Aisle != "" && sl.Aisle != c.Aisle) {
		s.reject("park_drive", msg.New("sim.parking.no_slot", msg.Text("slot", c.PastSlot), msg.Text("aisle", c.Aisle), msg.CarPark("area", p.area.ID)))
		return
	}
	gap, past, kmh := orDefault(c.GapM, parkGapM), orDefault(c.PastM, 3.5), orDefault(c.SpeedKmh, parkCreepKmh)
	target, ok := parking.PassingPose(p.area, sl, p.g, gap, past)
	if !ok {
		s.reject("park_drive", msg.New("sim.parking.no_aisle", msg.Text("slot", sl.ID)))
		return
	}
	// The scripted driver only drives straight ahead: from a slot, or
	// facing elsewhere, it would cut through the parked cars.
	dx, dy := target.X-p.pose.X, target.Y-p.pose.Y
	if d := math.Hypot(dx, dy); d > 0.05 && (dx*math.Cos(p.pose.HeadingRad)+dy*math.Sin(p.pose.HeadingRad))/d < math.Cos(parkAheadRad) {
		s.reject("park_drive", msg.New("sim.parking.not_ahead", msg.Text("slot", sl.ID)))
		return
	}
	// Nor through the parked cars, kerbs and walls between: the driver
	// sees them and will not set off (the line was driven into them).
	if what, blocked := p.blocked(target); blocked {
		s.reject("park_drive", msg.New("sim.parking.path_blocked", msg.Text("slot", sl.ID), msg.Text("what", what)))
		return
	}
	p.setGuide(parking.Point{X: target.X, Y: target.Y}, kmh, false)
	p.snap, p.endHeading = true, target.HeadingRad
}

// parkSweepM is the spacing of the poses a straight drive is checked at:
// less than the smallest parked car, kerb or pedestrian is thick.
const parkSweepM = 0.1

// blocked reports the first parked car, kerb or wall the body would touch
// driving straight from the car's pose to target (as parkAdvance moves
// it: heading along the line, then turned to target's heading at the
// end), and whether there is one.
func (p *parkLoop) blocked(target parking.Pose) (string, bool) {
	dx, dy := target.X-p.pose.X, target.Y-p.pose.Y
	d := math.Hypot(dx, dy)
	pose := parking.Pose{HeadingRad: target.HeadingRad}
	if d > 0.01 {
		pose.HeadingRad = math.Atan2(dy, dx)
	}
	n := int(math.Ceil(d / parkSweepM))
	for i := 1; i <= n+1; i++ {
		f := math.Min(float64(i)/float64(max(n, 1)), 1)
		pose.X, pose.Y = p.pose.X+dx*f, p.pose.Y+dy*f
		if i == n+1 {
			pose.HeadingRad = target.HeadingRad // the snap at the end
		}
		for j := range p.static {
			if p.g.Touches(pose, p.static[j:j+1]) {
				return p.static[j].ID, true
			}
		}
	}
	return "", false
}

func orDefault(v, d float64) float64 {
	if v > 0 {
		return v
	}
	return d
}

// setGuide makes the scripted driver drive from where the car is straight
// to to at kmh and stop there.
func (p *parkLoop) setGuide(to parking.Point, kmh float64, creep bool) {
	p.g0, p.g1 = parking.Point{X: p.pose.X, Y: p.pose.Y}, to
	p.guiding, p.creep, p.snap, p.guideKmh = true, creep, false, kmh
	if p.gear == "P" {
		p.gear, p.brake = "D", false
	}
}

// startCreep sets the search drive: along the aisle nearest the car in the
// direction it faces, parkGapM from the right-hand row, to parkAisleEndM
// before the aisle's end.
func (p *parkLoop) startCreep() {
	a := p.area
	best := math.Inf(1)
	var to parking.Point
	found := false
	c, sn := math.Cos(p.pose.HeadingRad), math.Sin(p.pose.HeadingRad)
	for i := range a.Aisles {
		al := &a.Aisles[i]
		for j := 1; j < len(al.Points); j++ {
			ax, ay := a.ToWorld(al.Points[j-1][0], al.Points[j-1][1])
			bx, by := a.ToWorld(al.Points[j][0], al.Points[j][1])
			dx, dy := bx-ax, by-ay
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			ux, uy := dx/l, dy/l
			if math.Abs(ux*c+uy*sn) < math.Cos(parkAheadRad) {
				continue // not along this aisle: parked, or turning
			}
			t := math.Max(0, math.Min(l, (p.pose.X-ax)*ux+(p.pose.Y-ay)*uy))
			d := math.Hypot(ax+ux*t-p.pose.X, ay+uy*t-p.pose.Y)
			if d >= best || d > al.WidthM/2 {
				// the car must be on the aisle, not in a slot beside it
				continue
			}
			endX, endY, left := bx, by, l-t
			if ux*c+uy*sn < 0 {
				if al.OneWay {
					continue
				}
				ux, uy, endX, endY, left = -ux, -uy, ax, ay, t
			}
			if left-parkAisleEndM < 1 {
				continue
			}
			lat := searchOffset(al.WidthM, p.g)
			if p.searchLeft {
				lat = -lat // hug the left-hand row
			}
			best, found = d, true
			to = parking.Point{X: endX - ux*parkAisleEndM + uy*lat, Y: endY - uy*parkAisleEndM - ux*lat}
		}
	}
	if found {
		p.setGuide(to, parkCreepKmh, true)
	}
}

// addPedestrian places a pedestrian.
func (s *Sim) addPedestrian(c AddPedestrian) {
	p := s.park
	x, y := p.area.ToWorld(c.X, c.Y)
	if c.OnPath {
		pt, ok := p.m.PointAhead(c.AheadOnPathM)
		if !ok {
			s.reject("pedestrian", msg.New("sim.parking.no_path_for_pedestrian"))
			return
		}
		x, y = pt.X, pt.Y
	}
	id := c.ID
	if id == "" {
		id = "pedestrian"
	}
	ped := pedestrian{ob: parking.BoxObstacle(parking.ObstaclePedestrian, id, x, y, 0, parkPedestrian, parkPedestrian)}
	if c.Duration > 0 {
		ped.until = s.st.Time + c.Duration
	}
	p.peds = append(p.peds, ped)
	p.sceneDirty = true
}

// stepParking is Step in a car park: the machine, then the car.
func (s *Sim) stepParking(in *Inputs) {
	st := &s.st
	p := s.park
	v := st.Vehicle.SpeedMps

	// The pedestrians of this step, in a fresh slice: the machine keeps
	// the slices it sees to model late sensor data.
	var obs []parking.Obstacle
	if len(p.peds) > 0 {
		keep := p.peds[:0]
		for _, ped := range p.peds {
			if ped.until == 0 || st.Time < ped.until {
				keep = append(keep, ped)
			}
		}
		if len(keep) != len(p.peds) {
			p.sceneDirty = true
		}
		p.peds = keep
		obs = make([]parking.Obstacle, len(p.peds))
		for i := range p.peds {
			obs[i] = p.peds[i].ob
		}
	}

	mi := p.cmd
	p.cmd = parking.Input{}
	// A confirm waits for the car to stand, and one said together with
	// the choice of a slot ("停到右边车位") for the choice to be made.
	state := p.m.State()
	if p.confirmWhenStopped {
		switch {
		case state != parking.StateSelected:
			p.confirmWhenStopped = false
		case v*3.6 <= 0.5:
			mi.Confirm, p.confirmWhenStopped = true, false
		}
	}
	if mi.Confirm && (state == parking.StateSearching || state == parking.StateSelected && v*3.6 > 0.5) {
		mi.Confirm, p.confirmWhenStopped = false, true
	}
	mi.Pose, mi.SpeedKmh, mi.Area = p.pose, v*3.6, p.area
	mi.SteerTorqueNm = in.SteerTorqueNm
	if in.Steer && math.Abs(mi.SteerTorqueNm) < parkSteerNm {
		mi.SteerTorqueNm = parkSteerNm
	}
	mi.BrakeDecelMps2 = clamp(in.Brake, 0, 1) * s.profile.MaxBrakeDecel()
	mi.DriverInSeat = st.Driver.Seated
	mi.Remote.Held, mi.Remote.DistanceM = p.phone.Held, p.phone.DistanceM
	mi.Obstacles = obs

	out := p.m.Step(mi, dt)
	for _, e := range out.Events {
		s.events = append(s.events, Event{At: st.Time, Kind: EventKind(e.Kind), Subject: e.Subject, Value: round2(e.Value), Msg: e.Msg})
	}
	if len(out.Events) > 0 || len(obs) > 0 || !p.stepped {
		// pedestrians move in the perceived view even when nothing else
		// does (late sensor data)
		p.sceneDirty = true
	}
	p.stepped = true
	out.Events = nil
	if p.creep && out.State != parking.StateSearching {
		// a slot is chosen or the search ended: the driver stops
		p.guiding, p.creep = false, false
	}
	if p.wantCreep && out.State == parking.StateSearching {
		p.startCreep()
	}
	p.wantCreep = false

	s.cabinEvents(st.Cabin.Step(dt, s.cabinContext()))
	req := vehicle.Request{CabinKW: st.Cabin.PowerKW()}
	before := p.pose
	switch {
	case out.Controlling:
		// The assist drives: its speed profile is the car's.
		target := out.SpeedKmh / 3.6
		req.AccelMps2 = (target - v) / dt
		s.profile.Step(&st.Vehicle, req, dt)
		st.Vehicle.SpeedMps = target
		// The machine's profile brakes at BrakeMps2 and stops the last few
		// centimetres of a move in one step: that snap is not a hard
		// stop. Only its immediate stops (remote release) brake harder,
		// over several steps.
		limit := p.m.Cfg.BrakeMps2
		if target > 0 {
			limit = p.m.Cfg.EmergencyMps2
		}
		st.Vehicle.AccelMps2 = math.Max((target-v)/dt, -limit)
		p.pose, p.gear, p.brake, p.guiding = out.Pose, out.Gear, false, false
	default:
		p.pose = out.Pose // the stop of an abort, or the echo of the input
		if p.controlled {
			// done or aborted: the machine has stopped the car
			st.Vehicle.SpeedMps = 0
		}
		if out.ParkingBrake {
			p.gear, p.brake = "P", true
		}
		req.AccelMps2 = s.parkDriverAccel(in, obs)
		odo := st.Vehicle.OdometerM
		s.profile.Step(&st.Vehicle, req, dt)
		s.parkAdvance(st.Vehicle.OdometerM - odo)
	}
	p.controlled = out.Controlling
	s.placeCar()
	if p.pose != before {
		p.sceneDirty = true
		s.parkCollisions(obs)
	}
	s.checkEnergy()
	s.checkBraking()
	s.publishParking(out)
}

// parkDriverAccel is the driver's longitudinal request in a car park when
// the assist does not drive; peds are the pedestrians of this step.
func (s *Sim) parkDriverAccel(in *Inputs, peds []parking.Obstacle) float64 {
	st := &s.st
	p := s.park
	v := st.Vehicle.SpeedMps
	if st.Control == ControlManual && !p.guiding {
		// (a ParkDrive guide is the scripted driver's, in either mode)
		if p.brake && in.Accel > 0.1 {
			p.gear, p.brake = "D", false // the driver shifts to D: the parking brake releases
		}
		if p.brake {
			return -s.profile.MaxBrakeDecel()
		}
		return s.pedalAccel(in.Accel, in.Brake)
	}
	if p.brake {
		return -s.profile.MaxBrakeDecel()
	}
	target := 0.0
	if p.guiding {
		rem := math.Hypot(p.g1.X-p.pose.X, p.g1.Y-p.pose.Y)
		target = math.Min(p.guideKmh/3.6, math.Sqrt(2*parkDecel*rem))
		// A pedestrian on the line: the driver stops short of them and
		// waits (the parked cars were checked when the drive was set).
		if d, ok := p.pedestrianAhead(peds, rem, v); ok {
			target = math.Min(target, math.Sqrt(2*parkDecel*math.Max(d-parkPedestrianGapM, 0)))
		}
	}
	a := clamp((target-v)/dt, -2*parkDecel, parkAccel)
	if v < 0.05 && target == 0 {
		a = math.Min(a, 0)
	}
	if in.Brake > 0.1 {
		a = math.Min(a, -in.Brake*s.profile.MaxBrakeDecel())
	}
	return a
}

// parkPedestrianGapM is how far short of a pedestrian the scripted driver
// stops.
const parkPedestrianGapM = 0.5

// pedestrianAhead is the distance the car can drive along its guide
// before its body touches one of peds, looking as far as it needs to stop
// from v (and no farther than rem, the guide's end), and whether one is in
// the way.
func (p *parkLoop) pedestrianAhead(peds []parking.Obstacle, rem, v float64) (float64, bool) {
	if len(peds) == 0 || rem <= 0 {
		return 0, false
	}
	dx, dy := (p.g1.X-p.pose.X)/rem, (p.g1.Y-p.pose.Y)/rem
	look := math.Min(rem, v*v/(2*parkDecel)+parkPedestrianGapM+1)
	pose := parking.Pose{HeadingRad: math.Atan2(dy, dx)}
	for d := 0.0; d <= look+parkSweepM/2; d += parkSweepM {
		pose.X, pose.Y = p.pose.X+dx*d, p.pose.Y+dy*d
		if p.g.Touches(pose, peds) {
			return d, true
		}
	}
	return 0, false
}

// parkAdvance moves the car by the distance the driver drove: along the
// guide (stopping at its end) or straight ahead.
func (s *Sim) parkAdvance(moved float64) {
	p := s.park
	if moved <= 0 {
		return
	}
	if !p.guiding {
		p.pose.X += moved * math.Cos(p.pose.HeadingRad)
		p.pose.Y += moved * math.Sin(p.pose.HeadingRad)
		return
	}
	dx, dy := p.g1.X-p.pose.X, p.g1.Y-p.pose.Y
	rem := math.Hypot(dx, dy)
	if moved >= rem-0.01 {
		// at the end of the guide: stand exactly there
		p.pose.X, p.pose.Y = p.g1.X, p.g1.Y
		if p.snap {
			p.pose.HeadingRad = p.endHeading
		}
		p.guiding, p.creep = false, false
		s.st.Vehicle.SpeedMps, s.st.Vehicle.AccelMps2 = 0, 0
		return
	}
	p.pose.HeadingRad = math.Atan2(dy, dx)
	p.pose.X += moved * dx / rem
	p.pose.Y += moved * dy / rem
}

// parkCollisions tests the car's body against the parked cars, kerbs and
// walls of the area and the true pedestrians: a touch is a collision and
// ends the drive, as on the road.
func (s *Sim) parkCollisions(peds []parking.Obstacle) {
	p := s.park
	st := &s.st
	hit := ""
	for i := range p.static {
		if p.g.Touches(p.pose, p.static[i:i+1]) {
			hit = p.static[i].ID
			break
		}
	}
	for i := range peds {
		if hit == "" && p.g.Touches(p.pose, peds[i:i+1]) {
			hit = peds[i].ID
		}
	}
	if hit == "" {
		return
	}
	v := st.Vehicle.SpeedMps * 3.6
	st.Crashed, st.Ended = true, true
	st.Vehicle.SpeedMps = 0
	s.say(EventCollision, hit, v, msg.New("sim.parking.collision", msg.Text("what", hit), msg.Num("kmh", v, 1)))
}

// parkGear is the car's gear in a car park: the assist's while it drives
// (p.gear follows its output), the driver's otherwise.
func (s *Sim) parkGear() Gear {
	if g := Gear(s.park.gear); g != "" {
		return g
	}
	return GearDrive
}

// placeCar puts the car's map position at its rear axle.
func (s *Sim) placeCar() {
	p := s.park
	s.st.X, s.st.Y = p.pose.X, p.pose.Y
	s.st.HeadingDeg = world.HeadingDeg(math.Cos(p.pose.HeadingRad), math.Sin(p.pose.HeadingRad))
}

// publishParking keeps the assist's output in the state. The scene is
// rebuilt only when something in it changed: an idle car park costs
// nothing per step.
func (s *Sim) publishParking(out parking.Output) {
	p := s.park
	ps := &s.st.Parking
	ps.Area = p.area.ID
	ps.Output = out
	ps.ParkingBrake = p.brake
	ps.Phone = p.phone
	ps.Guided = p.guiding
	if p.sceneDirty && p.stepped {
		p.sceneDirty = false
		ps.Scene = p.m.Scene()
		ps.ProximityM = ps.Scene.ProximityM
	}
	ps.Output.ProximityM = ps.ProximityM
}
