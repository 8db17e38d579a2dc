package vehicle

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/assets/datafile/datafiletest"
)

// profileRanges gives every numeric field of a profile its range as the
// loader applies it: the fields table for the figures, and the fixed
// bounds of the model year and of the charging curve.
func profileRanges() map[string][2]float64 {
	r := map[string][2]float64{
		"model_year":                   {2015, 2030},
		"dc_charge_curve.points[].soc": {0, 1},
		"dc_charge_curve.points[].kw":  {0, 1500},
	}
	for _, f := range fields {
		r[f.name+".value"] = [2]float64{f.min, f.max}
	}
	return r
}

// Every numeric field of a profile file has a range: a figure added to
// rawProfile without a fields entry fails here.
func TestEveryProfileNumberHasARange(t *testing.T) {
	ranges := profileRanges()
	for _, f := range datacheck.NumberFields(rawProfile{}) {
		if _, ok := ranges[f]; !ok {
			t.Errorf("%s has no range", f)
		}
	}
}

// Every numeric field of a bundled profile refuses NaN, ±Inf and values
// past either end of its range at its position, naming the range (the
// message for NaN said only "must be a finite number").
func TestEveryProfileNumberRefusesNaNInfAndOutOfRange(t *testing.T) {
	const name = "vehicles/xpeng-x9-erev.yaml" // has the fuel figures too
	data, err := os.ReadFile("../../assets/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var raw rawProfile
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		t.Fatal(err)
	}
	ranges := profileRanges()
	tried := map[string]bool{}
	for _, n := range datacheck.Numbers(&raw) {
		if tried[n.Pattern] {
			continue
		}
		tried[n.Pattern] = true
		r := ranges[n.Pattern]
		bad := []string{strconv.FormatFloat(r[1]*2+1, 'g', -1, 64), strconv.FormatFloat(r[0]-1, 'g', -1, 64)}
		if n.Pattern != "model_year" {
			bad = append(bad, ".nan", ".inf", "-.inf")
		}
		for _, b := range bad {
			edited, ok := datafiletest.ReplaceNumber(doc, string(data), n.Path, b)
			if !ok {
				t.Fatalf("cannot find %s in %s", n.Path, name)
			}
			var raw rawProfile
			doc2, err := datafile.DecodeBytes(name, []byte(edited), &raw)
			if err == nil {
				_, err = build(doc2, "x", &raw)
			}
			if err == nil {
				t.Errorf("%s = %s accepted", n.Path, b)
				continue
			}
			lo, hi := strconv.FormatFloat(r[0], 'g', -1, 64), strconv.FormatFloat(r[1], 'g', -1, 64)
			found := false
			for _, l := range strings.Split(err.Error(), "\n") {
				found = found || strings.Contains(l, " "+n.Path+": ") && strings.Contains(l, lo) && strings.Contains(l, hi)
			}
			if !found {
				t.Errorf("%s = %s: want an error at it naming %s to %s, got\n%v", n.Path, b, lo, hi, err)
			}
		}
	}
	if len(tried) < len(fields) {
		t.Errorf("only %d numeric fields tried", len(tried))
	}
	if !slices.Contains(datacheck.NumberFields(rawProfile{}), "mass_kg.value") {
		t.Error("mass_kg.value is no numeric field")
	}
}
