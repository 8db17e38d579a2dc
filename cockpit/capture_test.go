package cockpit

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/capture"
)

// ctrlS is the capture key as the terminal reports it.
var ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}

// svgTexts decodes an SVG capture strictly (well-formed or the test
// fails) and returns its <text> elements and the fills of its <rect>s.
func svgTexts(t *testing.T, data []byte) (texts []struct {
	x, y, length float64
	fill, text   string
}, rects []string) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts, rects
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) string {
			for _, a := range se.Attr {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
		num := func(name string) float64 {
			f, err := strconv.ParseFloat(attr(name), 64)
			if err != nil {
				t.Fatalf("<%s %s=%q>: %v", se.Name.Local, name, attr(name), err)
			}
			return f
		}
		switch se.Name.Local {
		case "rect":
			rects = append(rects, attr("fill"))
		case "text":
			var body string
			if err := dec.DecodeElement(&body, &se); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, struct {
				x, y, length float64
				fill, text   string
			}{num("x"), num("y"), num("textLength"), attr("fill"), body})
		}
	}
}

// placed reads an SVG capture as a screen: every <text> put at the column
// and row its x and y say, as many cells wide as its textLength; the rows
// with trailing spaces trimmed.
func placed(t *testing.T, data []byte, rows int) []string {
	t.Helper()
	texts, _ := svgTexts(t, data)
	grid := make([]string, rows)
	width := make([]int, rows)
	for _, tx := range texts {
		row := int(tx.y / capture.DefaultCellHeight)
		col := int(math.Round(tx.x / capture.DefaultCellWidth))
		if cells := ansi.StringWidth(tx.text); float64(cells)*capture.DefaultCellWidth != tx.length {
			t.Fatalf("%q: %d cells, textLength %v", tx.text, cells, tx.length)
		}
		if col < width[row] {
			t.Fatalf("row %d: %q at column %d overlaps what is before it", row, tx.text, col)
		}
		grid[row] += strings.Repeat(" ", col-width[row]) + tx.text
		width[row] = col + ansi.StringWidth(tx.text)
	}
	for i := range grid {
		grid[i] = strings.TrimRight(grid[i], " ")
	}
	return grid
}

// strippedRows is the frame as the golden tests read it, row by row,
// trailing spaces trimmed.
func strippedRows(f string) []string {
	rows := strings.Split(ansi.Strip(f), "\n")
	for i := range rows {
		rows[i] = strings.TrimRight(rows[i], " ")
	}
	return rows
}

// TestCaptureOfAChineseFrame: the zh golden frame's SVG reads, text by
// text at its own column, exactly as the screen does: after every Chinese
// character (two cells) the following text is where the terminal puts it.
func TestCaptureOfAChineseFrame(t *testing.T) {
	m := demoModel(t, "zh", "night", 120, 40)
	f := m.Render()
	data, err := capture.SVG(f, capture.OptionsFor(testAsset.Themes["night"]))
	if err != nil {
		t.Fatal(err)
	}
	want := strippedRows(f)
	got := placed(t, data, len(want))
	cjkRows := 0
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d of the SVG reads\n%q\nthe screen\n%q", i, got[i], want[i])
		}
		if regexp.MustCompile(`\p{Han}.*[0-9A-Za-z]`).MatchString(want[i]) {
			cjkRows++
		}
	}
	if cjkRows < 5 {
		t.Errorf("only %d rows with Chinese followed by other text: not the zh frame?", cjkRows)
	}
	if got, want := capture.Text(f), strings.Join(want, "\n")+"\n"; got != want {
		t.Errorf("the text capture is not the stripped frame")
	}
}

// TestCaptureColoursAreTheTheme: a capture of the night and day frames is
// painted in the theme's own colours (true colours, as written in the
// theme files), on the theme's background, in its font stack.
func TestCaptureColoursAreTheTheme(t *testing.T) {
	for _, name := range []string{"night", "day"} {
		th := testAsset.Themes[name]
		m := demoModel(t, "en", name, 120, 40)
		data, err := capture.SVG(m.Render(), capture.OptionsFor(th))
		if err != nil {
			t.Fatal(err)
		}
		texts, rects := svgTexts(t, data)
		if len(rects) == 0 || !strings.EqualFold(rects[0], th.Colors["background"]) {
			t.Errorf("%s: the picture's background is %v, want %s", name, rects, th.Colors["background"])
		}
		fills := map[string]bool{}
		for _, tx := range texts {
			fills[strings.ToUpper(tx.fill)] = true
		}
		for _, role := range []string{"foreground", "muted", "accent", "border", "good"} {
			if c := strings.ToUpper(th.Colors[role]); !fills[c] {
				t.Errorf("%s: no text in the %s colour %s (fills: %v)", name, role, c, fills)
			}
		}
		if !bytes.Contains(data, []byte(`font-family="`+xmlEscape(th.Font)+`"`)) {
			t.Errorf("%s: the font stack is not the theme's", name)
		}
	}
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "&#34;", "&quot;")
}

// runCapture presses ctrl+s and runs the Cmd it returns (the program
// would), returning the message for Update.
func runCapture(t *testing.T, update func(tea.Msg) tea.Cmd) capturedMsg {
	t.Helper()
	cmd := update(ctrlS)
	if cmd == nil {
		t.Fatal("ctrl+s gave no Cmd")
	}
	msg, ok := cmd().(capturedMsg)
	if !ok {
		t.Fatalf("the capture Cmd returned %T", msg)
	}
	return msg
}

// captureFiles are the three files of the capture a notice named.
func captureFiles(t *testing.T, dir string) (stem string, txt, ans, svg []byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 3 {
		t.Fatalf("files %v, want one capture's three", names)
	}
	stem = strings.TrimSuffix(names[0], filepath.Ext(names[0]))
	read := func(ext string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, stem+ext))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	return stem, read(".txt"), read(".ans"), read(".svg")
}

// TestCaptureKey: ctrl+s writes the screen as it was when pressed (text,
// ANSI, SVG), named by time and panel, and the notice says where; the
// capture does not show its own notice. It works while typing in the voice
// bar (it types nothing there) and with the help overlay open.
func TestCaptureKey(t *testing.T) {
	dir := t.TempDir()
	m := demoModel(t, "en", "night", 120, 40)
	m.captureDir = dir
	press(m, "3") // the Cabin panel
	before := m.Render()
	msg := runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	if m.Render() != before {
		t.Error("pressing ctrl+s changed the screen before the capture was written")
	}
	stem, txt, ans, svg := captureFiles(t, dir)
	if !regexp.MustCompile(`^cockpit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-cabin$`).MatchString(stem) {
		t.Errorf("capture named %q", stem)
	}
	if string(txt) != capture.Text(before) || !bytes.Equal(ans, capture.ANSI(before)) {
		t.Error("the text or ANSI file is not the frame on screen")
	}
	if want, _ := capture.SVG(before, capture.OptionsFor(testAsset.Themes["night"])); !bytes.Equal(svg, want) {
		t.Error("the SVG file is not the frame on screen in the night theme")
	}
	m.Update(msg)
	after := ansi.Strip(m.Render())
	if want := "Captured: " + filepath.Join(dir, stem) + " (text, ANSI, SVG)"; !strings.Contains(after, want) {
		t.Errorf("no notice %q:\n%s", want, after)
	}
	if strings.Contains(string(txt), "Captured") {
		t.Error("the capture shows its own notice")
	}

	// While typing: the key captures and types nothing.
	dir2 := t.TempDir()
	m.captureDir = dir2
	press(m, "enter") // focus the voice bar
	typeText(m, "hi")
	msg = runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	if msg.err != nil || !m.voice.Focused() || m.voice.Value() != "hi" {
		t.Errorf("capture while typing: %v, focused %v, typed %q", msg.err, m.voice.Focused(), m.voice.Value())
	}
	press(m, "esc")
	// With the help overlay: the overlay is captured and stays open.
	dir3 := t.TempDir()
	m.captureDir = dir3
	press(m, "?")
	msg = runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	_, txt, _, _ = captureFiles(t, dir3)
	if msg.err != nil || !m.showHelp || !strings.Contains(string(txt), "ctrl+s") {
		t.Errorf("capture of the help: %v, help open %v, shows ctrl+s %v", msg.err, m.showHelp, strings.Contains(string(txt), "ctrl+s"))
	}
}

// TestCaptureFailureIsANotice: a capture that cannot be written (the
// folder is a file) says why in a warning; nothing crashes.
func TestCaptureFailureIsANotice(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	m := demoModel(t, "zh", "night", 120, 40)
	m.captureDir = file
	msg := runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	if msg.err == nil {
		t.Fatal("a capture into a file succeeded")
	}
	m.Update(msg)
	if out := ansi.Strip(m.Render()); !strings.Contains(out, "截图失败") || !m.noticeWarn {
		t.Errorf("no warning notice:\n%s", out)
	}
}

// TestCaptureInTheReplay: ctrl+s in a replay captures the instant shown
// (the timeline at 0:01:35) and names the files by that instant.
func TestCaptureInTheReplay(t *testing.T) {
	rec := recordingOf(t, keysAndVoiceDrive(t).sim)
	r := newTestReplay(t, rec, "en", 120, 40)
	dir := t.TempDir()
	r.cur.captureDir = dir
	r.seek(95_000)
	before := r.Render()
	msg := runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := r.Update(msg); return c })
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	stem, txt, _, _ := captureFiles(t, dir)
	if !strings.HasSuffix(stem, "-replay-00-01-35-drive") {
		t.Errorf("replay capture named %q", stem)
	}
	if string(txt) != capture.Text(before) || !strings.Contains(string(txt), "0:01:35") {
		t.Error("the capture is not the instant shown")
	}
	r.Update(msg)
	if out := ansi.Strip(r.Render()); !strings.Contains(out, "Captured: ") {
		t.Errorf("no notice in the replay:\n%s", out)
	}
	if r.Live() || r.cur.State().Time != 95_000 {
		t.Error("capturing moved or took over the replay")
	}
}

// TestCaptureInTheTrainer: ctrl+s captures the curriculum, and a drill
// being played, and the notice shows on each.
func TestCaptureInTheTrainer(t *testing.T) {
	tr := newTestTrainer(t, "en", 120, 40, "", nil)
	dir := t.TempDir()
	tr.o.CaptureDir = dir
	before := tr.Render()
	msg := runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := tr.Update(msg); return c })
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	stem, txt, _, _ := captureFiles(t, dir)
	if !strings.HasSuffix(stem, "-drills") || string(txt) != capture.Text(before) {
		t.Errorf("trainer capture %q", stem)
	}
	tr.Update(msg)
	if out := ansi.Strip(tr.Render()); !strings.Contains(out, "Captured: ") {
		t.Errorf("no notice on the curriculum:\n%s", out)
	}
	// In a drill: the drill's cockpit, and its notice.
	dir2 := t.TempDir()
	tr.o.CaptureDir = dir2
	tpress(tr, "enter")
	if tr.screen != screenPlaying {
		t.Fatal("enter did not start the drill")
	}
	before = tr.Render()
	msg = runCapture(t, func(msg tea.Msg) tea.Cmd { _, c := tr.Update(msg); return c })
	stem, txt, _, _ = captureFiles(t, dir2)
	if msg.err != nil || !strings.HasSuffix(stem, "-drive") || string(txt) != capture.Text(before) {
		t.Errorf("drill capture %q: %v", stem, msg.err)
	}
	tr.Update(msg)
	if out := ansi.Strip(tr.Render()); !strings.Contains(out, "Captured: ") {
		t.Errorf("no notice in the drill:\n%s", out)
	}
}

// BenchmarkCaptureSVG is the SVG of the 200×60 golden frame (en, night).
func BenchmarkCaptureSVG(b *testing.B) {
	m := demoModel(b, "en", "night", 200, 60)
	f := m.Render()
	o := capture.OptionsFor(testAsset.Themes["night"])
	b.SetBytes(int64(len(f)))
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		var err error
		if out, err = capture.SVG(f, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(out)), "svg-bytes")
	b.ReportMetric(float64(len(f)), "frame-bytes")
}
