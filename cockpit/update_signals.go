package cockpit

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/inspector"
	"github.com/nevsim/cockpit/drive/session"
)

// The Signals panel (6) is the signal inspector (cockpit/inspector): the
// root feeds it the session's values, hands it keys and clicks, and makes
// the writes it asks for through Session.SetSignal, the same commands keys
// and voice give, so the car's rules judge them.

// signalsSize is the inspector's content size in the current layout, the
// same the view frames it in.
func (m *Model) signalsSize() (w, h int) {
	g := m.layout()
	return g.centreW - 4, g.mainH - 2
}

// observeSignals reads the session's values into the inspector when it
// wants them: after each step for the watch list's samples, and for the
// frame while the panel shows (at most once a step; View only reads the
// cache).
func (m *Model) observeSignals(visible bool) {
	now := m.sim.State().Time
	if m.insp.Due(now, visible) {
		m.insp.Observe(now, m.sim.ReadSignals(m.insp.Buffer()))
	}
}

// handleSignalsKey gives a key to the inspector; it reports whether the
// panel used it.
func (m *Model) handleSignalsKey(msg tea.KeyPressMsg) bool {
	m.insp.SetSize(m.signalsSize())
	used, act := m.insp.HandleKey(&m.ctx, msg)
	m.doSignals(act)
	return used
}

// doSignals makes a write the inspector asked for. A replay is read-only:
// its inputs are the recording's. While paused one step runs, as for any
// command, so the car's answer and the new value show at once.
func (m *Model) doSignals(act inspector.Action) {
	w := act.Set
	if w == nil {
		return
	}
	if m.sim.Replaying() {
		m.insp.Refuse(m.ctx.T("signals.replay"))
		return
	}
	m.setSeq++
	id := m.setSeq
	err := m.sim.SetSignal(id, w.Path, w.Value)
	m.insp.Sent(&m.ctx, id, w, err)
	if err == nil && m.paused {
		m.advance(1)
	}
}

// settleSignals tells the inspector what the car did with its writes: the
// refusing event in the UI's words, as the notifications word it.
func (m *Model) settleSignals(out *session.Output) {
	for _, r := range out.Sets {
		why := ""
		if r.Refusal != nil {
			why = m.describe(*r.Refusal)
		}
		m.insp.Settled(&m.ctx, r.ID, why)
	}
}

// clickSignals selects the row clicked; x and y are relative to the
// panel's content.
func (m *Model) clickSignals(x, y int) {
	m.insp.SetSize(m.signalsSize())
	m.insp.HandleClick(x, y)
}

// wheelSignals scrolls the tree.
func (m *Model) wheelSignals(msg tea.MouseWheelMsg) {
	m.insp.SetSize(m.signalsSize())
	switch msg.Button {
	case tea.MouseWheelUp:
		m.insp.HandleWheel(-3)
	case tea.MouseWheelDown:
		m.insp.HandleWheel(3)
	}
}
