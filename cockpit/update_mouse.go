package cockpit

import (
	tea "charm.land/bubbletea/v2"
)

// handleClick maps a click to what was drawn there: a panel tab, a
// destination in the results list, or the voice bar.
func (m *Model) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	if m.showHelp {
		m.showHelp = false
		return nil
	}
	if msg.Button != tea.MouseLeft {
		return nil
	}
	g := m.layout()
	switch {
	case msg.Y == 0:
		for _, t := range g.tabs {
			if msg.X >= t.x0 && msg.X < t.x1 {
				m.voice.Blur()
				m.search.Blur()
				m.setPanel(t.panel)
			}
		}
	case msg.Y == g.inputY:
		m.search.Blur()
		m.voice.Focus()
	case m.panel == PanelNav && msg.Y == g.mainY+1 && msg.X < g.centreW:
		m.voice.Blur()
		m.search.Focus()
	case m.panel == PanelNav && msg.X < g.centreW && msg.Y >= g.resultsY && msg.Y < g.resultsY+g.rowsN:
		i := msg.Y - g.resultsY
		if i < len(m.search.Results()) {
			// A tap on a result starts guidance, as on a touch screen.
			m.search.Select(i)
			m.search.Blur()
			m.navigate(m.search.Selected())
		}
	}
	return nil
}

// handleWheel scrolls the results list.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) {
	if m.panel != PanelNav {
		return
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		m.search.Move(-1)
	case tea.MouseWheelDown:
		m.search.Move(1)
	}
}
