// Package viss serves the car's signals (drive/signal) to other programs
// over the W3C Vehicle Information Service Specification, version 2: its
// core messages (get, set, subscribe, unsubscribe and the subscription
// notifications) on its WebSocket transport, sub-protocol "VISSv2".
// docs/viss.md says what a client sends and receives.
//
// A drive session is single-threaded and deterministic, and it belongs to
// the front end that steps it (the cockpit, `cockpit run --realtime`). The
// server therefore never touches the session. The front end calls the Hub
// between its steps, on its own goroutine:
//
//	hub.Drain(s.SetSignal)              // before Advance: queued writes reach the car
//	out := s.Advance()
//	hub.Publish(s.State().Time, s.ReadSignals) // the new values first, so
//	hub.Settle(out.Sets)                // an answered write reads back at once
//
// Each of the three is non-blocking and cheap: Publish stores an immutable
// snapshot that every client goroutine reads, and wakes them by closing a
// channel; Drain takes what the clients queued in a bounded queue. A write
// queued before Drain is applied in the very next step. A client that
// cannot keep up is dropped; it never slows the drive.
package viss
