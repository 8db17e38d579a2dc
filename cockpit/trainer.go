package cockpit

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/capture"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/progress"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// Drill is one drill of the curriculum.
type Drill struct {
	// ID names it in the progress record: the file name without
	// extension ("01-planned-exit").
	ID       string
	Scenario *scenario.Scenario
}

// TrainerOptions configure `cockpit drill`.
type TrainerOptions struct {
	// Drills in curriculum order (rising difficulty); required.
	Drills []Drill
	// Themes, Tables, Lang, Theme and NoColor as for Options.
	Themes  map[string]*theme.Theme
	Tables  map[string]*i18n.Table
	Lang    string
	Theme   string
	NoColor bool
	// NewVoice gives each attempt a fresh voice layer (nil: no voice).
	NewVoice func(sc *scenario.Scenario) session.Voice
	// Signals is the signal catalogue each attempt's session reads and
	// writes (nil: none).
	Signals *signal.Catalog
	// Progress is the record loaded before the program started (nil: an
	// empty one); ProgressPath is where attempts are saved ("" = nowhere).
	Progress     *progress.Progress
	ProgressPath string
	// Moved, when set, says the record was unreadable and moved aside:
	// the curriculum tells the user where it went.
	Moved *progress.Moved
	// Player or OpenAudio as for Options; one output serves every drill.
	Player    chime.Player
	OpenAudio func() chime.Player
	// Width and Height before the terminal reports its size (tests).
	Width, Height int
	// Start completes the description of an attempt's session for its
	// recording (the scenario's file and hash, the program's version);
	// nil keeps the trainer's own.
	Start func(d Drill, st session.Start) session.Start
	// HMI is the takeover HMI every attempt is driven with (--hmi FILE);
	// nil: the shipped one.
	HMI *hmi.Takeover
	// Now stamps saved attempts; it is called from the save Cmd, never
	// from Update (nil: time.Now).
	Now func() time.Time
	// CaptureDir is where the capture key writes its pictures, as for
	// Options.
	CaptureDir string
}

type trainerScreen int

const (
	screenCurriculum trainerScreen = iota
	screenPlaying
	screenDebrief
)

// Trainer is the root model of `cockpit drill`: the curriculum, a drill
// played in the cockpit (a Model it owns), and the debrief.
type Trainer struct {
	o      TrainerOptions
	ctx    common.Context
	help   help.Model
	lang   string
	screen trainerScreen
	sel    int

	cur     *Model
	curIdx  int
	trainee bool

	result   *drill.Result
	timeline drill.Timeline
	newBest  bool
	early    bool

	prog   *progress.Progress
	notice string
	warn   bool
	player chime.Player
	audio  string
	closed bool
	// opening is the sound output opening in a Cmd (nil without
	// OpenAudio); Close closes its player if it never arrived.
	opening *audioOpening
	// attempts are the drills played, oldest first (at most
	// attemptsKept), for their recordings.
	attempts []*session.Session
	leaving  bool
	// saveErr is why the last save of the record failed; it stays on the
	// curriculum and debrief screens until a later save succeeds (each
	// save writes the whole record, so one success saves every attempt).
	saveErr error
	// pending counts saves started whose result has not come back: the
	// program may end before they do.
	pending int
}

// NewTrainer builds the drill trainer. It does no I/O.
func NewTrainer(o TrainerOptions) *Trainer {
	t := &Trainer{o: o, lang: o.Lang, help: help.New(), prog: o.Progress, player: o.Player}
	if t.prog == nil {
		t.prog = progress.New()
	}
	if t.o.Tables[t.lang] == nil {
		t.lang = "en"
	}
	if t.player == nil {
		t.player = chime.Silent{Short: "starting"}
		if o.OpenAudio == nil {
			t.player = chime.Silent{Short: "audio off"}
		} else {
			t.opening = newAudioOpening()
		}
	}
	t.audio = t.player.Name()
	t.ctx.Width, t.ctx.Height = o.Width, o.Height
	t.applyLang()
	if o.Moved != nil {
		t.notice, t.warn = t.ctx.F("drill.corrupt", "path", o.Moved.To), true
	}
	// Start on the first drill not yet tried: where a returning trainee
	// left off.
	for i, d := range o.Drills {
		if t.prog.Drills[d.ID] == nil {
			t.sel = i
			break
		}
	}
	return t
}

// applyLang rebuilds the strings, keymap and styles of the trainer's own
// screens (the cockpit of a drill has its own).
func (t *Trainer) applyLang() {
	t.ctx.Tr = t.o.Tables[t.lang]
	t.ctx.Keys = keys.New(t.ctx.Tr)
	name := t.o.Theme
	if t.o.Themes[name] == nil {
		name = "night"
	}
	t.ctx.Styles = theme.New(t.o.Themes[name], t.o.NoColor)
	s := t.ctx.Styles
	t.help.Styles.ShortKey = s.Key
	t.help.Styles.ShortDesc = s.KeyDesc
	t.help.Styles.ShortSeparator = s.Faint
	t.help.Styles.Ellipsis = s.Faint
}

// Init opens the sound output (one for every drill).
func (t *Trainer) Init() tea.Cmd {
	if t.o.OpenAudio != nil && t.opening != nil {
		return t.opening.cmd(t.o.OpenAudio)
	}
	return nil
}

// progressSavedMsg reports a save of the record, done in a Cmd.
type progressSavedMsg struct {
	id  string
	at  time.Time
	err error
}

// Update routes messages: the window size and the sound output to every
// part, keys by screen, everything else to the drill being played.
func (t *Trainer) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.ctx.Width, t.ctx.Height = msg.Width, msg.Height
	case audioReadyMsg:
		if t.opening != nil {
			t.opening.adopted = true
		}
		if t.closed {
			_ = msg.p.Close()
			return t, nil
		}
		t.player, t.audio = msg.p, msg.p.Name()
		if t.cur != nil {
			t.cur.player, t.cur.audio = msg.p, msg.p.Name()
		}
		return t, nil
	case progressSavedMsg:
		t.pending = max(t.pending-1, 0)
		t.saveErr = msg.err
		if msg.err != nil {
			t.notice, t.warn = t.ctx.F("drill.save_failed", "err", msg.err.Error()), true
		} else {
			if d := t.prog.Drills[msg.id]; d != nil {
				d.LastAt = msg.at
			}
			t.notice, t.warn = t.ctx.T("drill.saved"), false
		}
		return t, nil
	case capturedMsg:
		if t.screen == screenPlaying && t.cur != nil {
			t.cur.onCaptured(msg)
		} else if msg.err != nil {
			t.notice, t.warn = t.ctx.F("capture.failed", "err", captureError(msg.err)), true
		} else {
			t.notice, t.warn = t.ctx.F("capture.done", "path", msg.path), false
		}
		return t, nil
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return t, t.quit()
		}
		if key.Matches(msg, t.ctx.Keys.Capture) {
			return t, t.captureJob().cmd()
		}
		switch t.screen {
		case screenCurriculum:
			return t, t.curriculumKey(msg)
		case screenDebrief:
			return t, t.debriefKey(msg)
		}
		if t.cur != nil && key.Matches(msg, t.ctx.Keys.DrillEnd) && !t.cur.voice.Focused() &&
			!t.cur.search.Focused() && t.cur.asking() == sim.ConfirmNone && !t.cur.showHelp {
			return t, t.finish()
		}
	}
	if t.screen != screenPlaying || t.cur == nil {
		if size, ok := msg.(tea.WindowSizeMsg); ok && t.cur != nil {
			t.cur.Update(size)
		}
		return t, nil
	}
	_, cmd := t.cur.Update(msg)
	if t.cur.quitting {
		return t, t.quit()
	}
	if t.cur.DrillDone() {
		return t, t.finish()
	}
	return t, cmd
}

// captureJob prepares a capture of the trainer's screen as it is now: the
// drill's cockpit while one plays, else the curriculum or the debrief.
func (t *Trainer) captureJob() captureJob {
	if t.screen == screenPlaying && t.cur != nil {
		job := t.cur.captureJob()
		job.dir = t.o.CaptureDir
		return job
	}
	name := t.o.Theme
	if t.o.Themes[name] == nil {
		name = "night" // as applyLang draws it
	}
	panel := "drills"
	if t.screen == screenDebrief {
		panel = "debrief"
	}
	return captureJob{frame: t.Render(), opts: capture.OptionsFor(t.o.Themes[name]), dir: t.o.CaptureDir, panel: panel}
}

func (t *Trainer) quit() tea.Cmd {
	t.leaving = true
	return tea.Quit
}

func (t *Trainer) curriculumKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.ctx.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return t.quit()
	case msg.Code == tea.KeyUp:
		t.sel = max(t.sel-1, 0)
	case msg.Code == tea.KeyDown:
		t.sel = min(t.sel+1, len(t.o.Drills)-1)
	case key.Matches(msg, k.Lang):
		t.setLang(i18n.Other(t.lang))
	case key.Matches(msg, k.DrillDrive):
		return t.start(t.sel, true)
	case key.Matches(msg, k.DrillWatch):
		return t.start(t.sel, false)
	}
	return nil
}

func (t *Trainer) debriefKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.ctx.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return t.quit()
	case key.Matches(msg, k.Lang):
		t.setLang(i18n.Other(t.lang))
	case key.Matches(msg, k.DrillRetry):
		return t.start(t.curIdx, t.trainee)
	case key.Matches(msg, k.DrillBack):
		t.screen = screenCurriculum
		t.cur = nil
		if t.result != nil && t.result.Total >= passScore && t.sel < len(t.o.Drills)-1 {
			t.sel++ // passed: the next drill is the natural next step
		}
	}
	return nil
}

// passScore is the score from which the curriculum moves its cursor on to
// the next drill after the debrief (design: most of the rubric met).
const passScore = 80

func (t *Trainer) setLang(lang string) {
	if t.o.Tables[lang] == nil {
		return
	}
	t.lang = lang
	t.applyLang()
	if t.cur != nil {
		t.cur.setLang(lang)
	}
}

// start opens drill i in the cockpit, already at the moment the automation
// engages, with time running at 10× until the car first needs the driver.
func (t *Trainer) start(i int, trainee bool) tea.Cmd {
	if i < 0 || i >= len(t.o.Drills) {
		return nil
	}
	d := t.o.Drills[i]
	sc := d.Scenario
	drill := session.DrillWatch
	if trainee {
		drill = session.DrillTrainee
	}
	su := session.ScenarioSetup(sc, drill, nil)
	su.Start.Scenario, su.Start.Lang = d.ID, t.lang
	su.Signals, su.HMI = t.o.Signals, t.o.HMI
	if t.o.NewVoice != nil {
		su.Voice = t.o.NewVoice(sc)
	}
	if t.o.Start != nil {
		su.Start = t.o.Start(d, su.Start)
	}
	s, err := session.New(su)
	if err != nil {
		t.notice, t.warn = err.Error(), true
		return nil
	}
	title := t.drillName(sc)
	m := New(Options{
		Session: s, Themes: t.o.Themes, Tables: t.o.Tables, Lang: t.lang,
		Theme: t.o.Theme, NoColor: t.o.NoColor, Title: title, Paused: true,
		Width: t.ctx.Width, Height: t.ctx.Height, Player: t.player,
	})
	m.audio = t.audio
	m.PrerollDrill()
	m.speedIdx = len(Speeds) - 1
	mode := "drill.playing_watch"
	if trainee {
		mode = "drill.playing_you"
	}
	m.say(mode, false)
	m.noticeTicks = explainTicksDefault
	t.cur, t.curIdx, t.trainee = m, i, trainee
	t.screen = screenPlaying
	t.result, t.notice = nil, ""
	return m.setPaused(false)
}

// finish ends the drill: the rest plays out silently to where `cockpit
// run` stops, the score is recorded and saved (in a Cmd), and the debrief
// shows.
func (t *Trainer) finish() tea.Cmd {
	m := t.cur
	m.setPaused(true)
	t.early = !m.DrillDone()
	t.keepAttempt(m.sim)
	t.result = m.FinishDrill()
	t.timeline = m.DrillTimeline()
	t.screen = screenDebrief
	id := t.o.Drills[t.curIdx].ID
	t.newBest = false
	switch {
	case !t.trainee:
		// The scripted driver's score is not the learner's.
		t.notice, t.warn = t.ctx.T("drill.not_saved_watch"), false
		return nil
	case t.early:
		// A drill left before its end is no attempt to keep.
		t.notice, t.warn = t.ctx.T("drill.not_saved_early"), false
		return nil
	}
	t.newBest = t.prog.Record(id, t.result.Total, time.Time{})
	if t.o.ProgressPath == "" {
		return nil
	}
	t.pending++
	return saveProgress(t.o.ProgressPath, id, t.prog.Clone(), t.o.Now)
}

// saveProgress writes a snapshot of the record: the Cmd owns the copy, so
// the UI goes on while the disk works, and nothing in the model changes
// outside Update.
func saveProgress(path, id string, snap *progress.Progress, now func() time.Time) tea.Cmd {
	if now == nil {
		now = time.Now
	}
	return func() tea.Msg {
		at := now().UTC().Truncate(time.Second)
		if d := snap.Drills[id]; d != nil {
			d.LastAt = at
		}
		return progressSavedMsg{id: id, at: at, err: progress.Save(path, snap)}
	}
}

// Close releases the sound output; call it once the program has ended.
func (t *Trainer) Close() error {
	t.closed = true
	err := t.opening.closeUnadopted()
	if t.player == nil {
		return err
	}
	return errors.Join(t.player.Close(), err)
}

// Unsaved says whether the record holds attempts not known to be on disk:
// a save failed and none succeeded since, or one had not finished when the
// program ended.
func (t *Trainer) Unsaved() bool {
	return t.o.ProgressPath != "" && (t.saveErr != nil || t.pending > 0)
}

// SaveUnsaved writes the record once more when Unsaved, so an attempt is
// not lost to a save that failed earlier (a full disk since cleared) or
// was cut short by the program's end. It is I/O: call it once the program
// has ended, never from Update. The error says plainly what was lost.
func (t *Trainer) SaveUnsaved() error {
	if !t.Unsaved() {
		return nil
	}
	if err := progress.Save(t.o.ProgressPath, t.prog); err != nil {
		return fmt.Errorf("the drill scores of this session were NOT saved to %s: %w", t.o.ProgressPath, err)
	}
	t.saveErr, t.pending = nil, 0
	return nil
}

// Unfinished names the drill the trainee was driving when the program
// ended, "" when none: it was left before its end, so it has no score.
func (t *Trainer) Unfinished() string {
	if t.screen != screenPlaying || t.cur == nil || !t.trainee {
		return ""
	}
	return t.drillName(t.o.Drills[t.curIdx].Scenario)
}

// attemptsKept bounds the attempts a trainer keeps for recordings.
const attemptsKept = 10

func (t *Trainer) keepAttempt(s *session.Session) {
	for _, a := range t.attempts {
		if a == s {
			return
		}
	}
	t.attempts = append(t.attempts, s)
	if len(t.attempts) > attemptsKept {
		t.attempts = t.attempts[1:]
	}
}

// Attempts are the sessions of the drills played so far, oldest first,
// the one playing now included (ended early at quitting).
func (t *Trainer) Attempts() []*session.Session {
	if t.cur != nil {
		t.keepAttempt(t.cur.sim)
	}
	return t.attempts
}

// Result is the last drill's score (nil before any).
func (t *Trainer) Result() *drill.Result { return t.result }

// Progress is the record as the trainer keeps it.
func (t *Trainer) Progress() *progress.Progress { return t.prog }

func (t *Trainer) drillName(sc *scenario.Scenario) string {
	return t.ctx.Tr.Pick(sc.Name, sc.NameZH)
}
