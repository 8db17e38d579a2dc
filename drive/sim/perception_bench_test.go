package sim

import (
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// BenchmarkPerception is what the car's own perception adds to a step,
// in the costliest case: L3 driving with a car ahead, so the sensors track
// it, the system's follow model and collision avoidance run, and the lane
// is kept (issue 10's budget: 150 ns a step).
func BenchmarkPerception(b *testing.B) {
	s, in := perceivingSim(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.updatePerception()
		s.systemAccel()
		s.assistAccel(0, &in)
		s.updateLateral()
	}
}

// BenchmarkFollowModel is the part of BenchmarkPerception every step paid
// before the sensors came (the careful-driver follow model, which the
// system now runs on the sensors' picture instead of the human's).
func BenchmarkFollowModel(b *testing.B) {
	s, _ := perceivingSim(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.followAccel(false)
	}
}

// perceivingSim is L3-like driving at 120 km/h with a car tracked 60 m
// ahead.
func perceivingSim(b *testing.B) (*Sim, Inputs) {
	m, err := world.Load(fstest.MapFS{"maps/m.yaml": {Data: []byte(`
name: m
nodes:
  - {id: a, x: 0, y: 0}
  - {id: b, x: 40000, y: 0}
roads:
  - {id: x, en: X, zh: X, type: expressway, from: a, to: b, speed_limit: 120, lanes: 3, markings: good, divided: true}
places:
  - {id: start, en: S, zh: S, pinyin: s, category: home, node: a}
  - {id: end, en: E, zh: E, pinyin: e, category: work, node: b}
`)}}, "maps/m.yaml")
	if err != nil {
		b.Fatal(err)
	}
	profiles, err := vehicle.LoadAll(assets.FS())
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(Config{Profile: profiles[0], Map: m, StartPlace: "start", Destination: "end", TrafficScale: 0.001})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 1200; i++ {
		s.Step(Inputs{Driver: AttentiveDriver})
	}
	s.Step(Inputs{Driver: AttentiveDriver, Commands: []Command{CutIn{Kind: "car", GapM: 60, SpeedDeltaKmh: 0}}})
	in := Inputs{Driver: AttentiveDriver}
	for i := 0; i < 20; i++ {
		s.Step(in)
	}
	if !s.st.Conditions.Lead.SeenBySystem {
		b.Fatal("the sensors should track the car ahead")
	}
	return s, in
}
