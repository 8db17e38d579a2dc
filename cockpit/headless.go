package cockpit

import (
	"fmt"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/capture"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// Headless drives a cockpit without a terminal: it feeds the real *Model
// the messages the Bubble Tea program would (key presses, typed text,
// mouse clicks and wheel, a window size) and the model's own tick
// messages for time, and reads back the frame it renders. Flows
// (`cockpit test`, cockpit/flow) and captures drive the cockpit through
// it, so a script sees and drives exactly what a user does: it never steps
// the session itself, and the commands Update returns (the next tick, the
// sound output opening) are not run, since time here passes only when the
// caller says so.
//
// A Headless is not safe for concurrent use, as a Model is not.
type Headless struct {
	m *Model
}

// NewHeadless builds a cockpit from o (Width and Height are the terminal's
// size; the sound is silent unless o.Player is set) and sends it the
// window size, as a terminal does first. Time runs (o.Paused starts it
// paused, as the space key would) but only by Tick.
func NewHeadless(o Options) *Headless {
	o.OpenAudio = nil // no sound device: a flow must not probe one
	h := &Headless{m: New(o)}
	h.Send(tea.WindowSizeMsg{Width: o.Width, Height: o.Height})
	return h
}

// Model is the cockpit driven.
func (h *Headless) Model() *Model { return h.m }

// Session is the drive: its events log and state.
func (h *Headless) Session() *session.Session { return h.m.sim }

// State is the drive's state after the last step.
func (h *Headless) State() *sim.State { return h.m.sim.State() }

// Send hands the model one message, as the program loop would, and drops
// the command it returns (see Headless).
func (h *Headless) Send(msg tea.Msg) { h.m.Update(msg) }

// Quit reports whether the cockpit has quit (q, ctrl+c).
func (h *Headless) Quit() bool { return h.m.quitting }

// SetSpeed sets the time multiplier to one of Speeds, as pressing + and -
// would reach it; false when n is none of them.
func (h *Headless) SetSpeed(n int) bool {
	for i, s := range Speeds {
		if s == n {
			h.m.speedIdx = i
			return true
		}
	}
	return false
}

// Tick sends one tick of the model's clock (TickInterval of wall time:
// Speed() × 100 ms of drive time). It reports whether drive time passed:
// not while paused, nor once a drill is over.
func (h *Headless) Tick() bool {
	before := h.m.sim.State().Time
	h.Send(tickMsg{gen: h.m.tickGen})
	return h.m.sim.State().Time > before
}

// Press sends a key press by its name (see ParseKey).
func (h *Headless) Press(name string) error {
	k, err := ParseKey(name)
	if err != nil {
		return err
	}
	h.Send(k)
	return nil
}

// Type sends text as the key presses a keyboard makes for it, one a
// character (a space is the space key), without enter.
func (h *Headless) Type(text string) {
	for _, r := range text {
		h.Send(runeKey(r))
	}
}

// Click sends a left click at the cell (x, y), 0-based from the top left.
func (h *Headless) Click(x, y int) {
	h.Send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

// Wheel sends a wheel turn at (x, y): up, or down when up is false.
func (h *Headless) Wheel(x, y int, up bool) {
	b := tea.MouseWheelDown
	if up {
		b = tea.MouseWheelUp
	}
	h.Send(tea.MouseWheelMsg{X: x, Y: y, Button: b})
}

// Resize sends a new terminal size.
func (h *Headless) Resize(w, ht int) { h.Send(tea.WindowSizeMsg{Width: w, Height: ht}) }

// Size is the terminal size the cockpit draws for.
func (h *Headless) Size() (w, ht int) { return h.m.ctx.Width, h.m.ctx.Height }

// Frame is the screen as the terminal gets it (View's content, with ANSI
// styles).
func (h *Headless) Frame() string { return h.m.View().Content }

// Plain is the screen as text: Frame with the ANSI styles stripped, one
// line per row (wide characters take the two cells they take on screen).
func (h *Headless) Plain() string { return ansi.Strip(h.Frame()) }

// Signal reads a signal by its VSS path ("Vehicle.Speed") through the
// session's signal catalogue, as a VISS client or the Signals panel reads
// it.
func (h *Headless) Signal(path string) (any, error) {
	cat := h.m.sim.Signals()
	if cat == nil {
		return nil, fmt.Errorf("this drive has no signal catalogue")
	}
	i, ok := cat.Index(path)
	if !ok {
		return nil, fmt.Errorf("no signal %q (cockpit signals lists them)", path)
	}
	return h.m.sim.ReadSignals(nil)[i], nil
}

// Rect is a rectangle of the screen in cells, 0-based from the top left.
type Rect struct{ X, Y, W, H int }

// Contains reports whether the cell (x, y) is inside r.
func (r Rect) Contains(x, y int) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Region is a named part of the screen, as the view draws it.
type Region struct {
	Name string
	Rect Rect
}

// RegionNames are the names Regions may give, the same in every language:
// the top bar, the cluster strip, the automation banner, the centre
// display by the panel it shows (or the phone task's card), the
// notifications column, the explanation line, the voice bar (transcript
// and input line), the key hints, and the whole screen.
var RegionNames = []string{"top", "cluster", "banner",
	"drive", "navigation", "cabin", "vehicle", "parking", "signals", "phone",
	"notifications", "explanation", "voice", "footer", "screen"}

// regionPanel names the centre display's region by its panel: the same
// words as the panels' voice names, "navigation" spelt out.
var regionPanel = [panelCount]string{"drive", "navigation", "cabin", "vehicle", "parking", "signals"}

// Regions lists the parts of the screen drawn now, from the same geometry
// the view and the mouse handler use, so a region is exactly where its
// part was drawn. Overlays (help, the command palette) draw over them. A
// terminal too small for the cockpit has only "screen".
func (h *Headless) Regions() []Region {
	m := h.m
	w, ht := m.ctx.Width, m.ctx.Height
	out := []Region{{"screen", Rect{0, 0, w, ht}}}
	if w <= 0 || ht <= 0 || m.ctx.Layout() == common.TooSmall || m.quitting {
		return out
	}
	g := m.layout()
	add := func(name string, r Rect) {
		if r.W > 0 && r.H > 0 {
			out = append(out, Region{name, r})
		}
	}
	add("top", Rect{0, 0, g.w, 1})
	add("cluster", Rect{0, g.clusterY, g.w, g.clusterH})
	add("banner", Rect{0, g.bannerY, g.w, g.bannerH})
	centre := regionPanel[m.panel]
	if m.phone.open && !m.sim.State().Automation.SuspendScreens {
		centre = "phone" // as render draws the phone card instead
	}
	add(centre, Rect{0, g.mainY, g.centreW, g.mainH})
	add("notifications", Rect{g.centreW, g.mainY, g.sideW, g.mainH})
	add("explanation", Rect{0, g.explainY, g.w, 1})
	add("voice", Rect{0, g.transY, g.w, g.transH + 1})
	add("footer", Rect{0, g.footerY, g.w, 1})
	return out
}

// Region finds a region drawn now by its name.
func (h *Headless) Region(name string) (Rect, bool) {
	for _, r := range h.Regions() {
		if r.Name == name {
			return r.Rect, true
		}
	}
	return Rect{}, false
}

// Text is the plain text of rectangle r of the screen: its rows, each cut
// to r's columns by display cells (a wide character cut in half is left
// out).
func (h *Headless) Text(r Rect) string {
	lines := strings.Split(h.Frame(), "\n")
	var b strings.Builder
	for y := r.Y; y < r.Y+r.H && y < len(lines); y++ {
		if y < 0 {
			continue
		}
		if y > r.Y {
			b.WriteByte('\n')
		}
		b.WriteString(ansi.Strip(ansi.Cut(lines[y], r.X, r.X+r.W)))
	}
	return b.String()
}

// Find is where text first shows inside r (reading rows top to bottom,
// each left to right): the cell of its first character.
func (h *Headless) Find(text string, r Rect) (x, y int, ok bool) {
	if text == "" {
		return 0, 0, false
	}
	for i, line := range strings.Split(h.Text(r), "\n") {
		if j := strings.Index(line, text); j >= 0 {
			return r.X + ansi.StringWidth(line[:j]), r.Y + i, true
		}
	}
	return 0, 0, false
}

// specialKeys are the named keys a flow may press, by the name Bubble Tea
// gives them (tea.Key.String), plus a few spellings people write.
var specialKeys = func() map[string]rune {
	codes := []rune{tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight, tea.KeyHome, tea.KeyEnd,
		tea.KeyPgUp, tea.KeyPgDown, tea.KeyInsert, tea.KeyDelete, tea.KeyEnter, tea.KeyTab,
		tea.KeyBackspace, tea.KeyEscape, tea.KeySpace}
	for f := tea.KeyF1; f <= tea.KeyF12; f++ {
		codes = append(codes, f)
	}
	out := map[string]rune{}
	for _, c := range codes {
		out[tea.Key{Code: c}.String()] = c
	}
	out["escape"], out["return"], out["pageup"], out["pagedown"] = tea.KeyEscape, tea.KeyEnter, tea.KeyPgUp, tea.KeyPgDown
	return out
}()

// KeyNames lists the named keys ParseKey knows (besides single
// characters), for messages and documentation.
func KeyNames() []string {
	out := make([]string, 0, len(specialKeys))
	for k := range specialKeys {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func sortStrings(xs []string) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// ParseKey reads a key by the name the cockpit's help and Bubble Tea use:
// a character ("u", "?", "中"), a named key ("enter", "esc", "space",
// "tab", "up", "pgdown", "f1"…) or either with modifiers ("ctrl+c",
// "shift+left", "alt+x"). It returns the press a terminal would send.
func ParseKey(name string) (tea.KeyPressMsg, error) {
	if name == "" {
		return tea.KeyPressMsg{}, fmt.Errorf("an empty key name")
	}
	if name == "+" { // the faster key, not a modifier's separator
		return runeKey('+'), nil
	}
	parts := strings.Split(name, "+")
	if strings.HasSuffix(name, "++") { // "ctrl++"
		parts = append(parts[:len(parts)-2], "+")
	}
	base := parts[len(parts)-1]
	var mod tea.KeyMod
	for _, p := range parts[:len(parts)-1] {
		switch strings.ToLower(p) {
		case "ctrl":
			mod |= tea.ModCtrl
		case "alt":
			mod |= tea.ModAlt
		case "shift":
			mod |= tea.ModShift
		default:
			return tea.KeyPressMsg{}, fmt.Errorf("unknown modifier %q in key %q (modifiers: ctrl, alt, shift)", p, name)
		}
	}
	var k tea.Key
	if c, ok := specialKeys[strings.ToLower(base)]; ok {
		k = tea.Key{Code: c, Mod: mod}
		if c == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
	} else if utf8.RuneCountInString(base) == 1 {
		r, _ := utf8.DecodeRuneInString(base)
		k = tea.Key{Code: r, Mod: mod}
		if mod&(tea.ModCtrl|tea.ModAlt) == 0 {
			k.Text = base
		}
	} else {
		return tea.KeyPressMsg{}, fmt.Errorf("unknown key %q (a single character, or one of: %s)", name, strings.Join(KeyNames(), ", "))
	}
	return tea.KeyPressMsg(k), nil
}

// runeKey is the press of the key that types r.
func runeKey(r rune) tea.KeyPressMsg {
	if r == ' ' {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

// VoiceOpen reports whether the voice bar has the focus (typing goes to
// it).
func (h *Headless) VoiceOpen() bool { return h.m.voice.Focused() }

// PanelName is the centre display's panel by its region name ("drive",
// "navigation", …), whatever the language.
func (h *Headless) PanelName() string { return regionPanel[h.m.panel] }

// CaptureOptions draws a capture of this cockpit's frame as the capture
// key would: in its theme's colours and font.
func (h *Headless) CaptureOptions() capture.Options {
	return capture.OptionsFor(h.m.themes[h.m.themeName])
}
