package scenario_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
)

func TestTheShippedControlsLoad(t *testing.T) {
	cs, err := scenario.LoadControls(assets.FS(), bundledEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	for _, c := range cs {
		groups[c.Group]++
		if len(c.Action.Commands)+len(c.Action.Sets) == 0 {
			t.Errorf("%s does nothing", c.ID)
		}
	}
	for _, g := range []string{"weather", "light", "traffic", "energy", "hazard", "fault", "driver"} {
		if groups[g] == 0 {
			t.Errorf("no %s control", g)
		}
	}
}

func TestControlErrorsSayWhatIsWrongAndWhere(t *testing.T) {
	env := bundledEnv(t)
	for _, tc := range []struct{ src, want string }{
		{"controls:\n  - {id: a, group: weather, name: A, name_zh: 甲, at: 5s, weather: {kind: fog}}\n", "controls[0]: a control acts when it is chosen; it takes no trigger"},
		{"controls:\n  - {id: a, group: weather, name: A, name_zh: 甲, say: hello}\n", "a control's action is one of weather"},
		{"controls:\n  - {id: a, group: moods, name: A, name_zh: 甲, light: day}\n", "controls[0].group: expected one of weather, light"},
		{"controls:\n  - {id: a, group: light, name: A, name_zh: 甲, light: day}\n  - {id: a, group: light, name: B, name_zh: 乙, light: night}\n", `controls[1].id: duplicate control "a"`},
		{"controls:\n  - {id: a, group: light, name: A, light: day}\n", "controls[0].name: required: name and name_zh"},
		{"controls:\n  - {id: a, group: energy, name: A, name_zh: 甲, set: {signal: Vehicle.Speed, value: 3}}\n", "Vehicle.Speed is a sensor"},
		{"controls:\n  - {id: a, group: light, name: A, name_zh: 甲}\n", "needs exactly one action"},
		{"controls: []\n", "required: the list of controls"},
		// a control's numbers and texts follow the scenario's rules (a NaN
		// intensity and an escape code in a name were accepted)
		{"controls:\n  - {id: a, group: weather, name: A, name_zh: 甲, weather: {kind: rain, intensity: .nan}}\n", "controls/controls.yaml:2:83: controls[0].weather.intensity: expected a number from 0 to 1, got .nan"},
		{"controls:\n  - {id: a, group: weather, name: A, name_zh: 甲, incident: {kind: crash, ahead: 300m, limit_kmh: 900}}\n", "controls[0].incident.limit_kmh: expected a number from 1 to 150 km/h"},
		{"controls:\n  - {id: a, group: light, name: \"\\e[31mA\", name_zh: 甲, light: day}\n", "controls[0].name: contains the control character U+001B (ESC)"},
	} {
		_, err := scenario.LoadControls(fstest.MapFS{scenario.ControlsFile: {Data: []byte(tc.src)}}, env)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "controls/controls.yaml:") {
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}
