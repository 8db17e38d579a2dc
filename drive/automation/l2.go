package automation

import "github.com/nevsim/cockpit/drive/msg"

// The level-2 comparison mode: lane centring or navigate-on-autopilot. The
// driver is always responsible, so the machine's job is the hands-off /
// eyes-off cascade of UN R79 or the 2025 Chinese draft, and the China
// draft's lockout after repeated escalations.

// l2Reasons collects every unmet L2 precondition into m.rs.
func (m *Machine) l2Reasons(o *ODD, d *Driver) {
	m.rs.n = 0
	if m.lockUntil != never && m.now < m.lockUntil {
		m.rs.add(ReasonL2Locked, secs(m.lockUntil-m.now), 0, "")
	}
	// Lane centring follows markings; worn ones still work, none do not.
	if o.Markings != "good" && o.Markings != "worn" {
		m.rs.add(ReasonMarkings, 0, 0, o.Markings)
	}
	if o.SystemFault || o.SevereFault {
		m.rs.add(ReasonFault, 0, 0, "")
	}
	if !(o.SpeedKmh <= m.p.L2.MaxSpeedKmh) {
		m.rs.add(ReasonSpeed, o.SpeedKmh, m.p.L2.MaxSpeedKmh, "")
	}
	if !d.Seated {
		m.rs.add(ReasonNotSeated, 0, 0, "")
	}
	if !d.BeltOn {
		m.rs.add(ReasonBeltOff, 0, 0, "")
	}
}

func (m *Machine) engageL2(d *Driver) {
	m.take(edgeEngageL2)
	m.level = LevelL2
	m.handsOffAt, m.eyesOffAt = -1, -1
	m.trackAttention(d)
	m.emit(EventEngaged, string(LevelL2), m.p.L2.MaxSpeedKmh, msg.New("automation.engaged.l2", whole("kmh", m.p.L2.MaxSpeedKmh)))
}

// trackAttention starts or clears the hands-off and eyes-off clocks.
func (m *Machine) trackAttention(d *Driver) {
	if d.HandsOnWheel {
		m.handsOffAt = -1
	} else if m.handsOffAt < 0 {
		m.handsOffAt = m.now
	}
	if d.EyesOnRoad && !d.EyesClosed {
		m.eyesOffAt = -1
	} else if m.eyesOffAt < 0 {
		m.eyesOffAt = m.now
	}
}

// stage is 0 (attentive), 1 (prompt) or 2 (warning) for one clock.
func stage(since, now, promptMs, warnMs int64) int {
	if since < 0 || promptMs <= 0 {
		return 0
	}
	switch el := now - since; {
	case el >= warnMs:
		return 2
	case el >= promptMs:
		return 1
	}
	return 0
}

// l2Off switches L2 off along e (every L2 edge into off).
func (m *Machine) l2Off(e edge) {
	m.take(e)
	m.level = LevelNone
	m.wasAvail = false
	if m.lockPending {
		m.lock()
	}
}

func (m *Machine) lock() {
	m.lockPending = false
	m.lockUntil = m.now + m.l2LockMs
	m.emit(EventL2Locked, "", m.p.L2.LockS/60, msg.New("automation.l2_locked",
		whole("min", m.p.L2.LockS/60), msg.Int("warnings", m.p.L2.LockEscalations)))
}

func (m *Machine) stepL2(in *Input) {
	o, d := &in.ODD, &in.Driver
	if m.state == StateL2Stop {
		if d.Seated && d.HandsOnWheel && (d.Steering || d.Braking || d.Accelerating) {
			m.emit(EventTakeover, string(m.reason.code), secs(m.now-m.tdAt), say("takeover.l2_stop_cancelled"))
			m.l2Off(edgeL2StopTakeover)
		} else if o.SpeedKmh <= m.p.StandstillKmh {
			m.emit(EventMRC, string(LevelL2), 0, say("mrc.l2"))
			m.l2Off(edgeL2StopStandstill)
		}
		return
	}
	if in.DisengageRequest || d.Braking {
		subj, key := "button", "disengaged.l2_button"
		if d.Braking {
			subj, key = "brake", "disengaged.brake"
		}
		m.emit(EventDisengaged, subj, 0, say(key))
		m.l2Off(edgeL2Disengage)
		return
	}
	if in.EngageRequest == LevelL3 {
		m.l3Reasons(o, d)
		if m.rs.n == 0 {
			m.engageL3(edgeEngageL3FromL2)
			return
		}
		m.refuse(LevelL3, m.rs.r[0])
	}
	m.rs.n = 0
	if o.Markings != "good" && o.Markings != "worn" {
		m.rs.add(ReasonMarkings, 0, 0, o.Markings)
	} else if o.SystemFault || o.SevereFault {
		m.rs.add(ReasonFault, 0, 0, "")
	}
	if m.rs.n > 0 {
		m.emit(EventL2Unavailable, string(m.rs.r[0].code), 0, msg.New("automation.l2_unavailable", msg.Sub("reason", m.rs.r[0].msg())))
		m.l2Off(edgeL2Unavailable)
		return
	}
	m.trackAttention(d)
	hs := stage(m.handsOffAt, m.now, m.l2PromptMs, m.l2WarnMs)
	es := stage(m.eyesOffAt, m.now, m.l2EyesPromptMs, m.l2EyesWarnMs)
	st, what := hs, "hands"
	if es > hs {
		st, what = es, "eyes"
	}
	switch {
	case st == 0 && m.state != StateL2Active:
		m.take(edgeL2Restored)
		m.emit(EventL2Restored, "", 0, say("l2_restored"))
		if m.lockPending {
			m.emit(EventDisengaged, "lockout", 0, say("disengaged.lockout"))
			m.l2Off(edgeL2Lockout)
		}
	case st == 1 && m.state == StateL2Active:
		m.take(edgeL2Prompt)
		m.emit(EventL2Prompt, what, 0, say("l2_prompt."+what))
	case st == 2 && m.state != StateL2Warning:
		m.take(edgeL2Warning)
		m.l2WarnAt = m.now
		n := m.recordEscalation()
		if m.p.L2.LockEscalations > 0 && n >= m.p.L2.LockEscalations {
			m.lockPending = true
		}
		key := "automation.l2_warning.switch_off"
		if m.p.L2.Fallback == L2Stop {
			key = "automation.l2_warning.stop"
		}
		m.emit(EventL2Warning, what, float64(n), msg.New(key, whole("s", m.p.L2.FallbackAfterS)))
	case m.state == StateL2Warning && m.now-m.l2WarnAt >= m.l2FallbackMs:
		m.reason = rawReason{code: ReasonUnavailable, value: secs(m.now - m.l2WarnAt)}
		if m.p.L2.Fallback == L2Stop {
			m.take(edgeL2FallbackStop)
			m.tdAt = m.now
			m.hazards = true
			// China draft: a risk-mitigation stop locks the system too.
			m.lockPending = m.l2LockMs > 0
			m.emit(EventL2Fallback, string(L2Stop), m.mrmDecel(), say("l2_fallback.stop"))
		} else {
			m.emit(EventL2Fallback, string(L2Deactivate), 0, say("l2_fallback.deactivate"))
			m.l2Off(edgeL2FallbackOff)
		}
	}
}

// recordEscalation remembers a warning and returns how many fell within
// the lock window, counting this one.
func (m *Machine) recordEscalation() int {
	if m.nEscal == maxEscalations {
		copy(m.escal[:], m.escal[1:])
		m.nEscal--
	}
	m.escal[m.nEscal] = m.now
	m.nEscal++
	n := 0
	for i := 0; i < m.nEscal; i++ {
		if m.now-m.escal[i] < m.l2WindowMs || m.l2WindowMs == 0 {
			n++
		}
	}
	return n
}
