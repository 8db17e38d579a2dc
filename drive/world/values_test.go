package world

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/assets/datafile/datafiletest"
)

// A NaN coordinate is refused at the coordinate, with the range; on main it
// was reported at the node without saying which, and every road on the
// node then failed with a false "unknown node".
func TestANaNCoordinateIsRefusedWhereItIs(t *testing.T) {
	src := strings.Replace(goodMap, "{id: b, x: 100, y: 0}", "{id: b, x: .nan, y: 0}", 1)
	_, err := loadString(src)
	if err == nil {
		t.Fatal("a map with a NaN coordinate loaded")
	}
	want := "m.yaml:4:16: nodes[1].x: expected a number from -1e+07 to 1e+07 m, got .nan (not a number)"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q\nlacks %q", err, want)
	}
	if strings.Contains(err.Error(), "unknown node") {
		t.Errorf("false unknown-node errors: %v", err)
	}
}

// A part of the map no road joins to the rest loads on main; a route to it
// would fail in the middle of a drive. Load refuses it, naming its nodes.
func TestAnIslandIsRefusedNamingItsNodes(t *testing.T) {
	island := strings.Replace(goodMap, "roads:\n", `  - {id: c, x: 500, y: 500}
  - {id: d, x: 600, y: 500}
roads:
  - {id: cd, en: C Rd, zh: 丙路, type: street, from: c, to: d, speed_limit: 40, lanes: 1, markings: worn}
`, 1)
	_, err := loadString(island)
	if err == nil {
		t.Fatal("a map with an island loaded")
	}
	want := "m.yaml:5:5: nodes[2]: nodes c, d cannot be driven to and from the rest of the map (2 nodes): no road connects them to the rest of the map"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q\nlacks %q", err, want)
	}

	// A one-way road into a dead end: the car could get there and never back.
	deadEnd := strings.Replace(goodMap, "roads:\n", `  - {id: c, x: 500, y: 0}
roads:
  - {id: bc, en: C Rd, zh: 丙路, type: street, from: b, to: c, one_way: true, speed_limit: 40, lanes: 1, markings: worn}
`, 1)
	_, err = loadString(deadEnd)
	if err == nil || !strings.Contains(err.Error(), "nodes[2]: node c cannot be driven to and from the rest of the map (2 nodes): roads lead there but none leads back (check one_way)") {
		t.Errorf("a one-way dead end: %v", err)
	}
}

// Every numeric field of a map file has a range in the one table.
func TestEveryMapNumberHasARange(t *testing.T) {
	fields := datacheck.NumberFields(rawMap{})
	for _, f := range fields {
		if _, ok := numberRanges[f]; !ok {
			t.Errorf("%s has no range in numberRanges", f)
		}
	}
	for f := range numberRanges {
		if !slices.Contains(fields, f) {
			t.Errorf("numberRanges has %s, which is no field of a map", f)
		}
	}
}

// Every numeric field of the test map refuses NaN, ±Inf and values past
// either end of its range at its own position, naming the range: the test
// writes each bad value into each number in turn.
func TestEveryMapNumberRefusesNaNInfAndOutOfRange(t *testing.T) {
	src := richMap
	if _, err := loadString(src); err != nil {
		t.Fatalf("the rich map: %v", err)
	}
	var raw rawMap
	doc, err := datafile.DecodeBytes("m.yaml", []byte(src), &raw)
	if err != nil {
		t.Fatal(err)
	}
	tried := map[string]bool{}
	for _, n := range datacheck.Numbers(&raw) {
		r := numberRanges[n.Pattern]
		if tried[n.Pattern] {
			continue
		}
		tried[n.Pattern] = true
		isInt := strings.HasSuffix(n.Pattern, "lanes") || strings.HasSuffix(n.Pattern, "signals") || strings.HasSuffix(n.Pattern, "stalls")
		bad := []string{strconv.FormatFloat(r.Max*2+1, 'g', -1, 64), strconv.FormatFloat(r.Min-1, 'g', -1, 64)}
		if !isInt {
			bad = append(bad, ".nan", ".inf", "-.inf")
		}
		for _, b := range bad {
			edited, ok := datafiletest.ReplaceNumber(doc, src, n.Path, b)
			if !ok {
				t.Fatalf("cannot find %s in the test map", n.Path)
			}
			_, err := loadString(edited)
			if err == nil {
				t.Errorf("%s = %s accepted", n.Path, b)
				continue
			}
			lo, hi := strconv.FormatFloat(r.Min, 'g', -1, 64), strconv.FormatFloat(r.Max, 'g', -1, 64)
			found := false
			for _, l := range strings.Split(err.Error(), "\n") {
				found = found || strings.Contains(l, " "+n.Path+": ") && strings.Contains(l, lo) && strings.Contains(l, hi)
			}
			if !found {
				t.Errorf("%s = %s: want an error at it naming %s to %s, got\n%v", n.Path, b, lo, hi, err)
			}
		}
	}
	if len(tried) < 12 {
		t.Errorf("only %d numeric fields tried: %v", len(tried), tried)
	}
}

// richMap is goodMap with every numeric field written out.
const richMap = `name: test
nodes:
  - {id: a, x: 0, y: 0}
  - {id: b, x: 100, y: 0}
roads:
  - {id: ab, en: A Rd, zh: 甲路, type: street, from: a, to: b, points: [[50, 1]], length_m: 150, speed_limit: 40, lanes: 1, markings: worn, toll: true, toll_cny: 5, grade_pct: 1, signals: 2}
places:
  - {id: p, en: P, zh: 地, pinyin: di, category: parking, node: b}
  - {id: cs, en: CS, zh: 站, pinyin: zhan, category: charging, node: a, station: {kind: charging, power_kw: 60, stalls: 4}}
parking:
  - id: lot
    en: Lot
    zh: 停车场
    kind: lot
    place: p
    origin: [100, 0]
    entrance: [0, 0]
    aisles:
      - {id: A, points: [[0, 0], [30, 0]], width_m: 6}
    kerbs: [[[0, -1], [30, -1]]]
    slots:
      - {id: "1", x: 2, y: 5.65, heading_deg: 90, kind: angled, angle_deg: 60, length_m: 5.3, width_m: 2.5, aisle: A}
`

// A road's name is shown on the navigation panel: an escape code in it
// would reach the terminal raw.
func TestMapTextWithControlCharactersIsRefused(t *testing.T) {
	_, err := loadString(strings.Replace(goodMap, "en: A Rd", `en: "A\e[8m Rd"`, 1))
	if err == nil || !strings.Contains(err.Error(), "m.yaml:6:18: roads[0].en: contains the control character U+001B (ESC) at character 2") {
		t.Errorf("got %v", err)
	}
}
