package voice

import (
	"sort"
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Place is a named destination the caller (the map) makes sayable. The
// voice package defines its own small type so that it does not depend on
// the map package; the caller converts.
type Place struct {
	// ID is the caller's identifier, returned in Command slots as place_id.
	ID string
	// NameEN and NameZH are the names as shown on the map.
	NameEN string
	NameZH string
	// Pinyin of NameZH, syllables separated by spaces ("daxing jichang").
	// Derived from NameZH when empty.
	Pinyin string
	// Category is a schema category (airport, charging, …) or "".
	Category string
}

// Match is a place found for a spoken name, with a score in (0, 1]:
// 1 for the exact name, less for partial names, homophones and typos.
type Match struct {
	Place Place   // the place found
	Score float64 // 1 for the exact name; MinMatchScore or more to be trusted
}

// Gazetteer resolves spoken place names to Places. Speech recognisers
// write Chinese names with the wrong characters of the same sound (回龙观
// as 回龙官) and English ones with small misspellings, so matching compares
// pinyin syllables and tolerates small edit distances, and accepts a part
// of the name ("Daxing Airport" for "Beijing Daxing International Airport").
type Gazetteer struct {
	places []Place
	keys   [][]gazKey
}

// gazKey is one spelling of a place as a list of units: words for Latin
// script, characters for Han, syllables for pinyin.
type gazKey struct {
	units  []string
	pinyin bool
}

// MinMatchScore is the score below which Lookup reports no match.
const MinMatchScore = 0.7

// NewGazetteer indexes places. It copies the slice; Places are values.
func NewGazetteer(places []Place) *Gazetteer {
	g := &Gazetteer{places: append([]Place(nil), places...)}
	for i := range g.places {
		pl := &g.places[i]
		if pl.Pinyin == "" && pl.NameZH != "" {
			pl.Pinyin = strings.Join(toPinyin(pl.NameZH), " ")
		}
		var ks []gazKey
		if pl.NameEN != "" {
			ks = append(ks, gazKey{units: nameUnits(pl.NameEN)})
		}
		if pl.NameZH != "" {
			ks = append(ks, gazKey{units: nameUnits(pl.NameZH)})
		}
		if pl.Pinyin != "" {
			ks = append(ks, gazKey{units: pinyinUnits(pl.Pinyin), pinyin: true})
		}
		g.keys = append(g.keys, ks)
	}
	return g
}

// Len returns the number of places.
func (g *Gazetteer) Len() int {
	if g == nil {
		return 0
	}
	return len(g.places)
}

// Lookup returns the best place for name, if one scores MinMatchScore or
// more.
func (g *Gazetteer) Lookup(name string) (Match, bool) {
	c := g.Candidates(name, 1)
	if len(c) == 0 || c[0].Score < MinMatchScore {
		return Match{}, false
	}
	return c[0], true
}

// Candidates returns up to n places for name, best first (score > 0).
func (g *Gazetteer) Candidates(name string, n int) []Match {
	if g == nil || n <= 0 {
		return nil
	}
	if r := []rune(name); len(r) > 64 { // names are short; bound the work
		name = string(r[:64])
	}
	q := nameUnits(name)
	if len(q) == 0 {
		return nil
	}
	var qp []string
	if hasHan(name) {
		qp = toPinyin(name)
	} else {
		qp = pinyinUnits(name) // "daxing jichang" said in pinyin
	}
	var out []Match
	for i, ks := range g.keys {
		best := 0.0
		for _, k := range ks {
			var s float64
			if k.pinyin {
				s = similarity(qp, k.units) * 0.97 // a homophone is a little less sure
			} else {
				s = similarity(q, k.units)
			}
			best = max(best, s)
		}
		if best > 0 {
			out = append(out, Match{Place: g.places[i], Score: round2(best)})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Score > out[b].Score })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// nameUnits splits a name into comparable units: lower-case words, single
// Han characters; punctuation and a leading article are dropped.
func nameUnits(s string) []string {
	var out []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			out = append(out, w.String())
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case isHan(r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		case r == '\'':
		default:
			flush()
		}
	}
	flush()
	if len(out) > 1 && (out[0] == "the" || out[0] == "a") {
		out = out[1:]
	}
	return out
}

// pinyinUnits splits written pinyin ("Daxing Jichang", "daxing-jichang")
// into syllable-ish words; tone digits are dropped.
func pinyinUnits(s string) []string {
	units := nameUnits(s)
	for i, u := range units {
		units[i] = strings.TrimRight(u, "012345")
	}
	// Written pinyin may glue syllables ("daxing" for "da xing");
	// similarity compares the glued forms as well, so no split is needed.
	return units
}

var pinyinArgs = pinyin.NewArgs() // tone-less, first reading

// toPinyin converts the Han characters of s to pinyin syllables; other
// characters pass through as words.
func toPinyin(s string) []string {
	var out []string
	for _, u := range nameUnits(s) {
		r := []rune(u)
		if len(r) == 1 && isHan(r[0]) {
			if py := pinyin.SinglePinyin(r[0], pinyinArgs); len(py) > 0 {
				out = append(out, py[0])
				continue
			}
		}
		out = append(out, u)
	}
	return out
}

// similarity compares a spoken name q with a place key k, both as units.
func similarity(q, k []string) float64 {
	if len(q) == 0 || len(k) == 0 {
		return 0
	}
	qs, ks := strings.Join(q, ""), strings.Join(k, "")
	if qs == ks {
		return 1
	}
	best := 0.0
	// Typos: edit distance over the glued letters/characters.
	ql, kl := len([]rune(qs)), len([]rune(ks))
	if d := editDistance(qs, ks, 3); d >= 0 {
		long := max(ql, kl)
		allowed := 1
		if long > 6 {
			allowed = 2
		}
		if long > 12 {
			allowed = 3
		}
		if d <= allowed {
			best = max(best, 0.95-0.08*float64(d))
		}
	}
	// A part of the name, in order ("daxing airport" in "beijing daxing
	// international airport"), each unit allowing one typo when long.
	if len(q) < len(k) && subsequence(q, k) {
		ratio := float64(ql) / float64(kl)
		s := 0.72 + 0.2*ratio
		// The last word of a name is its head noun: "Daxing Airport" is
		// the airport, not "Daxing Airport car park P2".
		if unitEqual(q[len(q)-1], k[len(k)-1]) {
			s = min(s+0.08, 0.99)
		}
		best = max(best, s)
	}
	return best
}

// subsequence reports whether the units of q appear in k in order.
func subsequence(q, k []string) bool {
	j := 0
	for _, u := range k {
		if j < len(q) && unitEqual(q[j], u) {
			j++
		}
	}
	return j == len(q)
}

func unitEqual(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) >= 5 && len(b) >= 5 {
		return editDistance(a, b, 1) >= 0
	}
	return false
}

// editDistance returns the Levenshtein distance of a and b in runes, or
// -1 when it exceeds limit (computed in O(len·limit) time).
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 128 || len(rb) > 128 {
		return -1
	}
	if abs(len(ra)-len(rb)) > limit {
		return -1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return -1
		}
		prev, cur = cur, prev
	}
	if prev[len(rb)] > limit {
		return -1
	}
	return prev[len(rb)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
