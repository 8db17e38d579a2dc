package cockpit

import (
	"github.com/nevsim/cockpit/drive/sim"

	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/widget"
)

// phoneTask is the drills' distraction: a chat on the centre screen asking
// for a four-digit code to be typed back. It is a visual-manual task on
// purpose — the kind the meta-analyses find slows a takeover most (Zhang et
// al. 2019) — and it keeps the eyes off the road while open.
type phoneTask struct {
	open    bool
	code    string // the code to type back
	typed   string
	replied int
}

// codeLen is the length of a reply: long enough to need a look at the
// screen, short enough to finish between two glances at a demo.
const codeLen = 4

// phoneFocused reports whether digits go to the phone: open and not
// suspended by the automation (a request, MRM or MRC suspends it).
func (m *Model) phoneFocused() bool {
	return m.phone.open && !m.sim.State().Automation.SuspendScreens
}

// togglePhone picks the phone up (the driver's eyes leave the road) or puts
// it down. Picking it up while the automation suspends the screens is
// refused: that is the point of suspending them.
func (m *Model) togglePhone() {
	if m.phone.open {
		m.phone.open, m.phone.typed = false, ""
		m.changeDriver(func(d *sim.DriverState) { d.Phone = false })
		m.nudge()
		return
	}
	if m.sim.State().Automation.SuspendScreens {
		m.say("notice.phone_suspended", true)
		return
	}
	m.phone.open = true
	m.phone.typed = ""
	m.phone.code = m.nextCode()
	m.changeDriver(func(d *sim.DriverState) { d.Phone, d.EyesOnRoad = true, false })
	m.nudge()
}

// syncPhone shows the phone task when a scenario's driver picks the phone
// up (and hides it when they put it down), so the screen shows what the
// driver is doing.
func (m *Model) syncPhone() {
	phone := m.sim.Driver().Phone
	switch {
	case phone && !m.phone.open:
		m.phone.open, m.phone.typed, m.phone.code = true, "", m.nextCode()
	case !phone && m.phone.open:
		m.phone.open, m.phone.typed = false, ""
	}
}

// nextCode derives the next code from the drive's clock and the replies so
// far: no randomness, so a recorded session replays identically.
func (m *Model) nextCode() string {
	v := uint64(m.sim.State().Time)/uint64(50)*2654435761 + uint64(m.phone.replied)*40503
	var b strings.Builder
	for range codeLen {
		b.WriteByte(byte('0' + v%10))
		v /= 10
	}
	return b.String()
}

// handlePhoneKey takes a digit or Backspace for the reply; it reports
// whether it used the key (every other key falls through to the cockpit,
// so the driver can take over without putting the phone down first — and
// be scored for it).
func (m *Model) handlePhoneKey(msg tea.KeyPressMsg) bool {
	p := &m.phone
	switch {
	case key.Matches(msg, m.ctx.Keys.PhoneType):
		p.typed += msg.String()
		if !strings.HasPrefix(p.code, p.typed) {
			p.typed = "" // a wrong digit starts the reply again
		}
		if p.typed == p.code {
			p.replied++
			p.typed = ""
			p.code = m.nextCode()
		}
		return true
	case msg.Code == tea.KeyBackspace:
		if p.typed != "" {
			p.typed = p.typed[:len(p.typed)-1]
		}
		return true
	}
	return false
}

// phoneCard renders the phone task over the centre panel: the chat, the
// code to type and the reply so far. (Suspended, it is not drawn at all:
// the driving panel returns, and the banner's checklist says the phone is
// still in hand.)
func (m *Model) phoneCard(w, h int) string {
	c := &m.ctx
	s := c.Styles
	typed := m.phone.typed + strings.Repeat("_", codeLen-len(m.phone.typed))
	body := []string{
		s.Bold.Render(c.T("phone.from")) + s.Muted.Render(" › ") + c.T("phone.ask") + " " + s.Title.Render(spaced(m.phone.code)),
		"",
		s.Muted.Render(c.T("phone.reply")+" › ") + s.Bold.Render(spaced(typed)),
		"",
		s.Good.Render(c.F("phone.sent", "n", itoa(m.phone.replied))),
		s.Muted.Render(c.T("phone.close")),
	}
	return widget.Box(s.Card, c.T("phone.title"), "", strings.Join(body, "\n"), w, h)
}

// spaced puts a space between digits so a code reads at a glance.
func spaced(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}
