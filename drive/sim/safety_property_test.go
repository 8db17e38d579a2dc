package sim_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/sim"
)

// safetyDrives is how many random drives TestAutomationSafetyProperties
// plays: 1,000 per CI run, COCKPIT_SAFETY_DRIVES=10000 for the benchmark
// mode of docs/BENCHMARKS.md, fewer under the race detector.
func safetyDrives(t *testing.T) int {
	if v := os.Getenv("COCKPIT_SAFETY_DRIVES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("COCKPIT_SAFETY_DRIVES=%q: want a positive whole number", v)
		}
		return n
	}
	if raceEnabled || testing.Short() {
		return 100
	}
	return 1000
}

// hazardAt is a hazard put in front of the car while the system drove,
// with whether the R157 reference driver would have avoided it.
type hazardAt struct {
	at        sim.Millis
	avoidable bool
	what      string
}

// TestAutomationSafetyProperties drives random expressway drives with L3
// or L2 engaged, a driver watching, on the phone or asleep (an MRM), random
// cut-ins, stopped cars, debris and pedestrians, random attempts to switch
// the hazards off, restart the ignition or take over, and checks what must
// always hold:
//   - no collision, while L2, L3 or the MRM drives, that the R157
//     reference driver would have avoided;
//   - the hazard lights on from the start of an MRM until the driver's own
//     switch turns them off once it is over (the car at rest, or the
//     driver driving again): never during it, by no path, and not by an
//     ignition restart;
//   - a takeover only with hands on the wheel, eyes on the road and an
//     input, and never one the cockpit would greet with "You have control"
//     after the car had to stop itself.
func TestAutomationSafetyProperties(t *testing.T) {
	n := safetyDrives(t)
	var mrms, crashes, hazards int
	for i := 0; i < n; i++ {
		m, h, c := safetyDrive(t, uint64(i))
		mrms, hazards, crashes = mrms+m, hazards+h, crashes+c
		if t.Failed() {
			return
		}
	}
	t.Logf("%d drives: %d hazards put in front of the system, %d MRMs, %d collisions while it drove (each one the reference driver could not avoid either)", n, hazards, mrms, crashes)
	if mrms == 0 || hazards == 0 {
		t.Fatalf("the random drives never tested an MRM (%d) or a hazard (%d)", mrms, hazards)
	}
}

func safetyDrive(t *testing.T, seed uint64) (mrms, hazards, crashes int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0xc0c))
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("drive %d: %s", seed, fmt.Sprintf(format, args...))
	}
	s := upToSpeed(t, r157Map, 40+rng.Float64()*79)
	st := s.State()
	level := automation.LevelL3
	if rng.IntN(3) == 0 {
		level = automation.LevelL2
	}
	s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: []sim.Command{sim.Engage{Level: level}, sim.Confirm{Yes: true}}})
	driver := sim.AttentiveDriver
	switch rng.IntN(3) {
	case 1:
		driver = sim.DriverState{HandsOnWheel: level == automation.LevelL2, Seated: true, BeltOn: true, Phone: true}
	case 2:
		driver = sim.DriverState{Seated: true, BeltOn: true, EyesClosed: true}
	}
	var last *hazardAt
	mrmAt, over := sim.Millis(-1), false
	steps := 600 + rng.IntN(1400)
	for i := 0; i < steps && !st.Ended; i++ {
		in := sim.Inputs{Driver: driver}
		driving := st.Automation.Active
		if rng.Float64() < 1.0/300 {
			v := st.Vehicle.SpeedMps
			var c sim.Command
			var vObj, gap float64
			switch rng.IntN(4) {
			case 0, 1:
				gap, dv := 5+rng.Float64()*55, rng.Float64()*80
				c, vObj = sim.CutIn{Kind: "car", GapM: gap, SpeedDeltaKmh: dv}, max(v-dv/3.6, 0)
			case 2:
				gap = 30 + rng.Float64()*170
				c = sim.Obstacle{Kind: "car", GapM: gap}
			default:
				gap = 30 + rng.Float64()*170
				c = sim.Obstacle{Kind: []string{"debris", "pedestrian"}[rng.IntN(2)], GapM: gap}
			}
			in.Commands = append(in.Commands, c)
			if driving {
				hazards++
				last = &hazardAt{at: st.Time, avoidable: sim.R157Reference.Avoids(v, vObj, gap), what: fmt.Sprintf("%T%+v at %.0f km/h", c, c, v*3.6)}
			} else {
				last = nil
			}
		}
		switch r := rng.Float64(); {
		case r < 1.0/400:
			in.Commands = append(in.Commands, sim.HazardsOff{})
		case r < 2.0/400:
			in.Commands = append(in.Commands, sim.CabinCommand{Command: cabin.SetLight{Target: cabin.LightHazard, On: false}})
		case r < 3.0/400:
			in.Commands = append(in.Commands, sim.IgnitionRestart{})
		case r < 4.0/400:
			in.Commands = append(in.Commands, sim.IHaveControl{}) // not a takeover by itself
		case r < 5.0/400:
			in.Brake = 0.3 // a brake tap, with or without hands
		case r < 5.5/400:
			driver = sim.AttentiveDriver // the driver comes back
			in.Driver, in.Steer = driver, true
		}
		switchedOff := false
		for _, c := range in.Commands {
			_, off := c.(sim.HazardsOff)
			if l, ok := c.(sim.CabinCommand); ok {
				off = off || l.Command == cabin.SetLight{Target: cabin.LightHazard, On: false}
			}
			switchedOff = switchedOff || off
		}
		for _, e := range s.Step(in) {
			switch e.Kind {
			case automation.EventMRM:
				if mrmAt < 0 {
					mrmAt = e.At
					mrms++
				}
			case automation.EventTakeover:
				d := st.Driver
				if !d.HandsOnWheel || !d.EyesOnRoad || !(in.Steer || in.Brake > 0.1 || in.Accel > 0.1) {
					fail("%s: a takeover without a valid input: %+v %+v", e.At, d, in)
				}
				if mrmAt >= 0 && !automation.TooLate(e.Msg) {
					fail("%s: a takeover after the MRM began would read as a clean one: %v", e.At, e.Msg)
				}
				over = over || mrmAt >= 0 // the driver drives again
			case sim.EventCollision:
				if driving && last != nil && last.avoidable {
					fail("%s: collision while the system drove, after %s that the reference driver avoids", e.At, last.what)
				}
				if driving {
					crashes++
				}
			}
		}
		if mrmAt >= 0 && (st.Automation.State == automation.StateMRC || st.Vehicle.SpeedMps*3.6 < 0.5) {
			over = true // at rest: the MRC, or a restart at standstill
		}
		if mrmAt >= 0 && !st.Cabin.Lights.Hazard {
			if !switchedOff || !over {
				fail("%s: the hazard lights went off after the MRM began at %s (switch pressed %v, MRM over %v)", st.Time, mrmAt, switchedOff, over)
				return
			}
			mrmAt, over = -1, false // the driver's own switch, after the MRM
		}
	}
	return mrms, hazards, crashes
}
