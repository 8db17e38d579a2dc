package scenario

import (
	"slices"

	"github.com/nevsim/cockpit/drive/sim"
)

// Clone returns an independent copy of the script between steps: which
// events fired and which are due, and the scripted pedals and steering
// held. The scenario, which it only reads, is shared.
func (p *Script) Clone() *Script {
	c := *p
	c.fired = slices.Clone(p.fired)
	c.due = slices.Clone(p.due)
	return &c
}

// Clone returns an independent copy of the recorder: its log so far and
// its measurements.
func (r *DrillRecorder) Clone() *DrillRecorder {
	c := *r
	c.log = append(make([]sim.Event, 0, cap(r.log)), r.log...)
	return &c
}
