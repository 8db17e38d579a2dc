// Package visitor is the menu a meetup visitor sees before driving: the
// language, the car, a name for the leaderboard (optional) and what to do
// (drive freely, or drill N). The kiosk (cockpit kiosk) shows it after any
// key in its attract loop; an SSH server can serve it as it is, since it
// is a complete Bubble Tea model with its own shared context.
//
// It does no I/O. When the visitor has chosen, Update returns a Cmd that
// delivers a Chosen message; the parent opens the drive or the drill. It
// never quits, whatever is pressed (esc goes back a step at most): what
// ctrl+c does is the parent's decision (the kiosk ignores it; an SSH
// server may end the session).
package visitor

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/cockpit/widget"
)

// Item is a car or a drill the menu offers: an id and its name in each
// language.
type Item struct {
	ID, Name, NameZH string
}

// Options configure the menu.
type Options struct {
	// Tables and Themes are the loaded string tables and themes; required.
	Tables map[string]*i18n.Table
	Themes map[string]*theme.Theme
	// Theme names the theme (default night); NoColor drops colours.
	Theme   string
	NoColor bool
	// Lang is the language the menu opens in (en or zh).
	Lang string
	// Cars are the vehicle profiles offered, the first preselected;
	// required (one at least).
	Cars []Item
	// Drills are the drills offered after "drive freely", in order.
	Drills []Item
	// Width and Height before the terminal reports its size.
	Width, Height int
	// Name prefills the name step (an SSH visitor's user name); the
	// visitor may change it. Sanitised like what they type.
	Name string
	// CanLeave: ctrl+c leaves the menu (cockpit serve ends the visitor's
	// connection), so the hint says so; the kiosk's visitors cannot leave.
	CanLeave bool
	// Board, when set, is the leaderboard as rows of at most w cells in
	// tr's language, at most rows entries below a header line, or with
	// rows 0 the best entry alone as one line (nil when the board is
	// empty). The menu shows it beside or below its card
	// when the screen has room, else its best entry on one line.
	Board func(tr *i18n.Table, w, rows int) []string
}

// Chosen is what the visitor chose; the menu's Cmd delivers it.
type Chosen struct {
	// Lang is en or zh.
	Lang string
	// Car is the chosen car's id.
	Car string
	// Name is the visitor's name, sanitised (leaderboard.Sanitize); the
	// language's word for "visitor" when left empty.
	Name string
	// Drill is the chosen drill's id; "" is a free drive.
	Drill string
}

type step int

const (
	stepLang step = iota
	stepCar
	stepName
	stepPlay
)

// Model is the menu.
type Model struct {
	o    Options
	ctx  common.Context
	step step
	// sel is the cursor of each list step.
	sel  [4]int
	name textinput.Model
	// done is set once Chosen was sent, so a second enter sends nothing.
	done bool
}

// langs are the menu's languages, in the order it lists them.
var langs = []string{"en", "zh"}

// New builds the menu at its first step. It does no I/O.
func New(o Options) *Model {
	m := &Model{o: o}
	m.ctx.Width, m.ctx.Height = o.Width, o.Height
	m.name = textinput.New()
	m.name.CharLimit = leaderboard.MaxNameRunes
	m.name.Prompt = "> "
	m.Reset(o.Lang)
	return m
}

// Reset puts the menu back at its first step in lang, with nothing of the
// previous visitor kept (their name, their choices).
func (m *Model) Reset(lang string) {
	m.step, m.sel, m.done = stepLang, [4]int{}, false
	m.name.Reset()
	if m.o.Name != "" {
		m.name.SetValue(leaderboard.Sanitize(m.o.Name, ""))
	}
	m.name.Blur()
	for i, l := range langs {
		if l == lang {
			m.sel[stepLang] = i
		}
	}
	m.applyLang()
}

// Lang is the language the menu shows now.
func (m *Model) Lang() string { return langs[m.sel[stepLang]] }

// Context is the menu's shared context (its language's table, keymap and
// styles), for a parent drawing around it.
func (m *Model) Context() *common.Context { return &m.ctx }

func (m *Model) applyLang() {
	lang := m.Lang()
	if m.o.Tables[lang] == nil {
		lang = "en"
	}
	m.ctx.Tr = m.o.Tables[lang]
	m.ctx.Keys = keys.New(m.ctx.Tr)
	name := m.o.Theme
	if m.o.Themes[name] == nil {
		name = "night"
	}
	m.ctx.Styles = theme.New(m.o.Themes[name], m.o.NoColor)
	m.name.Placeholder = m.ctx.T("visitor.default_name")
}

// Init does nothing: the menu waits for keys.
func (m *Model) Init() tea.Cmd { return nil }

// Update handles the window size and keys: up and down choose, enter goes
// on, esc goes back a step (never out of the menu: a visitor cannot leave
// the kiosk from here).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
	case tea.PasteMsg:
		if m.step == stepName {
			var cmd tea.Cmd
			m.name, cmd = m.name.Update(msg)
			return m, cmd
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Send):
		return m.next()
	case key.Matches(msg, k.Back):
		if m.step > stepLang {
			m.step--
			m.name.Blur()
		}
		return nil
	}
	if m.step == stepName {
		var cmd tea.Cmd
		m.name, cmd = m.name.Update(msg)
		return cmd
	}
	n := m.count(m.step)
	switch msg.Code {
	case tea.KeyUp:
		m.sel[m.step] = (m.sel[m.step] + n - 1) % n
	case tea.KeyDown, tea.KeyTab:
		m.sel[m.step] = (m.sel[m.step] + 1) % n
	default:
		// a digit picks a line at once (drill 3 is 4: drive freely is 1)
		if msg.Code >= '1' && msg.Code <= '9' && int(msg.Code-'1') < n {
			m.sel[m.step] = int(msg.Code - '1')
		}
	}
	if m.step == stepLang {
		m.applyLang()
	}
	return nil
}

func (m *Model) count(s step) int {
	switch s {
	case stepLang:
		return len(langs)
	case stepCar:
		return max(len(m.o.Cars), 1)
	case stepPlay:
		return 1 + len(m.o.Drills)
	}
	return 1
}

func (m *Model) next() tea.Cmd {
	if m.step < stepPlay {
		m.step++
		if m.step == stepName {
			return m.name.Focus()
		}
		m.name.Blur()
		return nil
	}
	if m.done {
		return nil
	}
	m.done = true
	c := m.Choice()
	return func() tea.Msg { return c }
}

// Choice is what the menu has selected so far, as Chosen would deliver it.
func (m *Model) Choice() Chosen {
	c := Chosen{Lang: m.Lang(), Name: leaderboard.Sanitize(m.name.Value(), m.ctx.T("visitor.default_name"))}
	if len(m.o.Cars) > 0 {
		c.Car = m.o.Cars[min(m.sel[stepCar], len(m.o.Cars)-1)].ID
	}
	if i := m.sel[stepPlay]; i > 0 && i <= len(m.o.Drills) {
		c.Drill = m.o.Drills[i-1].ID
	}
	return c
}

// View draws the menu full screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	return v
}

// Render is the menu's frame: the title, the steps done so far with what
// was chosen, the current step's list, and its key hint.
func (m *Model) Render() string {
	s, tr := m.ctx.Styles, m.ctx.Tr
	// The menu is a card in the middle of the screen, as wide as its
	// longest line allows up to 70 cells: on a projector or a phone it
	// is where the eye goes, and the border and padding take 10 cells.
	w := min(max(m.ctx.Width, 40)-10, 70)
	var b strings.Builder
	b.WriteString(s.Title.Render(m.ctx.T("visitor.title")) + "\n\n")
	titles := [4]string{"visitor.step_lang", "visitor.step_car", "visitor.step_name", "visitor.step_play"}
	// the steps done, under short labels in a column as wide as the
	// longest: a step's question is too long to sit beside its answer
	labels := [3]string{"visitor.label_lang", "visitor.label_car", "visitor.label_name"}
	labelW := 0
	for st := stepLang; st < m.step; st++ {
		labelW = max(labelW, widget.Width(m.ctx.T(labels[st])))
	}
	labelW = min(labelW, w/2)
	for st := stepLang; st <= m.step; st++ {
		if st < m.step {
			b.WriteString(s.Faint.Render(widget.Fit(m.ctx.T(labels[st]), labelW)) + "  " + s.Text.Render(widget.Fit(m.summary(st), w-labelW-8)) + "\n")
			continue
		}
		b.WriteString("\n" + s.Bold.Render(m.ctx.T(titles[st])) + "\n")
		if st == stepName {
			m.name.SetWidth(min(w-6, leaderboard.MaxNameRunes+2))
			b.WriteString("  " + m.name.View() + "\n")
			continue
		}
		lines := m.lines(st)
		// a long list scrolls around the cursor, so it fits 80×24
		room := max(m.ctx.Height-10, 3)
		first := max(0, min(m.sel[st]-room/2, len(lines)-room))
		for i := first; i < len(lines) && i < first+room; i++ {
			line := widget.Fit(lines[i], w-8) // the cursor and the padding take 6 cells
			if i == m.sel[st] {
				b.WriteString(s.Selected.Render("▶ "+line) + "\n")
			} else {
				b.WriteString("  " + s.Text.Render(line) + "\n")
			}
		}
	}
	hint := "visitor.hint"
	if m.step == stepName {
		hint = "visitor.name_hint"
	}
	b.WriteString("\n" + s.Faint.Render(tr.T(hint)))
	if m.o.CanLeave {
		b.WriteString(s.Faint.Render(tr.T("visitor.leave_hint")))
	}
	card := s.FrameActive.Padding(1, 3).Render(b.String())
	screen := m.withBoard(card, &b)
	return lipgloss.Place(max(m.ctx.Width, lipgloss.Width(screen)), max(m.ctx.Height, lipgloss.Height(screen)), lipgloss.Center, lipgloss.Center, screen)
}

// Room the board needs: a panel beside the card needs boardMinW cells,
// one below it boardMinRows entries.
const (
	boardMinW    = 40
	boardMaxW    = 64
	boardMinRows = 3
)

// withBoard puts the leaderboard beside the card when the screen is wide
// enough, below it when it is tall enough, else its best entry as the
// card's last line (rebuilt from the card's text b): a visitor sees the
// score to beat at every size.
func (m *Model) withBoard(card string, b *strings.Builder) string {
	if m.o.Board == nil {
		return card
	}
	s, tr := m.ctx.Styles, m.ctx.Tr
	cw, ch := lipgloss.Width(card), lipgloss.Height(card)
	panel := func(w, rows int) string {
		lines := m.o.Board(tr, w-4, rows)
		body := s.Title.Render(tr.T("kiosk.board_title")) + "\n\n"
		if len(lines) == 0 {
			body += s.Text.Render(widget.Fit(tr.T("kiosk.board_empty"), w-4))
		} else {
			body += s.Faint.Render(lines[0])
			for _, l := range lines[1:] {
				body += "\n" + s.Text.Render(l)
			}
		}
		return s.Frame.Padding(0, 1).Width(w).Render(body)
	}
	// the panel's frame and title take 5 lines
	if room := m.ctx.Width - cw - 2; room >= boardMinW {
		return lipgloss.JoinHorizontal(lipgloss.Top, card, "  ", panel(min(room, boardMaxW), max(ch-5, boardMinRows)))
	}
	if rows := m.ctx.Height - ch - 5; rows >= boardMinRows {
		return lipgloss.JoinVertical(lipgloss.Center, card, panel(max(cw, boardMinW), min(rows, 10)))
	}
	// the best score in one line, its entry in the room the words leave
	lw := max(cw-8, 20)
	lines := m.o.Board(tr, max(lw-widget.Width(tr.F("visitor.best", "entry", "")), 10), 0)
	if len(lines) == 0 || ch+2 > m.ctx.Height {
		return card
	}
	b.WriteString("\n\n" + s.Accent.Render(widget.Fit(tr.F("visitor.best", "entry", strings.TrimRight(lines[0], " ")), lw)))
	return s.FrameActive.Padding(1, 3).Render(b.String())
}

func (m *Model) lines(st step) []string {
	tr := m.ctx.Tr
	switch st {
	case stepLang:
		return []string{"English", "中文"}
	case stepCar:
		out := make([]string, len(m.o.Cars))
		for i, c := range m.o.Cars {
			out[i] = tr.Pick(c.Name, c.NameZH)
		}
		return out
	}
	out := []string{tr.T("visitor.drive")}
	for _, d := range m.o.Drills {
		out = append(out, tr.Pick(d.Name, d.NameZH)) // a drill's name says its number
	}
	return out
}

func (m *Model) summary(st step) string {
	if st == stepName {
		return leaderboard.Sanitize(m.name.Value(), m.ctx.T("visitor.default_name"))
	}
	lines := m.lines(st)
	return lines[min(m.sel[st], len(lines)-1)]
}

// Done reports whether the visitor has chosen (the Chosen message is on
// its way); Choice is what they chose.
func (m *Model) Done() bool { return m.done }

// Again goes back to the last step with the visitor's choices kept (after
// a drill: take another, or drive), and lets them choose again.
func (m *Model) Again() {
	m.step, m.done = stepPlay, false
	m.name.Blur()
}

// Step is the menu's current step: 0 the language, 1 the car, 2 the name,
// 3 what to do.
func (m *Model) Step() int { return int(m.step) }
