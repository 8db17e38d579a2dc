package sim_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// arterialMap is one long 80 km/h arterial road: manual driving, no L3.
const arterialMap = `
name: arterial
nodes:
  - {id: a, x: 0, y: 0}
  - {id: b, x: 20000, y: 0}
roads:
  - {id: r, en: Test Road, zh: 测试路, type: arterial, from: a, to: b, speed_limit: 80, lanes: 3, markings: good, divided: true}
places:
  - {id: start, en: Start, zh: 起点, pinyin: qidian, category: home, node: a}
  - {id: end, en: End, zh: 终点, pinyin: zhongdian, category: work, node: b}
`

// upToSpeed is a drive on a one-road test map, the simulated driver at
// the wheel, brought up to kmh.
func upToSpeed(t *testing.T, mapYAML string, kmh float64) *sim.Sim {
	t.Helper()
	m, err := world.Load(fstest.MapFS{"maps/m.yaml": {Data: []byte(mapYAML)}}, "maps/m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, profiles := loadTestWorld(t)
	s, err := sim.New(sim.Config{Profile: profile(t, profiles, "xiaomi-su7"), Map: m, Seed: 9, StartPlace: "start",
		Destination: "end", StartClockS: 11 * 3600, TrafficScale: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	for s.State().Vehicle.SpeedMps < kmh/3.6 && s.State().Time < 120_000 {
		s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	return s
}

// manualAt is the simulated driver at 80 km/h on the arterial road.
func manualAt(t *testing.T) *sim.Sim { return upToSpeed(t, arterialMap, 79) }

// stepFor steps n times with the driver d, collecting events; the first
// step carries cmds.
func stepFor(s *sim.Sim, n int, in sim.Inputs, cmds ...sim.Command) []sim.Event {
	var log []sim.Event
	in.Commands = cmds
	for i := 0; i < n && !s.State().Ended; i++ {
		log = append(log, s.Step(in)...)
		in.Commands = nil
	}
	return log
}

// firstAct is the first event of kind that acts (not a release).
func firstAct(log []sim.Event, kind sim.EventKind) *sim.Event {
	for i := range log {
		if log[i].Kind == kind && log[i].Subject != "released" && log[i].Subject != "hold" {
			return &log[i]
		}
	}
	return nil
}

var onThePhone = sim.DriverState{HandsOnWheel: true, Seated: true, BeltOn: true, Phone: true}

func TestForwardCollisionWarningAndAEB(t *testing.T) {
	cases := []struct {
		name      string
		driver    sim.DriverState
		in        sim.Inputs
		gap       float64
		fcw, aeb  bool
		crash     bool
		brakeOnly string
	}{
		// the driver looks up in time and brakes: nothing for the car to do
		{name: "watching, stopped car at 120 m", driver: sim.AttentiveDriver, gap: 120},
		// eyes on the phone: the driver never sees it; the car warns, then brakes
		{name: "on the phone, stopped car at 60 m", driver: onThePhone, gap: 60, fcw: true, aeb: true},
		{name: "on the phone, pedestrian at 60 m", driver: onThePhone, gap: 60, fcw: true, aeb: true},
		// a kick-down is the driver's will: the brake lets go
		{name: "kick-down overrides", driver: onThePhone, in: sim.Inputs{Accel: 1}, gap: 60, fcw: true, crash: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := manualAt(t)
			kind := "car"
			if c.name == "on the phone, pedestrian at 60 m" {
				kind = "pedestrian"
			}
			in := c.in
			in.Driver = c.driver
			log := stepFor(s, 400, in, sim.Obstacle{Kind: kind, GapM: c.gap})
			sayAll(t, s, log)
			fcw, aeb := firstAct(log, sim.EventFCW), firstAct(log, sim.EventAEB)
			if (fcw != nil) != c.fcw || (aeb != nil) != c.aeb {
				t.Fatalf("FCW %v, AEB %v; want %v, %v", fcw, aeb, c.fcw, c.aeb)
			}
			if s.State().Crashed != c.crash {
				t.Fatalf("crashed %v, want %v", s.State().Crashed, c.crash)
			}
			if s.State().Crashed && s.State().Assist.Active() {
				t.Errorf("after the collision the assistance still reads %+v", s.State().Assist)
			}
			if aeb != nil {
				held := false
				for _, e := range log {
					held = held || e.Kind == sim.EventAEB && e.Subject == "hold"
				}
				if !held {
					t.Errorf("the brake did not hold the car it stopped for a driver who cannot see: %v", log)
				}
			}
			if fcw != nil && aeb != nil {
				if fcw.At >= aeb.At {
					t.Errorf("the warning (%s) must come before the brake (%s)", fcw.At, aeb.At)
				}
				if fcw.Value < 1.6 {
					t.Errorf("warned at TTC %.1f s, too late to react", fcw.Value)
				}
				if fcw.Severity != sim.SeverityCritical || fcw.Cue != sim.CueCritical {
					t.Errorf("FCW graded %v %q", fcw.Severity, fcw.Cue)
				}
			}
		})
	}
}

// TestTheDriverSeesOnlyWithEyesOnTheRoad: with the eyes on the phone the
// simulated driver does not brake for what it cannot see, however long;
// the reaction time starts when the eyes come back.
func TestTheDriverSeesOnlyWithEyesOnTheRoad(t *testing.T) {
	s := manualAt(t)
	st := s.State()
	log := stepFor(s, 20, sim.Inputs{Driver: onThePhone}, sim.Obstacle{Kind: "car", GapM: 150})
	if st.Vehicle.AccelMps2 < -0.5 {
		t.Fatalf("braked at %.1f m/s² for a car it has not seen", st.Vehicle.AccelMps2)
	}
	log = append(log, stepFor(s, 300, sim.Inputs{Driver: sim.AttentiveDriver})...)
	if st.Crashed || firstAct(log, sim.EventAEB) != nil {
		t.Fatalf("looking up 1 s after, 150 m away, the driver should stop alone: crashed %v, %v", st.Crashed, log)
	}
}

func TestLaneDepartureWarning(t *testing.T) {
	cases := []struct {
		name      string
		driver    sim.DriverState
		cmds      []sim.Command
		l3        bool
		ldw, left bool
	}{
		{name: "watching the road keeps the lane", driver: sim.AttentiveDriver},
		{name: "the phone in hand drifts out", driver: onThePhone, ldw: true, left: true},
		{name: "hands off with nobody steering drifts out", driver: sim.DriverState{Seated: true, BeltOn: true, EyesOnRoad: true}, ldw: true, left: true},
		{name: "the indicator makes it intentional", driver: onThePhone, cmds: []sim.Command{sim.Indicate{Dir: -1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := manualAt(t)
			// within the indicator's 10 s: the same drift that crosses
			// the line without it stays silent with it
			log := stepFor(s, 190, sim.Inputs{Driver: c.driver}, c.cmds...)
			sayAll(t, s, log)
			ldw, dep := firstAct(log, sim.EventLDW), firstAct(log, sim.EventLaneDeparture)
			if (ldw != nil) != c.ldw || (dep != nil) != c.left {
				t.Fatalf("LDW %v, departure %v; want %v, %v", ldw, dep, c.ldw, c.left)
			}
			if ldw != nil && dep != nil && ldw.At >= dep.At {
				t.Errorf("the warning (%s) must come before the wheel crosses (%s)", ldw.At, dep.At)
			}
		})
	}
}

// TestL3KeepsTheLaneWhileTheDriverIsOnThePhone: under L3 the phone is
// allowed, and the system keeps the car centred.
func TestL3KeepsTheLaneWhileTheDriverIsOnThePhone(t *testing.T) {
	s := expresswayAt(t, automation.LevelL3)
	st := s.State()
	phone := sim.DriverState{Seated: true, BeltOn: true, Phone: true}
	log := stepFor(s, 600, sim.Inputs{Driver: phone})
	if !st.Automation.Active || firstAct(log, sim.EventLaneDeparture) != nil || firstAct(log, sim.EventLDW) != nil {
		t.Fatalf("L3 %s; events %v", st.Automation.State, log)
	}
	if st.Conditions.LaneOffsetM != 0 {
		t.Errorf("L3 drifted %.2f m off the centre", st.Conditions.LaneOffsetM)
	}
}

// expresswayAt is a drive at about 120 km/h on the R157 expressway with
// the system of level engaged.
func expresswayAt(t *testing.T, level automation.Level) *sim.Sim {
	t.Helper()
	s := upToSpeed(t, r157Map, 119)
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: level}, sim.Confirm{Yes: true}}})
	if !s.State().Automation.Active {
		t.Fatalf("%s did not engage: %s", level, s.State().Automation.State)
	}
	return s
}

// sayAll fails unless every event of the log reads in both languages.
func sayAll(t *testing.T, s *sim.Sim, log []sim.Event) {
	t.Helper()
	for _, e := range log {
		if !e.Msg.IsZero() {
			said(t, s, "en", e)
			said(t, s, "zh", e)
		}
	}
}

// TestAnObstacleNeedsAKindAndARoad: an unknown kind or no road ahead is
// refused in words, never a silent no-op.
func TestAnObstacleNeedsAKindAndARoad(t *testing.T) {
	s := manualAt(t)
	ev := firstOf(s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Obstacle{Kind: "cow"}}}), sim.EventCommandRejected)
	if ev == nil || !strings.Contains(said(t, s, "en", *ev), `"cow"`) {
		t.Fatalf("an unknown obstacle: %v", ev)
	}
	p := newSim(t, func(c *sim.Config) { c.Destination = "" })
	ev = firstOf(p.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Obstacle{Kind: "car"}}}), sim.EventCommandRejected)
	if ev == nil || !strings.Contains(said(t, p, "zh", *ev), "不在导航路线上") {
		t.Fatalf("an obstacle without a route: %v", ev)
	}
}
