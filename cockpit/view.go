package cockpit

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/sim"
)

// geometry is where each part of the screen goes. View and the mouse
// handler both use it, so a click lands on what was drawn there.
type geometry struct {
	w, h             int
	clusterY         int
	clusterH         int
	bannerY, bannerH int
	mainY, mainH     int
	centreW, sideW   int
	explainY         int
	transY, transH   int
	inputY, footerY  int
	tabs             []tabSpan
	resultsY, rowsN  int // first result row of the Navigation panel, rows shown
	resultsX0, resX1 int
}

type tabSpan struct {
	x0, x1 int
	panel  Panel
}

const clusterH = 5

func (m *Model) layout() geometry {
	g := geometry{w: m.ctx.Width, h: m.ctx.Height}
	g.transH = 2
	if g.h >= 34 {
		g.transH = 3
	}
	g.clusterY, g.clusterH = 1, clusterH
	if m.big {
		g.clusterH, g.transH = bigClusterH, 0 // the big layout (view_big.go)
	}
	g.bannerY, g.bannerH = g.clusterY+g.clusterH, m.bannerHeight()
	g.mainY = g.bannerY + g.bannerH
	g.footerY = g.h - 1
	g.inputY = g.footerY - 1
	g.transY = g.inputY - g.transH
	g.explainY = g.transY - 1
	g.mainH = g.explainY - g.mainY
	g.centreW = g.w
	if m.ctx.Layout() == common.Wide && !m.big {
		g.sideW = min(max(g.w*3/10, 36), 64)
		g.centreW = g.w - g.sideW
	}
	g.tabs = m.tabSpans()
	g.resultsY = g.mainY + 1 + navResultsTop
	g.rowsN = max(g.mainH-2-navResultsTop-navFooterLines, 0)
	g.resultsX0, g.resX1 = 0, g.centreW
	return g
}

// View renders the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.KeyboardEnhancements.ReportEventTypes = true
	v.WindowTitle = m.ctx.T("app.title")
	if s := m.ctx.Styles; s.Background != nil {
		v.BackgroundColor = s.Background
		v.ForegroundColor = s.Foreground
	}
	if m.quitting {
		v.Content = ""
		return v
	}
	g := m.layout()
	if m.ctx.Layout() != common.TooSmall && !m.showHelp {
		switch {
		case m.voice.Focused():
			_, x := m.voice.InputLine(&m.ctx, g.w)
			if x >= 0 {
				v.Cursor = tea.NewCursor(x, g.inputY)
			}
		case m.panel == PanelSignals && m.insp.Typing() && !m.phone.open:
			iw, ih := m.signalsSize()
			if x, y, ok := m.insp.Cursor(&m.ctx, iw, ih); ok {
				v.Cursor = tea.NewCursor(2+x, g.mainY+1+y)
			}
		case m.search.Focused() && m.panel == PanelNav:
			in := m.search.Input()
			x := 2 + widget.Width(m.ctx.T("nav.search")+": ") + widget.Width(string([]rune(in.Value())[:in.Position()]))
			v.Cursor = tea.NewCursor(min(x, g.centreW-3), g.mainY+1)
		}
	}
	return v
}

// Render returns the screen as text (what View shows), for tests and
// captures.
func (m *Model) Render() string { return m.render() }

func (m *Model) render() string {
	c := &m.ctx
	if c.Width <= 0 || c.Height <= 0 {
		return ""
	}
	if c.Layout() == common.TooSmall {
		return m.renderTooSmall()
	}
	g := m.layout()
	lines := make([]string, 0, g.h)
	lines = append(lines, m.renderTopBar(g))
	if m.big {
		lines = append(lines, strings.Split(m.renderBigCluster(g.w), "\n")...)
	} else {
		lines = append(lines, strings.Split(m.renderCluster(g.w), "\n")...)
	}
	if g.bannerH > 0 {
		lines = append(lines, m.renderBanner(g.w)...)
	}
	var centre []string
	if m.phone.open && !m.sim.State().Automation.SuspendScreens {
		// The phone task shows on the centre screen; while the automation
		// suspends non-driving screens the driving panel comes back.
		centre = strings.Split(m.phoneCard(g.centreW, g.mainH), "\n")
	} else {
		centre = strings.Split(m.renderPanel(g.centreW, g.mainH), "\n")
	}
	if g.sideW > 0 {
		side := strings.Split(m.renderSide(g.sideW, g.mainH), "\n")
		for i := range centre {
			centre[i] += side[i]
		}
	}
	lines = append(lines, centre...)
	lines = append(lines, m.renderExplain(g.w))
	lines = append(lines, m.voice.TranscriptLines(c, g.w, g.transH)...)
	if m.timeline != nil {
		lines = append(lines, m.renderTimeline(g.w))
	} else {
		in, _ := m.voice.InputLine(c, g.w)
		lines = append(lines, in)
	}
	lines = append(lines, m.renderFooter(g.w))
	screen := strings.Join(lines, "\n")
	if m.showHelp {
		screen = m.overlayHelp(screen, g)
	}
	if m.paletteOpen() {
		screen = m.overlayPalette(screen, g)
	}
	return screen
}

func (m *Model) renderTooSmall() string {
	c := &m.ctx
	msg := c.F("too_small", "w", itoa(common.MinWidth), "h", itoa(common.MinHeight),
		"cw", itoa(c.Width), "ch", itoa(c.Height))
	box := c.Styles.Warn.Render(msg)
	return lipgloss.Place(c.Width, c.Height, lipgloss.Center, lipgloss.Center,
		lipgloss.NewStyle().Width(max(min(c.Width-2, 40), 1)).Align(lipgloss.Center).Render(box))
}

// tabSpans lays out the panel tabs of the top bar.
func (m *Model) tabSpans() []tabSpan {
	x := widget.Width(m.brand()) + 1
	spans := make([]tabSpan, 0, panelCount)
	for p := Panel(0); p < panelCount; p++ {
		w := widget.Width(m.tabLabel(p)) + 2 // Tab styles pad one cell each side
		spans = append(spans, tabSpan{x, x + w, p})
		x += w
	}
	return spans
}

func (m *Model) tabLabel(p Panel) string {
	return itoa(int(p)+1) + " " + m.ctx.T("panel."+p.String())
}

func (m *Model) brand() string {
	prof := m.sim.Profile()
	name := m.ctx.Tr.Pick(prof.Name, prof.NameZH)
	// With five tabs a long model name would push the time control off
	// an 80-column top bar: the model year goes first, then the name; the
	// mark alone stays (the Vehicle panel names the car in full).
	rest := 1 + m.tabsWidth() + widget.Width("❚❚ "+m.ctx.T("time.paused")) + 2
	for _, label := range []string{" ◉ " + name + " " + m.ctx.F("veh.model_year", "year", itoa(prof.ModelYear)), " ◉ " + name} {
		if widget.Width(label)+rest <= m.ctx.Width {
			return label
		}
	}
	return " ◉"
}

// tabsWidth is the width of the panel tabs of the top bar.
func (m *Model) tabsWidth() int {
	w := 0
	for p := Panel(0); p < panelCount; p++ {
		w += widget.Width(m.tabLabel(p)) + 2
	}
	return w
}

func (m *Model) renderTopBar(g geometry) string {
	c := &m.ctx
	s := c.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.brand()))
	b.WriteString(" ")
	for _, t := range g.tabs {
		if t.panel == m.panel {
			b.WriteString(s.TabActive.Render(m.tabLabel(t.panel)))
		} else {
			b.WriteString(s.Tab.Render(m.tabLabel(t.panel)))
		}
	}
	left := b.String()
	var right string
	if m.paused {
		right = s.Warn.Render("❚❚ " + c.T("time.paused"))
	} else {
		right = s.Good.Render("▶ " + itoa(m.Speed()) + "×")
	}
	// Drop what does not fit, least important first: the drive's title,
	// then the audio state; time control always shows.
	full := right + s.Muted.Render("  ♪ "+m.audioLabel()+" ")
	if m.title != "" {
		if t := s.Muted.Render(m.title+"  ") + full; widget.Width(left)+widget.Width(t) < g.w {
			return widget.Spread(left, t, g.w)
		}
	}
	if widget.Width(left)+widget.Width(full) < g.w {
		return widget.Spread(left, full, g.w)
	}
	return widget.Spread(left, right+" ", g.w)
}

// audioLabel is the sound output's state: the player's own name, or the
// UI's word for silence when it is plainly off.
func (m *Model) audioLabel() string {
	switch m.audio {
	case "silent", "silent (audio off)", "":
		return m.ctx.T("audio.off")
	}
	if rest, ok := strings.CutPrefix(m.audio, "silent"); ok {
		return m.ctx.T("audio.off") + rest // "静音 (no sound server)"
	}
	return m.audio
}

func (m *Model) renderFooter(w int) string {
	k := m.ctx.Keys
	bindings := k.DrivingShort()
	if a := &m.sim.State().Automation; a.State == automation.StateAvailable || a.State == automation.StateActive {
		// The key that engages (or ends) L3, when the core offers it:
		// after help and quit, which must survive at 80 columns.
		bindings = slices.Insert(bindings, 4, k.L3)
	}
	switch {
	case m.timeline != nil:
		bindings = k.ReplayShort()
	case m.asking() != sim.ConfirmNone:
		bindings = k.ConfirmShort()
	case m.voice.Focused():
		bindings = k.VoiceShort()
	case m.sim.State().Automation.Attention:
		bindings = k.TakeoverShort()
	case m.sim.State().Assist.DriverMustAct():
		bindings = k.AssistShort()
	case m.phone.open:
		bindings = k.PhoneShort()
	case m.search.Focused():
		bindings = k.SearchShort()
	case m.panel == PanelNav:
		bindings = append([]key.Binding{k.Search, k.RoutePrefer, k.CancelRoute}, bindings...)
	case m.panel == PanelParking:
		bindings = k.ParkingShort(parkingActive(&m.sim.State().Parking))
	case m.panel == PanelSignals:
		bindings = k.SignalsShort(m.insp.Mode())
	}
	if m.drilling() {
		// In a drill q ends the drill (the trainer's key), not the program.
		for i, b := range bindings {
			if b.Help().Key == k.Quit.Help().Key {
				bindings[i] = k.DrillEnd
			}
		}
	}
	m.help.SetWidth(w - 1)
	return widget.Fit(" "+m.help.ShortHelpView(bindings), w)
}

// panelHelp names the help group of the shown panel's own keys (by its
// first binding's text), "" for a panel without one.
func (m *Model) panelHelp() string {
	k := m.ctx.Keys
	switch m.panel {
	case PanelNav:
		return k.Search.Help().Desc
	case PanelParking:
		return k.ParkSearch.Help().Desc
	case PanelSignals:
		return k.SigMove.Help().Desc
	}
	return ""
}

// overlayHelp draws the full keymap in a box over the centre of screen.
func (m *Model) overlayHelp(screen string, g geometry) string {
	c := &m.ctx
	inner := g.w - 8
	m.help.SetWidth(0)
	groups := c.Keys.FullHelp()
	if m.timeline != nil {
		groups = c.Keys.ReplayHelp()
	} else if first := m.panelHelp(); first != "" {
		// The shown panel's own keys come next to the panel keys, so a
		// small terminal (80×24 cuts the last columns) still shows them.
		for i, g := range groups {
			if i > 1 && len(g) > 0 && g[0].Help().Desc == first {
				groups = append(groups[:1:1], append([][]key.Binding{g}, slices.Delete(slices.Clone(groups[1:]), i-1, i)...)...)
				break
			}
		}
	}
	keysView := m.help.FullHelpView(groups)
	if lipgloss.Width(keysView) > inner {
		// Too narrow for every column side by side (80×24): two rows of
		// columns, so no binding is cut off.
		half := (len(groups) + 1) / 2
		keysView = m.help.FullHelpView(groups[:half]) + "\n\n" + m.help.FullHelpView(groups[half:])
	}
	m.help.SetWidth(inner)
	notes := []string{"help.voice", "help.parking", "help.signals"}
	if m.timeline != nil {
		notes = []string{"help.replay"} // a replay has no voice bar and moves no car
	}
	body := c.Styles.Title.Render(c.T("help.title")) + "\n\n" + keysView + "\n"
	for _, n := range append(notes, "help.close") {
		body += "\n" + c.Styles.Muted.Render(ansi.Wrap(c.T(n), inner, ""))
	}
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if widget.Width(l) > inner {
			lines[i] = ansi.Truncate(l, inner, "…")
		}
	}
	box := c.Styles.Overlay.Render(strings.Join(lines, "\n"))
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	return m.overlayBox(screen, box, g, max((g.w-bw)/2, 0), max((g.h-bh)/2, 0))
}

// overlayBox draws box over screen with its top-left corner at x, y; the
// frame keeps its exact size.
func (m *Model) overlayBox(screen, box string, g geometry, x, y int) string {
	base := lipgloss.NewLayer(screen)
	top := lipgloss.NewLayer(box).X(x).Y(y).Z(1)
	out := strings.Split(lipgloss.NewCompositor(base, top).Render(), "\n")
	// The compositor trims trailing blanks; the frame keeps its exact size.
	for i := range out {
		out[i] = widget.Fit(out[i], g.w)
	}
	for len(out) < g.h {
		out = append(out, widget.Fit("", g.w))
	}
	return strings.Join(out[:g.h], "\n")
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
