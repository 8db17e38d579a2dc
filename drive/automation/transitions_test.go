package automation

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

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/statechart"
)

// arrow is one drawn transition: an edge leaving one of its states.
type arrow struct {
	e    edge
	from State
}

// covered is every arrow a test of this package took (checkStep records
// them); TestMain lists the arrows none took.
var covered = map[arrow]bool{}

// unreachable are the arrows no test takes, each with why: the table must
// still name them, since the code can take them.
var unreachable = map[arrow]string{}

// fataler is what checkStep needs of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkStep is followsTable, and records the arrows taken for TestMain.
// Only deterministic tests record: what the property tests reach depends
// on their random draws, and the coverage must not.
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
		if !slices.Contains(tr.from, at) && !slices.Equal(tr.from, fromAny) {
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
			if f == statechart.Any {
				// the restart: covered when taken from any state
				for b := range covered {
					if b.e == e {
						a = b
					}
				}
			}
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
		fmt.Printf("FAIL: the arrows of the automation table no test takes, and the documented ones a test takes:\n  %s\n", strings.Join(missing, "\n  "))
		os.Exit(1)
	}
	os.Exit(code)
}

func TestTableIsSound(t *testing.T) {
	for _, c := range []statechart.Chart{Table(R157()), Diagram(R157(), LevelL3), Diagram(R157(), LevelL2), Table(chinaParams())} {
		if err := c.Check(); err != nil {
			t.Error(err)
		}
	}
	// Every state is in the table, and in one of the two diagrams.
	states := []State{StateOff, StateAvailable, StateActive, StateAvailabilityWarning, StateTakeover1, StateTakeover2,
		StateMRM, StateMRC, StateManual, StateL2Active, StateL2Prompt, StateL2Warning, StateL2Stop}
	if len(states) != len(stateTitles) {
		t.Errorf("%d states, %d titles", len(states), len(stateTitles))
	}
	for _, s := range states {
		in := false
		for _, tr := range transitions {
			in = in || tr.to == s || slices.Contains(tr.from, s)
		}
		if !in {
			t.Errorf("state %s is in no edge", s)
		}
	}
	for e, tr := range transitions {
		if tr.name == "" || tr.views == 0 {
			t.Errorf("edge %d: no name or no diagram", e)
		}
	}
}

// The timers the table names are the presets' own YAML fields (each has
// a source in every preset file).
func TestTimersAreYAMLFields(t *testing.T) {
	presets, err := LoadPresets(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range transitions {
		for _, name := range tr.timers {
			key := name
			if !strings.HasPrefix(key, "l2.") {
				key = "l3." + key
			}
			for id, p := range presets {
				if _, ok := p.Sources[key]; !ok {
					t.Errorf("edge %s: timer %s is not a field of preset %s (no source for %s)", tr.name, name, id, key)
				}
				timerValue(&p, name) // panics on a name it does not know
			}
		}
	}
}

// Only take (and reset, the initial state) writes the state: a transition
// written any other way would be one the table does not have.
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
			if !ok || fn.Body == nil || fn.Name.Name == "take" || fn.Name.Name == "reset" {
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

// TestTakeDoesNotAllocate: recording the step's edges keeps Step at zero
// allocations through transitions too (the idle and active cases are in
// TestStepDoesNotAllocate).
func TestTakeDoesNotAllocate(t *testing.T) {
	m := New(R157())
	allocs := testing.AllocsPerRun(200, func() {
		m.take(edgeEscalate)
		m.nTaken = 0
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per take", allocs)
	}
}

// The edges the other tests of the package do not reach on their way.
func TestRareEdges(t *testing.T) {
	// A preset whose stage 2 comes with the budget: stage 1 straight into
	// the MRM.
	p := R157()
	p.EscalateS = p.TakeoverBudgetS
	h := newHarness(t, p)
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.want(StateTakeover1)
	h.run(int64(p.TakeoverBudgetS * 1000))
	h.want(StateMRM)

	// A severe fault during stage 2, and one during the availability
	// warning.
	h = newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.run(4000)
	h.want(StateTakeover2)
	h.odd.SevereFault = true
	h.step(Input{})
	h.want(StateMRM)

	h = newHarness(t, R157())
	h.engage()
	h.driver = Driver{Seated: true, BeltOn: true}
	h.run(30000)
	h.want(StateAvailabilityWarning)
	h.odd.SevereFault = true
	h.step(Input{})
	h.want(StateMRM)

	// The availability warning leads to every request the active state
	// does: out of the seat, a planned exit, a belt unbuckled, and the
	// driver's switch-off.
	for _, c := range []struct {
		what string
		set  func(h *harness)
	}{
		{"out of seat", func(h *harness) { h.driver.Seated = false; h.run(1100) }},
		{"planned exit", func(h *harness) { h.odd.BoundaryAheadM = 300; h.step(Input{}) }},
		{"belt", func(h *harness) { h.driver.BeltOn = false; h.step(Input{}) }},
		{"override", func(h *harness) { h.step(Input{Driver: takeoverDriver()}) }},
	} {
		h = newHarness(t, R157())
		h.engage()
		h.driver = Driver{Seated: true, BeltOn: true}
		h.run(30000)
		h.want(StateAvailabilityWarning)
		c.set(h)
		if h.out.State != StateTakeover1 && h.out.State != StateManual {
			t.Errorf("%s during the availability warning: %s", c.what, h.out.State)
		}
	}

	// L2: engaging L3 from the prompt and from the warning; the prompt and
	// the warning switched off by the brake and by lost markings; a
	// warning straight from L2 active (prompt and warning at once).
	for _, c := range []struct {
		what  string
		reach State
		act   func(h *harness)
		want  State
	}{
		{"l3 from the prompt", StateL2Prompt, func(h *harness) {
			h.driver = readyDriver()
			h.step(Input{EngageRequest: LevelL3, Driver: Driver{Seated: true, BeltOn: true, EyesOnRoad: true}})
		}, StateActive},
		{"l3 from the warning", StateL2Warning, func(h *harness) {
			h.step(Input{EngageRequest: LevelL3})
		}, StateActive},
		{"brake in the prompt", StateL2Prompt, func(h *harness) {
			h.step(Input{Driver: Driver{Seated: true, BeltOn: true, EyesOnRoad: true, Braking: true}})
		}, StateOff},
		{"markings lost in the warning", StateL2Warning, func(h *harness) {
			h.odd.Markings = "none"
			h.step(Input{})
		}, StateOff},
		{"markings lost in the prompt", StateL2Prompt, func(h *harness) {
			h.odd.Markings = "none"
			h.step(Input{})
		}, StateOff},
		{"button in the warning", StateL2Warning, func(h *harness) {
			h.step(Input{DisengageRequest: true})
		}, StateOff},
	} {
		h = newHarness(t, R157())
		h.step(Input{EngageRequest: LevelL2, Driver: Driver{Seated: true, BeltOn: true, EyesOnRoad: true}})
		h.want(StateL2Active)
		h.driver = Driver{Seated: true, BeltOn: true, EyesOnRoad: true}
		for i := 0; h.out.State != c.reach && i < 2000; i++ {
			h.step(Input{})
		}
		h.want(c.reach)
		c.act(h)
		if h.out.State != c.want {
			t.Errorf("%s: %s, want %s", c.what, h.out.State, c.want)
		}
	}
	q := R157()
	q.L2.HandsOffWarningS = q.L2.HandsOffPromptS
	h = newHarness(t, q)
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
	h.driver = Driver{Seated: true, BeltOn: true, EyesOnRoad: true}
	for i := 0; h.out.State == StateL2Active && i < 2000; i++ {
		h.step(Input{})
	}
	h.want(StateL2Warning)

	// A valid takeover at stage 2.
	h = newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.run(4000)
	h.want(StateTakeover2)
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateManual)

	// L2 where L3 is off (a road outside its ODD); the prompt answered by
	// the hands; the China draft's stop cancelled by the driver.
	h = newHarness(t, R157())
	h.odd.RoadType = "street"
	h.step(Input{})
	h.want(StateOff)
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
	h.driver = Driver{Seated: true, BeltOn: true, EyesOnRoad: true}
	for i := 0; h.out.State != StateL2Prompt && i < 2000; i++ {
		h.step(Input{})
	}
	h.want(StateL2Prompt)
	h.driver.HandsOnWheel = true
	h.step(Input{})
	h.want(StateL2Active)

	h = newHarness(t, chinaParams())
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
	h.driver = Driver{Seated: true, BeltOn: true, EyesOnRoad: true}
	for i := 0; h.out.State != StateL2Stop && i < 2000; i++ {
		h.step(Input{})
	}
	h.want(StateL2Stop)
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateOff)

	// L2 from available, and restarts from engaged states at standstill.
	h = newHarness(t, R157())
	h.want(StateAvailable)
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
	h.odd.SpeedKmh = 0
	h.step(Input{IgnitionRestart: true, ODD: h.odd})
	if h.out.State != StateOff && h.out.State != StateAvailable {
		t.Errorf("restart from L2: %s", h.out.State)
	}
}
