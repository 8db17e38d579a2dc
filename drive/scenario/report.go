package scenario

import (
	"fmt"
	"math"
	"strings"

	"github.com/nevsim/cockpit/drive/msg"
)

// Summary describes the finished drive in a few lines for people: where it
// ended, distance, time, energy and the drill's debrief, whose messages say
// renders (the core knows no language).
func (r *Result) Summary(say func(msg.Msg) string) []string {
	st := &r.Final
	p := r.Scenario.Config.Profile
	km := st.Vehicle.OdometerM / 1000
	outcome := "ended"
	switch {
	case st.Arrived:
		outcome = "arrived at " + st.Destination
	case st.Crashed:
		outcome = "crashed"
	case st.Stranded:
		outcome = "stranded without energy"
	case !st.Ended:
		outcome = "stopped at the time limit"
	}
	lines := []string{
		fmt.Sprintf("%s: %s after %s, %.1f km, average %.0f km/h", r.Scenario.Name, outcome, st.Time, km, avgSpeed(km, st.Time.Seconds())),
	}
	energy := fmt.Sprintf("Energy: SoC %.1f %%, %.1f kWh used, %.1f kWh regenerated", st.Vehicle.SoC*100, st.Vehicle.EnergyUsedKWh, st.Vehicle.EnergyRegenKWh)
	if km > 0.5 {
		energy += fmt.Sprintf(", %.1f kWh/100 km", st.Vehicle.TripKWhPer100Km())
	}
	if p.FuelTankL > 0 {
		energy += fmt.Sprintf("; fuel %.1f L used", st.Vehicle.FuelUsedL)
	}
	lines = append(lines, energy)
	safety := fmt.Sprintf("Safety: strongest braking %.1f m/s²", st.MaxDecel)
	if !math.IsInf(st.MinTTCS, 1) {
		safety += fmt.Sprintf(", lowest time to collision %.1f s", st.MinTTCS)
	}
	lines = append(lines, safety)
	if d := r.Drill; d != nil {
		lines = append(lines, fmt.Sprintf("Drill score: %.0f / 100", d.Total))
		for _, c := range d.Criteria {
			lines = append(lines, fmt.Sprintf("  %-28s %4.0f / %-3.0f %s", say(c.Label()), c.Points, c.Max, say(c.Note)))
		}
		lines = append(lines, "Tip: "+say(d.Tip))
	}
	return lines
}

func avgSpeed(km, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return km / (s / 3600)
}

// CheckLines renders the expectations as ✓/✗ lines with what was observed
// (an event's message rendered by say).
func (r *Result) CheckLines(say func(msg.Msg) string) []string {
	lines := make([]string, 0, len(r.Checks)+1)
	for _, c := range r.Checks {
		mark := "✓"
		if !c.Passed {
			mark = "✗"
		}
		lines = append(lines, fmt.Sprintf("%s %s (line %d): %s", mark, c.What, c.Line, c.Observed(say)))
	}
	passed := 0
	for _, c := range r.Checks {
		if c.Passed {
			passed++
		}
	}
	lines = append(lines, fmt.Sprintf("%d passed, %d failed", passed, len(r.Checks)-passed))
	return lines
}

// Timeline renders the events one per line.
func (r *Result) Timeline() string {
	var b strings.Builder
	for _, ev := range r.Events {
		b.WriteString(ev.String())
		b.WriteByte('\n')
	}
	return b.String()
}
