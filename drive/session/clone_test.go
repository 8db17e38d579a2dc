package session_test

import (
	"errors"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

func drillSession(t *testing.T, file string) *session.Session {
	t.Helper()
	env, err := scenario.NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(assets.FS(), file, env)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(session.ScenarioSetup(sc, session.DrillWatch, nil))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A clone taken mid-drive (roadworks ahead: an incident the clone must
// own) logs what the original logs, byte for byte, and what a drive never
// cloned logs; an input given to the clone never reaches the original.
func TestCloneContinuesTheSameDrive(t *testing.T) {
	const file = "scenarios/drills/03-roadworks-dense.yaml"
	ref := drillSession(t, file)
	ref.RunToEnd(nil)

	s := drillSession(t, file)
	for s.State().Time < 1273*1000 { // roadworks ahead, the request 1 s old: the scripted driver mid-reaction
		s.Advance()
	}
	if s.State().Conditions.Incident == nil {
		t.Fatal("no incident ahead at the clone's instant")
	}
	c, err := s.Clone()
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Clone()
	if err != nil {
		t.Fatal(err)
	}
	d := other.Driver()
	d.Seated, d.EyesClosed = false, true
	other.SetDriver(d)
	other.SetPedals(0, 1)
	for range 400 {
		other.Advance()
	}
	c.RunToEnd(nil)
	s.RunToEnd(nil)
	if s.Digest() != ref.Digest() || c.Digest() != ref.Digest() {
		t.Fatalf("digests: original %s, clone %s, never cloned %s", s.Digest(), c.Digest(), ref.Digest())
	}
	if len(c.Log()) != len(ref.Log()) || c.EventCount() != ref.EventCount() {
		t.Fatalf("the clone logged %d events, the drive never cloned %d", len(c.Log()), len(ref.Log()))
	}
	if other.Digest() == ref.Digest() {
		t.Fatal("the clone given other inputs logged the same drive")
	}
	if c.DrillScore().Total != ref.DrillScore().Total {
		t.Fatalf("scores %v, %v", c.DrillScore().Total, ref.DrillScore().Total)
	}
}

// What Clone cannot copy is refused, not half copied.
func TestCloneRefusesQueuedInputs(t *testing.T) {
	s := drillSession(t, "scenarios/drills/01-planned-exit.yaml")
	s.Advance()
	s.Command(sim.Navigate{PlaceID: "daxing-airport"})
	if _, err := s.Clone(); !errors.Is(err, session.ErrNoClone) {
		t.Fatalf("a queued command: %v, want ErrNoClone", err)
	}
}
