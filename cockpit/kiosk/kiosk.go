// Package kiosk is `cockpit kiosk`: the cockpit left running unattended at
// a meetup, and (Options.Remote) what each visitor of `cockpit serve`
// gets over SSH: the same visitor menu, drives, drills and leaderboard,
// without the attract loop and the presenter's keys. An attract loop plays the playlist of AttractFile (scenarios,
// and drills played by their scripted driver) with a caption band saying
// what is happening, switching language every loop and showing the
// leaderboard between loops; any key opens the visitor menu
// (cockpit/visitor), then a drive or a drill; after the idle time a
// countdown returns to the attract loop with the visitor's state dropped.
// Visitors cannot quit: the quit keys are inert and only the presenter key
// sequence (Options.Presenter, then a letter) quits, changes the settings
// or jumps to a scene.
//
// The kiosk owns no drive. Each scene and each visitor gets a fresh
// session, opened as the cockpit opens one (cockpit/launch) and shown by a
// cockpit.Model that the kiosk hands its normal inputs and ticks; when the
// scene ends the session and its cockpit are dropped whole, so nothing
// grows however long the kiosk runs. Update does no I/O: leaderboard
// writes happen in Cmds.
package kiosk

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/cockpit/visitor"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// TickInterval is the kiosk's own clock: idle time, countdowns and scene
// durations are counted in its ticks (the cockpits have their own).
const TickInterval = cockpit.TickInterval

// DefaultIdle is how long a visitor may leave the kiosk untouched before
// the countdown starts.
const DefaultIdle = 60 * time.Second

// Countdown is how long the "back to the demo" countdown lasts.
const Countdown = 10 * time.Second

// DefaultPresenter is the key that starts the presenter sequence: a key
// no visitor types by chance and no part of the cockpit binds.
const DefaultPresenter = "ctrl+]"

// presenterWindow is how long the kiosk waits for the presenter's letter.
const presenterWindow = 5 * time.Second

// Bounds of the presenter's idle setting.
const (
	minIdle  = 15 * time.Second
	maxIdle  = 10 * time.Minute
	idleStep = 15 * time.Second
)

// Options configure a kiosk. Everything is loaded before (Load); New does
// no I/O.
type Options struct {
	// UI is the themes, tables, signals and HMI (cockpit.LoadAssets).
	UI *cockpit.Assets
	// Env is the asset tree's vehicles and maps.
	Env *scenario.Env
	// Playlist is the attract loop with its scenes' scenarios loaded.
	Playlist *Playlist
	// Drills are the curriculum the visitor menu offers, in order.
	Drills []cockpit.Drill
	// Voices answer the voice bar of every drive (nil: no voice).
	Voices *launch.Voices
	// Board is the leaderboard finished drills post to (nil: none).
	Board *leaderboard.Board
	// Moved, when set, says the board's file was unreadable and moved
	// aside: the kiosk says where for its first seconds.
	Moved *leaderboard.Moved
	// Lang is the attract loop's first language; Theme and NoColor as for
	// the cockpit.
	Lang, Theme string
	NoColor     bool
	// Idle is how long a visitor's session may go without input (0:
	// DefaultIdle).
	Idle time.Duration
	// Presenter is the key of the presenter sequence (cockpit.ParseKey's
	// names; "": DefaultPresenter).
	Presenter string
	// Big is the projector layout of the cockpits (cockpit.Options.Big).
	Big bool
	// Width and Height before the terminal reports its size.
	Width, Height int
	// Now stamps leaderboard entries; called in the posting Cmd (nil:
	// time.Now).
	Now func() time.Time
	// Remote is a visitor of cockpit serve: they start at the visitor
	// menu and come back to it (there is no attract loop, and Playlist
	// may be nil); there is no presenter sequence (the presenter is at
	// the server, not at the visitor's keyboard) and no idle countdown
	// (the server's idle limit ends the connection and says so). q or
	// ctrl+c in a drive goes back to the menu; ctrl+c in the menu ends
	// the visitor's program, and with it their connection.
	Remote bool
	// Name prefills the visitor's name for the leaderboard (the SSH
	// user's name); they may change it.
	Name string
	// Controls are the command palette's run-time controls in free drives.
	Controls []scenario.Control
}

type mode int

const (
	modeAttract mode = iota
	modeBoard
	modeMenu
	// modeOpening: the visitor has chosen; their cockpit is being built in
	// a Cmd (a drive's eight-minute preroll takes 0.1 s: not for Update).
	modeOpening
	modeDrive
	modeResult
)

// boardRefresh is how often the kiosk reads the leaderboard's file again,
// for scores another process (cockpit serve) posted.
const boardRefresh = 5 * time.Second

// Model is the kiosk's root model.
type Model struct {
	o   Options
	ctx common.Context
	// lang is the attract loop's language now (it alternates each loop).
	lang      string
	mode      mode
	presenter string
	idle      time.Duration

	// cur is the cockpit shown (a scene, or the visitor's drive or drill);
	// gen numbers it, so messages of a dropped cockpit are dropped too.
	cur *cockpit.Model
	gen int
	// scene is the scene playing, loops the loops completed, sceneTicks
	// the ticks it has played, seen the events its captions have read.
	scene      int
	loops      int
	sceneTicks int
	seen       int
	caption    *Caption

	menu   *visitor.Model
	choice visitor.Chosen
	// idleTicks counts the visitor's ticks without input.
	idleTicks int
	// armedTicks > 0: the presenter key was pressed, its letter awaited.
	armedTicks int
	// note is a short message (the presenter's setting, a save failure).
	note      string
	noteTicks int

	// the visitor's finished drill: its result (nil: it scored nothing),
	// the total, its place on the board once posted
	result  *drill.Result
	score   float64
	rank    int
	posting bool
	postErr error

	quitting bool

	// frame is the last frame drawn; sameFrame says no message since
	// changed anything it shows (the kiosk's own clock, which ticks beside
	// the cockpit's), so View hands it out again instead of drawing the
	// cockpit a second time each tick (an SSH server's CPU is the views).
	frame     tea.View
	sameFrame bool
	// starting is the Init of the cockpit opened during this Update,
	// returned by it (so every scene's clock runs, not only the first's).
	starting tea.Cmd
	// headless: driven by Tick and Send, not a program; jobs are the
	// kiosk's Cmds kept for them to run.
	headless bool
	jobs     []tea.Cmd
	// stats counts what the soak test and the tests look at.
	stats Stats
	// refreshTicks counts down to the next read of the board's file;
	// refreshing is set while one is in flight.
	refreshTicks int
	refreshing   bool
	// leaving: a remote visitor ended their program.
	leaving bool
}

// Stats count what the kiosk did, for tests and the soak benchmark.
type Stats struct {
	// Scenes is how many scenes were opened, Loops how many loops ended,
	// Visitors how many visitor sessions began, Resets how many ended by
	// the idle countdown, Posts how many drills were posted.
	Scenes, Loops, Visitors, Resets, Posts int
}

// New builds the kiosk on the first scene of its attract loop.
func New(o Options) *Model {
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	if o.Presenter == "" {
		o.Presenter = DefaultPresenter
	}
	m := &Model{o: o, lang: o.Lang, idle: o.Idle}
	if o.UI.Tables[m.lang] == nil {
		m.lang = "en"
	}
	if k, err := cockpit.ParseKey(o.Presenter); err == nil {
		m.presenter = k.String()
	} else {
		m.presenter = DefaultPresenter
	}
	m.ctx.Width, m.ctx.Height = o.Width, o.Height
	m.applyLang(m.lang)
	vo := visitor.Options{Tables: o.UI.Tables, Themes: o.UI.Themes, Theme: m.themeName(), NoColor: o.NoColor,
		Lang: m.lang, Cars: cars(o.Env.Profiles), Drills: drillItems(o.Drills), Width: o.Width, Height: o.Height,
		Name: o.Name, CanLeave: o.Remote}
	if o.Board != nil {
		vo.Board = m.menuBoard
	}
	m.menu = visitor.New(vo)
	if o.Remote {
		m.openMenu()
	} else {
		m.openScene(0)
	}
	if o.Moved != nil {
		m.note = m.ctx.F("leaderboard.corrupt", "err", o.Moved.Err.Error(), "path", o.Moved.To)
		m.noteTicks = ticks(15 * time.Second)
	}
	return m
}

// CheckPresenter says whether name is a key the presenter sequence can
// start with (for the command line's error).
func CheckPresenter(name string) error {
	k, err := cockpit.ParseKey(name)
	if err != nil {
		return err
	}
	if k.Mod&tea.ModCtrl == 0 && k.Mod&tea.ModAlt == 0 && k.Code < tea.KeyF1 {
		return fmt.Errorf("%q is a key visitors type: use a control key (ctrl+]), alt+ a letter, or a function key", name)
	}
	if s := k.String(); s == "ctrl+c" || s == "ctrl+s" {
		return fmt.Errorf("%q is the cockpit's own key: choose another", name)
	}
	return nil
}

func cars(ps []*vehicle.Profile) []visitor.Item {
	out := make([]visitor.Item, 0, len(ps))
	for _, p := range ps {
		out = append(out, visitor.Item{ID: p.ID, Name: p.Name, NameZH: p.NameZH})
	}
	return out
}

func drillItems(ds []cockpit.Drill) []visitor.Item {
	out := make([]visitor.Item, 0, len(ds))
	for _, d := range ds {
		out = append(out, visitor.Item{ID: d.ID, Name: d.Scenario.Name, NameZH: d.Scenario.NameZH})
	}
	return out
}

func (m *Model) themeName() string {
	if m.o.Theme == "" || m.o.Theme == "auto" {
		return "night"
	}
	return m.o.Theme
}

func (m *Model) applyLang(lang string) {
	m.ctx.Tr = m.o.UI.Tables[lang]
	if m.ctx.Tr == nil {
		m.ctx.Tr = m.o.UI.Tables["en"]
	}
	m.ctx.Keys = keys.New(m.ctx.Tr)
	th := m.o.UI.Themes[m.themeName()]
	if th == nil {
		th = m.o.UI.Themes["night"]
	}
	m.ctx.Styles = theme.New(th, m.o.NoColor)
}

func ticks(d time.Duration) int { return int(d / TickInterval) }

// Init starts the kiosk's clock and the first scene's.
func (m *Model) Init() tea.Cmd {
	first := m.starting // New opened the first scene
	m.starting = nil
	return tea.Batch(m.tick(), first)
}

type tickMsg struct{}

func (m *Model) tick() tea.Cmd {
	return tea.Tick(TickInterval, func(time.Time) tea.Msg { return tickMsg{} })
}

// innerMsg is a message of the cockpit numbered gen.
type innerMsg struct {
	gen int
	msg tea.Msg
}

// wrap tags what a cockpit's Cmd delivers with the cockpit's number, so it
// reaches that cockpit only: a tick of a dropped scene must not run the
// clock of the next one twice as fast. A cockpit's quit never quits the
// kiosk.
func (m *Model) wrap(cmd tea.Cmd) tea.Cmd { return wrapGen(m.gen, cmd) }

func wrapGen(gen int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case nil:
			return nil
		case tea.QuitMsg:
			// a kiosk's cockpits never quit (NoQuit); a remote visitor's
			// quit ends their drive, back to the menu
			return cockpitQuitMsg{gen}
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = wrapGen(gen, c)
			}
			return out
		default:
			return innerMsg{gen, msg}
		}
	}
}

// cockpitQuitMsg is the quit of the cockpit numbered gen.
type cockpitQuitMsg struct{ gen int }

// openedMsg is the visitor's cockpit, built in a Cmd (gen is the number
// it will show under), or why it could not be.
type openedMsg struct {
	gen int
	cur *cockpit.Model
	err error
}

// refreshedMsg says the board's file was read again.
type refreshedMsg struct{}

// postedMsg is the result of a leaderboard post, done in a Cmd.
type postedMsg struct {
	rank int
	err  error
}

// resetMsg is the result of the presenter's reset of the board.
type resetMsg struct{ err error }

// Update routes messages: the clock, the presenter sequence, then by mode.
// A cockpit opened on the way (a scene, a visitor's drive) is started
// with it: its Init (its clock) is batched with what the message returns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, clock := msg.(tickMsg)
	before := m.shown()
	_, cmd := m.update(msg)
	if !clock || m.shown() != before {
		m.sameFrame = false // until View draws it again
	}
	if m.starting != nil {
		cmd = tea.Batch(cmd, m.starting)
		m.starting = nil
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
		m.menu.Update(msg)
		if m.cur != nil {
			m.cur.Update(msg)
		}
		return m, nil
	case tickMsg:
		m.onTick()
		return m, tea.Batch(m.tick(), m.checkDrill(), m.refreshBoard())
	case refreshedMsg:
		m.refreshing = false
		return m, nil
	case openedMsg:
		return m, m.opened(msg)
	case cockpitQuitMsg:
		if msg.gen == m.gen && m.mode == modeDrive {
			m.backToMenu()
		}
		return m, nil
	case innerMsg:
		if msg.gen != m.gen || m.cur == nil {
			return m, nil
		}
		_, cmd := m.cur.Update(msg.msg)
		return m, tea.Batch(m.wrap(cmd), m.checkDrill())
	case postedMsg:
		m.posting, m.rank, m.postErr = false, msg.rank, msg.err
		if msg.err == nil {
			m.stats.Posts++
		}
		return m, nil
	case resetMsg:
		m.say("kiosk.board_reset")
		if msg.err != nil {
			m.note = m.ctx.F("kiosk.save_failed", "err", msg.err.Error())
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg:
		return m, m.input(msg)
	}
	return m, nil
}

// key handles a key press: the presenter sequence first (the key and its
// letter never reach a visitor's cockpit), then ctrl+c and ctrl+s (inert:
// a visitor must not kill the kiosk or write files), then the mode's.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.o.Remote {
		return m.remoteKey(msg)
	}
	if m.armedTicks > 0 {
		m.armedTicks = 0
		return m.presenterKey(msg)
	}
	if msg.String() == m.presenter {
		m.armedTicks = ticks(presenterWindow)
		return nil
	}
	switch msg.String() {
	case "ctrl+c":
		return nil
	case "ctrl+s":
		// the cockpit's capture writes three files a press: an unattended
		// kiosk must not let a visitor fill the presenter's disk
		return nil
	}
	return m.input(msg)
}

// remoteKey is a key of cockpit serve's visitor: ctrl+c leaves (their
// drive for the menu, or the menu for good), ctrl+s is inert (a visitor's
// keys never write the host's files), the rest is theirs.
func (m *Model) remoteKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+c":
		if m.mode == modeMenu || m.mode == modeOpening {
			m.leaving = true
			return tea.Quit
		}
		m.backToMenu()
		return nil
	case "ctrl+s":
		return nil
	}
	return m.input(msg)
}

// backToMenu ends the visitor's drive or drill result and shows the
// menu's last step with their choices kept.
func (m *Model) backToMenu() {
	m.dropCockpit()
	m.menu.Again()
	m.mode = modeMenu
	m.posting, m.postErr, m.result = false, nil, nil
}

// input is a visitor's key, click or paste.
func (m *Model) input(msg tea.Msg) tea.Cmd {
	switch m.mode {
	case modeAttract, modeBoard:
		if _, ok := msg.(tea.KeyPressMsg); !ok {
			if _, click := msg.(tea.MouseClickMsg); !click {
				return nil
			}
		}
		m.openMenu()
		return nil
	}
	if m.counting() {
		m.idleTicks = 0 // someone is there: the countdown stops, the input is spent
		return nil
	}
	m.idleTicks = 0
	switch m.mode {
	case modeOpening:
		return nil // their car is on its way
	case modeMenu:
		_, cmd := m.menu.Update(msg)
		if m.menu.Done() {
			// the menu's own Cmd only delivers the choice: start it now
			return m.startVisitor(m.menu.Choice())
		}
		return cmd
	case modeResult:
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.ctx.Keys.DrillBack) {
			m.backToMenu()
		}
		return nil
	}
	_, cmd := m.cur.Update(msg)
	return tea.Batch(m.wrap(cmd), m.checkDrill())
}

func (m *Model) presenterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch s := msg.String(); {
	case s == "q":
		m.quitting = true
		return tea.Quit
	case s == "l":
		m.lang = i18n.Other(m.lang)
		m.applyLang(m.lang)
		if m.mode == modeAttract || m.mode == modeBoard {
			m.openScene(m.scene)
		}
	case s == "+" || s == "=":
		m.idle = min(m.idle+idleStep, maxIdle)
		m.note, m.noteTicks = m.ctx.F("kiosk.idle_set", "idle", fmt.Sprint(int(m.idle.Seconds()))), ticks(3*time.Second)
	case s == "-":
		m.idle = max(m.idle-idleStep, minIdle)
		m.note, m.noteTicks = m.ctx.F("kiosk.idle_set", "idle", fmt.Sprint(int(m.idle.Seconds()))), ticks(3*time.Second)
	case s == "n":
		switch m.mode {
		case modeAttract:
			m.nextScene() // after the last scene: the board
		case modeBoard:
			m.sceneTicks = ticks(m.o.Playlist.Board) // the next tick starts the next loop
		default:
			m.toAttract(m.scene)
		}
	case s == "a":
		m.toAttract(m.scene)
	case len(s) == 1 && s[0] >= '1' && s[0] <= '9':
		if i := int(s[0] - '1'); i < len(m.o.Playlist.Scenes) {
			m.toAttract(i)
		}
	case s == "r":
		if m.o.Board != nil {
			b := m.o.Board
			return m.job(func() tea.Msg { return resetMsg{b.Reset()} })
		}
	}
	return nil
}

func (m *Model) say(key string) {
	m.note, m.noteTicks = m.ctx.T(key), ticks(3*time.Second)
}

// counting reports whether the idle countdown shows.
func (m *Model) counting() bool {
	return !m.o.Remote && m.visiting() && m.idleTicks >= ticks(m.idle)
}

func (m *Model) visiting() bool {
	return m.mode == modeMenu || m.mode == modeOpening || m.mode == modeDrive || m.mode == modeResult
}

func (m *Model) onTick() {
	if m.armedTicks > 0 {
		m.armedTicks--
	}
	if m.noteTicks > 0 {
		if m.noteTicks--; m.noteTicks == 0 {
			m.note = ""
		}
	}
	switch m.mode {
	case modeAttract:
		m.sceneTicks++
		m.readCaptions()
		sc := m.o.Playlist.Scenes[m.scene]
		if m.sceneTicks >= ticks(sc.Max) || m.cur.Over() || m.cur.DrillDone() {
			m.nextScene()
		}
	case modeBoard:
		m.sceneTicks++
		if m.sceneTicks >= ticks(m.o.Playlist.Board) {
			m.loops++
			m.stats.Loops++
			m.lang = i18n.Other(m.lang)
			m.applyLang(m.lang)
			m.openScene(0)
		}
	default:
		if m.o.Remote {
			return // the server's idle limit, not a countdown back to a demo
		}
		m.idleTicks++
		if m.idleTicks >= ticks(m.idle+Countdown) {
			m.stats.Resets++
			m.toAttract(m.scene)
		}
	}
}

// readCaptions follows the scene's new events: the latest one a caption
// is keyed to sets the caption band.
func (m *Model) readCaptions() {
	log := m.cur.Events()
	sc := &m.o.Playlist.Scenes[m.scene]
	for _, ev := range log[min(m.seen, len(log)):] {
		for i := range sc.Captions {
			if sc.Captions[i].match(string(ev.Kind), ev.Subject) {
				m.caption = &sc.Captions[i]
			}
		}
	}
	m.seen = len(log)
}

func (m *Model) nextScene() {
	if m.scene+1 >= len(m.o.Playlist.Scenes) {
		m.dropCockpit()
		m.mode, m.sceneTicks, m.scene = modeBoard, 0, 0
		return
	}
	m.openScene(m.scene + 1)
}

// toAttract ends a visitor's session (everything of it dropped: the
// cockpit, the menu's choices) and plays scene i of the attract loop.
func (m *Model) toAttract(i int) {
	m.menu.Reset(m.lang)
	m.choice = visitor.Chosen{}
	m.idleTicks, m.posting, m.postErr, m.result = 0, false, nil, nil
	if i >= len(m.o.Playlist.Scenes) {
		i = 0
	}
	m.openScene(i)
}

func (m *Model) dropCockpit() {
	m.cur = nil
	m.gen++
}

func (m *Model) openMenu() {
	m.dropCockpit()
	m.menu.Reset(m.lang)
	m.menu.Update(tea.WindowSizeMsg{Width: m.ctx.Width, Height: m.ctx.Height})
	m.mode, m.idleTicks = modeMenu, 0
	m.stats.Visitors++
}

// openScene opens scene i of the playlist in a fresh cockpit. A scene
// that cannot open (its drive refuses to start) is skipped; Load opened
// each once, so this is a broken asset tree, not a visitor's doing.
func (m *Model) openScene(i int) {
	m.dropCockpit()
	m.mode, m.scene, m.sceneTicks, m.seen = modeAttract, i, 0, 0
	sc := m.o.Playlist.Scenes[i]
	m.caption = &m.o.Playlist.Scenes[i].Intro
	cur, err := m.o.Playlist.open(i, m.cockpitOptions(m.lang, sc.Speed))
	if err != nil {
		// the board shows instead, and the loop goes on from the start
		m.note, m.noteTicks = err.Error(), ticks(3*time.Second)
		m.mode, m.scene = modeBoard, 0
		return
	}
	m.cur = cur
	m.starting = m.wrap(cur.Init())
	m.stats.Scenes++
}

// cockpitOptions are the options of every cockpit the kiosk opens: its
// quit keys inert (a remote visitor's q leaves the drive), silent, at the
// kiosk's size.
func (m *Model) cockpitOptions(lang string, speed int) cockpit.Options {
	return cockpit.Options{Themes: m.o.UI.Themes, Tables: m.o.UI.Tables, Lang: lang, Theme: m.o.Theme, NoColor: m.o.NoColor,
		Width: m.ctx.Width, Height: m.ctx.Height, HMI: m.o.UI.HMI, Speed: speed, NoQuit: !m.o.Remote, QuitToMenu: m.o.Remote, Big: m.o.Big}
}

// startVisitor opens what the visitor chose, the default drive in their
// car or their drill with the trainee driving, in a Cmd: building a drive
// runs its preroll. The Cmd reads only what it is given and the loaded
// assets, which nothing changes.
func (m *Model) startVisitor(c visitor.Chosen) tea.Cmd {
	if m.mode != modeMenu {
		return nil
	}
	m.choice = c
	m.dropCockpit()
	m.mode, m.idleTicks = modeOpening, 0
	opts := m.cockpitOptions(c.Lang, 1)
	gen, o := m.gen, m.o
	return m.job(func() tea.Msg {
		var cur *cockpit.Model
		var err error
		if c.Drill == "" {
			cur, err = openDrive(o, c, opts)
		} else {
			cur, err = openDrill(o, c, opts)
		}
		return openedMsg{gen, cur, err}
	})
}

// opened shows the visitor's cockpit once built (unless they went away
// meanwhile: the idle reset, the presenter), or why it could not open.
func (m *Model) opened(msg openedMsg) tea.Cmd {
	if msg.gen != m.gen || m.mode != modeOpening {
		return nil
	}
	if msg.err != nil {
		m.note, m.noteTicks = msg.err.Error(), ticks(5*time.Second)
		m.menu.Again()
		m.mode = modeMenu
		return nil
	}
	m.cur, m.mode = msg.cur, modeDrive
	// the terminal may have changed size while it was built
	m.cur.Update(tea.WindowSizeMsg{Width: m.ctx.Width, Height: m.ctx.Height})
	return m.wrap(m.cur.Init())
}

func openDrive(o Options, c visitor.Chosen, opts cockpit.Options) (*cockpit.Model, error) {
	opened, err := launch.Open(launch.Drive{Env: o.Env, Vehicle: c.Car, Voices: o.Voices, Signals: o.UI.Signals,
		HMI: o.UI.HMI, Start: session.Start{Mode: session.ModeDrive, Lang: c.Lang}})
	if err != nil {
		return nil, err
	}
	lo := opened.Options(o.UI, c.Lang, o.Theme, o.Controls)
	opts.Session, opts.Preroll, opts.Title, opts.Controls = lo.Session, lo.Preroll, lo.Title, lo.Controls
	return cockpit.New(opts), nil
}

func openDrill(o Options, c visitor.Chosen, opts cockpit.Options) (*cockpit.Model, error) {
	var d *cockpit.Drill
	for i := range o.Drills {
		if o.Drills[i].ID == c.Drill {
			d = &o.Drills[i]
		}
	}
	if d == nil {
		return nil, fmt.Errorf("no drill %q", c.Drill)
	}
	sc := *d.Scenario // the visitor's car, the drill's road and script
	if p, err := vehicle.Find(o.Env.Profiles, c.Car); err == nil {
		sc.Config.Profile = p
	}
	su := session.ScenarioSetup(&sc, session.DrillTrainee, nil)
	su.Start.Scenario, su.Start.Lang = d.ID, c.Lang
	su.Signals, su.HMI = o.UI.Signals, o.UI.HMI
	if o.Voices != nil {
		su.Voice = o.Voices.For(sc.Config.Map)
	}
	s, err := session.New(su)
	if err != nil {
		return nil, err
	}
	opts.Session = s
	opts.Title = o.UI.Tables[c.Lang].Pick(sc.Name, sc.NameZH)
	opts.Speed = cockpit.Speeds[len(cockpit.Speeds)-1] // as cockpit drill starts a drill
	cur := cockpit.New(opts)
	cur.PrerollDrill()
	return cur, nil
}

// checkDrill ends the visitor's drill once it has shown what it scores:
// the rest plays out as cockpit drill plays it, the score shows, and it
// is posted to the board in a Cmd.
func (m *Model) checkDrill() tea.Cmd {
	if m.mode != modeDrive || m.cur == nil || !m.cur.DrillDone() {
		return nil
	}
	res := m.cur.FinishDrill()
	m.dropCockpit()
	m.mode, m.result, m.score, m.rank, m.postErr = modeResult, res, 0, 0, nil
	if res == nil {
		return nil
	}
	m.score = res.Total
	if m.o.Board == nil {
		return nil
	}
	m.posting = true
	e := leaderboard.Entry{Name: m.choice.Name, Car: m.carName(m.choice.Car), Drill: m.choice.Drill, Score: res.Total}
	b, now := m.o.Board, m.o.Now
	return m.job(func() tea.Msg {
		if now != nil {
			e.At = now()
		}
		_, rank, err := b.Add(e)
		return postedMsg{rank, err}
	})
}

// carName is the name a car is stored under on the board: the profile's
// English name (the board is shown in either language; see boardCar).
func (m *Model) carName(id string) string {
	if p, err := vehicle.Find(m.o.Env.Profiles, id); err == nil {
		return p.Name
	}
	return id
}

// refreshBoard reads the board's file again every boardRefresh while the
// board can be seen (between loops, in the menu, after a drill), for the
// scores another process posted; in a Cmd, one at a time.
func (m *Model) refreshBoard() tea.Cmd {
	if m.o.Board == nil || m.refreshing {
		return nil
	}
	if m.refreshTicks > 0 {
		m.refreshTicks--
		return nil
	}
	if m.mode != modeBoard && m.mode != modeMenu && m.mode != modeResult {
		return nil
	}
	m.refreshTicks, m.refreshing = ticks(boardRefresh), true
	b := m.o.Board
	return m.job(func() tea.Msg {
		b.Refresh()
		return refreshedMsg{}
	})
}

// Quitting reports whether the presenter has quit the kiosk.
func (m *Model) Quitting() bool { return m.quitting }

// Leaving reports whether a remote visitor ended their program (ctrl+c
// in the menu).
func (m *Model) Leaving() bool { return m.leaving }

// Lang is the language the visitor reads now (the menu's, or the one
// they chose), else the attract loop's: cockpit serve says goodbye in it.
func (m *Model) Lang() string {
	switch {
	case m.mode == modeMenu:
		return m.menu.Lang()
	case m.visiting() && m.choice.Lang != "":
		return m.choice.Lang
	}
	return m.lang
}

// Stats are the kiosk's counts so far.
func (m *Model) Stats() Stats { return m.stats }

// Close releases nothing today (the kiosk is silent); it is there so the
// command runs the kiosk like every full-screen program.
func (m *Model) Close() error { return nil }

// Tick makes one TickInterval pass without a program (tests, the soak
// benchmark): the shown cockpit's clock ticks, then the kiosk's. It drives
// everything through the messages the program delivers; the Cmds Update
// returns are dropped (time passes only by Tick), except the kiosk's own
// jobs (a leaderboard post or reset), which run at once, as the program
// would run them.
func (m *Model) Tick() {
	m.headless = true
	if m.cur != nil {
		m.Update(innerMsg{m.gen, m.cur.ClockTick()})
		m.runJobs()
	}
	m.Update(tickMsg{})
	m.runJobs()
}

// Send hands the kiosk a message as the program would (see Tick).
func (m *Model) Send(msg tea.Msg) {
	m.headless = true
	m.Update(msg)
	m.runJobs()
}

func (m *Model) runJobs() {
	for len(m.jobs) > 0 {
		c := m.jobs[0]
		m.jobs = m.jobs[1:]
		m.Update(c())
	}
}

// job is a Cmd of the kiosk's own I/O: returned to the program, or kept
// for runJobs when driven headless.
func (m *Model) job(c tea.Cmd) tea.Cmd {
	if m.headless {
		m.jobs = append(m.jobs, c)
		return nil
	}
	return c
}

// View draws the mode's screen.
func (m *Model) View() tea.View {
	if m.sameFrame {
		return m.frame
	}
	v := m.view()
	m.frame, m.sameFrame = v, true
	return v
}

// shownState is what of the kiosk's own state its frame shows over (or
// instead of) the cockpit's: a tick that leaves it as it was and does not
// reach the cockpit leaves the frame as it was. (The board's changes come
// as messages of their own: a refresh, a post, a reset.)
type shownState struct {
	mode           mode
	gen            int
	caption        *Caption
	lang           string
	countdown      int
	armed, posting bool
	note           string
	rank           int
}

func (m *Model) shown() shownState {
	st := shownState{mode: m.mode, gen: m.gen, caption: m.caption, lang: m.lang, countdown: -1,
		armed: m.armedTicks > 0, posting: m.posting, note: m.note, rank: m.rank}
	if m.counting() {
		st.countdown = int((m.idle + Countdown - time.Duration(m.idleTicks)*TickInterval + time.Second - 1) / time.Second)
	}
	return st
}

func (m *Model) view() tea.View {
	var v tea.View
	switch {
	case m.mode == modeMenu:
		v = m.menu.View()
	case m.cur != nil:
		v = m.cur.View()
	default:
		v = tea.NewView("")
		v.AltScreen = true
		if s := m.ctx.Styles; s.Background != nil {
			v.BackgroundColor, v.ForegroundColor = s.Background, s.Foreground
		}
	}
	v.Content = m.Render(v.Content)
	v.WindowTitle = "cockpit kiosk"
	if m.o.Remote {
		v.WindowTitle = "cockpit"
		// Over SSH a paste is plain keys, which the server's input limit
		// bounds; a paste whose end marker the limit dropped would leave
		// the terminal parser collecting a paste for ever.
		v.DisableBracketedPasteMode = true
	}
	return v
}

// Render is the kiosk's frame drawn over base (the cockpit's or the
// menu's): the caption band and the prompt in the attract loop, the board
// between loops, the result of a drill, the countdown, the presenter's
// line.
func (m *Model) Render(base string) string {
	w, h := m.ctx.Width, m.ctx.Height
	if w <= 0 || h <= 0 {
		return base
	}
	if (m.mode == modeDrive || m.mode == modeMenu) && !m.counting() && m.armedTicks == 0 && m.note == "" {
		// nothing drawn over the cockpit or the menu, which fill the
		// screen already: the frame is theirs (refitting every line of
		// every frame cost an SSH visitor's session half its CPU again)
		return base
	}
	lines := fitLines(base, w, h)
	s := m.ctx.Styles
	put := func(y int, text string) {
		if y >= 0 && y < h {
			lines[y] = text
		}
	}
	switch m.mode {
	case modeAttract:
		if m.caption != nil && h >= 3 {
			put(h-2, s.BannerOK.Width(w).Render(widget.Fit(" "+m.ctx.Tr.Pick(m.caption.EN, m.caption.ZH), w-2)))
		}
		put(h-1, s.Title.Render(center(m.ctx.T("kiosk.press_any_key"), w)))
	case modeBoard:
		for i := range lines {
			lines[i] = widget.Fit("", w)
		}
		for i, l := range m.boardLines(w) {
			put(1+i, l)
		}
		put(h-1, s.Title.Render(center(m.ctx.T("kiosk.press_any_key"), w)))
	case modeResult:
		for i := range lines {
			lines[i] = widget.Fit("", w)
		}
		m.resultLines(put, w, h)
	case modeOpening:
		for i := range lines {
			lines[i] = widget.Fit("", w)
		}
		put(h/2, s.Info.Render(center(m.visitorTr().T("kiosk.starting"), w)))
	}
	out := strings.Join(lines, "\n")
	if m.counting() {
		left := int((m.idle + Countdown - time.Duration(m.idleTicks)*TickInterval + time.Second - 1) / time.Second)
		tr := m.visitorTr()
		body := s.Warn.Render(tr.F("kiosk.idle", "n", fmt.Sprint(max(left, 1)))) + "\n" + s.Faint.Render(tr.T("kiosk.idle_hint"))
		out = overlay(out, s.Overlay.Render(body), w, h)
	}
	if m.armedTicks > 0 || m.note != "" {
		text := m.note
		if m.armedTicks > 0 {
			text = m.ctx.F("kiosk.presenter", "idle", fmt.Sprint(int(m.idle.Seconds())))
		}
		ls := strings.Split(out, "\n")
		ls[0] = s.BannerWarn.Width(w).Render(widget.Fit(" "+text, w-2))
		out = strings.Join(ls, "\n")
	}
	return out
}

// visitorTr is the visitor's language's table (the menu's while they
// choose), for what the kiosk says to them.
func (m *Model) visitorTr() *i18n.Table {
	if m.mode == modeMenu {
		return m.menu.Context().Tr
	}
	if t := m.o.UI.Tables[m.choice.Lang]; t != nil {
		return t
	}
	return m.ctx.Tr
}

// resultLines is a finished drill's result in the visitor's language:
// their score and place on the board, the one tip, and what the score is
// made of (as cockpit drill's debrief shows it, when the screen has the
// rows), a block in the middle of the screen.
func (m *Model) resultLines(put func(int, string), w, h int) {
	c := m.ctx
	c.Tr = m.visitorTr()
	s := c.Styles
	tw := max(min(w-4, 90), 20)
	out := []string{s.Title.Render(c.F("kiosk.score", "name", m.choice.Name, "score", fmt.Sprintf("%.0f", m.score)))}
	switch {
	case m.posting:
		out = append(out, "", s.Faint.Render(c.T("kiosk.saving")))
	case m.postErr != nil:
		out = append(out, "", s.Warn.Render(c.F("kiosk.save_failed", "err", m.postErr.Error())))
	case m.rank > 0:
		out = append(out, "", s.Accent.Render(c.F("kiosk.rank", "rank", fmt.Sprint(m.rank))))
	}
	if m.result != nil {
		out = append(out, "")
		out = append(out, cockpit.DrillTip(&c, m.result, tw)...)
		// the breakdown whole or not at all: half of it reads as the score
		if bd := cockpit.Breakdown(&c, m.result, tw); len(out)+len(bd)+3 <= h {
			out = append(out, "")
			out = append(out, bd...)
		}
	}
	out = append(out, "", s.Faint.Render(c.T("kiosk.result_hint")))
	x := max((w-tw)/2, 2)
	y := max((h-len(out))/2, 0)
	for i, l := range out {
		put(y+i, widget.Fit(strings.Repeat(" ", x)+l, w))
	}
}

// boardLines is the leaderboard as the attract loop shows it.
func (m *Model) boardLines(w int) []string {
	s := m.ctx.Styles
	out := []string{"  " + s.Title.Render(m.ctx.T("kiosk.board_title")), ""}
	var entries []leaderboard.Entry
	if m.o.Board != nil {
		entries = m.o.Board.Top(max(m.ctx.Height-6, 3), "")
	}
	if len(entries) == 0 {
		return append(out, "  "+s.Text.Render(m.ctx.T("kiosk.board_empty")))
	}
	for _, l := range Table(m.ctx.Tr, entries, m.drillNames(), m.carNames(), w-4) {
		out = append(out, "  "+s.Text.Render(l))
	}
	return out
}

func (m *Model) drillNames() map[string][2]string {
	out := map[string][2]string{}
	for _, d := range m.o.Drills {
		out[d.ID] = [2]string{d.Scenario.Name, d.Scenario.NameZH}
	}
	return out
}

func (m *Model) carNames() map[string][2]string {
	out := map[string][2]string{}
	for _, p := range m.o.Env.Profiles {
		out[p.Name] = [2]string{p.Name, p.NameZH}
	}
	return out
}

func center(text string, w int) string {
	return lipgloss.PlaceHorizontal(w, lipgloss.Center, widget.Fit(text, min(widget.Width(text), w)))
}

// fitLines is base as exactly h lines of w cells.
func fitLines(base string, w, h int) []string {
	lines := strings.Split(base, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	lines = lines[:h]
	for i, l := range lines {
		if widget.Width(l) != w {
			lines[i] = widget.Fit(l, w)
		}
	}
	return lines
}

// overlay draws box in the middle of screen, keeping its size.
func overlay(screen, box string, w, h int) string {
	bw, bh := lipgloss.Width(box), lipgloss.Height(box)
	top := lipgloss.NewLayer(box).X(max((w-bw)/2, 0)).Y(max((h-bh)/2, 0)).Z(1)
	out := strings.Split(lipgloss.NewCompositor(lipgloss.NewLayer(screen), top).Render(), "\n")
	return strings.Join(fitLines(strings.Join(out, "\n"), w, h), "\n")
}
