//go:build race

package session_test

// The race detector slows the drive loop about tenfold: under it the
// rapid property plays 2 drives a check (200 in all) instead of 10.
const (
	carDrivesPerCheck = 2
	carInputsPerDrive = 12
)
