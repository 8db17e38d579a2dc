package cockpit

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/inspector"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/navsearch"
	"github.com/nevsim/cockpit/cockpit/palette"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/cockpit/timeline"
	"github.com/nevsim/cockpit/cockpit/voicebar"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// sayable is a voice layer that can list what it accepts (see-and-say
// labels), for the voice bar's Tab completions.
type sayable interface{ Sayable() []string }

// Panel is a page of the centre display.
type Panel int

// The panels, in number-key order.
const (
	PanelDrive Panel = iota
	PanelNav
	PanelCabin
	PanelVehicle
	PanelParking
	// PanelSignals is the signal inspector (cockpit/inspector).
	PanelSignals
	panelCount
)

// panelNames are the panels' names as the voice layer's "panel" UI action
// names them (system.panel's panel slot, assets/voice).
var panelNames = [panelCount]string{"drive", "nav", "cabin", "vehicle", "parking", "signals"}

// String is the panel's name as voice UI actions use it.
func (p Panel) String() string { return panelNames[p] }

// Speeds are the time multipliers, selected with + and -.
var Speeds = []int{1, 2, 5, 10}

// TickInterval is the wall time between simulation ticks (10 Hz): smooth
// enough for a speedometer, cheap enough for a laptop on battery.
const TickInterval = 100 * time.Millisecond

// stepsPerTick is how many 50 ms steps make one tick at 1×.
const stepsPerTick = int(TickInterval / (time.Duration(sim.Step) * time.Millisecond))

// Options configure a cockpit.
type Options struct {
	// Session is the drive to show and drive; required. Its voice layer
	// answers the voice bar (none: the bar says voice is unavailable), and
	// its scenario's script and drill mode play in it.
	Session *session.Session
	// Themes and Tables are the loaded themes and string tables (see
	// LoadAssets); required.
	Themes map[string]*theme.Theme
	Tables map[string]*i18n.Table
	// Lang is "en" or "zh" (default en).
	Lang string
	// Theme is day, night, auto (follow the drive's daylight; default),
	// high-contrast or colorblind.
	Theme string
	// NoColor drops colours (NO_COLOR is set).
	NoColor bool
	// Title names the drive (a scenario's name) in the top bar.
	Title string
	// Paused starts with time stopped (tests, presenters).
	Paused bool
	// Width and Height set the initial size before the terminal reports
	// it (tests).
	Width, Height int
	// Preroll drives this much simulated time before the first frame, so
	// the cockpit opens on a drive under way (the default drive starts on
	// the ring road rather than in a residential driveway).
	Preroll sim.Millis
	// Phrases are extra Tab completions (example commands).
	Phrases []string
	// OpenAudio opens the sound output; it runs in a Cmd at start-up (it
	// may probe a sound server for seconds). Nil means silent.
	OpenAudio func() chime.Player
	// Player, when set, is used at once instead of OpenAudio (tests use a
	// chime.Recorder).
	Player chime.Player
	// Controls are the simulator's run-time controls the command palette
	// (":") offers (scenario.LoadControls); none: the palette says so.
	Controls []scenario.Control
	// Signals, when set, is called around every step (a VISS server
	// serving this drive; see SignalHub).
	Signals SignalHub
	// HMI is the takeover HMI the banner shows and the cockpit sounds when
	// the session has none of its own (Setup.HMI, --hmi FILE): the asset
	// tree's shipped file (Assets.HMI). Nil: the built-in shipped file.
	HMI *hmi.Takeover
	// CaptureDir is where the capture key writes its pictures
	// (--capture-dir); "" is the XDG pictures folder's cockpit subfolder.
	CaptureDir string
	// Speed, when one of Speeds, is the time multiplier to start at (the
	// kiosk's attract loop plays its scenes fast); otherwise 1×.
	Speed int
	// NoQuit makes the quit keys (q, ctrl+c) inert: in the kiosk a visitor
	// must not end the program; its presenter quits it instead.
	NoQuit bool
	// QuitToMenu says what q does for a program that opens the cockpit
	// from a menu and returns to it on quit (cockpit serve's visitors):
	// the footer and the help offer "q menu", not "q quit".
	QuitToMenu bool
	// Big is the projector layout (view_big.go): double-size speed
	// digits, no notifications column and no voice transcript.
	Big bool
}

// feedItem is one event kept for the notifications list.
type feedItem struct {
	ev  sim.Event
	seq int
}

// Model is the root model of the cockpit.
type Model struct {
	// signals serves the drive's signals (Options.Signals; nil: none).
	signals SignalHub

	ctx common.Context
	// hmi is the takeover HMI of the drive: the session's, else
	// Options.HMI, else the built-in shipped file. Never nil.
	hmi *hmi.Takeover
	// sim is the drive session: every input goes to it and every panel
	// renders its state.
	sim    *session.Session
	asst   sayable
	themes map[string]*theme.Theme
	tables map[string]*i18n.Table

	lang      string
	themeMode string // "auto" or a theme name
	themeName string // the theme in use
	noColor   bool
	title     string
	phrases   []string

	panel    Panel
	voice    voicebar.Model
	search   *navsearch.Model
	help     help.Model
	showHelp bool

	paused   bool
	speedIdx int
	tickGen  int
	ticks    int

	feed    []feedItem
	seq     int
	explain *feedItem
	// explainTicks counts down how long the explanation stays (in ticks,
	// so it outlives fast time and freezes while paused).
	explainTicks int
	notice       string
	noticeWarn   bool
	noticeTicks  int

	power     []float64 // battery kW, one sample per simulated second
	powerAcc  float64
	powerN    int
	lastLabel string

	// Manual driving: a press holds the pedal for a few ticks, refreshed
	// by auto-repeat; with key-release events it holds until release.
	accelTicks, brakeTicks int
	accelHeld, brakeHeld   bool
	// brakeLevel is the brake pedal the held key has pressed so far.
	brakeLevel float64
	releases   bool

	player    chime.Player
	openAudio func() chime.Player
	audio     string
	closed    bool
	opening   *audioOpening // the sound output opening in a Cmd; nil without OpenAudio
	quitting  bool

	// The automation HMI: the state after the last step (its transitions
	// sound the takeover tones), the question "engage L3?", the event that
	// explains the current request (the banner's second line), "I have
	// control" heard during it, and the acknowledgement after a takeover.
	autoState   automation.State
	autoTone    bool // a takeover tone sounded after the last step
	alertBudget float64
	alertEv     *sim.Event
	heard       bool
	ackTicks    int
	// ackEv is the takeover the acknowledgement shows: its time, or, when
	// the core graded it a warning (the car had to stop itself first),
	// its own sentence instead of a success.
	ackEv      sim.Event
	steerTicks int
	steerHeld  bool
	// muted silences sounds while time is skipped (a drill's preroll and
	// fast-forward): nobody should hear ten minutes of chimes at once.
	muted bool

	phone phoneTask
	// park is the Parking panel's state (update_parking.go).
	park parkingUI
	// insp is the Signals panel, the signal inspector (update_signals.go);
	// setSeq numbers its writes, so their results find it.
	insp   *inspector.Model
	setSeq session.SetID
	// controls are the run-time controls; pal is the command palette over
	// them while it is open (built in the UI's language when opened).
	controls []scenario.Control
	pal      *palette.Model
	// palID and palName are the control applied and not yet answered.
	palID   session.SetID
	palName string
	// timeline is the replay's scrubber, shown instead of the voice bar
	// while a recording plays (nil otherwise); stopAt is where the
	// recording ends, so playing stops there.
	timeline *timeline.Model
	stopAt   sim.Millis
	// captureDir is Options.CaptureDir.
	captureDir string
	// noQuit is Options.NoQuit; quitToMenu is Options.QuitToMenu; big is
	// Options.Big.
	noQuit, quitToMenu bool
	big                bool
}

// feedMax bounds the notifications kept.
const feedMax = 60

// New builds a cockpit. It does no I/O: assets come in through Options.
func New(o Options) *Model {
	m := &Model{
		sim:       o.Session,
		signals:   o.Signals,
		themes:    o.Themes,
		tables:    o.Tables,
		lang:      o.Lang,
		noColor:   o.NoColor,
		title:     o.Title,
		phrases:   o.Phrases,
		paused:    o.Paused,
		player:    o.Player,
		openAudio: o.OpenAudio,
		voice:     voicebar.New(),
		search:    navsearch.New(o.Session.Map()),
		insp:      inspector.New(o.Session.Signals()),
		help:      help.New(),
		controls:  o.Controls,

		captureDir: o.CaptureDir,
		noQuit:     o.NoQuit,
		quitToMenu: o.QuitToMenu,
		big:        o.Big,
	}
	for i, sp := range Speeds {
		if sp == o.Speed {
			m.speedIdx = i
		}
	}
	if m.tables[m.lang] == nil {
		m.lang = "en"
	}
	m.hmi = takeoverHMI(o.Session, o.HMI)
	if v, ok := m.sim.Voice().(sayable); ok {
		m.asst = v
	}
	m.themeMode = o.Theme
	if m.themeMode == "" {
		m.themeMode = "auto"
	}
	if m.player == nil {
		m.player = chime.Silent{Short: "starting"}
		if m.openAudio == nil {
			m.player = chime.Silent{Short: "audio off"}
		} else {
			m.opening = newAudioOpening()
		}
	}
	m.audio = m.player.Name()
	m.autoState = m.sim.State().Automation.State
	m.ctx.Width, m.ctx.Height = o.Width, o.Height
	m.applyLang()
	m.applyTheme()
	for m.sim.State().Time < o.Preroll && !m.sim.State().Ended {
		m.advance(stepsPerTick * Speeds[len(Speeds)-1])
	}
	st := m.sim.State()
	m.search.SetOrigin(st.X, st.Y)
	m.syncParking()
	m.syncLabels()
	m.observeSignals(true) // the inspector's first values
	return m
}

// Init opens the sound output and starts the clock unless paused.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if m.openAudio != nil && m.opening != nil {
		cmds = append(cmds, m.opening.cmd(m.openAudio))
	}
	if !m.paused {
		cmds = append(cmds, m.tick())
	}
	return tea.Batch(cmds...)
}

// tickMsg advances the simulation. gen discards ticks from before a pause,
// so resuming never runs two clocks.
type tickMsg struct{ gen int }

func (m *Model) tick() tea.Cmd {
	gen := m.tickGen
	return tea.Tick(TickInterval, func(time.Time) tea.Msg { return tickMsg{gen} })
}

// State is the drive's current state (read-only).
func (m *Model) State() *sim.State { return m.sim.State() }

// Panel is the panel shown.
func (m *Model) Panel() Panel { return m.panel }

// Lang is the UI language.
func (m *Model) Lang() string { return m.lang }

// ThemeName is the theme in use (after resolving auto).
func (m *Model) ThemeName() string { return m.themeName }

// Paused reports whether time is stopped.
func (m *Model) Paused() bool { return m.paused }

// Speed is the time multiplier.
func (m *Model) Speed() int { return Speeds[m.speedIdx] }

// Transcript is the voice conversation so far.
func (m *Model) Transcript() []voicebar.Line { return m.voice.Transcript() }

// applyLang rebuilds what depends on the language: the keymap's help texts
// and the assistant's see-and-say labels.
func (m *Model) applyLang() {
	m.ctx.Tr = m.tables[m.lang]
	m.ctx.Keys = keys.New(m.ctx.Tr)
	if m.noQuit {
		// A kiosk visitor cannot quit: the footer and the help must not
		// offer it (a disabled binding is left out of both).
		m.ctx.Keys.Quit.SetEnabled(false)
	}
	if m.quitToMenu {
		m.ctx.Keys.Quit.SetHelp("q", m.ctx.Tr.T("key.quit_menu"))
	}
	m.lastLabel = ""
}

// applyTheme resolves the theme mode (auto follows the drive's daylight,
// as production cockpits follow the light sensor) and rebuilds the styles
// when the theme changes.
func (m *Model) applyTheme() {
	name := m.themeMode
	if name == "auto" {
		name = "day"
		if m.sim.State().Conditions.Night {
			name = "night"
		}
	}
	if m.themes[name] == nil {
		name = "night"
	}
	if name == m.themeName && m.ctx.Styles != nil {
		return
	}
	m.themeName = name
	m.ctx.Styles = theme.New(m.themes[name], m.noColor)
	s := m.ctx.Styles
	m.help.Styles.ShortKey = s.Key
	m.help.Styles.ShortDesc = s.KeyDesc
	m.help.Styles.ShortSeparator = s.Faint
	m.help.Styles.FullKey = s.Key
	m.help.Styles.FullDesc = s.KeyDesc
	m.help.Styles.FullSeparator = s.Faint
	m.help.Styles.Ellipsis = s.Faint
}
