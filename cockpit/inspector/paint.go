package inspector

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/theme"
)

// The tree and the watch list are most of a frame: dozens of rows of a
// few coloured parts each. Rendering every part with lipgloss and
// measuring the styled result costs more than the 1 ms a frame may take at
// 200×60, so those rows are built from plain text of known width, each
// part wrapped in its style's escape codes, computed once per frame.

// paint is a style's escape codes around a text.
type paint struct{ pre, suf string }

// of wraps text in the style ("" stays "").
func (p paint) of(text string) string {
	if text == "" || p.pre == "" && p.suf == "" {
		return text
	}
	return p.pre + text + p.suf
}

// paintOf takes a style's codes from how it renders one letter (the
// styles used for parts have no padding, margins or borders).
func paintOf(st lipgloss.Style) paint {
	r := st.Render("x")
	i := strings.IndexByte(r, 'x')
	if i < 0 {
		return paint{}
	}
	return paint{pre: r[:i], suf: r[i+1:]}
}

// palette is the paints of the styles the rows use. The zero palette
// paints nothing: the selected row is built plain and painted whole.
type palette struct {
	faint, muted, text, bold, accent, good paint
}

func newPalette(s *theme.Styles) palette {
	return palette{faint: paintOf(s.Faint), muted: paintOf(s.Muted), text: paintOf(s.Text),
		bold: paintOf(s.Bold), accent: paintOf(s.Accent), good: paintOf(s.Good)}
}

// part is a plain text and its paint.
type part struct {
	text string
	p    paint
}

// width is s's width in cells, without the grapheme walk for ASCII (every
// path segment, most values).
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// cell lays parts out in exactly w cells: each part painted, the one that
// does not fit cut with an ellipsis, the rest dropped, then padded.
func cell(b *strings.Builder, w int, parts ...part) {
	left := w
	for _, pt := range parts {
		if left <= 0 {
			break
		}
		pw := width(pt.text)
		if pw > left {
			cut := ansi.Truncate(pt.text, left, "…")
			if pw == len(pt.text) {
				cut = pt.text[:left-1] + "…" // ASCII: a cell a byte
			}
			b.WriteString(pt.p.of(cut))
			left -= width(cut)
			break
		}
		b.WriteString(pt.p.of(pt.text))
		left -= pw
	}
	for ; left > 0; left-- {
		b.WriteByte(' ')
	}
}
