// Package world is the static road world of the simulator: nodes, roads,
// places (points of interest), charging and fuel stations, and parking areas
// with individual slots. A Map is loaded from a YAML file under assets/maps
// (see docs/maps.md), validated, and indexed as a directed graph for routing.
//
// Coordinates are flat metres: x grows to the east, y to the north. Headings
// are in degrees, mathematical convention: 0° points east (+x), 90° north
// (+y), counter-clockwise, in [0, 360).
//
// The package is pure: no clock, no goroutines, no I/O except through the
// fs.FS handed to Load. A loaded Map is read-only and safe to share.
package world

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// NodeID names a node of the road graph, e.g. "r4-n0".
type NodeID string

// RoadType classifies a road; it drives default speeds, routing options and
// the L3 operational design domain.
type RoadType string

// The road types a map may use.
const (
	Expressway RoadType = "expressway" // grade-separated motorway, no pedestrians
	Ramp       RoadType = "ramp"       // slip road of an interchange
	Arterial   RoadType = "arterial"   // urban main road or national road, at-grade junctions
	Street     RoadType = "street"     // local street
	Service    RoadType = "service"    // access road: compound gate, car park, service area
)

// Markings is the quality of a road's lane markings.
type Markings string

// The lane-marking qualities a map may use.
const (
	MarkingsGood Markings = "good" // clearly visible lane lines
	MarkingsWorn Markings = "worn" // faded, intermittently detectable
	MarkingsNone Markings = "none" // no lane lines
)

// Node is a point of the road graph where roads meet, end or change
// attributes.
type Node struct {
	ID   NodeID
	X, Y float64
}

// Road is a stretch of road between two nodes.
//
// Direction model: a road that is not OneWay can be driven From→To and
// To→From. Divided means the two directions run on physically separated
// carriageways (a median or barrier): a divided road is still one Road with
// both directions (unless OneWay, which then stands for a single carriageway
// of a divided road), and no move may cross its median: at a node touched by
// a divided road or an expressway, any turn of more than MaxTurnDivided
// degrees, and any reversal onto the same road, is impossible (so no U-turns
// there, and no hop from one carriageway's service area to the other's). A
// two-way ramp stands for the on and off slip roads of its interchange
// quadrant; turning back onto it at its surface end (exit, turn round at the
// junction, re-enter) is allowed like any U-turn on an undivided road.
type Road struct {
	ID     string
	NameEN string
	NameZH string
	Type   RoadType
	From   NodeID
	To     NodeID
	// Points are the intermediate polyline points between From and To, in
	// metres (x, y); empty for a straight road.
	Points [][2]float64
	// LengthM is the length in metres: computed from the geometry unless the
	// map gives length_m (which must not be shorter than the straight line
	// between the nodes).
	LengthM       float64
	SpeedLimitKmh float64
	Lanes         int // lanes per direction
	Markings      Markings
	Toll          bool
	TollCNY       float64 // toll charged for driving the whole road, 0 when unknown
	Divided       bool
	OneWay        bool
	MixedTraffic  bool    // cars share the road with electric mopeds, cyclists and pedestrians
	GradePct      float64 // average grade From→To in percent (positive uphill)
	Signals       int     // traffic lights along the road (excluding its end nodes' junctions)

	// geometry, filled by Reindex: full polyline From..To and cumulative
	// lengths along it; scale maps route metres to polyline metres.
	pts   [][2]float64
	cum   []float64
	scale float64
}

// MaxTurnDivided is the largest turn, in degrees, allowed at a node touched
// by a divided road or an expressway; anything sharper would cross a median
// (a U-turn) and is impossible.
const MaxTurnDivided = 135.0

// Category is the kind of a place; the set is the voice schema's enum.
type Category string

// The place categories (exactly the voice schema's enum).
const (
	CatHome        Category = "home"
	CatWork        Category = "work"
	CatCharging    Category = "charging"
	CatParking     Category = "parking"
	CatGas         Category = "gas"
	CatRestaurant  Category = "restaurant"
	CatCoffee      Category = "coffee"
	CatRestroom    Category = "restroom"
	CatHotel       Category = "hotel"
	CatHospital    Category = "hospital"
	CatAirport     Category = "airport"
	CatStation     Category = "station"
	CatSupermarket Category = "supermarket"
	CatMall        Category = "mall"
	CatScenic      Category = "scenic"
)

// Categories lists every valid Category in the schema's order.
var Categories = []Category{
	CatHome, CatWork, CatCharging, CatParking, CatGas, CatRestaurant, CatCoffee,
	CatRestroom, CatHotel, CatHospital, CatAirport, CatStation, CatSupermarket,
	CatMall, CatScenic,
}

// Place is a point of interest reachable at a node of the road graph.
type Place struct {
	ID       string
	NameEN   string
	NameZH   string
	Pinyin   string // toneless, lower case, words separated by spaces
	Category Category
	Node     NodeID
	Aliases  []string // other names a driver may use, in any language
}

// StationKind says what a station supplies.
type StationKind string

// The station kinds.
const (
	Charging StationKind = "charging" // DC fast charging
	Fuel     StationKind = "fuel"     // petrol
)

// Station is a charging or fuel station at a place.
type Station struct {
	Place   *Place
	Kind    StationKind
	PowerKW float64 // peak power per stall for charging stations; 0 for fuel
	Stalls  int
}

// SlotKind is the layout of a parking slot.
type SlotKind string

// The slot kinds.
const (
	Parallel      SlotKind = "parallel"
	Perpendicular SlotKind = "perpendicular"
	Angled        SlotKind = "angled"
)

// Slot is one marked parking slot, a LengthM × WidthM rectangle. X, Y are
// its centre in metres relative to the parking area's origin (axes as the
// world's). HeadingDeg is the direction of the slot's long axis pointing
// from its open (aisle) end to its closed end, i.e. the heading of a car
// parked nose-in; for a parallel slot it is the aisle's direction of travel
// along the slot. AngleDeg is the angle between the slot's long axis and the
// aisle for angled slots (e.g. 60), 90 for perpendicular and 0 for parallel
// ones.
type Slot struct {
	ID         string
	X, Y       float64
	HeadingDeg float64
	Kind       SlotKind
	AngleDeg   float64
	LengthM    float64
	WidthM     float64
	Occupied   bool
	Aisle      string // id of the aisle the slot is entered from
}

// Corners returns the slot's four corners in area-local metres,
// counter-clockwise starting at the open end's right-hand corner.
func (s *Slot) Corners() [4][2]float64 {
	return rectCorners(s.X, s.Y, s.HeadingDeg, s.LengthM, s.WidthM)
}

// Aisle is a driving lane inside a parking area, a polyline in area-local
// metres with a width.
type Aisle struct {
	ID     string
	Points [][2]float64
	WidthM float64
	OneWay bool // drivable only in the order of Points
}

// ParkingArea is a garage or surface car park with individual slots.
// Positions inside it (slots, aisles, entrance) are local metres relative to
// (OriginX, OriginY) in world coordinates, axes aligned with the world's.
type ParkingArea struct {
	ID       string
	NameEN   string
	NameZH   string
	Kind     string // "garage" or "lot"
	Place    *Place // the parking place whose node is the area's entrance
	OriginX  float64
	OriginY  float64
	Level    string          // garage level such as "B1"; empty for a lot
	Entrance [2]float64      // local position where cars enter from the road
	Aisles   []Aisle         // driving lanes
	Slots    []Slot          // every slot, free and occupied
	Kerbs    [][2][2]float64 // kerb / wall segments (local), for collision checks
}

// Slot returns the slot with the given id, or nil.
func (a *ParkingArea) Slot(id string) *Slot {
	for i := range a.Slots {
		if a.Slots[i].ID == id {
			return &a.Slots[i]
		}
	}
	return nil
}

// Aisle returns the aisle with the given id, or nil.
func (a *ParkingArea) Aisle(id string) *Aisle {
	for i := range a.Aisles {
		if a.Aisles[i].ID == id {
			return &a.Aisles[i]
		}
	}
	return nil
}

// ToWorld converts area-local metres to world metres.
func (a *ParkingArea) ToWorld(x, y float64) (float64, float64) {
	return a.OriginX + x, a.OriginY + y
}

// Map is a loaded, validated and indexed world.
type Map struct {
	Name     string
	Nodes    map[NodeID]*Node
	Roads    []*Road
	Places   []*Place
	Stations []*Station
	Parking  []*ParkingArea

	graph   *Graph
	placeBy map[string]*Place
	station map[string]*Station
}

// Place returns the place with the given id; failing that, the first place
// (in map order) whose id, alias, English name (all case-insensitive),
// Chinese name or pinyin matches. An unknown id is an error that lists the
// valid ids.
func (m *Map) Place(id string) (*Place, error) {
	if p, ok := m.placeBy[id]; ok {
		return p, nil
	}
	for _, p := range m.Places {
		if p.ID == id {
			return p, nil
		}
	}
	low := strings.ToLower(strings.TrimSpace(id))
	for _, p := range m.Places {
		if strings.ToLower(p.ID) == low {
			return p, nil
		}
	}
	for _, p := range m.Places {
		for _, a := range p.Aliases {
			if strings.ToLower(a) == low {
				return p, nil
			}
		}
	}
	for _, p := range m.Places {
		if strings.ToLower(p.NameEN) == low || p.NameZH == low || p.Pinyin == low {
			return p, nil
		}
	}
	return nil, fmt.Errorf("unknown place %q; valid places: %s", id, strings.Join(m.PlaceIDs(), ", "))
}

// PlaceIDs are the ids of every place, sorted: what an unknown place's
// error offers instead.
func (m *Map) PlaceIDs() []string {
	ids := make([]string, len(m.Places))
	for i, p := range m.Places {
		ids[i] = p.ID
	}
	sort.Strings(ids)
	return ids
}

// Node returns the node with the given id, or nil.
func (m *Map) Node(id NodeID) *Node { return m.Nodes[id] }

// StationAt returns the station at the place with the given id, or nil.
func (m *Map) StationAt(placeID string) *Station {
	if m.station != nil {
		return m.station[placeID]
	}
	for _, s := range m.Stations {
		if s.Place != nil && s.Place.ID == placeID {
			return s
		}
	}
	return nil
}

// Road returns the road with the given id, or nil.
func (m *Map) Road(id string) *Road {
	for _, r := range m.Roads {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// ParkingArea returns the parking area with the given id or place id, or nil.
func (m *Map) ParkingArea(id string) *ParkingArea {
	for _, a := range m.Parking {
		if a.ID == id || (a.Place != nil && a.Place.ID == id) {
			return a
		}
	}
	return nil
}

// PlacesByCategory returns the places of category c in map order.
func (m *Map) PlacesByCategory(c Category) []*Place {
	var out []*Place
	for _, p := range m.Places {
		if p.Category == c {
			out = append(out, p)
		}
	}
	return out
}

// Graph returns the routing index built by Load or Reindex (nil before).
func (m *Map) Graph() *Graph { return m.graph }

// Polyline returns the road's full geometry From..To (shared; do not
// modify). Valid after Load or Reindex.
func (r *Road) Polyline() [][2]float64 { return r.pts }

// GeometryM is the length of the road's polyline in metres (LengthM may
// differ when the map gives length_m).
func (r *Road) GeometryM() float64 {
	if len(r.cum) == 0 {
		return 0
	}
	return r.cum[len(r.cum)-1]
}

// PointAt returns the position and heading at offsetM metres along the road
// (in LengthM units, clamped to [0, LengthM]), driving From→To or, when
// reverse, To→From. It does not allocate.
func (r *Road) PointAt(offsetM float64, reverse bool) (x, y, headingDeg float64) {
	n := len(r.pts)
	if n < 2 {
		if n == 1 {
			return r.pts[0][0], r.pts[0][1], 0
		}
		return 0, 0, 0
	}
	if offsetM < 0 {
		offsetM = 0
	}
	if offsetM > r.LengthM {
		offsetM = r.LengthM
	}
	total := r.cum[n-1]
	d := offsetM * r.scale
	if reverse {
		d = total - d
	}
	// first index with cum[i] >= d, i in [1, n-1]
	lo, hi := 1, n-1
	for lo < hi {
		mid := (lo + hi) / 2
		if r.cum[mid] < d {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	i := lo
	a, b := r.pts[i-1], r.pts[i]
	seg := r.cum[i] - r.cum[i-1]
	t := 0.0
	if seg > 0 {
		t = (d - r.cum[i-1]) / seg
	}
	x = a[0] + (b[0]-a[0])*t
	y = a[1] + (b[1]-a[1])*t
	dx, dy := b[0]-a[0], b[1]-a[1]
	if reverse {
		dx, dy = -dx, -dy
	}
	return x, y, HeadingDeg(dx, dy)
}

// EndHeadings returns the heading when leaving the start and when arriving
// at the end of the road driven in the given direction.
func (r *Road) EndHeadings(reverse bool) (startDeg, endDeg float64) {
	n := len(r.pts)
	if n < 2 {
		return 0, 0
	}
	a0, a1 := r.pts[0], r.pts[1]
	b0, b1 := r.pts[n-2], r.pts[n-1]
	if !reverse {
		return HeadingDeg(a1[0]-a0[0], a1[1]-a0[1]), HeadingDeg(b1[0]-b0[0], b1[1]-b0[1])
	}
	return HeadingDeg(b0[0]-b1[0], b0[1]-b1[1]), HeadingDeg(a0[0]-a1[0], a0[1]-a1[1])
}

// HeadingDeg converts a direction vector to a heading in [0, 360), 0° east,
// counter-clockwise.
func HeadingDeg(dx, dy float64) float64 {
	h := math.Atan2(dy, dx) * 180 / math.Pi
	if h < 0 {
		h += 360
	}
	if h >= 360 {
		h -= 360
	}
	return h
}

// TurnDeg returns the signed turn from heading a to heading b in (-180, 180]:
// positive is a left (counter-clockwise) turn.
func TurnDeg(a, b float64) float64 {
	d := math.Mod(b-a, 360)
	if d > 180 {
		d -= 360
	} else if d <= -180 {
		d += 360
	}
	return d
}

func rectCorners(cx, cy, headingDeg, length, width float64) [4][2]float64 {
	th := headingDeg * math.Pi / 180
	ux, uy := math.Cos(th), math.Sin(th) // long axis
	vx, vy := -uy, ux                    // left
	hl, hw := length/2, width/2
	return [4][2]float64{
		{cx - ux*hl + vx*-hw, cy - uy*hl + vy*-hw},
		{cx + ux*hl + vx*-hw, cy + uy*hl + vy*-hw},
		{cx + ux*hl + vx*hw, cy + uy*hl + vy*hw},
		{cx - ux*hl + vx*hw, cy - uy*hl + vy*hw},
	}
}

// Bounds returns the bounding box of all nodes and road points, in metres.
func (m *Map) Bounds() (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	grow := func(x, y float64) {
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	for _, n := range m.Nodes {
		grow(n.X, n.Y)
	}
	for _, r := range m.Roads {
		for _, p := range r.Points {
			grow(p[0], p[1])
		}
	}
	if minX > maxX {
		return 0, 0, 0, 0
	}
	return minX, minY, maxX, maxY
}

// NearestNode returns the node closest to (x, y) in a straight line (ties
// by id), or nil for an empty map.
func (m *Map) NearestNode(x, y float64) *Node {
	var best *Node
	bd := math.Inf(1)
	for _, n := range m.Nodes {
		d := math.Hypot(n.X-x, n.Y-y)
		if d < bd || (d == bd && best != nil && n.ID < best.ID) {
			best, bd = n, d
		}
	}
	return best
}

// NearestPlaces returns up to n places of category c (any category when c
// is empty) ordered by straight-line distance from (x, y), ties by id. For
// the nearest by driving time use route.Nearest.
func (m *Map) NearestPlaces(x, y float64, c Category, n int) []*Place {
	type pd struct {
		p *Place
		d float64
	}
	var all []pd
	for _, p := range m.Places {
		if c != "" && p.Category != c {
			continue
		}
		nd := m.Nodes[p.Node]
		if nd == nil {
			continue
		}
		all = append(all, pd{p, math.Hypot(nd.X-x, nd.Y-y)})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].d != all[j].d {
			return all[i].d < all[j].d
		}
		return all[i].p.ID < all[j].p.ID
	})
	if n > 0 && len(all) > n {
		all = all[:n]
	}
	out := make([]*Place, len(all))
	for i := range all {
		out[i] = all[i].p
	}
	return out
}
