package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/statechart"
)

const diagramUsage = `Usage: cockpit diagram automation|l2|parking [--preset ID] [--assets DIR]

Prints a state machine's diagram as Mermaid (stateDiagram-v2), generated from
the machine's own transition table: every edge the code can take, with the
event it emits, its guard and its timer. Paste it into a Markdown file in a
` + "```mermaid" + ` block (GitHub renders it) or into the Mermaid live editor.

  automation   the L3 system (UN R157 ALKS): engaging, the takeover request,
               the minimal-risk manoeuvre (docs/l3.md)
  l2           the L2 system: the hands-off cascade and its fallback
  parking      the automated-parking assist (docs/parking.md)

Flags:
  --preset ID     the automation preset whose timers the labels give
                  (assets/automation/ID.yaml; default r157-01); parking's
                  timers are its default configuration
  --assets DIR    read the presets from DIR instead of the built-in assets

Exit status: 0, or 2 when the machine, the preset or the flags are invalid.
`

// diagramMachines are the machines cockpit diagram draws, in usage order.
var diagramMachines = []string{"automation", "l2", "parking"}

// runDiagram runs `cockpit diagram`.
func runDiagram(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("diagram", stderr)
	fset.Usage = func() { fmt.Fprint(stderr, diagramUsage) }
	preset := fset.String("preset", "r157-01", "automation preset")
	assetDir := fset.String("assets", "", "read assets from this folder")
	names, err := parseInterleaved(fset, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if len(names) != 1 {
		fmt.Fprintf(stderr, "cockpit diagram: name one machine (%s), got %d\n\n%s", strings.Join(diagramMachines, ", "), len(names), diagramUsage)
		return exitInvalid
	}
	chart, err := diagramChart(names[0], *preset, *assetDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit diagram:", err)
		return exitInvalid
	}
	fmt.Fprint(stdout, chart.Mermaid())
	return exitOK
}

// diagramChart is the chart `cockpit diagram NAME` prints.
func diagramChart(name, preset, assetDir string) (statechart.Chart, error) {
	switch name {
	case "automation", "l2", "parking":
	default:
		hint := ""
		if c := datacheck.Closest(name, diagramMachines); c != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", c)
		}
		return statechart.Chart{}, fmt.Errorf("unknown machine %q%s; valid: %s", name, hint, strings.Join(diagramMachines, ", "))
	}
	afs, err := assetFS(assetDir)
	if err != nil {
		return statechart.Chart{}, err
	}
	presets, err := automation.LoadPresets(afs)
	if err != nil {
		return statechart.Chart{}, err
	}
	p, ok := presets[preset]
	if !ok {
		ids := make([]string, 0, len(presets))
		for id := range presets {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		hint := ""
		if c := datacheck.Closest(preset, ids); c != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", c)
		}
		return statechart.Chart{}, fmt.Errorf("unknown preset %q%s; valid: %s", preset, hint, strings.Join(ids, ", "))
	}
	var c statechart.Chart
	switch name {
	case "automation":
		c = automation.Diagram(p, automation.LevelL3)
	case "l2":
		c = automation.Diagram(p, automation.LevelL2)
	default:
		c = parking.Table(parking.DefaultConfig())
	}
	if err := c.Check(); err != nil {
		return statechart.Chart{}, err
	}
	return c, nil
}
