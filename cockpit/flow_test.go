package cockpit

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/nevsim/cockpit/drive/sim"
)

// TestFlowVoiceChangesDriveMode runs the real program loop on an
// in-memory terminal: the clock runs, the driver says "sport mode", the
// car changes mode, the driver quits.
func TestFlowVoiceChangesDriveMode(t *testing.T) {
	m := newTestModel(t, "en", "night", 120, 40)
	m.paused = false
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "Demo drive")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Type("sport mode")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "Drive mode: sport") // the drive loop's event, so a step ran
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if final.State().DriveMode != sim.DriveSport {
		t.Errorf("drive mode %s, want sport", final.State().DriveMode)
	}
	if final.State().Time == 0 {
		t.Error("the clock never ran")
	}
}

// TestFlowNavigateInChinese searches a destination in Chinese from the
// voice bar and starts guidance there.
func TestFlowNavigateInChinese(t *testing.T) {
	m := newTestModel(t, "zh", "day", 100, 30)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	tm.Type("导航到北京南站")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "北京南站")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if got := final.State().Destination; got != "beijing-south-station" {
		t.Errorf("destination %q, want beijing-south-station", got)
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}
