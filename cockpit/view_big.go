package cockpit

import (
	"strings"

	"github.com/nevsim/cockpit/cockpit/widget"
)

// The big layout (Options.Big, cockpit kiosk --big) is for a projector: a
// room reads the speed from across it. It keeps the instrument strip with
// the speed in double-size digits, the takeover banner and the centre
// panel, and drops the notifications column and the voice transcript (the
// voice bar's input line stays, so a visitor can still talk to the car).

// bigClusterH is the big instrument strip's height: six rows of digits in
// a frame.
const bigClusterH = 8

// bigSpeedW is the width of the double-size speed: three digits of six
// cells and two gaps of two.
const bigSpeedW = 3*6 + 2*2

// renderBigCluster draws the big instrument strip in a frame of exactly
// w×bigClusterH cells: the speed, then two columns of the normal strip's
// blocks (assistance over energy; the gear, unit and limit over the
// status corner).
func (m *Model) renderBigCluster(w int) string {
	inner := w - 4
	rightW := 18
	if w >= 110 {
		rightW = 30
	}
	midW := inner - bigSpeedW - rightW - 6
	digits := doubleBlocks(widget.BigNumber(m.kmh()))
	mid := append(m.assistBlock(midW), m.energyBlock(midW)...)
	// the gear, the unit and the limit sign, as the normal strip has them
	// beside its digits
	right := []string{m.gearText(true), m.ctx.Styles.Muted.Render("km/h"), m.limitText()}
	right = append(right, m.statusBlock(rightW)...)
	sep := m.ctx.Styles.Faint.Render(" │ ")
	style := m.speedStyle()
	rows := make([]string, 6)
	for r := range rows {
		rows[r] = widget.Fit(style.Render(digits[r]), bigSpeedW) + sep + widget.Fit(mid[r], midW) + sep + widget.Fit(right[r], rightW)
	}
	return widget.Box(m.frame(m.ctx.Styles.Frame), "", "", strings.Join(rows, "\n"), w, bigClusterH)
}

// doubleBlocks scales the three-row block font to six rows and twice the
// width: each half block becomes a full one in the upper or lower row.
func doubleBlocks(rows [3]string) [6]string {
	var out [6]string
	for r, row := range rows {
		var top, bottom strings.Builder
		for _, ch := range row {
			t, b := " ", " "
			switch ch {
			case '█':
				t, b = "█", "█"
			case '▀':
				t = "█"
			case '▄':
				b = "█"
			}
			top.WriteString(t + t)
			bottom.WriteString(b + b)
		}
		out[2*r], out[2*r+1] = top.String(), bottom.String()
	}
	return out
}
