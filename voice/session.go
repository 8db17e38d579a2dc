package voice

import (
	"maps"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Seat zones a speaker can sit in (SessionOptions.Zone, Context.Zone).
const (
	SeatDriver    = "driver"
	SeatPassenger = "passenger"
	SeatRearLeft  = "rear_left"
	SeatRearRight = "rear_right"
)

// Command is a resolved command: an intent with every slot the car needs
// (the seat comes from the speaker's zone when not said, a place name is
// resolved against the gazetteer). It is what the UI and the scenario
// runner execute.
type Command struct {
	// Intent is the schema name, e.g. "seat.heat" (IntentSeatHeat).
	Intent string `json:"intent"`
	// Slots are the schema slots, completed from context, plus "place_id"
	// and "place" for a destination found in the gazetteer.
	Slots map[string]any `json:"slots"`
}

// Awaiting says what the session waits for after a turn.
type Awaiting string

// What a Turn may leave open.
const (
	AwaitNothing Awaiting = ""
	AwaitConfirm Awaiting = "confirm" // a yes or no for Turn.Pending
	AwaitClarify Awaiting = "clarify" // a missing slot, asked in Reply
)

// Turn is the outcome of one utterance in a Session.
type Turn struct {
	Text string `json:"text"`
	Lang string `json:"lang"`
	// Heard is the parser's reading of the text alone (SCHEMA.md).
	Heard []Intent `json:"heard"`
	// Commands are to be executed now, in order.
	Commands []Command `json:"commands"`
	// Reply is what the assistant says, in the utterance's language.
	Reply string `json:"reply"`
	// Prompt is the part of Reply that does not confirm Commands: a
	// question, a request to confirm, an answer such as "Cancelled." or
	// "There is nothing to undo.". A voice layer that words its own
	// confirmations once the car has acted says Prompt after them; it is
	// all of Reply when there are no Commands.
	Prompt string `json:"prompt,omitempty"`
	// Awaiting tells the UI to keep listening for an answer.
	Awaiting Awaiting `json:"awaiting,omitempty"`
	// Confirmed: Commands are the held ones, confirmed by this turn's yes
	// (the car need not ask again).
	Confirmed bool `json:"confirmed,omitempty"`
	// Pending are the commands held back until confirmed (AwaitConfirm)
	// or completed (AwaitClarify).
	Pending []Command `json:"pending,omitempty"`
}

// SessionOptions configure a Session.
type SessionOptions struct {
	// Zone is the speaker's seat (SeatDriver, …): the default seat of seat
	// and climate commands. "" means unknown: the session asks "Which
	// seat?" when a command needs one.
	Zone string
	// Lang fixes the reply language ("en" or "zh"); "" replies in the
	// language of each utterance.
	Lang string
	// Places is the gazetteer destination names are resolved against.
	Places []Place
	// NeedsConfirm says whether a resolved command must be confirmed
	// with a yes before it is executed. The rule is the car's
	// (drive/sim.NeedsConfirmation, wired in by cockpit/assistant), not
	// the dialogue's; nil confirms nothing.
	NeedsConfirm func(c Command, ctx Context) bool
}

// Context is what the car knows at the moment of an utterance.
type Context struct {
	// SpeedKmh is the current speed, for safety confirmations.
	SpeedKmh float64
	// CarAsks: the car itself waits for a yes or no (a question asked on
	// screen, e.g. after the L3 button): a bare yes or no answers it, as
	// the command system.confirm or system.deny.
	CarAsks bool
	// Zone overrides SessionOptions.Zone for this turn (e.g. the microphone
	// array located the speaker); "" keeps the session's zone.
	Zone string
}

// Label is a visible control the UI registers for see-and-say: saying its
// text performs its command.
type Label struct {
	Text    string  // as shown, e.g. "Massage: Wave" or "按摩：波浪"
	Command Command // what saying it does; zero means: parse Text
}

// Session is one conversation with the voice assistant: it keeps what a
// single utterance cannot (the last command for "warmer" or "the passenger
// too", a question waiting for its answer, a command waiting for a yes).
// It holds no clock and does no I/O; a Session is not safe for concurrent
// use — give each conversation its own.
type Session struct {
	p       *Parser
	opt     SessionOptions
	gaz     *Gazetteer
	labels  []labelKey
	last    []Command   // the last executed commands, for carry-over
	history [][]Command // executed turns, most recent last, for undo
	pending []Command
	await   Awaiting
	missing string // the slot asked for, with AwaitClarify
}

type labelKey struct {
	key   string
	label Label
}

// maxHistory bounds the undo history.
const maxHistory = 20

// NewSession starts a conversation using parser p.
func NewSession(p *Parser, opt SessionOptions) *Session {
	return &Session{p: p, opt: opt, gaz: NewGazetteer(opt.Places)}
}

// SetZone changes the speaker's default seat.
func (s *Session) SetZone(zone string) { s.opt.Zone = zone }

// SetLabels replaces the visible labels accepted as commands (see-and-say).
// A label whose Command is empty is parsed from its text once here.
func (s *Session) SetLabels(labels []Label) {
	s.labels = s.labels[:0]
	for _, l := range labels {
		if l.Command.Intent == "" {
			r := s.p.Parse(l.Text)
			if len(r.Intents) != 1 {
				continue // not a command the parser understands
			}
			l.Command = Command{Intent: r.Intents[0].Intent, Slots: r.Intents[0].Slots}
		}
		if k := labelText(l.Text); k != "" {
			s.labels = append(s.labels, labelKey{k, l})
		}
	}
}

// Sayable lists the texts of the visible labels the session accepts.
func (s *Session) Sayable() []string {
	out := make([]string, 0, len(s.labels))
	for _, l := range s.labels {
		out = append(out, l.label.Text)
	}
	return out
}

// Awaiting reports what the session waits for.
func (s *Session) Awaiting() Awaiting { return s.await }

// labelText normalises a label or an utterance for see-and-say matching:
// lower case, letters, digits and Han only, and polite or "press" words
// dropped from the front.
func labelText(t string) string {
	n := strings.TrimSpace(normalize(t))
	for _, p := range []string{"please ", "press ", "tap ", "click ", "select ", "choose ", "点击", "选择", "打开", "请"} {
		n = strings.TrimPrefix(n, p)
	}
	var b strings.Builder
	for _, r := range n {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Handle processes one utterance. ctx carries the speed and, optionally,
// the speaker's zone for this turn.
func (s *Session) Handle(text string, ctx Context) Turn {
	t := s.handle(text, ctx)
	if len(t.Commands) == 0 {
		t.Prompt = t.Reply
	}
	return t
}

func (s *Session) handle(text string, ctx Context) Turn {
	res := s.p.Parse(text)
	lang := res.Lang
	if supported(s.opt.Lang) {
		lang = s.opt.Lang
	}
	t := Turn{Text: res.Text, Lang: lang, Heard: res.Intents, Commands: []Command{}}
	zone := s.opt.Zone
	if ctx.Zone != "" {
		zone = ctx.Zone
	}

	// See-and-say: a visible label said as is.
	if k := labelText(text); k != "" {
		for _, l := range s.labels {
			if l.key == k {
				s.clearPending()
				cmd := s.complete(l.label.Command, zone)
				return s.execute(t, []Command{cmd}, ctx)
			}
		}
	}

	if a := answer(res.Intents); ctx.CarAsks && s.await == AwaitNothing && a != "" {
		// The car's own question: the answer is for the car; the voice
		// layer words the reply once the car has acted on it.
		if a == IntentSystemCancel {
			a = IntentSystemDeny
		}
		t.Commands = append(t.Commands, Command{Intent: a, Slots: map[string]any{}})
		return t
	}
	switch s.await {
	case AwaitConfirm:
		pend := s.pending
		s.clearPending()
		switch answer(res.Intents) {
		case IntentSystemConfirm:
			t.Commands = append(t.Commands, pend...)
			t.Confirmed = true
			s.remember(pend)
			t.Reply = s.p.reply(lang, "confirmed", "what", s.describeAll(lang, pend))
			return t
		case IntentSystemDeny, IntentSystemCancel:
			t.Reply = s.p.reply(lang, "cancelled")
			return t
		}
		// anything else: a new request; the unconfirmed command is dropped
	case AwaitClarify:
		pend, missing := s.pending, s.missing
		s.clearPending()
		switch a := answer(res.Intents); {
		case a == IntentSystemDeny || a == IntentSystemCancel:
			t.Reply = s.p.reply(lang, "cancelled")
			return t
		case len(res.Intents) == 0 || a != "":
			if cmd, ok := s.fillMissing(pend[0], missing, text); ok {
				return s.run(t, []Command{cmd}, zone, ctx)
			}
			if len(res.Intents) == 0 {
				t.Reply = s.p.reply(lang, "not_understood")
				return t
			}
		}
	}

	if len(res.Intents) == 0 {
		if cmds, ok := s.carryOver(text); ok {
			return s.run(t, cmds, zone, ctx)
		}
		t.Reply = s.p.reply(lang, "not_understood")
		return t
	}
	cmds := make([]Command, 0, len(res.Intents))
	for _, in := range res.Intents {
		cmds = append(cmds, Command{Intent: in.Intent, Slots: maps.Clone(in.Slots)})
	}
	return s.run(t, cmds, zone, ctx)
}

// answer returns the yes/no/cancel intent of an utterance that is only
// that, else "".
func answer(in []Intent) string {
	if len(in) == 1 {
		switch in[0].Intent {
		case IntentSystemConfirm, IntentSystemDeny, IntentSystemCancel:
			return in[0].Intent
		}
	}
	return ""
}

func (s *Session) clearPending() {
	s.pending, s.await, s.missing = nil, AwaitNothing, ""
}

// run resolves commands and decides: execute, ask, or hold for a yes.
func (s *Session) run(t Turn, cmds []Command, zone string, ctx Context) Turn {
	var ready []Command
	var replies []string
	for _, c := range cmds {
		switch c.Intent {
		case IntentSystemConfirm, IntentSystemDeny:
			replies = append(replies, s.p.reply(t.Lang, "nothing_to_confirm"))
			continue
		case IntentSystemCancel:
			replies = append(replies, s.p.reply(t.Lang, "cancelled"))
			continue
		case IntentSystemHelp:
			replies = append(replies, s.p.reply(t.Lang, "help"))
			continue
		case IntentSystemUndo:
			if inv, ok := s.undo(); ok {
				t.Commands = append(t.Commands, inv...)
				replies = append(replies, s.p.reply(t.Lang, "undone"))
			} else {
				replies = append(replies, s.p.reply(t.Lang, "nothing_to_undo"))
			}
			continue
		case IntentSystemLanguage:
			if l, ok := c.Slots["lang"].(string); ok {
				s.opt.Lang = l // replies follow the chosen language from now on
				t.Lang = l
			}
		}
		c = s.complete(c, zone)
		if missing := s.missingSlot(c, zone); missing != "" && s.await == AwaitNothing {
			s.pending, s.await, s.missing = []Command{c}, AwaitClarify, missing
			t.Pending = s.pending
			t.Awaiting = AwaitClarify
			replies = append(replies, s.p.reply(t.Lang, question(missing)))
			continue
		}
		if s.needsConfirm(c, ctx) {
			if s.await == AwaitNothing {
				s.await = AwaitConfirm
			}
			if s.await == AwaitConfirm {
				s.pending = append(s.pending, c)
			}
			continue
		}
		ready = append(ready, c)
	}
	if s.await == AwaitConfirm {
		t.Pending = s.pending
		t.Awaiting = AwaitConfirm
		replies = append(replies, s.p.reply(t.Lang, "confirm", "what", s.describeAll(t.Lang, s.pending)))
	}
	t.Prompt = capitalize(strings.Join(replies, " "))
	if len(ready) > 0 {
		t.Commands = append(t.Commands, ready...)
		s.remember(ready)
		replies = append([]string{s.doneReply(t.Lang, ready)}, replies...)
	}
	t.Reply = capitalize(strings.Join(replies, " "))
	if t.Reply == "" {
		t.Reply = s.p.reply(t.Lang, "ok")
	}
	return t
}

// execute runs already-resolved commands (see-and-say).
func (s *Session) execute(t Turn, cmds []Command, ctx Context) Turn {
	return s.run(t, cmds, "", ctx)
}

func (s *Session) remember(cmds []Command) {
	if len(cmds) == 0 {
		return
	}
	s.last = cmds
	s.history = append(s.history, cmds)
	if len(s.history) > maxHistory {
		s.history = s.history[1:]
	}
}

func question(slot string) string {
	switch slot {
	case "seat":
		return "which_seat"
	case "zone":
		return "which_zone"
	case "target":
		return "which_window"
	case "destination":
		return "which_destination"
	case "query":
		return "what_to_play"
	case "contact":
		return "who_to_call"
	}
	return "not_understood"
}

// seatIntents take a seat; climate ones a zone; windows a target.
var seatIntents = map[string]bool{IntentSeatHeat: true, IntentSeatVentilate: true, IntentSeatMassage: true, IntentSeatAdjust: true}

// complete fills what the speaker's zone implies and resolves places.
func (s *Session) complete(c Command, zone string) Command {
	c.Slots = maps.Clone(c.Slots)
	if c.Slots == nil {
		c.Slots = map[string]any{}
	}
	switch {
	case seatIntents[c.Intent]:
		if _, ok := c.Slots["seat"]; !ok && zone != "" {
			c.Slots["seat"] = zone
		}
	case c.Intent == IntentClimateTemp || c.Intent == IntentClimatePower:
		if _, ok := c.Slots["zone"]; !ok && zone != "" {
			c.Slots["zone"] = zoneOf[zone]
		}
	case c.Intent == IntentCabinWindow:
		if _, ok := c.Slots["target"]; !ok && zone != "" {
			c.Slots["target"] = zone
		}
	case strings.HasPrefix(c.Intent, "nav.") && c.Intent != IntentNavRoutePref:
		if d, ok := c.Slots["destination"].(string); ok && s.gaz.Len() > 0 {
			if m, ok := s.gaz.Lookup(d); ok {
				c.Slots["place_id"] = m.Place.ID
				c.Slots["place"] = placeName(m.Place)
				if m.Place.Category != "" {
					if _, has := c.Slots["category"]; !has {
						c.Slots["category"] = m.Place.Category
					}
				}
			}
		}
	}
	return c
}

func placeName(p Place) string {
	if p.NameEN != "" {
		return p.NameEN
	}
	return p.NameZH
}

// missingSlot returns the slot a command cannot run without, or "".
func (s *Session) missingSlot(c Command, zone string) string {
	has := func(k string) bool { _, ok := c.Slots[k]; return ok }
	switch {
	case seatIntents[c.Intent] && !has("seat"):
		return "seat"
	case c.Intent == IntentCabinWindow && !has("target"):
		return "target"
	case (c.Intent == IntentNavNavigate || c.Intent == IntentNavSearch) && !has("destination") && !has("category"):
		return "destination"
	case c.Intent == IntentPhoneCall && !has("contact") && !has("number"):
		return "contact"
	}
	return ""
}

// fillMissing completes a held command with the answer to its question.
func (s *Session) fillMissing(c Command, slot, text string) (Command, bool) {
	c.Slots = maps.Clone(c.Slots)
	switch slot {
	case "seat", "zone", "target":
		f := s.p.fragment(text)
		if f.seat == "" {
			return c, false
		}
		v := f.seat
		if slot == "zone" {
			v = zoneOf[v]
		}
		c.Slots[slot] = v
		return c, true
	case "destination", "query", "contact":
		v := strings.TrimSpace(cleanSpan(clip(text)))
		if v == "" {
			return c, false
		}
		if slot == "destination" {
			r := s.p.Parse("navigate to " + text)
			for _, in := range r.Intents {
				if in.Intent == IntentNavNavigate {
					maps.Copy(c.Slots, in.Slots)
					return c, true
				}
			}
		}
		c.Slots[slot] = v
		return c, true
	}
	return c, false
}

// carryOver turns a fragment into commands derived from the last ones:
// "the passenger too" repeats them for another seat, "再高一点" / "a bit
// more" steps them, "24" sets their number.
func (s *Session) carryOver(text string) ([]Command, bool) {
	if len(s.last) == 0 {
		return nil, false
	}
	f := s.p.fragment(text)
	if f.unknown > 2 {
		return nil, false
	}
	var out []Command
	for _, c := range s.last {
		c.Slots = maps.Clone(c.Slots)
		changed := false
		if f.seat != "" {
			switch {
			case seatIntents[c.Intent]:
				c.Slots["seat"], changed = f.seat, true
			case c.Intent == IntentClimateTemp || c.Intent == IntentClimatePower:
				c.Slots["zone"], changed = zoneOf[f.seat], true
			case c.Intent == IntentCabinWindow:
				c.Slots["target"], changed = f.seat, true
			}
		}
		if (f.act == "up" || f.act == "down") && hasStep(c.Intent) {
			delete(c.Slots, "value")
			delete(c.Slots, "level")
			delete(c.Slots, "speed")
			c.Slots["action"], changed = f.act, true
		} else if f.act == "on" || f.act == "off" {
			if _, ok := c.Slots["action"]; ok && hasStep(c.Intent) || c.Intent == IntentClimatePower || c.Intent == IntentClimateAc {
				c.Slots["action"], changed = f.act, true
			}
		}
		if f.hasNum && f.seat == "" {
			if k := numericSlot(c.Intent); k != "" {
				delete(c.Slots, "action")
				c.Slots[k], changed = trimFloat(f.num), true
			}
		}
		if changed {
			out = append(out, c)
		}
	}
	return out, len(out) > 0
}

func hasStep(intent string) bool {
	switch intent {
	case IntentClimateTemp, IntentClimateFan, IntentMediaVolume, IntentSeatHeat, IntentSeatVentilate, IntentSeatMassage, IntentAssistSetSpeed, IntentAssistSetGap:
		return true
	}
	return false
}

func numericSlot(intent string) string {
	switch intent {
	case IntentClimateTemp:
		return "value"
	case IntentClimateFan, IntentMediaVolume, IntentSeatHeat, IntentSeatVentilate, IntentSeatMassage, IntentAssistSetGap:
		return "level"
	case IntentAssistSetSpeed:
		return "speed"
	case IntentCabinWindow:
		return "amount"
	}
	return ""
}

// needsConfirm reports whether the car's rule wants a yes for c (engaging
// L3, remote parking, a window at speed: SessionOptions.NeedsConfirm).
func (s *Session) needsConfirm(c Command, ctx Context) bool {
	return s.opt.NeedsConfirm != nil && s.opt.NeedsConfirm(c, ctx)
}

// undo returns commands that reverse the last executed turn, when each of
// its commands has a clear opposite.
func (s *Session) undo() ([]Command, bool) {
	if len(s.history) == 0 {
		return nil, false
	}
	last := s.history[len(s.history)-1]
	var inv []Command
	for _, c := range last {
		a, ok := c.Slots["action"].(string)
		opp := map[string]string{"on": "off", "off": "on", "up": "down", "down": "up", "open": "close", "close": "open", "vent": "close", "mute": "unmute", "unmute": "mute"}[a]
		if !ok || opp == "" {
			return nil, false
		}
		c.Slots = maps.Clone(c.Slots)
		c.Slots["action"] = opp
		inv = append(inv, c)
	}
	s.history = s.history[:len(s.history)-1]
	s.last = inv
	return inv, true
}

// Done confirms commands once the car has carried them out, as
// sentences in lang: a command with a sentence of its own is said alone
// ("Navigating to Daxing Airport.", "Playing Jay Chou."); consecutive
// others share one ("A/C on, driver temperature 22°C.").
func (s *Session) Done(lang string, cmds ...Command) []string {
	var out []string
	from := 0
	flush := func(to int) {
		if to > from {
			out = append(out, capitalize(s.p.reply(lang, "done", "what", s.describeAll(lang, cmds[from:to]))))
		}
	}
	for i, c := range cmds {
		if r, ok := s.ownDone(lang, c); ok {
			flush(i)
			out = append(out, capitalize(r))
			from = i + 1
		}
	}
	flush(len(cmds))
	return out
}

// doneReply says what was done, briefly: the first command with a
// sentence of its own, else all of them.
func (s *Session) doneReply(lang string, cmds []Command) string {
	for _, c := range cmds {
		if r, ok := s.ownDone(lang, c); ok {
			return r
		}
	}
	return s.p.reply(lang, "done", "what", s.describeAll(lang, cmds))
}

// ownDone is the sentence of a command that has one.
func (s *Session) ownDone(lang string, c Command) (string, bool) {
	switch c.Intent {
	case IntentNavNavigate, IntentNavAddStop:
		return s.p.reply(lang, "navigating", "where", s.where(lang, c)), true
	case IntentNavSearch:
		return s.p.reply(lang, "searching", "where", s.where(lang, c)), true
	case IntentMediaPlay:
		if q, ok := c.Slots["query"].(string); ok {
			return s.p.reply(lang, "playing", "what", q), true
		}
	case IntentVehicleQuery, IntentNavETA:
		// the UI answers with the car's figures; the reply introduces them
		return s.p.reply(lang, "showing", "what", s.p.describe(lang, c)), true
	case IntentPhoneCall:
		who, _ := c.Slots["contact"].(string)
		if who == "" {
			who, _ = c.Slots["number"].(string)
		}
		return s.p.reply(lang, "calling", "who", who), true
	}
	return "", false
}

func (s *Session) where(lang string, c Command) string {
	// A resolved place is named in the reply's language.
	if id, ok := c.Slots["place_id"].(string); ok && s.gaz != nil {
		for _, p := range s.gaz.places {
			if p.ID != id {
				continue
			}
			if n := (Text{EN: p.NameEN, ZH: p.NameZH}).In(lang); n != "" {
				return n
			}
		}
	}
	if p, ok := c.Slots["place"].(string); ok {
		return p
	}
	if d, ok := c.Slots["destination"].(string); ok {
		return d
	}
	if cat, ok := c.Slots["category"].(string); ok {
		return s.p.word(lang, "category", cat)
	}
	return ""
}

// describeAll describes commands for a reply, joined by the language's
// list separator.
func (s *Session) describeAll(lang string, cmds []Command) string {
	parts := make([]string, 0, len(cmds))
	for _, c := range cmds {
		parts = append(parts, s.p.describe(lang, c))
	}
	return strings.Join(parts, s.p.reply(lang, "list_sep"))
}

// describe renders a command with the intent's template from replies.yaml.
// "{slot}" is the slot's word in the language (or its value); "[…]" is an
// optional part dropped when a slot inside it is missing, and "[a|b]" says
// b when a cannot be said.
func (p *Parser) describe(lang string, c Command) string {
	tpl, ok := p.describes[c.Intent]
	if !ok {
		return c.Intent
	}
	src := tpl.In(lang)
	var out strings.Builder
	var group strings.Builder
	inGroup, groupOK, skip := false, true, false
	w := &out
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch r {
		case '[':
			inGroup, groupOK, skip = true, true, false
			group.Reset()
			w = &group
			i += size
			continue
		case '|':
			if inGroup {
				if groupOK {
					skip = true // the first alternative stands
				} else {
					group.Reset()
					groupOK = true
				}
				i += size
				continue
			}
		case ']':
			if inGroup && groupOK {
				out.WriteString(group.String())
			}
			inGroup, skip = false, false
			w = &out
			i += size
			continue
		}
		if skip {
			i += size
			continue
		}
		switch r {
		case '{':
			j := strings.IndexByte(src[i:], '}')
			if j > 0 {
				slot := src[i+1 : i+j]
				if v, ok := c.Slots[slot]; ok {
					w.WriteString(p.word(lang, slot, v))
				} else if inGroup {
					groupOK = false
				}
				i += j + 1
				continue
			}
		}
		w.WriteRune(r)
		i += size
	}
	return strings.Join(strings.Fields(out.String()), " ")
}

// word renders a slot value in lang using the words table of replies.yaml.
func (p *Parser) word(lang, slot string, v any) string {
	var raw string
	switch x := v.(type) {
	case string:
		raw = x
	case int:
		raw = strconv.Itoa(x)
	case float64:
		raw = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return ""
	}
	if w, ok := p.words[slot+"."+raw]; ok {
		return w.In(lang)
	}
	return raw
}

// capitalize upper-cases the first letter of an English reply.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r < utf8.RuneSelf && unicode.IsLower(r) {
		return string(unicode.ToUpper(r)) + s[size:]
	}
	return s
}
