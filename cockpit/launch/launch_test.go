package launch

import (
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

func TestOpenTheCockpitsDrives(t *testing.T) {
	afs := assets.FS()
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		t.Fatal(err)
	}
	env, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		t.Fatal(err)
	}
	voices, err := LoadVoices(afs)
	if err != nil {
		t.Fatal(err)
	}
	// The default drive: the SU7 from home to the airport, opened after
	// its preroll, with a voice and the signals.
	d, err := Open(Drive{Env: env, Voices: voices, Signals: ui.Signals, Start: session.Start{Mode: session.ModeDrive}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := d.Session.Config()
	if cfg.Profile.ID != DefaultVehicle || cfg.StartPlace != DefaultFrom || cfg.Destination != DefaultTo || !cfg.ParkOnArrival || d.Preroll != DefaultPreroll {
		t.Errorf("default drive: %s %s→%s park-on-arrival %v preroll %v", cfg.Profile.ID, cfg.StartPlace, cfg.Destination, cfg.ParkOnArrival, d.Preroll)
	}
	if d.Session.Voice() == nil || d.Session.Signals() == nil {
		t.Error("the drive has no voice or no signals")
	}
	if o := d.Options(ui, "en", "auto", nil); o.Title != "" || o.Preroll != DefaultPreroll || o.Session != d.Session {
		t.Errorf("options of the default drive: %+v", o)
	}
	// A scenario, its title in the UI's language, the seed and vehicle
	// overridden, the configuration adjusted.
	sc, err := scenario.Load(afs, "scenarios/fog-expressway.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(99)
	d, err = Open(Drive{Env: env, Scenario: sc, Vehicle: "xiaomi-su7", Seed: &seed, Adjust: func(c *sim.Config) { c.SoC = 0.3 }, Voices: voices, Signals: ui.Signals})
	if err != nil {
		t.Fatal(err)
	}
	cfg = d.Session.Config()
	if cfg.Seed != 99 || cfg.Profile.ID != "xiaomi-su7" || cfg.SoC != 0.3 || d.Preroll != 0 {
		t.Errorf("scenario drive: seed %d, %s, SoC %v, preroll %v", cfg.Seed, cfg.Profile.ID, cfg.SoC, d.Preroll)
	}
	if o := d.Options(ui, "zh", "night", nil); o.Title != "高速团雾" || o.Lang != "zh" || o.Theme != "night" {
		t.Errorf("title %q, lang %s, theme %s", o.Title, o.Lang, o.Theme)
	}
	if _, err := Open(Drive{Env: env, Vehicle: "no-such-car"}); err == nil {
		t.Error("an unknown vehicle opened")
	}
}

// TestOpenWithAnHMIFile: a drive opened with --hmi FILE runs with that
// HMI (its session's configuration and the cockpit's banner) and names it
// in the recording, so the replay can demand the same file; the asset
// tree's own HMI runs the drive but is not named.
func TestOpenWithAnHMIFile(t *testing.T) {
	afs := assets.FS()
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		t.Fatal(err)
	}
	env, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		t.Fatal(err)
	}
	variant, err := hmi.Default(afs)
	if err != nil {
		t.Fatal(err)
	}
	variant.Name, variant.Digest = "stage-1 haptic", "0123abcd"
	for _, recorded := range []bool{false, true} {
		d, err := Open(Drive{Env: env, Signals: ui.Signals, Start: session.Start{Mode: session.ModeDrive}, HMI: variant, Recorded: recorded})
		if err != nil {
			t.Fatal(err)
		}
		if d.Session.Config().HMI != variant {
			t.Errorf("recorded %v: the session does not run with the given HMI", recorded)
		}
		if o := d.Options(ui, "en", "night", nil); o.HMI != variant {
			t.Errorf("recorded %v: the cockpit does not show the given HMI", recorded)
		}
		st := d.Session.Recording().Start
		if named := st.HMI == variant.Name && st.HMISHA256 == variant.Digest; named != recorded {
			t.Errorf("recorded %v: the recording names HMI %q %q", recorded, st.HMI, st.HMISHA256)
		}
	}
}
