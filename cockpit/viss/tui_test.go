package viss_test

import (
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/viss"
	"github.com/nevsim/cockpit/drive/sim"
)

// TestCockpitStepsTheHub: the cockpit (the TUI's model) is a front end of
// the hub like `cockpit run --realtime`: a write queued before its steps
// reaches the car in them, and the values it serves are the drive's.
func TestCockpitStepsTheHub(t *testing.T) {
	r := newRig(t, viss.Config{})
	ui, err := cockpit.LoadAssets(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, r.hub.URL())
	c.sendRaw(`{"action":"set","path":"` + seatDriver + `","value":"100","requestId":"tui"}`)
	waitQueued(t, r.hub, 1)
	before := r.hub.Published()
	// Preroll steps the drive inside New, as ticks do afterwards, with
	// no terminal and no clock.
	m := cockpit.New(cockpit.Options{Session: r.s, Themes: ui.Themes, Tables: ui.Tables, Paused: true,
		Preroll: 20 * sim.Step, Signals: r.hub})
	if m.State().Time < 20*sim.Step {
		t.Fatalf("the preroll did not run: %v", m.State().Time)
	}
	if ok := c.read(); ok.RequestID != "tui" || ok.Error != nil {
		t.Fatalf("the cockpit's step did not answer the write: %s", ok.raw)
	}
	if got := r.hub.Published() - before; got < 20 {
		t.Errorf("%d snapshots for 20 steps", got)
	}
	m2 := c.reply(`{"action":"get","path":"Vehicle.Speed","requestId":"v"}`)
	if d := m2.data(t); d[0].DP.Value != r.value("Vehicle.Speed") {
		t.Errorf("served %s, the drive has %s", d[0].DP.Value, r.value("Vehicle.Speed"))
	}
	if r.value(seatDriver) != "100" {
		t.Errorf("the seat heating reads %s", r.value(seatDriver))
	}
}
