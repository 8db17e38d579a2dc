package sim_test

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/cockpit/i18n/i18ntest"
	"github.com/nevsim/cockpit/drive/sim"
)

// said is what the driver reads of ev in lang; a missing key or an unfilled
// placeholder fails the test.
func said(t testing.TB, s *sim.Sim, lang string, ev sim.Event) string {
	t.Helper()
	return i18ntest.Said(t, lang, ev.Msg, s.Map())
}

func firstOf(evs []sim.Event, kind sim.EventKind) *sim.Event {
	for i := range evs {
		if evs[i].Kind == kind {
			return &evs[i]
		}
	}
	return nil
}

// TestRouteFailuresAreSaidInEachLanguage: a destination the map does not
// know, and one the energy will not reach, are told to the driver in their
// language with what is wrong (the valid places; the figures of the
// shortfall), not as the planner's English error.
func TestRouteFailuresAreSaidInEachLanguage(t *testing.T) {
	s := newSim(t, func(c *sim.Config) { c.Destination = "moon" })
	ev := firstOf(s.Step(sim.Inputs{Driver: sim.AttentiveDriver}), sim.EventRouteFailed)
	if ev == nil {
		t.Fatal("no route.failed")
	}
	if en := said(t, s, "en", *ev); !strings.HasPrefix(en, `Unknown place "moon"; valid places: `) || !strings.Contains(en, "home, ") {
		t.Errorf("en %q", en)
	}
	if zh := said(t, s, "zh", *ev); !strings.HasPrefix(zh, "未知地点“moon”；可选地点：") || !strings.Contains(zh, "home、") {
		t.Errorf("zh %q", zh)
	}

	s = newSim(t, func(c *sim.Config) { c.SoC = 0.01; c.Destination = "far" })
	ev = firstOf(s.Step(sim.Inputs{Driver: sim.AttentiveDriver}), sim.EventRouteEnergy)
	if ev == nil {
		t.Fatal("no route.energy_warning at 1 % SoC")
	}
	if en := said(t, s, "en", *ev); !strings.HasPrefix(en, "Not enough energy to reach ") || !strings.Contains(en, "kWh on board") {
		t.Errorf("en %q", en)
	}
	if zh := said(t, s, "zh", *ev); !strings.HasPrefix(zh, "续航不足以到达") || !strings.Contains(zh, "充电站") {
		t.Errorf("zh %q", zh)
	}
}
