// Package widget has the small render helpers the cockpit's panels share:
// fitted lines, framed boxes with a title, bars, a sparkline and the large
// speed digits. They are pure functions of their arguments and measure
// text with x/ansi, so CJK characters (two cells) never break a layout.
package widget

import (
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Width is the display width of s in cells (ANSI-aware, CJK = 2).
func Width(s string) int { return ansi.StringWidth(s) }

// Fit truncates s to w cells (with an ellipsis) and pads it with spaces to
// exactly w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	if pad := w - Width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Clip cuts s to w cells without an ellipsis and pads it to exactly w
// (for input fields, whose end is trailing blank space).
func Clip(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if Width(s) > w {
		s = ansi.Truncate(s, w, "")
	}
	if pad := w - Width(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Right pads s on the left to w cells (truncating when too long).
func Right(s string, w int) string {
	if Width(s) > w {
		return Fit(s, w)
	}
	return strings.Repeat(" ", w-Width(s)) + s
}

// Center centres s in w cells.
func Center(s string, w int) string {
	sw := Width(s)
	if sw >= w {
		return Fit(s, w)
	}
	l := (w - sw) / 2
	return strings.Repeat(" ", l) + s + strings.Repeat(" ", w-sw-l)
}

// Spread places left and right at the two ends of w cells; when both do not
// fit, right is dropped first.
func Spread(left, right string, w int) string {
	lw, rw := Width(left), Width(right)
	if lw+rw+1 > w {
		return Fit(left, w)
	}
	return left + strings.Repeat(" ", w-lw-rw) + right
}

// Lines fits every line of s to w cells and pads or cuts the block to h
// lines, so a panel always has exactly the size the layout gave it.
func Lines(s string, w, h int) []string {
	var in []string
	if s != "" {
		in = strings.Split(s, "\n")
	}
	out := make([]string, h)
	for i := range out {
		if i < len(in) {
			out[i] = Fit(in[i], w)
		} else {
			out[i] = strings.Repeat(" ", w)
		}
	}
	return out
}

// Box frames body in a rounded border of exactly w×h cells (border
// included), with title set into the top edge and an optional note into
// the bottom edge.
func Box(border lipgloss.Style, title, note, body string, w, h int) string {
	if w < 4 || h < 2 {
		return strings.Join(Lines("", max(w, 0), max(h, 0)), "\n")
	}
	b := lipgloss.RoundedBorder()
	fg := lipgloss.NewStyle().Foreground(border.GetBorderTopForeground())
	edge := func(left, right, label string) string {
		inner := w - 2
		if label != "" {
			label = " " + label + " "
			if Width(label) > inner-2 {
				label = ansi.Truncate(label, inner-2, "…")
			}
			return fg.Render(left+b.Top) + label + fg.Render(strings.Repeat(b.Top, inner-1-Width(label))+right)
		}
		return fg.Render(left + strings.Repeat(b.Top, inner) + right)
	}
	var sb strings.Builder
	sb.WriteString(edge(b.TopLeft, b.TopRight, title))
	side := fg.Render(b.Left)
	sideR := fg.Render(b.Right)
	for _, l := range Lines(body, w-4, h-2) {
		sb.WriteByte('\n')
		sb.WriteString(side)
		sb.WriteByte(' ')
		sb.WriteString(l)
		sb.WriteByte(' ')
		sb.WriteString(sideR)
	}
	sb.WriteByte('\n')
	if note != "" {
		// The bottom edge carries the note right-aligned.
		inner := w - 2
		label := " " + note + " "
		if Width(label) > inner-2 {
			label = ansi.Truncate(label, inner-2, "…")
		}
		sb.WriteString(fg.Render(b.BottomLeft+strings.Repeat(b.Bottom, inner-1-Width(label))) + label + fg.Render(b.Bottom+b.BottomRight))
	} else {
		sb.WriteString(edge(b.BottomLeft, b.BottomRight, ""))
	}
	return sb.String()
}

// Bar draws frac (0..1) as a bar of w cells with eighth-cell resolution.
func Bar(frac float64, w int, full, empty lipgloss.Style) string {
	if w <= 0 {
		return ""
	}
	frac = min(max(frac, 0), 1)
	eighths := int(frac*float64(w*8) + 0.5)
	whole, part := eighths/8, eighths%8
	parts := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	s := strings.Repeat("█", whole)
	rest := w - whole
	if part > 0 && rest > 0 {
		s += parts[part]
		rest--
	}
	return full.Render(s) + empty.Render(strings.Repeat("░", rest))
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// SparklineTo draws the last w values (from 0 to top) as block heights on a
// fixed scale, so a row of scores out of 100 reads the same on every line:
// eleven points is a low bar however often it was scored.
func SparklineTo(values []float64, w int, top float64, st lipgloss.Style) string {
	if w <= 0 || top <= 0 {
		return ""
	}
	if len(values) > w {
		values = values[len(values)-w:]
	}
	run := make([]rune, len(values))
	for i, v := range values {
		if math.IsNaN(v) {
			v = 0 // a value that means nothing draws as nothing
		}
		k := int(math.Round(math.Min(math.Max(v, 0), top) / top * float64(len(sparks)-1)))
		run[i] = sparks[k]
	}
	return strings.Repeat(" ", w-len(values)) + st.Render(string(run))
}

// Sparkline draws the last w values as block heights scaled to the largest
// magnitude; negative values (regeneration) use neg's style.
func Sparkline(values []float64, w int, pos, neg lipgloss.Style) string {
	if w <= 0 {
		return ""
	}
	if len(values) > w {
		values = values[len(values)-w:]
	}
	top := 0.0
	for _, v := range values {
		top = max(top, abs(v))
	}
	var sb strings.Builder
	sb.WriteString(strings.Repeat(" ", w-len(values)))
	var run []rune
	runNeg := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		if runNeg {
			sb.WriteString(neg.Render(string(run)))
		} else {
			sb.WriteString(pos.Render(string(run)))
		}
		run = run[:0]
	}
	for _, v := range values {
		i := 0
		if top > 0 {
			i = int(abs(v) / top * float64(len(sparks)-1))
		}
		isNeg := v < 0
		if isNeg != runNeg {
			flush()
			runNeg = isNeg
		}
		run = append(run, sparks[i])
	}
	flush()
	return sb.String()
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// digits is a three-row block font for the speedometer, three cells wide.
var digits = [10][3]string{
	{"█▀█", "█ █", "▀▀▀"},
	{" ▀█", "  █", "  ▀"},
	{"▀▀█", "█▀▀", "▀▀▀"},
	{"▀▀█", " ▀█", "▀▀▀"},
	{"█ █", "▀▀█", "  ▀"},
	{"█▀▀", "▀▀█", "▀▀▀"},
	{"█▀▀", "█▀█", "▀▀▀"},
	{"▀▀█", "  █", "  ▀"},
	{"█▀█", "█▀█", "▀▀▀"},
	{"█▀█", "▀▀█", "▀▀▀"},
}

// BigNumber renders n (0..999) in the three-row block font, right-aligned
// in three digit places so the speed does not jump sideways.
func BigNumber(n int) [3]string {
	n = min(max(n, 0), 999)
	var rows [3]string
	s := []byte{' ', ' ', ' '}
	ds := []byte(itoa(n))
	copy(s[3-len(ds):], ds)
	for i, ch := range s {
		for r := 0; r < 3; r++ {
			if i > 0 {
				rows[r] += " "
			}
			if ch == ' ' {
				rows[r] += "   "
			} else {
				rows[r] += digits[ch-'0'][r]
			}
		}
	}
	return rows
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
