package cockpit

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/sim"
)

// ackTicksDefault keeps the acknowledgement after a takeover for 3 s: long
// enough to read "you have control", short enough not to distract the
// driver who now drives.
const ackTicksDefault = 30

// onAutomation follows the automation's state after a step and sounds its
// transitions as production cockpits do: a chime repeated at stage 1, the
// continuous tone at stage 2 (kept through the MRM), silence and a short
// acknowledgement once the driver has taken over. Play and Stop only queue
// to the sound device, so they are safe here in Update.
func (m *Model) onAutomation(st *sim.State) {
	prev, cur := m.autoState, st.Automation.State
	if prev == cur {
		return
	}
	m.autoState = cur
	prevTone := m.autoTone
	m.autoTone = st.Automation.Tone
	if cur == automation.StateTakeover1 || cur == automation.StateAvailabilityWarning {
		// The countdown drains from what was left when the alert began
		// (the preset's budget, less the step it began in).
		m.alertBudget = st.Automation.BudgetS + float64(sim.Step)/1000
	}
	if !st.Automation.Attention || cur == automation.StateMRC {
		m.heard = false // "I have control" answered the request, not the stop
	}
	if m.phone.open && st.Automation.SuspendScreens {
		m.phone.typed = "" // a suspended screen keeps no half-typed reply
	}
	if m.muted {
		return
	}
	p := m.player
	if prevTone && !st.Automation.Tone {
		p.Stop(chime.TakeoverStage1)
		p.Stop(chime.TakeoverStage2)
	}
	// The L3 stages sound as the takeover HMI says: its tone when it
	// differs from the one already sounding (stage 2 replaces stage 1's
	// chime; the MRM keeps stage 2's tone, or starts it after a severe
	// fault skipped the request), then the stage's one-shot earcon.
	if stage := m.hmi.Stage(cur); stage != nil {
		if tone := toneSound(stage.Tone); tone != chime.None {
			if was := m.hmi.Stage(prev); !prevTone || was == nil || toneSound(was.Tone) != tone {
				p.Play(tone)
			}
		}
		if e := earconSound(stage.Earcon); e != chime.None {
			p.Play(e)
		}
		return
	}
	switch cur {
	case automation.StateL2Stop:
		p.Play(chime.TakeoverStage2)
	case automation.StateL2Warning:
		p.Play(chime.Warning)
	case automation.StateL2Prompt:
		p.Play(chime.Info)
	case automation.StateManual:
		if prevTone {
			p.Play(chime.TakeoverAck)
		}
	}
}

// toneSound is the cockpit's sound for an HMI tone.
func toneSound(t hmi.Tone) chime.Sound {
	switch t {
	case hmi.ToneChime:
		return chime.TakeoverStage1
	case hmi.ToneContinuous:
		return chime.TakeoverStage2
	}
	return chime.None
}

// earconSound is the cockpit's sound for an HMI earcon.
func earconSound(e hmi.Earcon) chime.Sound {
	switch e {
	case hmi.EarconInfo:
		return chime.Info
	case hmi.EarconWarning:
		return chime.Warning
	case hmi.EarconCritical:
		return chime.Critical
	case hmi.EarconMinimalRisk:
		return chime.MinimalRisk
	}
	return chime.None
}

// onAutomationEvent keeps what the banner says: the sentence that explains
// the current request, "I have control" heard, and the takeover time for
// the acknowledgement.
func (m *Model) onAutomationEvent(ev sim.Event) {
	switch {
	case ev.Kind == sim.EventEmergencyBrake:
		// the system handles it: time slows so it can be seen, and the
		// screen does not say the car needs the driver
		m.realTime("assist.real_time_watch")
	case ev.Severity == sim.SeverityCritical && !ev.Kind.Detail():
		// a collision warning, the emergency brake: as urgent as a
		// request, whatever produced it
		m.realTime("assist.real_time")
	}
	switch string(ev.Kind) {
	case automation.EventTakeoverRequested, automation.EventTakeoverEscalated, automation.EventMRM,
		automation.EventMRC, automation.EventAvailabilityWarning, automation.EventL2Prompt,
		automation.EventL2Warning, automation.EventL2Fallback:
		e := ev
		m.alertEv = &e
		m.realTime("assist.real_time")
	case automation.EventAcknowledged:
		m.heard = true
	case automation.EventTakeover:
		m.ackTicks, m.ackEv = ackTicksDefault, ev
		m.heard = false
	}
}

// realTime drops to 1× and says why (notice, a catalogue key). Time may
// run fast through the quiet minutes (a drill skips them at 10×); when the
// car needs the driver it runs at its real pace, from the very step that
// needs them (advance stops the tick there), so a request is never over
// before anyone can react.
func (m *Model) realTime(notice string) {
	if !m.muted && m.speedIdx > 0 {
		m.speedIdx = 0
		m.say(notice, true)
	}
}

// asking is the question the car asks the driver now (engage L3? start
// remote parking? open the window at this speed?), ConfirmNone when none:
// the rule and the question are the drive loop's (sim.NeedsConfirmation),
// the cockpit only shows it and sends the answer.
func (m *Model) asking() sim.ConfirmKind { return m.sim.State().Confirm.Kind }

// handleConfirmKey answers the car's question: y confirms, n or Esc does
// not. The question is modal so a stray key cannot engage the car by
// accident.
func (m *Model) handleConfirmKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Confirm):
		m.queue(sim.Confirm{Yes: true})
	case key.Matches(msg, k.Cancel):
		m.queue(sim.Confirm{Yes: false})
	case key.Matches(msg, k.Voice):
		m.voice.Focus() // to answer by voice: "yes", "不用了"
	}
	return nil
}

// handleDriverKey handles the driver's body and the automation controls;
// it reports whether the key was one of them.
func (m *Model) handleDriverKey(msg tea.KeyPressMsg) bool {
	k := m.ctx.Keys
	st := m.sim.State()
	switch {
	case key.Matches(msg, k.L3):
		if st.Automation.ButtonDisengages() {
			m.queue(sim.Disengage{})
			return true
		}
		// Engaging asks to confirm (R157: a deliberate action; the drive
		// loop asks); the machine then checks its conditions and says why
		// if it refuses.
		m.queue(sim.Engage{Level: automation.LevelL3})
	case key.Matches(msg, k.Eyes):
		m.changeDriver(func(d *sim.DriverState) { d.EyesOnRoad = !d.EyesOnRoad })
		if m.sim.Driver().EyesOnRoad {
			m.say("notice.eyes_on", false)
		} else {
			m.say("notice.eyes_off", true)
		}
		m.nudge()
	case key.Matches(msg, k.Phone):
		m.togglePhone()
	case key.Matches(msg, k.Steer):
		m.steerTicks, m.steerHeld = holdTicks, m.releases
		m.nudge()
	case key.Matches(msg, k.Mirror):
		m.say("notice.mirror", false)
		m.queue(sim.CheckMirror{})
	case key.Matches(msg, k.IndicateLeft):
		m.say("notice.indicator_left", false)
		m.queue(sim.Indicate{Dir: -1})
	case key.Matches(msg, k.IndicateRight):
		m.say("notice.indicator_right", false)
		m.queue(sim.Indicate{Dir: 1})
	case key.Matches(msg, k.Restart):
		m.say("notice.restart", false)
		m.queue(sim.IgnitionRestart{})
	default:
		return false
	}
	return true
}
