package cockpit

import (
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/timeline"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// ReplayOptions configure `cockpit replay`.
type ReplayOptions struct {
	// Cockpit is how the cockpit looks (themes, tables, language, theme,
	// title, sound, size); its Session is ignored.
	Cockpit Options
	// Recording is the drive to replay; required.
	Recording *session.Recording
	// NewSession starts the recording's drive again from its beginning
	// (session.Replay with the setup its Start describes); required.
	// Seeking back re-simulates from the start with it, so every panel
	// shows the exact state of the instant sought.
	NewSession func() (*session.Session, error)
	// OpenAt is where the replay opens (the preroll of a cockpit drive).
	OpenAt sim.Millis
}

// Replay is the root model of `cockpit replay`: the cockpit, read-only,
// playing a recording, with a timeline of the whole drive to scrub. `t`
// takes over: from then on it is a live cockpit drive from that instant.
type Replay struct {
	o    ReplayOptions
	cur  *Model
	tl   timeline.Model
	live bool
	// liveAt is the instant the user took over.
	liveAt   sim.Millis
	dragging bool
}

// ErrReplayNeedsSession: NewReplay was given no way to start the drive.
var ErrReplayNeedsSession = errors.New("cockpit: a replay needs its recording and a way to start its drive")

// NewReplay checks the recording by playing it once to its end (it must
// log what the recording logged) and opens the cockpit at OpenAt.
func NewReplay(o ReplayOptions) (*Replay, error) {
	if o.Recording == nil || o.NewSession == nil {
		return nil, ErrReplayNeedsSession
	}
	whole, err := o.NewSession()
	if err != nil {
		return nil, err
	}
	if err := whole.Verify(o.Recording); err != nil {
		return nil, err
	}
	r := &Replay{o: o}
	r.tl = timeline.Model{Length: o.Recording.End, Marks: marksOf(whole.Log())}
	m, err := r.fresh(nil)
	if err != nil {
		return nil, err
	}
	r.cur = m
	r.cur.fastForward(min(o.OpenAt, r.tl.Length))
	r.tl.Cursor = r.cur.State().Time
	return r, nil
}

// marksOf picks the events worth a mark on the timeline: every warning
// and critical event, and the moments a reader looks for (a route, what
// the driver said, the automation engaging, arrival, charging).
func marksOf(log []sim.Event) []timeline.Mark {
	var marks []timeline.Mark
	for _, ev := range log {
		if ev.Kind.Detail() || ev.Kind == scenario.EventReply {
			continue
		}
		mk := timeline.Mark{At: ev.At}
		switch ev.Severity {
		case sim.SeverityCritical:
			mk.Severity = timeline.Critical
		case sim.SeverityWarn:
			mk.Severity = timeline.Warn
		default:
			switch string(ev.Kind) {
			case string(sim.EventRoutePlanned), string(sim.EventArrived), string(sim.EventChargingStarted),
				string(scenario.EventSaid), string(scenario.EventNote), automation.EventEngaged, automation.EventTakeover:
			default:
				continue
			}
		}
		switch string(ev.Kind) {
		case automation.EventTakeoverRequested, automation.EventTakeover, automation.EventMRM, automation.EventL2Prompt:
			mk.Takeover = true
		}
		marks = append(marks, mk)
	}
	return marks
}

// fresh opens a new cockpit on the drive from its start, read-only, with
// what the user chose in prev (panel, language, theme, speed, sound).
func (r *Replay) fresh(prev *Model) (*Model, error) {
	s, err := r.o.NewSession()
	if err != nil {
		return nil, err
	}
	o := r.o.Cockpit
	o.Session, o.Paused, o.Preroll = s, true, 0
	if prev != nil {
		o.Lang, o.Theme, o.Player, o.OpenAudio = prev.lang, prev.themeMode, prev.player, nil
		o.Width, o.Height = prev.ctx.Width, prev.ctx.Height
	}
	m := New(o)
	m.timeline, m.stopAt = &r.tl, r.tl.Length
	m.voice.SetHint("replay.transcript") // a replay has no voice bar
	if prev != nil {
		m.panel, m.speedIdx, m.audio, m.releases = prev.panel, prev.speedIdx, prev.audio, prev.releases
		m.tickGen = prev.tickGen + 1 // a tick of the old cockpit in flight is ignored
	}
	return m, nil
}

// seekChunk is how many steps a seek plays between the cockpit's per-tick
// upkeep: as many as a tick at 10×, so what fades by ticks (the
// explanation line, notices) is where playing at 10× would leave it.
const seekChunk = stepsPerTick * 10

// fastForward plays the drive silently up to t.
func (m *Model) fastForward(t sim.Millis) {
	m.muted = true
	for {
		before := m.sim.State().Time
		left := int((t - before) / sim.Step)
		if left <= 0 {
			break
		}
		m.advance(min(left, seekChunk))
		if m.sim.State().Time == before {
			break // the drive stopped (a drill at its end)
		}
	}
	m.muted = false
}

// Cockpit is the cockpit shown now.
func (r *Replay) Cockpit() *Model { return r.cur }

// Session is the drive shown now: after a takeover, the live drive whose
// recording holds the replayed inputs and the user's own.
func (r *Replay) Session() *session.Session { return r.cur.sim }

// Live reports whether the user has taken over.
func (r *Replay) Live() bool { return r.live }

// Close releases the sound output.
func (r *Replay) Close() error { return r.cur.Close() }

// Init starts the sound output; the replay opens paused.
func (r *Replay) Init() tea.Cmd { return r.cur.Init() }

// Update routes messages: while the recording plays, only the replay's own
// keys and the display keys work (it is read-only); after a takeover the
// cockpit gets everything.
func (r *Replay) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if r.live {
		_, cmd := r.cur.Update(msg)
		return r, cmd
	}
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		cmd = r.handleKey(msg)
	case tea.MouseClickMsg:
		cmd = r.handleClick(msg)
	case tea.MouseMotionMsg:
		if r.dragging && msg.Button == tea.MouseLeft {
			cmd = r.seekToColumn(msg.X)
		}
	case tea.MouseReleaseMsg:
		r.dragging = false
	case tea.MouseWheelMsg, tea.PasteMsg, tea.KeyReleaseMsg:
		// read-only: nothing to scroll, type or release
	default:
		_, cmd = r.cur.Update(msg)
	}
	r.tl.Cursor = r.cur.State().Time
	if !r.cur.paused && r.tl.Cursor >= r.tl.Length {
		r.cur.setPaused(true) // the end of the recording
	}
	return r, cmd
}

// View is the cockpit's.
func (r *Replay) View() tea.View { return r.cur.View() }

// Render returns the screen as text, for tests and captures.
func (r *Replay) Render() string { return r.cur.Render() }

// seekSmall and seekLarge are the arrow keys' steps.
const (
	seekSmall = 10 * 1000
	seekLarge = 60 * 1000
)

func (r *Replay) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	m := r.cur
	k := m.ctx.Keys
	now := m.State().Time
	if key.Matches(msg, k.Capture) { // the instant shown, named by it
		job := m.captureJob()
		job.replay, job.at = true, now
		return job.cmd()
	}
	if m.showHelp {
		_, cmd := m.Update(msg) // any key closes the overlay
		return cmd
	}
	switch {
	case msg.String() == "ctrl+c" || key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.ReplayPlay):
		if now >= r.tl.Length {
			return nil
		}
		return m.setPaused(!m.paused)
	case key.Matches(msg, k.SeekBackLong):
		return r.seek(now - seekLarge)
	case key.Matches(msg, k.SeekForwardLong):
		return r.seek(now + seekLarge)
	case key.Matches(msg, k.SeekBack):
		return r.seek(now - seekSmall)
	case key.Matches(msg, k.SeekForward):
		return r.seek(now + seekSmall)
	case key.Matches(msg, k.NextEvent), key.Matches(msg, k.NextTakeover):
		if t, ok := r.tl.Next(now, key.Matches(msg, k.NextTakeover)); ok {
			return r.seek(t)
		}
	case key.Matches(msg, k.PrevEvent), key.Matches(msg, k.PrevTakeover):
		takeover := key.Matches(msg, k.PrevTakeover)
		if t, ok := r.tl.Prev(now, takeover); ok {
			return r.seek(t)
		}
		if !takeover {
			return r.seek(0) // before the first event: the start
		}
	case key.Matches(msg, k.TakeOver):
		return r.takeOver()
	case key.Matches(msg, k.Drive), key.Matches(msg, k.Nav), key.Matches(msg, k.Cabin), key.Matches(msg, k.Vehicle),
		key.Matches(msg, k.Parking), key.Matches(msg, k.Signals), key.Matches(msg, k.NextPanel), key.Matches(msg, k.Lang),
		key.Matches(msg, k.Help), key.Matches(msg, k.Faster), key.Matches(msg, k.Slower):
		return m.handleCockpitKey(msg)
	}
	return nil
}

// handleClick seeks on the timeline (and starts a drag there); the tabs
// still switch panels. Nothing else on the screen acts while replaying.
func (r *Replay) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	m := r.cur
	if m.showHelp || msg.Button != tea.MouseLeft {
		return m.handleClick(msg)
	}
	g := m.layout()
	switch msg.Y {
	case g.inputY:
		r.dragging = true
		return r.seekToColumn(msg.X)
	case 0:
		return m.handleClick(msg)
	}
	return nil
}

func (r *Replay) seekToColumn(x int) tea.Cmd {
	x0, w := r.cur.timelineSpan(r.cur.ctx.Width)
	return r.seek(r.tl.TimeAt(x-x0, w))
}

// seek shows the drive at t: forward by playing on silently, backward by
// playing again from the start, so the state is exactly that instant's.
func (r *Replay) seek(t sim.Millis) tea.Cmd {
	t = min(max(t-t%sim.Step, 0), r.tl.Length)
	playing := !r.cur.paused
	if t < r.cur.State().Time {
		m, err := r.fresh(r.cur)
		if err != nil {
			r.cur.say("replay.error", true, "err", err.Error())
			return nil
		}
		r.cur = m
	}
	r.cur.fastForward(t)
	r.cur.player.Stop(chime.TakeoverStage1)
	r.cur.player.Stop(chime.TakeoverStage2)
	r.tl.Cursor = r.cur.State().Time
	if playing && r.cur.paused && t < r.tl.Length {
		return r.cur.setPaused(false)
	}
	return nil
}

// takeOver makes the replay a live drive from the current instant: the
// recording's later inputs are dropped and the keys drive the car.
func (r *Replay) takeOver() tea.Cmd {
	m := r.cur
	r.live, r.liveAt = true, m.State().Time
	m.sim.TakeOver()
	m.timeline, m.stopAt = nil, 0
	m.voice.SetHint("")
	m.lastLabel = ""
	m.syncLabels()
	m.say("replay.taken", false, "at", r.liveAt.Clock())
	m.noticeTicks = explainTicksDefault
	return m.setPaused(false)
}

// timelineSpan is where the bar goes on the timeline line: after the
// current time, before the length and the play state.
func (m *Model) timelineSpan(w int) (x0, width int) {
	left := widget.Width(" " + m.State().Time.Clock() + " ")
	right := widget.Width(" "+m.timeline.Length.Clock()+" ") + m.timelineStatusWidth()
	return left, max(w-left-right, 1)
}

// timelineStatusWidth is the room kept for the play state (the widest of
// its texts), so the bar does not jump when it changes.
func (m *Model) timelineStatusWidth() int {
	w := 0
	for _, s := range []string{m.ctx.F("replay.playing", "speed", "10"), m.ctx.T("replay.paused"), m.ctx.T("replay.end")} {
		w = max(w, widget.Width(s))
	}
	return w + 1
}

// renderTimeline draws the replay's line: the time shown, the bar of the
// whole drive with its events, the drive's length and whether it plays.
func (m *Model) renderTimeline(w int) string {
	s := m.ctx.Styles
	tl := m.timeline
	_, bw := m.timelineSpan(w)
	status := m.ctx.F("replay.playing", "speed", itoa(m.Speed()))
	switch {
	case m.State().Time >= tl.Length:
		status = m.ctx.T("replay.end")
	case m.paused:
		status = m.ctx.T("replay.paused")
	}
	line := s.Bold.Render(" "+m.State().Time.Clock()+" ") + tl.View(&m.ctx, bw) +
		s.Muted.Render(" "+tl.Length.Clock()+" ") + s.Accent.Render(status)
	return widget.Fit(line, w)
}
