package voice

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// devDir is the shared development set, relative to this package (the repo
// root is one level up). It lives outside the repository: the test skips
// when it is absent.
const devDir = "../../shared/voice/dev"

// devFloors are the figures the parser reached on the dev set, per
// language. They only ever go up: raise them when the parser improves, and
// never lower them to make a change pass (see docs/voice.md).
var devFloors = map[string]devScore{
	"en": {InScope: 0.9967, FalseAccept: 0.0118, Exact: 0.9907, SlotF1: 0.9863},
	"zh": {InScope: 0.9910, FalseAccept: 0.0134, Exact: 0.9839, SlotF1: 0.9875},
}

type devScore struct {
	N, NInScope, NReject int
	InScope              float64 // intent match over utterances with gold frames
	FalseAccept          float64 // any intent over utterances with gold []
	Exact                float64 // exact frame over all utterances
	SlotF1               float64 // micro F1 over (intent, slot, value)
}

type devLine struct {
	ID   string `json:"id"`
	Lang string `json:"lang"`
	Text string `json:"text"`
	Gold []struct {
		Intent string         `json:"intent"`
		Slots  map[string]any `json:"slots"`
	} `json:"gold"`
}

func loadDevSet(t testing.TB) []devLine {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(devDir, "*.jsonl"))
	if len(files) == 0 {
		t.Skipf("no dev set at %s", devDir)
	}
	out, err := readDevFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loadDevSetOptional returns the dev set, or nothing when it is absent.
func loadDevSetOptional() []devLine {
	files, _ := filepath.Glob(filepath.Join(devDir, "*.jsonl"))
	out, _ := readDevFiles(files)
	return out
}

func readDevFiles(files []string) ([]devLine, error) {
	sort.Strings(files)
	var out []devLine
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var l devLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				fh.Close()
				return nil, fmt.Errorf("%s: %v", f, err)
			}
			out = append(out, l)
		}
		fh.Close()
	}
	return out, nil
}

// TestDevSet scores the parser on the shared dev set with the rules of
// score.py (SCHEMA.md) and fails below the floors.
func TestDevSet(t *testing.T) {
	lines := loadDevSet(t)
	p := mustDefault(t)
	type acc struct {
		n, nIn, inOK, nRej, fa, exact int
		tp, fp, fn                    int
	}
	by := map[string]*acc{}
	var misses []string
	for _, l := range lines {
		a := by[l.Lang]
		if a == nil {
			a = &acc{}
			by[l.Lang] = a
		}
		res := p.Parse(l.Text)
		var gold, pred []scoredFrame
		for _, g := range l.Gold {
			gold = append(gold, frameItems(g.Intent, g.Slots))
		}
		for _, in := range res.Intents {
			pred = append(pred, frameItems(in.Intent, in.Slots))
		}
		s := scoreUtterance(gold, pred)
		a.n++
		a.tp += s.tp
		a.fp += s.fp
		a.fn += s.fn
		if s.exact {
			a.exact++
		}
		if len(gold) == 0 {
			a.nRej++
			if len(pred) > 0 {
				a.fa++
			}
		} else {
			a.nIn++
			if s.intentOK {
				a.inOK++
			}
		}
		if !s.exact && len(misses) < 40 {
			b, _ := json.Marshal(res.Intents)
			misses = append(misses, fmt.Sprintf("%s %q → %s", l.ID, l.Text, b))
		}
	}
	for _, lang := range []string{"en", "zh"} {
		a := by[lang]
		if a == nil {
			t.Errorf("no %s utterances in the dev set", lang)
			continue
		}
		prec, rec := ratio(a.tp, a.tp+a.fp), ratio(a.tp, a.tp+a.fn)
		got := devScore{
			N: a.n, NInScope: a.nIn, NReject: a.nRej,
			InScope: ratio(a.inOK, a.nIn), FalseAccept: ratio(a.fa, a.nRej),
			Exact: ratio(a.exact, a.n), SlotF1: 2 * prec * rec / max(prec+rec, 1e-9),
		}
		t.Logf("%s: n=%d in-scope %.1f%% (n=%d)  false accepts %.1f%% (n=%d)  exact %.1f%%  slot F1 %.1f%%",
			lang, got.N, 100*got.InScope, got.NInScope, 100*got.FalseAccept, got.NReject, 100*got.Exact, 100*got.SlotF1)
		if testing.Verbose() {
			t.Logf("%s exact figures: %+v", lang, got)
		}
		f := devFloors[lang]
		if got.InScope < f.InScope || got.FalseAccept > f.FalseAccept || got.Exact < f.Exact || got.SlotF1 < f.SlotF1 {
			t.Errorf("%s below the floor %+v: got %+v", lang, f, got)
		}
	}
	if t.Failed() {
		for _, m := range misses {
			t.Log("miss:", m)
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scoredFrame is a frame reduced as score.py does: schema slots only, with
// normalised values.
type scoredFrame struct {
	intent string
	slots  map[string]string
}

func (f scoredFrame) key() string {
	keys := make([]string, 0, len(f.slots))
	for k, v := range f.slots {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return f.intent + "|" + strings.Join(keys, "&")
}

func frameItems(intent string, slots map[string]any) scoredFrame {
	f := scoredFrame{intent: intent, slots: map[string]string{}}
	allowed := schemaSlots[intent]
	for k, v := range slots {
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if ok {
			f.slots[k] = normValue(k, v)
		}
	}
	return f
}

func normValue(slot string, v any) string {
	switch x := v.(type) {
	case bool:
		return fmt.Sprintf("bool:%v", x)
	case int:
		return fmt.Sprintf("num:%g", float64(x))
	case float64:
		return fmt.Sprintf("num:%g", x)
	case string:
		if slot == "destination" || slot == "query" || slot == "contact" {
			return "text:" + normFree(x)
		}
		return "str:" + x
	}
	b, _ := json.Marshal(v)
	return "json:" + string(b)
}

// normFree is score.py's norm_free: lower case, a leading "the" dropped,
// white space, punctuation and symbols removed.
func normFree(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	if strings.HasPrefix(s, "the ") || strings.HasPrefix(s, "the\t") {
		s = s[4:]
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type uttScore struct {
	intentOK, exact bool
	tp, fp, fn      int
}

func scoreUtterance(gold, pred []scoredFrame) uttScore {
	count := func(fs []scoredFrame, key func(scoredFrame) []string) map[string]int {
		m := map[string]int{}
		for _, f := range fs {
			for _, k := range key(f) {
				m[k]++
			}
		}
		return m
	}
	names := func(f scoredFrame) []string { return []string{f.intent} }
	triples := func(f scoredFrame) []string {
		var out []string
		for k, v := range f.slots {
			out = append(out, f.intent+"|"+k+"|"+v)
		}
		return out
	}
	whole := func(f scoredFrame) []string { return []string{f.key()} }
	eq := func(a, b map[string]int) bool {
		if len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if b[k] != v {
				return false
			}
		}
		return true
	}
	var s uttScore
	s.intentOK = eq(count(gold, names), count(pred, names))
	gt, pt := count(gold, triples), count(pred, triples)
	gn, pn := 0, 0
	for k, v := range gt {
		s.tp += min(v, pt[k])
		gn += v
	}
	for _, v := range pt {
		pn += v
	}
	s.fp, s.fn = pn-s.tp, gn-s.tp
	s.exact = s.intentOK && eq(count(gold, whole), count(pred, whole))
	return s
}
