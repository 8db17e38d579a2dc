//go:build race

package cockpit

const raceEnabled = true
