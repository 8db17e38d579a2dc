package world

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
)

// DefaultMap is the path of the default map inside the assets tree.
const DefaultMap = "maps/beijing.yaml"

// maxSlots bounds the slots of one parking area (the overlap check is
// quadratic).
const maxSlots = 2000

// maxErrors bounds how many problems Load reports at once.
const maxErrors = 20

type rawMap struct {
	Name    string       `yaml:"name"`
	Nodes   []rawNode    `yaml:"nodes"`
	Roads   []rawRoad    `yaml:"roads"`
	Places  []rawPlace   `yaml:"places"`
	Parking []rawParking `yaml:"parking"`
}

type rawNode struct {
	ID string  `yaml:"id"`
	X  float64 `yaml:"x"`
	Y  float64 `yaml:"y"`
}

type rawRoad struct {
	ID           string       `yaml:"id"`
	EN           string       `yaml:"en"`
	ZH           string       `yaml:"zh"`
	Type         string       `yaml:"type"`
	From         string       `yaml:"from"`
	To           string       `yaml:"to"`
	Points       [][2]float64 `yaml:"points"`
	LengthM      float64      `yaml:"length_m"`
	SpeedLimit   float64      `yaml:"speed_limit"`
	Lanes        int          `yaml:"lanes"`
	Markings     string       `yaml:"markings"`
	Toll         bool         `yaml:"toll"`
	TollCNY      float64      `yaml:"toll_cny"`
	Divided      bool         `yaml:"divided"`
	OneWay       bool         `yaml:"one_way"`
	MixedTraffic bool         `yaml:"mixed_traffic"`
	GradePct     float64      `yaml:"grade_pct"`
	Signals      int          `yaml:"signals"`
}

type rawPlace struct {
	ID       string      `yaml:"id"`
	EN       string      `yaml:"en"`
	ZH       string      `yaml:"zh"`
	Pinyin   string      `yaml:"pinyin"`
	Category string      `yaml:"category"`
	Node     string      `yaml:"node"`
	Aliases  []string    `yaml:"aliases"`
	Station  *rawStation `yaml:"station"`
}

type rawStation struct {
	Kind    string  `yaml:"kind"`
	PowerKW float64 `yaml:"power_kw"`
	Stalls  int     `yaml:"stalls"`
}

type rawParking struct {
	ID       string          `yaml:"id"`
	EN       string          `yaml:"en"`
	ZH       string          `yaml:"zh"`
	Kind     string          `yaml:"kind"`
	Place    string          `yaml:"place"`
	Origin   [2]float64      `yaml:"origin"`
	Level    string          `yaml:"level"`
	Entrance [2]float64      `yaml:"entrance"`
	Aisles   []rawAisle      `yaml:"aisles"`
	Kerbs    [][2][2]float64 `yaml:"kerbs"`
	Slots    []rawSlot       `yaml:"slots"`
}

type rawAisle struct {
	ID     string       `yaml:"id"`
	Points [][2]float64 `yaml:"points"`
	WidthM float64      `yaml:"width_m"`
	OneWay bool         `yaml:"one_way"`
}

type rawSlot struct {
	ID       string  `yaml:"id"`
	X        float64 `yaml:"x"`
	Y        float64 `yaml:"y"`
	Heading  float64 `yaml:"heading_deg"`
	Kind     string  `yaml:"kind"`
	Angle    float64 `yaml:"angle_deg"`
	LengthM  float64 `yaml:"length_m"`
	WidthM   float64 `yaml:"width_m"`
	Occupied bool    `yaml:"occupied"`
	Aisle    string  `yaml:"aisle"`
}

// LoadDefault loads the default map, maps/beijing.yaml, from fsys.
func LoadDefault(fsys fs.FS) (*Map, error) { return Load(fsys, DefaultMap) }

// Load reads, decodes strictly and validates the map file name from fsys,
// then builds its routing index. Every problem is reported as
// "file:line:col: field: message"; several problems are joined.
func Load(fsys fs.FS, name string) (*Map, error) {
	var raw rawMap
	doc, err := datafile.Decode(fsys, name, &raw)
	if err != nil {
		return nil, err
	}
	v := &validator{doc: doc}
	// The table of ranges speaks first, so every number out of range is
	// refused in the same words; the fields' own checks follow.
	v.checkValues(&raw)
	m := v.build(&raw)
	if len(v.errs) > 0 {
		return nil, errors.Join(v.errs...)
	}
	if err := m.Reindex(); err != nil {
		return nil, &datafile.Error{File: name, Msg: err.Error()}
	}
	v.checkConnected(m, &raw)
	if len(v.errs) > 0 {
		return nil, errors.Join(v.errs...)
	}
	return m, nil
}

type validator struct {
	doc  *datafile.Doc
	errs []error
	// failed holds the paths already reported, so a field is not
	// reported twice (by its own check and by the table of ranges).
	failed map[string]bool
	// badNodes are nodes with a refused coordinate: they exist (a road
	// naming one is not "unknown node"), but nothing is built on them.
	badNodes map[string]bool
}

func (v *validator) errorf(path, format string, args ...any) {
	if v.failed[path] || len(v.errs) >= maxErrors {
		return
	}
	if v.failed == nil {
		v.failed = map[string]bool{}
	}
	v.failed[path] = true
	v.errs = append(v.errs, v.doc.Errorf(path, format, args...))
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// coordLimit bounds coordinates so arithmetic stays well-behaved.
const coordLimit = 1e7

func okCoord(x, y float64) bool {
	return finite(x, y) && math.Abs(x) <= coordLimit && math.Abs(y) <= coordLimit
}

func (v *validator) build(raw *rawMap) *Map {
	m := &Map{Name: strings.TrimSpace(raw.Name), Nodes: make(map[NodeID]*Node, len(raw.Nodes))}
	if m.Name == "" {
		v.errorf("name", "missing: give the map a name")
	}
	if len(raw.Nodes) == 0 {
		v.errorf("nodes", "missing: a map needs nodes")
	}
	nodeIDs := make([]string, 0, len(raw.Nodes))
	for i, n := range raw.Nodes {
		p := fmt.Sprintf("nodes[%d]", i)
		switch {
		case n.ID == "":
			v.errorf(p+".id", "missing node id")
			continue
		case m.Nodes[NodeID(n.ID)] != nil:
			v.errorf(p+".id", "duplicate node id %q", n.ID)
			continue
		case !okCoord(n.X, n.Y):
			// Reported by the table of ranges at x or y. The node still
			// exists: the roads and places naming it are not "unknown".
			if v.badNodes == nil {
				v.badNodes = map[string]bool{}
			}
			v.badNodes[n.ID] = true
			m.Nodes[NodeID(n.ID)] = &Node{ID: NodeID(n.ID), X: finiteOr(n.X), Y: finiteOr(n.Y)}
			nodeIDs = append(nodeIDs, n.ID)
			continue
		}
		m.Nodes[NodeID(n.ID)] = &Node{ID: NodeID(n.ID), X: n.X, Y: n.Y}
		nodeIDs = append(nodeIDs, n.ID)
	}
	sort.Strings(nodeIDs)

	roadIDs := map[string]bool{}
	for i, r := range raw.Roads {
		p := fmt.Sprintf("roads[%d]", i)
		if rd := v.road(p, &r, m, nodeIDs, roadIDs); rd != nil {
			m.Roads = append(m.Roads, rd)
		}
	}
	if len(raw.Roads) == 0 {
		v.errorf("roads", "missing: a map needs roads")
	}

	placeIDs := map[string]*Place{}
	for i, rp := range raw.Places {
		p := fmt.Sprintf("places[%d]", i)
		pl := v.place(p, &rp, m, nodeIDs, placeIDs)
		if pl == nil {
			continue
		}
		m.Places = append(m.Places, pl)
		if rp.Station != nil {
			if st := v.station(p+".station", rp.Station, pl); st != nil {
				m.Stations = append(m.Stations, st)
			}
		}
	}
	// aliases must not shadow another place's id
	for i, rp := range raw.Places {
		for j, a := range rp.Aliases {
			if other, ok := placeIDs[a]; ok && other.ID != rp.ID {
				v.errorf(fmt.Sprintf("places[%d].aliases[%d]", i, j), "alias %q is the id of another place", a)
			}
		}
	}

	areaIDs := map[string]bool{}
	for i, rp := range raw.Parking {
		p := fmt.Sprintf("parking[%d]", i)
		if a := v.parking(p, &rp, placeIDs, areaIDs); a != nil {
			m.Parking = append(m.Parking, a)
		}
	}
	return m
}

var roadTypes = []string{string(Expressway), string(Ramp), string(Arterial), string(Street), string(Service)}
var markingsAll = []string{string(MarkingsGood), string(MarkingsWorn), string(MarkingsNone)}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func (v *validator) nodeRef(path, id string, m *Map, nodeIDs []string) bool {
	if id == "" {
		v.errorf(path, "missing node id")
		return false
	}
	if m.Nodes[NodeID(id)] == nil {
		v.errorf(path, "unknown node %q; known nodes near: %s", id, strings.Join(nearest(id, nodeIDs, 5), ", "))
		return false
	}
	return true
}

func (v *validator) road(p string, r *rawRoad, m *Map, nodeIDs []string, seen map[string]bool) *Road {
	ok := true
	if r.ID == "" {
		v.errorf(p+".id", "missing road id")
		return nil
	}
	if seen[r.ID] {
		v.errorf(p+".id", "duplicate road id %q", r.ID)
		return nil
	}
	seen[r.ID] = true
	if r.EN == "" || r.ZH == "" {
		v.errorf(p, "road %q needs both names: en and zh", r.ID)
		ok = false
	}
	if !oneOf(r.Type, roadTypes) {
		v.errorf(p+".type", "road type %q is not one of %s", r.Type, strings.Join(roadTypes, ", "))
		ok = false
	}
	ok = v.nodeRef(p+".from", r.From, m, nodeIDs) && ok
	ok = v.nodeRef(p+".to", r.To, m, nodeIDs) && ok
	// A road on a node whose coordinates were refused has no geometry to
	// check; the node's own error says what to fix.
	ok = ok && !v.badNodes[r.From] && !v.badNodes[r.To]
	if r.From != "" && r.From == r.To && len(r.Points) == 0 {
		v.errorf(p+".to", "road starts and ends at node %q and has no points", r.To)
		ok = false
	}
	for _, pt := range r.Points {
		ok = ok && okCoord(pt[0], pt[1]) // the table of ranges names the point
	}
	if !finite(r.SpeedLimit) || r.SpeedLimit <= 0 || r.SpeedLimit > 150 {
		v.errorf(p+".speed_limit", "speed limit must be in (0, 150] km/h, got %v", r.SpeedLimit)
		ok = false
	}
	if r.Lanes < 1 || r.Lanes > 8 {
		v.errorf(p+".lanes", "lanes per direction must be 1 to 8, got %d", r.Lanes)
		ok = false
	}
	if !oneOf(r.Markings, markingsAll) {
		v.errorf(p+".markings", "markings %q is not one of %s", r.Markings, strings.Join(markingsAll, ", "))
		ok = false
	}
	if !finite(r.TollCNY) || r.TollCNY < 0 || r.TollCNY > 10000 {
		v.errorf(p+".toll_cny", "toll must be between 0 and 10000 CNY, got %v", r.TollCNY)
		ok = false
	} else if r.TollCNY > 0 && !r.Toll {
		v.errorf(p+".toll_cny", "a toll in CNY needs toll: true")
		ok = false
	}
	if !finite(r.GradePct) || math.Abs(r.GradePct) > 20 {
		v.errorf(p+".grade_pct", "grade must be within ±20 %%, got %v", r.GradePct)
		ok = false
	}
	if r.Signals < 0 || r.Signals > 1000 {
		v.errorf(p+".signals", "signals must be 0 to 1000, got %d", r.Signals)
		ok = false
	}
	if !finite(r.LengthM) || r.LengthM < 0 || r.LengthM > 1e6 {
		v.errorf(p+".length_m", "length must be positive and at most 1000 km, got %v", r.LengthM)
		ok = false
	}
	if !ok {
		return nil
	}
	a, b := m.Nodes[NodeID(r.From)], m.Nodes[NodeID(r.To)]
	geo, prev := 0.0, [2]float64{a.X, a.Y}
	for _, pt := range append(append([][2]float64(nil), r.Points...), [2]float64{b.X, b.Y}) {
		geo += math.Hypot(pt[0]-prev[0], pt[1]-prev[1])
		prev = pt
	}
	if geo < 0.5 {
		v.errorf(p, "road %q has no length: its nodes and points are all at the same place", r.ID)
		return nil
	}
	if chord := math.Hypot(b.X-a.X, b.Y-a.Y); r.LengthM > 0 && r.LengthM < chord-1 {
		v.errorf(p+".length_m", "length %.0f m is shorter than the straight line between %s and %s (%.0f m)", r.LengthM, r.From, r.To, chord)
		return nil
	}
	pts := make([][2]float64, len(r.Points))
	copy(pts, r.Points)
	return &Road{
		ID: r.ID, NameEN: r.EN, NameZH: r.ZH, Type: RoadType(r.Type),
		From: NodeID(r.From), To: NodeID(r.To), Points: pts, LengthM: r.LengthM,
		SpeedLimitKmh: r.SpeedLimit, Lanes: r.Lanes, Markings: Markings(r.Markings),
		Toll: r.Toll, TollCNY: r.TollCNY, Divided: r.Divided, OneWay: r.OneWay,
		MixedTraffic: r.MixedTraffic, GradePct: r.GradePct, Signals: r.Signals,
	}
}

func categoryNames() []string {
	out := make([]string, len(Categories))
	for i, c := range Categories {
		out[i] = string(c)
	}
	return out
}

func (v *validator) place(p string, r *rawPlace, m *Map, nodeIDs []string, seen map[string]*Place) *Place {
	if r.ID == "" {
		v.errorf(p+".id", "missing place id")
		return nil
	}
	if seen[r.ID] != nil {
		v.errorf(p+".id", "duplicate place id %q", r.ID)
		return nil
	}
	ok := true
	if r.EN == "" || r.ZH == "" || r.Pinyin == "" {
		v.errorf(p, "place %q needs en, zh and pinyin names", r.ID)
		ok = false
	}
	if !oneOf(r.Category, categoryNames()) {
		v.errorf(p+".category", "category %q is not one of %s", r.Category, strings.Join(categoryNames(), ", "))
		ok = false
	}
	ok = v.nodeRef(p+".node", r.Node, m, nodeIDs) && ok
	for j, a := range r.Aliases {
		if strings.TrimSpace(a) == "" {
			v.errorf(fmt.Sprintf("%s.aliases[%d]", p, j), "empty alias")
			ok = false
		}
	}
	if !ok {
		return nil
	}
	pl := &Place{ID: r.ID, NameEN: r.EN, NameZH: r.ZH, Pinyin: r.Pinyin, Category: Category(r.Category),
		Node: NodeID(r.Node), Aliases: append([]string(nil), r.Aliases...)}
	seen[r.ID] = pl
	return pl
}

func (v *validator) station(p string, r *rawStation, pl *Place) *Station {
	switch StationKind(r.Kind) {
	case Charging:
		if pl.Category != CatCharging {
			v.errorf(p+".kind", "a charging station belongs to a place of category charging, not %s", pl.Category)
			return nil
		}
		if !finite(r.PowerKW) || r.PowerKW <= 0 || r.PowerKW > 1500 {
			v.errorf(p+".power_kw", "charging power must be in (0, 1500] kW, got %v", r.PowerKW)
			return nil
		}
	case Fuel:
		if pl.Category != CatGas {
			v.errorf(p+".kind", "a fuel station belongs to a place of category gas, not %s", pl.Category)
			return nil
		}
		if r.PowerKW != 0 {
			v.errorf(p+".power_kw", "a fuel station has no charging power")
			return nil
		}
	default:
		v.errorf(p+".kind", "station kind %q is not one of charging, fuel", r.Kind)
		return nil
	}
	if r.Stalls < 1 || r.Stalls > 1000 {
		v.errorf(p+".stalls", "stalls must be 1 to 1000, got %d", r.Stalls)
		return nil
	}
	return &Station{Place: pl, Kind: StationKind(r.Kind), PowerKW: r.PowerKW, Stalls: r.Stalls}
}

func (v *validator) parking(p string, r *rawParking, places map[string]*Place, seen map[string]bool) *ParkingArea {
	if r.ID == "" {
		v.errorf(p+".id", "missing parking area id")
		return nil
	}
	if seen[r.ID] {
		v.errorf(p+".id", "duplicate parking area id %q", r.ID)
		return nil
	}
	seen[r.ID] = true
	ok := true
	if r.EN == "" || r.ZH == "" {
		v.errorf(p, "parking area %q needs en and zh names", r.ID)
		ok = false
	}
	if r.Kind != "garage" && r.Kind != "lot" {
		v.errorf(p+".kind", "parking kind %q is not one of garage, lot", r.Kind)
		ok = false
	}
	pl := places[r.Place]
	if pl == nil {
		ids := make([]string, 0, len(places))
		for id, q := range places {
			if q.Category == CatParking {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		v.errorf(p+".place", "unknown place %q; parking places: %s", r.Place, strings.Join(ids, ", "))
		ok = false
	} else if pl.Category != CatParking {
		v.errorf(p+".place", "place %q has category %s, a parking area needs a place of category parking", r.Place, pl.Category)
		ok = false
	}
	if !okCoord(r.Origin[0], r.Origin[1]) || !okCoord(r.Entrance[0], r.Entrance[1]) {
		v.errorf(p+".origin", "origin and entrance must be finite")
		ok = false
	}
	a := &ParkingArea{ID: r.ID, NameEN: r.EN, NameZH: r.ZH, Kind: r.Kind, Place: pl,
		OriginX: r.Origin[0], OriginY: r.Origin[1], Level: r.Level, Entrance: r.Entrance}
	aisles := map[string]bool{}
	for j, ra := range r.Aisles {
		ap := fmt.Sprintf("%s.aisles[%d]", p, j)
		switch {
		case ra.ID == "":
			v.errorf(ap+".id", "missing aisle id")
			ok = false
			continue
		case aisles[ra.ID]:
			v.errorf(ap+".id", "duplicate aisle id %q", ra.ID)
			ok = false
			continue
		case len(ra.Points) < 2:
			v.errorf(ap+".points", "an aisle needs at least two points")
			ok = false
			continue
		case !finite(ra.WidthM) || ra.WidthM < 2.5 || ra.WidthM > 30:
			v.errorf(ap+".width_m", "aisle width must be 2.5 to 30 m, got %v", ra.WidthM)
			ok = false
			continue
		}
		for _, pt := range ra.Points {
			if !okCoord(pt[0], pt[1]) {
				v.errorf(ap+".points", "points must be finite")
				ok = false
			}
		}
		aisles[ra.ID] = true
		a.Aisles = append(a.Aisles, Aisle{ID: ra.ID, Points: append([][2]float64(nil), ra.Points...), WidthM: ra.WidthM, OneWay: ra.OneWay})
	}
	for j, k := range r.Kerbs {
		if !okCoord(k[0][0], k[0][1]) || !okCoord(k[1][0], k[1][1]) {
			v.errorf(fmt.Sprintf("%s.kerbs[%d]", p, j), "kerb points must be finite")
			ok = false
		}
	}
	a.Kerbs = append([][2][2]float64(nil), r.Kerbs...)
	if len(r.Slots) > maxSlots {
		v.errorf(p+".slots", "at most %d slots per parking area, got %d", maxSlots, len(r.Slots))
		return nil
	}
	slotIDs := map[string]bool{}
	for j, rs := range r.Slots {
		sp := fmt.Sprintf("%s.slots[%d]", p, j)
		if s, good := v.slot(sp, &rs, aisles, slotIDs); good {
			a.Slots = append(a.Slots, s)
		} else {
			ok = false
		}
	}
	if len(r.Slots) == 0 {
		v.errorf(p+".slots", "a parking area needs slots")
		ok = false
	}
	if !ok {
		return nil
	}
	// overlaps: shrink each slot a little so shared lines are allowed
	for i := range a.Slots {
		for j := i + 1; j < len(a.Slots); j++ {
			if slotsOverlap(&a.Slots[i], &a.Slots[j]) {
				v.errorf(fmt.Sprintf("%s.slots[%d]", p, j), "slot %q overlaps slot %q", a.Slots[j].ID, a.Slots[i].ID)
				return nil
			}
		}
	}
	return a
}

func (v *validator) slot(sp string, rs *rawSlot, aisles map[string]bool, seen map[string]bool) (Slot, bool) {
	switch {
	case rs.ID == "":
		v.errorf(sp+".id", "missing slot id")
		return Slot{}, false
	case seen[rs.ID]:
		v.errorf(sp+".id", "duplicate slot id %q", rs.ID)
		return Slot{}, false
	case !okCoord(rs.X, rs.Y) || !finite(rs.Heading):
		v.errorf(sp, "slot position and heading must be finite")
		return Slot{}, false
	case !finite(rs.LengthM) || rs.LengthM < 3 || rs.LengthM > 20:
		v.errorf(sp+".length_m", "slot length must be 3 to 20 m, got %v", rs.LengthM)
		return Slot{}, false
	case !finite(rs.WidthM) || rs.WidthM < 1.8 || rs.WidthM > 6:
		v.errorf(sp+".width_m", "slot width must be 1.8 to 6 m, got %v", rs.WidthM)
		return Slot{}, false
	case !aisles[rs.Aisle]:
		v.errorf(sp+".aisle", "unknown aisle %q", rs.Aisle)
		return Slot{}, false
	}
	seen[rs.ID] = true
	angle := rs.Angle
	switch SlotKind(rs.Kind) {
	case Parallel:
		if angle != 0 {
			v.errorf(sp+".angle_deg", "a parallel slot has no angle")
			return Slot{}, false
		}
	case Perpendicular:
		if angle != 0 && angle != 90 {
			v.errorf(sp+".angle_deg", "a perpendicular slot is at 90°")
			return Slot{}, false
		}
		angle = 90
	case Angled:
		if !finite(angle) || angle <= 0 || angle >= 90 {
			v.errorf(sp+".angle_deg", "an angled slot needs angle_deg between 0 and 90, got %v", angle)
			return Slot{}, false
		}
	default:
		v.errorf(sp+".kind", "slot kind %q is not one of parallel, perpendicular, angled", rs.Kind)
		return Slot{}, false
	}
	h := math.Mod(rs.Heading, 360)
	if h < 0 {
		h += 360
	}
	return Slot{ID: rs.ID, X: rs.X, Y: rs.Y, HeadingDeg: h, Kind: SlotKind(rs.Kind), AngleDeg: angle,
		LengthM: rs.LengthM, WidthM: rs.WidthM, Occupied: rs.Occupied, Aisle: rs.Aisle}, true
}

// slotsOverlap reports whether two slots overlap by more than a few
// centimetres (shared lines are fine), by the separating axis theorem.
func slotsOverlap(a, b *Slot) bool {
	const shrink = 0.05
	pa := rectCorners(a.X, a.Y, a.HeadingDeg, a.LengthM-2*shrink, a.WidthM-2*shrink)
	pb := rectCorners(b.X, b.Y, b.HeadingDeg, b.LengthM-2*shrink, b.WidthM-2*shrink)
	for _, poly := range [2][4][2]float64{pa, pb} {
		for i := 0; i < 4; i++ {
			p, q := poly[i], poly[(i+1)%4]
			nx, ny := q[1]-p[1], p[0]-q[0]
			amin, amax := project(pa, nx, ny)
			bmin, bmax := project(pb, nx, ny)
			if amax <= bmin || bmax <= amin {
				return false
			}
		}
	}
	return true
}

func project(poly [4][2]float64, nx, ny float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range poly {
		d := p[0]*nx + p[1]*ny
		lo = math.Min(lo, d)
		hi = math.Max(hi, d)
	}
	return lo, hi
}

// nearest returns up to n candidates closest to s by edit distance (ties by
// name), for "did you mean" messages.
func nearest(s string, cands []string, n int) []string {
	type sc struct {
		id string
		d  int
	}
	all := make([]sc, 0, len(cands))
	for _, c := range cands {
		all = append(all, sc{c, datacheck.Distance(s, c)})
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].d != all[j].d {
			return all[i].d < all[j].d
		}
		return all[i].id < all[j].id
	})
	out := []string{}
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].id)
	}
	return out
}
