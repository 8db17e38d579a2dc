package assistant

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

var _ session.Voice = (*Assistant)(nil)

// note is what Hear leaves for Reply in Heard.Pending.
type note struct {
	lang       string
	parts      []part
	prompt     string // the session's question or answer, said last
	awaiting   voice.Awaiting
	understood []voice.Command
}

// part is the reply to one command of the utterance.
type part struct {
	cmd voice.Command
	// cmds are what the command asked of the car (a stretch of
	// Heard.Commands); none when it only answers or shows something.
	cmds []sim.Command
	// first is where cmds begin in Heard.Commands (an event's Cause is
	// first+1 for cmds[0])
	first int
	said  string // the answer, when there is nothing for the car to do
	done  string // what to say once the car did it
	// plain: the session's confirmation is said once the car did it; the
	// plain parts done in a row share a sentence
	plain bool
	// level is the level asked for (engage); before the automation's
	// state when the utterance was heard (takeover, disengage).
	level  automation.Level
	before automation.State
}

// Reply words the answer to an utterance once its commands have been
// applied: evs are the events of the step that applied them, st the state
// after it. Each command gets its part, in order: what the car did, why it
// refused, or what it did only in part; the session's question comes last.
func (a *Assistant) Reply(h session.Heard, evs []sim.Event, st *sim.State) session.Reply {
	return a.reply(h, evs, st, true)
}

// reply words the parts. settled says evs are what the car did; when
// false (Handle) they are only the refusals a trial foresaw, and st is the
// state before the step, so a command without a refusal is taken as done.
func (a *Assistant) reply(h session.Heard, evs []sim.Event, st *sim.State, settled bool) session.Reply {
	n, ok := h.Pending.(*note)
	if !ok {
		return session.Reply{Lang: h.Lang}
	}
	o := outcomes{evs: evs, used: make([]bool, len(evs)), st: st, settled: settled, lang: n.lang}
	out := make([]string, 0, len(n.parts)+1)
	var run []voice.Command // plain parts done, not said yet
	flush := func() {
		out = append(out, a.session.Done(n.lang, run...)...)
		run = run[:0]
	}
	for _, pt := range n.parts {
		text, asked := a.outcome(&o, pt)
		if pt.plain && asked {
			run = append(run, pt.cmd)
			continue
		}
		flush()
		out = append(out, text)
	}
	flush()
	out = append(out, n.prompt)
	return session.Reply{Text: joinSentences(out), Lang: n.lang}
}

// outcomes is what Reply reads: the step's events, each attributed to at
// most one command, and the state after the step.
type outcomes struct {
	evs     []sim.Event
	used    []bool
	st      *sim.State
	settled bool
	lang    string
}

// take returns the first event not yet attributed that match accepts, and
// attributes it.
func (o *outcomes) take(match func(e *sim.Event) bool) *sim.Event {
	for i := range o.evs {
		if !o.used[i] && match(&o.evs[i]) {
			o.used[i] = true
			return &o.evs[i]
		}
	}
	return nil
}

// saw reports whether the step produced an event of kind.
func (o *outcomes) saw(kind string) *sim.Event {
	for i := range o.evs {
		if string(o.evs[i].Kind) == kind {
			return &o.evs[i]
		}
	}
	return nil
}

// outcome words one part; asked reports that the car did what was asked,
// so a plain part's confirmation stands.
func (a *Assistant) outcome(o *outcomes, pt part) (text string, asked bool) {
	if pt.plain {
		pt.done = joinSentences(a.session.Done(o.lang, pt.cmd))
		if len(pt.cmds) == 0 {
			return pt.done, true
		}
	}
	if len(pt.cmds) == 0 {
		return pt.said, true
	}
	if asks(pt.cmds) {
		if text := a.asked(o); text != "" {
			return text, false // the car holds the command and asks
		}
	}
	switch pt.cmd.Intent {
	case voice.IntentSystemConfirm, voice.IntentSystemDeny:
		return a.answered(o, pt), false
	case voice.IntentAssistTakeover:
		return a.takeover(o, pt), false
	case voice.IntentAssistEngage:
		return a.engaged(o, pt)
	case voice.IntentAssistDisengage:
		return a.disengaged(o, pt)
	case voice.IntentAssistLaneChange:
		return a.laneChanged(o, pt), false
	}
	var refusals, warnings []string
	for _, c := range pt.cmds {
		if e := o.take(func(e *sim.Event) bool { return refuses(c, e) }); e != nil {
			refusals = append(refusals, a.refusal(o, e))
		}
		if nav, ok := c.(sim.Navigate); ok {
			if e := o.take(func(e *sim.Event) bool { return e.Kind == sim.EventRouteEnergy && e.Subject == nav.PlaceID }); e != nil {
				warnings = append(warnings, a.phrases.say(o.lang, "energy_short", "place", a.placeName(nav.PlaceID, o.lang)))
			}
		}
	}
	if pt.plain && len(refusals) < len(pt.cmds) {
		// The cabin and the media say what they did (a temperature
		// clamped to the range, the shade closed with the roof): say
		// that, not what was asked.
		if did := a.did(o, pt); len(did) > 0 {
			return joinSentences(append(append(did, warnings...), refusals...)), false
		}
	}
	switch {
	case len(refusals) == 0:
		// done, perhaps only in part: a route without the charging stops
		// it needs
		return joinSentences(append([]string{pt.done}, warnings...)), len(warnings) == 0
	case len(refusals) == len(pt.cmds) || isParking(pt.cmds[0]):
		return joinSentences(refusals), false
	}
	return joinSentences(append([]string{pt.done}, refusals...)), false
}

// did is what the car said while applying the part's commands, one
// sentence per event, in order: empty when the step did not apply them
// (Handle's trial) or they changed nothing.
func (a *Assistant) did(o *outcomes, pt part) []string {
	if !o.settled {
		return nil
	}
	if a.phrases.catalogue[o.lang] == nil {
		return nil // nothing to say the car's words with: the confirmation stands
	}
	var out []string
	for {
		e := o.take(func(e *sim.Event) bool {
			i := e.Cause - pt.first - 1
			return i >= 0 && i < len(pt.cmds) && answers(pt.cmds[i], e)
		})
		if e == nil {
			return out
		}
		out = append(out, a.said(o.lang, e))
	}
}

// answers reports whether event e, caused by command c, says what became
// of it: everything the cabin and the media said, the route a destination
// or stop gave (not the road the car then finds itself on).
func answers(c sim.Command, e *sim.Event) bool {
	switch c.(type) {
	case sim.Navigate, sim.AddStop:
		return e.Kind == sim.EventRoutePlanned || e.Kind == sim.EventRouteEnergy
	case sim.CancelRoute:
		return e.Kind == sim.EventRouteCancelled
	}
	return true
}

// refuses reports whether event e is the car refusing command c. The car
// applies a step's commands in order, so the first such event not yet
// attributed belongs to the first command it can refuse.
func refuses(c sim.Command, e *sim.Event) bool {
	switch c := c.(type) {
	case sim.CabinCommand:
		return e.Kind == sim.EventCommandRejected && e.Subject == fmt.Sprintf("%T", c.Command)
	case sim.MediaCommand:
		return e.Kind == sim.EventCommandRejected && e.Subject == "infotainment"
	case sim.Navigate:
		return (e.Kind == sim.EventCommandRejected || e.Kind == sim.EventRouteFailed) && e.Subject == c.PlaceID
	case sim.AddStop:
		return e.Kind == sim.EventCommandRejected && (e.Subject == "add_stop" || e.Subject == c.PlaceID) ||
			e.Kind == sim.EventRouteFailed && e.Subject == c.PlaceID
	case sim.CancelRoute:
		return e.Kind == sim.EventCommandRejected && e.Subject == "cancel_route"
	case sim.SetDriveMode:
		return e.Kind == sim.EventCommandRejected && e.Subject == "drive_mode"
	case sim.Engage:
		return e.Kind == automation.EventRefused
	case sim.ChangeLane:
		return e.Kind == sim.EventLaneChangeRejected
	}
	if isParking(c) {
		switch e.Kind {
		case parking.EvUnavailable, parking.EvSelectRefused, parking.EvPlanFailed, parking.EvRemoteRefused:
			return true
		}
	}
	return false
}

func isParking(c sim.Command) bool {
	switch c.(type) {
	case sim.ParkSearch, sim.ParkSelect, sim.ParkConfirm, sim.ParkCancel, sim.ParkPause, sim.ParkResume, sim.RemotePark:
		return true
	}
	return false
}

// refusal says why the car refused a command, in the utterance's language: the
// car's own words (every refusal carries a message), or the reply file's
// plain "not done" for an event that somehow has none.
func (a *Assistant) refusal(o *outcomes, e *sim.Event) string {
	if e.Msg.IsZero() {
		return a.phrases.say(o.lang, "refused")
	}
	return a.said(o.lang, e)
}

// takeover answers "I have control": it hands nothing over by itself, so
// the reply says what the driver still has to do, or that nothing asked
// for it, and "You have control" only once the car handed over.
func (a *Assistant) takeover(o *outcomes, pt part) string {
	out := &o.st.Automation
	say := func(key string, args ...string) string { return a.phrases.say(o.lang, key, args...) }
	if o.saw(automation.EventTakeover) != nil || o.settled && out.State == automation.StateManual && handingOver(pt.before) {
		return say("takeover_done")
	}
	switch out.State {
	case automation.StateTakeover1, automation.StateTakeover2:
		return say("takeover_needed", "s", seconds(out.BudgetS))
	case automation.StateMRM:
		return say("takeover_mrm")
	case automation.StateMRC:
		return say("takeover_mrc")
	case automation.StateAvailabilityWarning:
		return say("takeover_attention")
	}
	if out.Active {
		return say("takeover_not_asked", "mode", a.levelName(out.Level, o.lang))
	}
	return say("takeover_manual")
}

// said is what the car said in event e, as a sentence of lang: its
// message rendered by that language's catalogue.
func (a *Assistant) said(lang string, e *sim.Event) string {
	tb := a.phrases.catalogue[lang]
	if tb == nil {
		return a.phrases.say(lang, "refused")
	}
	return fullStop(tb.Describe(*e, a.world))
}

// fullStop ends s as a sentence (the catalogue's log lines have no stop; a
// reply needs one): the full-width stop in a Chinese sentence, even one
// that ends in "L3" or a bracket, the full stop otherwise.
func fullStop(s string) string {
	s = strings.TrimSpace(s)
	if r, _ := utf8.DecodeLastRuneInString(s); s == "" || strings.ContainsRune(".!?。！？", r) {
		return s
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		return s + "。"
	}
	return s + "."
}

// handingOver reports whether a takeover from state s hands the car back.
func handingOver(s automation.State) bool {
	switch s {
	case automation.StateTakeover1, automation.StateTakeover2, automation.StateMRM, automation.StateMRC, automation.StateAvailabilityWarning:
		return true
	}
	return false
}

func (a *Assistant) engaged(o *outcomes, pt part) (string, bool) {
	mode := a.levelName(pt.level, o.lang)
	if e := o.take(func(e *sim.Event) bool { return e.Kind == automation.EventRefused }); e != nil {
		return a.refusal(o, e), false
	}
	if !o.settled || o.saw(automation.EventEngaged) != nil {
		return pt.done, true
	}
	if o.st.Automation.Active && o.st.Automation.Level == pt.level {
		return a.phrases.say(o.lang, "engage_already", "mode", mode), false
	}
	return a.phrases.say(o.lang, "engage_none", "mode", mode), false
}

func (a *Assistant) disengaged(o *outcomes, pt part) (string, bool) {
	out := &o.st.Automation
	if e := o.saw(automation.EventDisengaged); e != nil {
		return a.said(o.lang, e), false
	}
	if o.saw(automation.EventTakeoverRequested) != nil {
		return a.phrases.say(o.lang, "disengage_hands", "s", seconds(out.BudgetS)), false
	}
	wasActive := pt.before != automation.StateOff && pt.before != automation.StateAvailable && pt.before != automation.StateManual && pt.before != ""
	switch {
	case !wasActive:
		return a.phrases.say(o.lang, "assist_not_on"), false
	case !o.settled || !out.Active:
		return pt.done, true
	}
	return a.phrases.say(o.lang, "disengage_refused"), false
}

func (a *Assistant) laneChanged(o *outcomes, pt part) string {
	st := o.st
	if e := o.take(func(e *sim.Event) bool { return e.Kind == sim.EventLaneChangeRejected }); e != nil {
		// the car says why (no lane there, or not moving): its reason,
		// not one rebuilt here
		return a.said(o.lang, e)
	}
	switch {
	case st.Automation.Active:
		// The system keeps its lane; the request went to it as a sign
		// of the driver.
		return a.phrases.say(o.lang, "lane_auto", "mode", a.levelName(st.Automation.Level, o.lang))
	case !o.settled || o.saw(string(sim.EventLaneChangeStarted)) != nil:
		return pt.done
	}
	return a.phrases.say(o.lang, "lane_busy")
}

// levelName names an automation level in lang.
func (a *Assistant) levelName(l automation.Level, lang string) string {
	if l == automation.LevelL3 {
		return a.phrases.word(lang, "level_l3")
	}
	return a.phrases.word(lang, "level_l2")
}

func (a *Assistant) placeName(id, lang string) string {
	if p, err := a.world.Place(id); err == nil {
		return a.name(p, lang)
	}
	return id
}

// seconds formats a time left as the banner's countdown does.
func seconds(s float64) string { return strconv.FormatFloat(max(s, 0), 'f', 1, 64) }

// joinSentences joins reply parts: a space after a sentence, none after a
// full-width stop, which carries its own spacing.
func joinSentences(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			if r, _ := utf8.DecodeLastRuneInString(b.String()); !strings.ContainsRune("。！？；", r) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}
