package voice

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", "turn on seat heating and take me home", "打开主驾座椅加热然后导航回家", "打开 AC",
	"set the temperature to twenty two and a half degrees", "温度调到二十二度半", "百分之五十",
	"拨打幺八幺零四六六六六二零", "\xff\xfe", "\x00\x01", "a/c 22°c", "，，，。。。", "and and and then",
	"navigate to", "play", "call", "再高一点", "the passenger too", "yes", "不", strings.Repeat("打开空调", 300),
}

// FuzzParse: no panic, a well-formed result, and bounded work: whatever
// follows the first MaxParseRunes runes cannot change the answer, so the
// time per utterance is linear in its length (reading it) plus a constant.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	p := mustDefault(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := p.Parse(s)
		checkResult(t, s, r)
		if utf8.RuneCountInString(s) > 2*MaxParseRunes {
			r2 := p.Parse(s + " and turn on the ac 打开空调")
			if frames(r2.Intents) != frames(r.Intents) {
				t.Fatalf("text past the parse limit changed the answer for %q", s)
			}
		}
	})
}

// FuzzSession: a conversation of arbitrary lines never panics, always
// replies, and keeps its state consistent.
func FuzzSession(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, uint8(0))
	}
	f.Add("turn on my seat heating\nwarmer\nthe passenger too\nengage l3\nyes\nundo", uint8(120))
	f.Add("open the window\nno\n打开车窗\n副驾\n回家\n再高一点", uint8(90))
	p := mustDefault(f)
	f.Fuzz(func(t *testing.T, conv string, speed uint8) {
		zone := []string{"", SeatDriver, SeatPassenger, SeatRearLeft}[speed%4]
		s := NewSession(p, SessionOptions{Zone: zone, Places: testPlaces})
		s.SetLabels([]Label{{Text: "Massage: Wave"}, {Text: "按摩：波浪"}})
		lines := strings.Split(conv, "\n")
		if len(lines) > 50 {
			lines = lines[:50]
		}
		for _, line := range lines {
			turn := s.Handle(line, Context{SpeedKmh: float64(speed)})
			if turn.Reply == "" || !utf8.ValidString(turn.Reply) {
				t.Fatalf("turn %q: empty or invalid reply %q", line, turn.Reply)
			}
			if turn.Awaiting != s.Awaiting() {
				t.Fatalf("turn %q: Awaiting %q but session says %q", line, turn.Awaiting, s.Awaiting())
			}
			if (turn.Awaiting != AwaitNothing) != (len(turn.Pending) > 0) {
				t.Fatalf("turn %q: awaiting %q with %d pending", line, turn.Awaiting, len(turn.Pending))
			}
			for _, c := range turn.Commands {
				if _, ok := schemaSlots[c.Intent]; !ok {
					t.Fatalf("turn %q: command %q not in the schema", line, c.Intent)
				}
			}
		}
	})
}
