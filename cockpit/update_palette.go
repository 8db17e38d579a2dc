package cockpit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/palette"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

// The command palette (":"): the simulator's run-time controls. Choosing
// one applies it to the session now (Session.Control), recorded like any
// input, so the replay shows and repeats it; what the car or the world did
// then shows as its events, in the notifications.

// openPalette opens the palette in the UI's language. A replay plays the
// recording's inputs, so it offers none.
func (m *Model) openPalette() {
	switch {
	case m.sim.Replaying():
		m.say("palette.replay", true)
		return
	case len(m.controls) == 0:
		m.say("palette.none", true)
		return
	}
	items := make([]palette.Item, len(m.controls))
	for i := range m.controls {
		c := &m.controls[i]
		items[i] = palette.Item{ID: c.ID, Group: c.Group, Label: m.ctx.Tr.Pick(c.Name, c.NameZH),
			Keywords: append([]string{c.Name, c.NameZH}, c.Keywords...)}
	}
	m.pal = palette.New(items)
	m.pal.Open()
}

// handlePaletteKey handles a key while the palette is open.
func (m *Model) handlePaletteKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.pal.Close()
	case msg.String() == "enter":
		it, ok := m.pal.Selected()
		m.pal.Close()
		if ok {
			m.applyControl(it.ID)
		}
	case msg.String() == "up" || msg.String() == "shift+tab":
		m.pal.Move(-1)
	case msg.String() == "down" || msg.String() == "tab":
		m.pal.Move(1)
	case msg.String() == "pgup":
		m.pal.Move(-5)
	case msg.String() == "pgdown":
		m.pal.Move(5)
	case msg.String() == "backspace":
		m.pal.Backspace()
	case msg.Text != "":
		m.pal.Type(msg.Text)
	}
	return nil
}

// applyControl applies the control with this id to the session.
func (m *Model) applyControl(id string) {
	var c *scenario.Control
	for i := range m.controls {
		if m.controls[i].ID == id {
			c = &m.controls[i]
		}
	}
	if c == nil {
		return
	}
	name := m.ctx.Tr.Pick(c.Name, c.NameZH)
	m.setSeq++
	if err := m.sim.Control(m.setSeq, c); err != nil {
		m.say("palette.failed", true, "name", name, "why", err.Error())
		return
	}
	// Said after the step, from what the car and the world did: a
	// control a rule refuses (fuel for a car without a tank) is not
	// "applied".
	m.palID, m.palName = m.setSeq, name
	if m.paused {
		m.advance(1) // as for any command: the answer shows at once
	}
}

// settlePalette says what became of the control applied last, once the
// step that carried it out has run.
func (m *Model) settlePalette(out *session.Output) {
	if m.palID == 0 {
		return
	}
	seen := false
	for _, r := range out.Sets {
		if r.ID != m.palID {
			continue
		}
		seen = true
		if r.Refusal != nil {
			m.say("palette.failed", true, "name", m.palName, "why", m.describe(*r.Refusal))
			m.palID = 0
			return
		}
	}
	if seen {
		m.say("palette.applied", false, "name", m.palName)
		m.palID = 0
	}
}

// paletteTexts are the palette's words in the UI language.
func (m *Model) paletteTexts() palette.Texts {
	c := &m.ctx
	t := palette.Texts{Title: c.T("palette.title"), Prompt: c.T("palette.prompt"), NoMatch: c.T("palette.no_match"),
		Hint: c.T("palette.hint"), Groups: map[string]string{}}
	for _, g := range scenario.ControlGroups {
		t.Groups[g] = c.T("palette.group." + g)
	}
	return t
}

// overlayPalette draws the open palette over the top of the centre.
func (m *Model) overlayPalette(screen string, g geometry) string {
	w := min(72, g.w-4)
	h := min(22, g.h-4)
	box := m.pal.View(&m.ctx, m.paletteTexts(), w, h)
	return m.overlayBox(screen, box, g, max((g.w-w)/2, 0), 2)
}

// paletteOpen reports whether the palette takes the keys.
func (m *Model) paletteOpen() bool { return m.pal != nil && m.pal.IsOpen() }
