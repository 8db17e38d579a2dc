package session

import (
	"crypto/sha256"
	"encoding"
	"errors"
	"slices"

	"github.com/nevsim/cockpit/drive/sim"
)

// ErrNoClone: a session Clone cannot copy: one with a voice layer (whose
// state is its own), a replay still playing, or inputs queued for the next
// step.
var ErrNoClone = errors.New("session: only a session with no voice layer, no replay playing and nothing queued can be cloned")

// Clone returns an independent copy of the session between steps: the
// drive, the script, the drill's recorder, the log, its digest and the
// inputs so far. The copy and the original, given the same inputs, log the
// same events byte for byte; an input given to one never reaches the
// other. cockpit compare runs a drill's common prefix once and clones it
// for each simulated driver at the moment they diverge.
func (s *Session) Clone() (*Session, error) {
	if s.voice != nil || s.replay || len(s.pending) > 0 || len(s.sets) > 0 || len(s.waiting) > 0 || s.lane != 0 {
		return nil, ErrNoClone
	}
	c := *s
	var err error
	if c.sim, err = s.sim.Clone(); err != nil {
		return nil, err
	}
	if s.script != nil {
		c.script = s.script.Clone()
	}
	if s.rec != nil {
		c.rec = s.rec.Clone()
	}
	if s.log != nil {
		c.log = append(make([]sim.Event, 0, cap(s.log)), s.log...)
	}
	state, err := s.digest.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, err
	}
	c.digest = sha256.New()
	if err := c.digest.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		return nil, err
	}
	c.pending, c.sets, c.waiting = nil, nil, nil
	c.jsonBuf, c.replyEvs, c.schedule = nil, nil, nil
	c.inputs = slices.Clone(s.inputs)
	c.out = Output{Events: slices.Clone(s.out.Events), Turns: slices.Clone(s.out.Turns), Sets: slices.Clone(s.out.Sets)}
	return &c, nil
}
