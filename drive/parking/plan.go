package parking

import (
	"container/heap"
	"fmt"
	"math"

	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/world"
)

// Gear is the direction of travel of a path segment.
type Gear int8

// The gears a manoeuvre uses.
const (
	Forward Gear = 1  // D
	Reverse Gear = -1 // R
)

// String returns "forward" or "reverse".
func (g Gear) String() string {
	if g == Reverse {
		return "reverse"
	}
	return "forward"
}

// Segment is a piece of path driven in one gear at one steering curvature:
// a straight line (Curvature 0) or a circular arc about a point on the rear
// axle's extension. Curvature is 1/m, positive when steering left, as seen
// from the driver's seat whatever the gear.
type Segment struct {
	Gear      Gear
	Curvature float64
	LengthM   float64
}

// signed is the segment's length with the sign of its gear.
func (s Segment) signed() float64 { return float64(s.Gear) * s.LengthM }

// appendSeg appends s to segs, merging it into the last one when gear and
// curvature match, so that a path lists the moves a driver would describe.
func appendSeg(segs []Segment, s Segment) []Segment {
	if s.LengthM <= 0 {
		return segs
	}
	if n := len(segs); n > 0 && segs[n-1].Gear == s.Gear && math.Abs(segs[n-1].Curvature-s.Curvature) < 1e-9 {
		segs[n-1].LengthM += s.LengthM
		return segs
	}
	return append(segs, s)
}

// Path is a planned manoeuvre from Start to Goal.
type Path struct {
	Start, Goal Pose
	Segments    []Segment
	// GearChanges counts every shift between D and R, including the first
	// one into R when the manoeuvre starts in reverse (the car arrives in D
	// from the slot search). The final shift into P is not counted.
	GearChanges int
	LengthM     float64
	SlotID      string
	// NoseIn is true when the car ends facing the slot's closed end.
	NoseIn bool
}

// countGearChanges counts shifts from D at the start through segs.
func countGearChanges(segs []Segment) int {
	n, cur := 0, Forward
	for _, s := range segs {
		if s.Gear != cur {
			n++
			cur = s.Gear
		}
	}
	return n
}

func newPath(start, goal Pose, segs []Segment) Path {
	p := Path{Start: start, Goal: goal, Segments: segs, GearChanges: countGearChanges(segs)}
	for _, s := range segs {
		p.LengthM += s.LengthM
	}
	return p
}

// PoseAt returns the pose after d metres of travel along the path (clamped
// to [0, LengthM]) and the index of the segment being driven.
func (p *Path) PoseAt(d float64) (Pose, int) {
	pose := p.Start
	if d <= 0 || len(p.Segments) == 0 {
		return pose, 0
	}
	for i, s := range p.Segments {
		if d <= s.LengthM || i == len(p.Segments)-1 {
			d = math.Min(d, s.LengthM)
			return advance(pose, s.Curvature, float64(s.Gear)*d), i
		}
		pose = advance(pose, s.Curvature, s.signed())
		d -= s.LengthM
	}
	return pose, len(p.Segments) - 1
}

// End returns the pose the path really ends at (the integrated segments).
func (p *Path) End() Pose {
	pose := p.Start
	for _, s := range p.Segments {
		pose = advance(pose, s.Curvature, s.signed())
	}
	return pose
}

// Poses samples the path every step metres, both ends included.
func (p *Path) Poses(step float64) []Pose {
	if step <= 0 {
		step = 0.1
	}
	out := []Pose{p.Start}
	pose := p.Start
	for _, s := range p.Segments {
		n := int(math.Ceil(s.LengthM / step))
		for i := 1; i <= n; i++ {
			out = append(out, advance(pose, s.Curvature, float64(s.Gear)*s.LengthM*float64(i)/float64(n)))
		}
		pose = advance(pose, s.Curvature, s.signed())
	}
	return out
}

// Params are the planner's tuning and the standard's limits. DefaultParams
// documents where each value comes from.
type Params struct {
	// Safety margins kept between the car's body and obstacles, by kind.
	MarginCarM, MarginKerbM, MarginPedestrianM float64
	// Search resolution: the length of one motion primitive, the position
	// grid and the number of heading bins of the hybrid A* closed set.
	StepM, GridM float64
	HeadingBins  int
	// CheckStepM is how often (metres of rear-axle travel) the footprint is
	// checked for collisions along a primitive or an analytic curve.
	CheckStepM float64
	// MaxExpansions bounds the search so that the planner answers in time.
	MaxExpansions int
	// StepExpansions bounds the planner's work in one Machine.Step: a plan
	// that needs more goes on in the next steps (StatePlanning), so that a
	// failing plan, which runs every search to MaxExpansions, never stalls
	// one step of the drive.
	StepExpansions int
	// Cost shaping: reversing costs ReverseFactor per metre, each change of
	// direction GearPenaltyM metres, each change of steering SteerPenaltyM.
	ReverseFactor, GearPenaltyM, SteerPenaltyM float64
	// Gear-change limits by slot kind (GB/T 41630-2022: 7 perpendicular, 8
	// parallel; angled slots use the perpendicular limit).
	MaxGearsPerpendicular, MaxGearsParallel, MaxGearsAngled int
	// End-position tolerances: heading error and lateral offset of the
	// car's centre from the slot's centre line.
	HeadingTolDeg, LateralTolM float64
	// Slot fit: clear space the car needs inside the slot lines, per side
	// across and per end along (parallel slots need room to manoeuvre).
	FitSideM, FitEndParallelM float64
	// ParkedCarLengthM / WidthM is the size assumed for a car in an
	// occupied slot (clamped to the slot less 0.1 m per side).
	ParkedCarLengthM, ParkedCarWidthM float64
}

// stepExpansions is DefaultParams' StepExpansions: 250 expansions cost
// 5-12 ms (BenchmarkPlanningStep, 2 shared cores), a fraction of the 50 ms
// a real-time step lasts; the bundled car parks' plans need far fewer
// (BenchmarkPlan: 0.7-2.7 ms whole) and still start in the step of the
// confirmation. A plan that fails, 16,000 expansions, takes 64 steps
// (3.2 s of "planning") instead of stalling one step for 0.5-3 s.
const stepExpansions = 250

// DefaultParams are the values the simulator uses.
//
//   - margins: 0.15 m to cars and 0.05 m to kerbs, the ultrasonic stop
//     distances of production APA systems are 0.2-0.3 m, but a kerb must be
//     approached to 0.05-0.35 m for a parallel end position (GB/T
//     41630-2022), so kerbs get the smaller margin; 0.5 m to pedestrians.
//   - resolution: 0.5 m primitives, a 0.25 m × 5° closed-set grid and
//     collision checks every 0.1 m keep a typical slot under 50 ms.
//   - StepExpansions: see stepExpansions.
//   - limits and tolerances: GB/T 41630-2022 (≤ 7 / ≤ 8 gear changes, ≤ 3°),
//     and ≤ 0.15 m lateral, the standard's tyre-to-line figure.
func DefaultParams() Params {
	return Params{
		MarginCarM: 0.15, MarginKerbM: 0.05, MarginPedestrianM: 0.5,
		StepM: 0.5, GridM: 0.25, HeadingBins: 72, CheckStepM: 0.1,
		MaxExpansions: 8000, StepExpansions: stepExpansions,
		ReverseFactor: 1.2, GearPenaltyM: 3, SteerPenaltyM: 0.3,
		MaxGearsPerpendicular: 7, MaxGearsParallel: 8, MaxGearsAngled: 7,
		HeadingTolDeg: 3, LateralTolM: 0.15,
		FitSideM: 0.15, FitEndParallelM: 0.3,
		ParkedCarLengthM: 4.8, ParkedCarWidthM: 1.9,
	}
}

// MaxGears returns the gear-change limit for a slot kind.
func (p Params) MaxGears(k world.SlotKind) int {
	switch k {
	case world.Parallel:
		return p.MaxGearsParallel
	case world.Angled:
		return p.MaxGearsAngled
	}
	return p.MaxGearsPerpendicular
}

// Reason is a machine-readable code with a one-sentence explanation (a
// "parking.reason.*" message), for the event log and the HMI.
type Reason struct {
	Code string
	Msg  msg.Msg
}

// The planner's failure codes.
const (
	CodeGeometry     = "bad_geometry"  // the profile has no usable dimensions
	CodeTooSmall     = "too_small"     // the car does not fit the slot lines
	CodeOccupied     = "occupied"      // the slot is taken
	CodeGoalBlocked  = "goal_blocked"  // something stands in the slot
	CodeStartBlocked = "start_blocked" // the car already touches an obstacle
	CodeNoPath       = "no_path"       // no manoeuvre within the limits
)

// PlanError is returned when no path exists; its Reason says why.
type PlanError struct{ Reason }

// Error returns the code and the reason's message key, for logs; front
// ends render Msg.
func (e *PlanError) Error() string { return "parking: " + e.Code + ": " + e.Msg.Key }

func planErr(code, key string, args ...msg.Arg) *PlanError {
	return &PlanError{Reason{code, msg.New(key, args...)}}
}

// Fits reports whether a car of geometry g fits inside the slot's lines,
// and why not.
func Fits(g Geometry, s *world.Slot, par Params) (bool, Reason) {
	L := g.length()
	needW := g.WidthM + 2*par.FitSideM
	needL := L
	if s.Kind == world.Parallel {
		needL = L + 2*par.FitEndParallelM
	}
	switch {
	case needL > s.LengthM+1e-9:
		return false, Reason{CodeTooSmall, msg.New("parking.reason.too_short",
			msg.Text("slot", s.ID), msg.Num("have", s.LengthM, 2), msg.Num("need", needL, 2))}
	case needW > s.WidthM+1e-9:
		return false, Reason{CodeTooSmall, msg.New("parking.reason.too_narrow",
			msg.Text("slot", s.ID), msg.Num("have", s.WidthM, 2), msg.Num("need", needW, 2))}
	}
	return true, Reason{}
}

// Goal is one end pose in a slot (world frame): the car centred with its
// long axis on the slot's.
type Goal struct {
	Pose   Pose
	NoseIn bool
}

// Goals returns the end poses for a slot in world coordinates, in order of
// preference: reverse in (nose out) for perpendicular slots, as Chinese APA
// systems do; nose in for angled slots, whose angle favours it; and along
// the aisle's direction of travel for parallel slots.
func Goals(g Geometry, slotX, slotY, slotHeadingRad float64, kind world.SlotKind) []Goal {
	in := g.poseForCentre(slotX, slotY, slotHeadingRad)
	out := g.poseForCentre(slotX, slotY, slotHeadingRad+math.Pi)
	switch kind {
	case world.Perpendicular:
		return []Goal{{out, false}, {in, true}}
	case world.Parallel:
		return []Goal{{in, true}, {out, false}}
	}
	return []Goal{{in, true}, {out, false}}
}

// checker tests footprints against obstacles.
type checker struct {
	g                      Geometry
	obs                    []Obstacle
	margins                []float64 // per obstacle
	radius                 float64   // of the footprint about its centre, plus the largest margin
	minX, minY, maxX, maxY float64   // region of interest for the rear axle
}

func newChecker(g Geometry, obs []Obstacle, par Params) *checker {
	c := &checker{g: g}
	maxM := 0.0
	for _, o := range obs {
		if len(o.Points) < 2 {
			continue
		}
		o.prepare()
		m := par.MarginCarM
		switch o.Kind {
		case ObstacleKerb, ObstacleBounds:
			m = par.MarginKerbM
		case ObstaclePedestrian:
			m = par.MarginPedestrianM
		}
		maxM = math.Max(maxM, m)
		c.obs = append(c.obs, o)
		c.margins = append(c.margins, m)
	}
	c.radius = math.Hypot(g.length()/2, g.WidthM/2) + maxM
	c.minX, c.minY, c.maxX, c.maxY = math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)
	return c
}

// free reports whether the car at p keeps its margins to every obstacle.
func (c *checker) free(p Pose) bool {
	if p.X < c.minX || p.X > c.maxX || p.Y < c.minY || p.Y > c.maxY {
		return false
	}
	ctr := c.g.Centre(p)
	var fp [4]Point
	lastM := -1.0
	for i := range c.obs {
		o := &c.obs[i]
		m := c.margins[i]
		if len(o.Points) == 2 {
			if distPointSeg(ctr, o.Points[0], o.Points[1]) > c.radius {
				continue
			}
		} else if math.Hypot(ctr.X-o.cx, ctr.Y-o.cy) > c.radius+o.r {
			continue
		}
		if m != lastM {
			fp = c.g.Footprint(p, m)
			lastM = m
		}
		if overlaps(fp[:], o.Points) {
			return false
		}
	}
	return true
}

// segFree checks a segment from p at CheckStepM intervals (the end pose
// included, the start pose not).
func (c *checker) segFree(p Pose, s Segment, step float64) bool {
	n := int(math.Ceil(s.LengthM / step))
	for i := 1; i <= n; i++ {
		if !c.free(advance(p, s.Curvature, float64(s.Gear)*s.LengthM*float64(i)/float64(n))) {
			return false
		}
	}
	return true
}

// ObstaclesFor lists the obstacles of a parking area in world coordinates:
// a parked car in every occupied slot except skipSlot, every kerb and wall,
// and the area's outline (its aisles, slots, kerbs and entrance grown by a
// metre) as bounds, so that no plan leaves the car park.
func ObstaclesFor(area *world.ParkingArea, skipSlot string, par Params) []Obstacle {
	var out []Obstacle
	for i := range area.Slots {
		s := &area.Slots[i]
		if !s.Occupied || s.ID == skipSlot {
			continue
		}
		x, y, h := slotWorldPose(area, s)
		l := math.Min(par.ParkedCarLengthM, s.LengthM-0.2)
		w := math.Min(par.ParkedCarWidthM, s.WidthM-0.2)
		out = append(out, BoxObstacle(ObstacleCar, "slot "+s.ID, x, y, h, l, w))
	}
	for i, k := range area.Kerbs {
		ax, ay := area.ToWorld(k[0][0], k[0][1])
		bx, by := area.ToWorld(k[1][0], k[1][1])
		out = append(out, SegmentObstacle(ObstacleKerb, fmt.Sprintf("kerb %d", i+1), Point{ax, ay}, Point{bx, by}))
	}
	minX, minY, maxX, maxY := areaBounds(area)
	corners := []Point{{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}}
	for i := range corners {
		out = append(out, SegmentObstacle(ObstacleBounds, "bounds", corners[i], corners[(i+1)%4]))
	}
	return out
}

// areaBounds is the world bounding box of everything in the area, grown
// by 1 m.
func areaBounds(area *world.ParkingArea) (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	grow := func(x, y, r float64) {
		minX, minY = math.Min(minX, x-r), math.Min(minY, y-r)
		maxX, maxY = math.Max(maxX, x+r), math.Max(maxY, y+r)
	}
	grow(area.Entrance[0], area.Entrance[1], 0)
	for _, a := range area.Aisles {
		for _, p := range a.Points {
			grow(p[0], p[1], a.WidthM/2)
		}
	}
	for i := range area.Slots {
		for _, c := range area.Slots[i].Corners() {
			grow(c[0], c[1], 0)
		}
	}
	for _, k := range area.Kerbs {
		grow(k[0][0], k[0][1], 0)
		grow(k[1][0], k[1][1], 0)
	}
	minX, minY = area.ToWorld(minX-1, minY-1)
	maxX, maxY = area.ToWorld(maxX+1, maxY+1)
	return
}

// Plan plans a manoeuvre with DefaultParams from start into slot, whose
// position is in the same (world) frame as start and the obstacles; see
// PlanWith.
func Plan(g Geometry, start Pose, slot world.Slot, obstacles []Obstacle) (Path, error) {
	return PlanWith(DefaultParams(), g, start, slot, obstacles)
}

// PlanInArea plans into the slot with id slotID of area: the slot and
// area are in area-local metres, start and extra obstacles (pedestrians,
// moving cars) in world metres.
func PlanInArea(g Geometry, start Pose, area *world.ParkingArea, slotID string, extra []Obstacle) (Path, error) {
	return NewPlannerInArea(DefaultParams(), g, start, area, slotID, extra).finish()
}

// NewPlannerInArea is NewPlanner for PlanInArea, with par.
func NewPlannerInArea(par Params, g Geometry, start Pose, area *world.ParkingArea, slotID string, extra []Obstacle) *Planner {
	s := area.Slot(slotID)
	if s == nil {
		return failed(planErr(CodeNoPath, "parking.reason.no_slot", msg.Text("slot", slotID)))
	}
	ws := *s
	ws.X, ws.Y = area.ToWorld(s.X, s.Y)
	obs := append(ObstaclesFor(area, s.ID, par), extra...)
	return NewPlanner(par, g, start, ws, obs)
}

// PlanWith plans a collision-free manoeuvre from start into slot: a hybrid
// A* search over arcs of the car's own turning radius (forward and reverse,
// five steering values) with a Reeds-Shepp shot to the exact end pose, the
// car's footprint checked against the obstacles every CheckStepM. The end
// pose is the car centred in the slot, aligned with it; the gear changes
// stay within the standard's limit for the slot kind. Slot and obstacles
// are in the frame of start. A failure is a *PlanError that says why.
// It is NewPlanner run to its end.
func PlanWith(par Params, g Geometry, start Pose, slot world.Slot, obstacles []Obstacle) (Path, error) {
	return NewPlanner(par, g, start, slot, obstacles).finish()
}

// NewPlanner starts PlanWith's planning without searching yet: Run does
// the work in pieces of a bounded number of expansions, so that a caller
// with a time step (the parking assist's Step) spreads a long search over
// several steps instead of stalling one. The pieces give the same path
// as PlanWith, whatever their size.
func NewPlanner(par Params, g Geometry, start Pose, slot world.Slot, obstacles []Obstacle) *Planner {
	if !g.Valid() {
		return failed(planErr(CodeGeometry, "parking.reason.bad_geometry"))
	}
	if slot.Occupied {
		return failed(planErr(CodeOccupied, "parking.reason.occupied", msg.Text("slot", slot.ID)))
	}
	if ok, why := Fits(g, &slot, par); !ok {
		return failed(&PlanError{why})
	}
	start.HeadingRad = normAngle(start.HeadingRad)
	ck := newChecker(g, obstacles, par)
	if !ck.free(start) {
		return failed(planErr(CodeStartBlocked, "parking.reason.start_blocked"))
	}
	limit := par.MaxGears(slot.Kind)
	pl := &Planner{par: par, g: g, ck: ck, start: start, limit: limit, slotID: slot.ID,
		// Search backwards first (driving out of the slot towards the
		// start): the slot's surroundings constrain the search most, and
		// analytic shots from the open aisle to the start rarely collide.
		// The forward search is the fallback.
		backwardFirst: true,
		blocked:       planErr(CodeGoalBlocked, "parking.reason.slot_blocked", msg.Text("slot", slot.ID)),
		noPath:        planErr(CodeNoPath, "parking.reason.no_path_into", msg.Text("slot", slot.ID), msg.Int("gears", limit)),
	}
	for _, goal := range Goals(g, slot.X, slot.Y, slot.HeadingDeg*math.Pi/180, slot.Kind) {
		pl.goals = append(pl.goals, planGoal{pose: goal.Pose, noseIn: goal.NoseIn})
	}
	return pl
}

// PlanBetween plans a manoeuvre from one pose to another, e.g. out of a
// slot to the aisle for remote parking out, with at most maxGears changes
// between D and R. Poses and obstacles share one frame. It is
// NewPlannerBetween run to its end.
func PlanBetween(par Params, g Geometry, from, to Pose, maxGears int, obstacles []Obstacle) (Path, error) {
	return NewPlannerBetween(par, g, from, to, maxGears, obstacles).finish()
}

// NewPlannerBetween is NewPlanner for PlanBetween.
func NewPlannerBetween(par Params, g Geometry, from, to Pose, maxGears int, obstacles []Obstacle) *Planner {
	if !g.Valid() {
		return failed(planErr(CodeGeometry, "parking.reason.bad_geometry"))
	}
	ck := newChecker(g, obstacles, par)
	if !ck.free(from) {
		return failed(planErr(CodeStartBlocked, "parking.reason.start_blocked"))
	}
	return &Planner{par: par, g: g, ck: ck, start: from, limit: maxGears, goals: []planGoal{{pose: to}},
		blocked: planErr(CodeGoalBlocked, "parking.reason.target_blocked"),
		noPath:  planErr(CodeNoPath, "parking.reason.no_path", msg.Int("gears", maxGears))}
}

// Planner is a plan under way (NewPlanner, NewPlannerBetween): for each
// goal pose in turn, a search in one direction and, if it fails, in the
// other, each of at most Params.MaxExpansions expansions.
type Planner struct {
	par           Params
	g             Geometry
	ck            *checker
	start         Pose
	limit         int
	slotID        string
	goals         []planGoal
	backwardFirst bool
	// blocked and noPath are the failures of one goal, in this plan's
	// words.
	blocked, noPath *PlanError

	gi, dir int     // the goal and the direction (0 first, 1 fallback) searched
	cur     *search // nil between searches
	done    bool
	path    Path
	err     *PlanError
	// Expansions counts the search's work so far, over all Runs.
	Expansions int
}

type planGoal struct {
	pose   Pose
	noseIn bool
}

// failed is a planner that failed before searching.
func failed(err *PlanError) *Planner { return &Planner{done: true, err: err} }

// Run searches for at most budget expansions and reports whether the plan
// is done (Result has it).
func (p *Planner) Run(budget int) bool {
	for !p.done && budget > 0 {
		if p.cur == nil {
			if p.gi >= len(p.goals) {
				p.done = true
				if p.err == nil {
					p.err = p.noPath
				}
				break
			}
			goal := p.goals[p.gi].pose
			if p.dir == 0 && !p.ck.free(goal) {
				p.err = p.blocked
				p.gi++
				continue
			}
			backward := p.backwardFirst == (p.dir == 0)
			if backward {
				p.cur = newSearch(p.par, p.g, p.ck, goal, p.start, p.limit, true)
			} else {
				p.cur = newSearch(p.par, p.g, p.ck, p.start, goal, p.limit, false)
			}
		}
		before := p.cur.exp
		segs, finished, ok := p.cur.run(budget)
		used := max(p.cur.exp-before, 1)
		p.Expansions += used
		budget -= used
		if !finished {
			continue
		}
		p.cur = nil
		if ok {
			goal := p.goals[p.gi]
			p.path = newPath(p.start, goal.pose, segs)
			p.path.SlotID = p.slotID
			p.path.NoseIn = goal.noseIn
			p.done, p.err = true, nil
			break
		}
		if p.dir == 0 {
			p.dir = 1
			continue
		}
		p.err = p.noPath
		p.dir = 0
		p.gi++
	}
	return p.done
}

// Result is the plan's path, or the *PlanError that says why there is
// none; valid once Run has reported done.
func (p *Planner) Result() (Path, error) {
	if p.err != nil {
		return Path{}, p.err
	}
	return p.path, nil
}

// finish runs the plan to its end.
func (p *Planner) finish() (Path, error) {
	for !p.Run(math.MaxInt32) {
	}
	return p.Result()
}

// node is a search state of the hybrid A*.
type node struct {
	pose   Pose
	g, f   float64
	parent int32
	seg    Segment // the primitive that reached this node
	gears  int8
	gear   Gear
}

// openHeap is the open set, a container/heap of node indexes ordered by f
// and then by index, so that ties break the same way every run.
type openHeap struct {
	nodes []node
	items []int32
}

func (h *openHeap) Len() int { return len(h.items) }
func (h *openHeap) Less(i, j int) bool {
	a, b := &h.nodes[h.items[i]], &h.nodes[h.items[j]]
	if a.f != b.f {
		return a.f < b.f
	}
	return h.items[i] < h.items[j] // deterministic ties
}
func (h *openHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *openHeap) Push(x any)    { h.items = append(h.items, x.(int32)) }
func (h *openHeap) Pop() any {
	n := len(h.items)
	x := h.items[n-1]
	h.items = h.items[:n-1]
	return x
}

// reverseSegs returns the segments that retrace segs backwards: reversed
// order, opposite gears, the same curvatures (a kinematic car retraces an
// arc exactly when it drives it in the other gear).
func reverseSegs(segs []Segment) []Segment {
	out := make([]Segment, 0, len(segs))
	for i := len(segs) - 1; i >= 0; i-- {
		s := segs[i]
		s.Gear = -s.Gear
		out = appendSeg(out, s)
	}
	return out
}

// search is one hybrid A* search from start to goal, resumable: run
// expands at most a budget of nodes and carries on where it stopped next
// time. When backward, start is the end pose in the slot and goal the
// car's real start: the result is reversed, and the gear limit applies to
// the reversed path.
type search struct {
	par      Params
	g        Geometry
	ck       *checker
	start    Pose
	goal     Pose
	maxGears int
	backward bool
	r        float64
	steers   []float64
	// the region of interest: the start and goal grown by 15 m
	minX, minY, maxX, maxY float64

	h      *openHeap
	best   map[int64]float64
	closed map[int64]bool
	exp    int
}

func newSearch(par Params, g Geometry, ck *checker, start, goal Pose, maxGears int, backward bool) *search {
	r := g.RearAxleRadiusM()
	kmax := 1 / r
	sr := &search{par: par, g: g, ck: ck, start: start, goal: goal, maxGears: maxGears, backward: backward, r: r,
		steers: []float64{0, kmax, -kmax, kmax / 2, -kmax / 2},
		minX:   math.Min(start.X, goal.X) - 15, maxX: math.Max(start.X, goal.X) + 15,
		minY: math.Min(start.Y, goal.Y) - 15, maxY: math.Max(start.Y, goal.Y) + 15,
		h: &openHeap{nodes: make([]node, 0, 4096)}, best: make(map[int64]float64, 4096), closed: make(map[int64]bool, 4096),
	}
	sr.h.nodes = append(sr.h.nodes, node{pose: start, f: sr.heur(start), parent: -1, gear: Forward})
	if backward {
		// the first move out of the slot is free to be either gear
		sr.h.nodes[0].gear = 0
	}
	heap.Push(sr.h, int32(0))
	sr.best[sr.key(start)] = 0
	return sr
}

// heur is the heuristic, weighted 1.5: faster, slightly longer paths.
func (sr *search) heur(p Pose) float64 {
	d := math.Hypot(sr.goal.X-p.X, sr.goal.Y-p.Y)
	a := math.Abs(normAngle(sr.goal.HeadingRad-p.HeadingRad)) * sr.r
	return 1.5 * math.Max(d, a)
}

func (sr *search) key(p Pose) int64 {
	par := sr.par
	ix := int64(math.Floor((p.X - sr.minX) / par.GridM))
	iy := int64(math.Floor((p.Y - sr.minY) / par.GridM))
	ih := int64(math.Floor((normAngle(p.HeadingRad) + math.Pi) / (2 * math.Pi) * float64(par.HeadingBins)))
	ih %= int64(par.HeadingBins)
	return (ix*4096+iy)*int64(par.HeadingBins) + ih
}

// full returns the whole manoeuvre in driving order through node i
// followed by tail.
func (sr *search) full(i int32, tail []Segment) []Segment {
	segs := sr.trace(i, tail)
	if sr.backward {
		return reverseSegs(segs)
	}
	return segs
}

func (sr *search) trace(i int32, tail []Segment) []Segment {
	var rev []Segment
	for ; i > 0; i = sr.h.nodes[i].parent {
		rev = append(rev, sr.h.nodes[i].seg)
	}
	var segs []Segment
	for j := len(rev) - 1; j >= 0; j-- {
		segs = appendSeg(segs, rev[j])
	}
	for _, s := range tail {
		segs = appendSeg(segs, s)
	}
	return segs
}

// shot tries the analytic Reeds-Shepp curves from node n to the goal.
func (sr *search) shot(ci int32, n *node) []Segment {
	for i, cand := range reedsShepp(n.pose, sr.goal, sr.r, sr.par.GearPenaltyM) {
		if i >= 6 {
			break
		}
		if countGearChanges(sr.full(ci, cand)) > sr.maxGears {
			continue
		}
		ok := true
		p := n.pose
		for _, s := range cand {
			if !sr.ck.segFree(p, s, sr.par.CheckStepM) {
				ok = false
				break
			}
			p = advance(p, s.Curvature, s.signed())
		}
		if ok {
			return cand
		}
	}
	return nil
}

// run expands at most budget nodes. It reports the manoeuvre's segments
// in driving order when found, whether the search is over (found, or
// failed: the open set empty or MaxExpansions reached), and whether it
// found one.
func (sr *search) run(budget int) (segs []Segment, finished, ok bool) {
	par, ck, h := sr.par, sr.ck, sr.h
	ck.minX, ck.minY, ck.maxX, ck.maxY = sr.minX, sr.minY, sr.maxX, sr.maxY
	defer func() {
		ck.minX, ck.minY, ck.maxX, ck.maxY = math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)
	}()
	r := sr.r
	for end := sr.exp + budget; sr.exp < end; sr.exp++ {
		if h.Len() == 0 || sr.exp >= par.MaxExpansions {
			return nil, true, false
		}
		ci := heap.Pop(h).(int32)
		cur := h.nodes[ci]
		k := sr.key(cur.pose)
		if sr.closed[k] {
			continue
		}
		sr.closed[k] = true
		d := math.Hypot(sr.goal.X-cur.pose.X, sr.goal.Y-cur.pose.Y)
		if d < 14 && (sr.exp%4 == 0 || d < 4) {
			if tail := sr.shot(ci, &cur); tail != nil {
				return sr.full(ci, tail), true, true
			}
		}
		for _, gear := range []Gear{Forward, Reverse} {
			gears := cur.gears
			if gear != cur.gear && (ci != 0 || !sr.backward) {
				gears++
			}
			if int(gears) > sr.maxGears {
				continue
			}
			for _, kk := range sr.steers {
				s := Segment{Gear: gear, Curvature: kk, LengthM: par.StepM}
				np := advance(cur.pose, kk, s.signed())
				nk := sr.key(np)
				if sr.closed[nk] {
					continue
				}
				cost := par.StepM
				if gear == Reverse {
					cost *= par.ReverseFactor
				}
				switch {
				case ci != 0 && gear != cur.gear:
					cost += par.GearPenaltyM
				case ci == 0 && !sr.backward && gear != Forward:
					cost += par.GearPenaltyM // the car waits in D
				}
				if ci != 0 && kk != cur.seg.Curvature {
					cost += par.SteerPenaltyM * math.Abs(kk-cur.seg.Curvature) * r
				}
				ng := cur.g + cost
				if b, ok := sr.best[nk]; ok && b <= ng {
					continue
				}
				if !ck.segFree(cur.pose, s, par.CheckStepM) {
					continue
				}
				sr.best[nk] = ng
				h.nodes = append(h.nodes, node{pose: np, g: ng, f: ng + sr.heur(np), parent: ci, seg: s, gears: gears, gear: gear})
				heap.Push(h, int32(len(h.nodes)-1))
			}
		}
	}
	if h.Len() == 0 || sr.exp >= par.MaxExpansions {
		return nil, true, false
	}
	return nil, false, false
}
