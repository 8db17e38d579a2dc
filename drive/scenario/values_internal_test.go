package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datacheck"
)

// Every numeric field of the scenario file has a range in the one table:
// a field added to fileScenario without one fails here, not in a user's
// hands.
func TestEveryNumberHasARange(t *testing.T) {
	fields := datacheck.NumberFields(fileScenario{})
	if len(fields) < 40 {
		t.Fatalf("only %d numeric fields found: %q", len(fields), fields)
	}
	for _, f := range fields {
		if _, ok := numberRanges[f]; !ok && !slices.Contains(unrangedNumbers, f) {
			t.Errorf("%s has no range in numberRanges", f)
		}
	}
	for f := range numberRanges {
		if !slices.Contains(fields, f) {
			t.Errorf("numberRanges has %s, which is no field of a scenario", f)
		}
	}
}

// yamlAt writes value at a field pattern ("events[].weather.intensity") as
// a YAML document of flow mappings: events: [{weather: {intensity: V}}].
func yamlAt(pattern, value string) string {
	parts := strings.Split(pattern, ".")
	s := value
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if list := strings.HasSuffix(p, "[]"); list {
			s = fmt.Sprintf("{%s: [%s]}", strings.TrimSuffix(p, "[]"), s)
		} else {
			s = fmt.Sprintf("{%s: %s}", p, s)
		}
	}
	return s
}

// Every numeric field refuses NaN, ±Inf and values past either end of its
// range, at its own position, with a message naming the range: the test
// writes each bad value into each field in turn.
func TestEveryNumberRefusesNaNInfAndOutOfRange(t *testing.T) {
	env, err := NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	fields := datacheck.NumberFields(fileScenario{})
	for _, pattern := range fields {
		r, ok := numberRanges[pattern]
		if !ok {
			continue
		}
		isInt := strings.HasSuffix(pattern, "lanes_closed") || strings.HasSuffix(pattern, "count") || strings.HasSuffix(pattern, "order")
		bad := []string{strconv.FormatFloat(r.Max*2+1, 'g', -1, 64), strconv.FormatFloat(r.Min-1, 'g', -1, 64)}
		if !isInt {
			bad = append(bad, ".nan", ".inf", "-.inf")
		}
		path := strings.ReplaceAll(pattern, "[]", "[0]")
		for _, v := range bad {
			src := yamlAt(pattern, v)
			_, err := Parse("s.yaml", []byte(src), env)
			if err == nil {
				t.Errorf("%s: %s accepted", pattern, src)
				continue
			}
			line := ""
			for _, l := range strings.Split(err.Error(), "\n") {
				if strings.Contains(l, " "+path+": ") {
					line = l
				}
			}
			lo, hi := strconv.FormatFloat(r.Min, 'g', -1, 64), strconv.FormatFloat(r.Max, 'g', -1, 64)
			if line == "" || !strings.Contains(line, lo) || !strings.Contains(line, hi) || !strings.HasPrefix(line, "s.yaml:1:") {
				t.Errorf("%s = %s: want an error at %s naming %s to %s, got\n%v", pattern, v, path, lo, hi, err)
			}
		}
	}
}
