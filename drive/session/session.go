// Package session owns one drive: the simulation, the scenario's script and
// scripted driver, the voice layer, the drill recorder, the event log and the
// log of inputs. Every front end drives a car through a Session: the cockpit
// (TUI), `cockpit run`, `cockpit drill` and `cockpit replay` give it the same
// inputs (pedals, steering, the driver's body, commands, utterances) and
// render the state and events it returns. None of them steps the sim or
// decides a rule of the car itself.
//
// A session is deterministic and does no I/O: the same Setup and the same
// inputs at the same instants give the same event log byte for byte, which
// is what makes a recording (see Recording) replayable.
package session

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// DrillMode says whether a scenario is played as a handover drill, and who
// drives it.
type DrillMode int

// Drill modes.
const (
	// NoDrill: an ordinary drive (or a scenario run that is not scored as
	// a drill by the cockpit).
	NoDrill DrillMode = iota
	// DrillWatch: the scenario's scripted driver drives the drill, exactly
	// as `cockpit run` does; the score is recorded.
	DrillWatch
	// DrillTrainee: the user is the driver. The script sets the scene,
	// including the scripted driver's body until the car first asks for
	// attention (hands off, the phone picked up); from then on only the
	// world's events play and the user's inputs answer the request.
	DrillTrainee
)

// Setup is what a session starts from.
type Setup struct {
	// Config is the drive; with a Scenario it is ignored unless
	// UseConfig is set (Scenario.Config is used).
	Config sim.Config
	// UseConfig takes Config even with a Scenario (a front end that
	// changed the scenario's car or seed).
	UseConfig bool
	// Scenario, when set, plays its scripted events and its driver.
	Scenario *scenario.Scenario
	// Voice understands utterances (a Say input or a scripted `say:`);
	// nil records them without an answer.
	Voice Voice
	// Driver is the driver's body at the start; nil means the scenario's
	// initial driver, or sim.AttentiveDriver without a scenario.
	Driver *sim.DriverState
	// Drill plays Scenario as a drill (scored; the time limit ends it).
	Drill DrillMode
	// StopAtEnd makes Advance do nothing once the drive is over (ended, or
	// at the scenario's time limit), as `cockpit run` and drills stop; an
	// ordinary cockpit drive goes on advancing time after arrival.
	StopAtEnd bool
	// DropLog keeps only the count and digest of the events instead of
	// every event, for sessions that run for hours (a kiosk).
	DropLog bool
	// Signals, when set, is the catalogue ReadSignals and SetSignal use
	// (signal.Load of the asset tree).
	Signals *signal.Catalog
	// HMI is the takeover HMI (--hmi FILE) the drive uses, whatever its
	// Config or Scenario says; nil means the shipped one. It is the field
	// through which a session, a drill or a comparison swaps the HMI.
	HMI *hmi.Takeover
	// Start describes how the front end built this setup, so a replay
	// can build it again; it is written into the recording as it is.
	Start Start
}

// Turn is one utterance and the assistant's answer to it.
type Turn struct {
	// At is the instant the utterance was heard (the step it acts in).
	At sim.Millis
	// Scripted marks a scenario's `say:` (or a replayed Say input).
	Scripted bool
	Heard    Heard
	// Reply is the answer, worded after the car acted (nil until then).
	Reply *Reply
	// first is where Heard.Commands begin in the step's Inputs.Commands.
	first int
}

// Output is what one step produced.
type Output struct {
	// Events are the step's events in log order: scenario notes and
	// utterances before the drive loop's events, replies after them.
	// The slice is reused by the next Advance.
	Events []sim.Event
	// Turns are the utterances answered in this step (scripted ones, and
	// ones said before it whose commands it applied).
	Turns []Turn
	// Sets are the signal writes this step applied (SetSignal), each with
	// what the car did with it.
	Sets []SetResult
}

// Session is one drive. Create it with New; give it inputs between steps
// and move it on with Advance.
type Session struct {
	setup  Setup
	sim    *sim.Sim
	script *scenario.Script
	voice  Voice
	cfg    sim.Config
	limit  sim.Millis

	// The continuous controls, held until changed, and the edges and
	// commands queued for the next step.
	driver       sim.DriverState
	accel, brake float64
	steer        bool
	steerNm      float64
	lane         int
	pending      []sim.Command
	sets         []pendingSet // signal writes among pending
	waiting      []Turn       // said; their commands go in the next step

	// The drill: its recorder, whether the car has asked the trainee for
	// something yet, and when it has shown what it scores.
	rec        *scenario.DrillRecorder
	alerted    bool
	takeoverAt sim.Millis
	doneAt     sim.Millis

	log     []sim.Event
	count   int
	digest  hash.Hash
	jsonBuf []byte
	// replyEvs is causedBy's buffer, reused for every reply.
	replyEvs []sim.Event
	inputs   []Input
	schedule []Input // a replay's inputs still to come
	replay   bool

	// hmi is what the HMI showed after the last step (hmi.go).
	hmi hmiState

	out Output
	// consumed: the front end has the last step's Output, so the next
	// event starts a new one (events logged between steps, such as an
	// utterance heard, lead the next step's Output).
	consumed bool
}

// Errors of New.
var (
	// ErrNoDrive: neither a scenario nor a configuration with a profile
	// and a map.
	ErrNoDrive = errors.New("session: no scenario and no vehicle and map to drive")
	// ErrDrillNeedsScenario: a drill mode without a drill scenario.
	ErrDrillNeedsScenario = errors.New("session: a drill needs a drill scenario")
)

// New starts a session.
func New(su Setup) (*Session, error) {
	cfg := su.Config
	if su.Scenario != nil && !su.UseConfig {
		cfg = su.Scenario.Config
	}
	if su.HMI != nil {
		cfg.HMI = su.HMI
	}
	if cfg.Profile == nil || cfg.Map == nil {
		return nil, ErrNoDrive
	}
	if su.Drill != NoDrill && (su.Scenario == nil || su.Scenario.Drill == nil) {
		return nil, ErrDrillNeedsScenario
	}
	s, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	ss := &Session{setup: su, sim: s, voice: su.Voice, cfg: cfg, takeoverAt: -1, digest: sha256.New()}
	ss.driver = sim.AttentiveDriver
	if su.Scenario != nil {
		ss.script = scenario.NewScript(su.Scenario)
		ss.limit = su.Scenario.Limit
		ss.driver = su.Scenario.Initial
		if su.Scenario.Drill != nil {
			// Run scores every drill scenario; the cockpit only when
			// it plays one as a drill.
			if su.Drill != NoDrill || su.StopAtEnd {
				ss.rec = scenario.NewDrillRecorder(su.Scenario)
			}
		}
	}
	if su.Driver != nil {
		ss.driver = *su.Driver
	}
	if !su.DropLog {
		ss.log = make([]sim.Event, 0, 256)
	}
	return ss, nil
}

// State is the drive's state after the last step (read-only).
func (s *Session) State() *sim.State { return s.sim.State() }

// Map is the drive's map.
func (s *Session) Map() *world.Map { return s.sim.Map() }

// Profile is the car being driven.
func (s *Session) Profile() *vehicle.Profile { return s.sim.Profile() }

// Scenario is the scenario played (nil for a free drive).
func (s *Session) Scenario() *scenario.Scenario { return s.setup.Scenario }

// Config is the drive's configuration as the sim was built from it.
func (s *Session) Config() sim.Config { return s.cfg }

// DrillMode says whether and how a drill is played.
func (s *Session) DrillMode() DrillMode { return s.setup.Drill }

// Replaying reports whether the session still plays a recording's inputs.
func (s *Session) Replaying() bool { return s.replay }

// Driver is the driver's body as it is now (the user's and the script's
// changes together).
func (s *Session) Driver() sim.DriverState { return s.driver }

// SetDriver changes the driver's body from the next step on.
func (s *Session) SetDriver(d sim.DriverState) {
	if d == s.driver {
		return
	}
	s.driver = d
	s.logInput(Input{Kind: InputDriver, Driver: d})
}

// SetPedals holds the accelerator and brake at these positions (0..1)
// from the next step until changed.
func (s *Session) SetPedals(accel, brake float64) {
	if accel == s.accel && brake == s.brake {
		return
	}
	s.accel, s.brake = accel, brake
	s.logInput(Input{Kind: InputPedals, Accel: accel, Brake: brake})
}

// SetSteer holds (or releases) a steering input with a torque on the wheel
// (0 for an ordinary turn of the wheel) from the next step until changed.
func (s *Session) SetSteer(on bool, torqueNm float64) {
	if on == s.steer && torqueNm == s.steerNm {
		return
	}
	s.steer, s.steerNm = on, torqueNm
	s.logInput(Input{Kind: InputSteer, Steer: on, TorqueNm: torqueNm})
}

// ChangeLane asks for a lane change in the next step (-1 left, +1 right).
func (s *Session) ChangeLane(dir int) {
	if dir == 0 {
		return
	}
	s.lane = dir
	s.logInput(Input{Kind: InputLane, Lane: dir})
}

// Command queues commands for the next step.
func (s *Session) Command(cmds ...sim.Command) {
	for _, c := range cmds {
		s.pending = append(s.pending, c)
		s.logInput(Input{Kind: InputCommand, Command: c})
	}
}

// See tells the voice layer which labels are on screen (see-and-say).
func (s *Session) See(labels []Label) {
	s.logInput(Input{Kind: InputSee, Labels: cloneLabels(labels)})
	if s.voice != nil {
		s.voice.See(labels)
	}
}

// Say hands an utterance to the voice layer. The returned turn carries
// what was understood at once (the front end shows a panel, switches the
// language); its Reply is set now when the utterance asks the car for
// nothing, otherwise it comes with the Output of the step that applied
// its commands. Without a voice layer the turn has no reply.
func (s *Session) Say(text string) Turn { return s.say(text, false) }

// say logs and hears an utterance; one whose commands wait for the next
// step waits with them. replayed marks a recording's (shown like a
// scenario's).
func (s *Session) say(text string, replayed bool) Turn {
	s.logInput(Input{Kind: InputSay, Text: text})
	t := s.hear(text, replayed)
	if s.voice != nil && t.Reply == nil {
		s.waiting = append(s.waiting, t)
	}
	return t
}

// hear understands an utterance before the next step and answers it at
// once when it asks the car for nothing; otherwise the caller has the step
// that applies its commands answer it.
func (s *Session) hear(text string, scripted bool) Turn {
	st := s.sim.State()
	next := st.Time + sim.Step
	s.record(sim.Event{At: next, Kind: scenario.EventSaid, Subject: text, Msg: msg.New("session.said", msg.Text("text", text))})
	t := Turn{At: next, Scripted: scripted}
	if s.voice == nil {
		return t
	}
	t.Heard = s.voice.Hear(text, st)
	if len(t.Heard.Commands) == 0 {
		r := s.voice.Reply(t.Heard, nil, st)
		t.Reply = &r
		s.recordReply(st.Time+sim.Step, r)
	}
	return t
}

// causedBy is the step's events as turn t's reply reads them: Cause
// counts t's own commands from 1, and is 0 for every other event (another
// utterance's, a script's, the drive's).
func (s *Session) causedBy(evs []sim.Event, t *Turn) []sim.Event {
	s.replyEvs = append(s.replyEvs[:0], evs...)
	for i := range s.replyEvs {
		e := &s.replyEvs[i]
		if e.Cause > t.first && e.Cause <= t.first+len(t.Heard.Commands) {
			e.Cause -= t.first
		} else {
			e.Cause = 0
		}
	}
	return s.replyEvs
}

func (s *Session) recordReply(at sim.Millis, r Reply) {
	if r.Text != "" {
		s.record(sim.Event{At: at, Kind: scenario.EventReply, Subject: r.Text, Msg: msg.New("session.reply", msg.Text("text", r.Text))})
	}
}

// Over reports whether the drive is over: it ended (arrived, crashed,
// stranded) or reached the scenario's time limit.
func (s *Session) Over() bool {
	st := s.sim.State()
	return st.Ended || s.limit > 0 && st.Time >= s.limit
}

// Advance moves the drive on by one sim.Step with the inputs given since the
// last step (and, in a replay, the recorded inputs of this instant).
func (s *Session) Advance() *Output {
	s.fresh()
	s.advance()
	s.consumed = true // the next event starts a new Output
	return &s.out
}

// advance is one step of Advance.
func (s *Session) advance() {
	if s.setup.StopAtEnd && s.Over() {
		return
	}
	if s.replay {
		s.playDue()
	}
	st := s.sim.State()
	next := st.Time + sim.Step
	in := sim.Inputs{Accel: s.accel, Brake: s.brake, Steer: s.steer, SteerTorqueNm: s.steerNm, LaneChange: s.lane}
	s.lane = 0
	in.Commands = append(in.Commands, s.pending...)
	s.pending = s.pending[:0]
	sets := s.sets
	s.sets = nil
	turns := append([]Turn(nil), s.waiting...)
	s.waiting = s.waiting[:0]
	for i := range turns {
		turns[i].first = len(in.Commands)
		in.Commands = append(in.Commands, turns[i].Heard.Commands...)
	}
	if s.script != nil {
		s.runScript(&in, next, &turns)
	}
	in.Driver = s.driver
	stepEvents := s.sim.Step(in)
	st = s.sim.State()
	if s.rec != nil {
		s.rec.Observe(st, stepEvents)
		s.observeDrill(stepEvents)
	}
	for _, ev := range stepEvents {
		s.keep(ev) // graded by the drive loop already
		if s.script != nil {
			s.script.Observe(ev)
		}
	}
	s.observeHMI(st)
	s.settle(sets, stepEvents)
	if s.setup.StopAtEnd && !st.Ended && s.limit > 0 && st.Time >= s.limit {
		s.record(scenario.LimitEvent(s.setup.Scenario, st.Time))
	}
	for i := range turns {
		t := &turns[i]
		if s.voice != nil && t.Reply == nil {
			r := s.voice.Reply(t.Heard, s.causedBy(stepEvents, t), st)
			t.Reply = &r
			s.recordReply(st.Time, r)
		}
		s.out.Turns = append(s.out.Turns, *t)
	}
}

// runScript fires the scenario's events due before this step. A trainee's
// drill plays only the world once the car has asked for the driver: the
// scripted driver's body, pedals, steering, words and controls are the
// user's from then on.
func (s *Session) runScript(in *sim.Inputs, next sim.Millis, turns *[]Turn) {
	st := s.sim.State()
	if s.setup.Drill == DrillTrainee && s.alerted {
		scratch := s.driver
		scripted, fired := s.script.Next(st, &scratch)
		for _, c := range scripted.Commands {
			if driverControl(c) {
				continue
			}
			in.Commands = append(in.Commands, c)
		}
		s.notes(fired.Notes, next)
		return
	}
	scripted, fired := s.script.Next(st, &s.driver)
	in.Commands = append(in.Commands, scripted.Commands...)
	if scripted.LaneChange != 0 {
		in.LaneChange = scripted.LaneChange
	}
	in.Accel = max(in.Accel, scripted.Accel)
	in.Brake = max(in.Brake, scripted.Brake)
	in.Steer = in.Steer || scripted.Steer
	if scripted.SteerTorqueNm != 0 {
		in.SteerTorqueNm = scripted.SteerTorqueNm
	}
	s.notes(fired.Notes, next)
	for _, text := range fired.Say {
		t := s.hear(text, true)
		if t.Reply != nil || s.voice == nil {
			s.out.Turns = append(s.out.Turns, t)
			continue
		}
		t.first = len(in.Commands)
		in.Commands = append(in.Commands, t.Heard.Commands...)
		*turns = append(*turns, t)
	}
}

// notes logs a scenario's notes for the step ending at next.
func (s *Session) notes(notes []string, next sim.Millis) {
	for _, note := range notes {
		s.record(sim.Event{At: next, Kind: scenario.EventNote, Msg: msg.New("session.note", msg.Text("text", note))})
	}
}

// driverControl reports whether a scripted command is one of the driver's
// own controls, which a trainee works themselves.
func driverControl(c sim.Command) bool {
	switch c.(type) {
	case sim.Engage, sim.Disengage, sim.IgnitionRestart, sim.HazardsOff, sim.IHaveControl,
		sim.CheckMirror, sim.Indicate, sim.SetControl, sim.ChangeLane, sim.Confirm:
		return true
	}
	return false
}

// Margins after the moment a drill has shown its point: the 20 s
// stabilisation window after a takeover plus time for the lane change the
// roadworks drill asks for; the MRC's restart; the L2 lock's refusal.
const (
	doneAfterTakeover = 32 * 1000
	doneAfterMRC      = 35 * 1000
	doneAfterLock     = 8 * 1000
)

// observeDrill follows what a drill needs from a step's events: whether
// the car has asked for the driver, and when the drill has shown what it
// scores.
func (s *Session) observeDrill(evs []sim.Event) {
	for _, ev := range evs {
		switch string(ev.Kind) {
		case automation.EventTakeover:
			if s.takeoverAt < 0 {
				s.takeoverAt = ev.At
				s.finishAt(ev.At + doneAfterTakeover)
			}
		case automation.EventTakeoverRequested, automation.EventAvailabilityWarning,
			automation.EventL2Prompt, automation.EventMRM, string(sim.EventFCW):
			// the car asks for the driver (in a manual drill, by the
			// collision warning)
			s.alerted = true
		case string(sim.EventBrakePressed):
			if s.manualDrill() && s.alerted && s.takeoverAt < 0 {
				s.takeoverAt = ev.At // a manual drill's takeover: braking after the warning
				s.finishAt(ev.At + doneAfterTakeover)
			}
		case string(sim.EventAEB):
			if ev.Subject == "hold" {
				s.finishAt(ev.At + doneAfterLock)
			}
		case automation.EventMRC:
			s.finishAt(ev.At + doneAfterMRC)
		case automation.EventL2Locked:
			s.finishAt(ev.At + doneAfterLock)
		}
	}
}

// manualDrill: the session plays a drill of manual driving (the forward
// collision warning and the emergency brake), not of the automation.
func (s *Session) manualDrill() bool {
	sc := s.setup.Scenario
	return sc != nil && sc.Drill != nil && sc.Drill.Level == drill.LevelManual
}

// DrillStarted reports whether a drill has reached the moment it begins,
// where a trainee takes over from the preroll: the automation engaged, or,
// in a manual drill, the scene's distraction (the phone picked up, the
// eyes off the road).
func (s *Session) DrillStarted() bool {
	st := s.sim.State()
	if s.manualDrill() {
		return st.Driver.Phone || !st.Driver.EyesOnRoad
	}
	return st.Automation.Level != automation.LevelNone
}

func (s *Session) finishAt(t sim.Millis) {
	if s.doneAt == 0 {
		s.doneAt = t
	}
}

// DrillShown reports whether a drill has shown what it scores (the
// takeover's stabilisation window, the MRC, the L2 lock, plus a margin) or
// the drive is over, so a trainer can move on to the debrief.
func (s *Session) DrillShown() bool {
	if s.rec == nil {
		return false
	}
	return s.Over() || s.doneAt > 0 && s.sim.State().Time >= s.doneAt
}

// DrillScore scores the drill so far with the published rubric (nil when
// the session is not a drill).
func (s *Session) DrillScore() *drill.Result {
	if s.rec == nil {
		return nil
	}
	return s.rec.Score()
}

// DrillTimeline is the drill's timeline as the rubric reads it.
func (s *Session) DrillTimeline() drill.Timeline {
	if s.rec == nil {
		return drill.Timeline{}
	}
	return s.rec.Timeline()
}

// fresh starts a new Output once the front end has read the last one.
func (s *Session) fresh() {
	if s.consumed {
		s.out.Events = s.out.Events[:0]
		s.out.Turns = s.out.Turns[:0]
		s.out.Sets = s.out.Sets[:0]
		s.consumed = false
	}
}

// record grades one of the session's own events (an utterance, a reply,
// a note, the HMI's outputs) as the drive loop grades its own, and keeps
// it.
func (s *Session) record(ev sim.Event) {
	sim.Classify(&ev)
	s.keep(ev)
}

// keep adds an event to the log, the count and the digest.
func (s *Session) keep(ev sim.Event) {
	s.fresh()
	s.out.Events = append(s.out.Events, ev)
	s.count++
	s.jsonBuf = ev.AppendJSON(s.jsonBuf[:0])
	s.jsonBuf = append(s.jsonBuf, '\n')
	s.digest.Write(s.jsonBuf)
	if !s.setup.DropLog {
		s.log = append(s.log, ev)
	}
}

// Log is every event so far (nil with Setup.DropLog).
func (s *Session) Log() []sim.Event { return s.log }

// EventCount is how many events the drive has logged.
func (s *Session) EventCount() int { return s.count }

// Digest is the SHA-256 of the event log as JSON lines (each event's
// sim.Event.AppendJSON and a newline), in hex: two sessions with the same
// digest logged the same events byte for byte.
func (s *Session) Digest() string { return hex.EncodeToString(s.digest.Sum(nil)) }

// Voice is the session's voice layer (nil without one).
func (s *Session) Voice() Voice { return s.voice }
