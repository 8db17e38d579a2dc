package cockpit

import "testing"

// TestKioskOptions: Options.Speed starts the clock at that multiplier and
// Options.NoQuit makes q and ctrl+c inert (the kiosk's visitors).
func TestKioskOptions(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	if m.Speed() != 1 {
		t.Fatalf("default speed %d", m.Speed())
	}
	load(t)
	o := Options{Session: m.sim, Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Width: 120, Height: 40, Speed: 5, NoQuit: true}
	k := New(o)
	if k.Speed() != 5 {
		t.Errorf("Options.Speed 5: speed %d", k.Speed())
	}
	for _, name := range []string{"q", "ctrl+c"} {
		key, _ := ParseKey(name)
		if _, cmd := k.Update(key); cmd != nil || k.Quitting() {
			t.Errorf("%s quit a NoQuit cockpit", name)
		}
	}
	before := k.State().Time
	k.Update(k.ClockTick())
	if k.State().Time <= before || len(k.Events()) == 0 {
		t.Error("ClockTick makes time pass, and Events is the drive's log")
	}
	key, _ := ParseKey("q")
	if m.Update(key); !m.Quitting() {
		t.Error("without NoQuit q quits")
	}
}
