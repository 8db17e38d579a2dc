package chime

import "sync/atomic"

// Bell is a Player for sessions whose speaker is not ours, such as the
// cockpit served over SSH, where a device would play on the server. It
// remembers that an alert was played; the UI asks Ring on its next update
// and, if true, writes the terminal bell (tea.Raw("\a")) and flashes.
//
// Only sounds that demand attention ring: information, acknowledgements
// and parking beeps would make the bell a nuisance.
type Bell struct {
	pending atomic.Bool
}

// Play notes a pending ring for warnings, critical alerts, takeover
// requests and the minimal-risk manoeuvre.
func (b *Bell) Play(s Sound) {
	switch s {
	case Warning, Critical, TakeoverStage1, TakeoverStage2, MinimalRisk:
		b.pending.Store(true)
	}
}

// Stop does nothing: a bell cannot be stopped.
func (b *Bell) Stop(Sound) {}

// Name returns "terminal bell".
func (b *Bell) Name() string { return "terminal bell" }

// Close does nothing and returns nil.
func (b *Bell) Close() error { return nil }

// Ring reports whether the bell should ring now, and clears the request,
// so several alerts between two frames ring once.
func (b *Bell) Ring() bool { return b.pending.Swap(false) }
