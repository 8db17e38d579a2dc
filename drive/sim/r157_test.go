package sim_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/sim"
)

// r157Map is one long divided expressway from the start: the car is in the
// L3 domain as soon as it is up to speed.
const r157Map = `
name: r157
nodes:
  - {id: a, x: 0, y: 0}
  - {id: b, x: 40000, y: 0}
roads:
  - {id: x, en: Test Expressway, zh: 测试高速, type: expressway, from: a, to: b, speed_limit: 120, lanes: 3, markings: good, divided: true}
places:
  - {id: start, en: Start, zh: 起点, pinyin: qidian, category: home, node: a}
  - {id: end, en: End, zh: 终点, pinyin: zhongdian, category: work, node: b}
`

// system is who drives when the hazard appears.
type system string

const (
	underL3  system = "L3"
	underL2  system = "L2"
	underMRM system = "MRM"
)

// gaze is where the human looks meanwhile.
type gaze string

const (
	watching   gaze = "watching the road"
	distracted gaze = "on the phone"
)

// hazardRun is how one R157-style case ended.
type hazardRun struct {
	crashed  bool
	minGapM  float64
	maxDecel float64
	startKmh float64
	events   []sim.Event
	sim      *sim.Sim
}

// driver is the human in the seat: hands on for L2 (it needs them), off
// under L3 and in the MRM (which a severe fault starts, whoever sits
// there), eyes where the case says.
func (g gaze) driver(by system) sim.DriverState {
	d := sim.AttentiveDriver
	if g == distracted {
		d.EyesOnRoad, d.Phone = false, true
	}
	if by != underL2 {
		d.HandsOnWheel = false
	}
	return d
}

// runHazard drives the expressway at about 120 km/h with the system
// engaged, then puts the hazard in front and drives on for 20 s.
func runHazard(t *testing.T, by system, g gaze, hazard sim.Command) hazardRun {
	t.Helper()
	level := automation.LevelL3
	if by == underL2 {
		level = automation.LevelL2
	}
	s := expresswayAt(t, level)
	st := s.State()
	d := g.driver(by)
	if by == underMRM {
		s.Step(sim.Inputs{Driver: d, Commands: []sim.Command{sim.InjectFault{Severe: true}}})
		for i := 0; i < 20; i++ { // 1 s into the manoeuvre
			s.Step(sim.Inputs{Driver: d})
		}
		if st.Automation.State != automation.StateMRM {
			t.Fatalf("no MRM: %s", st.Automation.State)
		}
	} else {
		for i := 0; i < 40; i++ {
			s.Step(sim.Inputs{Driver: d})
		}
	}
	r := hazardRun{minGapM: math.Inf(1), startKmh: st.Vehicle.SpeedMps * 3.6, sim: s}
	in := sim.Inputs{Driver: d, Commands: []sim.Command{hazard}}
	for i := 0; i < 400 && !st.Ended; i++ {
		r.events = append(r.events, s.Step(in)...)
		in.Commands = nil
		if l := st.Conditions.Lead; l.Present {
			r.minGapM = math.Min(r.minGapM, l.GapM)
		}
		r.maxDecel = math.Max(r.maxDecel, -st.Vehicle.AccelMps2)
		if by == underMRM && !st.Cabin.Lights.Hazard {
			t.Fatalf("%s: hazards off during the MRM", st.Time)
		}
	}
	r.crashed = st.Crashed
	return r
}

// r157Cases are the hazards of R157's collision-avoidance tests: cut-ins
// at several gaps and speed differences, a cut-out revealing a stopped
// car, a slower lead, a pedestrian and debris on the carriageway.
func r157Cases() []struct {
	name   string
	cmd    sim.Command
	gapM   float64
	dvKmh  float64 // how much slower than the car the object is
	object string
} {
	type c = struct {
		name   string
		cmd    sim.Command
		gapM   float64
		dvKmh  float64
		object string
	}
	var out []c
	for _, gap := range []float64{8, 12, 20, 30, 45} {
		for _, dv := range []float64{10, 30, 50, 70} {
			out = append(out, c{fmt.Sprintf("cut-in %gm %gkmh slower", gap, dv), sim.CutIn{Kind: "car", GapM: gap, SpeedDeltaKmh: dv}, gap, dv, "car"})
		}
	}
	for _, gap := range []float64{60, 90, 150} {
		out = append(out, c{fmt.Sprintf("cut-out reveals a stopped car at %gm", gap), sim.Obstacle{Kind: "car", GapM: gap}, gap, -1, "car"})
	}
	out = append(out,
		c{"slower lead 60 km/h at 100m", sim.Obstacle{Kind: "car", GapM: 100, SpeedKmh: 60, HoldS: 60}, 100, -60, "car"},
		c{"pedestrian on the carriageway at 120m", sim.Obstacle{Kind: "pedestrian", GapM: 120}, 120, -1, "pedestrian"},
		c{"debris at 80m", sim.Obstacle{Kind: "debris", GapM: 80}, 80, -1, "debris"},
	)
	return out
}

// TestTheSystemAvoidsWhatTheReferenceDriverAvoids plays every case under
// L3, L2 and the MRM, with the driver watching and on the phone: the
// outcome must not depend on where the human looks, and the system must
// avoid every collision the R157 reference driver avoids.
func TestTheSystemAvoidsWhatTheReferenceDriverAvoids(t *testing.T) {
	for _, by := range []system{underL3, underL2, underMRM} {
		for _, c := range r157Cases() {
			t.Run(string(by)+"/"+c.name, func(t *testing.T) {
				watch := runHazard(t, by, watching, c.cmd)
				if by == underL3 {
					sayAll(t, watch.sim, watch.events)
				}
				phone := runHazard(t, by, distracted, c.cmd)
				if watch.crashed != phone.crashed || math.Abs(watch.minGapM-phone.minGapM) > 0.01 {
					t.Errorf("the outcome depends on the driver's gaze: watching crashed=%v gap %.2f m, on the phone crashed=%v gap %.2f m",
						watch.crashed, watch.minGapM, phone.crashed, phone.minGapM)
				}
				v := watch.startKmh / 3.6
				vObj := 0.0
				switch {
				case c.dvKmh >= 0:
					vObj = v - c.dvKmh/3.6
				case c.dvKmh < -0.5:
					vObj = -c.dvKmh / 3.6
				}
				refAvoids := sim.R157Reference.Avoids(v, vObj, c.gapM)
				t.Logf("at %.0f km/h: reference driver %s (%.1f m), system %s (%.1f m, %.1f m/s²)", watch.startKmh,
					map[bool]string{true: "avoids", false: "collides"}[refAvoids], sim.R157Reference.MinGapM(v, vObj, c.gapM),
					map[bool]string{false: "avoids", true: "collides"}[watch.crashed], watch.minGapM, watch.maxDecel)
				if refAvoids && watch.crashed {
					t.Errorf("collision at %.0f km/h that the R157 reference driver avoids (it keeps %.1f m)", watch.startKmh, sim.R157Reference.MinGapM(v, vObj, c.gapM))
				}
				if !watch.crashed && c.object != "" && watch.maxDecel > 4.01 {
					braked := false
					for _, e := range watch.events {
						braked = braked || e.Kind == sim.EventEmergencyBrake
					}
					if !braked {
						t.Errorf("braked at %.1f m/s² without saying it was an emergency", watch.maxDecel)
					}
				}
			})
		}
	}
}

// TestAnL3CutInIsAvoidedWhateverTheDriverDoes is the case: a car
// cuts in 30 m ahead, 50 km/h slower, at 120 km/h. With the driver on the
// phone L3 used to crash at 120 km/h; now it brakes on its own sensors.
func TestAnL3CutInIsAvoidedWhateverTheDriverDoes(t *testing.T) {
	for _, g := range []gaze{watching, distracted} {
		r := runHazard(t, underL3, g, sim.CutIn{Kind: "car", GapM: 30, SpeedDeltaKmh: 50})
		if r.crashed {
			t.Fatalf("%s: L3 crashed into a car cutting in 30 m ahead", g)
		}
		if r.maxDecel > 9.01 || r.maxDecel < 3 {
			t.Errorf("%s: braked at %.1f m/s²", g, r.maxDecel)
		}
	}
}

// TestTheMRMBrakesForACarCuttingIn: a car cutting in 1 s into the MRM was
// hit at 45 km/h while the MRM kept its 2 m/s²; the system now brakes as
// hard as it must, with the hazards on all along.
func TestTheMRMBrakesForACarCuttingIn(t *testing.T) {
	r := runHazard(t, underMRM, distracted, sim.CutIn{Kind: "car", GapM: 20, SpeedDeltaKmh: 40})
	if r.crashed {
		t.Fatal("the MRM hit a car cutting in 20 m ahead, 40 km/h slower")
	}
	if r.maxDecel <= 2.5 {
		t.Errorf("the MRM kept braking at %.1f m/s²", r.maxDecel)
	}
}

func TestReferenceDriver(t *testing.T) {
	cases := []struct {
		v, vObj, gap float64
		avoids       bool
	}{
		{120 / 3.6, 70 / 3.6, 30, true},  // the cut-in: 0.75 s closes 10 m, braking takes the rest
		{120 / 3.6, 70 / 3.6, 10, false}, // too close for a human
		{120 / 3.6, 0, 60, false},        // a stopped car revealed 60 m ahead at 120
		{120 / 3.6, 0, 100, false},
		{120 / 3.6, 0, 130, true},
		{100 / 3.6, 100 / 3.6, 1, true}, // not closing
	}
	for _, c := range cases {
		if got := sim.R157Reference.Avoids(c.v, c.vObj, c.gap); got != c.avoids {
			t.Errorf("%.0f→%.0f km/h at %.0f m: avoids %v (min gap %.1f m), want %v", c.v*3.6, c.vObj*3.6, c.gap, got, sim.R157Reference.MinGapM(c.v, c.vObj, c.gap), c.avoids)
		}
	}
}

// TestACrashUnderL3EndsInTheMRC: a collision the system could not avoid
// ends the drive, and the car stands; before, the automation was no longer
// stepped and the cluster showed L3 driving a wrecked car for ever. A
// crash is a severe failure: the system ends in its minimal-risk
// condition, hazards on.
func TestACrashUnderL3EndsInTheMRC(t *testing.T) {
	s := expresswayAt(t, automation.LevelL3)
	st := s.State()
	d := distracted.driver(underL3)
	for i := 0; i < 40; i++ {
		s.Step(sim.Inputs{Driver: d})
	}
	if !st.Automation.Active || st.Automation.Level != automation.LevelL3 {
		t.Fatalf("L3 not engaged: %+v", st.Automation)
	}
	in := sim.Inputs{Driver: d, Commands: []sim.Command{sim.Obstacle{Kind: "car", GapM: 1}}}
	for i := 0; i < 100 && !st.Crashed; i++ {
		s.Step(in)
		in.Commands = nil
	}
	if !st.Crashed {
		t.Fatal("no crash with a stopped car 1 m ahead at motorway speed")
	}
	for i := 0; i < 20; i++ {
		s.Step(sim.Inputs{Driver: d})
	}
	if a := st.Automation; a.State != automation.StateMRC || !st.Cabin.Lights.Hazard {
		t.Errorf("after the crash the automation reads %s (active %v), hazards %v; want the MRC with hazards on", a.State, a.Active, st.Cabin.Lights.Hazard)
	}
}
