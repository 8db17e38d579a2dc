package vehicle

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// vehiclesDoc is docs/vehicles.md; its last section, "## Figures by
// profile", is generated from the profile files by figuresSection.
const vehiclesDoc = "../../docs/vehicles.md"

// TestVehiclesDocIsCurrent fails when docs/vehicles.md's figures differ
// from the profile files; COCKPIT_UPDATE_DOCS=1 rewrites the section.
func TestVehiclesDocIsCurrent(t *testing.T) {
	data, err := os.ReadFile(vehiclesDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, "## Figures by profile")
	if i < 0 {
		t.Fatal("docs/vehicles.md has no \"## Figures by profile\" section")
	}
	want := figuresSection(loadAll(t))
	if doc[i:] == want {
		return
	}
	if os.Getenv("COCKPIT_UPDATE_DOCS") != "" {
		if err := os.WriteFile(vehiclesDoc, []byte(doc[:i]+want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/vehicles.md's figures differ from the profiles: run COCKPIT_UPDATE_DOCS=1 go test ./drive/vehicle -run TestVehiclesDocIsCurrent")
}

func figuresSection(all []*Profile) string {
	var b strings.Builder
	b.WriteString("## Figures by profile\n\nGenerated from the YAML files by `TestVehiclesDocIsCurrent` (value, unit, confidence, source);\nthe files are authoritative, and the test fails when this section is stale.\n\n")
	b.WriteString("| Profile | Model year | Trim | Powertrain | Mass kg | Battery kWh | Tank L | Max kW | CLTC electric km | CLTC total km | Peak DC kW |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	dash := func(v float64) string {
		if v == 0 {
			return "–"
		}
		return fmt.Sprintf("%g", v)
	}
	for _, p := range all {
		fmt.Fprintf(&b, "| `%s` %s (%s) | %d | %s | %s | %g | %g | %s | %g | %g | %g | %g |\n", p.ID, p.Name, p.NameZH, p.ModelYear, p.Variant, p.Powertrain,
			p.MassKg, p.BatteryKWh, dash(p.FuelTankL), p.MaxPowerKW, p.CLTCElectricRangeKm, p.CLTCRangeKm, p.MaxDCKW)
	}
	for _, p := range all {
		fmt.Fprintf(&b, "\n### `%s` — %s (%s), %d, %s (%s)\n\n| Field | Value | Unit | Confidence | Source / reasoning |\n|---|---|---|---|---|\n", p.ID, p.Name, p.NameZH, p.ModelYear, p.Variant, p.VariantZH)
		count := map[Confidence]int{}
		for _, name := range append(FieldNames(), "dc_charge_curve") {
			f, ok := p.Figures[name]
			if !ok {
				continue
			}
			count[f.Confidence]++
			value := fmt.Sprintf("%g", f.Value)
			unit := f.Unit
			if name == "dc_charge_curve" {
				pts := make([]string, len(p.ChargeCurve))
				for i, c := range p.ChargeCurve {
					pts[i] = fmt.Sprintf("%g→%g", c.SoC*100, c.KW)
				}
				value, unit = strings.Join(pts, ", "), "% SoC → kW"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", name, value, unit, f.Confidence, strings.ReplaceAll(f.Source, "|", "/"))
		}
		fmt.Fprintf(&b, "\n%d sourced, %d derived, %d estimated.\n", count[Sourced], count[Derived], count[Estimated])
	}
	return b.String()
}
