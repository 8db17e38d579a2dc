package kiosk

import (
	"fmt"
	"strings"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
	"github.com/nevsim/cockpit/cockpit/widget"
)

// Table lays out leaderboard entries as text rows of at most w cells (a
// header, then one row an entry, ranked from 1), in tr's language: drill
// ids and car names are shown by their names in that language when drills
// and cars know them (id or stored name → English, Chinese). The kiosk's
// board and `cockpit leaderboard` print the same table. Columns are padded
// by display cells, so Chinese names line up.
func Table(tr *i18n.Table, entries []leaderboard.Entry, drills, cars map[string][2]string, w int) []string {
	pick := func(names map[string][2]string, k string) string {
		if n, ok := names[k]; ok {
			return tr.Pick(n[0], n[1])
		}
		return k
	}
	nameW, carW := leaderboard.MaxNameRunes, 16
	timeW := 5
	drillW := max(w-(4+nameW+carW+6+timeW)-5, 8)
	row := func(rank, name, car, drill, score, at string) string {
		r := widget.Fit(rank, 4) + " " + widget.Fit(name, nameW) + " " + widget.Fit(car, carW) + " " +
			widget.Fit(drill, drillW) + " " + right(score, 6) + " " + widget.Fit(at, timeW)
		return strings.TrimRight(widget.Fit(r, w), " ")
	}
	out := []string{row(tr.T("leaderboard.col_rank"), tr.T("leaderboard.col_name"), tr.T("leaderboard.col_car"),
		tr.T("leaderboard.col_drill"), tr.T("leaderboard.col_score"), tr.T("leaderboard.col_time"))}
	for i, e := range entries {
		out = append(out, row(fmt.Sprint(i+1), e.Name, pick(cars, e.Car), pick(drills, e.Drill),
			fmt.Sprintf("%.0f", e.Score), e.At.Local().Format("15:04")))
	}
	return out
}

// right aligns s to the right of w cells (fmt's widths count runes, not
// the cells a Chinese header takes).
func right(s string, w int) string {
	return strings.Repeat(" ", max(w-widget.Width(s), 0)) + s
}

// menuBoard is the leaderboard as the visitor menu shows it (beside or
// below its card): rank, name, score and drill, in at most w cells, the
// best rows entries below a header (rows 0: the best entry alone, as one
// line, no header); nil when the board is empty. Narrower
// than Table (no car, no time), so it fits beside the card at 120 columns.
func (m *Model) menuBoard(tr *i18n.Table, w, rows int) []string {
	entries := m.o.Board.Top(max(rows, 1), "")
	if len(entries) == 0 {
		return nil
	}
	drills := m.drillNames()
	if rows == 0 {
		e := entries[0]
		d := e.Drill
		if n, ok := drills[d]; ok {
			d = tr.Pick(n[0], n[1])
		}
		return []string{widget.Fit(fmt.Sprintf("%s %.0f · %s", e.Name, e.Score, d), w)}
	}
	nameW := min(leaderboard.MaxNameRunes, max(w/3, 8))
	row := func(rank, name, score, drill string) string {
		r := widget.Fit(rank, 3) + " " + widget.Fit(name, nameW) + " " + right(score, 5) + "  " + drill
		return strings.TrimRight(widget.Fit(r, w), " ")
	}
	out := []string{row(tr.T("leaderboard.col_rank"), tr.T("leaderboard.col_name"), tr.T("leaderboard.col_score"), tr.T("leaderboard.col_drill"))}
	for i, e := range entries {
		d := e.Drill
		if n, ok := drills[d]; ok {
			d = tr.Pick(n[0], n[1])
		}
		out = append(out, row(fmt.Sprint(i+1), e.Name, fmt.Sprintf("%.0f", e.Score), d))
	}
	return out
}
