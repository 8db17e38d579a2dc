// Package timeline is the replay's scrubber: one line that shows a whole
// recorded drive, what has played, where its events happened (coloured by
// severity, takeovers marked), and maps a column back to an instant for
// clicks and drags. It renders and answers questions; the replay model
// decides what a seek does.
package timeline

import (
	"strings"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/drive/sim"
)

// Severity grades a mark, as the cockpit grades events.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Warn
	Critical
)

// Mark is one event on the timeline.
type Mark struct {
	At       sim.Millis
	Severity Severity
	// Takeover marks the automation asking for the driver or handing
	// over (what "previous/next takeover" jumps between).
	Takeover bool
}

// Model is a drive of Length with its marks (sorted by time) and the
// instant shown (Cursor).
type Model struct {
	Length sim.Millis
	Cursor sim.Millis
	Marks  []Mark
}

// Characters of the bar. Box-drawing lines are one cell wide in every
// terminal font the cockpit supports, CJK ones included.
const (
	playedCell   = "━"
	unplayedCell = "─"
	markCell     = "┃"
	cursorCell   = "╋"
)

// barStart is the column where the bar begins (after "⏵ " style prefixes
// the caller draws): the bar spans [x0, x0+width).
func cellOf(t, length sim.Millis, width int) int {
	if length <= 0 || width <= 1 {
		return 0
	}
	c := int(int64(t) * int64(width-1) / int64(length))
	return min(max(c, 0), width-1)
}

// TimeAt is the instant under column x of a bar width cells wide.
func (m *Model) TimeAt(x, width int) sim.Millis {
	if width <= 1 || m.Length <= 0 {
		return 0
	}
	x = min(max(x, 0), width-1)
	t := sim.Millis(int64(m.Length) * int64(x) / int64(width-1))
	return t - t%sim.Step
}

// View renders the bar width cells wide: played cells, unplayed cells, the
// most severe mark of each cell in its colour, and the cursor.
func (m *Model) View(ctx *common.Context, width int) string {
	if width <= 0 {
		return ""
	}
	s := ctx.Styles
	sev := make([]int, width) // 0 none, else Severity+1
	for _, mk := range m.Marks {
		c := cellOf(mk.At, m.Length, width)
		sev[c] = max(sev[c], int(mk.Severity)+1)
	}
	cur := cellOf(m.Cursor, m.Length, width)
	var b strings.Builder
	run := func(style func(...string) string, text string) { b.WriteString(style(text)) }
	for c := 0; c < width; c++ {
		switch {
		case c == cur:
			run(s.Title.Render, cursorCell)
		case sev[c] == int(Critical)+1:
			run(s.Danger.Render, markCell)
		case sev[c] == int(Warn)+1:
			run(s.Warn.Render, markCell)
		case sev[c] == int(Info)+1:
			run(s.Info.Render, markCell)
		case c < cur:
			run(s.Accent.Render, playedCell)
		default:
			run(s.Faint.Render, unplayedCell)
		}
	}
	return b.String()
}

// Next is the first mark after t (a takeover mark when takeover is set);
// ok is false when there is none.
func (m *Model) Next(t sim.Millis, takeover bool) (sim.Millis, bool) {
	for _, mk := range m.Marks {
		if mk.At > t && (!takeover || mk.Takeover) {
			return mk.At, true
		}
	}
	return 0, false
}

// Prev is the last mark before t (a takeover mark when takeover is set).
// A mark less than a second before t is skipped, so pressing it again
// while playing moves on rather than landing where it is.
func (m *Model) Prev(t sim.Millis, takeover bool) (sim.Millis, bool) {
	for i := len(m.Marks) - 1; i >= 0; i-- {
		mk := m.Marks[i]
		if mk.At < t-1000 && (!takeover || mk.Takeover) {
			return mk.At, true
		}
	}
	return 0, false
}
