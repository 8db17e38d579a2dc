package sim_test

import (
	"bytes"
	"math"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// testMap is a small world: a street from home to a junction, a 10 km
// expressway to a second junction with a charging station, then a street to
// work. Straight lines keep expected figures easy to reason about.
const testMap = `
name: test
nodes:
  - {id: a, x: 0, y: 0}
  - {id: b, x: 1000, y: 0}
  - {id: c, x: 11000, y: 0}
  - {id: d, x: 11000, y: 800}
  - {id: e, x: 60000, y: 0}
roads:
  - {id: home-st, en: Home Street, zh: 家街, type: street, from: a, to: b, speed_limit: 40, lanes: 1, markings: worn, mixed_traffic: true}
  - {id: xway, en: Test Expressway, zh: 测试高速, type: expressway, from: b, to: c, speed_limit: 100, lanes: 3, markings: good, divided: true}
  - {id: work-st, en: Work Street, zh: 工作街, type: street, from: c, to: d, speed_limit: 40, lanes: 2, markings: good}
  - {id: far, en: Far Expressway, zh: 远高速, type: expressway, from: c, to: e, speed_limit: 120, lanes: 3, markings: good, divided: true}
places:
  - {id: home, en: Home, zh: 家, pinyin: jia, category: home, node: a}
  - {id: work, en: Work, zh: 公司, pinyin: gongsi, category: work, node: d}
  - {id: far, en: Far Town, zh: 远镇, pinyin: yuanzhen, category: scenic, node: e}
  - id: charger
    en: Junction Charger
    zh: 枢纽充电站
    pinyin: shuniu chongdianzhan
    category: charging
    node: c
    station: {kind: charging, power_kw: 250, stalls: 8}
`

func loadTestWorld(t testing.TB) (*world.Map, []*vehicle.Profile) {
	t.Helper()
	m, err := world.Load(fstest.MapFS{"maps/test.yaml": {Data: []byte(testMap)}}, "maps/test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := vehicle.LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return m, profiles
}

func profile(t testing.TB, all []*vehicle.Profile, id string) *vehicle.Profile {
	t.Helper()
	p, err := vehicle.Find(all, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newSim(t testing.TB, mod func(*sim.Config)) *sim.Sim {
	t.Helper()
	m, profiles := loadTestWorld(t)
	cfg := sim.Config{
		Profile: profile(t, profiles, "xiaomi-su7"), Map: m, Seed: 3,
		StartPlace: "home", Destination: "work", StartClockS: 11 * 3600, SoC: 0.8,
	}
	if mod != nil {
		mod(&cfg)
	}
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// drive steps until the drive ends or limit; it returns all events.
func drive(s *sim.Sim, limit sim.Millis, in func(*sim.State) sim.Inputs) []sim.Event {
	var log []sim.Event
	st := s.State()
	for !st.Ended && st.Time < limit {
		inputs := sim.Inputs{Driver: sim.AttentiveDriver}
		if in != nil {
			inputs = in(st)
		}
		log = append(log, s.Step(inputs)...)
	}
	return log
}

func kinds(events []sim.Event) map[sim.EventKind]int {
	m := map[sim.EventKind]int{}
	for _, e := range events {
		m[e.Kind]++
	}
	return m
}

func first(events []sim.Event, k sim.EventKind) (sim.Event, bool) {
	for _, e := range events {
		if e.Kind == k {
			return e, true
		}
	}
	return sim.Event{}, false
}

func TestDriveArrivesAtDestination(t *testing.T) {
	s := newSim(t, nil)
	log := drive(s, 30*60_000, nil)
	st := s.State()
	if !st.Arrived {
		t.Fatalf("not arrived after %s at %.0f m of %.0f m", st.Time, st.RouteM, st.Route.LengthM)
	}
	if st.Vehicle.SpeedMps != 0 || st.RemainingM != 0 {
		t.Errorf("arrived moving or with distance left: %.2f m/s, %.1f m", st.Vehicle.SpeedMps, st.RemainingM)
	}
	k := kinds(log)
	if k[sim.EventRoutePlanned] != 1 || k[sim.EventArrived] != 1 || k[sim.EventRoadEntered] != 3 {
		t.Errorf("events: %v", k)
	}
	// 11.8 km with 2 km of 40 km/h streets and 10 km at 100 takes roughly
	// 9-14 minutes including turns and traffic.
	if mins := st.Time.Seconds() / 60; mins < 8 || mins > 16 {
		t.Errorf("drive took %.1f min, want 8-16", mins)
	}
	if math.Abs(st.Vehicle.OdometerM-st.Route.LengthM) > 5 {
		t.Errorf("odometer %.1f m differs from the route length %.1f m", st.Vehicle.OdometerM, st.Route.LengthM)
	}
}

func TestDriverModelKeepsToLimits(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01 })
	st := s.State()
	for !st.Ended && st.Time < 30*60_000 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
		if lim := st.Conditions.SpeedLimitKmh; lim > 0 && st.Vehicle.SpeedMps*3.6 > lim+1 {
			t.Fatalf("%s: %.1f km/h on %s limited to %.0f", st.Time, st.Vehicle.SpeedMps*3.6, st.Conditions.RoadID, lim)
		}
	}
}

func TestFogSlowsToTheLegalLimit(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01; c.Destination = "far" })
	st := s.State()
	fogged := false
	var worst float64
	for !st.Ended && st.Time < 2*3600_000 {
		var in sim.Inputs
		in.Driver = sim.AttentiveDriver
		if !fogged && st.Conditions.RoadID == "far" && st.Vehicle.SpeedMps*3.6 > 100 {
			in.Commands = []sim.Command{sim.SetWeather{Weather: sim.Weather{Kind: sim.WeatherFog, VisibilityM: 80}}}
			fogged = true
			s.Step(in)
			// Give the driver 20 s to slow from 120 to 40.
			for i := 0; i < 400; i++ {
				s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
			}
			continue
		}
		s.Step(in)
		if fogged {
			worst = math.Max(worst, st.Vehicle.SpeedMps*3.6)
		}
	}
	if !fogged {
		t.Fatal("never reached 100 km/h on the far expressway")
	}
	if worst > 40.5 {
		t.Errorf("in 80 m visibility the car drove %.1f km/h; the law allows 40", worst)
	}
	if !st.Arrived {
		t.Errorf("did not arrive in fog")
	}
}

func TestRoadworksAnnouncedEnteredPassedAndRespected(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01; c.Destination = "far" })
	st := s.State()
	placed := false
	var inZoneMax float64
	var log []sim.Event
	for !st.Ended && st.Time < 60*60_000 {
		in := sim.Inputs{Driver: sim.AttentiveDriver}
		if !placed && st.Conditions.RoadID == "xway" {
			in.Commands = []sim.Command{sim.AddIncident{Kind: sim.IncidentRoadworks, AheadM: 2500, LengthM: 600, LimitKmh: 60, LanesClosed: 1}}
			placed = true
		}
		log = append(log, s.Step(in)...)
		if st.Conditions.InIncidentZone {
			inZoneMax = math.Max(inZoneMax, st.Vehicle.SpeedMps*3.6)
			if st.Conditions.Markings != "worn" {
				t.Fatalf("markings in roadworks are %q, want worn", st.Conditions.Markings)
			}
		}
	}
	order := []sim.EventKind{sim.EventIncidentAhead, sim.EventIncidentEntered, sim.EventIncidentPassed}
	i := 0
	for _, e := range log {
		if i < len(order) && e.Kind == order[i] {
			i++
		}
	}
	if i != len(order) {
		t.Fatalf("incident events out of order or missing: %v", kinds(log))
	}
	if inZoneMax == 0 || inZoneMax > 61 {
		t.Errorf("max speed in the 60 km/h roadworks zone: %.1f", inZoneMax)
	}
}

func TestCutInIsHandledWithoutCollision(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.TrafficScale = 0.01; c.Destination = "far" })
	st := s.State()
	done := false
	log := drive(s, 60*60_000, func(st *sim.State) sim.Inputs {
		in := sim.Inputs{Driver: sim.AttentiveDriver}
		if !done && st.Vehicle.SpeedMps*3.6 > 110 {
			in.Commands = []sim.Command{sim.CutIn{Kind: "car", GapM: 12, SpeedDeltaKmh: 20}}
			done = true
		}
		return in
	})
	if !done {
		t.Fatal("never reached 110 km/h")
	}
	if _, ok := first(log, sim.EventCutIn); !ok {
		t.Fatal("no cut-in event")
	}
	if st.Crashed {
		t.Fatal("an attentive driver crashed into a car cutting in 12 m ahead at 20 km/h less")
	}
	if st.MinTTCS > 10 {
		t.Errorf("min TTC %.1f s: the cut-in should have been close", st.MinTTCS)
	}
}

func TestDistractedDriverLooksAway(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Driver.Distracted = true; c.Destination = "far" })
	log := drive(s, 20*60_000, nil)
	n := 0
	for _, e := range log {
		if e.Kind == sim.EventDriver && e.Subject == "eyes_off" {
			n++
		}
	}
	if n < 3 {
		t.Errorf("a distracted driver looked away %d times in 20 min", n)
	}
}

func TestManualPedalsDriveTheCar(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Control = sim.ControlManual })
	st := s.State()
	for i := 0; i < 200; i++ { // 10 s of full throttle
		s.Step(sim.Inputs{Accel: 1, Driver: sim.AttentiveDriver})
	}
	v := st.Vehicle.SpeedMps * 3.6
	if v < 60 {
		t.Fatalf("10 s of full throttle gave %.0f km/h", v)
	}
	for i := 0; i < 40; i++ {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver}) // coasting: slows gently
	}
	if c := st.Vehicle.SpeedMps * 3.6; c >= v || c < v-10 {
		t.Errorf("2 s coasting from %.0f gave %.0f km/h", v, c)
	}
	for i := 0; i < 200 && st.Vehicle.SpeedMps > 0; i++ {
		s.Step(sim.Inputs{Brake: 1, Driver: sim.AttentiveDriver})
	}
	if st.Vehicle.SpeedMps != 0 {
		t.Errorf("full braking left %.1f m/s", st.Vehicle.SpeedMps)
	}
	if st.MaxDecel < 7 {
		t.Errorf("full braking reached only %.1f m/s²", st.MaxDecel)
	}
}

func TestChargingStopOnALongDrive(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.SoC = 0.12; c.Destination = "far"; c.TrafficScale = 0.01 })
	log := drive(s, 3*3600_000, nil)
	st := s.State()
	started, ok1 := first(log, sim.EventChargingStarted)
	finished, ok2 := first(log, sim.EventChargingFinished)
	if !ok1 || !ok2 {
		t.Fatalf("no charging stop with 12 %% on a 60 km drive: %v", kinds(log))
	}
	if started.Subject != "charger" || finished.At <= started.At {
		t.Errorf("charging at %q from %s to %s", started.Subject, started.At, finished.At)
	}
	if !st.Arrived || st.Stranded {
		t.Errorf("arrived=%v stranded=%v SoC=%.2f", st.Arrived, st.Stranded, st.Vehicle.SoC)
	}
}

func TestLaneChange(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "far"; c.TrafficScale = 0.01 })
	st := s.State()
	for st.Conditions.RoadID != "xway" {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	lane := st.Conditions.Lane
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver, LaneChange: -1})
	if len(ev) == 0 || ev[len(ev)-1].Kind != sim.EventLaneChangeStarted {
		t.Fatalf("no lane change started: %v", ev)
	}
	var log []sim.Event
	for i := 0; i < 100; i++ {
		log = append(log, s.Step(sim.Inputs{Driver: sim.AttentiveDriver})...)
	}
	if st.Conditions.Lane != lane-1 {
		t.Errorf("lane %d after changing left from %d", st.Conditions.Lane, lane)
	}
	if _, ok := first(log, sim.EventLaneChanged); !ok {
		t.Error("no lane.changed event")
	}
	for st.Conditions.Lane > 1 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver, LaneChange: -1})
		for i := 0; i < 100; i++ {
			s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
		}
	}
	ev = s.Step(sim.Inputs{Driver: sim.AttentiveDriver, LaneChange: -1})
	if len(ev) == 0 || ev[len(ev)-1].Kind != sim.EventLaneChangeRejected {
		t.Errorf("changing left from the leftmost lane: %v", ev)
	}
}

func TestDriverStateChangesAreEvents(t *testing.T) {
	s := newSim(t, nil)
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	d := sim.AttentiveDriver
	d.HandsOnWheel, d.BeltOn = false, false
	ev := s.Step(sim.Inputs{Driver: d})
	got := map[string]bool{}
	for _, e := range ev {
		if e.Kind == sim.EventDriver {
			got[e.Subject] = true
		}
	}
	if !got["hands_off"] || !got["belt_off"] || len(got) != 2 {
		t.Errorf("driver events %v, want hands_off and belt_off", got)
	}
}

func TestSameSeedSameEventsByteForByte(t *testing.T) {
	logOf := func(seed uint64) []byte {
		s := newSim(t, func(c *sim.Config) {
			c.Seed = seed
			c.Destination = "far"
			c.TrafficScale = 1.5
			c.StartClockS = 8 * 3600
		})
		var b []byte
		for _, e := range drive(s, 3600_000, nil) {
			b = e.AppendJSON(b)
			b = append(b, '\n')
		}
		return b
	}
	a, b := logOf(42), logOf(42)
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	if bytes.Equal(a, logOf(43)) {
		t.Error("a different seed gave the same traffic")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	m, profiles := loadTestWorld(t)
	p := profile(t, profiles, "xiaomi-su7")
	for name, cfg := range map[string]sim.Config{
		"no profile":    {Map: m, StartPlace: "home"},
		"unknown start": {Profile: p, Map: m, StartPlace: "moon"},
		"soc above 1":   {Profile: p, Map: m, StartPlace: "home", SoC: 1.5},
	} {
		if _, err := sim.New(cfg); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestUnknownDestinationIsAnEventNotACrash(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "moon" })
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	if len(ev) == 0 || ev[0].Kind != sim.EventRouteFailed {
		t.Fatalf("events %v, want route.failed", ev)
	}
	drive(s, 60_000, nil)
	if s.State().Vehicle.OdometerM != 0 {
		t.Error("the car moved without a route")
	}
}

func BenchmarkStep(b *testing.B) {
	s := newSim(b, func(c *sim.Config) { c.Destination = "far"; c.SoC = 1 })
	in := sim.Inputs{Driver: sim.AttentiveDriver}
	for i := 0; i < 2000; i++ { // reach steady state on the expressway
		s.Step(in)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.State().Ended {
			b.StopTimer()
			s = newSim(b, func(c *sim.Config) { c.Destination = "far"; c.SoC = 1 })
			for j := 0; j < 2000; j++ {
				s.Step(in)
			}
			b.StartTimer()
		}
		s.Step(in)
	}
}

func TestStepDoesNotAllocateInSteadyState(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "far"; c.SoC = 1; c.TrafficScale = 0.01 })
	in := sim.Inputs{Driver: sim.AttentiveDriver}
	for i := 0; i < 2000; i++ {
		s.Step(in)
	}
	if a := testing.AllocsPerRun(500, func() { s.Step(in) }); a != 0 {
		t.Errorf("Step allocates %.1f times per call in steady state", a)
	}
}

func TestAddStopVisitsTheStopThenTheDestination(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "far"; c.TrafficScale = 0.01 })
	st := s.State()
	added := false
	log := drive(s, 2*3600_000, func(st *sim.State) sim.Inputs {
		in := sim.Inputs{Driver: sim.AttentiveDriver}
		if !added && st.Time >= 30_000 {
			in.Commands = []sim.Command{sim.AddStop{PlaceID: "charger"}}
			added = true
		}
		return in
	})
	wp, ok := first(log, sim.EventWaypoint)
	if !ok || wp.Subject != "charger" {
		t.Fatalf("no stop at the charger: %v", kinds(log))
	}
	if !st.Arrived || st.Destination != "far" {
		t.Errorf("after the stop: arrived=%v at %q", st.Arrived, st.Destination)
	}
}

func TestChangeLaneCommandAndDriveModes(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "far"; c.TrafficScale = 0.01 })
	st := s.State()
	for st.Conditions.RoadID != "xway" {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.ChangeLane{Dir: -1}}})
	if _, ok := first(ev, sim.EventLaneChangeStarted); !ok {
		t.Errorf("ChangeLane did not start a lane change: %v", ev)
	}
	ev = s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.SetDriveMode{Mode: sim.DriveSport}, sim.SetDriveMode{Mode: "turbo"}}})
	if st.DriveMode != sim.DriveSport {
		t.Errorf("drive mode %q", st.DriveMode)
	}
	if _, ok := first(ev, sim.EventCommandRejected); !ok {
		t.Error("an unknown drive mode was not rejected")
	}

	// Eco takes longer to reach 100 km/h than sport with full throttle.
	timeTo100 := func(mode sim.DriveMode) sim.Millis {
		s := newSim(t, func(c *sim.Config) { c.Control = sim.ControlManual })
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.SetDriveMode{Mode: mode}}})
		for s.State().Vehicle.SpeedMps < 100/3.6 && s.State().Time < 60_000 {
			s.Step(sim.Inputs{Accel: 1, Driver: sim.AttentiveDriver})
		}
		return s.State().Time
	}
	if eco, sport := timeTo100(sim.DriveEco), timeTo100(sim.DriveSport); eco <= sport {
		t.Errorf("0-100 in eco %s, in sport %s", eco, sport)
	}
}

func TestCabinCommandsActAndTheirPowerCostsEnergy(t *testing.T) {
	cold := -10.0
	energyAfter := func(climate bool) (float64, []sim.Event) {
		s := newSim(t, func(c *sim.Config) {
			c.OutsideTempC = &cold
			c.Passengers = []cabin.SeatID{cabin.SeatPassenger}
			c.ClimateOn = climate
		})
		var log []sim.Event
		in := sim.Inputs{Driver: sim.AttentiveDriver}
		if climate {
			in.Commands = []sim.Command{
				sim.CabinCommand{Command: cabin.SetSeatHeat{Seat: cabin.SeatDriver, Level: 3}},
				sim.CabinCommand{Command: cabin.SetSeatHeat{Seat: cabin.SeatRearLeft, Level: 2}},
			}
		}
		log = append(log, s.Step(in)...)
		log = append(log, drive(s, 10*60_000, nil)...)
		return s.State().Vehicle.EnergyUsedKWh, log
	}
	off, _ := energyAfter(false)
	on, log := energyAfter(true)
	if on <= off+0.1 {
		t.Errorf("heating at -10 °C used %.2f kWh against %.2f without", on, off)
	}
	heated, refused := false, false
	for _, e := range log {
		heated = heated || e.Kind == "seat.heat" && e.Subject == "driver"
		if e.Kind == sim.EventCommandRejected && e.Msg.String() == "cabin.say.refused.seat_empty(seat=cabin.name.seat.rear_left)" {
			refused = true
		}
	}
	if !heated || !refused {
		t.Errorf("driver seat heated %v; empty rear seat refused with its reason %v", heated, refused)
	}
}

func TestMediaAndPhoneCommands(t *testing.T) {
	s := newSim(t, nil)
	st := s.State()
	ev := s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{
		sim.MediaCommand{Command: infotainment.Play{Query: "周杰伦"}},
		sim.MediaCommand{Command: infotainment.Call{Contact: "Mom"}},
		sim.MediaCommand{Command: infotainment.Answer{}},
	}})
	if !st.Infotainment.Media.Playing || st.Infotainment.Phone.State != infotainment.PhoneDialing {
		t.Fatalf("media %+v, phone %+v", st.Infotainment.Media, st.Infotainment.Phone)
	}
	if _, ok := first(ev, sim.EventCommandRejected); !ok {
		t.Error("answering with nobody calling was not refused")
	}
	log := drive(s, 10_000, nil)
	if st.Infotainment.Phone.State != infotainment.PhoneInCall {
		t.Errorf("the call was not answered: %+v %v", st.Infotainment.Phone, kinds(log))
	}
}

func TestNobodyDrivingRollsToAStop(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "far"; c.TrafficScale = 0.01 })
	st := s.State()
	for st.Vehicle.SpeedMps < 20 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	handsOff := sim.AttentiveDriver
	handsOff.HandsOnWheel = false
	log := drive(s, st.Time+120_000, func(*sim.State) sim.Inputs { return sim.Inputs{Driver: handsOff} })
	if _, ok := first(log, sim.EventNobodyDriving); !ok {
		t.Error("no explanation that nobody is driving")
	}
	if st.Vehicle.SpeedMps != 0 {
		t.Errorf("the car still rolls at %.1f m/s after two minutes with nobody driving", st.Vehicle.SpeedMps)
	}
	for i := 0; i < 200; i++ {
		s.Step(sim.Inputs{Driver: handsOff})
	}
	if st.Vehicle.SpeedMps != 0 {
		t.Error("the car moved off with nobody driving")
	}
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	for i := 0; i < 100; i++ {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	if st.Vehicle.SpeedMps == 0 {
		t.Error("the driver's hands back on the wheel did not drive on")
	}
}

// TestGearFollowsTheDrive: State.Gear is set in every situation: P before
// the car moves off and while it charges, D while it drives, P once it
// has arrived.
func TestGearFollowsTheDrive(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.SoC = 0.12; c.Destination = "far"; c.TrafficScale = 0.01 })
	st := s.State()
	if st.Gear != sim.GearPark {
		t.Errorf("before the first step: gear %q, want P", st.Gear)
	}
	charged, drove := false, false
	for !st.Ended && st.Time < 3*3600_000 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
		switch {
		case st.Charging:
			charged = true
			if st.Gear != sim.GearPark {
				t.Fatalf("charging at %s: gear %q, want P", st.Time, st.Gear)
			}
		case st.Vehicle.SpeedMps > 1:
			drove = true
			if st.Gear != sim.GearDrive {
				t.Fatalf("driving at %.0f km/h at %s: gear %q, want D", st.Vehicle.SpeedMps*3.6, st.Time, st.Gear)
			}
		}
	}
	if !charged || !drove || !st.Arrived {
		t.Fatalf("charged %v, drove %v, arrived %v", charged, drove, st.Arrived)
	}
	if st.Gear != sim.GearPark {
		t.Errorf("arrived: gear %q, want P", st.Gear)
	}
}

// TestEnergyFlagsFollowTheWarnings: State.EnergyLow and EnergyCritical
// are set by the rule that emits the warnings: a hybrid low on battery but
// with a full tank is not low; a BEV at the same level is.
func TestEnergyFlagsFollowTheWarnings(t *testing.T) {
	for _, c := range []struct {
		id            string
		soc           float64
		low, critical bool
	}{{"li-auto-l9", 0.08, false, false}, {"xiaomi-su7", 0.15, true, false}, {"xiaomi-su7", 0.08, true, true}} {
		s := newSim(t, func(cfg *sim.Config) {
			_, all := loadTestWorld(t)
			cfg.Profile, cfg.SoC = profile(t, all, c.id), c.soc
		})
		log := s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
		st := s.State()
		k := kinds(log)
		if st.EnergyLow != c.low || st.EnergyCritical != c.critical {
			t.Errorf("%s at %.0f %%: low %v critical %v, want %v %v", c.id, c.soc*100, st.EnergyLow, st.EnergyCritical, c.low, c.critical)
		}
		if (k[sim.EventEnergyLow] == 1) != c.low || (k[sim.EventEnergyCritical] == 1) != c.critical {
			t.Errorf("%s at %.0f %%: events %v disagree with the flags", c.id, c.soc*100, k)
		}
	}
}

// TestNextManeuverNamesTheRoad: on the way to work the first manoeuvre is
// the left turn from the expressway onto Work Street (Home Street runs
// straight on into the expressway); the state names the road for the
// guidance views, and none for the arrival.
func TestNextManeuverNamesTheRoad(t *testing.T) {
	s := newSim(t, nil)
	st := s.State()
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	if st.NextManeuver == "" || st.NextManeuverRoad == nil || st.NextManeuverRoad.ID != "work-st" {
		t.Fatalf("at the start: %q onto %v", st.NextManeuver, st.NextManeuverRoad)
	}
	sawArrive := false
	for !st.Ended && st.Time < 30*60_000 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
		if st.NextManeuver == "arrive" {
			sawArrive = true
			if st.NextManeuverRoad != nil {
				t.Fatalf("arrival onto %s", st.NextManeuverRoad.ID)
			}
		}
	}
	if !sawArrive {
		t.Error("the arrival was never the next manoeuvre")
	}
}

// After a re-route the incidents of the old route are gone at once: the
// step that switches to the new route shows no incident (the panel said
// "roadworks 300 m ahead" for one step, from an incident whose distance
// was +Inf, located on the route just left), and none comes back.
func TestRerouteDropsTheOldRoutesIncidents(t *testing.T) {
	for _, moving := range []bool{false, true} {
		s := newSim(t, nil)
		in := sim.Inputs{Driver: sim.AttentiveDriver}
		for i := 0; i < 400; i++ {
			s.Step(in)
		}
		if moving != (s.State().Vehicle.SpeedMps > 1) {
			// a stopped car re-routes at once, a moving one at the end of the road
			in.Brake = 1
			for s.State().Vehicle.SpeedMps > 0.1 {
				s.Step(in)
			}
			in.Brake = 0
		}
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.AddIncident{Kind: sim.IncidentRoadworks, AheadM: 1500, LengthM: 200, LimitKmh: 40}}})
		if s.State().Conditions.Incident == nil {
			t.Fatal("the incident 1.5 km ahead is not in the conditions")
		}
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Navigate{PlaceID: "far"}}})
		route := s.State().Route
		for i := 0; i < 4000 && !s.State().Ended; i++ {
			s.Step(in)
			st := s.State()
			if in := st.Conditions.Incident; in != nil && (math.IsInf(in.AtM, 0) || st.Route != route) {
				t.Fatalf("moving %v, %v: after the re-route the conditions show an incident of the old route (at %v m, %.0f m ahead)", moving, st.Time, in.AtM, st.Conditions.IncidentAheadM)
			}
			if st.Route != route {
				route = st.Route
			}
		}
		if route == nil || s.State().Destination != "far" {
			t.Fatalf("moving %v: the re-route to far did not happen (%q)", moving, s.State().Destination)
		}
	}
}

// Cancelling the route in the very step a charging stop begins (a driver
// saying "cancel navigation" as the car pulls up at the charger) ends the
// stop instead of crashing: the stop began, then the cancel took the
// route away, and the next step charged for a stop of no route (issue
// 16: sim.(*Sim).charge panicked on a nil route; fixed in 7904123).
func TestCancelRouteAsAChargingStopBegins(t *testing.T) {
	mk := func() *sim.Sim {
		return newSim(t, func(c *sim.Config) { c.Destination, c.SoC = "far", 0.06 })
	}
	in := sim.Inputs{Driver: sim.AttentiveDriver}
	s := mk()
	startStep := -1
	for i := 0; i < 40000 && startStep < 0; i++ {
		for _, e := range s.Step(in) {
			if e.Kind == sim.EventChargingStarted {
				startStep = i
			}
		}
	}
	if startStep < 0 {
		t.Fatal("the drive never stopped to charge")
	}
	s = mk()
	for i := 0; i < startStep; i++ {
		s.Step(in)
	}
	cancel := in
	cancel.Commands = []sim.Command{sim.CancelRoute{}}
	var kinds []sim.EventKind
	for _, e := range s.Step(cancel) {
		kinds = append(kinds, e.Kind)
	}
	// the cancel ends the route once the car stands, a few steps on,
	// with the stop under way
	for i := 0; i < 100 && s.State().Route != nil; i++ {
		s.Step(in)
	}
	if st := s.State(); !st.Charging || st.Route != nil {
		t.Fatalf("the test missed the instant: charging %v, route %v (events %v)", st.Charging, st.Route != nil, kinds)
	}
	for i := 0; i < 200; i++ {
		s.Step(in)
	}
	if st := s.State(); st.Charging || st.ChargingKW != 0 || st.ChargingStation != "" || st.Ended {
		t.Errorf("after the cancel: charging %v at %v kW at %q, ended %v", st.Charging, st.ChargingKW, st.ChargingStation, st.Ended)
	}
}
