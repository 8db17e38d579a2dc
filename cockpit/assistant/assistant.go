// Package assistant is the cockpit's voice assistant: it takes an utterance,
// lets the voice session understand it, and turns the resolved intents into
// commands for the drive loop, things only the UI can do (language, theme,
// panels), and a spoken reply in the utterance's language.
//
// The UI and headless scenario runs use the same Assistant, so a scripted
// `say:` acts on the car exactly as typing in the voice bar does. It holds no
// clock and does no I/O after New.
package assistant

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

// Options configure an Assistant.
type Options struct {
	// Zone is the speaker's seat (voice.SeatDriver, …); default driver.
	Zone string
	// Lang fixes the reply language ("en"/"zh"); "" follows each utterance.
	Lang string
}

// UIAction is something only the UI can do.
type UIAction struct {
	// Kind is one of: "language" (Value en/zh), "theme" (day/night/auto),
	// "panel" (drive/nav/cabin/vehicle/parking/signals), "help", "search" (Value: the
	// query; Results: the places found).
	Kind    string
	Value   string
	Results []*world.Place
}

// Reply is the outcome of one utterance handled in one go by Handle: the
// reply is worded before the car acts, from the state it is in and a trial
// of the cabin and media commands. Hear and Reply word it after.
type Reply struct {
	Text string // what the assistant says
	Lang string // the language of Text
	// Commands are for the drive loop's next step.
	Commands []sim.Command
	// UI lists actions for the cockpit to perform.
	UI []UIAction
	// Awaiting says the assistant waits for an answer (a yes/no or a
	// missing detail) to its question in Text.
	Awaiting voice.Awaiting
	// Understood are the resolved intents that were executed.
	Understood []voice.Command
}

type phraseFile struct {
	Replies map[string]voice.Text `yaml:"replies"`
	Words   map[string]voice.Text `yaml:"words"`
}

// Phrases are the assistant's reply templates, loaded from
// assets/assistant/replies.yaml. They are its one renderer: every text the
// assistant says goes through them in the utterance's language.
type Phrases struct {
	replies map[string]voice.Text
	words   map[string]voice.Text
	// catalogue renders the car's own messages (drive/msg), per language
	catalogue map[string]*i18n.Table
}

// LoadPhrases reads and validates the reply templates.
func LoadPhrases(fsys fs.FS) (*Phrases, error) {
	const name = "assistant/replies.yaml"
	var f phraseFile
	doc, err := datafile.Decode(fsys, name, &f)
	if err != nil {
		return nil, err
	}
	for _, key := range requiredReplies {
		p, ok := f.Replies[key]
		if !ok {
			return nil, doc.Errorf("replies", "missing the reply %q", key)
		}
		if p.EN == "" || p.ZH == "" {
			return nil, doc.Errorf("replies."+key, "needs both en and zh")
		}
	}
	// a broken template ("{what.") would be shown to the driver as it is:
	// refused here, at its line, with the voice replies' rules
	problems := append(voice.CheckTemplates(doc, "replies", f.Replies, nil), voice.CheckTemplates(doc, "words", f.Words, nil)...)
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	// what the car says about itself (a refusal, a hand-back) comes from
	// the one catalogue that renders its events everywhere
	catalogue, err := i18n.LoadAll(fsys)
	if err != nil {
		return nil, err
	}
	return &Phrases{replies: f.Replies, words: f.Words, catalogue: catalogue}, nil
}

var requiredReplies = []string{"eta", "eta_no_route", "not_found", "nearest", "stop_added", "search_results",
	"route_pref", "no_route_to_cancel", "range", "range_erev", "battery", "fuel", "no_fuel_tank", "speed",
	"consumption", "consumption_none", "tire_pressure", "time", "odometer", "drive_mode", "energy_mode_auto",
	"lane_change", "not_yet", "feature_assist",
	"park_no_area", "park_search", "park_which", "park_slot", "park_side", "park_confirm", "park_no_slot", "park_busy",
	"park_nothing", "park_paused", "park_resumed", "park_cancelled", "park_remote_seated", "park_remote_out", "park_remote_in",
	// what the car did (reply.go)
	"refused", "energy_short",
	"lane_auto", "lane_busy",
	"engage_already", "engage_none", "assist_not_on", "disengage_hands", "disengage_refused",
	"takeover_done", "takeover_needed", "takeover_mrm", "takeover_mrc", "takeover_attention",
	"takeover_not_asked", "takeover_manual", "incomplete"}

// text fills reply key in both languages.
func (p *Phrases) text(key string, args ...string) voice.Text {
	ph, ok := p.replies[key]
	if !ok {
		return voice.Text{EN: key, ZH: key}
	}
	return voice.Text{EN: voice.Fill(ph.EN, args...), ZH: voice.Fill(ph.ZH, args...)}
}

func (p *Phrases) say(lang, key string, args ...string) string {
	return p.text(key, args...).In(lang)
}

func (p *Phrases) word(lang, key string) string {
	ph, ok := p.words[key]
	if !ok {
		ph, ok = p.replies[key]
	}
	if !ok {
		return key
	}
	return ph.In(lang)
}

// Assistant is one conversation between the car and its occupants.
type Assistant struct {
	session *voice.Session
	world   *world.Map
	phrases *Phrases
	lang    string
	zone    string
	// routeOptions are the preferences said so far ("avoid tolls"), used
	// for every route planned by voice.
	routeOptions route.Options
	// heardIn is the state the utterance being understood is heard in,
	// for the confirmation rule (confirm.go).
	heardIn *sim.State
}

// New makes an assistant for a car on map m.
func New(p *voice.Parser, m *world.Map, phrases *Phrases, opts Options) *Assistant {
	if opts.Zone == "" {
		opts.Zone = voice.SeatDriver
	}
	places := make([]voice.Place, 0, len(m.Places))
	for _, pl := range m.Places {
		places = append(places, voice.Place{ID: pl.ID, NameEN: pl.NameEN, NameZH: pl.NameZH, Pinyin: pl.Pinyin, Category: string(pl.Category)})
	}
	a := &Assistant{world: m, phrases: phrases, lang: opts.Lang, zone: opts.Zone}
	a.session = voice.NewSession(p, voice.SessionOptions{Zone: opts.Zone, Lang: opts.Lang, Places: places, NeedsConfirm: a.needsConfirm})
	return a
}

// SetLabels registers the labels visible on screen as sayable commands
// (the cockpit's form of See).
func (a *Assistant) SetLabels(labels []voice.Label) { a.session.SetLabels(labels) }

// Sayable lists the visible labels the assistant accepts.
func (a *Assistant) Sayable() []string { return a.session.Sayable() }

// SetZone changes the speaker's seat.
func (a *Assistant) SetZone(zone string) {
	a.zone = zone
	a.session.SetZone(zone)
}

// Hear understands one utterance in the car's current state: the
// commands for the next step and what only the UI can do. What it will
// say about them waits for Reply, once the car has acted; answers that do
// not depend on the car (a figure, a search) are worded now.
func (a *Assistant) Hear(text string, st *sim.State) session.Heard {
	a.heardIn = st
	turn := a.session.Handle(text, voice.Context{SpeedKmh: st.Vehicle.SpeedMps * 3.6, CarAsks: st.Confirm.Kind != sim.ConfirmNone})
	n := &note{lang: turn.Lang, prompt: turn.Prompt, awaiting: turn.Awaiting, understood: turn.Commands}
	h := session.Heard{Text: text, Lang: turn.Lang, Awaiting: turn.Awaiting != voice.AwaitNothing, Pending: n}
	for _, c := range turn.Commands {
		from := len(h.Commands)
		say, own := a.act(c, st, turn.Lang, &h)
		if turn.Confirmed {
			// The driver said yes to the assistant's question: the car
			// need not ask again.
			h.Commands = append(h.Commands[:from], confirmFor(h.Commands[from:], st)...)
		}
		pt := part{cmd: c, cmds: h.Commands[from:len(h.Commands):len(h.Commands)], first: from, plain: !own, before: st.Automation.State}
		switch {
		case !own:
		case len(pt.cmds) == 0:
			pt.said = say
		default:
			pt.done = say
		}
		if c.Intent == voice.IntentAssistEngage {
			pt.level = engageLevel(c)
		}
		n.parts = append(n.parts, pt)
	}
	return h
}

// See registers the labels on screen as sayable commands (see-and-say).
func (a *Assistant) See(labels []session.Label) {
	vl := make([]voice.Label, 0, len(labels))
	for _, l := range labels {
		c := voice.Command{Intent: l.Intent}
		if l.Intent != "" {
			c.Slots = make(map[string]any, len(l.Slots))
			for k, v := range l.Slots {
				c.Slots[k] = v
			}
		}
		vl = append(vl, voice.Label{Text: l.Text, Command: c})
	}
	a.session.SetLabels(vl)
}

// act turns one resolved command into commands for the car (added to h)
// and UI actions. It returns what to say and whether that replaces the
// session's generic confirmation of the command.
func (a *Assistant) act(c voice.Command, st *sim.State, lang string, h *session.Heard) (string, bool) {
	slot := func(k string) string { v, _ := c.Slots[k].(string); return v }
	send := func(cmds ...sim.Command) { h.Commands = append(h.Commands, cmds...) }
	switch c.Intent {
	case voice.IntentNavNavigate, voice.IntentNavAddStop:
		place, say := a.resolvePlace(c, st, lang)
		if place == nil {
			return say, true
		}
		if c.Intent == voice.IntentNavAddStop && st.Route != nil && !st.Arrived {
			send(sim.AddStop{PlaceID: place.ID})
			return a.phrases.say(lang, "stop_added", "place", a.name(place, lang)), true
		}
		send(sim.Navigate{PlaceID: place.ID, Options: a.routeOptions})
		if say != "" {
			return say, true
		}
		return "", false
	case voice.IntentNavSearch:
		results := a.search(c, st)
		h.UI = append(h.UI, session.UIAction{Kind: "panel", Value: "nav"}, session.UIAction{Kind: "search", Value: firstOf(slot("destination"), slot("category")), Places: results})
		if len(results) == 0 {
			return a.phrases.say(lang, "not_found", "what", firstOf(slot("destination"), slot("category"))), true
		}
		names := make([]string, 0, 3)
		for i, p := range results {
			if i == 3 {
				break
			}
			names = append(names, a.name(p, lang))
		}
		return a.phrases.say(lang, "search_results", "list", strings.Join(names, a.phrases.word(lang, "list_sep"))), true
	case voice.IntentNavCancel:
		if st.Route == nil {
			return a.phrases.say(lang, "no_route_to_cancel"), true
		}
		send(sim.CancelRoute{})
	case voice.IntentNavETA:
		return a.eta(st, lang), true
	case voice.IntentNavRoutePref:
		return a.routePref(c, st, lang, h), true
	case voice.IntentVehicleQuery:
		return a.query(slot("item"), st, lang), true
	case voice.IntentVehicleDriveMode:
		switch m := slot("mode"); m {
		case "eco", "comfort", "sport":
			send(sim.SetDriveMode{Mode: sim.DriveMode(m)})
			return a.phrases.say(lang, "drive_mode", "mode", a.phrases.word(lang, m)), true
		default:
			return a.phrases.say(lang, "energy_mode_auto"), true
		}
	case voice.IntentAssistLaneChange:
		dir, side := 1, "right"
		if slot("direction") == "left" {
			dir, side = -1, "left"
		}
		send(sim.ChangeLane{Dir: dir})
		return a.phrases.say(lang, "lane_change", "side", a.phrases.word(lang, side)), true
	case voice.IntentAssistTakeover:
		// Saying it acknowledges a request; only hands, eyes and a control
		// input hand the car back (UN R157). Reply says which.
		send(sim.IHaveControl{})
	case voice.IntentAssistEngage:
		send(sim.Engage{Level: engageLevel(c)})
	case voice.IntentAssistDisengage:
		send(sim.Disengage{})
	case voice.IntentSystemConfirm, voice.IntentSystemDeny:
		// only when the car asks (voice.Context.CarAsks): the answer is
		// the car's; Reply words what it did
		send(sim.Confirm{Yes: c.Intent == voice.IntentSystemConfirm})
		return "", true
	case voice.IntentParkStart, voice.IntentParkPause, voice.IntentParkResume, voice.IntentParkCancel, voice.IntentParkRemote:
		return a.park(c, st, lang, h), true
	case voice.IntentSystemLanguage:
		h.UI = append(h.UI, session.UIAction{Kind: "language", Value: slot("lang")})
	case voice.IntentSystemTheme:
		h.UI = append(h.UI, session.UIAction{Kind: "theme", Value: slot("theme")})
	case voice.IntentSystemHelp:
		h.UI = append(h.UI, session.UIAction{Kind: "help"})
	case voice.IntentSystemPanel:
		// The slot's values are the cockpit's panel names (cockpit.Panel).
		h.UI = append(h.UI, session.UIAction{Kind: "panel", Value: slot("panel")})
	default:
		if cmds, ok := cabinCommands(c, a.zone); ok {
			send(wrap(cmds)...)
			return "", false
		}
		if cmds, ok := mediaCommands(c); ok {
			send(cmds...)
			return "", false
		}
		if feature := featureOf(c.Intent); feature != "" {
			return a.phrases.say(lang, "not_yet", "what", a.phrases.word(lang, feature)), true
		}
		// a cabin or media command short of what the car needs ("move the
		// seat" without a direction): nothing was sent, so nothing is done
		if domain, _, _ := strings.Cut(c.Intent, "."); strings.Contains(" seat climate cabin media phone ", " "+domain+" ") {
			return a.phrases.say(lang, "incomplete"), true
		}
	}
	return "", false
}

// featureOf names the part of the car an intent needs that the cockpit does
// not simulate yet, "" when it does: every intent of the schema is acted on
// except the assistance's set speed and following gap.
func featureOf(intent string) string {
	if intent == voice.IntentAssistSetSpeed || intent == voice.IntentAssistSetGap {
		return "feature_assist"
	}
	return ""
}

func firstOf(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func (a *Assistant) name(p *world.Place, lang string) string {
	return voice.Text{EN: p.NameEN, ZH: p.NameZH}.In(lang)
}

// here is the map node nearest the car, where searches start from.
func (a *Assistant) here(st *sim.State) world.NodeID {
	if n := a.world.NearestNode(st.X, st.Y); n != nil {
		return n.ID
	}
	return ""
}

// resolvePlace finds the place a navigation command means: a named place,
// home or work, or the nearest place of a category by driving time.
func (a *Assistant) resolvePlace(c voice.Command, st *sim.State, lang string) (*world.Place, string) {
	if id, _ := c.Slots["place_id"].(string); id != "" {
		if p, err := a.world.Place(id); err == nil {
			return p, ""
		}
	}
	cat, _ := c.Slots["category"].(string)
	dest, _ := c.Slots["destination"].(string)
	if cat == "" && dest != "" {
		if p, err := a.world.Place(dest); err == nil {
			return p, ""
		}
		return nil, a.phrases.say(lang, "not_found", "what", dest)
	}
	if cat == "" {
		return nil, a.phrases.say(lang, "not_found", "what", dest)
	}
	if cat == "home" || cat == "work" {
		if ps := a.world.PlacesByCategory(world.Category(cat)); len(ps) > 0 {
			return ps[0], ""
		}
	}
	cands, err := route.Nearest(a.world, a.here(st), world.Category(cat), a.routeOptions, 1)
	if err != nil || len(cands) == 0 {
		return nil, a.phrases.say(lang, "not_found", "what", firstOf(dest, cat))
	}
	p := cands[0].Place
	km := strconv.FormatFloat(cands[0].LengthM/1000, 'f', 1, 64)
	return p, a.phrases.say(lang, "nearest", "place", a.name(p, lang), "km", km)
}

func (a *Assistant) search(c voice.Command, st *sim.State) []*world.Place {
	if id, _ := c.Slots["place_id"].(string); id != "" {
		if p, err := a.world.Place(id); err == nil {
			return []*world.Place{p}
		}
	}
	cat, _ := c.Slots["category"].(string)
	if cat == "" {
		return nil
	}
	cands, err := route.Nearest(a.world, a.here(st), world.Category(cat), a.routeOptions, 5)
	if err != nil {
		return nil
	}
	out := make([]*world.Place, 0, len(cands))
	for _, cd := range cands {
		out = append(out, cd.Place)
	}
	return out
}

func (a *Assistant) routePref(c voice.Command, st *sim.State, lang string, h *session.Heard) string {
	var prefs []string
	avoid, _ := c.Slots["avoid"].(string)
	prefer, _ := c.Slots["prefer"].(string)
	switch avoid {
	case "tolls":
		a.routeOptions.AvoidTolls = true
		prefs = append(prefs, a.phrases.word(lang, "avoid_tolls"))
	case "highways":
		a.routeOptions.AvoidExpressways = true
		prefs = append(prefs, a.phrases.word(lang, "avoid_highways"))
	}
	switch prefer {
	case "highways":
		a.routeOptions.AvoidExpressways = false
		prefs = append(prefs, a.phrases.word(lang, "prefer_highways"))
	case "fastest", "shortest":
		a.routeOptions.Prefer = prefer
		prefs = append(prefs, a.phrases.word(lang, "prefer_"+prefer))
	}
	pref := strings.Join(prefs, ", ")
	if st.Route != nil && !st.Arrived && st.Destination != "" {
		h.Commands = append(h.Commands, sim.Navigate{PlaceID: st.Destination, Options: a.routeOptions})
		return a.phrases.say(lang, "route_pref", "pref", pref)
	}
	return a.phrases.say(lang, "route_pref_saved", "pref", pref)
}

func clock(s float64) string {
	s = math.Mod(s, 86400)
	return fmt.Sprintf("%02d:%02d", int(s)/3600, int(s)/60%60)
}

func (a *Assistant) eta(st *sim.State, lang string) string {
	if st.Route == nil || st.Arrived {
		return a.phrases.say(lang, "eta_no_route")
	}
	place := st.Destination
	if p, err := a.world.Place(st.Destination); err == nil {
		place = a.name(p, lang)
	}
	return a.phrases.say(lang, "eta",
		"min", strconv.Itoa(int(math.Ceil(st.ETAS/60))),
		"place", place,
		"clock", clock(st.ClockS+st.ETAS),
		"km", strconv.FormatFloat(st.RemainingM/1000, 'f', 1, 64))
}

func (a *Assistant) query(item string, st *sim.State, lang string) string {
	v := &st.Vehicle
	f1 := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	f0 := func(x float64) string { return strconv.FormatFloat(math.Round(x), 'f', 0, 64) }
	switch item {
	case "battery":
		return a.phrases.say(lang, "battery", "pct", f0(v.SoC*100))
	case "fuel":
		if st.Profile == nil || st.Profile.FuelTankL == 0 {
			return a.phrases.say(lang, "no_fuel_tank", "pct", f0(v.SoC*100))
		}
		return a.phrases.say(lang, "fuel", "pct", f0(v.FuelL/st.Profile.FuelTankL*100), "litres", f0(v.FuelL))
	case "speed":
		limit := "—"
		if st.Conditions.SpeedLimitKmh > 0 {
			limit = f0(st.Conditions.SpeedLimitKmh)
		}
		return a.phrases.say(lang, "speed", "kmh", f0(v.SpeedMps*3.6), "limit", limit)
	case "consumption":
		km := v.OdometerM / 1000
		if km < 1 {
			return a.phrases.say(lang, "consumption_none")
		}
		return a.phrases.say(lang, "consumption", "kwh", f1(v.TripKWhPer100Km()))
	case "tire_pressure":
		return a.phrases.say(lang, "tire_pressure")
	case "time":
		return a.phrases.say(lang, "time", "clock", clock(st.ClockS))
	case "odometer":
		return a.phrases.say(lang, "odometer", "km", f1(v.OdometerM/1000))
	}
	if st.Profile != nil && st.Profile.FuelTankL > 0 {
		return a.phrases.say(lang, "range_erev", "km", f0(st.RangeKm), "ev", f0(st.ElectricRangeKm))
	}
	return a.phrases.say(lang, "range", "km", f0(st.RangeKm))
}
