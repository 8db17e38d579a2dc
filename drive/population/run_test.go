package population_test

import (
	"errors"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/population"
	"github.com/nevsim/cockpit/drive/scenario"
)

func loadScenario(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	afs := assets.FS()
	env, err := scenario.NewEnv(afs)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(afs, "scenarios/drills/"+name+".yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// loadDrill prepares a bundled drill by its file's name.
func loadDrill(t testing.TB, name string) *population.Drill {
	t.Helper()
	d, err := population.Prepare(name, loadScenario(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The L2 and manual drills have no takeover request to answer.
func TestPrepareRefusesDrillsWithoutRequest(t *testing.T) {
	for _, n := range []string{"06-l2-hands-off", "08-aeb-manual"} {
		if _, err := population.Prepare(n, loadScenario(t, n)); !errors.Is(err, population.ErrNoRequest) {
			t.Errorf("%s: %v, want ErrNoRequest", n, err)
		}
	}
}

// The scripted answer is gone from the prepared drill, the setup before
// the request and the script after the takeover stay, and the first input
// is the script's kind: the fog drill's gentle brake.
func TestPrepareKeepsSetupAndInputKind(t *testing.T) {
	sc := loadScenario(t, "03-roadworks-dense")
	d := loadDrill(t, "03-roadworks-dense")
	if got, want := len(d.Scenario.Events), len(sc.Events)-4; got != want {
		t.Fatalf("%d events left, want %d (the four answers to the request dropped)", got, want)
	}
	if len(sc.Events) != 9 {
		t.Fatalf("the original lost events: %d", len(sc.Events))
	}
	if d.Input.Brake != 0.2 || d.Input.For != 2000 || d.Input.Steer {
		t.Errorf("first input %+v, want the script's brake 0.2 for 2 s", d.Input)
	}
	if fog := loadDrill(t, "04-fog-night"); fog.Input.Brake != 0.15 {
		t.Errorf("fog drill first input %+v, want brake 0.15", fog.Input)
	}
}

// A driver who never reacts gets the minimal-risk manoeuvre and no
// takeover, and the drill's own rubric caps the score.
func TestDriverWhoNeverReactsGetsMRM(t *testing.T) {
	m := population.DefaultModel()
	d := loadDrill(t, "01-planned-exit")
	o, err := d.RunWork(m.Sample(1, d.Name, 0), func(bool) population.Work { return population.Never }, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !o.Requested || !o.MRM || o.TakeoverS >= 0 || o.InputS >= 0 {
		t.Fatalf("%+v: want a request, an MRM and no takeover", o)
	}
	if o.Score > 40 {
		t.Errorf("score %.1f after an MRM, want at most 40", o.Score)
	}
}

// A drive is deterministic: the same driver twice gives the same outcome;
// the takeover follows the driver's first input (the car hands over in the
// step the last condition holds) and a fast driver takes over before the
// 10 s budget.
func TestRunIsDeterministic(t *testing.T) {
	m := population.DefaultModel()
	d := loadDrill(t, "02-phone-task")
	drv := m.Sample(3, d.Name, 5)
	a, err := d.Run(m, drv, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.Run(m, drv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("the same driver twice:\n%+v\n%+v", a, b)
	}
	if !a.Phone || a.PhoneS < 0 || a.PhoneS > a.EyesS || a.EyesS > a.HandsS || a.HandsS > a.InputS {
		t.Fatalf("%+v: want phone down, eyes, hands, input in order", a)
	}
	if a.TakeoverS < a.InputS || a.TakeoverS > a.InputS+0.1 {
		t.Errorf("takeover at %.2f s, first input at %.2f s: want the takeover within two steps of the input", a.TakeoverS, a.InputS)
	}
	fast := population.Work{Phone: 0.5, Eyes: 0.8, Hands: 1.5, Input: 2}
	o, err := d.RunWork(drv, func(bool) population.Work { return fast }, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.MRM || o.TakeoverS < 2 || o.TakeoverS > 2.1 || o.Score < 80 {
		t.Errorf("a 2 s driver: %+v", o)
	}
}

func BenchmarkDrive(b *testing.B) {
	m := population.DefaultModel()
	for _, n := range []string{"01-planned-exit", "03-roadworks-dense", "05-mrm"} {
		d := loadDrill(b, n)
		b.Run(n, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := d.Run(m, m.Sample(1, n, i), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A driver continued from the shared prefix drives exactly as one driven
// from the start: the same outcome, for every drill of the default set
// and drivers fast, median and slow (an MRM), under both HMIs' setups.
func TestPrefixCloneDrivesAsFromTheStart(t *testing.T) {
	m := population.DefaultModel()
	for _, n := range []string{"01-planned-exit", "02-phone-task", "03-roadworks-dense", "04-fog-night", "05-mrm", "07-cut-in-l3"} {
		d := loadDrill(t, n)
		p, err := d.Prefix(nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{0, 1, 2, 3} {
			drv := m.Sample(11, n, i)
			want, err := d.Run(m, drv, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Run(m, drv)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s driver %d:\nfrom the prefix %+v\nfrom the start  %+v", n, i, got, want)
			}
		}
		// the prefix is untouched by its clones: a never-reacting driver
		// after three others still gets the MRM
		o, err := p.RunWork(m.Sample(11, n, 9), func(bool) population.Work { return population.Never }, m)
		if err != nil || !o.MRM || o.TakeoverS >= 0 {
			t.Errorf("%s: a driver who never reacts after the clones: %+v, %v", n, o, err)
		}
	}
}

// A driver continued from the shared prefix: what each drive of a
// population costs (docs/BENCHMARKS.md).
func BenchmarkPrefixRun(b *testing.B) {
	m := population.DefaultModel()
	for _, n := range []string{"01-planned-exit", "03-roadworks-dense", "05-mrm"} {
		p, err := loadDrill(b, n).Prefix(nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(n, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := p.Run(m, m.Sample(1, n, i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
