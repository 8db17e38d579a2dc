package scenario_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

func bundledEnv(t testing.TB) *scenario.Env {
	t.Helper()
	env, err := scenario.NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func bundledNames(t testing.TB) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(assets.FS(), "scenarios", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// Every bundled scenario loads, runs and meets its own expectations: they
// are the examples users start from.
func TestBundledScenariosPass(t *testing.T) {
	env := bundledEnv(t)
	names := bundledNames(t)
	for _, want := range []string{"scenarios/airport-run.yaml", "scenarios/commute.yaml", "scenarios/fog-expressway.yaml"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("%s is missing", want)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			sc, err := scenario.Load(assets.FS(), name, env)
			if err != nil {
				t.Fatal(err)
			}
			for _, ev := range sc.Events {
				if ev.Say != "" {
					t.Skip("speaks to the voice assistant: run with it by cmd/cockpit's TestEveryBundledScenarioPasses")
				}
			}
			res, _, err := session.Run(sc, session.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Passed {
				t.Errorf("expectations failed:\n%s\n%s", strings.Join(res.CheckLines(msg.Msg.String), "\n"), res.Timeline())
			}
		})
	}
}

func TestCommuteTakesAboutAnHour(t *testing.T) {
	env := bundledEnv(t)
	sc, err := scenario.Load(assets.FS(), "scenarios/commute.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := session.Run(sc, session.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m := res.Final.Time.Seconds() / 60; m < 50 || m > 75 {
		t.Errorf("the commute took %.1f min, want about 60", m)
	}
}

// The same scenario and seed give the same event log byte for byte.
func TestRunsAreDeterministic(t *testing.T) {
	env := bundledEnv(t)
	for _, name := range bundledNames(t) {
		sc, err := scenario.Load(assets.FS(), name, env)
		if err != nil {
			t.Fatal(err)
		}
		logOf := func() []byte {
			res, _, err := session.Run(sc, session.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var b []byte
			for _, ev := range res.Events {
				b = ev.AppendJSON(b)
				b = append(b, '\n')
			}
			return b
		}
		if a, b := logOf(), logOf(); !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", name)
		}
	}
}

func BenchmarkCommute(b *testing.B) {
	env := bundledEnv(b)
	sc, err := scenario.Load(assets.FS(), "scenarios/commute.yaml", env)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, _, err := session.Run(sc, session.RunOptions{})
		if err != nil || !res.Final.Arrived {
			b.Fatal("commute did not arrive", err)
		}
		b.ReportMetric(res.Final.Time.Seconds(), "sim-s/op")
	}
}
