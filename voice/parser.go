package voice

import (
	"io/fs"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nevsim/cockpit/assets"
)

// Intent is one command found in an utterance, as in SCHEMA.md.
type Intent struct {
	// Intent is the schema name, e.g. "seat.heat" (IntentSeatHeat).
	Intent string `json:"intent"`
	// Slots hold only what the utterance said, normalised: strings for enums
	// and free text, int for levels and counts, float64 for temperatures.
	Slots map[string]any `json:"slots"`
	// Confidence in [0, 1]: how much of the command's words the parser
	// understood. Callers may ask for confirmation below ~0.7.
	Confidence float64 `json:"confidence"`
}

// Result is the parse of one utterance: the JSON line `cockpit parse`
// prints.
type Result struct {
	// Text is the utterance as given, with invalid UTF-8 replaced.
	Text string `json:"text"`
	// Lang is "en" or "zh": the language of the bulk of the utterance.
	Lang string `json:"lang"`
	// Intents are the commands found, in the order spoken; empty (never
	// nil) when nothing in the schema was asked.
	Intents []Intent `json:"intents"`
}

// Parser holds a loaded, validated lexicon and rule set. It is immutable
// after Load, so one Parser may serve any number of goroutines.
type Parser struct {
	trie      *trie
	entries   []entry
	rules     []rule
	replies   map[string]Text
	describes map[string]Text // intent -> template
	words     map[string]Text // "slot.value" -> word
}

// Load reads and validates the voice data files from fsys (the layout of
// the assets folder: voice/lexicon/*.yaml, voice/intents.yaml,
// voice/replies.yaml). Every problem is reported as file:line:col: field:
// message, all of them at once.
func Load(fsys fs.FS) (*Parser, error) {
	p := &Parser{}
	if err := p.loadLexicon(fsys); err != nil {
		return nil, err
	}
	if err := p.loadRules(fsys); err != nil {
		return nil, err
	}
	if err := p.loadReplies(fsys); err != nil {
		return nil, err
	}
	return p, nil
}

var (
	defaultOnce   sync.Once
	defaultParser *Parser
	defaultErr    error
)

// Default returns the parser for the embedded assets, loaded once. The
// embedded files are tested, so an error here means a broken build.
func Default() (*Parser, error) {
	defaultOnce.Do(func() { defaultParser, defaultErr = Load(assets.FS()) })
	return defaultParser, defaultErr
}

// token kinds
const (
	tkTerm  = iota + 1 // a lexicon phrase
	tkNum              // a number
	tkWord             // an unknown Latin-script word
	tkHan              // an unknown Han character
	tkSep              // a hard separator (。！？；，)
	tkComma            // a soft separator (ASCII comma)
)

type token struct {
	start, end int
	kind       uint8
	e          *entry
	num        number
}

func (t *token) flags() uint64 {
	if t.kind == tkTerm {
		return t.e.flags
	}
	return 0
}

// unknown reports whether the token is a word the lexicon does not know.
func (t *token) unknown() bool { return t.kind == tkWord || t.kind == tkHan }

// Token costs for tokenize: the reading with the least total cost wins, so
// a known phrase beats unknown words ("driver | seat heating" rather than
// "driver seat | heating"), and a longer phrase beats two shorter ones.
const (
	costTerm    = 2
	costNumber  = 2
	costHan     = 5 // an unknown Chinese character
	costWord    = 6 // an unknown Latin word
	maxTrieEnds = 16
)

// tokenize tags the normalised text: the cheapest covering of it by lexicon
// phrases, numbers ("一点五" is 1.5, "一点" is "a bit") and unknown words,
// found by dynamic programming from the end.
func (p *Parser) tokenize(s string, toks []token) []token {
	return p.tokenizeBuf(s, toks, nil)
}

// tokenizeBuf is tokenize with the scratch space of st (nil: allocate).
func (p *Parser) tokenizeBuf(s string, toks []token, st *parseState) []token {
	n := len(s)
	var cost []int32
	var pick []token
	if st != nil && cap(st.cost) > n && cap(st.pick) > n {
		cost, pick = st.cost[:n+1], st.pick[:n+1]
	} else {
		cost, pick = make([]int32, n+1), make([]token, n+1)
		if st != nil {
			st.cost, st.pick = cost, pick
		}
	}
	cost[n], pick[n] = 0, token{} // reused buffers hold the last utterance
	var ends [maxTrieEnds]trieEnd
	for i := n - 1; i >= 0; i-- {
		c := s[i]
		if c&0xC0 == 0x80 { // inside a UTF-8 sequence
			cost[i] = 1 << 30
			continue
		}
		if c == ' ' {
			cost[i], pick[i] = cost[i+1], token{start: i, end: i + 1}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '，', '。', '!', '?', ';':
			cost[i], pick[i] = cost[i+size], token{start: i, end: i + size, kind: tkSep}
			continue
		case ',':
			cost[i], pick[i] = cost[i+size], token{start: i, end: i + size, kind: tkComma}
			continue
		}
		best := int32(1 << 30)
		var bt token
		consider := func(t token, c int32) {
			total := c + cost[t.end]
			// ties: the longer first token, then a phrase over a number
			if total < best || total == best && (t.end > bt.end || t.end == bt.end && t.kind == tkTerm && bt.kind == tkNum) {
				best, bt = total, t
			}
		}
		for _, e := range p.trie.ends(s, i, ends[:0]) {
			consider(token{start: i, end: e.end, kind: tkTerm, e: &p.entries[e.entry]}, costTerm)
		}
		if num, ok := readNumber(s, i); ok {
			consider(token{start: i, end: num.end, kind: tkNum, num: num}, costNumber)
		}
		switch {
		case isHan(r):
			consider(token{start: i, end: i + size, kind: tkHan}, costHan)
		case isWordRune(r):
			consider(token{start: i, end: wordEnd(s, i), kind: tkWord}, costWord)
		default:
			consider(token{start: i, end: i + size}, 0) // a lone symbol: no meaning
		}
		cost[i], pick[i] = best, bt
	}
	for i := 0; i < n; {
		t := pick[i]
		if t.end <= i { // cannot happen; guards the loop
			i++
			continue
		}
		if t.kind != 0 {
			toks = append(toks, t)
		}
		i = t.end
	}
	return toks
}

// wordEnd returns the end of the Latin word at i, keeping inner
// apostrophes, hyphens, dots and ampersands ("dunkin'", "co-driver", "pl.").
func wordEnd(s string, i int) int {
	_, size := utf8.DecodeRuneInString(s[i:])
	j := i + size
	for j < len(s) {
		r2, sz := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r2) {
			j += sz
			continue
		}
		if (r2 == '\'' || r2 == '-' || r2 == '.' || r2 == '&') && j+sz < len(s) {
			r3, _ := utf8.DecodeRuneInString(s[j+sz:])
			if isWordRune(r3) {
				j += sz
				continue
			}
		}
		break
	}
	return j
}

// segment is one command's stretch of tokens [from, to).
type segment struct {
	from, to int
	inherit  bool // split off by a soft "and": may borrow the previous action
	post     int  // >0: a post verb at token post-1 owns the whole stretch
}

// isStrong reports whether a token can begin a command.
func isStrong(t *token) bool {
	return t.kind == tkTerm && (t.e.anchor || t.e.flags&(bitLead|bitVerb|bitAsk) != 0)
}

// anchorAhead reports whether a command anchor (not a yes/no word) follows
// token i, or is token i itself, before the next separator or leading verb.
func anchorAhead(toks []token, i int) bool {
	if e := toks[i].e; e != nil && e.anchor && !e.alone {
		return true
	}
	for j := i + 1; j < len(toks); j++ {
		t := &toks[j]
		if t.kind == tkSep || t.kind == tkComma || t.kind == tkNum {
			return false // a number belongs to the command before it
		}
		if t.kind != tkTerm {
			continue
		}
		if t.e.anchor && !t.e.alone {
			return true
		}
		if t.e.flags&(bitLead|bitSep) != 0 {
			return false
		}
	}
	return false
}

// segments splits the token stream into commands.
func segments(toks []token, segs []segment) []segment {
	cur := segment{}
	var keys [8]string
	nkeys := 0
	content := false // something other than fillers after the last anchor
	capturing, weakVerb := false, false
	// weak: a device said only with more words ("degrees", "lights") is
	// in the current command, so a soft "and" before a verb ends it ("set
	// it to 22 degrees and play Jay Chou")
	weak := false
	// Where the current clause began (after the last hard separator), how
	// many segments existed then, and whether a verb was said since: a
	// post verb ("X, take me there") claims the whole clause before it.
	hardFrom, hardSegs, leadSeen := 0, 0, false
	closeAt := func(i int, next int, inherit bool) {
		if i > cur.from {
			cur.to = i
			segs = append(segs, cur)
		}
		cur = segment{from: next, inherit: inherit}
		nkeys, content, capturing, weak = 0, false, false, false
	}
	hasKey := func(k string) bool {
		for _, x := range keys[:nkeys] {
			if x == k {
				return true
			}
		}
		return false
	}
	for i := range toks {
		t := &toks[i]
		f := t.flags()
		if t.kind == tkSep || f&bitSep != 0 {
			closeAt(i, i+1, false)
			hardFrom, hardSegs, leadSeen = i+1, len(segs), false
			continue
		}
		if t.kind == tkTerm && f&bitPost != 0 && f&bitVerb == 0 && !leadSeen {
			segs = segs[:hardSegs]
			cur = segment{from: hardFrom, post: i + 1}
			keys[0], nkeys, content, capturing = t.e.key, 1, false, false
			continue
		}
		if t.kind == tkComma || f&bitConj != 0 {
			j := i + 1
			for j < len(toks) && toks[j].flags()&bitFiller != 0 {
				j++
			}
			if j < len(toks) && isStrong(&toks[j]) && (nkeys > 0 || weak || t.kind == tkComma) {
				closeAt(i, i+1, true)
			}
			continue
		}
		if t.kind == tkTerm {
			e := t.e
			switch {
			case nkeys > 0 && e.alone:
				// yes/no words inside a command are just words
			case nkeys > 0 && e.flags&(bitLead|bitVerb) != 0 && !(e.anchor && hasKey(e.key)) &&
				(content && !capturing || anchorAhead(toks, i)):
				// A leading verb after a complete command starts the next
				// one ("温度调高一点打开车窗"); right after a device it
				// belongs to it ("声音放轻一点"); inside a song title it is
				// part of the title unless a device follows ("播放APT打开空调").
				closeAt(i, i, false)
			case nkeys > 0 && e.anchor && !e.alone && e.flags&bitWeak == 0 && !hasKey(e.key) &&
				(capturing && !weakVerb && len(e.rules) > 0 || !capturing && content):
				closeAt(i, i, false)
			}
			if e.flags&(bitLead|bitVerb) != 0 {
				leadSeen = true
			}
			if e.anchor && e.flags&bitWeak != 0 && !(e.flags&bitVerb != 0) {
				weak = true
				continue // "lights", "degrees", "air": a device only with more words
			}
			if e.anchor {
				if nkeys < len(keys) {
					keys[nkeys] = e.key
					nkeys++
				}
				content = false
				if e.flags&bitVerb != 0 {
					capturing = true
					weakVerb = e.flags&bitWeak != 0
				}
				continue
			}
			if e.flags&(bitFiller|bitStrip) == 0 {
				content = true
			}
			continue
		}
		content = true
	}
	closeAt(len(toks), len(toks), false)
	return segs
}

// parseState is the per-utterance scratch space.
type parseState struct {
	cost    []int32 // tokenizer scratch, reused
	pick    []token
	text    string // the utterance as given
	origin  []span // per byte of norm: where it came from in text
	norm    string
	toks    []token
	segs    []segment
	frames  []frame
	lastAct string
}

// frame is a candidate intent before output.
type frame struct {
	rule   *rule
	slots  map[string]any
	conf   float64
	seg    int
	anchor int // token index of the anchor
}

var statePool = sync.Pool{New: func() any {
	return &parseState{toks: make([]token, 0, 64), segs: make([]segment, 0, 8), frames: make([]frame, 0, 4)}
}}

// Parse parses one utterance, detecting its language.
func (p *Parser) Parse(text string) Result { return p.ParseLang(text, "") }

// ParseLang parses one utterance; lang "en" or "zh" forces the reported
// language (matching is always bilingual, so mixed input works), "" or
// "auto" detects it.
func (p *Parser) ParseLang(text, lang string) Result {
	st := statePool.Get().(*parseState)
	defer statePool.Put(st)
	res := Result{Text: strings.ToValidUTF8(text, "\uFFFD"), Intents: []Intent{}}
	st.text = text
	if st.origin == nil {
		st.origin = make([]span, 0, 256)
	}
	st.norm, st.origin = normalizeMap(text, st.origin[:0])
	if !supported(lang) {
		lang = detectLang(st.norm)
	}
	res.Lang = lang
	st.toks = p.tokenizeBuf(st.norm, st.toks[:0], st)
	// An out-of-scope topic (traffic, weather, oil change…) makes the whole
	// utterance out of scope: a command-like word next to it is almost
	// always part of the question ("take me to the airport by uber"). Inside
	// a song title or a contact it is just a word ("play Purple Rain"),
	// unless it says the request is for video (电视剧, episode). The
	// frames step repeats the check per command (blockedIn).
	titled := false
	for i := range st.toks {
		f := st.toks[i].flags()
		switch v := st.toks[i].e; {
		case st.toks[i].kind == tkSep || f&bitSep != 0:
			titled = false
		case f&bitVerb != 0 && v.value("verb") == "play":
			titled = true
		}
		if f&bitVideo != 0 || f&bitBlock != 0 && !titled {
			return res
		}
	}
	st.segs = segments(st.toks, st.segs[:0])
	st.frames = st.frames[:0]
	st.lastAct = ""
	for si := range st.segs {
		p.segmentFrames(st, si)
	}
	p.selectFrames(st)
	for _, f := range st.frames {
		res.Intents = append(res.Intents, Intent{Intent: f.rule.intent, Slots: f.slots, Confidence: f.conf})
	}
	return res
}

// segmentFrames finds the anchors of one segment and tries their rules.
func (p *Parser) segmentFrames(st *parseState, si int) {
	p.segmentFramesPass(st, si, true)
}

// segmentFramesPass tries the segment's anchors. Weak anchors (a seat said
// as a place, "degrees", "lights") are left out while a strong one is
// present; when the strong ones give no frame, a second pass includes them
// ("把空调调到二十三度": 空调 alone says nothing, 度 makes it a temperature).
func (p *Parser) segmentFramesPass(st *parseState, si int, skipWeak bool) {
	seg := st.segs[si]
	toks := st.toks
	var anchors [8]int
	n := 0
	var blocked, asked, command, strong, titled bool
	for i := seg.from; i < seg.to; i++ {
		t := &toks[i]
		if t.kind != tkTerm {
			continue
		}
		if t.e.flags&bitVerb != 0 && t.e.value("verb") == "play" {
			titled = true // words of a title are not topics
		}
		blocked = blocked || t.e.flags&bitBlock != 0 && !titled
		asked = asked || t.e.flags&bitAsk != 0
		if t.e.anchor && !t.e.alone {
			command = true
			strong = strong || t.e.flags&bitWeak == 0
		}
	}
	if blocked {
		return
	}
	skipWeak = skipWeak && strong
	for i := seg.from; i < seg.to; i++ {
		t := &toks[i]
		if t.kind != tkTerm || !t.e.anchor || n == len(anchors) {
			continue
		}
		if command && t.e.alone {
			continue // "cancel ac": the cancel word only says "off"
		}
		if skipWeak && t.e.flags&bitWeak != 0 {
			continue // "ventilate the passenger seat": the seat is a place here
		}
		if seg.post > 0 && i != seg.post-1 {
			continue // "hot rod cafe … navigate me there": a name, not a command
		}
		if i > seg.from && len(t.e.rules) > 0 && st.norm[t.start] < 0x80 {
			if pr := &toks[i-1]; pr.kind == tkTerm && pr.e.anchor && len(pr.e.rules) == 0 && pr.e.has("device") {
				continue // "mirror warmer": the warmer of an unsupported device
			}
		}
		dup := false
		for _, a := range anchors[:n] {
			if toks[a].e.key == t.e.key {
				dup = true
			}
		}
		if !dup {
			anchors[n] = i
			n++
		}
	}
	if n == 0 {
		return
	}
	if seg.inherit && si > 0 && st.lastAct == "" {
		// "open the trunk and the sunroof": the verb of the clause before
		// carries over even when that clause gave no command.
		prev := st.segs[si-1]
		for i := prev.from; i < prev.to; i++ {
			if t := &toks[i]; t.kind == tkTerm {
				if a := t.e.value("act"); a != "" && a != "set" {
					st.lastAct = a
				}
			}
		}
	}
	firstAnchor := anchors[0]
	first := len(st.frames)
	for k := 0; k < n; k++ {
		ai := anchors[k]
		lo, hi := seg.from, seg.to
		if k > 0 {
			lo = anchors[k-1] + 1
		}
		if k+1 < n {
			hi = anchors[k+1]
		}
		for _, ri := range toks[ai].e.rules {
			r := &p.rules[ri]
			if asked && !r.alone && !hasFiller(r, "capture") && r.intent != IntentVehicleQuery && r.intent != IntentNavETA {
				continue
			}
			f, ok := p.fill(st, r, seg, lo, hi, ai, firstAnchor)
			if ok {
				f.seg, f.anchor = si, ai
				st.frames = append(st.frames, f)
				p.moreSeats(st, r, f, lo, hi)
				break
			}
		}
	}
	// A weak capture verb ("get me", "check") gives way to a device
	// command in the same stretch: "get me an update on the petrol".
	device, weak := false, false
	for _, f := range st.frames[first:] {
		if toks[f.anchor].e.flags&bitWeak != 0 && toks[f.anchor].e.flags&bitVerb != 0 {
			weak = true
		} else {
			device = true
		}
	}
	if device && weak {
		out := st.frames[:first]
		for _, f := range st.frames[first:] {
			if !(toks[f.anchor].e.flags&bitWeak != 0 && toks[f.anchor].e.flags&bitVerb != 0) {
				out = append(out, f)
			}
		}
		st.frames = out
	}
	if skipWeak && len(st.frames) == first {
		p.segmentFramesPass(st, si, false)
	}
}

func hasFiller(r *rule, name string) bool {
	for _, s := range r.slots {
		if s.filler == name {
			return true
		}
	}
	return false
}

// segHas reports whether any token of [from, to) carries tag t.
func segHas(toks []token, from, to int, t tag) bool {
	for i := from; i < to; i++ {
		if toks[i].kind == tkTerm && toks[i].e.hasTag(t) {
			return true
		}
	}
	return false
}

// fill builds the frame of rule r anchored at token ai, or reports false
// when the rule's conditions or required slots are not met.
func (p *Parser) fill(st *parseState, r *rule, seg segment, lo, hi, ai, firstAnchor int) (frame, bool) {
	toks := st.toks
	if len(r.need) > 0 {
		found := false
		for _, t := range r.need {
			if segHas(toks, seg.from, seg.to, t) {
				found = true
				break
			}
		}
		if !found {
			return frame{}, false
		}
	}
	for _, t := range r.not {
		if segHas(toks, seg.from, seg.to, t) {
			return frame{}, false
		}
	}
	slots := make(map[string]any, len(r.slots))
	// Relative (up/down) against absolute (a number): "风量调低一挡" is a
	// step, "turn the fan down to stage 2" a target. A set word (to, 调到)
	// decides for the number; otherwise the direction wins.
	action := p.action(st, r, seg, lo, hi, firstAnchor)
	setWord := segHas(toks, lo, hi, tag{"act", "set"})
	capLo, capHi := -1, -1
	for _, sp := range r.slots {
		var v any
		switch sp.filler {
		case "tag":
			if s := tagIn(toks, lo, hi, sp.kind); s != "" {
				v = s
			}
		case "seat", "zone", "wtarget":
			v = p.seat(toks, lo, hi, sp.filler)
		case "action":
			if action != "" {
				v = action
			}
		case "level", "value", "amount", "speed", "digits":
			v = p.numberSlot(toks, lo, hi, r, sp.filler)
		case "capture", "phone":
			text, clo, chi := p.capture(st, seg, ai, sp.filler, sp.name)
			capLo, capHi = clo, chi
			if text != "" {
				v = text
			}
		}
		if v != nil {
			slots[sp.name] = v
		}
	}
	if _, ok := slots["number"]; ok {
		delete(slots, "contact") // "call 10086": the digits are the number
	}
	// A numeric target and a direction together: keep one (see above).
	for _, name := range []string{"level", "value", "speed", "amount"} {
		if _, ok := slots[name]; ok {
			if a, ok := slots["action"].(string); ok && (a == "up" || a == "down") {
				if setWord {
					delete(slots, "action")
				} else {
					delete(slots, name)
				}
			}
		}
	}
	if cat, ok := slots["category"]; ok && capLo >= 0 {
		// A category word inside a named place ("starbucks restaurant")
		// is part of the name, not the category.
		if _, named := slots["destination"]; named {
			delete(slots, "category")
		}
		_ = cat
	}
	if len(r.require) > 0 {
		ok := false
		for _, req := range r.require {
			if _, has := slots[req]; has {
				ok = true
				break
			}
		}
		if !ok && !(hasFiller(r, "capture") && bareVerb(st, seg, ai)) {
			return frame{}, false
		}
	}
	return frame{rule: r, slots: slots, conf: confidence(toks, seg, capLo, capHi)}, true
}

// moreSeats repeats frame f for every further seat joined by "and"
// ("打开主驾和副驾的座椅加热" heats both seats: two frames).
func (p *Parser) moreSeats(st *parseState, r *rule, f frame, lo, hi int) {
	var name, filler string
	for _, sp := range r.slots {
		if sp.filler == "seat" || sp.filler == "zone" || sp.filler == "wtarget" {
			name, filler = sp.name, sp.filler
		}
	}
	if name == "" {
		return
	}
	first, _ := f.slots[name].(string)
	toks := st.toks
	joined := false
	var seen [6]string
	n := 0
	for i := lo; i < hi; i++ {
		t := &toks[i]
		if t.kind == tkTerm && t.e.flags&bitConj != 0 {
			joined = n > 0
			continue
		}
		v := ""
		if t.kind == tkTerm {
			v = t.e.value("seat")
		}
		if v == "" || v == "all" || n == len(seen) {
			continue
		}
		if n > 0 && !joined {
			return // two seats not joined by "and": not a list
		}
		seen[n] = v
		n++
		joined = false
	}
	for _, v := range seen[min(n, 1):n] {
		val := v
		if filler == "zone" {
			val = zoneOf[v]
		} else if filler == "wtarget" && v == "rear" {
			continue
		}
		if val == first {
			continue
		}
		g := f
		g.slots = make(map[string]any, len(f.slots))
		for k, x := range f.slots {
			g.slots[k] = x
		}
		g.slots[name] = val
		st.frames = append(st.frames, g)
	}
}

// bareVerb reports a segment that is a capture verb and nothing else
// ("navigate", "call", "播放"): the command was given, its object not yet;
// the dialogue asks for it.
func bareVerb(st *parseState, seg segment, ai int) bool {
	if len(st.segs) != 1 {
		return false
	}
	v := st.toks[ai].e.value("verb")
	if v == "" {
		v = st.toks[ai].e.value("post")
	}
	switch v {
	case "navigate", "call", "play":
	default:
		return false // "where are we located" is no bare search
	}
	for i := 0; i < len(st.toks); i++ {
		if i != ai && !trimmable(st.norm, &st.toks[i], false) {
			return false
		}
	}
	return true
}

// confidence rates a frame by how much of its segment the lexicon
// explained: unknown words outside a free-text capture lower it.
func confidence(toks []token, seg segment, capLo, capHi int) float64 {
	known, total := 0, 0
	for i := seg.from; i < seg.to; i++ {
		total++
		if i >= capLo && i < capHi || !toks[i].unknown() {
			known++
		}
	}
	if total == 0 {
		return 0
	}
	c := 0.55 + 0.44*float64(known)/float64(total)
	return math.Round(c*100) / 100
}

// tagIn returns the value of the first tag of kind in [lo, hi).
func tagIn(toks []token, lo, hi int, kind string) string {
	b := bit(kind)
	for i := lo; i < hi; i++ {
		if toks[i].kind == tkTerm && toks[i].e.flags&b != 0 {
			return toks[i].e.value(kind)
		}
	}
	return ""
}

// action picks the rule's action: the last act or state word near the
// anchor that the rule maps, else one from before the first anchor of the
// segment ("打开座椅按摩座椅通风" turns both on), else — for a segment split
// off by "and" — the previous command's action.
func (p *Parser) action(st *parseState, r *rule, seg segment, lo, hi, firstAnchor int) string {
	if len(r.actions) == 0 {
		return ""
	}
	toks := st.toks
	pick := func(from, to int) string {
		out := ""
		for i := from; i < to; i++ {
			t := &toks[i]
			if t.kind != tkTerm {
				continue
			}
			for _, tg := range t.e.tags {
				if tg.kind == "act" || tg.kind == "state" {
					if v, ok := r.actions[tg.value]; ok {
						out = v
					}
				}
			}
		}
		return out
	}
	a := pick(lo, hi)
	if a == "" && lo > seg.from {
		a = pick(seg.from, firstAnchor)
	}
	if a == "" && seg.inherit && st.lastAct != "" {
		if v, ok := r.actions[st.lastAct]; ok {
			a = v
		}
	}
	if a != "" {
		st.lastAct = a
	}
	return a
}

// zoneOf maps seat words to climate zones.
var zoneOf = map[string]string{"driver": "driver", "passenger": "passenger", "rear": "rear", "rear_left": "rear", "rear_right": "rear", "all": "all"}

func (p *Parser) seat(toks []token, lo, hi int, filler string) any {
	best := ""
	for i := lo; i < hi; i++ {
		t := &toks[i]
		if t.kind != tkTerm {
			continue
		}
		v := ""
		if filler == "wtarget" {
			v = t.e.value("wtarget")
		}
		if v == "" && t.e.flags&bitSeat != 0 {
			v = t.e.value("seat")
		}
		if v == "" || filler == "wtarget" && v == "rear" {
			continue // "the rear windows" names no single window target
		}
		if best == "" || best == "all" {
			best = v
		}
	}
	if best == "" {
		return nil
	}
	if filler == "zone" {
		return zoneOf[best]
	}
	return best
}

// unitOf returns the unit bound to the number at token i: glued to it, in
// the next token, or (for "level 3", "stage two") in the previous one.
func unitOf(toks []token, i int) string {
	if toks[i].num.unit != "" {
		return toks[i].num.unit
	}
	if i+1 < len(toks) && toks[i+1].kind == tkTerm {
		if u := toks[i+1].e.value("unit"); u != "" {
			return u
		}
	}
	if i > 0 && toks[i-1].kind == tkTerm {
		if u := toks[i-1].e.value("unit"); u == "level" {
			return u
		}
	}
	return ""
}

// numberSlot finds the number for a numeric slot inside [lo, hi).
func (p *Parser) numberSlot(toks []token, lo, hi int, r *rule, filler string) any {
	var cand []int
	for i := lo; i < hi; i++ {
		t := &toks[i]
		if t.kind == tkNum {
			cand = append(cand, i)
			continue
		}
		if t.kind == tkTerm {
			if filler == "amount" {
				if v := t.e.value("amount"); v != "" {
					f, _ := strconv.ParseFloat(v, 64)
					return trimFloat(f)
				}
			}
			if filler == "level" {
				if v := t.e.value("level"); v != "" {
					f, _ := strconv.ParseFloat(v, 64)
					if inRange(r, f) {
						return int(f)
					}
				}
			}
		}
	}
	want := map[string]string{"level": "level", "value": "deg", "amount": "percent", "speed": "kmh"}[filler]
	pickOK := func(i int) (any, bool) {
		n := toks[i].num
		u := unitOf(toks, i)
		if filler == "digits" {
			if n.digits == "" {
				return nil, false
			}
			return strings.TrimLeft(n.digits, "0") + map[bool]string{true: "0", false: ""}[strings.TrimLeft(n.digits, "0") == ""], true
		}
		if u != "" && u != want && !(filler == "level" && u == "percent") {
			return nil, false
		}
		if !inRange(r, n.value) {
			return nil, false
		}
		switch filler {
		case "level":
			if n.value != math.Trunc(n.value) {
				return nil, false
			}
			return int(n.value), true
		default:
			return trimFloat(n.value), true
		}
	}
	// First a number with the wanted unit, then any acceptable one.
	for _, i := range cand {
		if unitOf(toks, i) == want {
			if v, ok := pickOK(i); ok {
				return v
			}
		}
	}
	for _, i := range cand {
		if v, ok := pickOK(i); ok {
			return v
		}
	}
	return nil
}

// trimFloat returns whole numbers as int so JSON shows 24, not 24.0
// (encoding/json prints both as 24 anyway; ints keep callers simple).
func trimFloat(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1e9 {
		return int(f)
	}
	return f
}

func inRange(r *rule, v float64) bool {
	return !r.hasRange || v >= r.lo && v <= r.hi
}

// trimmable reports whether a token may be cut from the edge of free text.
// Chinese filler characters (你, 我, 太) are often part of a title ("播放你",
// "太想念"), so only the ones also listed as strip words are cut; a single
// character source word stays at the right edge ("生活规律歌").
func trimmable(s string, t *token, right bool) bool {
	return trimmableIn(s, t, right, false)
}

// trimmableIn is trimmable for a title (title: a song or station name),
// where plain filler words are part of the name ("My Way", "This Love")
// and only strip words (the, a, some, please) are cut.
func trimmableIn(s string, t *token, right, title bool) bool {
	if title && t.kind == tkTerm && t.e.flags&bitFiller != 0 && t.e.flags&(bitStrip|bitAsk|bitLead|bitSource) == 0 {
		return false
	}
	if t.kind != tkTerm {
		return false
	}
	f := t.e.flags
	r, size := utf8.DecodeRuneInString(s[t.start:])
	han := isHan(r)
	switch {
	case f&bitStrip != 0:
		return true
	case f&bitSource != 0:
		return !(right && han && t.end-t.start == size)
	case han && f&bitAct != 0 && t.end-t.start > size:
		return true // "我要放音乐打开": a trailing 打开 is no title
	case han:
		return false
	case right && f&(bitFiller|bitMod|bitDegree) != 0 && f&(bitAsk|bitLead) == 0:
		return false // "Someone Like You": a title may end in "you"
	case f&(bitFiller|bitMod|bitAsk|bitLead|bitDegree) != 0:
		return true
	}
	return f&bitAct != 0 && t.e.value("act") == "set"
}

// capture returns the free text of a capture rule anchored at ai: after a
// verb ("navigate to X"), before a post verb ("X, take me there"), trimmed
// of fillers. For "phone" it returns the digits when the text is a number.
func (p *Parser) capture(st *parseState, seg segment, ai int, filler, slot string) (string, int, int) {
	toks := st.toks
	e := toks[ai].e
	post := e.flags&bitPost != 0 && e.flags&bitVerb == 0
	// A verb takes the words after it, a post verb those before it; never
	// the other side ("root an android phone" is not a call).
	sides := [1][2]int{{ai + 1, seg.to}}
	if post {
		sides[0] = [2]int{seg.from, ai}
	}
	for _, sd := range sides {
		lo, hi := sd[0], sd[1]
		// stop at another anchor inside the stretch
		for i := lo; i < hi; i++ {
			if toks[i].kind == tkTerm && toks[i].e.flags&bitStop != 0 && !post {
				hi = i // "pizza for not more than 20 bucks"
				break
			}
			if toks[i].kind == tkTerm && toks[i].e.anchor && len(toks[i].e.rules) > 0 && !toks[i].e.alone && toks[i].e.key != e.key && seg.post == 0 {
				if sd == sides[0] && !post {
					hi = i
				} else {
					lo = i + 1
				}
			}
		}
		edge := func(t *token, right bool) bool {
			if t.kind == tkTerm && t.e.anchor && t.e.key == e.key {
				// a second verb of the same kind ("来一首…") but not a one-
				// character one that may start a title ("听闻远方有你")
				r, size := utf8.DecodeRuneInString(st.norm[t.start:])
				return !(isHan(r) && t.end-t.start == size)
			}
			return trimmableIn(st.norm, t, right, slot == "query") || t.kind == tkComma
		}
		for lo < hi && edge(&toks[lo], false) {
			lo++
		}
		for hi > lo && edge(&toks[hi-1], true) {
			hi--
		}
		if lo >= hi {
			continue
		}
		// A stretch made only of category words is a category, not a name.
		allCat := true
		for i := lo; i < hi; i++ {
			if toks[i].kind != tkTerm || toks[i].e.flags&bitCat == 0 {
				allCat = false
			}
		}
		if allCat {
			return "", lo, hi
		}
		if slot == "destination" {
			// A place name holds a word the lexicon does not know, or a
			// number: "find me an update on the current …" is no place.
			named := false
			for i := lo; i < hi; i++ {
				if toks[i].unknown() || toks[i].kind == tkNum || toks[i].kind == tkTerm && toks[i].e.flags&bitWord != 0 {
					named = true
					break
				}
			}
			if !named {
				return "", -1, -1
			}
		}
		if filler == "phone" {
			// "call 10086", "dial 555 1234", "拨打幺三八…": digits only
			var digits strings.Builder
			for i := lo; i < hi; i++ {
				if toks[i].kind != tkNum || toks[i].num.value != math.Trunc(toks[i].num.value) {
					return "", lo, hi
				}
				digits.WriteString(toks[i].num.digits)
			}
			if digits.Len() >= 3 {
				return digits.String(), lo, hi
			}
			return "", lo, hi
		}
		return st.freeText(toks[lo].start, toks[hi-1].end), lo, hi
	}
	return "", -1, -1
}

// freeText returns the words of norm[from:to] as written in the original
// utterance (case kept: "APT", "Jay Chou"), tidied.
func (st *parseState) freeText(from, to int) string {
	if to <= from || to > len(st.origin) {
		return strings.TrimSpace(st.norm[from:to])
	}
	a, b := st.origin[from].from, st.origin[to-1].to
	if a < 0 || b > int32(len(st.text)) || a >= b {
		return strings.TrimSpace(st.norm[from:to])
	}
	return strings.TrimSpace(cleanSpan(st.text[a:b]))
}

// selectFrames applies utterance-level choices: "alone" rules (yes, no,
// cancel, help) only stand when nothing else was asked and little was not
// understood, and only the highest-priority one of them survives.
func (p *Parser) selectFrames(st *parseState) {
	others := 0
	for _, f := range st.frames {
		if !f.rule.alone {
			others++
		}
	}
	// Yes/no/cancel/help must be the whole utterance: one unknown word or
	// an unsupported device ("help, my engine light is on") and it is not.
	unsupported := false
	for i := range st.toks {
		if t := &st.toks[i]; t.kind == tkTerm && t.e.anchor && len(t.e.rules) == 0 {
			unsupported = true
		}
	}
	out := st.frames[:0]
	var best *frame
	for i := range st.frames {
		f := st.frames[i]
		if !f.rule.alone {
			out = append(out, f)
			continue
		}
		if others > 0 || f.conf < 0.99 || unsupported {
			continue
		}
		if best == nil || f.rule.priority > best.rule.priority {
			fc := f
			best = &fc
		}
	}
	if best != nil {
		out = append(out, *best)
	}
	// Two identical frames from one segment (a device said twice) are one.
	st.frames = out
}

// Explain returns the tokens and command segments the parser sees in text,
// one per line, for designers tuning the lexicon (`cockpit parse --explain`).
func (p *Parser) Explain(text string) string {
	norm := normalize(text)
	toks := p.tokenize(norm, nil)
	segs := segments(toks, nil)
	var b strings.Builder
	si := 0
	for i, t := range toks {
		for si < len(segs) && segs[si].from == i {
			b.WriteString("-- command\n")
			si++
		}
		b.WriteString(strconv.Quote(norm[t.start:t.end]))
		switch t.kind {
		case tkTerm:
			for _, tg := range t.e.tags {
				b.WriteString(" " + tg.String())
			}
		case tkNum:
			b.WriteString(" number=" + strconv.FormatFloat(t.num.value, 'g', -1, 64) + " digits=" + t.num.digits)
			if t.num.unit != "" {
				b.WriteString(" unit=" + t.num.unit)
			}
		case tkSep, tkComma:
			b.WriteString(" separator")
		default:
			b.WriteString(" ?")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// fragment is what an utterance without a command of its own says, for
// the dialogue to complete an earlier one: a seat ("the passenger too"), a
// direction ("再高一点", "warmer" gives a command itself), a number ("24").
type fragment struct {
	seat    string
	act     string
	num     float64
	hasNum  bool
	unknown int // words the lexicon does not know
}

func (p *Parser) fragment(text string) fragment {
	st := statePool.Get().(*parseState)
	defer statePool.Put(st)
	st.norm = normalize(text)
	st.toks = p.tokenizeBuf(st.norm, st.toks[:0], st)
	var f fragment
	for i := range st.toks {
		t := &st.toks[i]
		switch t.kind {
		case tkNum:
			if !f.hasNum {
				f.num, f.hasNum = t.num.value, true
			}
		case tkWord, tkHan:
			f.unknown++
		case tkTerm:
			if v := t.e.value("seat"); v != "" && f.seat == "" {
				f.seat = v
			}
			if v := t.e.value("act"); v != "" && v != "set" {
				f.act = v
			}
			if v := t.e.value("state"); v == "high" && f.act == "" {
				f.act = "down"
			} else if v == "low" && f.act == "" {
				f.act = "up"
			}
		}
	}
	return f
}
