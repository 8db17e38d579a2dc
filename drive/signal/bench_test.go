package signal_test

import (
	"testing"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/sim"
)

// BenchmarkRead is one read of every signal, as a front end does once
// per step (the inspector, a VISS hub, --signals samples).
func BenchmarkRead(b *testing.B) {
	c := catalogue(b)
	st := rich()
	st.Cabin = cabin.New(cabin.Options{})
	var vals []any
	b.ReportAllocs()
	for b.Loop() {
		vals = c.Read(st, vals)
	}
	_ = vals
}

// BenchmarkSet is one write turned into commands.
func BenchmarkSet(b *testing.B) {
	c := catalogue(b)
	st := &sim.State{Cabin: cabin.New(cabin.Options{})}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Set("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", "67", st); err != nil {
			b.Fatal(err)
		}
	}
}
