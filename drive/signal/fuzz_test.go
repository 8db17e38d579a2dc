package signal_test

import (
	"errors"
	"testing"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// FuzzSet feeds writes of any text to any path: a write never panics, and
// is either refused with a *signal.Error that names the path, or turned
// into commands and a body change.
func FuzzSet(f *testing.F) {
	c := catalogue(f)
	for _, seed := range []struct {
		path, value string
	}{
		{"Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", "50"},
		{"Vehicle.Cabin.Seat.Row1.DriverSide.Position", "1e309"},
		{"Cockpit.World.Visibility", "-0"},
		{"Cockpit.Navigation.Destination", "guomao"},
		{"Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature", "NaN"},
		{"Cockpit.ADAS.Automation.Level", "l3"},
		{"Vehicle.Speed", "1"},
		{"Vehicle", ""},
	} {
		f.Add(seed.path, seed.value)
	}
	st := &sim.State{Cabin: cabin.New(cabin.Options{})}
	f.Fuzz(func(t *testing.T, path, value string) {
		w, err := c.Set(path, value, st)
		if err != nil {
			var se *signal.Error
			if !errors.As(err, &se) || se.Path != path || se.Reason == "" {
				t.Fatalf("%q = %q: %v is not a signal error naming the path", path, value, err)
			}
			return
		}
		if len(w.Commands) == 0 && w.Driver == nil {
			// A seat already where it is asked to be needs no command.
			if sp := c.Spec(mustIndex(t, c, path)); sp.Unit != "mm" && sp.Unit != "degrees" && sp.Unit != "percent" {
				t.Fatalf("%q = %q: accepted and does nothing", path, value)
			}
		}
	})
}

func mustIndex(t *testing.T, c *signal.Catalog, path string) int {
	i, ok := c.Index(path)
	if !ok {
		t.Fatalf("accepted an unknown path %q", path)
	}
	return i
}
