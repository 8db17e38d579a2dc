package capture

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/theme"
)

// Options say how a capture is drawn: the terminal's default colours (the
// theme's, which the cockpit sets as the terminal's own), the 16 ANSI
// colours, the font and the cell size. OptionsFor builds them from a theme.
type Options struct {
	// Background and Foreground are the default colours, "#RRGGBB".
	Background, Foreground string
	// Palette maps ANSI colours 0-15; an empty entry is xterm's default.
	// (The themes define none: the cockpit draws in true colours only.)
	Palette [16]string
	// Font is the CSS font-family list, a monospace stack ending in a
	// generic family (theme.Font).
	Font string
	// FontSize, CellWidth and CellHeight are in SVG user units (pixels);
	// zero takes the defaults below.
	FontSize, CellWidth, CellHeight float64
}

// The default geometry: a 15 px monospace font advances about 9 px (0.6
// em), and a line of 18 px (1.2 em) is a terminal's usual spacing. A
// 120×40 cockpit is then 1080×720.
const (
	DefaultFontSize   = 15
	DefaultCellWidth  = 9
	DefaultCellHeight = 18
)

// withDefaults fills what o leaves unset.
func (o Options) withDefaults() Options {
	if o.Background == "" {
		o.Background = "#000000"
	}
	if o.Foreground == "" {
		o.Foreground = "#FFFFFF"
	}
	if o.Font == "" {
		o.Font = theme.DefaultFont
	}
	if o.FontSize <= 0 {
		o.FontSize = DefaultFontSize
	}
	if o.CellWidth <= 0 {
		o.CellWidth = DefaultCellWidth
	}
	if o.CellHeight <= 0 {
		o.CellHeight = DefaultCellHeight
	}
	return o
}

// ErrBadColor: an Options colour is not "#RRGGBB".
var ErrBadColor = errors.New("capture: a colour must be written #RRGGBB")

// check refuses colours that would not be colours in the SVG (and could
// break out of its attributes).
func (o Options) check() error {
	cs := append([]string{o.Background, o.Foreground}, o.Palette[:]...)
	for i, c := range cs {
		if c == "" && i >= 2 {
			continue
		}
		if !isHex(c) {
			return fmt.Errorf("%w, got %q", ErrBadColor, c)
		}
	}
	return nil
}

func isHex(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, c := range []byte(s[1:]) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// rgb is a resolved colour, 0xRRGGBB.
type rgb uint32

func parseHex(s string) rgb {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return rgb(v)
}

func (c rgb) hex() string {
	const digits = "0123456789ABCDEF"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i := 6; i >= 1; i-- {
		b[i] = digits[c&0xf]
		c >>= 4
	}
	return string(b)
}

// mix is a blended halfway to b: how terminals draw faint text.
func (c rgb) mix(b rgb) rgb {
	ch := func(sh uint) rgb { return ((c>>sh&0xff + b>>sh&0xff) / 2) << sh }
	return ch(16) | ch(8) | ch(0)
}

// palette is Options resolved for drawing.
type palette struct {
	bg, fg rgb
	ansi   [16]rgb
}

// xterm16 are xterm's default 16 colours (its XTerm-col resources), what
// a frame's basic colours look like in a terminal nobody has themed. (The
// ansi package's table for 0-15 is the 256-colour chart's, #800000 for
// red, which no terminal shows by default.)
var xterm16 = [16]rgb{
	0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
	0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
}

func newPalette(o Options) palette {
	p := palette{bg: parseHex(o.Background), fg: parseHex(o.Foreground), ansi: xterm16}
	for i := range p.ansi {
		if o.Palette[i] != "" {
			p.ansi[i] = parseHex(o.Palette[i])
		}
	}
	return p
}

func (p palette) resolve(c tcolor, def rgb) rgb {
	switch c.kind {
	case colorIndexed:
		if c.v < 16 {
			return p.ansi[c.v]
		}
		r, g, b, _ := ansi.IndexedColor(uint8(c.v)).RGBA() //nolint:gosec // v < 256: it came from a uint8
		return rgb((r>>8)<<16 | (g>>8)<<8 | b>>8)
	case colorRGB:
		return rgb(c.v & 0xffffff)
	}
	return def
}

// look is how a cell appears: what the SVG can show of its style.
// Two cells look the same exactly when their looks are equal; a run of
// such cells is one <text>.
type look struct {
	fill                            rgb
	bold, italic, underline, strike bool
}

// colours are a cell's drawn foreground and background: reverse swaps
// them, faint blends the foreground halfway to the background, conceal
// draws it in the background colour.
func (p palette) colours(st style) (fg, bg rgb) {
	fg, bg = p.resolve(st.fg, p.fg), p.resolve(st.bg, p.bg)
	if st.reverse {
		fg, bg = bg, fg
	}
	if st.faint {
		fg = fg.mix(bg)
	}
	if st.conceal {
		fg = bg
	}
	return fg, bg
}

func (p palette) look(st style) look {
	fg, _ := p.colours(st)
	return look{fill: fg, bold: st.bold, italic: st.italic, underline: st.underline, strike: st.strike}
}

// SVG draws a frame as an SVG picture of the terminal grid: the
// background, then each row's background runs as rectangles and one
// <text> per run of cells that look the same, placed at its column and
// stretched (textLength, lengthAdjust) to exactly its cells, so no font's
// glyph widths can move a character off its column. Colours are true
// colours; the same frame and options always give the same bytes.
func SVG(frame string, o Options) ([]byte, error) {
	o = o.withDefaults()
	if err := o.check(); err != nil {
		return nil, err
	}
	return svgOf(parse(frame), o), nil
}

func svgOf(g grid, o Options) []byte {
	p := newPalette(o)
	cols, rows := max(g.width, 1), max(len(g.rows), 1)
	var b bytes.Buffer
	b.Grow(256 + 64*cols*rows/4)
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	w, h := num(float64(cols)*o.CellWidth), num(float64(rows)*o.CellHeight)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" font-size="%s" xml:space="preserve" style="white-space:pre">`+"\n",
		w, h, w, h, escape(o.Font), num(o.FontSize))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="%s"/>`+"\n", p.bg.hex())
	// The baseline sits where a terminal puts it: about four fifths down
	// the cell, leaving room for descenders.
	base := o.CellHeight - (o.CellHeight-o.FontSize)/2 - o.FontSize*0.2
	for y, row := range g.rows {
		top := float64(y) * o.CellHeight
		// Background runs.
		for x := 0; x < len(row); {
			_, bg := p.colours(row[x].st)
			end := x + 1
			for end < len(row) {
				if _, b2 := p.colours(row[end].st); b2 != bg {
					break
				}
				end++
			}
			if bg != p.bg {
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
					num(float64(x)*o.CellWidth), num(top), num(float64(end-x)*o.CellWidth), num(o.CellHeight), bg.hex())
			}
			x = end
		}
		// Text runs.
		for _, r := range runs(row, p) {
			if r.blank {
				continue
			}
			fmt.Fprintf(&b, `<text x="%s" y="%s" textLength="%s" lengthAdjust="spacingAndGlyphs" fill="%s"`,
				num(float64(r.x)*o.CellWidth), num(top+base), num(float64(r.cells)*o.CellWidth), r.look.fill.hex())
			if r.look.bold {
				b.WriteString(` font-weight="bold"`)
			}
			if r.look.italic {
				b.WriteString(` font-style="italic"`)
			}
			switch {
			case r.look.underline && r.look.strike:
				b.WriteString(` text-decoration="underline line-through"`)
			case r.look.underline:
				b.WriteString(` text-decoration="underline"`)
			case r.look.strike:
				b.WriteString(` text-decoration="line-through"`)
			}
			b.WriteByte('>')
			b.WriteString(escape(r.text))
			b.WriteString("</text>\n")
		}
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// run is a maximal run of cells of a row that look the same, without the
// spaces at its ends unless they are underlined or struck through.
type run struct {
	x, cells int
	text     string
	look     look
	// blank: only spaces, neither underlined nor struck through, so
	// nothing to draw (its background is drawn by the rectangles).
	blank bool
}

func runs(row []cell, p palette) []run {
	var out []run
	for x := 0; x < len(row); {
		lk := p.look(row[x].st)
		end := x
		var text strings.Builder
		for end < len(row) && p.look(row[end].st) == lk {
			text.WriteString(row[end].content)
			end++
		}
		r := run{x: x, cells: end - x, text: text.String(), look: lk}
		if !lk.underline && !lk.strike {
			// Spaces at the ends draw nothing, and viewers drop them
			// before stretching a text to its textLength (Chromium
			// spread "Arrive" over "Arrive    "): the text covers
			// its visible cells only.
			t := strings.TrimLeft(r.text, " ")
			r.x += len(r.text) - len(t)
			r.cells -= len(r.text) - len(t)
			r.text = strings.TrimRight(t, " ")
			r.cells -= len(t) - len(r.text)
			r.blank = r.text == ""
		}
		out = append(out, r)
		x = end
	}
	return out
}

// escape makes text safe inside an XML element or a quoted attribute:
// the five special characters become entities, and what XML 1.0 cannot
// hold at all (control characters, invalid UTF-8, non-characters) becomes
// U+FFFD, so a frame can never make the document ill-formed.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case !xmlChar(r) || (r == utf8.RuneError && n == 1):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document (its Char
// production), without tabs and line ends: a cell never holds those, and
// an attribute would normalise them away.
func xmlChar(r rune) bool {
	return r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
