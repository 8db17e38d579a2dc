package cockpit

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// secondsFigure finds a time in seconds as the screen writes it: "2.3 s",
// "6 s", "6 秒".
var secondsFigure = regexp.MustCompile(`(\d+(?:\.\d+)?) ?(?:s\b|秒)`)

// fullWidthLines are the frame's lines outside the panels: the header, the
// banner, the explanation line and the footer. The drive log is a panel
// and keeps each event's figure as it was when it happened.
func fullWidthLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if t := []rune(strings.TrimLeft(l, " ")); len(t) > 0 && !strings.ContainsRune("│╭╰", t[0]) {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestBannerShowsOnlyTheLiveCountdown stops deep into a takeover request,
// seconds after it escalated, and reads the banner: the countdown shows
// the time really left, and no other time in seconds beside it disagrees
// (the escalation was worded with 6 s left; that is history, not now).
func TestBannerShowsOnlyTheLiveCountdown(t *testing.T) {
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, sz[0], sz[1]), func(t *testing.T) {
				m, _ := drillModel(t, "02-phone-task.yaml", true, lang, sz[0], sz[1])
				const far = 20 * 60 * 20
				advanceUntil(t, m, far, inState(automation.StateTakeover2))
				advanceUntil(t, m, 400, func(st *sim.State) bool { return st.Automation.BudgetS <= 2.5 })
				left := m.State().Automation.BudgetS
				if left < 2 || m.State().Automation.State != automation.StateTakeover2 {
					t.Fatalf("want a moment 2–2.5 s before the MRM, have %.2f s in %s", left, m.State().Automation.State)
				}
				out := frame(m)
				want := fmt.Sprintf("%.1f s", left)
				if !strings.Contains(out, want) {
					t.Fatalf("the banner lacks the countdown %q:\n%s", want, out)
				}
				title := map[string]string{"en": "TAKE OVER NOW", "zh": "立即接管"}[lang]
				lines := fullWidthLines(out)
				banner := false
				for _, l := range lines {
					banner = banner || strings.Contains(l, title)
					for _, f := range secondsFigure.FindAllStringSubmatch(l, -1) {
						v, _ := strconv.ParseFloat(f[1], 64)
						if fmt.Sprintf("%.1f", v) != fmt.Sprintf("%.1f", left) {
							t.Errorf("%q shows %s while the countdown shows %s:\n%s", strings.TrimSpace(l), f[0], want, out)
						}
					}
				}
				if !banner {
					t.Fatalf("no banner reads %q:\n%s", title, strings.Join(lines, "\n"))
				}
				why := map[string]string{"en": "when the countdown ends the car brakes to a stop", "zh": "倒计时结束后车辆将自行刹停"}[lang]
				if !strings.Contains(out, why) {
					t.Errorf("the banner does not say why %q:\n%s", why, out)
				}
			})
		}
	}
}

// TestConfirmL3PromisesThePresetBudget: the question to engage L3 promises
// the takeover time of the preset this drive runs, not a fixed 10 s.
func TestConfirmL3PromisesThePresetBudget(t *testing.T) {
	load(t)
	p := automation.R157()
	p.TakeoverBudgetS = 15
	for _, c := range []struct {
		lang   string
		params *automation.Params
		want   string
		not    string
	}{
		{"en", &p, "you take over within 15 s.", "10 s"},
		{"zh", &p, "您须在 15 秒内接管", "10 秒"},
		{"en", nil, "you take over within 10 s.", "15 s"}, // the default, UN R157
	} {
		sc := loadDrill(t, "01-planned-exit.yaml")
		cfg := sc.Config
		cfg.Automation = c.params
		s := newSession(t, session.Setup{Config: cfg})
		m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: c.lang, Theme: "day", Paused: true, Width: 120, Height: 40})
		press(m, "u")
		out := frame(m)
		if !strings.Contains(out, c.want) {
			t.Errorf("%s, budget %v: the question lacks %q:\n%s", c.lang, c.params != nil, c.want, out)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "L3") && strings.Contains(l, c.not) {
				t.Errorf("%s: the question still promises %q: %q", c.lang, c.not, l)
			}
		}
	}
}

// TestAttentionBannerShowsOnlyTheLiveCountdown: the driver looks away in
// L3 until the car asks "are you there?" and then requests a takeover. Deep
// into each, the banner shows the countdown and no other time: neither the
// warning's length nor how long the driver has been away.
func TestAttentionBannerShowsOnlyTheLiveCountdown(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			sc := loadDrill(t, "01-planned-exit.yaml")
			s := newSession(t, session.Setup{Config: sc.Config})
			m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: lang, Theme: "day", Paused: true, Width: 120, Height: 40})
			advanceUntil(t, m, 20*60*20, inState(automation.StateAvailable))
			press(m, "u", "y")
			m.advance(1)
			if m.State().Driver.HandsOnWheel {
				press(m, "h")
			}
			press(m, "i") // eyes off the road
			for _, c := range []struct {
				state automation.State
				why   map[string]string
			}{
				{automation.StateAvailabilityWarning, map[string]string{"en": "before the countdown ends", "zh": "倒计时结束前"}},
				{automation.StateTakeover1, map[string]string{"en": "no sign of an available driver", "zh": "未检测到可接管的驾驶员"}},
			} {
				advanceUntil(t, m, 20*60*20, inState(c.state))
				start := m.State().Automation.BudgetS
				advanceUntil(t, m, 400, func(st *sim.State) bool { return st.Automation.BudgetS <= start-2 })
				left := m.State().Automation.BudgetS
				out := frame(m)
				want := fmt.Sprintf("%.1f s", left)
				if !strings.Contains(out, want) || !strings.Contains(out, c.why[lang]) {
					t.Fatalf("%s: the banner lacks the countdown %q or %q:\n%s", c.state, want, c.why[lang], out)
				}
				for _, l := range fullWidthLines(out) {
					for _, f := range secondsFigure.FindAllStringSubmatch(l, -1) {
						if v, _ := strconv.ParseFloat(f[1], 64); fmt.Sprintf("%.1f", v) != fmt.Sprintf("%.1f", left) {
							t.Errorf("%s: %q shows %s while the countdown shows %s", c.state, strings.TrimSpace(l), f[0], want)
						}
					}
				}
			}
		})
	}
}
