package cockpit

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/sim"
)

// bannerHeight is how many lines the banner takes now: three during an
// alert or the question to engage L3, one for the acknowledgement after a
// takeover, none otherwise. Layout and View both use it.
func (m *Model) bannerHeight() int {
	st := m.sim.State()
	switch {
	case m.asking() != sim.ConfirmNone || st.Automation.Attention:
		return 3
	case st.Assist.Active():
		return 2
	case m.ackTicks > 0 || st.Assist.LaneWarning:
		return 1
	}
	return 0
}

// frame is the border style for a frame normally drawn in style: red
// while the core's alert is at stage 2 (and during a collision warning or
// an emergency brake), so the whole screen has a red edge.
func (m *Model) frame(style lipgloss.Style) lipgloss.Style {
	st := m.sim.State()
	if st.Automation.Alert == automation.AlertStage2 || st.Assist.DriverMustAct() {
		return m.ctx.Styles.FrameDanger
	}
	return style
}

// renderAssist is the banner of the collision warning and the emergency
// brakes (red: the driver must look ahead now) and of the lane-departure
// warning (amber), from what the core's assistance does this step.
func (m *Model) renderAssist(w int, line func(lipgloss.Style, string, string) string) []string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	as := &st.Assist
	if !as.Active() {
		return []string{line(s.BannerWarn, "▲ "+c.F("banner.ldw", "side", c.T("banner.side."+as.LaneSide)), c.T("banner.todo_ldw"))}
	}
	k := c.Keys
	what := c.F("banner.threat", "what", c.T("sim.vehicle."+as.Threat), "m", fmtNum(math.Round(as.ThreatM)))
	if !math.IsInf(as.TTCS, 1) && !as.Holding {
		what += " · " + c.F("banner.ttc", "s", fmt.Sprintf("%.1f", as.TTCS))
	}
	title, todo := c.T("banner.fcw"), c.F("banner.todo_fcw", "eyes", k.Eyes.Help().Key, "brake", k.Brake.Help().Key)
	switch {
	case as.SystemBraking:
		title, todo = c.T("banner.system_brake"), c.T("banner.todo_system_brake")
	case as.Holding:
		title, todo = c.T("banner.aeb_hold"), c.F("banner.todo_aeb_hold", "accel", k.Accel.Help().Key, "brake", k.Brake.Help().Key)
	case as.Braking:
		title = c.T("banner.aeb")
	}
	return []string{line(s.BannerDanger, "■ "+title, what), line(s.BannerDanger, widget.Clip(todo, w-2), "")}
}

// renderBanner draws the full-width banner that takes over the screen's
// attention: what is happening and how long is left, why, and what to do
// with the driver's checklist. Colour escalates with the stage (amber,
// then red), and every state also has a word and a symbol for NO_COLOR and
// colour-blind drivers.
func (m *Model) renderBanner(w int) []string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	a := &st.Automation
	line := func(style lipgloss.Style, left, right string) string {
		if right != "" {
			return style.Render(widget.Spread(" "+left, right+" ", w))
		}
		return style.Render(widget.Fit(" "+left, w))
	}
	if q := m.asking(); q != sim.ConfirmNone && !a.Attention {
		title, question := c.T("assist.l3_ready"), c.F("confirm.l3", "s", fmtNum(m.takeoverBudget()))
		if q != sim.ConfirmEngageL3 {
			title, question = c.T("confirm.title"), c.T("confirm."+string(q))
		}
		return []string{
			line(s.BannerOK, "◉ "+title, ""),
			line(s.BannerOK, question, ""),
			line(s.BannerOK, c.T("confirm.yes_no"), ""),
		}
	}
	if !a.Attention && (st.Assist.Active() || st.Assist.LaneWarning && m.ackTicks == 0) {
		return m.renderAssist(w, line)
	}
	if !a.Attention {
		if m.ackTicks > 0 {
			if m.ackEv.Severity != sim.SeverityInfo {
				return []string{line(s.BannerWarn, "▲ "+m.describe(m.ackEv), "")}
			}
			return []string{line(s.BannerOK, c.T("banner.ack"), c.F("banner.ack_time", "s", fmt.Sprintf("%.1f", m.ackEv.Value)))}
		}
		return nil
	}
	// The colour and symbol are the core's alert level (red at stage 2);
	// the words say which state it is. The L3 stages' words, colours and
	// vibration label are the takeover HMI's (assets/hmi/takeover.yaml or
	// --hmi FILE); the L2 cascade's are the catalogue's.
	style, title := s.BannerWarn, "▲ "
	if a.Alert == automation.AlertStage2 {
		style, title = s.BannerDanger, "■ "
	}
	todo, countdown, haptic := "", true, c.T("banner.haptic")
	if stage := m.hmi.Stage(a.State); stage != nil {
		tx := stage.Text(c.Tr.Lang)
		title, todo = title+tx.Title, tx.Todo
		if tx.Haptic != "" {
			haptic = tx.Haptic
		}
		// the MRM and the MRC have no countdown: the car is stopping
		countdown = a.State != automation.StateMRM && a.State != automation.StateMRC
		style = m.stageStyle(style, stage)
	}
	switch a.State {
	case automation.StateL2Prompt:
		title += c.T("banner.l2_prompt")
		todo, countdown = c.T("banner.todo_l2"), false
	case automation.StateL2Warning:
		title += c.T("banner.l2_warning")
		todo, countdown = c.T("banner.todo_l2"), false
	case automation.StateL2Stop:
		title += c.T("banner.l2_stop")
		todo, countdown = c.T("banner.todo_l2"), false
	}
	right := ""
	if countdown {
		right = m.countdown(a.BudgetS, w)
	} else if a.Hazards {
		right = "⚠ " + c.T("banner.hazards")
	}
	if a.Haptic && w >= 100 {
		title += "   " + haptic
	}
	why := ""
	if m.alertEv != nil {
		why = m.alertWhy(*m.alertEv)
	}
	if m.heard {
		todo = c.T("banner.heard") + " · " + todo
	}
	// What to do, then the checklist: each item says which key does it,
	// so a first-time trainee learns the keys from the banner itself.
	k := c.Keys
	mark := func(ok bool) string {
		if ok {
			return "✓"
		}
		return "✗"
	}
	d := st.Driver
	var check []string
	if d.Phone {
		check = append(check, k.Phone.Help().Key+" "+c.T("banner.phone")+" ✗")
	}
	check = append(check,
		k.Eyes.Help().Key+" "+c.T("banner.eyes")+" "+mark(d.EyesOnRoad),
		k.Hands.Help().Key+" "+c.T("banner.hands")+" "+mark(d.HandsOnWheel),
		k.Steer.Help().Key+" "+c.T("banner.steer"))
	checklist := strings.Join(check, " · ")
	// The first line carries the state, the checklist and the time left;
	// the checklist moves to the last line only when there is room there.
	first := title
	if widget.Width(title)+widget.Width(checklist)+widget.Width(right)+8 <= w {
		first = widget.Spread(title, checklist, w-widget.Width(right)-4)
	} else {
		todo = ansi.Truncate(todo, max(w-widget.Width(checklist)-5, 8), "…")
		return []string{line(style, title, right), line(style, ansi.Truncate(why, w-2, "…"), ""), line(style, todo, checklist)}
	}
	return []string{
		line(style, first, right),
		line(style, ansi.Truncate(why, w-2, "…"), ""),
		line(style, widget.Clip(todo, w-2), ""),
	}
}

// alertWhy explains the current alert ev on the banner's second line. The
// core worded its event once, with the time left at that moment (true in
// the drive log, stale a second later); beside the live countdown the
// banner words the request from the takeover HMI instead, by its reason
// and with no figure of time, so the countdown is the only time it shows.
// A stage whose HMI text has no why keeps the core's sentence.
func (m *Model) alertWhy(ev sim.Event) string {
	var stage *hmi.Stage
	switch string(ev.Kind) {
	case automation.EventAvailabilityWarning:
		stage = &m.hmi.Warning
	case automation.EventTakeoverRequested:
		stage = &m.hmi.Stage1
	case automation.EventTakeoverEscalated:
		stage = &m.hmi.Stage2
	case automation.EventMRM:
		stage = &m.hmi.MRM
	case automation.EventMRC:
		stage = &m.hmi.MRC
	}
	if stage != nil {
		tx := stage.Text(m.ctx.Tr.Lang)
		if why, ok := tx.WhyReason[ev.Subject]; ok && ev.Kind == automation.EventTakeoverRequested {
			return why
		}
		if tx.Why != "" {
			return tx.Why
		}
	}
	return m.describe(ev)
}

// stageStyle is the banner's style for an HMI stage: the theme's (base)
// unless the HMI gives the stage a true colour. Without colour (NO_COLOR)
// the banner stays reversed, whatever the HMI says.
func (m *Model) stageStyle(base lipgloss.Style, stage *hmi.Stage) lipgloss.Style {
	if stage.Colour == hmi.ColourTheme || m.noColor {
		return base
	}
	return base.Background(lipgloss.Color(stage.Colour))
}

// takeoverBudget is how long a takeover request of this drive's automation
// preset runs before the car stops itself, in seconds: the time the
// question to engage L3 promises.
func (m *Model) takeoverBudget() float64 {
	if h := m.sim.Config().HMI; h != nil {
		return h.TakeoverBudgetS.Value // the HMI's replaces the preset's
	}
	if p := m.sim.Config().Automation; p != nil {
		return p.TakeoverBudgetS
	}
	return automation.R157().TakeoverBudgetS
}

// countdown is the time left of the budget, as seconds and a draining bar
// when there is room.
func (m *Model) countdown(left float64, w int) string {
	secs := fmt.Sprintf("%4.1f s", math.Max(left, 0))
	if w < 90 {
		return secs
	}
	budget := m.alertBudget
	const cells = 20
	n := 0
	if budget > 0 {
		n = int(math.Round(math.Min(math.Max(left/budget, 0), 1) * cells))
	}
	return strings.Repeat("█", n) + strings.Repeat("░", cells-n) + " " + secs
}
