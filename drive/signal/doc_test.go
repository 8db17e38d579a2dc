package signal_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/drive/signal"
)

// signalsDoc is docs/signals.md; its last section, "## Every signal", is
// generated from assets/signals/signals.yaml by everySignal.
const signalsDoc = "../../docs/signals.md"

// TestSignalsDocIsCurrent fails when docs/signals.md's list differs from
// the catalogue; COCKPIT_UPDATE_DOCS=1 rewrites the section.
func TestSignalsDocIsCurrent(t *testing.T) {
	data, err := os.ReadFile(signalsDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	const head = "## Every signal"
	i := strings.Index(doc, head)
	if i < 0 {
		t.Fatalf("docs/signals.md has no %q section", head)
	}
	want := everySignal(catalogue(t))
	if doc[i:] == want {
		return
	}
	if os.Getenv("COCKPIT_UPDATE_DOCS") != "" {
		if err := os.WriteFile(signalsDoc, []byte(doc[:i]+want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/signals.md's list differs from the catalogue: run COCKPIT_UPDATE_DOCS=1 go test ./drive/signal -run TestSignalsDocIsCurrent")
}

func everySignal(c *signal.Catalog) string {
	var b strings.Builder
	n, act := c.Len(), 0
	for _, sp := range c.Specs() {
		if sp.Kind == signal.Actuator {
			act++
		}
	}
	fmt.Fprintf(&b, "## Every signal\n\nGenerated from `assets/signals/signals.yaml` (%d signals, %d actuators; `cockpit signals` prints the same). "+
		"Sorted by path. Type: S sensor, A actuator, At attribute. Instances are expanded: each seat, station and memory profile has its own path.\n", n, act)
	specs := slices.Clone(c.Specs())
	slices.SortStableFunc(specs, func(a, b signal.Spec) int { return strings.Compare(a.Path, b.Path) })
	group := ""
	for _, sp := range specs {
		segs := strings.SplitN(sp.Path, ".", 3)
		g := segs[0] + "." + segs[1]
		if g != group {
			group = g
			fmt.Fprintf(&b, "\n### `%s`\n\n| path | type | datatype | unit | values | description |\n|---|---|---|---|---|---|\n", g)
		}
		kind := map[signal.Kind]string{signal.Sensor: "S", signal.Actuator: "A", signal.Attribute: "At"}[sp.Kind]
		var vals []string
		switch {
		case len(sp.Allowed) > 0:
			for _, a := range sp.Allowed {
				if a == "" {
					a = `""`
				}
				vals = append(vals, a)
			}
		case sp.HasMin && sp.HasMax:
			vals = append(vals, signal.Format(sp.Min)+" … "+signal.Format(sp.Max))
		case sp.HasMin:
			vals = append(vals, "≥ "+signal.Format(sp.Min))
		case sp.HasMax:
			vals = append(vals, "≤ "+signal.Format(sp.Max))
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", sp.Path, kind, sp.Datatype, sp.Unit,
			strings.Join(vals, ", "), strings.ReplaceAll(sp.Description, "|", "\\|"))
	}
	return b.String()
}
