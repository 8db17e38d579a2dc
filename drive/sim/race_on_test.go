//go:build race

package sim_test

// raceEnabled: the race detector slows the drive loop about tenfold, so
// the long property runs take a smaller sample under it (the plain
// `go test ./...` of CI runs the full one).
const raceEnabled = true
