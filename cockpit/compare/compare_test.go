package compare_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/compare"
	"github.com/nevsim/cockpit/drive/population"
	"github.com/nevsim/cockpit/drive/scenario"
)

func drills(t testing.TB, names ...string) []*population.Drill {
	t.Helper()
	afs := assets.FS()
	env, err := scenario.NewEnv(afs)
	if err != nil {
		t.Fatal(err)
	}
	var out []*population.Drill
	for _, n := range names {
		sc, err := scenario.Load(afs, "scenarios/drills/"+n+".yaml", env)
		if err != nil {
			t.Fatal(err)
		}
		d, err := population.Prepare(n, sc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func run(t testing.TB, seed uint64, workers int) *compare.Result {
	t.Helper()
	res, err := compare.Run(compare.Options{
		Variants: []compare.Variant{{Name: "A"}, {Name: "B"}},
		Drills:   drills(t, "01-planned-exit", "02-phone-task"),
		Drivers:  6, Seed: seed, Model: population.DefaultModel(), Workers: workers,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func outputs(t testing.TB, r *compare.Result) (report, csvOut, jsonOut string) {
	t.Helper()
	var a, b, c bytes.Buffer
	if err := compare.WriteReport(&a, r, false); err != nil {
		t.Fatal(err)
	}
	if err := compare.WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := compare.WriteJSON(&c, r); err != nil {
		t.Fatal(err)
	}
	return a.String(), b.String(), c.String()
}

// The same seed gives the same bytes whatever the number of workers; a
// different seed gives a different population.
func TestSameSeedSameOutput(t *testing.T) {
	r1, c1, j1 := outputs(t, run(t, 42, 1))
	r2, c2, j2 := outputs(t, run(t, 42, 3))
	if r1 != r2 || c1 != c2 || j1 != j2 {
		t.Fatal("the same seed gave different output with 1 and 3 workers")
	}
	_, c3, _ := outputs(t, run(t, 43, 2))
	if c3 == c1 {
		t.Fatal("another seed gave the same drives")
	}
}

// The CSV parses with encoding/csv: a header and one row per drive, each
// with every column.
func TestCSVOneRowPerDrive(t *testing.T) {
	res := run(t, 1, 0)
	_, out, js := outputs(t, res)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := 2*2*6 + 1; len(recs) != want {
		t.Fatalf("%d records, want %d", len(recs), want)
	}
	for i, rec := range recs {
		if len(rec) != len(compare.CSVHeader) {
			t.Fatalf("row %d has %d fields", i, len(rec))
		}
	}
	if recs[1][0] != "A" || recs[1][3] != "01-planned-exit" || recs[1][4] != "0" || recs[len(recs)-1][0] != "B" {
		t.Errorf("rows not in variant, drill, driver order: %v … %v", recs[1], recs[len(recs)-1])
	}
	// the same driver faces both variants: same seed and draw in A and B
	half := (len(recs) - 1) / 2
	if recs[1][5] != recs[1+half][5] || recs[1][8] != recs[1+half][8] {
		t.Errorf("driver 0 differs between the variants: %v, %v", recs[1], recs[1+half])
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("JSON: %v", err)
	}
}

// Without colour the report has no escape codes; the histogram counts
// every drive, and a driver who never took over goes in the last row.
func TestReportPlainText(t *testing.T) {
	res := run(t, 1, 0)
	rep, _, _ := outputs(t, res)
	if strings.Contains(rep, "\x1b") {
		t.Fatal("escape codes in a plain report")
	}
	for _, want := range []string{"A  A", "B  B", "01-planned-exit", "02-phone-task", "median", "p90", "MRMs", "collisions", "mean score", "≥15/never"} {
		if !strings.Contains(rep, want) {
			t.Errorf("the report lacks %q:\n%s", want, rep)
		}
	}
	h := compare.Histogram([]float64{0.5, 1.2, 1.7, math.Inf(1), 30}, 10, "")
	lines := strings.Split(strings.TrimRight(h, "\n"), "\n")
	if len(lines) != compare.HistogramBins+1 {
		t.Fatalf("%d rows", len(lines))
	}
	if !strings.HasSuffix(lines[0], " 1") || !strings.HasSuffix(lines[1], "██████████ 2") || !strings.HasSuffix(lines[compare.HistogramBins], " 2") {
		t.Errorf("histogram:\n%s", h)
	}
	if !strings.Contains(compare.Histogram([]float64{1}, 10, "#FF0000"), "\x1b[") {
		t.Error("a coloured histogram has no colour")
	}
}

func TestSummarise(t *testing.T) {
	rows := []compare.Row{}
	for i, tk := range []float64{1, 2, 3, 4, -1} {
		rows = append(rows, compare.Row{Outcome: population.Outcome{Requested: true, TakeoverS: tk, Score: float64(10 * i), MRM: tk < 0}})
	}
	s := compare.Summarise(rows)
	if s.Drives != 5 || s.MedianS != 3 || !math.IsInf(s.P90S, 1) || s.MRMs != 1 || s.MeanScore != 20 {
		t.Fatalf("%+v", s)
	}
}

func TestRunRefusesBadOptions(t *testing.T) {
	d := drills(t, "01-planned-exit")
	for _, o := range []compare.Options{
		{Variants: []compare.Variant{{}}, Drills: d, Drivers: 0, Model: population.DefaultModel()},
		{Variants: []compare.Variant{{}}, Drills: d, Drivers: compare.MaxDrivers + 1, Model: population.DefaultModel()},
		{Drills: d, Drivers: 1, Model: population.DefaultModel()},
		{Variants: []compare.Variant{{}}, Drills: d, Drivers: 1},
	} {
		if _, err := compare.Run(o); err == nil {
			t.Errorf("%+v: accepted", o)
		}
	}
}

// The benchmark of the target: 2 variants × 6 drills × 200
// drivers (run with -benchtime 1x; docs/BENCHMARKS.md).
func BenchmarkCompareTarget(b *testing.B) {
	ds := drills(b, "01-planned-exit", "02-phone-task", "03-roadworks-dense", "04-fog-night", "05-mrm", "07-cut-in-l3")
	for i := 0; i < b.N; i++ {
		_, err := compare.Run(compare.Options{Variants: []compare.Variant{{Name: "A"}, {Name: "B"}}, Drills: ds,
			Drivers: 200, Seed: 1, Model: population.DefaultModel()})
		if err != nil {
			b.Fatal(err)
		}
	}
}
