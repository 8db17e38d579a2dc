package cockpit

import (
	"testing"

	"github.com/nevsim/cockpit/drive/session"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/voice"
)

// BenchmarkStartupToFirstFrame loads everything the binary loads before
// its first frame, including the default drive's 8-minute preroll, and
// renders that frame; the budget is 200 ms (docs/BENCHMARKS.md).
// It is a benchmark, not a test: timings vary with the machine's load.
func BenchmarkStartupToFirstFrame(b *testing.B) {
	for i := 0; i < b.N; i++ {
		fsys := assets.FS()
		ui, err := LoadAssets(fsys)
		if err != nil {
			b.Fatal(err)
		}
		env, err := scenario.NewEnv(fsys)
		if err != nil {
			b.Fatal(err)
		}
		p, err := voice.Load(fsys)
		if err != nil {
			b.Fatal(err)
		}
		phr, err := assistant.LoadPhrases(fsys)
		if err != nil {
			b.Fatal(err)
		}
		prof, _ := vehicle.Find(env.Profiles, "xiaomi-su7")
		m := env.Maps[scenario.DefaultMap]
		s := newSession(b, session.Setup{Voice: assistant.New(p, m, phr, assistant.Options{}),
			Config: sim.Config{Profile: prof, Map: m, StartPlace: "home", Destination: "daxing-airport"}})
		c := New(Options{Session: s, Themes: ui.Themes, Tables: ui.Tables, Width: 120, Height: 40, Preroll: 480_000})
		_ = c.View()
	}
}
