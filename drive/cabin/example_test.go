package cabin_test

import (
	"errors"
	"fmt"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/cabin"
)

// The drive loop keeps a cabin.State, applies commands from keys, voice and
// scenarios, and steps it with the simulation clock.
func Example() {
	// The cabin says what it did as messages (drive/msg); the catalogues in
	// assets/ui put them into words.
	tables, _ := i18n.LoadAll(assets.FS())
	en, zh := tables["en"], tables["zh"]
	s := cabin.New(cabin.Options{OutsideTempC: -5, Occupied: [4]bool{true, true}})
	ctx := cabin.Context{OutsideTempC: -5, SpeedKmh: 60, Now: 1_000}

	evs, _ := s.Apply(cabin.SetSeatHeat{Seat: cabin.SeatPassenger, Level: 2}, ctx)
	fmt.Println(en.Render(evs[0].Msg, nil), zh.Render(evs[0].Msg, nil))

	_, err := s.Apply(cabin.SetSeatHeat{Seat: cabin.SeatRearLeft, Level: 2}, ctx)
	var r *cabin.Refusal
	if errors.As(err, &r) {
		fmt.Println(en.Render(r.Msg, nil), zh.Render(r.Msg, nil))
	}

	_, err = s.Apply(cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Backward}, ctx)
	if errors.As(err, &r) {
		fmt.Println(en.Render(r.Msg, nil))
	}

	for _, e := range s.Step(0.05, ctx) {
		fmt.Println(en.Render(e.Msg, nil))
	}
	fmt.Printf("%.2f kW\n", s.PowerKW())
	// Output:
	// Front passenger seat heating at level 2. 副驾座椅加热 2 档。
	// Nobody is sitting in the rear left seat. 左后座椅没有人。
	// The driver's seat fore/aft position cannot be adjusted above 5 km/h: it would move you away from the pedals and wheel.
	// Doors locked: the car is above 15 km/h.
	// 0.06 kW
}
