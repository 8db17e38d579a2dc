// Package cockpit is the full-screen terminal cockpit: a cluster strip
// (speed, gear, energy, assistance, telltales, clock), a centre display
// with Drive, Navigation, Cabin and Vehicle panels, the voice bar, and an
// explanation line that says why the car does what it does.
//
// It is a Bubble Tea v2 program built the way Charm's own apps are:
//
//   - one root model (Model) owns all state; components (voice bar,
//     destination search, widgets) render and expose methods, and only the
//     root is a tea.Model;
//   - one keymap (package keys), one Styles struct built from a data theme
//     (package theme), one string table per language (package i18n), all
//     reached through one shared common.Context;
//   - Update is split by message family (update_*.go) and does no I/O:
//     the drive loop's Step is pure and takes microseconds, so it runs
//     inside Update on each tick; anything slow would run in a Cmd whose
//     result comes back as a message;
//   - the simulation is advanced by a tea.Tick at 10 Hz, several 50 ms
//     steps per tick for 2×, 5× and 10×; paused, no tick is scheduled at
//     all, so the program does no periodic work.
package cockpit
