//go:build !race

package cockpit

const raceEnabled = false
