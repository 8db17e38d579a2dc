package cockpit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/voicebar"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// themeCycle is the order `t` steps through.
var themeCycle = []string{"auto", "day", "night", "high-contrast", "colorblind"}

// handleKey dispatches a key press by focus: the help overlay, the voice
// bar, the destination search, then the cockpit's own keys.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	if key.Matches(msg, k.Capture) { // in every mode: the screen as it is
		return m.captureJob().cmd()
	}
	switch {
	case m.showHelp:
		if key.Matches(msg, k.Quit) && msg.String() != "q" {
			return m.quit()
		}
		m.showHelp = false // any key closes the overlay
		return nil
	case m.paletteOpen():
		return m.handlePaletteKey(msg)
	case m.voice.Focused(): // the car's question can be answered by voice too
		return m.handleVoiceKey(msg)
	case m.asking() != sim.ConfirmNone && !m.sim.Replaying():
		return m.handleConfirmKey(msg)
	case m.search.Focused():
		return m.handleSearchKey(msg)
	case m.phoneFocused() && m.handlePhoneKey(msg):
		return nil
	case m.panel == PanelParking && m.handleParkingKey(msg):
		return nil
	case m.panel == PanelSignals && !m.phone.open && m.handleSignalsKey(msg):
		return nil
	}
	return m.handleCockpitKey(msg)
}

func (m *Model) handleVoiceKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.ctx.Keys.Back) {
		m.voice.Blur()
		return nil
	}
	if text, ok := m.voice.HandleKey(msg); ok {
		return m.submitVoice(text)
	}
	return nil
}

func (m *Model) handleSearchKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.ctx.Keys.Back) {
		m.search.Blur()
		return nil
	}
	if p := m.search.HandleKey(msg); p != nil {
		m.search.Blur()
		m.navigate(p)
	}
	m.syncLabels()
	return nil
}

// handleCockpitKey handles keys when nothing has focus.
func (m *Model) handleCockpitKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	st := m.sim.State()
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Palette):
		m.openPalette()
	case key.Matches(msg, k.Voice):
		m.voice.Focus()
	case key.Matches(msg, k.Drive):
		m.setPanel(PanelDrive)
	case key.Matches(msg, k.Nav):
		m.setPanel(PanelNav)
	case key.Matches(msg, k.Cabin):
		m.setPanel(PanelCabin)
	case key.Matches(msg, k.Vehicle):
		m.setPanel(PanelVehicle)
	case key.Matches(msg, k.Parking):
		m.setPanel(PanelParking)
	case key.Matches(msg, k.Signals):
		m.setPanel(PanelSignals)
	case key.Matches(msg, k.NextPanel):
		m.setPanel((m.panel + 1) % panelCount)
	case key.Matches(msg, k.Pause):
		return m.setPaused(!m.paused)
	case key.Matches(msg, k.Faster):
		m.speedIdx = min(m.speedIdx+1, len(Speeds)-1)
		if m.paused {
			return m.setPaused(false)
		}
	case key.Matches(msg, k.Slower):
		m.speedIdx = max(m.speedIdx-1, 0)
	case key.Matches(msg, k.Lang):
		m.setLang(i18n.Other(m.lang))
	case key.Matches(msg, k.Theme):
		m.setTheme(nextTheme(m.themeMode))
	case key.Matches(msg, k.Assist):
		if st.Control == sim.ControlAuto {
			m.queue(sim.SetControl{Control: sim.ControlManual})
		} else {
			m.queue(sim.SetControl{Control: sim.ControlAuto})
		}
	case m.handleDriverKey(msg):
	case key.Matches(msg, k.Accel):
		if st.Control == sim.ControlAuto && !st.Automation.State.Engaged() {
			m.say("notice.accel_in_auto", false)
			return nil
		}
		m.accelTicks, m.accelHeld = holdTicks, m.releases
		m.brakeTicks, m.brakeHeld = 0, false
	case key.Matches(msg, k.Brake):
		if st.Control == sim.ControlAuto && !st.Automation.State.Engaged() {
			// Braking hands speed control back to the driver, as braking
			// cancels adaptive cruise in every production car. With L3/L2
			// engaged the brake is a takeover input the system judges.
			m.queue(sim.SetControl{Control: sim.ControlManual})
			m.say("notice.brake_takeover", true)
		}
		m.brakeTicks, m.brakeHeld = holdTicks, m.releases
		m.accelTicks, m.accelHeld = 0, false
	case key.Matches(msg, k.Belt):
		m.changeDriver(func(d *sim.DriverState) { d.BeltOn = !d.BeltOn })
		m.nudge()
	case key.Matches(msg, k.Hands):
		m.changeDriver(func(d *sim.DriverState) { d.HandsOnWheel = !d.HandsOnWheel })
		m.nudge()
	case key.Matches(msg, k.LaneLeft):
		m.sim.ChangeLane(-1)
	case key.Matches(msg, k.LaneRight):
		m.sim.ChangeLane(1)
	case m.panel == PanelNav:
		return m.handleNavKey(msg)
	}
	return nil
}

// handleNavKey handles the Navigation panel's own keys.
func (m *Model) handleNavKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Search):
		m.search.Focus()
	case key.Matches(msg, k.RoutePrefer):
		m.search.CyclePrefer()
		m.replan()
	case key.Matches(msg, k.AvoidTolls):
		m.search.Options.AvoidTolls = !m.search.Options.AvoidTolls
		m.replan()
	case key.Matches(msg, k.AvoidExpressways):
		m.search.Options.AvoidExpressways = !m.search.Options.AvoidExpressways
		m.replan()
	case key.Matches(msg, k.CancelRoute):
		if m.sim.State().Route == nil {
			m.say("notice.no_route", false)
		} else {
			m.queue(sim.CancelRoute{})
		}
	case msg.String() == "g":
		if p := m.search.Selected(); p != nil {
			m.navigate(p)
		}
	}
	return nil
}

// handleKeyRelease ends a held pedal (kitty-protocol terminals only).
func (m *Model) handleKeyRelease(msg tea.KeyReleaseMsg) {
	k := m.ctx.Keys
	press := tea.KeyPressMsg(msg)
	switch {
	case key.Matches(press, k.Accel):
		m.accelHeld, m.accelTicks = false, 0
	case key.Matches(press, k.Brake):
		m.brakeHeld, m.brakeTicks = false, 0
	case key.Matches(press, k.Steer):
		m.steerHeld, m.steerTicks = false, 0
	case key.Matches(press, k.ParkRemote):
		m.releaseRemote()
	}
}

func (m *Model) quit() tea.Cmd {
	if m.noQuit {
		return nil // Options.NoQuit: the kiosk's presenter quits, not a visitor
	}
	m.quitting = true
	return tea.Quit
}

// setPaused stops or restarts the clock. Pausing bumps the tick generation
// so the tick already in flight is ignored and nothing periodic remains.
func (m *Model) setPaused(p bool) tea.Cmd {
	if p == m.paused {
		return nil
	}
	m.paused = p
	m.tickGen++
	if p {
		return nil
	}
	return m.tick()
}

func (m *Model) setPanel(p Panel) {
	m.panel = p
	if p == PanelNav {
		st := m.sim.State()
		if m.search.Query() == "" {
			m.search.SetOrigin(st.X, st.Y)
		}
	}
	if p == PanelSignals {
		m.observeSignals(true) // values of now, not of when it was last shown
	}
	m.syncLabels()
}

func (m *Model) setLang(lang string) {
	if m.tables[lang] == nil || lang == m.lang {
		return
	}
	m.lang = lang
	m.applyLang()
	m.syncLabels()
}

func (m *Model) setTheme(mode string) {
	if mode != "auto" && m.themes[mode] == nil {
		return
	}
	m.themeMode = mode
	m.themeName = "" // force a rebuild
	m.applyTheme()
}

func nextTheme(mode string) string {
	for i, t := range themeCycle {
		if t == mode {
			return themeCycle[(i+1)%len(themeCycle)]
		}
	}
	return themeCycle[0]
}

// changeDriver changes the driver's body (a key: hands, belt, eyes) in the
// session, which applies it from the next step.
func (m *Model) changeDriver(change func(d *sim.DriverState)) {
	d := m.sim.Driver()
	change(&d)
	m.sim.SetDriver(d)
}

// nudge runs one step while paused so a change of the driver's state
// shows at once.
func (m *Model) nudge() {
	if m.paused {
		m.advance(1)
	}
}

// queue adds commands for the next step. While paused, one step runs at
// once so a command takes effect (50 ms of drive time is invisible).
func (m *Model) queue(cmds ...sim.Command) {
	m.sim.Command(cmds...)
	if m.paused {
		m.advance(1)
	}
}

// navigate starts guidance to p with the panel's route options.
func (m *Model) navigate(p *world.Place) {
	m.queue(sim.Navigate{PlaceID: p.ID, Options: m.search.Options})
	m.search.SetQuery("") // the next search starts fresh, from nearby places
	m.setPanel(PanelDrive)
}

// replan re-plans the current route with changed options.
func (m *Model) replan() {
	st := m.sim.State()
	if st.Route != nil && !st.Arrived && st.Destination != "" {
		m.queue(sim.Navigate{PlaceID: st.Destination, Options: m.search.Options})
	}
}

// submitVoice sends an utterance to the assistant and performs its reply.
// The assistant is pure and answers in microseconds, so it runs here in
// Update (a Cmd would read the drive state from another goroutine).
func (m *Model) submitVoice(text string) tea.Cmd {
	m.voice.Add(voicebar.User, text)
	if m.localLabel(text) {
		m.voice.Add(voicebar.Assistant, m.ctx.F("voice.showing", "panel", m.ctx.T("panel."+m.panel.String())))
		return nil
	}
	if m.sim.Voice() == nil {
		m.voice.Add(voicebar.Assistant, m.ctx.T("voice.unavailable"))
		return nil
	}
	t := m.sim.Say(text)
	if t.Reply != nil && t.Reply.Text != "" {
		m.voice.Add(voicebar.Assistant, t.Reply.Text)
	}
	m.voice.SetListening(t.Heard.Awaiting)
	for _, a := range t.Heard.UI {
		m.applyUI(a)
	}
	if t.Reply == nil && m.paused {
		m.advance(1) // the car acts, and the reply says what it did
	}
	return nil
}

// applyUI performs something only the UI can do, asked for by voice.
func (m *Model) applyUI(a session.UIAction) {
	value := a.Value
	switch a.Kind {
	case "language":
		m.setLang(value)
	case "theme":
		m.setTheme(value)
	case "panel":
		for p := Panel(0); p < panelCount; p++ {
			if p.String() == value {
				m.setPanel(p)
			}
		}
	case "help":
		m.showHelp = true
	case "search":
		m.setPanel(PanelNav)
		m.search.SetResults(value, a.Places)
		m.syncLabels()
	}
}
