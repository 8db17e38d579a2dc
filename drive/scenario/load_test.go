package scenario_test

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

const minimal = `vehicle: xiaomi-su7
start: {place: home}
destination: {place: work}
`

func TestLoadErrorsNameFileLineFieldAndWhatWasExpected(t *testing.T) {
	env := bundledEnv(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{"unknown vehicle lists the valid ones", "vehicle: tesla\nstart: {place: home}\n",
			[]string{"s.yaml:1:10: vehicle: unknown vehicle \"tesla\"; valid: ", "xiaomi-su7", "xpeng-g6"}},
		{"unknown place lists the valid ones", "vehicle: xiaomi-su7\nstart: {place: moon}\n",
			[]string{"s.yaml:2:16: start.place: unknown place \"moon\"; valid: ", "daxing-airport", "home"}},
		{"wrong type", "vehicle: xiaomi-su7\nseed: abc\nstart: {place: home}\n",
			[]string{"s.yaml:2:7: seed: expected a whole number, got \"abc\""}},
		{"unknown field", "vehicle: xiaomi-su7\nstart: {place: home}\nweather: fog\n",
			[]string{"s.yaml:3:1: weather: unknown field \"weather\""}},
		{"bad time of day", "vehicle: xiaomi-su7\nstart: {place: home, time: \"25:00\"}\n",
			[]string{"start.time: expected a time of day like \"07:30\", got \"25:00\""}},
		{"soc out of range", "vehicle: xiaomi-su7\nstart: {place: home, soc: 120}\n",
			[]string{"start.soc: expected a percentage 0-100, got 120"}},
		{"fuel for a BEV", "vehicle: xiaomi-su7\nstart: {place: home, fuel: 50}\n",
			[]string{"start.fuel: Xiaomi SU7 is a battery-electric car and has no fuel tank"}},
		{"two triggers", minimal + "events:\n  - at: 1m\n    at_distance: 2km\n    note: hi\n",
			[]string{"s.yaml:5:7: events[0]: needs exactly one trigger"}},
		{"no action", minimal + "events:\n  - at: 1m\n",
			[]string{"events[0]: needs exactly one action"}},
		{"bad duration", minimal + "events:\n  - at: soon\n    note: hi\n",
			[]string{"s.yaml:5:9: events[0].at: expected a duration like 90s, 5m or 1h30m, got \"soon\""}},
		{"bad distance", minimal + "events:\n  - at_distance: far\n    note: hi\n",
			[]string{"events[0].at_distance: expected a distance like 800m or 12.5km, got \"far\""}},
		{"unknown weather", minimal + "events:\n  - at: 1m\n    weather: {kind: hail}\n",
			[]string{"events[0].weather.kind: unknown weather \"hail\"; valid: clear, rain, fog, snow"}},
		{"unknown incident", minimal + "events:\n  - at: 1m\n    incident: {kind: flood}\n",
			[]string{"events[0].incident.kind: unknown incident \"flood\""}},
		{"unknown obstacle", minimal + "events:\n  - at: 1m\n    obstacle: {kind: cow}\n",
			[]string{"s.yaml:6:22: events[0].obstacle.kind: expected car, debris or pedestrian, got \"cow\""}},
		{"obstacle too fast", minimal + "events:\n  - at: 1m\n    obstacle: {kind: car, speed_kmh: .nan}\n",
			[]string{"events[0].obstacle.speed_kmh: expected 0 to 130 km/h, got NaN"}},
		{"expectation without form", minimal + "expect:\n  - subject: x\n",
			[]string{"expect[0]: needs exactly one of event, never, end, speed or drill, found 0"}},
		{"within without after", minimal + "expect:\n  - event: arrived\n    within: 10s\n",
			[]string{"expect[0].within: within needs after"}},
		{"avoid", "vehicle: xiaomi-su7\nstart: {place: home}\ndestination: {place: work, avoid: [ferries]}\n",
			[]string{"destination.avoid[0]: expected tolls or expressways, got \"ferries\""}},
		{"YAML syntax", "vehicle: [xiaomi\n", []string{"s.yaml:1:", "YAML syntax"}},
		{"missing vehicle", "start: {place: home}\n", []string{"s.yaml: vehicle: missing: name a vehicle profile"}},
		{"several problems at once", "vehicle: tesla\nstart: {place: moon, soc: -1}\n",
			[]string{"vehicle: unknown vehicle", "start.place: unknown place", "start.soc: expected a percentage"}},
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

func TestLoadBuildsTheDrive(t *testing.T) {
	env := bundledEnv(t)
	src := `name: Test
vehicle: xpeng-x9-erev
seed: 5
start: {place: home, time: "17:30", soc: 40, fuel: 25}
destination: {place: daxing-airport, avoid: [tolls], via: [mall]}
conditions: {weather: rain, intensity: 0.5, traffic: heavy, light: night}
driver: {reaction_s: 0.9, attention: distracted, hands_on_wheel: false}
limit: 2h
events:
  - after: {event: driver.hands_off, delay: 3s}
    driver: {hands_on_wheel: true}
expect:
  - event: arrived
    between: [10m, 2h]
  - end: {arrived: true, fuel_min: 5}
`
	sc, err := scenario.Parse("s.yaml", []byte(src), env)
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Config
	if c.Profile.ID != "xpeng-x9-erev" || c.Seed != 5 || c.StartClockS != 17.5*3600 || c.SoC != 0.4 || c.FuelFraction != 0.25 {
		t.Errorf("start: %+v", c)
	}
	if !c.RouteOptions.AvoidTolls || len(c.Via) != 1 || c.Via[0] != "mall" {
		t.Errorf("route: %+v via %v", c.RouteOptions, c.Via)
	}
	if c.Weather.Kind != sim.WeatherRain || c.TrafficScale != 1.6 || !c.NightSet || !c.Night {
		t.Errorf("conditions: %+v", c)
	}
	if !c.Driver.Distracted || c.Driver.ReactionS != 0.9 || sc.Initial.HandsOnWheel {
		t.Errorf("driver: %+v %+v", c.Driver, sc.Initial)
	}
	if sc.Limit != 2*3600_000 || len(sc.Events) != 1 || len(sc.Expect) != 2 {
		t.Errorf("limit %v, %d events, %d expectations", sc.Limit, len(sc.Events), len(sc.Expect))
	}
	if sc.Events[0].Line != 10 || sc.Expect[1].Line != 15 {
		t.Errorf("lines: event %d, expectation %d", sc.Events[0].Line, sc.Expect[1].Line)
	}
}

func TestScriptedDriverAndExpectationsWork(t *testing.T) {
	env := bundledEnv(t)
	src := minimal + `start: {place: home, time: "11:00"}
events:
  - at: 30s
    driver: {hands_on_wheel: false}
  - after: {event: driver.hands_off, delay: 4s}
    driver: {hands_on_wheel: true}
  - at: 2m
    driver: {brake: 1, for: 3s}
expect:
  - event: driver.hands_on
    after: driver.hands_off
    within: 5s
  - event: driver.hands_on
    after: driver.hands_off
    within: 3s
  - event: brake.harsh
    between: [2m, 2m10s]
  - never: collision
  - event: driver.hands_off
    count: 1
  - speed: {max_kmh: 1, between: [2m3s, 2m3s]}
`
	src = strings.Replace(src, "start: {place: home}\n", "", 1)
	sc, err := scenario.Parse("s.yaml", []byte(src), env)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := session.Run(sc, session.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []bool{true, false, true, true, true, true}
	for i, c := range res.Checks {
		if c.Passed != want[i] {
			t.Errorf("check %d (%s): passed=%v, want %v (%s)", i, c.What, c.Passed, want[i], c.Detail)
		}
	}
	if res.Passed {
		t.Error("the run passed although one expectation fails")
	}
}

type echoVoice struct{ heard []string }

func (v *echoVoice) Hear(text string, st *sim.State) session.Heard {
	v.heard = append(v.heard, text)
	return session.Heard{Text: text, Commands: []sim.Command{sim.SetWeather{Weather: sim.Weather{Kind: sim.WeatherSnow}}}}
}

func (v *echoVoice) Reply(h session.Heard, evs []sim.Event, st *sim.State) session.Reply {
	return session.Reply{Text: "OK"}
}

func (v *echoVoice) See([]session.Label) {}

func TestSayGoesThroughTheVoiceAndActsOnTheCar(t *testing.T) {
	env := bundledEnv(t)
	sc, err := scenario.Parse("s.yaml", []byte(minimal+"limit: 2m\nevents:\n  - at: 10s\n    say: make it snow\n"), env)
	if err != nil {
		t.Fatal(err)
	}
	v := &echoVoice{}
	res, _, err := session.Run(sc, session.RunOptions{Voice: v})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.heard) != 1 || v.heard[0] != "make it snow" {
		t.Errorf("voice heard %v", v.heard)
	}
	var said, replied, snowed bool
	for _, ev := range res.Events {
		said = said || ev.Kind == scenario.EventSaid && ev.At == 10_000
		replied = replied || ev.Kind == scenario.EventReply
		snowed = snowed || ev.Kind == sim.EventWeatherChanged && ev.Subject == "snow"
	}
	if !said || !replied || !snowed {
		t.Errorf("said=%v replied=%v snowed=%v", said, replied, snowed)
	}
	if res.Final.Conditions.Weather.Kind != sim.WeatherSnow {
		t.Error("the utterance's command did not reach the car")
	}
}

// FuzzLoadScenario feeds arbitrary bytes to the loader: it must return a
// scenario or an error, never panic, and stay fast (files are capped).
func FuzzLoadScenario(f *testing.F) {
	env := bundledEnv(f)
	for _, n := range []string{"scenarios/airport-run.yaml", "scenarios/commute.yaml", "scenarios/fog-expressway.yaml"} {
		data, err := assets.FS().(interface{ ReadFile(string) ([]byte, error) }).ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(minimal + "events:\n  - after: {event: x, delay: -1s}\n    cut_in: {gap: 0}\n"))
	f.Add([]byte("vehicle: &a xiaomi-su7\nstart: *a\n"))
	f.Add([]byte("{}"))
	// issue 16: values that meant nothing
	f.Add([]byte(minimal + "driver: {reaction_s: .nan}\nlimit: 100000000h\nname: \"\\e[31m\"\nexpect:\n  - never: colision\n  - drill: {min_score: .inf}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.Parse("fuzz.yaml", data, env)
		if err == nil && sc == nil {
			t.Fatal("no scenario and no error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
