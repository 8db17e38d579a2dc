//go:build !race

package session_test

// carDrivesPerCheck drives of at most carInputsPerDrive inputs each, for
// every check of TestRandomCarDrives (100 checks: 1,000 drives); see
// race_on_test.go.
const (
	carDrivesPerCheck = 10
	carInputsPerDrive = 12
)
