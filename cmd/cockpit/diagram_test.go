package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/statechart"
)

var updateDiagrams = flag.Bool("update-diagrams", false, "rewrite testdata/diagram/*.mmd and the diagrams in docs/ from the code")

// The three diagrams are golden files: a change to a machine's table shows
// in review as a change of its diagram.
func TestDiagramGoldenFiles(t *testing.T) {
	for _, m := range diagramMachines {
		code, out, errOut := runCLI(t, "diagram", m)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", m, code, errOut)
		}
		golden := filepath.Join("testdata", "diagram", m+".mmd")
		if *updateDiagrams {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/cockpit -run Diagram -args -update-diagrams writes it)", err)
		}
		if out != string(want) {
			t.Errorf("cockpit diagram %s differs from %s (go test ./cmd/cockpit -run Diagram -args -update-diagrams, after a change to the table):\n%s", m, golden, out)
		}
	}
}

func TestDiagramCommandLine(t *testing.T) {
	code, _, errOut := runCLI(t, "diagram", "--help")
	if code != exitOK {
		t.Errorf("--help: exit %d", code)
	}
	for _, flag := range []string{"--preset", "--assets", "automation", "l2", "parking"} {
		if !strings.Contains(errOut, flag) {
			t.Errorf("--help does not list %s", flag)
		}
	}
	code, _, errOut = runCLI(t, "diagram", "parkng")
	if code != exitInvalid || !strings.Contains(errOut, "did you mean parking?") {
		t.Errorf("a misspelt machine: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "diagram")
	if code != exitInvalid || !strings.Contains(errOut, "name one machine") {
		t.Errorf("no machine: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "diagram", "automation", "--preset", "r157-1")
	if code != exitInvalid || !strings.Contains(errOut, "did you mean r157-01?") {
		t.Errorf("a misspelt preset: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "diagram", "automation", "--assets", "/nonexistent")
	if code != exitInvalid {
		t.Errorf("a missing assets folder: exit %d, %s", code, errOut)
	}
	// --preset fills the timers with that preset's values.
	_, china, _ := runCLI(t, "diagram", "l2", "--preset", "china-pilot-50")
	for _, want := range []string{"preset china-pilot-50", "after l2.hands_off_prompt_s (5 s) or l2.eyes_off_prompt_s (5 s)", "after l2.fallback_after_s (10 s)"} {
		if !strings.Contains(china, want) {
			t.Errorf("l2 --preset china-pilot-50 lacks %q", want)
		}
	}
	code, out, _ := runCLI(t, "diagram", "automation", "--assets", repoPath(t, "assets"))
	if code != exitOK || !strings.HasPrefix(out, "---\ntitle: L3 automation") || !strings.Contains(out, "stateDiagram-v2\n    state ") {
		t.Errorf("--assets: exit %d\n%s", code, out)
	}
}

// drillFiles are the bundled drills and parking scenarios.
func drillFiles(t *testing.T) []string {
	var names []string
	for _, dir := range []string{"scenarios/drills", "scenarios/parking"} {
		m, err := fs.Glob(assets.FS(), dir+"/*.yaml")
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, m...)
	}
	if len(names) < 10 {
		t.Fatalf("only %d drills and parking scenarios", len(names))
	}
	return names
}

// withoutAny is the chart without its Any edges (the ignition restart),
// which explain a step only when the scenario restarts the car.
func withoutAny(c statechart.Chart) statechart.Chart {
	out := c
	out.Edges = nil
	for _, e := range c.Edges {
		if len(e.From) != 1 || e.From[0] != statechart.Any {
			out.Edges = append(out.Edges, e)
		}
	}
	return out
}

// TestDrillsTakeOnlyTheTablesEdges runs every bundled L3/L2 drill and the
// parking scenarios through the real session, as cockpit run does (with
// the voice), watches the automation's and the parking assist's state
// after every step, and checks each step against the machines' tables:
// the step's change of state and the events it emitted must be a path of
// edges (statechart.Chart.Explain). It logs which arrows the drills take.
func TestDrillsTakeOnlyTheTablesEdges(t *testing.T) {
	afs := assets.FS()
	env, err := scenario.NewEnv(afs)
	if err != nil {
		t.Fatal(err)
	}
	voices, err := newVoiceMaker(afs)
	if err != nil {
		t.Fatal(err)
	}
	parkChart := parking.Table(parking.DefaultConfig())
	taken := map[drillArrow]bool{}
	for _, name := range drillFiles(t) {
		sc, err := scenario.Load(afs, name, env)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := fs.ReadFile(afs, name)
		if err != nil {
			t.Fatal(err)
		}
		restarts := strings.Contains(string(raw), "restart: true")
		p := automation.R157()
		if sc.Config.Automation != nil {
			p = *sc.Config.Automation
		}
		autoChart := automation.Table(p)
		charts := map[string][2]statechart.Chart{
			"automation": {withoutAny(autoChart), autoChart},
			"parking":    {parkChart, parkChart},
		}
		state := map[string]string{"automation": string(automation.StateOff), "parking": ""}
		steps := 0
		check := func(machine, now string, kinds []string) {
			prev := state[machine]
			state[machine] = now
			if machine == "parking" {
				if now == "" {
					return // outside a car park: no machine
				}
				if prev == "" {
					prev = string(parking.StateIdle) // a new machine for this car park
				}
			}
			c := charts[machine]
			path, ok := c[0].Explain(prev, now, kinds)
			chart := c[0]
			if !ok && restarts {
				path, ok = c[1].Explain(prev, now, kinds)
				chart = c[1]
			}
			if !ok {
				t.Errorf("%s, step %d: %s went %s -> %s with events %v: no edge of its table does that", name, steps, machine, prev, now, kinds)
				return
			}
			at := prev
			for _, i := range path {
				taken[drillArrow{machine, chart.Edges[i].Name, at}] = true
				at = chart.Edges[i].To
			}
		}
		opts := session.RunOptions{Voice: voices.voice(sc.Config.Map), AfterStep: func(s *session.Session, out *session.Output) {
			steps++
			st := s.State()
			var auto, park []string
			for _, ev := range out.Events {
				switch k := string(ev.Kind); {
				case strings.HasPrefix(k, "automation."):
					auto = append(auto, k)
				case strings.HasPrefix(k, "parking."):
					park = append(park, k)
				}
			}
			now := string(st.Automation.State)
			if now == "" {
				now = string(automation.StateOff)
			}
			check("automation", now, auto)
			check("parking", string(st.Parking.Output.State), park)
		}}
		res, _, err := session.Run(sc, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Passed {
			t.Errorf("%s: its expectations failed", name)
		}
	}
	// Coverage, by what can be told from outside: edges with the same
	// states and event (a request for roadworks or for a planned exit)
	// look alike, so a drill's step counts for each of them.
	var lines []string
	for _, c := range []struct {
		machine string
		chart   statechart.Chart
	}{{"automation", automation.Table(automation.R157())}, {"parking", parkChart}} {
		type look struct{ from, to, event string }
		seen := map[look]bool{}
		for a := range taken {
			if a.machine != c.machine {
				continue
			}
			for _, e := range c.chart.Edges {
				if e.Name == a.edge {
					from := a.from
					if e.From[0] == statechart.Any {
						from = statechart.Any
					}
					seen[look{from, e.To, e.Event}] = true
				}
			}
		}
		n, all := 0, c.chart.Arrows()
		var missed []string
		for _, a := range all {
			e := c.chart.Edges[a.Edge]
			if seen[look{a.From, e.To, e.Event}] {
				n++
				continue
			}
			missed = append(missed, fmt.Sprintf("%s from %s", e.Name, a.From))
		}
		sort.Strings(missed)
		lines = append(lines, fmt.Sprintf("%s: the drills take %d of %d arrows; not taken (the package's own tests take them): %s",
			c.machine, n, len(all), strings.Join(missed, ", ")))
	}
	t.Log(strings.Join(lines, "\n"))
}

// drillArrow is an arrow a drill took: the machine, the edge, the state.
type drillArrow struct{ machine, edge, from string }

// TestDiagramsParseWithMermaid parses the golden diagrams with the mermaid
// package itself (testdata/diagram/validate.mjs under node). It needs node
// and a folder where `npm i mermaid jsdom` ran, named by
// COCKPIT_MERMAID_MODULES; without them it is skipped, and
// TestMermaidLinesFollowTheGrammar (drive/statechart) checks the grammar
// the renderer relies on.
func TestDiagramsParseWithMermaid(t *testing.T) {
	dir := os.Getenv("COCKPIT_MERMAID_MODULES")
	node, err := exec.LookPath("node")
	if dir == "" || err != nil {
		t.Skip("set COCKPIT_MERMAID_MODULES to a folder with node_modules/mermaid and jsdom (and have node) to parse the diagrams with Mermaid")
	}
	args := []string{filepath.Join("testdata", "diagram", "validate.mjs"), dir}
	for _, m := range diagramMachines {
		args = append(args, filepath.Join("testdata", "diagram", m+".mmd"))
	}
	out, err := exec.Command(node, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("mermaid rejects a diagram: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
