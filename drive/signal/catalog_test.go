package signal

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
)

func mustLoad(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTheShippedCatalogueLoads(t *testing.T) {
	c := mustLoad(t)
	if c.Len() < 250 {
		t.Fatalf("only %d signals", c.Len())
	}
	for _, p := range []string{"Vehicle.Speed", "Vehicle.Cabin.Seat.Row2.PassengerSide.HeatingCooling",
		"Cockpit.ADAS.Automation.State", "Cockpit.ADAS.Parking.State", "Cockpit.Cabin.Seat.Row1.DriverSide.Memory.Profile3.IsSaved"} {
		if _, ok := c.Index(p); !ok {
			t.Errorf("%s is missing", p)
		}
	}
	for _, sp := range c.Specs() {
		if sp.Overlay != strings.HasPrefix(sp.Path, "Cockpit.") {
			t.Errorf("%s: overlay %v", sp.Path, sp.Overlay)
		}
	}
}

func TestMatch(t *testing.T) {
	c := mustLoad(t)
	n := func(p string) int { return len(c.Match(p)) }
	if n("Vehicle.Speed") != 1 {
		t.Errorf("an exact path matches %d", n("Vehicle.Speed"))
	}
	if got := n("Vehicle.Cabin.Seat.*.*.IsOccupied"); got != 4 {
		t.Errorf("a wildcard over the seats matches %d, want 4", got)
	}
	if n("Vehicle.Cabin.HVAC") < 15 || n("Vehicle.Cabin.HVAC") != n("Vehicle.Cabin.HVAC.**") || n("Vehicle.Cabin.HVAC") != n("Vehicle.Cabin.HVAC.*") {
		t.Errorf("a branch, its ** and its * differ: %d %d %d", n("Vehicle.Cabin.HVAC"), n("Vehicle.Cabin.HVAC.**"), n("Vehicle.Cabin.HVAC.*"))
	}
	if n("Vehicle.Spee") != 0 || n("vehicle.speed") != 0 || n("Vehicle.Speed.Foo") != 0 {
		t.Error("a partial segment, another case or a path below a leaf matched")
	}
	if n("") != c.Len() {
		t.Error("the empty pattern is not everything")
	}
	if !c.IsBranch("Vehicle.Cabin") || c.IsBranch("Vehicle.Speed") {
		t.Error("IsBranch")
	}
}

// A file that names a value the simulator does not have, or leaves one
// out, or has a wrong unit, type or range, is refused with its line.
func TestLoadRefusesWhatTheSimulatorDoesNotHave(t *testing.T) {
	orig, err := fs.ReadFile(assets.FS(), File)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, from, to, want string
	}{
		{"unknown path", "path: Vehicle.Speed\n", "path: Vehicle.Sped\n", "signals.yaml:28:11: signals[0].path: the simulator has no value Vehicle.Sped"},
		{"wrong unit", "    unit: km/h\n    description: Vehicle speed", "    unit: m/s\n    description: Vehicle speed", "Vehicle.Speed is in km/h"},
		{"bad type", "  - path: Vehicle.Speed\n    type: sensor", "  - path: Vehicle.Speed\n    type: sensr", "expected sensor, actuator or attribute"},
		{"a sensor made an actuator", "  - path: Vehicle.Speed\n    type: sensor", "  - path: Vehicle.Speed\n    type: actuator", "Vehicle.Speed cannot be set in the simulator"},
		{"unknown instance", "Vehicle.Cabin.Seat.<Seat>.IsOccupied", "Vehicle.Cabin.Seat.<Chair>.IsOccupied", "<Chair> is not under instances"},
		{"reversed range", "    min: -100\n    max: 100\n", "    min: 100\n    max: -100\n", "max -100 is below min 100"},
		{"range on a string", "    allowed: [CLEAR, RAIN, FOG, SNOW]\n", "    allowed: [CLEAR, RAIN, FOG, SNOW]\n    min: 1\n", "only a number has a range"},
		// a NaN bound made every write pass the range check
		{"NaN min", "    min: -100\n    max: 100\n", "    min: .nan\n    max: 100\n", "min: expected a finite number"},
		{"infinite max", "    min: -100\n    max: 100\n", "    min: -100\n    max: .inf\n", "max: expected a finite number"},
		{"escape code", "description: Vehicle speed, as the cluster shows it (0.1 km/h).", `description: "\e[2JVehicle speed"`, "signals[0].description: contains the control character U+001B"},
		{"no description", "    description: Vehicle speed, as the cluster shows it (0.1 km/h).\n", "", "required: what the value is"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(string(orig), tc.from, tc.to, 1)
			if text == string(orig) {
				t.Fatalf("the case does not change the file")
			}
			_, err := Load(fstest.MapFS{File: {Data: []byte(text)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	// Dropping a signal leaves a value undeclared.
	text := strings.Replace(string(orig), "  - path: Vehicle.IsMoving\n    type: sensor\n    datatype: boolean\n    description: True while the car moves.\n", "", 1)
	if _, err := Load(fstest.MapFS{File: {Data: []byte(text)}}); err == nil || !strings.Contains(err.Error(), "the simulator also has Vehicle.IsMoving") {
		t.Fatalf("a dropped signal: %v", err)
	}
}
