package hmi_test

import (
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/hmi"
)

// The shipped file is today's HMI: its signals are the machine's defaults
// and its timings every shipped preset's, so a drive with it is the drive
// without it.
func TestDefaultIsTodaysHMI(t *testing.T) {
	h, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.Signals(), automation.DefaultSignals(); got != want {
		t.Errorf("signals %+v, want the machine's defaults %+v", got, want)
	}
	presets, err := automation.LoadPresets(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	for id, p := range presets {
		if p.TakeoverBudgetS != h.TakeoverBudgetS.Value || p.EscalateS != h.EscalateS.Value {
			t.Errorf("preset %s: budget %g escalate %g, the shipped HMI %g %g", id, p.TakeoverBudgetS, p.EscalateS,
				h.TakeoverBudgetS.Value, h.EscalateS.Value)
		}
	}
	if r := automation.R157(); r.TakeoverBudgetS != h.TakeoverBudgetS.Value || r.EscalateS != h.EscalateS.Value {
		t.Errorf("automation.R157 timings differ from the shipped HMI")
	}
	for _, st := range []*hmi.Stage{&h.Stage1, &h.Stage2} {
		if !st.Visual || !st.Auditory {
			t.Errorf("a request stage without visual and auditory: %+v", st)
		}
	}
	if h.Stage1.Haptic || !h.Stage2.Haptic {
		t.Errorf("haptic: stage 1 %v, stage 2 %v; want false, true", h.Stage1.Haptic, h.Stage2.Haptic)
	}
	if h.Name == "" || len(h.Digest) != 64 {
		t.Errorf("name %q digest %q", h.Name, h.Digest)
	}
}
