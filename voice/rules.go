package voice

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datafile"
)

// ruleFile is the YAML form of voice/intents.yaml.
type ruleFile struct {
	Intents []ruleSpec `yaml:"intents"`
}

// ruleSpec is one intent rule as written by a designer (docs/voice.md).
type ruleSpec struct {
	Intent   string            `yaml:"intent"`
	Anchor   []string          `yaml:"anchor"`
	Need     []string          `yaml:"need"`
	Not      []string          `yaml:"not"`
	Slots    map[string]string `yaml:"slots"`
	Actions  map[string]string `yaml:"actions"`
	Require  []string          `yaml:"require"`
	Range    []float64         `yaml:"range"`
	Alone    bool              `yaml:"alone"`
	Priority int               `yaml:"priority"`
}

// rule is a compiled ruleSpec.
type rule struct {
	intent   string
	anchors  []tag
	need     []tag
	not      []tag
	slots    []slotSpec
	actions  map[string]string
	require  []string
	lo, hi   float64
	hasRange bool
	alone    bool
	priority int
}

// slotSpec says how one slot of a rule is filled.
type slotSpec struct {
	name   string
	filler string // see fillers
	kind   string // for tag:KIND
}

// fillers are the slot sources the Go code implements; tag:KIND takes the
// value of the first tag of that kind near the anchor.
var fillers = map[string]string{
	"seat":    "seat word (driver, passenger, …), preferring a specific seat over all",
	"zone":    "seat word mapped to a climate zone (rear_left → rear)",
	"wtarget": "window target: a wtarget tag or a seat word",
	"action":  "act or state tags mapped through the rule's actions",
	"level":   "a whole number (next to a level unit when there is one) inside range",
	"value":   "a temperature (number with a degree unit, or bare) inside range",
	"amount":  "a percentage or an amount word inside range",
	"speed":   "a number inside range",
	"digits":  "the digits of a number as said (\"3\" for slot three)",
	"capture": "free text next to the capture verb (destination, query, contact)",
	"phone":   "digits of a phone number (3 digits or more) after a call verb",
}

// loadRules reads voice/intents.yaml and checks every reference in it.
func (p *Parser) loadRules(fsys fs.FS) error {
	var f ruleFile
	doc, err := datafile.Decode(fsys, intentsFile, &f)
	if err != nil {
		return err
	}
	var errs []error
	bad := func(path, format string, args ...any) { errs = append(errs, doc.Errorf(path, format, args...)) }
	parseTags := func(path string, in []string) []tag {
		var out []tag
		for i, s := range in {
			t, err := parsePattern(s)
			if err != nil {
				bad(fmt.Sprintf("%s[%d]", path, i), "%v", err)
				continue
			}
			out = append(out, t)
		}
		return out
	}
	if len(f.Intents) == 0 {
		bad("intents", "no intent rules")
	}
	for i, s := range f.Intents {
		path := fmt.Sprintf("intents[%d]", i)
		r := rule{intent: s.Intent, actions: s.Actions, require: s.Require, alone: s.Alone, priority: s.Priority}
		if s.Intent == "" || !strings.Contains(s.Intent, ".") {
			bad(path+".intent", "intent %q must look like domain.name", s.Intent)
		}
		if schema, ok := schemaSlots[s.Intent]; ok {
			for name := range s.Slots {
				if !slices.Contains(schema, name) {
					bad(path+".slots."+name, "slot %q is not in the schema of %s (allowed: %s)", name, s.Intent, strings.Join(schema, ", "))
				}
			}
		}
		r.anchors = parseTags(path+".anchor", s.Anchor)
		if len(r.anchors) == 0 {
			bad(path+".anchor", "a rule needs at least one anchor tag")
		}
		r.need = parseTags(path+".need", s.Need)
		r.not = parseTags(path+".not", s.Not)
		names := sortedKeys(s.Slots)
		for _, name := range names {
			fl := s.Slots[name]
			sp := slotSpec{name: name, filler: fl}
			if k, ok := strings.CutPrefix(fl, "tag:"); ok {
				if _, known := kinds[k]; !known {
					bad(path+".slots."+name, "unknown tag kind %q", k)
					continue
				}
				sp.filler, sp.kind = "tag", k
			} else if _, known := fillers[fl]; !known {
				bad(path+".slots."+name, "unknown filler %q (known: tag:KIND, %s)", fl, strings.Join(sortedKeys(fillers), ", "))
				continue
			}
			r.slots = append(r.slots, sp)
		}
		for _, req := range s.Require {
			if _, ok := s.Slots[req]; !ok {
				bad(path+".require", "required slot %q is not among the rule's slots", req)
			}
		}
		for from, to := range s.Actions {
			if !slices.Contains(kinds["act"].values, from) && !slices.Contains(kinds["state"].values, from) {
				bad(path+".actions."+from, "unknown act or state value %q", from)
			}
			if to == "" {
				bad(path+".actions."+from, "empty action value")
			}
		}
		if len(s.Range) != 0 {
			if len(s.Range) != 2 || s.Range[0] > s.Range[1] {
				bad(path+".range", "range must be [min, max]")
			} else {
				r.lo, r.hi, r.hasRange = s.Range[0], s.Range[1], true
			}
		}
		p.rules = append(p.rules, r)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// Link lexicon entries to the rules they anchor, in file order.
	for ei := range p.entries {
		e := &p.entries[ei]
		for ri, r := range p.rules {
			for _, a := range r.anchors {
				if e.hasTag(a) {
					e.rules = append(e.rules, int32(ri))
					break
				}
			}
		}
		e.anchor = len(e.rules) > 0 || e.has("device") || e.has("verb") || e.has("post")
		e.alone = len(e.rules) > 0
		for _, ri := range e.rules {
			if !p.rules[ri].alone {
				e.alone = false
			}
		}
		if len(e.rules) > 0 {
			e.key = p.rules[e.rules[0]].intent
		} else if e.anchor {
			e.key = "device=" + e.value("device")
		}
	}
	return nil
}

// parsePattern reads a tag pattern of a rule: "kind=value", or a bare
// "kind" that matches any value of that kind.
func parsePattern(s string) (tag, error) {
	if k := strings.TrimSpace(s); !strings.Contains(k, "=") {
		if _, ok := kinds[k]; ok {
			return tag{k, ""}, nil
		}
	}
	return parseTag(s)
}

func (e *entry) hasTag(t tag) bool {
	for _, x := range e.tags {
		if x.kind == t.kind && (t.value == "" || x.value == t.value) {
			return true
		}
	}
	return false
}

// schemaSlots lists the schema slots of every intent (SCHEMA.md), so that a
// rule cannot emit a slot the contract does not define.
var schemaSlots = map[string][]string{
	IntentNavNavigate: {"destination", "category", "modifier"}, IntentNavAddStop: {"destination", "category", "modifier"},
	IntentNavSearch: {"destination", "category", "modifier"}, IntentNavCancel: {}, IntentNavETA: {},
	IntentNavRoutePref: {"avoid", "prefer"},
	IntentSeatHeat:     {"seat", "level", "action"}, IntentSeatVentilate: {"seat", "level", "action"},
	IntentSeatMassage: {"seat", "level", "action", "mode"}, IntentSeatAdjust: {"seat", "part", "direction"},
	IntentSeatMemory: {"action", "profile"}, IntentClimatePower: {"action", "zone"}, IntentClimateAc: {"action"},
	IntentClimateTemp: {"zone", "value", "action"}, IntentClimateFan: {"level", "action"}, IntentClimateMode: {"mode"},
	IntentClimateDefrost: {"target", "action"}, IntentClimateRecirc: {"action"},
	IntentCabinWindow: {"target", "action", "amount"}, IntentCabinLights: {"target", "action", "color"},
	IntentMediaPlay: {"query", "source"}, IntentMediaPause: {}, IntentMediaNext: {}, IntentMediaPrevious: {},
	IntentMediaVolume: {"level", "action"}, IntentPhoneCall: {"contact", "number"}, IntentPhoneAnswer: {}, IntentPhoneHangup: {},
	IntentAssistEngage: {"mode"}, IntentAssistDisengage: {"mode"}, IntentAssistSetSpeed: {"speed", "action"},
	IntentAssistLaneChange: {"direction"}, IntentAssistSetGap: {"level", "action"}, IntentAssistTakeover: {},
	IntentParkStart: {"side", "type", "slot"}, IntentParkPause: {}, IntentParkResume: {}, IntentParkCancel: {},
	IntentParkRemote: {"action"}, IntentVehicleQuery: {"item"}, IntentVehicleDriveMode: {"mode"},
	IntentSystemConfirm: {}, IntentSystemDeny: {}, IntentSystemCancel: {}, IntentSystemHelp: {}, IntentSystemUndo: {},
	IntentSystemLanguage: {"lang"}, IntentSystemTheme: {"theme"}, IntentSystemPanel: {"panel"},
}

// Intents lists the intent names the loaded rules can produce, sorted.
func (p *Parser) Intents() []string {
	seen := map[string]bool{}
	for _, r := range p.rules {
		seen[r.intent] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
