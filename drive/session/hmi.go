package session

import (
	"math"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/sim"
)

// The HMI's outputs as events, so that a scenario can assert what the
// driver was shown and heard (`event: hmi.tone`), a replay's timeline can
// mark it, and every front end renders the same thing. They are derived
// from the automation's Output after each step (drive/automation decides
// them; the session only reports their changes). They are detail: the
// readable timeline leaves them out unless asked (--verbose).
const (
	// EventHMIAlert: the alert level changed. Subject: none, info, stage1,
	// stage2 (automation.Alert); Value: the seconds left to take over
	// then (0 when there is no countdown).
	EventHMIAlert sim.EventKind = "hmi.alert"
	// EventHMIBanner: the screen is taken (Subject "shown") or given back
	// ("cleared") by a banner that asks the driver to act.
	EventHMIBanner sim.EventKind = "hmi.banner"
	// EventHMITone: the takeover tone starts ("on") or stops ("off").
	EventHMITone sim.EventKind = "hmi.tone"
	// EventHMIHaptic: the seat or wheel vibrates ("on") or stops ("off").
	EventHMIHaptic sim.EventKind = "hmi.haptic"
	// EventHMIScreens: non-driving screens are suspended ("suspended")
	// or come back ("restored").
	EventHMIScreens sim.EventKind = "hmi.screens"
	// EventHMICountdown: the whole seconds the countdown shows changed.
	// Value: the seconds shown.
	EventHMICountdown sim.EventKind = "hmi.countdown"
)

// hmiState is what the HMI showed after the last step.
type hmiState struct {
	alert                         automation.Alert
	banner, tone, haptic, screens bool
	countdown                     int
}

// observeHMI logs the HMI outputs that changed in this step.
func (s *Session) observeHMI(st *sim.State) {
	a := &st.Automation
	if a.Alert == "" && !a.Attention && !a.Tone && !a.Haptic && !a.SuspendScreens && s.hmi == (hmiState{}) {
		return // the usual step: nothing shown, nothing was
	}
	now := hmiState{alert: a.Alert, banner: a.Attention, tone: a.Tone, haptic: a.Haptic, screens: a.SuspendScreens}
	if counting(a) {
		now.countdown = int(math.Ceil(a.BudgetS))
	}
	was := s.hmi
	s.hmi = now
	at := st.Time
	if now.alert != was.alert {
		subject := string(now.alert)
		if subject == "" {
			subject = "none"
		}
		budget := 0.0
		if counting(a) {
			budget = math.Round(a.BudgetS*10) / 10
		}
		s.record(sim.Event{At: at, Kind: EventHMIAlert, Subject: subject, Value: budget, Msg: msg.New("session.hmi.alert", msg.Text("level", subject))})
	}
	s.toggled(at, EventHMIBanner, was.banner, now.banner, "shown", "cleared")
	s.toggled(at, EventHMITone, was.tone, now.tone, "on", "off")
	s.toggled(at, EventHMIHaptic, was.haptic, now.haptic, "on", "off")
	s.toggled(at, EventHMIScreens, was.screens, now.screens, "suspended", "restored")
	if now.countdown != was.countdown && now.countdown > 0 {
		s.record(sim.Event{At: at, Kind: EventHMICountdown, Value: float64(now.countdown),
			Msg: msg.New("session.hmi.countdown", msg.Int("s", now.countdown))})
	}
}

// counting reports whether the HMI shows a countdown: during a request or
// an availability warning, while time is left.
func counting(a *automation.Output) bool {
	return (a.Alert == automation.AlertStage1 || a.Alert == automation.AlertStage2 || a.Attention) && a.BudgetS > 0
}

// toggled logs an HMI output switching on or off; its message key is
// session.<kind>.<subject> (session.hmi.banner.shown).
func (s *Session) toggled(at sim.Millis, kind sim.EventKind, was, now bool, on, off string) {
	if was == now {
		return
	}
	subject := off
	if now {
		subject = on
	}
	s.record(sim.Event{At: at, Kind: kind, Subject: subject, Msg: msg.New("session." + string(kind) + "." + subject)})
}
