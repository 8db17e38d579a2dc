package scenario_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

// airportRun is the bundled airport run with one line replaced: the
// defects of issue 16 were found by editing it so.
func airportRun(t *testing.T, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../assets/scenarios/airport-run.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("airport-run.yaml no longer has %q", old)
	}
	return []byte(strings.Replace(string(data), old, new, 1))
}

// Each of these ran on main and exited 0 or 1, as if the drive had been
// judged; each is a mistake in the file and must be refused at load (exit 2)
// with the position and what was wrong.
func TestValuesThatMeanNothingAreRefusedAtLoad(t *testing.T) {
	env := bundledEnv(t)
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"NaN reaction time", "reaction_s: 1.1", "reaction_s: .nan",
			[]string{"s.yaml:18:15: driver.reaction_s: expected a number from 0.2 to 10 s, got .nan"}},
		{"NaN speed bound", "  - never: collision", "  - speed: {max_kmh: .nan, between: [0s, 10m]}",
			[]string{"expect[3].speed.max_kmh: expected a number from 0 to 450 km/h, got .nan"}},
		{"infinite max_decel", "min_ttc_s: 1.5}", "min_ttc_s: 1.5, max_decel: .inf}",
			[]string{"expect[5].end.max_decel: expected a number from 0 to 50 m/s², got .inf"}},
		{"a typo in never", "never: collision", "never: colision",
			[]string{"s.yaml:36:12: expect[3].never: unknown event kind \"colision\" (did you mean collision?)"}},
		{"a typo in an after trigger", "event: traffic.cut_in, delay", "event: traffic.cutin, delay",
			[]string{"events[3].after.event: unknown event kind \"traffic.cutin\" (did you mean traffic.cut_in?)"}},
		{"a driver subject that never happens", "never: collision", "never: driver.hands_of",
			[]string{"expect[3].never: unknown subject of driver \"hands_of\" (did you mean hands_on?)"}},
		// a subject of a closed set, misspelt: `event:` failed as if the
		// drive had gone wrong, `never:` passed whatever happened
		{"a typo in an arrival's place", "    subject: daxing-airport\n", "    subject: daxing-airprot\n",
			[]string{"s.yaml:38:14: expect[4].subject: unknown subject of arrived \"daxing-airprot\" (did you mean daxing-airport?)"}},
		{"a typo in an incident's kind", "    subject: crash\n", "    subject: crahs\n",
			[]string{"expect[1].subject: unknown subject of incident.ahead \"crahs\" (did you mean crash?); valid: roadworks, crash, emergency_vehicle"}},
		{"a typo in an enum", "weather: clear", "weather: claer",
			[]string{"conditions.weather: unknown weather \"claer\" (did you mean clear?); valid: clear, rain, fog, snow"}},
		{"a typo in a place", "place: daxing-airport\nconditions", "place: daxing-airprot\nconditions",
			[]string{"destination.place: unknown place \"daxing-airprot\" (did you mean daxing-airport?); valid: "}},
		{"a limit of 100000 hours", "limit: 90m", "limit: 100000h",
			[]string{"s.yaml:19:8: limit: expected a duration from 0s to 24h00m, got \"100000h\""}},
		{"a limit past what a duration can hold", "limit: 90m", "limit: 100000000h",
			[]string{"limit: expected a duration from 0s to 24h00m"}},
		{"a delay of a year", "delay: 40s", "delay: 8760h",
			[]string{"events[3].after.delay: expected a duration from 0s to 24h00m"}},
		{"an incident lasting forever", "duration: 25m", "duration: 1e12",
			[]string{"events[1].incident.duration: expected a duration from 0s to 24h00m"}},
		{"a distance past the map", "at_distance: 6km", "at_distance: 1e9km",
			[]string{"events[1].at_distance: expected a distance from 0 to 1000 km"}},
		{"a drill check outside a drill", "  - never: collision", "  - drill: {min_score: 50}",
			[]string{"expect[3].drill: a drill score is only checked in a drill"}},
		{"a reversed window", "between: [25m, 75m]", "between: [75m, 25m]",
			[]string{"expect[4].between: the window ends before it starts"}},
		{"an escape code in the name", "name: Airport run", `name: "\e[31mRED\e[0m"`,
			[]string{"s.yaml:3:7: name: contains the control character U+001B (ESC) at character 1"}},
		{"a bidi override in a note", "note: The driver keeps a two-second gap again.", "note: \"\u202eThe driver keeps\"",
			[]string{"events[3].note: contains the bidirectional override U+202E"}},
		{"a line break in a spoken text", "say: how long until we arrive", `say: "how long\nuntil we arrive"`,
			[]string{"events[4].say: contains a newline at character 9: this field is one line of text"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := scenario.Parse("s.yaml", airportRun(t, c.old, c.new), env)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
	// A description may span lines, as a paragraph does.
	if _, err := scenario.Parse("s.yaml", airportRun(t, "description: Home to Daxing", "description: |\n  Home\n  to Daxing\n  #"), env); err != nil {
		t.Errorf("a multi-line description was refused: %v", err)
	}
}

// Every kind the bundled scenarios' drives emit is one a scenario may
// name: a kind missing from the list would be refused as a typo.
func TestEveryEmittedKindIsKnown(t *testing.T) {
	env := bundledEnv(t)
	known := scenario.EventKinds()
	seen := map[string]string{}
	for _, name := range bundledNames(t) {
		sc, err := scenario.Load(assets.FS(), name, env)
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := session.Run(sc, session.RunOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range res.Events {
			seen[string(ev.Kind)] = name
		}
	}
	if len(seen) < 20 {
		t.Fatalf("only %d kinds seen", len(seen))
	}
	for k, name := range seen {
		if !slices.Contains(known, k) {
			t.Errorf("%s emits %q, which scenario.EventKinds lacks", name, k)
		}
	}
}
