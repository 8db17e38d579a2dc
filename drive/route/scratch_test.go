package route

import (
	"fmt"
	"os"
	"testing"

	"github.com/nevsim/cockpit/drive/world"
)

func TestScratch(t *testing.T) {
	m, err := world.LoadDefault(os.DirFS("../../assets"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a, b string
		o    Options
	}{{"home", "work", Options{}}, {"home", "daxing-airport", Options{}}, {"home", "daxing-airport", Options{AvoidTolls: true}}, {"home", "daxing-airport", Options{AvoidExpressways: true}}, {"work", "home", Options{}}} {
		pa, _ := m.Place(c.a)
		pb, _ := m.Place(c.b)
		r, err := Plan(m, pa.Node, pb.Node, c.o, nil)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%s->%s %+v: %.1f km %.1f min toll %.0f\n", c.a, c.b, c.o, r.LengthM/1000, r.DriveS/60, r.TollCNY)
		for _, s := range r.Segments {
			fmt.Printf("   %-14s %-28s %6.0f m %5.0f km/h  %-12s delay %.0f\n", s.Road.ID, s.Road.NameEN, s.LengthM, s.PlannedKmh, s.Maneuver, s.DelayS)
		}
	}
}
