package cockpit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/sim"
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
	case m.panel == PanelParking && msg.X < g.centreW && msg.Y > g.mainY && msg.Y < g.mainY+g.mainH-1:
		m.clickParking(msg.X-2, msg.Y-g.mainY-1, g.centreW-4, g.mainH-2)
	case m.panel == PanelSignals && !m.phone.open && msg.X < g.centreW && msg.Y > g.mainY && msg.Y < g.mainY+g.mainH-1:
		m.clickSignals(msg.X-2, msg.Y-g.mainY-1)
	case m.panel == PanelCabin && msg.X < g.centreW:
		m.clickCabin(msg.X-2, msg.Y-g.mainY-1, g.centreW-4)
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

// clickCabin makes the seat grid a touch screen: a tap on a seat's heating,
// ventilation or massage cell steps it (0→1→2→3→off, massage wave→off).
// x and y are relative to the panel's content, w its width.
func (m *Model) clickCabin(x, y, w int) {
	const labelW = 10
	colW := max((w-labelW)/4, 8)
	if x < labelW || y < 1 || y > 3 {
		return
	}
	i := (x - labelW) / colW
	if i >= len(cabin.Seats) {
		return
	}
	id := cabin.Seats[i]
	seat := m.sim.State().Cabin.Seats[i]
	var cmd cabin.Command
	switch y {
	case 1:
		cmd = cabin.SetSeatHeat{Seat: id, Level: (seat.Heat + 1) % (cabin.MaxLevel + 1)}
	case 2:
		cmd = cabin.SetSeatVent{Seat: id, Level: (seat.Vent + 1) % (cabin.MaxLevel + 1)}
	case 3:
		switch {
		case seat.Massage == cabin.MassageOff || seat.MassageLevel == 0:
			cmd = cabin.SetMassage{Seat: id, Mode: cabin.MassageWave, Level: 1}
		case seat.MassageLevel < cabin.MaxLevel:
			cmd = cabin.SetMassage{Seat: id, Level: seat.MassageLevel + 1}
		default:
			cmd = cabin.SetMassage{Seat: id, Mode: cabin.MassageStop}
		}
	}
	m.queue(sim.CabinCommand{Command: cmd})
}

// handleWheel scrolls the results list or the signal tree.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) {
	if m.panel == PanelSignals {
		m.wheelSignals(msg)
		return
	}
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
