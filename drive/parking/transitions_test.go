package parking

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// arrow is one drawn transition: an edge leaving one of its states.
type arrow struct {
	e    edge
	from State
}

// covered is every arrow a deterministic test of this package took
// (checkStep records them); TestMain lists the arrows none took.
var covered = map[arrow]bool{}

// unreachable are the arrows no test takes, each with why: the table must
// still name them, since the code can take them.
var unreachable = map[arrow]string{
	{edgeDone, StatePaused}: "finish() ends a manoeuvre at the path's end in either state, but a paused car brakes " +
		"(hold), so it stops short of the end and resumes before it arrives",
}

// fataler is what checkStep needs of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkStep is followsTable, and records the arrows taken for TestMain.
// Only deterministic tests record, so the coverage does not depend on the
// property tests' random draws.
func checkStep(t fataler, m *Machine, out Output) {
	t.Helper()
	followsTable(t, m, out)
	at := m.stepFrom
	for _, e := range m.taken[:m.nTaken] {
		covered[arrow{e, at}] = true
		at = transitions[e].to
	}
}

// followsTable holds the step just taken to the table: its edges form a
// chain from the state the step started in to the state it ended in,
// every edge leaves the state it was taken from, the events the edges emit
// appear in out.Events in order, and a change of state without an edge
// fails.
func followsTable(t fataler, m *Machine, out Output) {
	t.Helper()
	if m.nTaken > len(m.taken) {
		t.Fatalf("a step took %d edges, more than the %d recorded", m.nTaken, len(m.taken))
	}
	at := m.stepFrom
	kinds := make([]string, len(out.Events))
	for i, e := range out.Events {
		kinds[i] = e.Kind
	}
	for _, e := range m.taken[:m.nTaken] {
		tr := &transitions[e]
		if !slices.Contains(tr.from, at) {
			t.Fatalf("edge %s taken from %s; the table has it from %v", tr.name, at, tr.from)
		}
		if tr.event != "" {
			i := slices.Index(kinds, tr.event)
			if i < 0 {
				t.Fatalf("edge %s (%s -> %s) without its event %s; events %v", tr.name, at, tr.to, tr.event, kinds)
			}
			kinds = kinds[i+1:]
		}
		at = tr.to
	}
	if at != m.state || out.State != m.state {
		t.Fatalf("state changed %s -> %s without an edge (edges %v)", m.stepFrom, m.state, m.taken[:m.nTaken])
	}
}

// TestMain runs the package's tests, then, when all of them ran, lists the
// arrows of the table none of them took and fails on any not documented
// as unreachable in the variable unreachable.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if f := flag.Lookup("test.run"); code != 0 || f == nil || f.Value.String() != "" {
		os.Exit(code)
	}
	var missing []string
	for e := range numEdges {
		tr := &transitions[e]
		for _, f := range tr.from {
			a := arrow{e, f}
			if covered[a] {
				if _, ok := unreachable[a]; ok {
					missing = append(missing, fmt.Sprintf("%s (%s -> %s) is taken: remove it from unreachable", tr.name, f, tr.to))
				}
				continue
			}
			if why, ok := unreachable[a]; ok {
				if testing.Verbose() {
					fmt.Printf("edge %s from %s not taken by a test: %s\n", tr.name, f, why)
				}
				continue
			}
			missing = append(missing, fmt.Sprintf("%s (%s -> %s)", tr.name, f, tr.to))
		}
	}
	if len(missing) > 0 {
		fmt.Printf("FAIL: the arrows of the parking table no test takes, and the documented ones a test takes:\n  %s\n", strings.Join(missing, "\n  "))
		os.Exit(1)
	}
	os.Exit(code)
}

func TestTableIsSound(t *testing.T) {
	c := Table(DefaultConfig())
	if err := c.Check(); err != nil {
		t.Error(err)
	}
	for _, s := range []State{StateIdle, StateSearching, StateSelected, StatePlanning, StateExecuting, StatePaused, StateAborted, StateDone} {
		in := false
		for _, tr := range transitions {
			in = in || tr.to == s || slices.Contains(tr.from, s)
		}
		if !in {
			t.Errorf("state %s is in no edge", s)
		}
	}
	for _, ev := range []string{EvSearchStarted, EvSlotSelected, EvCancelled, EvPlanFailed, EvStarted, EvPaused, EvResumed, EvAborted, EvDone} {
		in := false
		for _, tr := range transitions {
			in = in || tr.event == ev
		}
		if !in {
			t.Errorf("event %s is on no edge", ev)
		}
	}
}

// Only take writes the state after NewMachine: a transition written any
// other way would be one the table does not have.
func TestStateIsWrittenOnlyByTake(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "take" {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok {
					return true
				}
				for _, l := range as.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "state" {
						t.Errorf("%s: %s writes the state without an edge", fset.Position(as.Pos()), fn.Name.Name)
					}
				}
				return true
			})
		}
	}
}

// The edges the other tests of the package do not reach on their way.
func TestRareEdges(t *testing.T) {
	want := func(r *rig, s State, what string) {
		t.Helper()
		if r.m.State() != s {
			t.Fatalf("%s: state %s, want %s", what, r.m.State(), s)
		}
	}
	// parked, with the car standing in slot 3
	parked := func() *rig {
		r := newRig(t, "xiaomi-su7", "mall-garage")
		r.searchAndSelect()
		r.in.Confirm = true
		if !r.until(90, func(o Output) bool { return o.State == StateDone }) {
			t.Fatalf("not parked: %s", r.m.State())
		}
		return r
	}
	// a park-out from the slot that plans one expansion a step, so the
	// car moving ends it
	parkOutMoved := func(r *rig, back State) {
		t.Helper()
		r.m.Params.StepExpansions = 1
		r.in.DriverInSeat = false
		r.in.Remote = Remote{Command: RemoteParkOut, Held: true, DistanceM: 2}
		r.step()
		want(r, StatePlanning, "park out")
		r.in.Pose.X += 0.5
		r.step()
		want(r, back, "park out, the car moved")
		r.m.Params.StepExpansions = DefaultParams().StepExpansions
	}

	// searching and selected, cancelled; a slot picked again
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.in.Activate = true
	r.step()
	want(r, StateSearching, "activate")
	r.in.Cancel = true
	r.step()
	want(r, StateIdle, "cancel the search")
	r.searchAndSelect()
	r.in.SelectSide = Right
	r.step()
	want(r, StateSelected, "select again")
	r.in.Cancel = true
	r.step()
	want(r, StateIdle, "cancel the selection")

	// planning cancelled: a plan spread over steps
	r = newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	r.m.Params.StepExpansions = 1
	r.in.Confirm = true
	r.step()
	want(r, StatePlanning, "confirm")
	r.in.Cancel = true
	r.step()
	want(r, StateIdle, "cancel the plan")

	// done: a new search, a slot chosen on the map, a park-out that fails
	r = parked()
	r.in.Activate = true
	r.step()
	want(r, StateSearching, "activate after done")
	r = parked()
	r.in.ChooseSlot = "3"
	r.step()
	want(r, StateSelected, "choose a slot after done")
	r = parked()
	parkOutMoved(r, StateDone)

	// aborted (parking out, cancelled at once, still in the slot): a
	// park-out that fails, a new search, a slot chosen
	r = parked()
	r.in.DriverInSeat = false
	r.in.Remote = Remote{Command: RemoteParkOut, Held: true, DistanceM: 2}
	r.step()
	want(r, StateExecuting, "park out")
	r.in.Remote.Command = RemoteCancel
	r.step()
	want(r, StateAborted, "cancel the park-out")
	parkOutMoved(r, StateAborted)
	r.in.DriverInSeat, r.in.Remote = true, Remote{}
	r.in.Activate = true
	r.step()
	want(r, StateSearching, "activate after an abort")
	r = newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	r.in.Confirm = true
	r.until(2, func(Output) bool { return false })
	r.in.Cancel = true
	r.step()
	want(r, StateAborted, "cancel the manoeuvre")
	r.in.ChooseSlot = "3"
	r.step()
	want(r, StateSelected, "choose a slot after an abort")

	// idle, in a slot: a park-out that fails
	r = parked()
	r.in.Activate = true
	r.step()
	r.in.Cancel = true
	r.step()
	want(r, StateIdle, "a search cancelled in the slot")
	parkOutMoved(r, StateIdle)

	// paused by the driver, then cancelled
	r = newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	r.in.Confirm = true
	r.until(2, func(Output) bool { return false })
	r.in.Pause = true
	r.step()
	want(r, StatePaused, "the driver's pause")
	r.in.Pause, r.in.Cancel = false, true
	r.step()
	want(r, StateAborted, "cancel while paused")

	// remote: released too long while moving, and while paused
	for _, pause := range []bool{false, true} {
		r = newRig(t, "li-auto-l9", "mall-garage")
		r.m.Cfg.RemoteIdleS = 2 // below the pause timeout, so it can end a pause
		r.searchAndSelect()
		r.in.DriverInSeat = false
		r.in.Remote = Remote{Command: RemotePark, Held: true, DistanceM: 3}
		r.step()
		want(r, StateExecuting, "remote park")
		r.in.Remote.Command = RemoteNone
		r.until(1, func(Output) bool { return false })
		if pause {
			r.in.Pause = true
			r.step()
			r.in.Pause = false
			want(r, StatePaused, "pause the remote manoeuvre")
		}
		r.in.Remote.Held = false
		if !r.until(3, func(o Output) bool { return o.State == StateAborted }) || !r.eventWith(EvAborted, "remote_timeout") {
			t.Fatalf("remote released (paused %v): %s", pause, r.m.State())
		}
	}

	// the plausibility fault found while the car rolls to a driver's pause
	found := false
	for k := 1; k <= 30 && !found; k++ {
		r = newRig(t, "xiaomi-su7", "mall-garage")
		r.m.Cfg.SensorDelayS = 0.8
		r.searchAndSelect()
		r.in.Confirm = true
		r.step()
		for i := 0; i < k && r.m.State() == StateExecuting; i++ {
			r.step()
		}
		if r.m.State() != StateExecuting {
			break
		}
		r.in.Pause = true
		r.step()
		r.in.Pause = false
		r.until(2, func(o Output) bool { return o.State != StatePaused })
		found = r.m.State() == StateAborted && r.eventWith(EvAborted, "sensor_fault") && covered[arrow{edgeSensorFault, StatePaused}]
	}
	if !found {
		t.Error("no pause found in which the plausibility fault aborts")
	}
}

// TestPropRandomInputsFollowTheTable drives the machine in the mall garage
// with random commands, controls, phone and pedestrians, the car creeping
// along the aisle when the driver has it, and holds every step to the
// table (followsTable).
func TestPropRandomInputsFollowTheTable(t *testing.T) {
	mp := loadMap(t)
	a := mp.ParkingArea("mall-garage")
	g := loadGeometry(t, "xiaomi-su7")
	seen := map[State]int{}
	defer func() { t.Logf("steps per state: %v", seen) }()
	rapid.Check(t, func(rt *rapid.T) {
		m := NewMachine(g)
		m.Cfg.SensorDelayS = rapid.SampledFrom([]float64{0, 0, 0.8}).Draw(rt, "delay")
		m.Cfg.RemoteIdleS = rapid.SampledFrom([]float64{60, 2}).Draw(rt, "remote_idle")
		y := -3 + 1 + g.WidthM/2
		x := 1.5
		wx, wy := a.ToWorld(x, y)
		in := Input{Pose: Pose{wx, wy, 0}, Area: a, DriverInSeat: true}
		steps := rapid.IntRange(50, 400).Draw(rt, "steps")
		for i := 0; i < steps; i++ {
			chance := func(name string, pct int) bool { return rapid.IntRange(0, 99).Draw(rt, name) < pct }
			in.Activate = chance("activate", 5)
			in.Select = 0
			if chance("select", 3) {
				in.Select = rapid.IntRange(1, 6).Draw(rt, "n")
			}
			in.SelectSide = ""
			if chance("side", 3) {
				in.SelectSide = rapid.SampledFrom([]Side{Left, Right}).Draw(rt, "which")
			}
			in.ChooseSlot = ""
			if chance("choose", 2) {
				in.ChooseSlot = rapid.SampledFrom([]string{"3", "10", "50", "x"}).Draw(rt, "slot")
			}
			in.Confirm, in.Cancel = chance("confirm", 8), chance("cancel", 1)
			in.Pause, in.Resume = chance("pause", 2), chance("resume", 3)
			in.SteerTorqueNm, in.BrakeDecelMps2 = 0, 0
			if chance("steer", 1) {
				in.SteerTorqueNm = 5
			}
			if chance("brake", 2) {
				in.BrakeDecelMps2 = rapid.Float64Range(0, 5).Draw(rt, "decel")
			}
			if chance("seat", 2) {
				in.DriverInSeat = !in.DriverInSeat
			}
			in.Remote.Command = RemoteNone
			if chance("phone", 3) {
				in.Remote.Command = rapid.SampledFrom([]RemoteCommand{RemotePark, RemoteParkOut, RemoteCancel}).Draw(rt, "command")
			}
			if chance("hold", 5) {
				in.Remote.Held = !in.Remote.Held
			}
			in.Remote.DistanceM = 3
			in.Obstacles = nil
			if chance("pedestrian", 20) {
				px, py := a.ToWorld(rapid.Float64Range(0, 20).Draw(rt, "px"), rapid.Float64Range(-6, 6).Draw(rt, "py"))
				in.Obstacles = []Obstacle{BoxObstacle(ObstaclePedestrian, "p", px, py, 0, 0.5, 0.5)}
			}
			in.SpeedKmh = 0
			if chance("drive", 30) && !m.controlling() {
				// the driver creeps along the aisle
				x += 5 / 3.6 * dt
				in.SpeedKmh = 5
				wx, wy := a.ToWorld(x, y)
				in.Pose = Pose{wx, wy, 0}
			}
			out := m.Step(in, dt)
			followsTable(rt, m, out)
			seen[out.State]++
			if out.Controlling || out.State == StateDone {
				in.Pose, in.SpeedKmh = out.Pose, out.SpeedKmh
			}
		}
	})
}
