package route

import (
	"errors"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nevsim/cockpit/drive/world"
)

var (
	mapOnce sync.Once
	theMap  *world.Map
	mapErr  error
)

func beijing(t testing.TB) *world.Map {
	t.Helper()
	mapOnce.Do(func() { theMap, mapErr = world.LoadDefault(os.DirFS("../../assets")) })
	if mapErr != nil {
		t.Fatal(mapErr)
	}
	return theMap
}

func node(t testing.TB, m *world.Map, place string) world.NodeID {
	t.Helper()
	p, err := m.Place(place)
	if err != nil {
		t.Fatal(err)
	}
	return p.Node
}

func plan(t testing.TB, m *world.Map, from, to string, opt Options, e *Energy) *Route {
	t.Helper()
	r, err := Plan(m, node(t, m, from), node(t, m, to), opt, e)
	if err != nil {
		t.Fatal(err)
	}
	checkRoute(t, m, r)
	return r
}

func roadIDs(r *Route) string {
	ids := make([]string, len(r.Segments))
	for i, s := range r.Segments {
		ids[i] = s.Road.ID
	}
	return strings.Join(ids, " ")
}

func uses(r *Route, pred func(*world.Road) bool) bool {
	for _, s := range r.Segments {
		if pred(s.Road) {
			return true
		}
	}
	return false
}

// tb is what checkRoute needs from testing.TB and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkRoute verifies the invariants every route must satisfy.
func checkRoute(t tb, m *world.Map, r *Route) {
	t.Helper()
	sum := 0.0
	for i, s := range r.Segments {
		if math.Abs(s.StartM-sum) > 1e-6 {
			t.Fatalf("segment %d starts at %v, want %v", i, s.StartM, sum)
		}
		sum += s.LengthM
		from, to := s.Road.From, s.Road.To
		if s.Reverse {
			from, to = to, from
			if s.Road.OneWay {
				t.Fatalf("segment %d drives one-way road %s backwards", i, s.Road.ID)
			}
		}
		if s.From != from || s.To != to {
			t.Fatalf("segment %d endpoints %s→%s, road says %s→%s", i, s.From, s.To, from, to)
		}
		if i == 0 && s.From != r.From {
			t.Fatalf("route starts at %s, first segment at %s", r.From, s.From)
		}
		if i > 0 && r.Segments[i-1].To != s.From {
			t.Fatalf("segment %d starts at %s but %d ends at %s", i, s.From, i-1, r.Segments[i-1].To)
		}
		if i > 0 {
			p := r.Segments[i-1]
			if p.Road == s.Road && p.Reverse != s.Reverse && (s.Road.Divided || s.Road.Type == world.Expressway) {
				t.Fatalf("U-turn on divided road %s", s.Road.ID)
			}
		}
	}
	if n := len(r.Segments); n > 0 && r.Segments[n-1].To != r.To {
		t.Fatalf("route ends at %s, want %s", r.Segments[n-1].To, r.To)
	}
	if math.Abs(sum-r.LengthM) > 1e-6 {
		t.Fatalf("length %v, segments sum to %v", r.LengthM, sum)
	}
}

func TestAirportRunOptions(t *testing.T) {
	m := beijing(t)
	toll := func(r *world.Road) bool { return r.Toll }
	motorway := func(r *world.Road) bool { return r.IsMotorway() }
	cases := []struct {
		name       string
		opt        Options
		toll, expr bool // uses toll roads / expressways
		minS, maxS float64
		via        string // a road id on the route
	}{
		{"fastest", Options{}, true, true, 35 * 60, 45 * 60, "apx-2"},
		{"avoid tolls", Options{AvoidTolls: true}, false, true, 45 * 60, 80 * 60, "g106-c"},
		{"avoid expressways", Options{AvoidExpressways: true}, false, false, 45 * 60, 90 * 60, "baishiqiao-3"},
		{"shortest", Options{Prefer: Shortest}, true, true, 30 * 60, 90 * 60, ""},
	}
	seen := map[string]string{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := plan(t, m, "home", "daxing-airport", c.opt, nil)
			if got := uses(r, toll); got != c.toll {
				t.Errorf("uses toll roads: %v, want %v: %s", got, c.toll, roadIDs(r))
			}
			if got := uses(r, motorway); got != c.expr {
				t.Errorf("uses expressways: %v, want %v: %s", got, c.expr, roadIDs(r))
			}
			if r.DriveS < c.minS || r.DriveS > c.maxS {
				t.Errorf("drive time %.1f min, want %.0f-%.0f", r.DriveS/60, c.minS/60, c.maxS/60)
			}
			if c.via != "" && !strings.Contains(" "+roadIDs(r)+" ", " "+c.via+" ") {
				t.Errorf("route does not use %s: %s", c.via, roadIDs(r))
			}
			if c.toll && r.TollCNY <= 0 {
				t.Errorf("toll %v", r.TollCNY)
			}
			if c.name != "shortest" {
				for k, v := range seen {
					if v == roadIDs(r) {
						t.Errorf("same route as %s", k)
					}
				}
				seen[c.name] = roadIDs(r)
			}
		})
	}
	fast := plan(t, m, "home", "daxing-airport", Options{}, nil)
	short := plan(t, m, "home", "daxing-airport", Options{Prefer: Shortest}, nil)
	slow := plan(t, m, "home", "daxing-airport", Options{AvoidTolls: true}, nil)
	if !(fast.DriveS < slow.DriveS) || short.LengthM > fast.LengthM+1e-6 {
		t.Errorf("fastest %.0f s / %.0f m, shortest %.0f m, avoid tolls %.0f s", fast.DriveS, fast.LengthM, short.LengthM, slow.DriveS)
	}
}

func TestCommute(t *testing.T) {
	m := beijing(t)
	r := plan(t, m, "home", "work", Options{}, nil)
	types := map[world.RoadType]bool{}
	for _, s := range r.Segments {
		types[s.Road.Type] = true
	}
	for _, ty := range []world.RoadType{world.Street, world.Expressway, world.Ramp, world.Service} {
		if !types[ty] {
			t.Errorf("commute without %s: %s", ty, roadIDs(r))
		}
	}
	if r.DriveS < 15*60 || r.DriveS > 45*60 {
		t.Errorf("commute %.1f min", r.DriveS/60)
	}
	// maneuvers: onto the ring by a ramp, merge, exit
	var ms []Maneuver
	for _, s := range r.Segments {
		if s.Maneuver != Straight {
			ms = append(ms, s.Maneuver)
		}
	}
	joined := ""
	for _, x := range ms {
		joined += string(x) + " "
	}
	if !strings.Contains(joined, "take_ramp merge exit") || !strings.HasSuffix(joined, "arrive ") {
		t.Errorf("maneuvers %s", joined)
	}
}

func TestManeuversAtJunctions(t *testing.T) {
	m := beijing(t)
	r := plan(t, m, "home", "daxing-airport", Options{}, nil)
	want := map[string]Maneuver{ // road id → maneuver at its end
		"home-drive":   Right,    // out of the compound, south onto Wanliu Middle Rd
		"ring-s2-s1":   Exit,     // off the ring onto the airport ramp
		"apx-ramp":     Merge,    // onto the airport expressway
		"apx-1":        Straight, // along it
		"dax-term-2":   Arrive,
		"ring-w2-w1":   Straight,
		"beitucheng-1": TakeRamp,
	}
	for _, s := range r.Segments {
		if w, ok := want[s.Road.ID]; ok && s.Maneuver != w {
			t.Errorf("at the end of %s: %s, want %s", s.Road.ID, s.Maneuver, w)
		}
	}
	// Left turn: from Beitucheng Rd (eastbound) north onto Wanliu Middle Rd? The
	// reverse trip turns from Wanliu Middle Rd (southbound) left onto Beitucheng.
	w := plan(t, m, "supermarket", "hospital", Options{}, nil)
	if w.Segments[len(w.Segments)-1].Maneuver != Arrive {
		t.Error("last maneuver is not arrive")
	}
	found := false
	for i, s := range w.Segments {
		if s.Road.ID == "wangfujing-2" && i > 0 {
			found = true
		}
		if s.Road.ID == "beitucheng-4" && s.To == "wfj-n" && s.Maneuver != Right {
			t.Errorf("Beitucheng eastbound → Wangfujing southbound: %s, want right", s.Maneuver)
		}
	}
	_ = found
}

func TestOneWayLoop(t *testing.T) {
	m := beijing(t)
	// Mao'er Hutong is one-way westbound hut-e → hut-w: going east the route
	// must take the loop south and back up Zhongzhou Rd.
	r, err := Plan(m, "hut-w", "hut-e", Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkRoute(t, m, r)
	if got := roadIDs(r); got != "nanluogu ju-er zhongzhou-3" {
		t.Errorf("route %s", got)
	}
	r, err = Plan(m, "hut-e", "hut-w", Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := roadIDs(r); got != "maoer" {
		t.Errorf("route %s", got)
	}
}

func TestNoUTurnOnExpressway(t *testing.T) {
	m := beijing(t)
	// From the southbound service area back to the city: the car must go on
	// south to the airport to turn around.
	r := plan(t, m, "cs-service-area-s", "home", Options{}, nil)
	if _, ok := r.DistanceTo("dax-jn"); !ok {
		t.Errorf("route did not turn around at the airport: %s", roadIDs(r))
	}
	if r.Segments[0].Road.ID != "sa-s-out" {
		t.Errorf("left the service area by %s", r.Segments[0].Road.ID)
	}
}

func TestUnreachable(t *testing.T) {
	m := beijing(t)
	_, err := Plan(m, node(t, m, "home"), node(t, m, "cs-service-area-s"), Options{AvoidExpressways: true}, nil)
	if !errors.Is(err, ErrNoRoute) || !strings.Contains(err.Error(), "avoiding expressways") {
		t.Errorf("err = %v", err)
	}
	if _, err := Plan(m, "nowhere", "home", Options{}, nil); err == nil || !strings.Contains(err.Error(), "unknown start node") {
		t.Errorf("err = %v", err)
	}
	if _, err := Plan(m, "home", "work", Options{Prefer: "scenic"}, nil); err == nil {
		t.Error("bad prefer accepted")
	}
	// world.Load refuses a map that falls apart (issue 16), so the island
	// is built by hand: routing must still fail cleanly on one.
	road := func(id string, from, to world.NodeID, oneWay bool) *world.Road {
		return &world.Road{ID: id, NameEN: id, NameZH: id, Type: world.Street, From: from, To: to,
			SpeedLimitKmh: 40, Lanes: 1, Markings: world.MarkingsGood, OneWay: oneWay}
	}
	im := &world.Map{Name: "island", Nodes: map[world.NodeID]*world.Node{
		"a": {ID: "a", X: 0, Y: 0}, "b": {ID: "b", X: 100, Y: 0}, "c": {ID: "c", X: 500, Y: 0}, "d": {ID: "d", X: 600, Y: 0},
	}, Roads: []*world.Road{road("ab", "a", "b", true), road("cd", "c", "d", false)}}
	if err := im.Reindex(); err != nil {
		t.Fatal(err)
	}
	if _, err := Plan(im, "a", "d", Options{}, nil); !errors.Is(err, ErrNoRoute) {
		t.Errorf("island: %v", err)
	}
	if _, err := Plan(im, "b", "a", Options{}, nil); !errors.Is(err, ErrNoRoute) {
		t.Errorf("one-way backwards: %v", err)
	}
	r, err := Plan(im, "a", "a", Options{}, nil)
	if err != nil || len(r.Segments) != 0 || r.ETA(0, 0) != 0 {
		t.Errorf("a→a: %v %v", r, err)
	}
	if m, d, s := r.NextManeuver(0); m != Arrive || d != 0 || s != nil {
		t.Errorf("empty NextManeuver %v %v %v", m, d, s)
	}
}

func TestQueries(t *testing.T) {
	m := beijing(t)
	r := plan(t, m, "home", "work", Options{}, nil)
	for i, s := range r.Segments {
		if got := r.SegmentAt(s.StartM + s.LengthM/2); got != i {
			t.Errorf("SegmentAt(mid %d) = %d", i, got)
		}
		x, y, _ := r.PointAt(s.EndM() - 1e-9)
		n := m.Node(s.To)
		if math.Hypot(x-n.X, y-n.Y) > 1e-3 {
			t.Errorf("PointAt(end of %d) = %v,%v, node %s at %v,%v", i, x, y, s.To, n.X, n.Y)
		}
	}
	if r.SegmentAt(-5) != 0 || r.SegmentAt(r.LengthM+5) != len(r.Segments)-1 {
		t.Error("SegmentAt does not clamp")
	}
	x, y, _ := r.PointAt(0)
	if h := m.Node("home"); x != h.X || y != h.Y {
		t.Errorf("PointAt(0) = %v,%v", x, y)
	}
	// NextManeuver skips straight maneuvers
	man, dist, seg := r.NextManeuver(0)
	if man != Right || seg != &r.Segments[0] || math.Abs(dist-r.Segments[0].LengthM) > 1e-9 {
		t.Errorf("NextManeuver(0) = %v %v %v", man, dist, seg)
	}
	ring := -1
	for i, s := range r.Segments {
		if s.Road.ID == "ring-n1-n2" {
			ring = i
		}
	}
	man, dist, seg = r.NextManeuver(r.Segments[ring].StartM + 100)
	if man != Exit || seg.Road.Type != world.Expressway || dist < 5000 {
		t.Errorf("on the ring: next %v in %.0f m at %s", man, dist, seg.Road.ID)
	}
	if d, ok := r.DistanceTo("r4-n1"); !ok || math.Abs(d-r.Segments[ring].StartM) > 1e-9 {
		t.Errorf("DistanceTo(r4-n1) = %v %v", d, ok)
	}
	if d, ok := r.DistanceTo(r.From); !ok || d != 0 {
		t.Error("DistanceTo(from)")
	}
	if _, ok := r.DistanceTo("dax-term"); ok {
		t.Error("DistanceTo(off-route node)")
	}
	if e0 := r.ETA(0, 0); math.Abs(e0-r.DriveS) > 1e-6 {
		t.Errorf("ETA(0) = %v, DriveS %v", e0, r.DriveS)
	}
	prev := math.Inf(1)
	for d := 0.0; d <= r.LengthM; d += 250 {
		e := r.ETA(d, 0)
		if e > prev+1e-9 {
			t.Fatalf("ETA rises at %v: %v > %v", d, e, prev)
		}
		prev = e
	}
	if r.ETA(r.LengthM, 50) != 0 {
		t.Error("ETA at the end")
	}
	if got := r.RemainingM(1000); math.Abs(got-(r.LengthM-1000)) > 1e-9 {
		t.Errorf("RemainingM %v", got)
	}
	allocs := testing.AllocsPerRun(100, func() {
		r.SegmentAt(5000)
		r.PointAt(5000)
		r.NextManeuver(5000)
		r.ETA(5000, 60)
	})
	if allocs != 0 {
		t.Errorf("queries allocate %v", allocs)
	}
}

// testEnergy is a car with a 60 kWh battery using 0.15 kWh/km (more at speed)
// and charging at min(station, 150 kW).
func testEnergy(start float64) *Energy {
	return &Energy{
		StartKWh: start, CapacityKWh: 60, ReserveKWh: 3,
		PerKm: func(v float64) float64 { return 0.12 + 0.0004*v },
		ChargeTimeS: func(from, to, kw float64) float64 {
			return (to - from) / math.Min(kw, 150) * 3600
		},
	}
}

func TestChargingStop(t *testing.T) {
	m := beijing(t)
	noE := plan(t, m, "home", "daxing-airport", Options{}, nil)
	e := testEnergy(10)
	r := plan(t, m, "home", "daxing-airport", Options{}, e)
	if len(r.Stops) != 1 {
		t.Fatalf("stops %+v", r.Stops)
	}
	st := r.Stops[0]
	if st.Station.Kind != world.Charging || st.ChargeS <= 0 || st.DepartKWh <= st.ArriveKWh || st.ArriveKWh < e.ReserveKWh-1e-9 {
		t.Errorf("stop %+v", st)
	}
	// the stop is on the way: the 480 kW service-area charger
	if st.Station.Place.ID != "cs-service-area-s" {
		t.Errorf("stopped at %s", st.Station.Place.ID)
	}
	// charged just enough: arrival with the reserve
	after := 0.0
	for _, s := range r.Segments {
		if s.StartM >= st.AtM {
			after += e.PerKm(s.PlannedKmh) * s.LengthM / 1000
		}
	}
	if arr := st.DepartKWh - after; math.Abs(arr-e.ReserveKWh) > 1e-6 {
		t.Errorf("arrives with %.2f kWh, want the %.2f reserve", arr, e.ReserveKWh)
	}
	if r.ChargeS != st.ChargeS || math.Abs(r.ETA(0, 0)-(r.DriveS+r.ChargeS)) > 1e-6 {
		t.Errorf("ETA %v, drive %v, charge %v", r.ETA(0, 0), r.DriveS, r.ChargeS)
	}
	if r.ETA(st.AtM+1, 0) >= r.ETA(st.AtM-1, 0)-st.ChargeS+1 {
		t.Error("ETA keeps the charge time after the stop")
	}
	i := r.SegmentAt(st.AtM - 1)
	if r.Segments[i].Maneuver != ChargeStop || r.Segments[i].To != st.Station.Place.Node {
		t.Errorf("segment before the stop: %s to %s", r.Segments[i].Maneuver, r.Segments[i].To)
	}
	if r.DriveS < noE.DriveS {
		t.Errorf("drive time with stop %v < without %v", r.DriveS, noE.DriveS)
	}
	// enough energy: no stop, same route as without energy
	full := plan(t, m, "home", "daxing-airport", Options{}, testEnergy(50))
	if len(full.Stops) != 0 || roadIDs(full) != roadIDs(noE) || full.EnergyKWh <= 0 {
		t.Errorf("full battery: %d stops, %.2f kWh", len(full.Stops), full.EnergyKWh)
	}
	// avoid tolls: the stop must be on the toll-free side
	rt := plan(t, m, "home", "daxing-airport", Options{AvoidTolls: true}, testEnergy(6))
	if len(rt.Stops) != 1 || uses(rt, func(r *world.Road) bool { return r.Toll }) {
		t.Errorf("avoid tolls with stop: %s", roadIDs(rt))
	}
}

func TestRefuelStop(t *testing.T) {
	m := beijing(t)
	e := testEnergy(5)
	e.Refuel, e.RefuelS, e.ChargeTimeS = true, 300, nil
	r := plan(t, m, "home", "daxing-airport", Options{}, e)
	if len(r.Stops) != 1 || r.Stops[0].Station.Kind != world.Fuel || r.Stops[0].ChargeS != 300 || r.Stops[0].DepartKWh != 60 {
		t.Fatalf("stops %+v", r.Stops)
	}
}

func TestEnergyImpossible(t *testing.T) {
	m := beijing(t)
	e := testEnergy(3.5)
	e.CapacityKWh = 5 // cannot bridge 37 km of expressway
	_, err := Plan(m, node(t, m, "home"), node(t, m, "daxing-airport"), Options{}, e)
	if !errors.Is(err, ErrEnergy) {
		t.Fatalf("err = %v", err)
	}
	bad := testEnergy(70)
	if _, err := Plan(m, node(t, m, "home"), node(t, m, "work"), Options{}, bad); err == nil {
		t.Error("start above capacity accepted")
	}
}

func TestDeterministic(t *testing.T) {
	m := beijing(t)
	a := plan(t, m, "work", "daxing-airport", Options{}, testEnergy(7))
	for i := 0; i < 5; i++ {
		b := plan(t, m, "work", "daxing-airport", Options{}, testEnergy(7))
		if roadIDs(a) != roadIDs(b) || a.ETA(0, 0) != b.ETA(0, 0) {
			t.Fatal("non-deterministic")
		}
	}
}

func TestNearest(t *testing.T) {
	m := beijing(t)
	c, err := Nearest(m, node(t, m, "home"), world.CatCharging, Options{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != 3 || c[0].Place.ID != "cs-wanliu" || c[0].DriveS > c[1].DriveS || c[1].DriveS > c[2].DriveS {
		t.Errorf("nearest chargers from home: %+v", c)
	}
	for _, x := range c {
		r := plan(t, m, "home", x.Place.ID, Options{}, nil)
		if r.DriveS != x.DriveS || r.LengthM != x.LengthM {
			t.Errorf("%s: Nearest %.1f s / %.0f m, Plan %.1f s / %.0f m", x.Place.ID, x.DriveS, x.LengthM, r.DriveS, r.LengthM)
		}
	}
	all, _ := Nearest(m, node(t, m, "home"), "", Options{AvoidExpressways: true}, 0)
	for _, x := range all {
		if x.Place.Node == "sa-s" || x.Place.Node == "sa-n" {
			t.Errorf("service area %s reachable without expressways", x.Place.ID)
		}
	}
	if _, err := Nearest(m, "nowhere", world.CatGas, Options{}, 1); err == nil {
		t.Error("unknown node accepted")
	}
}

// TestAllPlacesConnected: every place can be reached from every other one,
// and the routes satisfy the invariants.
func TestAllPlacesConnected(t *testing.T) {
	m := beijing(t)
	for _, a := range m.Places {
		for _, b := range m.Places {
			r, err := Plan(m, a.Node, b.Node, Options{}, nil)
			if err != nil {
				t.Errorf("%s → %s: %v", a.ID, b.ID, err)
				continue
			}
			checkRoute(t, m, r)
		}
	}
}
