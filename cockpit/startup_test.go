package cockpit

import (
	"testing"
	"time"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/voice"
)

// TestStartupBudget loads everything the binary loads before its first
// frame, including the default drive's 8-minute preroll, and renders that
// frame; the budget is 200 ms.
func TestStartupBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	start := time.Now()
	fsys := assets.FS()
	ui, err := LoadAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	env, err := scenario.NewEnv(fsys)
	if err != nil {
		t.Fatal(err)
	}
	p, err := voice.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	phr, err := assistant.LoadPhrases(fsys)
	if err != nil {
		t.Fatal(err)
	}
	prof, _ := vehicle.Find(env.Profiles, "xiaomi-su7")
	m := env.Maps[scenario.DefaultMap]
	s, err := sim.New(sim.Config{Profile: prof, Map: m, StartPlace: "home", Destination: "daxing-airport"})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{Sim: s, Assistant: assistant.New(p, m, phr, assistant.Options{}), Themes: ui.Themes, Tables: ui.Tables, Width: 120, Height: 40, Preroll: 480_000})
	_ = c.View()
	d := time.Since(start)
	t.Logf("assets, map, voice, drive and first frame: %v", d)
	if d > time.Second { // generous for -race and a busy CI box; docs give the real figure
		t.Errorf("start-up took %v", d)
	}
}
