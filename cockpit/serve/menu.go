package serve

import (
	"reflect"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/cockpit/theme"
)

// MenuOptions configure a visitor's menu.
type MenuOptions struct {
	// Assets build the visitor's cockpit and drills; required.
	Assets *Assets
	// Lang is the language to preselect (from the client's LANG/LC_ALL).
	Lang string
	// User is the visitor's sanitised name, for the greeting.
	User string
	// NoColor drops colours (the client sent NO_COLOR).
	NoColor bool
	// Width and Height before the terminal reports its size (tests).
	Width, Height int
}

// stage is a step of the menu.
type stage int

const (
	stageLang stage = iota
	stageCar
	stageMode
	stageStarting
	stageChild
)

// The choices of the mode step, in order.
const (
	modeDrive = iota
	modeDrill
	modeCount
)

// Menu is a visitor's own small menu: language, car, then drive (the
// cockpit on the default drive) or drill (the drill trainer). It owns the
// child program while it runs; the child's quit (q, ctrl+c) comes back
// here, and q or ctrl+c here ends the visitor's connection, never the
// server. It is a separate model so a fuller visitor menu (the kiosk's)
// can replace it in Config.NewModel.
type Menu struct {
	o      MenuOptions
	lang   string
	tr     *i18n.Table
	keys   *keys.KeyMap
	styles *theme.Styles
	w, h   int

	stage stage
	// sel is the highlighted choice of each menu step.
	sel [stageMode + 1]int
	car string
	err string

	child Child
	// gen numbers the children started: a message from an earlier child
	// (a tick in flight when it quit) is dropped, not given to the next.
	gen int
	// enh is the terminal's keyboard report, given to each child at its
	// start (it arrives once, at the program's start).
	enh *tea.KeyboardEnhancementsMsg
}

// NewMenu builds a visitor's menu. It does no I/O.
func NewMenu(o MenuOptions) *Menu {
	m := &Menu{o: o, w: o.Width, h: o.Height}
	m.setLang(o.Lang)
	for i, l := range i18n.Langs {
		if l == m.lang {
			m.sel[stageLang] = i
		}
	}
	// The cockpit's own default car comes first to hand.
	for i, p := range o.Assets.Cars() {
		if p.ID == launch.DefaultVehicle {
			m.sel[stageCar] = i
		}
	}
	m.styles = theme.New(o.Assets.UI.Themes["night"], o.NoColor)
	return m
}

func (m *Menu) setLang(lang string) {
	if m.o.Assets.UI.Tables[lang] == nil {
		lang = "en"
	}
	m.lang = lang
	m.tr = m.o.Assets.UI.Tables[lang]
	m.keys = keys.New(m.tr)
}

// Lang is the visitor's language (the server says goodbye in it).
func (m *Menu) Lang() string { return m.lang }

// Init starts nothing: the menu waits for the visitor.
func (m *Menu) Init() tea.Cmd { return nil }

// The child's messages, wrapped so they reach only the child that made
// them.
type (
	childMsg struct {
		gen int
		msg tea.Msg
	}
	childDoneMsg  struct{ gen int }
	childReadyMsg struct {
		gen   int
		child Child
		err   error
	}
)

// ownPkg is the module's package path prefix: messages of these types are
// the child's own (its ticks, its sound, its saves) and are wrapped; the
// runtime's (a batch, a window size query, raw output) pass unwrapped.
const ownPkg = "github.com/nevsim/cockpit/"

// wrap runs cmd and wraps what it returns for child gen; the child's quit
// becomes childDoneMsg, so it returns to the menu instead of ending the
// visitor's program. It only calls cmd and reads its result.
func wrap(gen int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return translate(gen, cmd()) }
}

func translate(gen int, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case nil:
		return nil
	case tea.QuitMsg:
		return childDoneMsg{gen}
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(msg))
		for i, c := range msg {
			out[i] = wrap(gen, c)
		}
		return out
	}
	t := reflect.TypeOf(msg)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if strings.HasPrefix(t.PkgPath(), ownPkg) {
		return childMsg{gen, msg}
	}
	return msg
}

// Update handles the menu's keys and routes the rest to the child.
func (m *Menu) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyboardEnhancementsMsg:
		m.enh = &msg
	case childMsg:
		if msg.gen != m.gen || m.child == nil {
			return m, nil
		}
		return m, m.toChild(msg.msg)
	case childDoneMsg:
		if msg.gen == m.gen && m.child != nil {
			m.leaveChild()
		}
		return m, nil
	case childReadyMsg:
		return m, m.started(msg)
	case tea.KeyPressMsg:
		if m.child != nil {
			// The capture key writes pictures into the host's folders:
			// a visitor's keys never reach the host's files.
			if key.Matches(msg, m.keys.Capture) {
				return m, nil
			}
			return m, m.toChild(msg)
		}
		return m, m.menuKey(msg)
	}
	if m.child != nil {
		return m, m.toChild(msg)
	}
	return m, nil
}

// toChild gives msg to the running child.
func (m *Menu) toChild(msg tea.Msg) tea.Cmd {
	_, cmd := m.child.Update(msg)
	return wrap(m.gen, cmd)
}

// leaveChild closes the child (its player is silent: no I/O) and shows
// the menu's last step again.
func (m *Menu) leaveChild() {
	_ = m.child.Close()
	m.child = nil
	m.gen++
	m.stage = stageMode
}

func (m *Menu) choices() int {
	switch m.stage {
	case stageLang:
		return len(i18n.Langs)
	case stageCar:
		return len(m.o.Assets.Cars())
	case stageMode:
		return modeCount
	}
	return 0
}

func (m *Menu) menuKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) {
		return tea.Quit
	}
	if m.stage == stageStarting {
		return nil
	}
	n := m.choices()
	switch {
	case msg.Code == tea.KeyUp || msg.String() == "k":
		m.sel[m.stage] = (m.sel[m.stage] + n - 1) % n
	case msg.Code == tea.KeyDown || msg.String() == "j" || msg.Code == tea.KeyTab:
		m.sel[m.stage] = (m.sel[m.stage] + 1) % n
	case key.Matches(msg, m.keys.Back):
		if m.stage > stageLang {
			m.stage--
		}
	case msg.Code == tea.KeyEnter:
		return m.choose()
	}
	return nil
}

// choose confirms the highlighted choice of the step.
func (m *Menu) choose() tea.Cmd {
	switch m.stage {
	case stageLang:
		m.setLang(i18n.Langs[m.sel[stageLang]])
		m.stage = stageCar
	case stageCar:
		m.car = m.o.Assets.Cars()[m.sel[stageCar]].ID
		m.stage = stageMode
	case stageMode:
		m.stage, m.err = stageStarting, ""
		m.gen++
		// Opening a drive runs its eight-minute preroll: work for a Cmd,
		// which reads only these copies, never the model.
		gen, a, lang, car, w, h, noColor, drill := m.gen, m.o.Assets, m.lang, m.car, m.w, m.h, m.o.NoColor, m.sel[stageMode] == modeDrill
		return func() tea.Msg {
			var c Child
			var err error
			if drill {
				c, err = a.Drill(lang, w, h, noColor)
			} else {
				c, err = a.Drive(lang, car, w, h, noColor)
			}
			return childReadyMsg{gen: gen, child: c, err: err}
		}
	}
	return nil
}

// started shows the child that is ready, or why it could not start.
func (m *Menu) started(msg childReadyMsg) tea.Cmd {
	if msg.gen != m.gen || m.stage != stageStarting {
		return nil // the visitor went away from it meanwhile
	}
	if msg.err != nil {
		m.stage, m.err = stageMode, msg.err.Error()
		return nil
	}
	m.child, m.stage = msg.child, stageChild
	cmds := []tea.Cmd{wrap(m.gen, m.child.Init())}
	m.child.Update(tea.WindowSizeMsg{Width: m.w, Height: m.h})
	if m.enh != nil {
		cmds = append(cmds, m.toChild(*m.enh))
	}
	return tea.Batch(cmds...)
}

// View shows the child while it runs, else the menu's step.
func (m *Menu) View() tea.View {
	if m.child != nil {
		v := m.child.View()
		// Without bracketed paste a paste is plain keys, which the input
		// limit bounds; a paste whose end marker the limit dropped would
		// otherwise leave the parser collecting a paste for ever.
		v.DisableBracketedPasteMode = true
		return v
	}
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.DisableBracketedPasteMode = true
	v.WindowTitle = m.tr.T("app.title")
	return v
}

// render draws the menu's step, centred.
func (m *Menu) render() string {
	s := m.styles
	tr := m.tr
	var b strings.Builder
	b.WriteString(s.Title.Render(tr.T("serve.menu.title")) + "\n")
	b.WriteString(s.Muted.Render(tr.F("serve.menu.welcome", "name", m.o.User)) + "\n\n")
	var items []string
	switch m.stage {
	case stageLang:
		b.WriteString(s.Bold.Render(tr.T("serve.menu.lang")) + "\n\n")
		for _, l := range i18n.Langs {
			items = append(items, m.o.Assets.UI.Tables[l].Name)
		}
	case stageCar:
		b.WriteString(s.Bold.Render(tr.T("serve.menu.car")) + "\n\n")
		for _, p := range m.o.Assets.Cars() {
			items = append(items, tr.Pick(p.Name, p.NameZH))
		}
	case stageMode:
		b.WriteString(s.Bold.Render(tr.T("serve.menu.mode")) + "\n\n")
		items = []string{tr.T("serve.menu.drive"), tr.T("serve.menu.drill")}
	case stageStarting:
		b.WriteString(s.Info.Render(tr.T("serve.menu.starting")) + "\n")
	}
	for i, it := range items {
		if i == m.sel[m.stage] {
			b.WriteString(s.Selected.Render("› "+it) + "\n")
		} else {
			b.WriteString("  " + s.Text.Render(it) + "\n")
		}
	}
	if m.err != "" {
		b.WriteString("\n" + s.Warn.Render(tr.F("serve.menu.failed", "err", m.err)) + "\n")
	}
	b.WriteString("\n" + s.Faint.Render(tr.T("serve.menu.hint")))
	box := s.Frame.Padding(1, 3).Render(b.String())
	if m.w <= 0 || m.h <= 0 {
		return box
	}
	return lipgloss.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, box)
}
