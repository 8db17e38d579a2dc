package cockpit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/nevsim/cockpit/drive/sim"
)

// paletteModel is the demo drive with the palette open and a filter typed.
func paletteModel(t testing.TB, lang string, w, h int) *Model {
	t.Helper()
	m := demoModel(t, lang, "night", w, h)
	press(m, ":")
	typeText(m, map[string]string{"en": "fog", "zh": "雾"}[lang])
	return m
}

// TestGoldenPalette pins the open palette at the three reference sizes in
// both languages.
func TestGoldenPalette(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%dx%d_%s", sz[0], sz[1], lang), func(t *testing.T) {
				out := frame(paletteModel(t, lang, sz[0], sz[1]))
				checkFrame(t, out, sz[0], sz[1])
				golden.RequireEqual(t, out)
			})
		}
	}
}

// A designer opens the palette with ":", finds a control by typing, and
// applies it: the world changes in the next step, the notice and the
// notifications say what happened, and the input is recorded.
func TestPaletteAppliesAControl(t *testing.T) {
	for _, tc := range []struct{ lang, typed, notice string }{
		{"en", "dense fog", "Applied: Dense fog, visibility 60 m"},
		{"zh", "大雾", "已应用：大雾，能见度 60 米"},
		{"en", "dawu", "Applied: Dense fog, visibility 60 m"}, // pinyin keyword
	} {
		m := newTestModel(t, tc.lang, "night", 120, 40)
		m.advance(100)
		inputs := len(m.sim.Inputs())
		press(m, ":")
		if !m.paletteOpen() || !strings.Contains(frame(m), map[string]string{"en": "Simulator controls", "zh": "模拟器控制"}[tc.lang]) {
			t.Fatalf(": does not open the palette:\n%s", frame(m))
		}
		typeText(m, tc.typed)
		press(m, "enter")
		if m.paletteOpen() {
			t.Fatal("enter leaves the palette open")
		}
		if w := m.sim.State().Conditions.Weather; w.Kind != sim.WeatherFog || w.VisibilityM != 60 {
			t.Fatalf("%q: the weather is %+v", tc.typed, w)
		}
		out := frame(m)
		if !strings.Contains(out, tc.notice) {
			t.Errorf("%q: no notice %q:\n%s", tc.typed, tc.notice, out)
		}
		if len(m.sim.Inputs()) == inputs {
			t.Errorf("%q: the control was not recorded", tc.typed)
		}
	}

	m := newTestModel(t, "en", "night", 120, 40)
	press(m, ":")
	typeText(m, "battery 5")
	press(m, "esc")
	if m.paletteOpen() || m.sim.State().Vehicle.SoC < 0.5 {
		t.Fatal("esc applied the control or left the palette open")
	}
	// Keys typed into the palette never reach the cockpit: q does not quit,
	// digits do not switch panels.
	press(m, ":")
	typeText(m, "q6")
	if m.Panel() != PanelDrive || !m.paletteOpen() || m.pal.Query() != "q6" {
		t.Fatalf("keys leaked out of the palette: panel %v, query %q", m.Panel(), m.pal.Query())
	}
	press(m, "esc")
	press(m, ":")
	typeText(m, "battery 5")
	press(m, "enter")
	if soc := m.sim.State().Vehicle.SoC; soc > 0.06 {
		t.Fatalf("battery at 5 %%: SoC %.3f", soc)
	}
	if !strings.Contains(frame(m), "Energy set: battery 5 %") {
		t.Errorf("the notifications do not say the energy was set:\n%s", frame(m))
	}
}

// A control a rule of the car refuses is not reported as applied: the
// notice says why, from the refusal (an SU7 has no fuel tank).
func TestPaletteSaysWhenTheCarRefuses(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	press(m, ":")
	typeText(m, "fuel")
	press(m, "enter")
	out := frame(m)
	if !strings.Contains(out, "Not applied: Fuel at 10 % (EREV and PHEV) (This car has no fuel tank)") || strings.Contains(out, "Applied:") {
		t.Fatalf("a refused control:\n%s", out)
	}
}
