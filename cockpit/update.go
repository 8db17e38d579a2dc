package cockpit

import (
	tea "charm.land/bubbletea/v2"
)

// Update routes a message to the handler of its family.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
		return m, nil
	case audioReadyMsg:
		m.handleAudioReady(msg)
		return m, nil
	case capturedMsg:
		m.onCaptured(msg)
		return m, nil
	case tickMsg:
		return m, m.handleTick(msg)
	case tea.KeyboardEnhancementsMsg:
		// Hold-to-accelerate uses releases only where the terminal reports
		// them (kitty protocol); elsewhere presses and auto-repeat drive.
		m.releases = msg.SupportsEventTypes()
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.KeyReleaseMsg:
		m.handleKeyRelease(msg)
		return m, nil
	case tea.MouseClickMsg:
		return m, m.handleClick(msg)
	case tea.MouseWheelMsg:
		m.handleWheel(msg)
		return m, nil
	case tea.PasteMsg:
		switch {
		case m.paletteOpen():
			m.pal.Type(msg.Content)
		case m.voice.Focused():
			m.voice.HandlePaste(msg)
		case m.search.Focused():
			m.search.SetQuery(m.search.Query() + msg.Content)
		case m.panel == PanelSignals:
			m.insp.Paste(msg.Content)
		}
		return m, nil
	}
	return m, nil
}
