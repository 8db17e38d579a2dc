package cockpit

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// l3Ready opens the planned-exit drill's drive (no script) with the real
// assistant, driven until L3 is available on the expressway.
func l3Ready(t *testing.T) *Model {
	t.Helper()
	sc := loadDrill(t, "01-planned-exit.yaml")
	m := New(Options{Session: newSession(t, session.Setup{Config: sc.Config, Voice: testVoice(t)}),
		Themes: testAsset.Themes, Tables: testAsset.Tables, Lang: "en", Theme: "day", Paused: true, Width: 120, Height: 40})
	advanceUntil(t, m, 20*60*20, inState(automation.StateAvailable))
	return m
}

// asked counts the questions the car left open past their step: a yes
// already given to the assistant answers the car in the same step.
func asked(m *Model) int {
	n := 0
	log := m.sim.Log()
	for i, ev := range log {
		if ev.Kind != sim.EventConfirmRequested {
			continue
		}
		answered := false
		for _, e := range log[i+1:] {
			answered = answered || e.At == ev.At && e.Kind == sim.EventConfirmAccepted
		}
		if !answered {
			n++
		}
	}
	return n
}

// TestL3ConfirmationHasOneHome: engaging L3 is confirmed once whatever the
// path: by voice (the assistant asks the car's question and confirms for
// the driver), by the L3 button answered by voice, by the button answered
// by key (TestEngageL3AsksToConfirm), by a script (the drills).
func TestL3ConfirmationHasOneHome(t *testing.T) {
	m := l3Ready(t)
	say(m, "engage L3")
	m.advance(1)
	if r := lastReply(m); !strings.Contains(strings.ToLower(r), "sure") || m.State().Automation.Active {
		t.Fatalf("voice must ask before engaging: %q, active %v", r, m.State().Automation.Active)
	}
	say(m, "yes")
	m.advance(1)
	if !m.State().Automation.Active || asked(m) != 0 || m.asking() != sim.ConfirmNone {
		t.Fatalf("yes to the assistant: active %v, the car asked %d times: %q", m.State().Automation.Active, asked(m), lastReply(m))
	}
	press(m, "u") // off
	m.advance(1)
	press(m, "u") // the button: the car asks
	if m.asking() != sim.ConfirmEngageL3 {
		t.Fatal("the L3 button must ask")
	}
	say(m, "no")
	m.advance(1)
	if m.State().Automation.Active || m.asking() != sim.ConfirmNone || !strings.Contains(lastReply(m), "nothing was done") {
		t.Fatalf("no by voice to the car's question: active %v, reply %q", m.State().Automation.Active, lastReply(m))
	}
	ticks(m, 220) // L3 engages again only 20 s after the driver took over
	press(m, "u")
	say(m, "yes")
	m.advance(1)
	if !m.State().Automation.Active || !strings.Contains(lastReply(m), "L3") {
		t.Fatalf("yes by voice to the car's question: state %s, reply %q", m.State().Automation.State, lastReply(m))
	}
	say(m, "yes") // nothing asked any more
	if !strings.Contains(lastReply(m), "nothing to confirm") {
		t.Errorf("a yes with nothing asked: %q", lastReply(m))
	}
}

// TestWindowAtSpeedAsksByVoice: above 80 km/h the assistant asks before
// opening a window, because the car's rule says so; below it, it opens.
func TestWindowAtSpeedAsksByVoice(t *testing.T) {
	m := l3Ready(t)
	advanceUntil(t, m, 20*60*20, func(st *sim.State) bool { return st.Vehicle.SpeedMps*3.6 > 90 })
	say(m, "open the driver's window")
	m.advance(1)
	if m.State().Cabin.Windows.Pos[0] != 0 || !strings.Contains(strings.ToLower(lastReply(m)), "sure") {
		t.Fatalf("at %.0f km/h: window %d %%, reply %q", m.State().Vehicle.SpeedMps*3.6, m.State().Cabin.Windows.Pos[0], lastReply(m))
	}
	say(m, "yes")
	m.advance(1)
	if m.State().Cabin.Windows.Pos[0] == 0 || asked(m) != 0 {
		t.Errorf("after yes: window %d %%, the car asked %d times", m.State().Cabin.Windows.Pos[0], asked(m))
	}
}
