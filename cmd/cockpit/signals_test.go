package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSignalsListsTheCatalogue(t *testing.T) {
	code, out, errs := runCLI(t, "signals")
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Vehicle.Speed ", "sensor", "km/h", "Vehicle.Cabin.Seat.Row2.PassengerSide.HeatingCooling", "actuator", "Cockpit.ADAS.Automation.State", "signals ("} {
		if !strings.Contains(out, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	// A branch, a wildcard and a word each narrow the list.
	for pattern, n := range map[string]int{"Vehicle.Cabin.Seat.*.*.IsOccupied": 4, "Vehicle.Speed": 1, "heatingcooling": 4} {
		code, out, _ := runCLI(t, "signals", pattern, "--json")
		if code != exitOK {
			t.Fatalf("%s: exit %d", pattern, code)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != n {
			t.Errorf("%s: %d signals, want %d", pattern, len(lines), n)
		}
		for _, l := range lines {
			var s specJSON
			if err := json.Unmarshal([]byte(l), &s); err != nil || s.Path == "" || s.Type == "" || s.Description == "" {
				t.Errorf("%s: %q: %v", pattern, l, err)
			}
		}
	}
	if code, _, errs := runCLI(t, "signals", "Vehicle.Spede"); code != exitFailed || !strings.Contains(errs, `no signal matches "Vehicle.Spede"`) {
		t.Errorf("an unknown pattern: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "signals", "a", "b"); code != exitInvalid || !strings.Contains(errs, "one PATTERN") {
		t.Errorf("two patterns: exit %d, %q", code, errs)
	}
}

func TestRunAddsSignalSamplesToTheTimeline(t *testing.T) {
	code, out, errs := runCLI(t, "run", "airport-run", "--json", "--signals", "Vehicle.Speed", "--every", "30s")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	samples := 0
	last := -1.0
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, `"kind":"signals"`) {
			continue
		}
		var s struct {
			T      float64            `json:"t"`
			Values map[string]float64 `json:"values"`
		}
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if _, ok := s.Values["Vehicle.Speed"]; !ok || len(s.Values) != 1 {
			t.Fatalf("a sample holds %v", s.Values)
		}
		if last >= 0 && s.T-last < 29.9 {
			t.Fatalf("samples %.1f s apart", s.T-last)
		}
		last = s.T
		samples++
	}
	if samples < 20 {
		t.Fatalf("%d samples of a half-hour drive at 30 s", samples)
	}
	// The readable timeline shows a value when it changes.
	_, out, _ = runCLI(t, "run", "airport-run", "--signals", "Cockpit.Powertrain.Transmission.Gear", "--every", "1s")
	if !strings.Contains(out, "signals               Cockpit.Powertrain.Transmission.Gear = ") {
		t.Fatalf("no gear sample in the timeline:\n%.2000s", out)
	}
	for _, bad := range [][]string{
		{"--signals", "Vehicle.Speed", "--every", "20ms"},
		{"--signals", "Vehicle.Speed", "--every", "soon"},
		{"--every", "1s"},
		{"--signals", "Nothing.Like.This"},
	} {
		args := append([]string{"run", "airport-run"}, bad...)
		if code, _, errs := runCLI(t, args...); code != exitInvalid || errs == "" {
			t.Errorf("%v: exit %d, %q", bad, code, errs)
		}
	}
}

// A run's signals exported as a KUKSA CSV file play back as another
// scenario's writes: the same values at the same instants (a value read
// and written back selects the same level).
func TestSignalsExportAndImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	const base = "vehicle: xiaomi-su7\nstart: {place: home}\ndestination: {place: work}\nlimit: 30s\n"
	const heat = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
	a := filepath.Join(dir, "a.yaml")
	os.WriteFile(a, []byte(base+"events:\n  - at: 5s\n    set: {signal: "+heat+", value: 100}\n  - at: 12s\n    set: {signal: "+heat+", value: -40}\n"), 0o644)
	if code, _, errs := runCLI(t, "run", a, "--quiet", "--signals", heat, "--every", "100ms", "--signals-out", filepath.Join(dir, "a.csv")); code != exitOK {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	b := filepath.Join(dir, "b.yaml")
	os.WriteFile(b, []byte(base+"signals_csv: {file: a.csv}\n"), 0o644)
	if code, _, errs := runCLI(t, "run", b, "--quiet", "--signals", heat, "--every", "100ms", "--signals-out", filepath.Join(dir, "b.jsonl")); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	csvData, _ := os.ReadFile(filepath.Join(dir, "a.csv"))
	want := "field,signal,value,delay\ncurrent," + heat + ",0,5\ncurrent," + heat + ",100,7\ncurrent," + heat + ",-33,0\n"
	if string(csvData) != want {
		t.Fatalf("the export:\n%s\nwant:\n%s", csvData, want)
	}
	lines, _ := os.ReadFile(filepath.Join(dir, "b.jsonl"))
	wantB := `{"t":0.05,"signal":"` + heat + `","value":0}` + "\n" +
		`{"t":5.05,"signal":"` + heat + `","value":100}` + "\n" +
		`{"t":12.05,"signal":"` + heat + `","value":-33}` + "\n"
	if string(lines) != wantB {
		t.Fatalf("the import's signals:\n%s\nwant:\n%s", lines, wantB)
	}
	// Never over a file without --force, nor over anything but a file.
	if code, _, errs := runCLI(t, "run", a, "--quiet", "--signals", heat, "--signals-out", filepath.Join(dir, "a.csv")); code != exitInvalid || !strings.Contains(errs, "add --force") {
		t.Errorf("an existing file: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "run", a, "--quiet", "--signals", heat, "--signals-out", "/dev/null", "--force"); code != exitInvalid || !strings.Contains(errs, "not a regular file") {
		t.Errorf("a device: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "run", a, "--quiet", "--signals-out", filepath.Join(dir, "c.csv")); code != exitInvalid || !strings.Contains(errs, "--signals PATTERN") {
		t.Errorf("no pattern: exit %d, %q", code, errs)
	}
}
