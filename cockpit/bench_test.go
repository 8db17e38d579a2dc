package cockpit

import (
	"os"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// BenchmarkView renders the full 200×60 screen while driving (target
// ≤ 2 ms per frame).
func BenchmarkView(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		b.Run(lang, func(b *testing.B) {
			m := demoModel(b, lang, "night", 200, 60)
			b.ReportAllocs()
			for b.Loop() {
				m.advance(stepsPerTick)
				_ = m.View()
			}
		})
	}
}

// BenchmarkTick is one 10× tick of simulation and bookkeeping, without
// rendering.
func BenchmarkTick(b *testing.B) {
	m := demoModel(b, "en", "night", 200, 60)
	b.ReportAllocs()
	for b.Loop() {
		m.advance(stepsPerTick * 10)
	}
}

type countWriter struct{ n atomic.Int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

// TestBytesPerFrame measures what the terminal receives while driving at
// 1× for 5 s of wall time at 120×40 in true colour: the renderer diffs
// cells, so a frame costs only what changed. Set COCKPIT_BENCH=1 to run.
func TestBytesPerFrame(t *testing.T) {
	if os.Getenv("COCKPIT_BENCH") == "" {
		t.Skip("set COCKPIT_BENCH=1 to measure bytes per frame")
	}
	for _, lang := range []string{"en", "zh"} {
		m := demoModel(t, lang, "night", 120, 40)
		m.paused = false
		out := &countWriter{}
		var tickN atomic.Int64
		count := func(_ tea.Model, msg tea.Msg) tea.Msg {
			if _, ok := msg.(tickMsg); ok {
				tickN.Add(1)
			}
			return msg
		}
		p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(out), tea.WithWindowSize(120, 40),
			tea.WithColorProfile(colorprofile.TrueColor), tea.WithoutSignals(), tea.WithFilter(count))
		done := make(chan struct{})
		go func() { _, _ = p.Run(); close(done) }()
		time.Sleep(time.Second) // first full frame
		first := out.n.Load()
		ticks0 := tickN.Load()
		time.Sleep(5 * time.Second)
		bytes := out.n.Load() - first
		p.Quit()
		<-done
		ticks := tickN.Load() - ticks0
		t.Logf("%s: first frame %d B; %d ticks in 5 s, %d B, %.0f B per tick", lang, first, ticks, bytes, float64(bytes)/float64(max(ticks, int64(1))))
	}
}

// BenchmarkInspectorView renders the Signals panel at 200×60 while driving
// with four pins a minute old and the cabin's seats unfolded (target
// ≤ 1 ms for the panel): "panel" is the inspector's View alone, from the
// values cached at the last step; "screen" the whole frame with it;
// "step+screen" adds the tick that reads the values (once, not per frame).
func BenchmarkInspectorView(b *testing.B) {
	for _, lang := range []string{"en", "zh"} {
		m := demoModel(b, lang, "night", 200, 60)
		press(m, "6")
		for _, p := range []string{"Vehicle.Speed", "Vehicle.Powertrain.TractionBattery.CurrentPower", "Vehicle.Acceleration.Longitudinal", "Vehicle.IsMoving"} {
			if !m.insp.Select(p) {
				b.Fatalf("no %s", p)
			}
			press(m, "p")
		}
		for _, p := range []string{"Vehicle.Cabin", "Vehicle.Cabin.Seat", "Vehicle.Cabin.Seat.Row1", "Vehicle.Cabin.Seat.Row1.DriverSide"} {
			m.insp.Select(p)
			press(m, "right")
		}
		ticks(m, 600) // a minute: full sparklines
		iw, ih := m.signalsSize()
		b.Run(lang+"/panel", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = m.insp.View(&m.ctx, iw, ih)
			}
		})
		b.Run(lang+"/screen", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
		b.Run(lang+"/step+screen", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.advance(stepsPerTick)
				_ = m.View()
			}
		})
	}
}
