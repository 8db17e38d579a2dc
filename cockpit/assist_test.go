package cockpit

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/drill"

	"github.com/nevsim/cockpit/drive/sim"
)

// TestCollisionWarningTakesTheScreen: in drill 8 the trainee looks at the
// phone at 10× when a stopped car appears. Time drops to 1× at the very
// step of the warning (not a tick later), the red banner says what to do
// with the keys, the footer offers the brake; braking at once avoids the
// emergency brake and scores the reaction.
func TestCollisionWarningTakesTheScreen(t *testing.T) {
	for _, c := range []struct {
		lang, banner, todo string
		w, h               int
	}{
		{"en", "BRAKE! Collision warning", "brake now", 80, 24},
		{"zh", "请刹车！前向碰撞预警", "立即制动", 120, 40},
	} {
		m, _ := drillModel(t, "08-aeb-manual.yaml", true, c.lang, c.w, c.h)
		m.speedIdx = len(Speeds) - 1
		st := m.State()
		for i := 0; i < 2000 && !st.Assist.Warning; i++ {
			m.advance(stepsPerTick * m.Speed())
		}
		if !st.Assist.Warning || m.Speed() != 1 {
			t.Fatalf("%s: warning %v at %d×", c.lang, st.Assist.Warning, m.Speed())
		}
		var fcw sim.Millis
		for _, it := range m.feed {
			if it.ev.Kind == sim.EventFCW {
				fcw = it.ev.At
			}
		}
		if st.Time != fcw {
			t.Errorf("%s: the tick ran on %s past the warning at 10×", c.lang, st.Time-fcw)
		}
		out := frame(m)
		if !strings.Contains(out, c.banner) || !strings.Contains(out, c.todo) {
			t.Errorf("%s: no collision warning banner:\n%s", c.lang, out)
		}
		if footer := lastLine(out); !strings.Contains(footer, "↓/s") {
			t.Errorf("%s: the footer does not offer the brake: %q", c.lang, footer)
		}
		press(m, "i")
		for i := 0; i < 40*10 && !m.sim.DrillShown(); i++ {
			if i < 60 {
				press(m, "s") // the key held: the terminal repeats it
			}
			m.advance(stepsPerTick)
		}
		r := m.FinishDrill()
		if m.DrillTimeline().AEB {
			t.Errorf("%s: braking at the warning still needed the emergency brake", c.lang)
		}
		if r == nil || r.Total < 60 {
			t.Errorf("%s: a prompt reaction scored %+v", c.lang, r)
		}
	}
}

// TestTheSystemsEmergencyBrakeIsShownAsTheCars: in drill 7 L3 brakes hard
// for a car cutting in. The banner says the car is handling it; time
// slows so the trainee sees it, without saying the car needs them.
func TestTheSystemsEmergencyBrakeIsShownAsTheCars(t *testing.T) {
	m, _ := drillModel(t, "07-cut-in-l3.yaml", false, "en", 120, 40)
	m.speedIdx = len(Speeds) - 1
	st := m.State()
	for i := 0; i < 4000 && !st.Assist.SystemBraking; i++ {
		m.advance(stepsPerTick * m.Speed())
	}
	out := frame(m)
	if !st.Assist.SystemBraking || !strings.Contains(out, "Emergency braking by the system") || !strings.Contains(out, "do not grab the wheel") {
		t.Fatalf("no system emergency banner:\n%s", out)
	}
	if strings.Contains(out, "The car needs you") || !strings.Contains(out, "so you can watch") || m.Speed() != 1 {
		t.Errorf("the notice or the speed is wrong at %d×:\n%s", m.Speed(), out)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestStageTwoHasARedEdge: at stage 2 and in the MRM every frame of the
// screen is drawn in the danger colour; at stage 1 none is.
func TestStageTwoHasARedEdge(t *testing.T) {
	for _, c := range []struct {
		stage string
		red   bool
	}{{"stage1", false}, {"stage2", true}, {"mrm", true}} {
		m := bannerStage(t, c.stage, "en", 120, 40)
		s := m.ctx.Styles
		red, _, _ := strings.Cut(lipgloss.NewStyle().Foreground(s.FrameDanger.GetBorderTopForeground()).Render("╭"), "╭")
		lines := strings.Split(m.Render(), "\n")
		cluster := lines[1] // under the top bar: the cluster's top edge
		if got := strings.HasPrefix(cluster, red+"╭"); got != c.red {
			t.Errorf("%s: red edge %v, want %v: %q", c.stage, got, c.red, cluster)
		}
	}
}

// TestTheLaneBarShowsTheDrift: with the phone in hand the car drifts; the
// cluster's lane bar follows the core's lateral model to the line, and the
// amber lane-departure banner says which way.
func TestTheLaneBarShowsTheDrift(t *testing.T) {
	m, _ := drillModel(t, "08-aeb-manual.yaml", true, "en", 120, 40)
	if out := frame(m); !strings.Contains(out, "│··●··│") {
		t.Fatalf("no centred lane bar at the start:\n%s", out)
	}
	advanceUntil(t, m, 20*20, func(st *sim.State) bool { return st.Assist.LaneWarning })
	out := frame(m)
	if !strings.Contains(out, "│●····│") || !strings.Contains(out, "Lane departure warning: drifting left") {
		t.Errorf("the drift is not shown:\n%s", out)
	}
}

// TestKeyboardBrakingCanBeSmooth: the brake key presses progressively, so
// a trainee who holds it after the takeover brakes firmly without the
// jolt the drills mark down (jerk over 10 m/s³ in half a second).
func TestKeyboardBrakingCanBeSmooth(t *testing.T) {
	m, _ := drillModel(t, "01-planned-exit.yaml", true, "en", 120, 40)
	advanceUntil(t, m, 20*60*20, inState(automation.StateTakeover1))
	takeOver(t, m)
	for i := 0; i < 15; i++ { // 1.5 s with the key held
		press(m, "s")
		m.advance(stepsPerTick)
	}
	if m.brakeLevel != brakePedal {
		t.Errorf("held for 1.5 s the brake is at %.2f, want %.2f", m.brakeLevel, brakePedal)
	}
	r := m.FinishDrill()
	tl := m.DrillTimeline()
	if tl.MaxDecelMps2 < 5 || tl.MaxJerkMps3 > drill.JerkGoodMps3 {
		t.Errorf("keyboard braking: %.1f m/s² at %.1f m/s³", tl.MaxDecelMps2, tl.MaxJerkMps3)
	}
	for _, c := range r.Criteria {
		if c.ID == "decel" && c.Points != drill.DecelPoints/2 {
			t.Errorf("smooth braking %v points for a firm (%.1f m/s²) but progressive stop", c.Points, tl.MaxDecelMps2)
		}
	}
}
