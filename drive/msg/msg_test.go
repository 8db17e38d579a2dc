package msg

import (
	"math"
	"testing"
)

func TestMessagesLogTheSameEveryTime(t *testing.T) {
	m := New("sim.slow", Term("what", "word.fog"), Num("km", 1.25, 1), Int("lane", 2), Place("to", "airport"),
		Sub("why", New("sim.why", Text("name", `a "quoted" name`))), Num("bad", math.NaN(), 0))
	want := `{"key":"sim.slow","args":{"what":"word.fog","km":1.2,"lane":2,"to":"airport","why":{"key":"sim.why","args":{"name":"a \"quoted\" name"}},"bad":null}}`
	if got := string(m.AppendJSON(nil)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// a NaN has no words: "—", never a false 0 (it was shown as "0 m")
	if got := m.String(); got != `sim.slow(what=word.fog, km=1.2, lane=2, to=airport, why=sim.why(name=a "quoted" name), bad=—)` {
		t.Errorf("String: %s", got)
	}
	if a := Num("x", math.Inf(1), 1); !a.NoValue || a.FormatNum() != "—" {
		t.Errorf("an infinity: %+v shown %q", a, a.FormatNum())
	}
	if got := string(New("k").AppendJSON(nil)); got != `{"key":"k"}` {
		t.Errorf("no args: %s", got)
	}
	if !(Msg{}).IsZero() || New("k").IsZero() {
		t.Error("IsZero")
	}
	// a hand-built message argument without its message logs null, not a panic
	if got := string(Msg{Key: "k", Args: []Arg{{Name: "x", Kind: KindMsg}}}.AppendJSON(nil)); got != `{"key":"k","args":{"x":null}}` {
		t.Errorf("nil sub: %s", got)
	}
}
