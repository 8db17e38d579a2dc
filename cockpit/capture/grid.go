package capture

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// colorKind says where a cell's colour comes from: the terminal's default
// (the theme's foreground or background, which the cockpit sets as the
// terminal's own), an indexed colour (0-15 through the palette, 16-255
// from the xterm cube and greys) or a direct RGB colour.
type colorKind uint8

const (
	colorDefault colorKind = iota
	colorIndexed
	colorRGB
)

// tcolor is a colour as the frame gave it, resolved only when drawn so the
// same grid can be drawn with another palette.
type tcolor struct {
	kind colorKind
	v    uint32 // the index, or 0xRRGGBB
}

// style is the SGR state of a cell.
type style struct {
	fg, bg                                  tcolor
	bold, faint, italic, underline, reverse bool
	conceal, strike                         bool
}

// cell is one terminal cell. A wide grapheme takes its cell (width 2) and
// the next one, a continuation (width 0, no content), as a terminal does.
type cell struct {
	content string
	width   int
	st      style
}

// grid is a frame as a terminal would hold it: rows of cells, each row as
// long as the frame drew it (rows are padded to width when drawn).
type grid struct {
	rows  [][]cell
	width int
}

// tabWidth is the terminal's default tab stop interval.
const tabWidth = 8

// maxCols and maxRows bound the grid a frame can make, so any input (a
// fuzzer's, a corrupt file's) costs memory in proportion to its size and
// never more than a huge terminal would hold.
const (
	maxCols = 4096
	maxRows = 4096
)

// parse reads a frame (lipgloss output: text, SGR escapes, line feeds)
// into a grid. Widths are measured by grapheme cluster, the way lipgloss
// lays the frame out (ansi.DecodeSequence: a CJK character takes two
// cells). Every sequence other than SGR (OSC 8 links, cursor moves, titles)
// is skipped: a frame is drawn top to bottom, so only styles matter.
func parse(frame string) grid {
	var g grid
	var st style
	var params ansi.Params
	// Every cell goes into one slice, cut into rows at the end: memory in
	// proportion to the cells, however the rows are shaped. A cell takes
	// a byte of the frame at least (a tab excepted), and a styled frame
	// has escapes besides: half its length is a fair start.
	cells := make([]cell, 0, len(frame)/2)
	var spans [][2]int
	start := 0
	endRow := func() {
		if len(spans) < maxRows {
			spans = append(spans, [2]int{start, len(cells)})
			g.width = max(g.width, len(cells)-start)
		} else {
			cells = cells[:start] // past the last row kept
		}
		start = len(cells)
	}
	var state byte
	s := frame
	for len(s) > 0 {
		// No ansi.Parser: with one, x/ansi v0.11.9 indexes past its
		// parameter buffer on a CSI of more parameters than it holds
		// (FuzzSVG found "\x1b[" + 64 colons + "0"); sgrParams reads
		// the few sequences that matter from the bytes instead.
		seq, w, n, ns := ansi.DecodeSequence(s, state, nil)
		state = ns
		if n <= 0 {
			n = 1 // never stall on input the decoder cannot read
			seq = s[:1]
		}
		s = s[n:]
		rowLen := len(cells) - start
		switch {
		case w > 0:
			if rowLen+w > maxCols {
				continue
			}
			cells = append(cells, cell{content: seq, width: w, st: st})
			for i := 1; i < w; i++ {
				cells = append(cells, cell{st: st})
			}
		case seq == "\n":
			endRow()
		case seq == "\t":
			for next := min((rowLen/tabWidth+1)*tabWidth, maxCols); rowLen < next; rowLen++ {
				cells = append(cells, cell{content: " ", width: 1, st: st})
			}
		case ansi.HasCsiPrefix(seq):
			var ok bool
			if params, ok = sgrParams(seq, params); ok {
				st = applySGR(st, params)
			}
		case zeroWidthText(seq):
			// A zero-width grapheme (a combining mark the decoder
			// gives apart, a zero-width space): it joins the cell
			// before, as in a terminal.
			if i := lastLead(cells[start:]); i >= 0 && len(cells[start+i].content) < 64 {
				cells[start+i].content += seq
			}
		}
	}
	if len(cells) > start || len(spans) == 0 {
		endRow()
	}
	g.rows = make([][]cell, len(spans))
	for i, sp := range spans {
		g.rows[i] = cells[sp[0]:sp[1]:sp[1]]
	}
	return g
}

// maxParams bounds the parameters read of one SGR sequence; xterm reads
// 30, and no style needs more than a handful.
const maxParams = 64

// sgrParams reads the parameters of a Select Graphic Rendition sequence
// (CSI … m without a prefix or an intermediate byte) into buf as ansi.Params
// (a colon marks a sub-parameter, HasMore, as the ansi parser does);
// false for any other sequence. Parameters past maxParams are dropped and
// values saturate, so no input can cost more than its length.
func sgrParams(seq string, buf ansi.Params) (ansi.Params, bool) {
	var body string
	switch {
	case strings.HasPrefix(seq, "\x1b["):
		body = seq[2:]
	case strings.HasPrefix(seq, "\x9b"):
		body = seq[1:]
	default:
		return buf, false
	}
	if !strings.HasSuffix(body, "m") {
		return buf, false
	}
	body = body[:len(body)-1]
	params := buf[:0]
	if body == "" {
		return params, true
	}
	add := func(v int, missing, more bool) {
		if len(params) < maxParams {
			if missing {
				v = parser.MissingParam
			}
			params = append(params, ansi.Param(ansi.Parameter(v, more)))
		}
	}
	v, missing := 0, true
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			v = min(v*10+int(c-'0'), 1<<20)
			missing = false
		case c == ';' || c == ':':
			add(v, missing, c == ':')
			v, missing = 0, true
		default:
			return buf, false // a prefix or an intermediate byte: not SGR
		}
	}
	add(v, missing, false)
	return params, true
}

// zeroWidthText reports whether a zero-width piece the decoder gave is
// text (a character of two bytes or more: a combining mark, a zero-width
// space) rather than a control, an escape sequence or a stray byte, which
// have one byte (C0, C1, ESC, invalid UTF-8) and are dropped.
func zeroWidthText(seq string) bool {
	_, size := utf8.DecodeRuneInString(seq)
	return size > 1
}

// lastLead is the index of the last cell of a row that holds content (the
// lead cell of a wide grapheme, not its continuation), or -1.
func lastLead(row []cell) int {
	for i := len(row) - 1; i >= 0; i-- {
		if row[i].width > 0 {
			return i
		}
	}
	return -1
}

// applySGR applies one Select Graphic Rendition sequence to a style, as
// xterm does: unknown parameters are ignored, sub-parameters (4:3, 38:2::r:g:b)
// are read where they mean something and skipped elsewhere.
func applySGR(st style, params ansi.Params) style {
	if len(params) == 0 {
		return style{}
	}
	for i := 0; i < len(params); i++ {
		param := params[i].Param(0)
		more := params[i].HasMore()
		switch {
		case param == 0:
			st = style{}
		case param == 1:
			st.bold = true
		case param == 2:
			st.faint = true
		case param == 3:
			st.italic = true
		case param == 4:
			st.underline = true
			if more && i+1 < len(params) {
				st.underline = params[i+1].Param(1) != 0 // 4:0 is "no underline"
			}
		case param == 7:
			st.reverse = true
		case param == 8:
			st.conceal = true
		case param == 9:
			st.strike = true
		case param == 21:
			st.underline = true // double underline
		case param == 22:
			st.bold, st.faint = false, false
		case param == 23:
			st.italic = false
		case param == 24:
			st.underline = false
		case param == 27:
			st.reverse = false
		case param == 28:
			st.conceal = false
		case param == 29:
			st.strike = false
		case param >= 30 && param <= 37:
			st.fg = tcolor{colorIndexed, uint32(param - 30)}
		case param == 39:
			st.fg = tcolor{}
		case param >= 40 && param <= 47:
			st.bg = tcolor{colorIndexed, uint32(param - 40)}
		case param == 49:
			st.bg = tcolor{}
		case param >= 90 && param <= 97:
			st.fg = tcolor{colorIndexed, uint32(param - 90 + 8)}
		case param >= 100 && param <= 107:
			st.bg = tcolor{colorIndexed, uint32(param - 100 + 8)}
		case param == 38 || param == 48 || param == 58:
			var c color.Color
			n := ansi.ReadStyleColor(params[i:], &c)
			if n <= 0 {
				// Unreadable: skip its sub-parameters; with
				// semicolons the rest is read as it comes, as
				// xterm does.
				for more && i+1 < len(params) {
					i++
					more = params[i].HasMore()
				}
				continue
			}
			i += n - 1
			more = false
			tc := toTColor(c)
			switch param {
			case 38:
				st.fg = tc
			case 48:
				st.bg = tc
			}
		}
		// Sub-parameters not read above belong to this parameter.
		for more && i+1 < len(params) {
			i++
			more = params[i].HasMore()
		}
	}
	return st
}

// toTColor keeps an indexed colour's index (so 0-15 follow the palette)
// and turns any other colour into RGB; transparent is the default.
func toTColor(c color.Color) tcolor {
	switch c := c.(type) {
	case nil:
		return tcolor{}
	case ansi.IndexedColor:
		return tcolor{colorIndexed, uint32(c)}
	case ansi.BasicColor:
		return tcolor{colorIndexed, uint32(c) & 0xff}
	}
	r, g, b, a := c.RGBA()
	if a == 0 {
		return tcolor{}
	}
	return tcolor{colorRGB, (r>>8)<<16 | (g>>8)<<8 | b>>8}
}

// Text is the frame as plain text: escapes removed, each row's trailing
// spaces trimmed, rows kept (one line each, every line ending in a line
// feed), so a text capture diffs and greps like the screen reads.
func Text(frame string) string {
	g := parse(frame)
	var b strings.Builder
	for _, row := range g.rows {
		line := make([]byte, 0, len(row))
		for _, c := range row {
			line = append(line, c.content...)
		}
		b.WriteString(strings.TrimRight(string(line), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// ANSI is the frame as drawn, for `cat file.ans` in a terminal: line ends
// normalised to line feeds, and a final reset and line feed so the shell's
// prompt after it is not coloured.
func ANSI(frame string) []byte {
	s := strings.ReplaceAll(frame, "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	return []byte(s + ansi.ResetStyle + "\n")
}
