package scenario_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

// valueAt drives a scenario and reads a signal at each of the times.
func valuesAt(t *testing.T, sc *scenario.Scenario, path string, at ...float64) []any {
	t.Helper()
	su := session.ScenarioSetup(sc, session.NoDrill, nil)
	su.Signals = sc.Signals
	s, err := session.New(su)
	if err != nil {
		t.Fatal(err)
	}
	i, ok := sc.Signals.Index(path)
	if !ok {
		t.Fatalf("no signal %s", path)
	}
	var out []any
	for _, a := range at {
		for s.State().Time.Seconds() < a && !s.Over() {
			s.Advance()
		}
		out = append(out, s.ReadSignals(nil)[i])
	}
	return out
}

func TestASetActionWritesASignalWhenItFires(t *testing.T) {
	env := bundledEnv(t)
	src := minimal + `events:
  - at: 5s
    set: {signal: Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling, value: 100}
  - at: 8s
    set: {signal: Cockpit.World.Weather, value: fog}
`
	sc, err := scenario.Parse("s.yaml", []byte(src), env)
	if err != nil {
		t.Fatal(err)
	}
	if got := valuesAt(t, sc, "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", 4, 6); got[0] != 0 || got[1] != 100 {
		t.Fatalf("seat heating at 4 s and 6 s: %v", got)
	}
	if got := valuesAt(t, sc, "Cockpit.World.Weather", 7, 9); got[0] != "CLEAR" || got[1] != "FOG" {
		t.Fatalf("weather at 7 s and 9 s: %v", got)
	}
}

func TestSetActionErrorsSayWhatIsWrongAndWhere(t *testing.T) {
	env := bundledEnv(t)
	for _, tc := range []struct{ set, want string }{
		{"{signal: Vehicle.Speed, value: 100}", "s.yaml:6:19: events[0].set.signal: Vehicle.Speed is a sensor: the simulation computes it"},
		{"{signal: Vehicle.Sped, value: 1}", `events[0].set.signal: no signal "Vehicle.Sped"`},
		{"{signal: Cockpit.World.Weather, value: hail}", "events[0].set.value: expected one of CLEAR, RAIN, FOG, SNOW"},
		{"{signal: Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling, value: .nan}", "events[0].set.value: expected a finite number"},
		{"{signal: Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling, value: 120}", "expected -100 to 100 percent, got 120"},
	} {
		src := minimal + "events:\n  - at: 5s\n    set: " + tc.set + "\n"
		_, err := scenario.Parse("s.yaml", []byte(src), env)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.set, err, tc.want)
		}
	}
}

// A KUKSA CSV-provider file plays as timed writes: a row applies after
// the delays of the rows before it.
func TestAKUKSAFileImportsAsTimedWrites(t *testing.T) {
	env := bundledEnv(t)
	csv := "field,signal,value,delay\n" +
		"target,Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling,100,2\n" +
		"target,Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling,-40,1.5\n" +
		"current,Vehicle.Cabin.Infotainment.Media.Volume,55,0\n"
	fsys := fstest.MapFS{
		"drives/s.yaml":   {Data: []byte(minimal + "signals_csv: {file: demo.csv, at: 10s}\n")},
		"drives/demo.csv": {Data: []byte(csv)},
	}
	sc, err := scenario.Load(fsys, "drives/s.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	got := valuesAt(t, sc, "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling", 9.9, 10.2, 12.2, 13.7)
	if got[0] != 0 || got[1] != 100 || got[2] != -33 || got[3] != -33 {
		t.Fatalf("seat at 9.9, 10.2, 12.2, 13.7 s: %v (want 0, 100, -33, -33)", got)
	}
	if v := valuesAt(t, sc, "Vehicle.Cabin.Infotainment.Media.Volume", 13.7); v[0] != 55 {
		t.Fatalf("volume %v", v)
	}
}

func TestKUKSAFileErrorsNameTheRow(t *testing.T) {
	env := bundledEnv(t)
	for _, tc := range []struct{ csv, want string }{
		{"current,Vehicle.Speed,48,1\n", "demo.csv:1: Vehicle.Speed is a sensor"},
		{"target,Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling,100,1\ntarget,Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling,abc,1\n", "demo.csv:2: expected a number (int8)"},
		{"soon,Cockpit.World.IsNight,true,0\n", `demo.csv:1: field: expected current or target, got "soon"`},
		{"target,Cockpit.World.IsNight,true,-1\n", `demo.csv:1: delay: expected seconds from 0 to 3600, got "-1"`},
		{"target,Cockpit.World.IsNight,true\n", "demo.csv:1: expected 4 columns"},
		{"target,\"Cockpit.World.IsNight,true,0\n", "demo.csv:1: extraneous or missing \" in quoted-field"},
		{"field,signal,value,delay\n", "signals_csv.file: demo.csv has no rows"},
	} {
		fsys := fstest.MapFS{"s.yaml": {Data: []byte(minimal + "signals_csv: {file: demo.csv}\n")}, "demo.csv": {Data: []byte(tc.csv)}}
		_, err := scenario.Load(fsys, "s.yaml", env)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.csv, err, tc.want)
		}
	}
	// A whole car's recording plays its actuators when asked to skip sensors.
	fsys := fstest.MapFS{"s.yaml": {Data: []byte(minimal + "signals_csv: {file: demo.csv, skip_sensors: true}\n")},
		"demo.csv": {Data: []byte("current,Vehicle.Speed,48,1\ntarget,Cockpit.World.IsNight,true,0\n")}}
	if sc, err := scenario.Load(fsys, "s.yaml", env); err != nil || len(sc.Events) != 1 || sc.Events[0].At != 1000 {
		t.Errorf("skip_sensors: %v", err)
	}
	fsys = fstest.MapFS{"s.yaml": {Data: []byte(minimal + "signals_csv: {file: ../etc/passwd}\n")}}
	if _, err := scenario.Load(fsys, "s.yaml", env); err == nil || !strings.Contains(err.Error(), "beside the scenario or below it") {
		t.Errorf("a path out of the folder: %v", err)
	}
	// A FIFO named as the file is refused, not waited on.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte(minimal+"signals_csv: {file: pipe.csv}\n"), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := scenario.Load(os.DirFS(dir), "s.yaml", env); err == nil || !strings.Contains(err.Error(), "pipe.csv is not a regular file") {
		t.Errorf("a FIFO: %v", err)
	}
}

// FuzzKUKSAFile feeds any text as the imported file: the loader never
// panics, and either refuses it or gives one timed write per row.
func FuzzKUKSAFile(f *testing.F) {
	env := bundledEnv(f)
	f.Add("field,signal,value,delay\ntarget,Cockpit.World.IsNight,true,1\n")
	f.Add("current,Vehicle.Cabin.Infotainment.Media.Volume,55,0.5\ncurrent,Vehicle.Speed,1,1\n")
	f.Add("\"\n,,,\n")
	f.Add("target,Cockpit.World.Visibility,1e400,1e400\n")
	f.Fuzz(func(t *testing.T, csv string) {
		fsys := fstest.MapFS{"s.yaml": {Data: []byte(minimal + "signals_csv: {file: demo.csv}\n")}, "demo.csv": {Data: []byte(csv)}}
		sc, err := scenario.Load(fsys, "s.yaml", env)
		if err != nil {
			return
		}
		rows := strings.Count(strings.TrimSpace(csv), "\n") + 1
		if n := len(sc.Events); n == 0 || n > rows {
			t.Fatalf("%d events from %d lines", n, rows)
		}
		for _, ev := range sc.Events {
			if len(ev.Sets) != 1 || ev.At < 0 {
				t.Fatalf("an event %+v", ev)
			}
		}
	})
}

// The 2025 SU7 recall's fault switched on mid-manoeuvre: the plausibility
// check sees the late obstacle data and the assist stops at once.
func TestParkingFaultSwitchedMidManoeuvre(t *testing.T) {
	env := bundledEnv(t)
	src, err := fs.ReadFile(assets.FS(), "scenarios/parking/apa-supermarket.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	text = text[:strings.Index(text, "expect:")] + `  - after: {event: parking.started, delay: 2s}
    set: {signal: Cockpit.ADAS.Parking.Safety.SensorDelay, value: 0.8}
expect:
  - event: parking.sensor_fault
    after: parking.started
    within: 4s
  - event: parking.aborted
    subject: sensor_fault
  - never: collision
  - never: parking.done
`
	sc, err := scenario.Parse("mid-fault.yaml", []byte(text), env)
	if err != nil {
		t.Fatal(err)
	}
	su := session.ScenarioSetup(sc, session.NoDrill, nil)
	su.Signals = sc.Signals
	s, err := session.New(su)
	if err != nil {
		t.Fatal(err)
	}
	res := s.RunToEnd(nil)
	for _, c := range res.Checks {
		if !c.Passed {
			t.Errorf("line %d: %s", c.Line, c.What)
		}
	}
}
