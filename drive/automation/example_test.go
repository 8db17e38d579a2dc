package automation_test

import (
	"fmt"

	"github.com/nevsim/cockpit/drive/automation"
)

// A drive loop calls Step every 50 ms with what the car sees and what the
// driver does, applies the commands and logs the events. Each event says
// what happened as a message (drive/msg): a key with arguments that the
// catalogues in assets/ui put into words.
func Example() {
	m := automation.New(automation.R157())
	odd := automation.ODD{RoadType: "expressway", Divided: true, Markings: "good", VisibilityM: 10000,
		Weather: "clear", SpeedKmh: 90}
	driver := automation.Driver{Seated: true, BeltOn: true, PhoneTask: true}
	var now int64
	step := func(in automation.Input) automation.Output {
		now += 50
		in.NowMs, in.ODD, in.Driver = now, odd, driver
		out := m.Step(in)
		for _, e := range out.Events {
			fmt.Printf("%06.2f s  %-31s %s\n", float64(e.AtMs)/1000, e.Kind, e.Msg)
		}
		return out
	}
	step(automation.Input{EngageRequest: automation.LevelL3})
	for i := 0; i < 100; i++ {
		step(automation.Input{})
	}
	odd.Weather, odd.VisibilityM = "fog", 12 // a fog bank
	for i := 0; i < 90; i++ {
		step(automation.Input{})
	}
	driver = automation.Driver{Seated: true, BeltOn: true, EyesOnRoad: true, HandsOnWheel: true, Steering: true}
	out := step(automation.Input{})
	fmt.Println(out.State, out.Active)
	// Output:
	// 000.05 s  automation.available            automation.available
	// 000.05 s  automation.engaged              automation.engaged.l3(kmh=130)
	// 005.10 s  automation.takeover_requested   automation.takeover_requested(reason=automation.reason.visibility.fog(value=12, limit=50))
	// 009.10 s  automation.takeover_escalated   automation.takeover_escalated(s=6)
	// 009.60 s  automation.takeover             automation.takeover.done(s=4.5)
	// manual false
}
