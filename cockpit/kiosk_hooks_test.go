package cockpit

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

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
	// Nor may it offer to: a visitor reads the footer and the help.
	for _, lang := range []string{"en", "zh"} {
		o.Lang = lang
		frame := ansi.Strip(New(o).View().Content)
		if quit := testAsset.Tables[lang].T("key.quit"); strings.Contains(frame, "q "+quit) {
			t.Errorf("%s: a NoQuit cockpit's footer offers q %s", lang, quit)
		}
	}
	if !strings.Contains(ansi.Strip(m.View().Content), "q quit") {
		t.Error("a cockpit that can quit does not say so in its footer")
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
