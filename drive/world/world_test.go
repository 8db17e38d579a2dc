package world

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
)

func loadDefault(t testing.TB) *Map {
	t.Helper()
	m, err := LoadDefault(os.DirFS("../../assets"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLoadDefaultContents(t *testing.T) {
	m := loadDefault(t)
	if m.Name == "" || len(m.Nodes) < 50 || len(m.Roads) < 80 {
		t.Fatalf("map too small: %d nodes, %d roads", len(m.Nodes), len(m.Roads))
	}
	// the ring: a closed loop of divided expressways, 30-45 km
	ring := 0.0
	for _, r := range m.Roads {
		if strings.HasPrefix(r.ID, "ring-") {
			if r.Type != Expressway || !r.Divided || r.Lanes < 3 || r.SpeedLimitKmh < 80 || r.SpeedLimitKmh > 100 || r.Markings != MarkingsGood {
				t.Errorf("ring road %s: %+v", r.ID, r)
			}
			ring += r.LengthM
		}
	}
	if ring < 30000 || ring > 45000 {
		t.Errorf("ring length %.0f m, want 30-45 km", ring)
	}
	// the airport expressway: a toll expressway of >= 15 km (fog drive)
	apx := 0.0
	for _, r := range m.Roads {
		if strings.HasPrefix(r.ID, "apx-") && r.Type == Expressway {
			if !r.Toll || r.SpeedLimitKmh < 100 {
				t.Errorf("airport expressway %s: toll %v limit %v", r.ID, r.Toll, r.SpeedLimitKmh)
			}
			apx += r.LengthM
		}
	}
	if apx < 30000 {
		t.Errorf("airport expressway %.0f m, want about 37 km", apx)
	}
	for _, id := range []string{"home", "work", "daxing-airport", "beijing-south-station", "mall", "coffee",
		"restaurant", "hospital", "hotel", "supermarket", "temple-of-heaven", "restroom-hutong"} {
		p, err := m.Place(id)
		if err != nil {
			t.Fatal(err)
		}
		if p.NameEN == "" || p.NameZH == "" || p.Pinyin == "" || m.Node(p.Node) == nil {
			t.Errorf("place %s incomplete: %+v", id, p)
		}
	}
	seenCat := map[Category]bool{}
	for _, p := range m.Places {
		seenCat[p.Category] = true
	}
	for _, c := range Categories {
		if !seenCat[c] {
			t.Errorf("no place of category %s", c)
		}
	}
	powers := map[float64]bool{}
	fuel := 0
	for _, s := range m.Stations {
		if s.Kind == Charging {
			powers[s.PowerKW] = true
		} else {
			fuel++
		}
		if m.StationAt(s.Place.ID) != s {
			t.Errorf("StationAt(%s)", s.Place.ID)
		}
	}
	for _, kw := range []float64{60, 120, 250, 480} {
		if !powers[kw] {
			t.Errorf("no %v kW charging station", kw)
		}
	}
	if fuel < 2 {
		t.Errorf("%d fuel stations", fuel)
	}
	if m.StationAt("home") != nil {
		t.Error("home has a station")
	}
	kinds := map[string]bool{}
	for _, a := range m.Parking {
		kinds[a.Kind] = true
		free, occ := 0, 0
		for _, s := range a.Slots {
			if s.Occupied {
				occ++
			} else {
				free++
			}
			if a.Aisle(s.Aisle) == nil {
				t.Errorf("%s slot %s: aisle %q", a.ID, s.ID, s.Aisle)
			}
		}
		if free == 0 || occ == 0 {
			t.Errorf("%s: %d free, %d occupied", a.ID, free, occ)
		}
		if a.Slot("1") == nil || a.Place == nil || a.Place.Category != CatParking {
			t.Errorf("%s: slot 1 or place missing", a.ID)
		}
	}
	if !kinds["garage"] || !kinds["lot"] {
		t.Errorf("parking kinds %v", kinds)
	}
	lot := m.ParkingArea("supermarket-lot")
	sk := map[SlotKind]bool{}
	for _, s := range lot.Slots {
		sk[s.Kind] = true
	}
	if len(sk) != 3 {
		t.Errorf("lot slot kinds %v, want all three", sk)
	}
	mixed := 0
	for _, r := range m.Roads {
		if r.MixedTraffic && r.Markings != MarkingsGood {
			mixed++
		}
	}
	if mixed < 5 {
		t.Errorf("only %d mixed-traffic roads with worn/no markings", mixed)
	}
}

func TestPlaceLookup(t *testing.T) {
	m := loadDefault(t)
	if p, err := m.Place("机场"); err != nil || p.ID != "daxing-airport" {
		t.Errorf("alias: %v %v", p, err)
	}
	if p, err := m.Place("Airport"); err != nil || p.ID != "daxing-airport" {
		t.Errorf("alias case: %v %v", p, err)
	}
	for _, q := range []string{"北京南站", "beijing nanzhan", "Beijing South Railway Station", "HOME"} {
		if _, err := m.Place(q); err != nil {
			t.Errorf("Place(%q): %v", q, err)
		}
	}
	_, err := m.Place("moon")
	if err == nil || !strings.Contains(err.Error(), "daxing-airport") || !strings.Contains(err.Error(), "home") {
		t.Errorf("unknown place error should list ids: %v", err)
	}
}

func TestRoadGeometry(t *testing.T) {
	m := loadDefault(t)
	r := m.Road("ring-n3-e1") // (2500,5000) → (4000,5000) → (5000,4000) → (5000,2500)
	want := 1500 + math.Sqrt2*1000 + 1500
	if math.Abs(r.LengthM-want) > 0.01 {
		t.Fatalf("length %v want %v", r.LengthM, want)
	}
	x, y, h := r.PointAt(750, false)
	if math.Abs(x-3250) > 1e-6 || math.Abs(y-5000) > 1e-6 || math.Abs(h-0) > 1e-6 {
		t.Errorf("PointAt(750) = %v %v %v", x, y, h)
	}
	x, y, h = r.PointAt(750, true)
	if math.Abs(x-5000) > 1e-6 || math.Abs(y-3250) > 1e-6 || math.Abs(h-90) > 1e-6 {
		t.Errorf("PointAt(750, reverse) = %v %v %v", x, y, h)
	}
	x, y, _ = r.PointAt(1e9, false)
	if x != 5000 || y != 2500 {
		t.Errorf("clamp end: %v %v", x, y)
	}
	s, e := r.EndHeadings(false)
	if s != 0 || math.Abs(e-270) > 1e-9 {
		t.Errorf("EndHeadings %v %v", s, e)
	}
	if a := testing.AllocsPerRun(100, func() { r.PointAt(1234, true) }); a != 0 {
		t.Errorf("PointAt allocates %v", a)
	}
}

func TestTurnDeg(t *testing.T) {
	for _, c := range []struct{ a, b, want float64 }{
		{0, 90, 90}, {90, 0, -90}, {350, 10, 20}, {10, 350, -20}, {0, 180, 180}, {270, 90, 180},
	} {
		if got := TurnDeg(c.a, c.b); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("TurnDeg(%v,%v)=%v want %v", c.a, c.b, got, c.want)
		}
	}
}

const goodMap = `name: test
nodes:
  - {id: a, x: 0, y: 0}
  - {id: b, x: 100, y: 0}
roads:
  - {id: ab, en: A Rd, zh: 甲路, type: street, from: a, to: b, speed_limit: 40, lanes: 1, markings: worn}
places:
  - {id: p, en: P, zh: 地, pinyin: di, category: parking, node: b}
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
    slots:
      - {id: "1", x: 2, y: 5.65, heading_deg: 90, kind: perpendicular, length_m: 5.3, width_m: 2.5, aisle: A}
      - {id: "2", x: 4.5, y: 5.65, heading_deg: 90, kind: perpendicular, length_m: 5.3, width_m: 2.5, occupied: true, aisle: A}
`

func loadString(src string) (*Map, error) {
	return Load(fstest.MapFS{"m.yaml": {Data: []byte(src)}}, "m.yaml")
}

func TestLoadErrors(t *testing.T) {
	if _, err := loadString(goodMap); err != nil {
		t.Fatalf("good map: %v", err)
	}
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown node", "to: b,", "to: bb,", `m.yaml:6:59: roads[0].to: unknown node "bb"; known nodes near: b, a`},
		{"bad type", "type: street", "type: lane", `m.yaml:6:38: roads[0].type: road type "lane" is not one of expressway, ramp, arterial, street, service`},
		{"negative limit", "speed_limit: 40", "speed_limit: -40", `m.yaml:6:75: roads[0].speed_limit: expected a number from 1 to 150 km/h, got -40`},
		{"wrong yaml type", "lanes: 1", "lanes: two", `m.yaml:6:86: roads[0].lanes: expected a whole number, got "two"`},
		{"unknown field", "markings: worn}", "markings: worn, colour: red}", `m.yaml:6:105: roads[0].colour: unknown field "colour"`},
		{"duplicate node", "{id: b, x: 100", "{id: a, x: 100", `m.yaml:4:10: nodes[1].id: duplicate node id "a"`},
		{"category", "category: parking", "category: bar", `places[0].category: category "bar" is not one of home, work, charging`},
		{"markings", "markings: worn", "markings: faded", `roads[0].markings: markings "faded" is not one of good, worn, none`},
		{"slot overlap", "x: 4.5,", "x: 3.5,", `m.yaml:21:9: parking[0].slots[1]: slot "2" overlaps slot "1"`},
		{"unknown aisle", "occupied: true, aisle: A", "occupied: true, aisle: Z", `parking[0].slots[1].aisle: unknown aisle "Z"`},
		{"short length", "markings: worn}", "markings: worn, length_m: 50}", `roads[0].length_m: length 50 m is shorter than the straight line`},
		{"toll without toll", "markings: worn}", "markings: worn, toll_cny: 5}", `roads[0].toll_cny: a toll in CNY needs toll: true`},
		{"zero length", "{id: b, x: 100, y: 0}", "{id: b, x: 0, y: 0}", `m.yaml:6:5: roads[0]: road "ab" has no length`},
		{"parking place", "place: p", "place: q", `parking[0].place: unknown place "q"; parking places: p`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(goodMap, c.old, c.new, 1)
			if src == goodMap {
				t.Fatalf("replacement %q not found", c.old)
			}
			_, err := loadString(src)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
			var de *datafile.Error
			if !errors.As(err, &de) || de.Line == 0 {
				t.Errorf("error without a position: %v", err)
			}
		})
	}
}

func TestSlotCorners(t *testing.T) {
	s := Slot{X: 0, Y: 0, HeadingDeg: 90, LengthM: 5, WidthM: 2}
	c := s.Corners()
	// open end (south, y=-2.5), right-hand corner is east (x=+1)
	if math.Abs(c[0][0]-1) > 1e-9 || math.Abs(c[0][1]+2.5) > 1e-9 {
		t.Errorf("corners %v", c)
	}
}

func FuzzLoadMap(f *testing.F) {
	f.Add([]byte(goodMap))
	// The full map is a poor seed (30 KB inputs make the fuzzer crawl); its
	// loading is covered by TestLoadDefaultContents.
	f.Add([]byte("name: x\nnodes: [{id: a, x: 1e308, y: -1e308}]\nroads: []\n"))
	f.Add([]byte("nodes:\n  - {id: a, x: .nan, y: 0}\n"))
	f.Add([]byte(richMap))
	f.Add([]byte(strings.Replace(goodMap, "roads:\n", "  - {id: c, x: 500, y: 500}\nroads:\n", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(fstest.MapFS{"f.yaml": {Data: data}}, "f.yaml")
		if err == nil && m.Graph() == nil {
			t.Fatal("loaded map without graph")
		}
	})
}

func TestMapHelpers(t *testing.T) {
	m := loadDefault(t)
	minX, minY, maxX, maxY := m.Bounds()
	if minX > -5000 || maxX < 5000 || maxY < 5000 || minY > -43000 {
		t.Errorf("bounds %v %v %v %v", minX, minY, maxX, maxY)
	}
	if n := m.NearestNode(-4040, 4340); n == nil || n.ID != "home" {
		t.Errorf("NearestNode = %v", n)
	}
	ps := m.NearestPlaces(0, -40000, CatCharging, 2)
	if len(ps) != 2 || ps[0].ID != "cs-airport" {
		t.Errorf("NearestPlaces = %v", ps)
	}
	if len(m.PlacesByCategory(CatGas)) != 4 {
		t.Errorf("gas places %d", len(m.PlacesByCategory(CatGas)))
	}
}

func TestEmbeddedMap(t *testing.T) {
	m, err := LoadDefault(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Place("daxing-airport"); err != nil {
		t.Fatal(err)
	}
}
