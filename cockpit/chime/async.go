package chime

import "sync"

// OpenAsync is Open for callers that must not wait at all, such as a UI's
// constructor: it returns at once a player that is silent ("starting
// audio") until the device is ready and then forwards to it. Continuous
// sounds that are playing by then (a takeover request, parking beeps) are
// started on the device, so nothing that matters is lost. ready, if not
// nil, is called from the background goroutine with the final player, e.g.
// to send the UI a message that refreshes its audio-state display.
//
// With Options.Out the recorder wraps the whole thing, so the recording
// starts at once and includes what was played before the device was ready.
func OpenAsync(opts Options, ready func(Player)) Player {
	a := &async{cur: Silent{Short: "starting audio"}, active: map[group]Sound{}}
	devOpts := opts
	devOpts.Out = ""
	var outer Player = a
	if opts.Out != "" {
		outer = NewRecorder(RecorderConfig{Inner: a, Clock: opts.Clock, Path: opts.Out, Bank: opts.Bank})
	}
	go func() {
		a.set(Open(devOpts))
		if ready != nil {
			ready(outer)
		}
	}()
	return outer
}

// async forwards to the player it has so far.
type async struct {
	mu     sync.Mutex
	cur    Player
	active map[group]Sound // continuous sounds to hand over to the device
	closed bool
}

func (a *async) set(p Player) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		_ = p.Close()
		return
	}
	a.cur = p
	for _, s := range a.active {
		p.Play(s)
	}
}

func (a *async) Play(s Sound) {
	a.mu.Lock()
	if s.Continuous() {
		a.active[s.group()] = s
	}
	cur := a.cur
	a.mu.Unlock()
	cur.Play(s)
}

func (a *async) Stop(s Sound) {
	a.mu.Lock()
	delete(a.active, s.group())
	cur := a.cur
	a.mu.Unlock()
	cur.Stop(s)
}

func (a *async) current() Player {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cur
}

func (a *async) Name() string   { return a.current().Name() }
func (a *async) Reason() string { return Reason(a.current()) }

func (a *async) Close() error {
	a.mu.Lock()
	a.closed = true
	cur := a.cur
	a.mu.Unlock()
	return cur.Close()
}
