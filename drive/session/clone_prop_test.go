package session_test

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// TestCloneOfRandomDrives: a clone taken at any moment of any drive is
// the same drive and an independent one. A drive of random inputs (the
// whole-car fuzzer's: pedals, steering, lanes, the driver's body, signal
// writes, controls, commands; no voice, which Clone refuses) is cloned
// twice at a random step; one clone is driven first with other random
// inputs, to stir every buffer it might share; then the original and the
// other clone are given the same inputs. Their logs must be byte for byte
// the same (digest and count): a shared slice, map or pointer that one
// drive writes and the other reads shows as a difference, or, as the
// drives step at the same time, as a data race under -race. cockpit
// compare rests on this.
func TestCloneOfRandomDrives(t *testing.T) {
	w := loadCarWorld(t)
	cloned, steps := 0, 0
	defer func() { t.Logf("%d drives cloned, %d steps after the clones", cloned, steps) }()
	rapid.Check(t, func(rt *rapid.T) {
		su, params := startSetup(t, w, rapidChooser{rt})
		su.Voice = nil
		if su.Config.StartParking != nil || su.Scenario != nil && su.Scenario.Config.StartParking != nil {
			rt.Skip("a drive in a car park is not cloned")
		}
		s, err := session.New(su)
		if err != nil {
			t.Fatal(err)
		}
		seed := rapid.Uint64().Draw(rt, "seed")
		// A driver gives a session random inputs, one after a random
		// wait, a step at a time, so that drives can be interleaved step
		// by step as cockpit compare's workers interleave them.
		type driver struct {
			s      *session.Session
			c      rngChooser
			ck     *checker
			wait   int
			inputs int
		}
		newDriver := func(s *session.Session, stream uint64, inputs int) *driver {
			return &driver{s: s, c: rngChooser{rand.New(rand.NewPCG(seed, stream))}, ck: newChecker(params), inputs: inputs}
		}
		step := func(d *driver) {
			d.s.Advance()
			if d.wait > 0 || d.inputs == 0 {
				d.wait--
				return
			}
			d.inputs--
			if d.c.intn(11, "input") != 4 { // carInput's utterance: no voice here
				carInput(w, d.s, d.c, d.ck, d.s.State().Time)
			}
			d.wait = d.c.intn(60, "wait")
			if d.c.intn(6, "long") == 0 {
				d.wait = d.c.intn(1200, "long wait") // up to a minute: into a request, an MRM, a charge
			}
		}
		pre := newDriver(s, 1, rapid.IntRange(0, 12).Draw(rt, "prefix inputs"))
		for pre.inputs > 0 || pre.wait > 0 {
			step(pre)
		}
		s.Advance()
		at := s.State().Time
		a, err := s.Clone()
		if errors.Is(err, sim.ErrNoClone) {
			rt.Skip("the drive went into a car park")
		}
		if err != nil {
			rt.Fatalf("clone: %v", err)
		}
		b, err := s.Clone()
		if err != nil {
			rt.Fatalf("second clone: %v", err)
		}
		cloned++
		n := rapid.IntRange(1, 12).Draw(rt, "inputs after")
		da, ds, db := newDriver(a, 2, 12), newDriver(s, 3, n), newDriver(b, 3, n)
		// The three drives step at the same time, as cockpit compare's
		// workers run them: memory the clones share and write is a data
		// race the race detector reports (CI runs this under -race), and a
		// difference in the logs below.
		together := func() {
			var wg sync.WaitGroup
			for _, d := range []*driver{da, ds, db} {
				wg.Go(func() { step(d) })
			}
			wg.Wait()
		}
		for ds.inputs > 0 || ds.wait > 0 {
			together()
		}
		for range 20 {
			together()
		}
		steps += int((s.State().Time - at) / sim.Step)
		if s.Digest() != b.Digest() || s.EventCount() != b.EventCount() {
			rt.Fatalf("after the clone the original logged %d events (%s), the clone given the same inputs %d (%s)",
				s.EventCount(), s.Digest()[:12], b.EventCount(), b.Digest()[:12])
		}
		if !reflect.DeepEqual(s.State(), b.State()) {
			rt.Fatalf("the same inputs left the original and its clone in different states")
		}
	})
}
