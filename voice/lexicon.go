package voice

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nevsim/cockpit/assets/datafile"
)

// Data file locations inside the asset tree (see docs/voice.md).
const (
	lexiconGlob = "voice/lexicon/*.yaml"
	intentsFile = "voice/intents.yaml"
	repliesFile = "voice/replies.yaml"
)

// kindSpec describes one tag kind of the lexicon: the values it accepts
// (nil: any non-empty value; empty slice: a flag without value) and what it
// means to the parser. The set of kinds is fixed because the Go code gives
// each its behaviour; values are data.
type kindSpec struct {
	values []string
	doc    string
}

var seatValues = []string{"driver", "passenger", "rear_left", "rear_right", "rear", "all"}

// kinds lists every tag kind a lexicon term may carry.
var kinds = map[string]kindSpec{
	"device":    {nil, "what is being controlled; anchors intent rules (see intents.yaml)"},
	"act":       {[]string{"on", "off", "up", "down", "open", "close", "vent", "mute", "unmute", "set", "save", "recall", "in", "out", "max", "min", "heat"}, "what to do; rules map it to their action slot"},
	"lead":      {[]string{}, "a command-leading verb (打开, turn on): starts a new command after a complete one"},
	"seat":      {seatValues, "seat or zone word"},
	"unit":      {[]string{"deg", "level", "percent", "kmh"}, "unit next to a number"},
	"amount":    {nil, "a fraction said in words (一半, halfway): the percent value"},
	"category":  {[]string{"home", "work", "charging", "parking", "gas", "restaurant", "coffee", "restroom", "hotel", "hospital", "airport", "station", "supermarket", "mall", "scenic"}, "place category"},
	"modifier":  {[]string{"nearest", "cheapest", "fastest", "best_rated"}, "place modifier"},
	"avoid":     {[]string{"tolls", "highways", "congestion", "ferries"}, "route preference: avoid"},
	"prefer":    {[]string{"highways", "fastest", "shortest"}, "route preference: prefer"},
	"item":      {[]string{"range", "battery", "fuel", "speed", "consumption", "tire_pressure", "time", "odometer"}, "vehicle.query item"},
	"source":    {[]string{"music", "radio", "podcast"}, "media source"},
	"lang":      {[]string{"en", "zh"}, "language name"},
	"theme":     {[]string{"day", "night", "auto"}, "display theme"},
	"panel":     {[]string{"drive", "nav", "cabin", "vehicle", "parking", "signals"}, "a panel of the cockpit's centre display (its name in cockpit.Panel)"},
	"cmode":     {[]string{"auto", "face", "feet", "face_feet", "windshield"}, "climate air-flow mode"},
	"mmode":     {[]string{"wave", "pulse", "stretch", "relax", "sport"}, "massage mode"},
	"dmode":     {[]string{"eco", "comfort", "sport", "ev", "hybrid", "range_extend"}, "drive mode"},
	"amode":     {[]string{"acc", "lcc", "noa", "l3"}, "driver-assist mode"},
	"dtarget":   {[]string{"front", "rear"}, "defrost target"},
	"wtarget":   {[]string{"driver", "passenger", "rear_left", "rear_right", "all", "sunroof", "sunshade"}, "window target"},
	"ltarget":   {[]string{"ambient", "reading", "headlights", "high_beam", "fog", "hazard"}, "light target"},
	"color":     {nil, "light colour"},
	"side":      {[]string{"left", "right"}, "side (parking, lane change)"},
	"ptype":     {[]string{"parallel", "perpendicular", "angled"}, "parking type"},
	"direction": {[]string{"forward", "backward", "up", "down", "recline", "upright", "left", "right"}, "movement direction"},
	"part":      {[]string{"position", "backrest", "headrest", "lumbar", "cushion", "height"}, "seat part"},
	"verb":      {[]string{"navigate", "search", "search_near", "add_stop", "play", "call"}, "capture verb: the free text after it is the destination, song or contact"},
	"post":      {[]string{"navigate", "search", "add_stop", "play", "call"}, "capture verb said after its object (\"X, take me there\")"},
	"video":     {[]string{}, "asks for video (电影, episode): out of scope even inside a title"},
	"word":      {[]string{}, "an ordinary word, listed only to shadow a shorter phrase (movie theater vs movie)"},
	"stop":      {[]string{}, "ends free text: what follows is not part of the name (for under 20 bucks)"},
	"type":      {[]string{}, "asks about a kind or type (what kind of gas): not a level query"},
	"near":      {[]string{}, "a nearness word (nearby, 附近): needed by \"is there a X nearby\""},
	"filler":    {[]string{}, "polite or empty word, ignored (please, 帮我, 一下)"},
	"block":     {[]string{}, "out-of-scope word: no command is taken from its segment"},
	"sep":       {[]string{}, "separator between commands (然后, and then)"},
	"conj":      {[]string{}, "soft separator (and): splits only before a new command"},
	"ask":       {[]string{}, "status question cue: device commands in the segment are dropped"},
	"qcue":      {[]string{}, "vehicle query cue (how much, 还剩)"},
	"strip":     {[]string{}, "trimmed from the edges of free text (nearby, in town, 的)"},
	"weak":      {[]string{}, "the device tag of this term never starts a new command"},
	"mod":       {[]string{"bit", "more", "less"}, "degree word (a bit, 一点)"},
	"state":     {[]string{"high", "low"}, "a stated level (too high): rules map it like an action"},
	"level":     {nil, "a level said as a word (max → 3): the number"},
}

// tag is one meaning of a lexicon term: a kind and (for most kinds) a value.
type tag struct {
	kind, value string
}

func (t tag) String() string {
	if t.value == "" {
		return t.kind
	}
	return t.kind + "=" + t.value
}

// entry is what a lexicon phrase means: one or more tags.
type entry struct {
	tags  []tag
	flags uint64 // bit per kind present, for quick tests
	where string // file:line of the definition, for duplicate errors

	rules  []int32 // intent rules this entry anchors, in file order
	anchor bool    // starts a command frame (device or capture verb)
	key    string  // what it anchors, to tell two commands apart
	alone  bool    // anchors only "alone" rules (yes, no, cancel, help)
}

var kindBits = func() map[string]uint64 {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	m := make(map[string]uint64, len(names))
	for i, k := range names {
		m[k] = 1 << uint(i)
	}
	return m
}()

func bit(kind string) uint64 { return kindBits[kind] }

// Kind bits used on the hot path, looked up once.
var (
	bitLead   = bit("lead")
	bitVerb   = bit("verb")
	bitPost   = bit("post")
	bitSep    = bit("sep")
	bitConj   = bit("conj")
	bitFiller = bit("filler")
	bitStrip  = bit("strip")
	bitBlock  = bit("block")
	bitAsk    = bit("ask")
	bitWeak   = bit("weak")
	bitAct    = bit("act")
	bitSeat   = bit("seat")
	bitSource = bit("source")
	bitMod    = bit("modifier")
	bitCat    = bit("category")
	bitDegree = bit("mod")
	bitWord   = bit("word")
	bitStop   = bit("stop")
	bitVideo  = bit("video")
)

func (e *entry) has(kind string) bool { return e != nil && e.flags&bit(kind) != 0 }

func (e *entry) value(kind string) string {
	if e == nil {
		return ""
	}
	for _, t := range e.tags {
		if t.kind == kind {
			return t.value
		}
	}
	return ""
}

// termFile is the YAML form of one lexicon file.
type termFile struct {
	Terms []termSpec `yaml:"terms"`
}

// termSpec is one lexicon entry: tags and the phrases, per language, that
// carry them.
type termSpec struct {
	Tags []string `yaml:"tags"`
	EN   []string `yaml:"en"`
	ZH   []string `yaml:"zh"`
}

// parseTag reads "kind=value" or "kind" and checks it against kinds.
func parseTag(s string) (tag, error) {
	k, v, _ := strings.Cut(strings.TrimSpace(s), "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	spec, ok := kinds[k]
	if !ok {
		return tag{}, fmt.Errorf("unknown tag kind %q (known: %s)", k, strings.Join(sortedKeys(kinds), ", "))
	}
	switch {
	case spec.values == nil && v == "":
		return tag{}, fmt.Errorf("tag %q needs a value (%s=…)", k, k)
	case spec.values != nil && len(spec.values) == 0 && v != "":
		return tag{}, fmt.Errorf("tag %q takes no value", k)
	case len(spec.values) > 0 && !slices.Contains(spec.values, v):
		return tag{}, fmt.Errorf("tag %s: unknown value %q (allowed: %s)", k, v, strings.Join(spec.values, ", "))
	}
	if k == "amount" || k == "level" {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return tag{}, fmt.Errorf("tag %s: value %q is not a number", k, v)
		}
	}
	return tag{k, v}, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// trie is a phrase dictionary over runes of normalised text, stored as one
// hash map from (node, rune) to child so that it stays compact and fast.
type trie struct {
	next  map[uint64]int32
	entry []int32 // per node: index into entries, or -1
}

func newTrie() *trie { return &trie{next: map[uint64]int32{}, entry: []int32{-1}} }

func trieKey(node int32, r rune) uint64 { return uint64(node)<<21 | uint64(r) }

func (t *trie) insert(phrase string) int32 {
	node := int32(0)
	for _, r := range phrase {
		k := trieKey(node, r)
		child, ok := t.next[k]
		if !ok {
			child = int32(len(t.entry))
			t.entry = append(t.entry, -1)
			t.next[k] = child
		}
		node = child
	}
	return node
}

// trieEnd is one phrase found at a position: where it ends, which entry.
type trieEnd struct {
	end   int
	entry int32
}

// ends appends every phrase starting at i whose Latin edges fall on word
// boundaries (so "ac" is not found inside "back").
func (t *trie) ends(s string, i int, out []trieEnd) []trieEnd {
	if i > 0 {
		pr, _ := utf8.DecodeLastRuneInString(s[:i])
		r0, _ := utf8.DecodeRuneInString(s[i:])
		if isWordRune(pr) && isWordRune(r0) {
			return out
		}
	}
	node := int32(0)
	for j := i; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		child, ok := t.next[trieKey(node, r)]
		if !ok {
			break
		}
		node = child
		j += size
		if t.entry[node] >= 0 {
			if isWordRune(r) && j < len(s) {
				if nr, _ := utf8.DecodeRuneInString(s[j:]); isWordRune(nr) {
					continue
				}
			}
			if len(out) == cap(out) {
				break
			}
			out = append(out, trieEnd{j, t.entry[node]})
		}
	}
	return out
}

// merge returns an entry holding the tags of entries a and b.
func (p *Parser) merge(a, b int32) int32 {
	m := entry{where: p.entries[a].where}
	for _, src := range []int32{a, b} {
		for _, t := range p.entries[src].tags {
			if !slices.Contains(m.tags, t) {
				m.tags = append(m.tags, t)
				m.flags |= bit(t.kind)
			}
		}
	}
	p.entries = append(p.entries, m)
	return int32(len(p.entries) - 1)
}

// loadLexicon reads every lexicon file into the trie.
func (p *Parser) loadLexicon(fsys fs.FS) error {
	names, err := fs.Glob(fsys, lexiconGlob)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("%s: no lexicon files found", lexiconGlob)
	}
	p.trie = newTrie()
	var errs []error
	for _, name := range names {
		var f termFile
		doc, err := datafile.Decode(fsys, name, &f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i, spec := range f.Terms {
			path := fmt.Sprintf("terms[%d]", i)
			if len(spec.Tags) == 0 {
				errs = append(errs, doc.Errorf(path, "a term needs at least one tag"))
				continue
			}
			if len(spec.EN)+len(spec.ZH) == 0 {
				errs = append(errs, doc.Errorf(path, "a term needs at least one phrase under en or zh"))
				continue
			}
			e := entry{}
			line, _ := doc.Position(path)
			e.where = fmt.Sprintf("%s:%d", name, line)
			bad := false
			for j, ts := range spec.Tags {
				t, err := parseTag(ts)
				if err != nil {
					errs = append(errs, doc.Errorf(fmt.Sprintf("%s.tags[%d]", path, j), "%v", err))
					bad = true
					continue
				}
				e.tags = append(e.tags, t)
				e.flags |= bit(t.kind)
			}
			if bad {
				continue
			}
			idx := int32(len(p.entries))
			p.entries = append(p.entries, e)
			for _, lang := range []struct {
				key     string
				phrases []string
			}{{"en", spec.EN}, {"zh", spec.ZH}} {
				for j, ph := range lang.phrases {
					at := fmt.Sprintf("%s.%s[%d]", path, lang.key, j)
					n := normalize(ph)
					if n == "" || strings.ContainsAny(n, "，。") {
						errs = append(errs, doc.Errorf(at, "phrase %q is empty or holds sentence punctuation", ph))
						continue
					}
					node := p.trie.insert(n)
					if old := p.trie.entry[node]; old >= 0 && old != idx {
						// The same phrase under several terms carries all
						// their tags ("level" is a unit and a query cue).
						p.trie.entry[node] = p.merge(old, idx)
						continue
					}
					p.trie.entry[node] = idx
				}
			}
		}
	}
	return errors.Join(errs...)
}
