package sim

import (
	"errors"
	"math/rand/v2"
	"slices"
)

// ErrNoClone: the drive is in a car park, whose parking machine and scene
// Clone does not copy.
var ErrNoClone = errors.New("sim: a drive in a car park cannot be cloned")

// Clone returns an independent copy of the drive between steps: the same
// state, the same random stream from here on, its own buffers, so that the
// copy and the original given the same inputs log the same events byte for
// byte, and inputs given to one never reach the other. What the drive only
// reads (the profile, the map, the routes, the configuration's presets) is
// shared. It lets a caller run a common prefix once and branch from it
// (cockpit compare runs a drill's prefix once for its whole population).
func (s *Sim) Clone() (*Sim, error) {
	if s.park != nil {
		return nil, ErrNoClone
	}
	c := *s
	pcg := *s.pcg
	c.pcg = &pcg
	c.rng = rand.New(c.pcg)
	c.events = append(make([]Event, 0, cap(s.events)), s.events...)
	c.via = slices.Clone(s.via)
	c.incidents = make([]*Incident, len(s.incidents))
	for i, in := range s.incidents {
		cp := *in
		c.incidents[i] = &cp
		if s.st.Conditions.Incident == in {
			c.st.Conditions.Incident = &cp
		}
	}
	if s.st.Conditions.Incident != nil && c.st.Conditions.Incident == s.st.Conditions.Incident {
		cp := *s.st.Conditions.Incident
		c.st.Conditions.Incident = &cp
	}
	if s.auto != nil {
		c.auto = s.auto.Clone()
	}
	c.st.Automation.Events = slices.Clone(s.st.Automation.Events)
	return &c, nil
}
