package signal_test

import (
	"fmt"
	"io/fs"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

func catalogue(t testing.TB) *signal.Catalog {
	t.Helper()
	c, err := signal.Load(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkValue says what is wrong with a value of a signal, "" if nothing:
// its Go type follows the datatype, a number is finite and in range, a
// string is one of the allowed.
func checkValue(sp *signal.Spec, v any) string {
	switch sp.Datatype {
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("a %T for a boolean", v)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Sprintf("a %T for a string", v)
		}
		if len(sp.Allowed) > 0 && !slices.Contains(sp.Allowed, s) {
			return fmt.Sprintf("%q is not one of %v", s, sp.Allowed)
		}
	case "float", "double":
		f, ok := v.(float64)
		if !ok {
			return fmt.Sprintf("a %T for a %s", v, sp.Datatype)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprintf("%v", f)
		}
		if sp.HasMin && f < sp.Min || sp.HasMax && f > sp.Max {
			return fmt.Sprintf("%v out of range", f)
		}
	default:
		n, ok := v.(int)
		if !ok {
			return fmt.Sprintf("a %T for a %s", v, sp.Datatype)
		}
		if _, err := sp.Parse(float64(n)); err != nil {
			return err.Error()
		}
	}
	return ""
}

// Every bundled scenario, drills and car parks included, driven to its
// end: at every step every value has its datatype, is finite, in range
// and one of the allowed values.
func TestEveryValueOfEveryDriveFitsItsSpec(t *testing.T) {
	c := catalogue(t)
	env, err := scenario.NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(assets.FS(), "scenarios/*.yaml")
	more, _ := fs.Glob(assets.FS(), "scenarios/*/*.yaml")
	files = append(files, more...)
	if len(files) < 15 {
		t.Fatalf("only %d scenarios", len(files))
	}
	seen := map[string]map[string]bool{} // path -> values seen (strings only)
	for _, f := range files {
		sc, err := scenario.Load(assets.FS(), f, env)
		if err != nil {
			t.Fatal(err)
		}
		su := session.ScenarioSetup(sc, session.NoDrill, nil)
		su.Signals = c
		s, err := session.New(su)
		if err != nil {
			t.Fatal(err)
		}
		var vals []any
		bad := 0
		for step := 0; !s.Over(); step++ {
			s.Advance()
			if step%5 != 0 {
				continue // every half second: a drive of hours stays quick to check
			}
			vals = s.ReadSignals(vals)
			if len(vals) != c.Len() {
				t.Fatalf("%d values for %d signals", len(vals), c.Len())
			}
			for i, v := range vals {
				sp := c.Spec(i)
				if msg := checkValue(sp, v); msg != "" && bad < 5 {
					bad++
					t.Errorf("%s at %.1f s: %s: %s", f, s.State().Time.Seconds(), sp.Path, msg)
				}
				if s, ok := v.(string); ok {
					if seen[sp.Path] == nil {
						seen[sp.Path] = map[string]bool{}
					}
					seen[sp.Path][s] = true
				}
			}
		}
	}
	// The drives reach the states a designer most wants to see.
	for path, want := range map[string][]string{
		"Cockpit.ADAS.Automation.State":        {"ACTIVE", "TAKEOVER_STAGE1", "TAKEOVER_STAGE2", "MRM", "MANUAL"},
		"Vehicle.ADAS.ActiveAutonomyLevel":     {"SAE_0", "SAE_3", "SAE_3_DISENGAGING"},
		"Cockpit.ADAS.Parking.State":           {"SEARCHING", "EXECUTING", "DONE"},
		"Cockpit.Powertrain.Transmission.Gear": {"P", "D", "R"},
	} {
		for _, w := range want {
			if !seen[path][w] {
				t.Errorf("no drive shows %s = %s (seen %v)", path, w, seen[path])
			}
		}
	}
}

// rich is a state in which every value of the cabin, the automation and
// the parking assist shows in some signal: the climate and rear heater
// on, massages running, a lead ahead, a route, a car park.
func rich() *sim.State {
	st := &sim.State{Time: 60_000, Cabin: cabin.New(cabin.Options{Occupied: [4]bool{true, true, true, true}})}
	cb := &st.Cabin
	cb.Now = 60_000
	cb.Climate.On, cb.Climate.RearDefrost, cb.Climate.RearDefrostEndsAt = true, true, 200_000
	cb.Climate.ZoneOn = [3]bool{true, true, true}
	cb.Lights.Ambient = true
	cb.Climate.Auto = false // the distribution shows
	for i := range cb.Seats {
		cb.Seats[i].Massage, cb.Seats[i].MassageLevel, cb.Seats[i].MassageEndsAt = cabin.MassageWave, 2, 300_000
		cb.Seats[i].Heat = 1
	}
	for i := range cb.Memory {
		cb.Memory[i].Saved = true
	}
	st.Route = &route.Route{}
	st.Parking.Area = "p1"
	st.Conditions.Lead = sim.Lead{Present: true, Kind: "car", GapM: 30, SpeedMps: 20, TimeGapS: 1.5, TTCS: 8}
	st.Conditions.Incident = &sim.Incident{Kind: "roadworks"}
	st.Automation = automation.Output{State: automation.StateActive, Level: automation.LevelL3}
	st.Infotainment = infotainment.New()
	st.Infotainment.Phone.State = infotainment.PhoneInCall
	st.Parking.Output.State = parking.StateExecuting
	st.Gear = sim.GearDrive
	st.Profile = erev // the fuel shows
	return st
}

var erev = func() *vehicle.Profile {
	ps, err := vehicle.LoadAll(assets.FS())
	if err != nil {
		panic(err)
	}
	for _, p := range ps {
		if p.HasFuel() {
			return p
		}
	}
	panic("no profile with fuel")
}()

// notSignals are the state's values that deliberately have no signal,
// each with the reason.
// A key ending in "." covers everything below it.
var notSignals = map[string]string{
	"Cabin.Now":                   "the cabin's clock: Cockpit.Simulation.Time",
	"Cabin.OutsideTempC":          "the cabin's copy of Vehicle.Exterior.AirTemperature",
	"Cabin.Climate.ZoneOn[0]":     "the driver zone follows the climate's power (Cockpit.Cabin.HVAC.IsPowerOn)",
	"Parking.Output.MoveMsg.":     "the move's sentence: the HMI renders it; Move and Moves are the values",
	"Parking.Output.ParkingBrake": "the machine's view of it; the car's is Parking.ParkingBrake (Vehicle.Chassis.ParkingBrake.IsEngaged)",
	"Parking.Output.ProximityM":   "the same reading as Parking.ProximityM (Cockpit.ADAS.Parking.ObstacleDistance)",
	"Parking.Scene.":              "the top-down view's geometry (the car's corners, the path driven), drawn by the cockpit from the map",
	"Parking.Phone.Command":       "an edge of the remote phone's buttons, not a state",
	"Infotainment.Phone.SinceMs":  "when the call state began: the call timer's base, not a value of its own",
}

func excluded(path string) bool {
	for k := range notSignals {
		if path == k || strings.HasSuffix(k, ".") && strings.HasPrefix(path, k) {
			return true
		}
	}
	return false
}

// Every value of the cabin, the automation, the parking assist, the
// assistance, the media, the driver and the lead shows in the catalogue:
// changing it changes some signal. A value added to the state without a
// signal fails here until it gets one (or a reason in notSignals).
func TestEveryStateValueHasASignal(t *testing.T) {
	c := catalogue(t)
	base := c.Read(rich(), nil)
	roots := []string{"Cabin", "Automation", "Parking", "ParkingSafety", "Assist", "Infotainment", "Driver", "Conditions.Lead", "Vehicle"}
	checked := 0
	for _, root := range roots {
		st := rich()
		v := reflect.ValueOf(st).Elem()
		for _, part := range strings.Split(root, ".") {
			v = v.FieldByName(part)
		}
		walk(v, root, func(path string, leaf func(*sim.State) reflect.Value) {
			if excluded(path) {
				return
			}
			checked++
			st := rich()
			f := leaf(st)
			mutate(f)
			got := c.Read(st, nil)
			for i := range got {
				if got[i] != base[i] {
					return
				}
			}
			t.Errorf("%s changes no signal", path)
		}, func(st *sim.State) reflect.Value {
			v := reflect.ValueOf(st).Elem()
			for _, part := range strings.Split(root, ".") {
				v = v.FieldByName(part)
			}
			return v
		})
	}
	if checked < 100 {
		t.Fatalf("only %d values checked", checked)
	}
}

// walk calls fn for every exported leaf (bool, number, string) below v,
// named by its dotted field path (array elements as [i]); get finds v in a
// fresh state, so fn can change a copy.
func walk(v reflect.Value, path string, fn func(string, func(*sim.State) reflect.Value), get func(*sim.State) reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			i := i
			walk(v.Field(i), path+"."+f.Name, fn, func(st *sim.State) reflect.Value { return get(st).Field(i) })
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			i := i
			walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn, func(st *sim.State) reflect.Value { return get(st).Index(i) })
		}
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64, reflect.String:
		fn(path, get)
	}
}

func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 7)
	case reflect.Float64:
		v.SetFloat(v.Float() + 137.37) // more than any signal's rounding
	case reflect.String:
		v.SetString(v.String() + "x")
	}
}
