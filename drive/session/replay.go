package session

import (
	"fmt"

	"github.com/nevsim/cockpit/drive/sim"
)

// Replay starts a session that plays a recording's inputs at their
// instants. su must be the setup the recording's Start describes (the
// front end that made the recording builds it again). The replayed session
// logs the same inputs, so it can itself be recorded; TakeOver makes it
// live.
func Replay(su Setup, rec *Recording) (*Session, error) {
	s, err := New(su)
	if err != nil {
		return nil, err
	}
	s.schedule = rec.Inputs
	s.replay = true
	return s, nil
}

// PlayTo steps the session up to drive time t (or until it stops at its
// end), calling each with every step's Output when it is not nil.
func (s *Session) PlayTo(t sim.Millis, each func(*Output)) {
	for s.sim.State().Time < t {
		if s.setup.StopAtEnd && s.Over() {
			return
		}
		out := s.Advance()
		if each != nil {
			each(out)
		}
	}
}

// DivergedError says a replay did not reproduce its recording: the file was
// edited, or recorded by a program that simulates differently.
type DivergedError struct {
	File            string
	Line            int
	Want, Got       int
	WantSum, GotSum string
	WantEnd, GotEnd sim.Millis
}

// Error says where the replay and the recording part, and why that is.
func (e *DivergedError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.WantEnd != e.GotEnd {
		return fmt.Sprintf("%s: the replay stopped at %s but the recording ends at %s: the file was edited or recorded by another version", where, e.GotEnd, e.WantEnd)
	}
	return fmt.Sprintf("%s: the replay logged %d events (sha256 %.12s…) where the recording logged %d (sha256 %.12s…): the file was edited or recorded by another version", where, e.Got, e.GotSum, e.Want, e.WantSum)
}

// Verify plays the rest of the recording and checks that the replay logged
// exactly what the recording did.
func (s *Session) Verify(rec *Recording) error {
	s.PlayTo(rec.End, nil)
	if s.replay {
		s.playDue() // what the driver did at the last instant, before quitting
	}
	got := s.sim.State().Time
	if got != rec.End || s.count != rec.Events || s.Digest() != rec.Digest {
		return &DivergedError{File: rec.File, Line: rec.EndLine, Want: rec.Events, Got: s.count,
			WantSum: rec.Digest, GotSum: s.Digest(), WantEnd: rec.End, GotEnd: got}
	}
	return nil
}
