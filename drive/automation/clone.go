package automation

// Clone returns an independent copy of the machine: the same state and
// timers, its own event buffers. The parameters, which it only reads, are
// shared.
func (m *Machine) Clone() *Machine {
	c := *m
	c.events = append(make([]Event, 0, cap(m.events)), m.events...)
	c.pub = append(make([]Reason, 0, cap(m.pub)), m.pub...)
	return &c
}
