package scenario_test

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

const inGarage = `vehicle: xiaomi-su7
start:
  place: mall-garage
  parking: {area: mall-garage, x: 1.5, y: -1.02}
`

func TestParkingFieldErrorsNameLineAndField(t *testing.T) {
	env := bundledEnv(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{"unknown car park", "vehicle: xiaomi-su7\nstart: {parking: {area: moon, x: 1, y: 1}}\n",
			[]string{"s.yaml:2:", "start.parking.area: unknown car park \"moon\"; valid: mall-garage, supermarket-lot"}},
		{"occupied start slot", "vehicle: xiaomi-su7\nstart: {parking: {area: mall-garage, slot: \"1\"}}\n",
			[]string{"start.parking.slot: slot 1 of mall-garage is occupied; free slots: 3, 7"}},
		{"pose and slot", "vehicle: xiaomi-su7\nstart: {parking: {area: mall-garage, slot: \"3\", x: 1}}\n",
			[]string{"start.parking: give either a slot or a pose"}},
		{"start place elsewhere", "vehicle: xiaomi-su7\nstart: {place: home, parking: {area: mall-garage, slot: \"3\"}}\n",
			[]string{"start.place: the car starts in mall-garage: start.place must be mall-garage"}},
		{"bad park word", inGarage + "events:\n  - at: 1s\n    park: fly\n",
			[]string{"s.yaml:7:11: events[0].park: expected search, confirm", "got \"fly\""}},
		{"bad select", inGarage + "events:\n  - at: 1s\n    park: {select: 0}\n",
			[]string{"events[0].park.select: expected a slot number from 1"}},
		{"bad side", inGarage + "events:\n  - at: 1s\n    park: {select_side: up}\n",
			[]string{"events[0].park.select_side: expected left or right, got up"}},
		{"unknown slot", inGarage + "events:\n  - at: 1s\n    park: {slot: \"99\"}\n",
			[]string{"events[0].park.slot: mall-garage has no slot \"99\""}},
		{"park_drive wrong aisle", inGarage + "events:\n  - at: 1s\n    park_drive: {aisle: B, past_slot: \"3\"}\n",
			[]string{"events[0].park_drive.aisle: slot 3 is on aisle A, not B"}},
		{"park_drive too fast", inGarage + "events:\n  - at: 1s\n    park_drive: {past_slot: \"3\", speed_kmh: 40}\n",
			[]string{"events[0].park_drive.speed_kmh: expected 1 to 29, got 40"}},
		{"pedestrian nowhere", inGarage + "events:\n  - at: 1s\n    pedestrian: {id: kid}\n",
			[]string{"events[0].pedestrian: needs ahead_on_path_m, or x and y"}},
		{"phone command", inGarage + "events:\n  - at: 1s\n    phone: {command: fly}\n",
			[]string{"events[0].phone.command: expected park, park_out or cancel, got \"fly\""}},
		{"config range", inGarage + "parking: {sensor_delay_s: 9}\n",
			[]string{"parking.sensor_delay_s: expected 0 to 5, got 9"}},
		{"end gear", inGarage + "expect:\n  - end: {gear: N}\n",
			[]string{"expect[0].end.gear: expected P, D or R, got \"N\""}},
		{"end state", inGarage + "expect:\n  - end: {parking: parked}\n",
			[]string{"expect[0].end.parking: expected idle, searching"}},
		{"steer torque", inGarage + "events:\n  - at: 1s\n    driver: {steer_nm: 50}\n",
			[]string{"events[0].driver.steer_nm: expected a steering torque from -20 to 20 Nm, got 50"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenario.Parse("s.yaml", []byte(c.src), env)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

func TestParkingFieldsBuildTheDrive(t *testing.T) {
	env := bundledEnv(t)
	sc, err := scenario.Parse("s.yaml", []byte(inGarage+`parking: {sensor_delay_s: 0.8, hold_to_move: false}
events:
  - at: 1s
    park: search
  - at: 2s
    park: {select: 3}
  - at: 3s
    park: {select_side: right}
  - at: 4s
    park_drive: {aisle: A, past_slot: "3"}
  - at: 5s
    pedestrian: {id: kid, x: 10, y: -1, for: 5s}
  - at: 6s
    phone: {command: park_out, held: true, distance_m: 3}
  - at: 7s
    driver: {steer_nm: 4, for: 1s}
expect:
  - end: {parking: done, gear: P, parking_brake: true}
`), env)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Config
	if !c.ParkOnArrival || c.StartParking == nil || c.StartParking.Area != "mall-garage" || c.StartParking.Y != -1.02 {
		t.Errorf("start: %+v, park on arrival %v", c.StartParking, c.ParkOnArrival)
	}
	if c.Parking == nil || c.Parking.SensorDelayS != 0.8 || c.Parking.HoldToMove || !c.Parking.PlausibilityCheck {
		t.Errorf("config: %+v", c.Parking)
	}
	want := []sim.Command{sim.ParkSearch{}, sim.ParkSelect{Number: 3}, sim.ParkSelect{Side: parking.Right},
		sim.ParkDrive{Aisle: "A", PastSlot: "3"}, sim.AddPedestrian{ID: "kid", X: 10, Y: -1, Duration: 5000}}
	for i, w := range want {
		if len(sc.Events[i].Commands) != 1 || sc.Events[i].Commands[0] != w {
			t.Errorf("event %d: %#v, want %#v", i, sc.Events[i].Commands, w)
		}
	}
	if p := sc.Events[5].Phone; p == nil || p.Command != parking.RemoteParkOut || p.Held == nil || !*p.Held {
		t.Errorf("phone: %+v", p)
	}
	if d := sc.Events[6].Driver; d == nil || d.SteerNm == nil || *d.SteerNm != 4 {
		t.Errorf("steer: %+v", d)
	}
}

// A phone action's omitted held or distance keeps the previous one's.
func TestPhoneLevelsStayUntilChanged(t *testing.T) {
	env := bundledEnv(t)
	sc, err := scenario.Parse("s.yaml", []byte(inGarage+`events:
  - at: 1s
    phone: {command: park_out, held: true, distance_m: 3}
  - at: 2s
    phone: {held: false}
`), env)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	script := scenario.NewScript(sc)
	driver := sc.Initial
	var got []sim.RemotePark
	for s.State().Time < 3000 {
		in, _ := script.Next(s.State(), &driver)
		for _, c := range in.Commands {
			if r, ok := c.(sim.RemotePark); ok {
				got = append(got, r)
			}
		}
		s.Step(in)
	}
	want := []sim.RemotePark{{Command: parking.RemoteParkOut, Held: true, DistanceM: 3}, {Held: false, DistanceM: 3}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("phone commands %+v, want %+v", got, want)
	}
}
