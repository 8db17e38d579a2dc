package automation

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// assetsFS is the real assets folder; assets.FS() will serve the same files
// once "automation" is in its embed line.
func assetsFS() fstest.MapFS {
	fsys := fstest.MapFS{}
	entries, _ := os.ReadDir("../../assets/automation")
	for _, e := range entries {
		data, err := os.ReadFile("../../assets/automation/" + e.Name())
		if err == nil {
			fsys["automation/"+e.Name()] = &fstest.MapFile{Data: data}
		}
	}
	return fsys
}

func TestLoadPresets(t *testing.T) {
	ps, err := LoadPresets(assetsFS())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"r157-01": 130, "drive-pilot-de": 95, "china-pilot-50": 50, "china-pilot-80": 80}
	if len(ps) != len(want) {
		t.Fatalf("presets: %v", ps)
	}
	for id, v := range want {
		p, ok := ps[id]
		if !ok || p.MaxSpeedKmh != v || p.ID != id || p.NameZH == "" {
			t.Fatalf("%s: %+v", id, p)
		}
		if len(p.Sources) != 45 {
			t.Errorf("%s: %d sources", id, len(p.Sources))
		}
	}
	if ps["china-pilot-50"].L2.Rules != "china-draft" || !ps["china-pilot-50"].RequireLead || !ps["drive-pilot-de"].DaylightOnly {
		t.Fatalf("%+v", ps)
	}
	// The Go default and the file must not drift apart.
	got := ps["r157-01"]
	got.Sources, got.Name, got.NameZH = nil, "", ""
	if !reflect.DeepEqual(got, R157()) {
		t.Fatalf("r157-01.yaml differs from R157():\n%+v\n%+v", got, R157())
	}
	cn := ps["china-pilot-80"].L2
	if !reflect.DeepEqual(cn, L2ChinaDraft()) {
		t.Fatalf("china L2 differs from L2ChinaDraft():\n%+v\n%+v", cn, L2ChinaDraft())
	}
}

func TestLoadPresetErrors(t *testing.T) {
	good, _ := os.ReadFile("../../assets/automation/r157-01.yaml")
	cases := []struct {
		name, from, to, want string
	}{
		{"budget below R157", "takeover_budget_s: {value: 10,", "takeover_budget_s: {value: 8,", "bad.yaml:18:30: l3.takeover_budget_s.value: 8 is outside 10..60"},
		{"decel above 4", "mrm_decel_max_mps2: {value: 4,", "mrm_decel_max_mps2: {value: 5,", "l3.mrm_decel_max_mps2.value: 5 is outside 0.5..4"},
		{"no source", `out_of_seat_s: {value: 1, source: "UN R157 6.1 (UK DfT summary): out of seat for more than 1 s"}`, `out_of_seat_s: {value: 1}`, "l3.out_of_seat_s.source: every value needs a source"},
		{"unknown weather", "weathers: {value: [clear, rain]", "weathers: {value: [clear, hail]", `l3.weathers.value[1]: "hail" is not one of`},
		{"unknown field", "  stabilise_s:", "  stabilize_s:", "bad.yaml:"},
		{"bad fallback", "fallback: {value: deactivate,", "fallback: {value: honk,", `l2.fallback.value: "honk" is not one of deactivate, stop`},
		{"missing l2", "l2:\n", "l2x:\n", "bad.yaml"},
		{"sensor slower than the reference driver", "latency_s: {value: 0.3,", "latency_s: {value: 1.2,", "sensors.latency_s.value: 1.2 is outside 0..0.75"},
		{"NaN range", "range_m: {value: 200,", "range_m: {value: .nan,", "sensors.range_m.value: NaN is outside"},
		{"AEB later than nothing", "aeb_ttc_s: {value: 1.6,", "aeb_ttc_s: {value: 3,", "assist.aeb_ttc_s.value: 3 is outside 0.3..2.4"},
		{"missing sensors", "sensors:\n", "sensorz:\n", "bad.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := string(good)
			if !strings.Contains(src, c.from) {
				t.Fatalf("fixture lacks %q", c.from)
			}
			_, err := ParsePreset("bad.yaml", []byte(strings.Replace(src, c.from, c.to, 1)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
	if _, err := LoadPresets(fstest.MapFS{}); err == nil {
		t.Fatal("an empty folder must be an error")
	}
}

func FuzzLoadPresets(f *testing.F) {
	for _, file := range assetsFS() {
		f.Add(file.Data)
	}
	f.Add([]byte("name: x\nl3: {max_speed_kmh: {value: .nan, source: s}}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadPresets(fstest.MapFS{"automation/x.yaml": &fstest.MapFile{Data: data}})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "automation/x.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		// Whatever loads must be a safe machine.
		pp := p["x"]
		if _, verr := pp.Validate(); verr != nil {
			t.Fatalf("loaded an invalid preset: %v", verr)
		}
		m := New(pp)
		out := m.Step(Input{NowMs: 0, ODD: goodODD(), Driver: readyDriver(), EngageRequest: LevelL3})
		if out.DecelMps2 > 4 {
			t.Fatalf("decel %v", out.DecelMps2)
		}
	})
}
