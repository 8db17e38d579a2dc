package capture_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/cockpit/capture"
)

// tb is what the checks need of a *testing.T or a *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
}

// svgDoc is what the tests read back from an SVG capture.
type svgDoc struct {
	XMLName xml.Name  `xml:"svg"`
	Width   string    `xml:"width,attr"`
	Height  string    `xml:"height,attr"`
	Font    string    `xml:"font-family,attr"`
	Space   string    `xml:"http://www.w3.org/XML/1998/namespace space,attr"`
	Rects   []svgRect `xml:"rect"`
	Texts   []svgText `xml:"text"`
}

type svgRect struct {
	X      string `xml:"x,attr"`
	Y      string `xml:"y,attr"`
	Width  string `xml:"width,attr"`
	Height string `xml:"height,attr"`
	Fill   string `xml:"fill,attr"`
}

type svgText struct {
	X          float64 `xml:"x,attr"`
	Y          float64 `xml:"y,attr"`
	TextLength float64 `xml:"textLength,attr"`
	Adjust     string  `xml:"lengthAdjust,attr"`
	Fill       string  `xml:"fill,attr"`
	Weight     string  `xml:"font-weight,attr"`
	Style      string  `xml:"font-style,attr"`
	Deco       string  `xml:"text-decoration,attr"`
	Content    string  `xml:",chardata"`
}

// decodeSVG checks that data is one well-formed XML document (every token
// read to the end, strictly) and returns its elements.
func decodeSVG(t tb, data []byte) svgDoc {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, clip(data))
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("the SVG has %d root elements", roots)
	}
	var doc svgDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Space != "preserve" {
		t.Errorf("xml:space = %q, want preserve", doc.Space)
	}
	return doc
}

func clip(b []byte) []byte {
	if len(b) > 2000 {
		return b[:2000]
	}
	return b
}

// oracleRun is a run of cells that look the same, computed from the frame
// by another terminal emulator's parser (Ultraviolet's, which Bubble Tea
// draws with), not by the package under test.
type oracleRun struct {
	row, col, cells int
	text            string
	fill            string
	bold, italic    bool
	under, strike   bool
}

// oracleRuns reads frame with Ultraviolet into cells and cuts each row
// into runs of the same look; spaces at the ends of a run that is neither
// underlined nor struck through draw nothing and are left out, as in the
// SVG (a run of spaces only has no text at all).
func oracleRuns(frame string, bg, fg string) []oracleRun {
	lines := uv.NewStyledString(strings.ReplaceAll(frame, "\r\n", "\n")).Lines(ansi.GraphemeWidth)
	hex := func(c color.Color, def string) string {
		switch v := c.(type) {
		case nil:
			return def
		case ansi.BasicColor:
			return xterm16[v]
		case ansi.IndexedColor:
			if v < 16 {
				return xterm16[v]
			}
		}
		r, g, b, a := c.RGBA()
		if a == 0 {
			return def
		}
		return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
	}
	type look struct {
		fill                      string
		bold, italic, under, strk bool
	}
	var out []oracleRun
	for y, line := range lines {
		var cur *oracleRun
		var curLook look
		x := 0
		for _, c := range line {
			if c.Width == 0 {
				continue // a wide character's second cell, if Ultraviolet keeps one
			}
			f, b := hex(c.Style.Fg, fg), hex(c.Style.Bg, bg)
			if c.Style.Attrs&uv.AttrReverse != 0 {
				f, b = b, f
			}
			if c.Style.Attrs&uv.AttrFaint != 0 {
				f = mixHex(f, b)
			}
			if c.Style.Attrs&uv.AttrConceal != 0 {
				f = b
			}
			lk := look{f, c.Style.Attrs&uv.AttrBold != 0, c.Style.Attrs&uv.AttrItalic != 0,
				c.Style.Underline != uv.UnderlineNone, c.Style.Attrs&uv.AttrStrikethrough != 0}
			if cur == nil || lk != curLook {
				out = append(out, oracleRun{row: y, col: x, fill: lk.fill, bold: lk.bold, italic: lk.italic, under: lk.under, strike: lk.strk})
				cur, curLook = &out[len(out)-1], lk
			}
			cur.cells += c.Width
			cur.text += c.Content
			x += c.Width
		}
	}
	kept := out[:0]
	for _, r := range out {
		if !r.under && !r.strike {
			// Spaces at a run's ends are not drawn: the text covers
			// its visible cells.
			lead := len(r.text) - len(strings.TrimLeft(r.text, " "))
			trail := len(r.text) - len(strings.TrimRight(r.text, " "))
			if lead == len(r.text) {
				continue
			}
			r.col, r.cells, r.text = r.col+lead, r.cells-lead-trail, r.text[lead:len(r.text)-trail]
		}
		kept = append(kept, r)
	}
	return kept
}

// xterm16 are xterm's default colours 0-15 (XTerm-col.ad).
var xterm16 = []string{
	"#000000", "#CD0000", "#00CD00", "#CDCD00", "#0000EE", "#CD00CD", "#00CDCD", "#E5E5E5",
	"#7F7F7F", "#FF0000", "#00FF00", "#FFFF00", "#5C5CFF", "#FF00FF", "#00FFFF", "#FFFFFF",
}

func mixHex(a, b string) string {
	pa, _ := strconv.ParseUint(a[1:], 16, 32)
	pb, _ := strconv.ParseUint(b[1:], 16, 32)
	var v uint64
	for _, sh := range []uint{16, 8, 0} {
		v |= ((pa>>sh&0xff + pb>>sh&0xff) / 2) << sh
	}
	return fmt.Sprintf("#%06X", v)
}

// checkRuns asserts one <text> per run of the oracle, in order, at the
// run's column and row, exactly as long as its cells, in its look.
func checkRuns(t tb, frame string, o capture.Options) svgDoc {
	t.Helper()
	data, err := capture.SVG(frame, o)
	if err != nil {
		t.Fatal(err)
	}
	doc := decodeSVG(t, data)
	want := oracleRuns(frame, o.Background, o.Foreground)
	if len(doc.Texts) != len(want) {
		t.Fatalf("%d <text> elements, want one per run: %d\nframe %q\nruns %+v\ntexts %+v", len(doc.Texts), len(want), frame, want, doc.Texts)
	}
	for i, w := range want {
		got := doc.Texts[i]
		col := got.X / capture.DefaultCellWidth
		row := int(got.Y / capture.DefaultCellHeight)
		cells := got.TextLength / capture.DefaultCellWidth
		if col != float64(w.col) || row != w.row || cells != float64(w.cells) || got.Content != w.text {
			t.Fatalf("text %d: %q at row %d column %v, %v cells; want %q at row %d column %d, %d cells",
				i, got.Content, row, col, cells, w.text, w.row, w.col, w.cells)
		}
		if !strings.EqualFold(got.Fill, w.fill) || (got.Weight == "bold") != w.bold || (got.Style == "italic") != w.italic ||
			strings.Contains(got.Deco, "underline") != w.under || strings.Contains(got.Deco, "line-through") != w.strike {
			t.Fatalf("text %d %q: fill %s weight %q style %q decoration %q; want %+v", i, got.Content, got.Fill, got.Weight, got.Style, got.Deco, w)
		}
		if got.Adjust != "spacingAndGlyphs" {
			t.Fatalf("text %d: lengthAdjust %q", i, got.Adjust)
		}
	}
	return doc
}

// rowsOf places each <text> at its column (textLength says how many cells
// it covers) and gives the rows as plain text, trailing spaces trimmed:
// what a reader sees where.
func rowsOf(t tb, doc svgDoc, rows int) []string {
	t.Helper()
	grid := make([][]string, rows)
	for _, tx := range doc.Texts {
		row := int(tx.Y / capture.DefaultCellHeight)
		col := int(math.Round(tx.X / capture.DefaultCellWidth))
		if w := ansi.StringWidth(tx.Content); float64(w)*capture.DefaultCellWidth != tx.TextLength {
			t.Fatalf("%q is %d cells wide but textLength %v", tx.Content, w, tx.TextLength)
		}
		for len(grid[row]) < col {
			grid[row] = append(grid[row], " ")
		}
		if len(grid[row]) != col {
			t.Fatalf("row %d: %q overlaps the text before it", row, tx.Content)
		}
		for _, cl := range graphemes(tx.Content) {
			grid[row] = append(grid[row], cl)
			for i := 1; i < ansi.StringWidth(cl); i++ {
				grid[row] = append(grid[row], "")
			}
		}
	}
	out := make([]string, rows)
	for i, r := range grid {
		out[i] = strings.TrimRight(strings.Join(r, ""), " ")
	}
	return out
}

var night = capture.Options{Background: "#0B1016", Foreground: "#D8DEE6"}

func TestSVGRunsOfAStyledFrame(t *testing.T) {
	accent := lipgloss.NewStyle().Foreground(lipgloss.Color("#4EA8FF")).Bold(true)
	warn := lipgloss.NewStyle().Background(lipgloss.Color("#FFB020")).Foreground(lipgloss.Color("#0B1016"))
	frame := accent.Render("NEV") + " 驾驶 " + warn.Render("接管 take over") + "\n" +
		lipgloss.NewStyle().Underline(true).Render("under") + " " + lipgloss.NewStyle().Strikethrough(true).Italic(true).Render("gone") +
		" \x1b[31mred\x1b[0m \x1b[38;5;208m208\x1b[0m \x1b[7mrev\x1b[27m \x1b[2mdim\x1b[0m " +
		"\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ <&\"'>\n"
	doc := checkRuns(t, frame, night)
	if !strings.Contains(doc.Font, "monospace") {
		t.Errorf("font-family %q", doc.Font)
	}
	// The backgrounds: the whole picture, then the warning's run.
	if len(doc.Rects) < 2 || doc.Rects[0].Fill != "#0B1016" || doc.Rects[1].Fill != "#FFB020" {
		t.Fatalf("rects %+v", doc.Rects)
	}
	if x := doc.Rects[1].X; x != strconv.Itoa(9*capture.DefaultCellWidth) {
		t.Errorf("the warning's background starts at x=%s, want column 9 (after NEV, a space, two CJK characters of two cells and a space)", x)
	}
	got := rowsOf(t, doc, 2)
	want := strings.Split(strings.TrimSuffix(capture.Text(frame), "\n"), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the SVG reads\n%q\nthe text capture\n%q", got, want)
	}
	if want[1] != `under gone red 208 rev dim link <&"'>` {
		t.Errorf("text capture %q", want[1])
	}
	for _, c := range []string{"#CD0000", "#FF8700", "#0B1016"} { // xterm red, 208, reverse's foreground
		if !bytes.Contains(mustSVG(t, frame, night), []byte(`fill="`+c+`"`)) {
			t.Errorf("no fill %s", c)
		}
	}
}

func mustSVG(t tb, frame string, o capture.Options) []byte {
	t.Helper()
	b, err := capture.SVG(frame, o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSVGIsDeterministicAndChecksColours(t *testing.T) {
	frame := "\x1b[1;38;2;1;2;3mA\x1b[0m中"
	a, b := mustSVG(t, frame, night), mustSVG(t, frame, night)
	if !bytes.Equal(a, b) {
		t.Error("the same frame gave different bytes")
	}
	if _, err := capture.SVG(frame, capture.Options{Background: `#000000" onload="x`}); !errors.Is(err, capture.ErrBadColor) {
		t.Errorf("a colour that is not a colour: %v", err)
	}
	// The palette maps the 16 colours.
	o := night
	o.Palette[1] = "#AA0000"
	if !bytes.Contains(mustSVG(t, "\x1b[31mx", o), []byte(`fill="#AA0000"`)) {
		t.Error("palette colour 1 not used")
	}
}

func TestTextAndANSI(t *testing.T) {
	frame := "\x1b[1mTitle\x1b[0m   \r\n中文 \x1b[32mok\x1b[0m  \n\n  end"
	if got, want := capture.Text(frame), "Title\n中文 ok\n\n  end\n"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	// A stray C1 byte is a control, not a character; an invalid byte
	// takes a cell, drawn as U+FFFD as terminals draw it.
	if got := capture.Text("a\x85b\u0301"); got != "ab\u0301\n" {
		t.Errorf("Text with a C1 byte = %q", got)
	}
	if svg := mustSVG(t, "x\xffy", night); !bytes.Contains(svg, []byte(">x\ufffdy</text>")) {
		t.Errorf("an invalid byte is not drawn as U+FFFD:\n%s", svg)
	}
	a := string(capture.ANSI(frame))
	if strings.Contains(a, "\r") || !strings.HasSuffix(a, "\x1b[m\n") || !strings.HasPrefix(a, "\x1b[1mTitle") {
		t.Errorf("ANSI = %q", a)
	}
	if ansi.Strip(a) != ansi.Strip(strings.ReplaceAll(frame, "\r\n", "\n"))+"\n" {
		t.Errorf("ANSI changed the text: %q", a)
	}
}

// styledString draws a random frame: rows of random text (ASCII, CJK,
// symbols, combining marks) in random styles (16, 256 and true colours,
// attributes, resets, hyperlinks).
func styledString(t *rapid.T) string {
	pieces := rapid.SliceOfN(rapid.SampledFrom([]string{
		"a", "Z", " ", "  ", "中", "驾驶", "→", "│", "█", "é", "e\u0301", "<", "&", "\"", "⚠", "🚗", "°C", "12",
	}), 0, 12)
	var b strings.Builder
	rows := rapid.IntRange(1, 4).Draw(t, "rows")
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(rapid.SampledFrom([]string{"\n", "\r\n"}).Draw(t, "eol"))
		}
		for _, p := range pieces.Draw(t, "pieces") {
			sgr := rapid.SampledFrom([]string{
				"", "\x1b[0m", "\x1b[m", "\x1b[1m", "\x1b[2m", "\x1b[3m", "\x1b[4m", "\x1b[4:3m", "\x1b[7m", "\x1b[9m",
				"\x1b[22;23;24;27;29m", "\x1b[31m", "\x1b[44m", "\x1b[92m", "\x1b[105m", "\x1b[39;49m",
				"\x1b[38;5;" + strconv.Itoa(rapid.IntRange(0, 255).Draw(t, "i")) + "m",
				"\x1b[48;5;" + strconv.Itoa(rapid.IntRange(0, 255).Draw(t, "j")) + "m",
				fmt.Sprintf("\x1b[38;2;%d;%d;%dm", rapid.IntRange(0, 255).Draw(t, "r"), rapid.IntRange(0, 255).Draw(t, "g"), rapid.IntRange(0, 255).Draw(t, "b")),
				fmt.Sprintf("\x1b[48;2;%d;%d;%dm", rapid.IntRange(0, 255).Draw(t, "r2"), rapid.IntRange(0, 255).Draw(t, "g2"), rapid.IntRange(0, 255).Draw(t, "b2")),
				"\x1b]8;;https://example.com/?a=1&b=2\x1b\\", "\x1b]8;;\x1b\\", "\x1b[2K", "\x1b]0;title\x07",
			}).Draw(t, "sgr")
			b.WriteString(sgr + p)
		}
	}
	return b.String()
}

// graphemes splits s into grapheme clusters as the terminal measures them.
func graphemes(s string) []string {
	var out []string
	var state byte
	for len(s) > 0 {
		seq, w, n, ns := ansi.DecodeSequence(s, state, nil)
		state = ns
		s = s[n:]
		if w == 0 && len(out) > 0 {
			out[len(out)-1] += seq // a combining mark the decoder gave apart
			continue
		}
		out = append(out, seq)
	}
	return out
}

// TestSVGProperty: for any styled frame, the SVG is well-formed, has one
// <text> per run of same-looking cells (as another parser cuts them),
// and its texts, placed at their columns, read as the text capture.
func TestSVGProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		frame := styledString(t)
		doc := checkRuns(t, frame, night)
		want := strings.Split(strings.TrimSuffix(capture.Text(frame), "\n"), "\n")
		got := rowsOf(t, doc, len(want))
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("row %d: the SVG reads %q, the text capture %q (frame %q)", i, got[i], want[i], frame)
			}
		}
		plain := strings.Split(ansi.Strip(strings.ReplaceAll(frame, "\r\n", "\n")), "\n")
		for i := range want {
			if want[i] != strings.TrimRight(plain[i], " ") {
				t.Fatalf("row %d: text capture %q, stripped frame %q", i, want[i], plain[i])
			}
		}
	})
}

// FuzzSVG: any bytes as a frame give a well-formed SVG, no panic, and a
// size in proportion to the input.
func FuzzSVG(f *testing.F) {
	for _, s := range []string{"", "a", "中文\x1b[31mx", "\x1b[38;2;1;2m", "\x1b[38:2::1:2:3m", "\x1b]8;;x\x07y", "\xff\xfe\x00\x1b", "\t\tx", "\x9b4m", "a\u0301\u200b\ufffe",
		// x/ansi's parser indexed past its 64 parameters on these (and the
		// DCS form); captures read SGR parameters themselves.
		"\x1b[" + strings.Repeat(":", 64) + "0", "\x1b[" + strings.Repeat(";", 70) + "1m", "\x1bP" + strings.Repeat(";", 70) + "1q"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := capture.SVG(string(in), night)
		if err != nil {
			t.Fatal(err)
		}
		decodeSVG(t, out)
		if limit := 1024 + 400*len(in); len(out) > limit {
			t.Fatalf("%d bytes of SVG for %d bytes of frame", len(out), len(in))
		}
		_ = capture.Text(string(in))
	})
}

func TestStem(t *testing.T) {
	at := time.Date(2026, 12, 4, 4, 12, 5, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{capture.Stem(at, "drive"), "cockpit-2026-12-04T04-12-05-drive"},
		{capture.Stem(at, "../Etc/Pass wd"), "cockpit-2026-12-04T04-12-05-etc-pass-wd"},
		{capture.Stem(at, ""), "cockpit-2026-12-04T04-12-05"},
		{capture.ReplayStem(at, 12*time.Minute+30*time.Second+400*time.Millisecond, "nav"), "cockpit-2026-12-04T04-12-05-replay-00-12-30-nav"},
		{capture.ReplayStem(at, 3*time.Hour+5*time.Second, "drive"), "cockpit-2026-12-04T04-12-05-replay-03-00-05-drive"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestDir(t *testing.T) {
	home := t.TempDir()
	cfg := filepath.Join(home, "cfg")
	if err := os.MkdirAll(cfg, 0o755); err != nil {
		t.Fatal(err)
	}
	userDirs := func(content string) string {
		d := filepath.Join(home, "cfg", strconv.Itoa(len(content)))
		os.MkdirAll(d, 0o755)
		if err := os.WriteFile(filepath.Join(d, "user-dirs.dirs"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	dotConfig := filepath.Join(home, ".config")
	os.MkdirAll(dotConfig, 0o755)
	os.WriteFile(filepath.Join(dotConfig, "user-dirs.dirs"), []byte("XDG_PICTURES_DIR=\"$HOME/Bilder\"\n"), 0o644)
	fifoDir := filepath.Join(home, "fifo")
	os.MkdirAll(fifoDir, 0o755)
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "user-dirs.dirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		env  map[string]string
		home string
		want string // "" = error
	}{
		{"XDG_PICTURES_DIR wins", map[string]string{"XDG_PICTURES_DIR": "/pics", "XDG_CONFIG_HOME": userDirs("XDG_PICTURES_DIR=\"/elsewhere\"\n")}, home, "/pics/cockpit"},
		{"a relative XDG_PICTURES_DIR is ignored", map[string]string{"XDG_PICTURES_DIR": "pics", "XDG_CONFIG_HOME": "/nonexistent"}, home, home + "/Pictures/cockpit"},
		{"user-dirs.dirs with $HOME", map[string]string{"XDG_CONFIG_HOME": userDirs("# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/Bilder/Fotos\"\n")}, home, home + "/Bilder/Fotos/cockpit"},
		{"user-dirs.dirs absolute, escaped, last wins", map[string]string{"XDG_CONFIG_HOME": userDirs("XDG_PICTURES_DIR=\"/old\"\n  XDG_PICTURES_DIR=\"/srv/my \\\"pics\\\"\"\n")}, home, "/srv/my \"pics\"/cockpit"},
		{"user-dirs.dirs disabled (set to $HOME)", map[string]string{"XDG_CONFIG_HOME": userDirs("XDG_PICTURES_DIR=\"$HOME/\"\n")}, home, home + "/Pictures/cockpit"},
		{"user-dirs.dirs relative value ignored", map[string]string{"XDG_CONFIG_HOME": userDirs("XDG_PICTURES_DIR=\"Pictures2\"\n")}, home, home + "/Pictures/cockpit"},
		{"default XDG_CONFIG_HOME is ~/.config", map[string]string{}, home, home + "/Bilder/cockpit"},
		{"a FIFO for user-dirs.dirs is not read", map[string]string{"XDG_CONFIG_HOME": fifoDir}, home, home + "/Pictures/cockpit"},
		{"no home, XDG_PICTURES_DIR set", map[string]string{"XDG_PICTURES_DIR": "/pics"}, "", "/pics/cockpit"},
		{"no home, nothing set", map[string]string{}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := capture.Dir(func(k string) string { return c.env[k] }, c.home)
			if c.want == "" {
				if !errors.Is(err, capture.ErrNoHome) {
					t.Errorf("got %q, %v; want ErrNoHome", got, err)
				}
				return
			}
			if err != nil || got != filepath.Clean(c.want) {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestSaveNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder") // made by Save
	frame := "\x1b[1mhi\x1b[0m 中文\n"
	p1, err := capture.Save(dir, "cockpit-x-drive", frame, night)
	if err != nil {
		t.Fatal(err)
	}
	if len(p1) != 3 {
		t.Fatalf("paths %v", p1)
	}
	for i, ext := range []string{".txt", ".ans", ".svg"} {
		if p1[i] != filepath.Join(dir, "cockpit-x-drive"+ext) {
			t.Errorf("path %d = %s", i, p1[i])
		}
		info, err := os.Stat(p1[i])
		if err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s: %v %v", p1[i], info, err)
		}
	}
	if b, _ := os.ReadFile(p1[0]); string(b) != "hi 中文\n" {
		t.Errorf("text file %q", b)
	}
	if b, _ := os.ReadFile(p1[2]); !bytes.Equal(b, mustSVG(t, frame, night)) {
		t.Error("the SVG file is not SVG(frame)")
	}
	// A second capture of the same second gets a suffix; a FIFO squatting
	// on the next name is skipped, never opened (which would block).
	if err := syscall.Mkfifo(filepath.Join(dir, "cockpit-x-drive-2.svg"), 0o644); err != nil {
		t.Fatal(err)
	}
	p2, err := capture.Save(dir, "cockpit-x-drive", "other", night)
	if err != nil {
		t.Fatal(err)
	}
	if p2[0] != filepath.Join(dir, "cockpit-x-drive-3.txt") {
		t.Errorf("second capture at %v", p2)
	}
	if b, _ := os.ReadFile(p1[0]); string(b) != "hi 中文\n" {
		t.Error("the first capture was overwritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "cockpit-x-drive-2.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a partial capture was left beside the FIFO")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// Bad names and a file where the folder should be are errors, not panics.
	if _, err := capture.Save(dir, "../escape", frame, night); err == nil {
		t.Error("a stem with a folder was accepted")
	}
	if _, err := capture.Save(p1[0], "x", frame, night); err == nil {
		t.Error("a file as the folder was accepted")
	}
}

func TestWriteNewRefusesWhatIsThere(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.txt")
	os.WriteFile(target, []byte("keep"), 0o644)
	fifo := filepath.Join(dir, "fifo.svg")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub.svg")
	os.Mkdir(sub, 0o755)
	link := filepath.Join(dir, "link.svg")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.svg")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	for path, want := range map[string]string{fifo: "a FIFO", sub: "a folder", link: "a symbolic link", dangling: "a symbolic link", target: "a file"} {
		err := capture.WriteNew(path, []byte("new"))
		if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want refused as %s", filepath.Base(path), err, want)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("written through a dangling link")
	}
	if info, _ := os.Lstat(fifo); info.Mode()&fs.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	if err := capture.WriteNew(filepath.Join(dir, "fresh.svg"), []byte("ok")); err != nil {
		t.Error(err)
	}
}

// TestReplace: Replace keeps a picture's name and replaces its files
// (the docs' pictures are made again under the same names), but never
// writes through a link or over something that is not a regular file,
// and then writes none of the three.
func TestReplace(t *testing.T) {
	dir := t.TempDir()
	o := capture.OptionsFor(nil)
	if _, err := capture.Replace(dir, "pic", "first\n", o); err != nil {
		t.Fatal(err)
	}
	paths, err := capture.Replace(dir, "pic", "second\n", o)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(paths[0]); string(got) != "second\n" || filepath.Base(paths[0]) != "pic.txt" {
		t.Errorf("after Replace: %s holds %q", paths[0], got)
	}
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "linked.svg")); err != nil {
		t.Fatal(err)
	}
	if _, err := capture.Replace(dir, "linked", "x\n", o); err == nil || !strings.Contains(err.Error(), "a symbolic link is there") {
		t.Errorf("Replace over a link: %v", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "keep" {
		t.Errorf("the link's target was written: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "linked.txt")); err == nil {
		t.Error("Replace refused the SVG but wrote the text")
	}
	if _, err := capture.Replace(dir, "../up", "x\n", o); err == nil {
		t.Error("Replace took a name that leaves the folder")
	}
}
