package voice

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// checkResult asserts what every parse must satisfy, whatever the input.
func checkResult(t interface{ Fatalf(string, ...any) }, in string, r Result) {
	if !utf8.ValidString(r.Text) {
		t.Fatalf("Parse(%q): text is not valid UTF-8", in)
	}
	if r.Lang != "en" && r.Lang != "zh" {
		t.Fatalf("Parse(%q): lang %q", in, r.Lang)
	}
	if r.Intents == nil {
		t.Fatalf("Parse(%q): nil intents (must print as [])", in)
	}
	for _, it := range r.Intents {
		schema, ok := schemaSlots[it.Intent]
		if !ok {
			t.Fatalf("Parse(%q): intent %q is not in the schema", in, it.Intent)
		}
		for k, v := range it.Slots {
			found := false
			for _, s := range schema {
				found = found || s == k
			}
			if !found {
				t.Fatalf("Parse(%q): %s has non-schema slot %q", in, it.Intent, k)
			}
			switch v.(type) {
			case string, int, float64:
			default:
				t.Fatalf("Parse(%q): slot %s=%v has type %T", in, k, v, v)
			}
			if s, ok := v.(string); ok && (s == "" || !utf8.ValidString(s)) {
				t.Fatalf("Parse(%q): slot %s is empty or invalid text", in, k)
			}
		}
		if it.Confidence <= 0 || it.Confidence > 1 {
			t.Fatalf("Parse(%q): confidence %v", in, it.Confidence)
		}
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("Parse(%q): %v", in, err)
	}
}

// phrases mixes command words, numbers, fillers and junk so that random
// utterances hit the parser's paths, not only its "nothing found" one.
var phrases = []string{
	"turn on", "off", "the", "seat heating", "driver", "passenger", "level", "three", "22", "degrees",
	"and", "then", "navigate to", "home", "play", "call", "please", "warmer", "a bit", "window", "open",
	"打开", "关闭", "空调", "温度", "调到", "二十二", "度", "然后", "导航到", "播放", "周杰伦", "的歌", "副驾",
	"座椅加热", "一点", "再", "，", ",", "。", "AC", "百分之", "五十", "一半", "幺八幺", "zzz", "\x00", "\xff",
	"nearest", "charging station", "最近的", "充电站", "yes", "不", "取消", "🙂", "   ",
}

func TestPropParseIsTotal(t *testing.T) {
	p := mustDefault(t)
	rapid.Check(t, func(rt *rapid.T) {
		var in string
		if rapid.Bool().Draw(rt, "free") {
			in = rapid.String().Draw(rt, "text")
		} else {
			parts := rapid.SliceOfN(rapid.SampledFrom(phrases), 0, 12).Draw(rt, "parts")
			in = strings.Join(parts, rapid.SampledFrom([]string{" ", ""}).Draw(rt, "sep"))
		}
		r := p.Parse(in)
		checkResult(rt, in, r)
		// Scratch space is reused between calls: an unrelated parse in
		// between must not change the answer.
		p.Parse(rapid.String().Draw(rt, "other"))
		if r2 := p.Parse(in); frames(r2.Intents) != frames(r.Intents) {
			rt.Fatalf("Parse(%q) is not deterministic", in)
		}
	})
}

func TestPropNormalizeIdempotent(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s := rapid.String().Draw(rt, "s")
		n := normalize(s)
		if normalize(n) != n {
			rt.Fatalf("normalize not idempotent on %q: %q then %q", s, n, normalize(n))
		}
		if !utf8.ValidString(n) || utf8.RuneCountInString(n) > MaxParseRunes {
			rt.Fatalf("normalize(%q) = %q", s, n)
		}
	})
}

// spellEnglish writes 0 ≤ n < 1000 in words, the way people say it.
func spellEnglish(n int, and bool) string {
	units := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tens := []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
	var parts []string
	if n >= 100 {
		parts = append(parts, units[n/100], "hundred")
		n %= 100
		if n == 0 {
			return strings.Join(parts, " ")
		}
		if and {
			parts = append(parts, "and")
		}
	}
	switch {
	case n < 20:
		parts = append(parts, units[n])
	case n%10 == 0:
		parts = append(parts, tens[n/10])
	default:
		parts = append(parts, tens[n/10], units[n%10])
	}
	return strings.Join(parts, " ")
}

// spellChinese writes 0 ≤ n < 10000 in Chinese numerals (十九, 一百零五).
func spellChinese(n int) string {
	d := []rune("零一二三四五六七八九")
	if n == 0 {
		return "零"
	}
	if n >= 10 && n < 20 {
		if n == 10 {
			return "十"
		}
		return "十" + string(d[n%10])
	}
	var b strings.Builder
	units := []struct {
		v int
		r string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}}
	zero := false
	started := false
	for _, u := range units {
		q := n / u.v % 10
		if q == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteRune('零')
			zero = false
		}
		b.WriteRune(d[q])
		b.WriteString(u.r)
		started = true
	}
	return b.String()
}

func TestPropEnglishNumbers(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 999).Draw(rt, "n")
		s := spellEnglish(n, rapid.Bool().Draw(rt, "and"))
		got, ok := readNumber(s, 0)
		if !ok || got.value != float64(n) || got.end != len(s) {
			rt.Fatalf("readNumber(%q) = %+v, want %d", s, got, n)
		}
	})
}

func TestPropChineseNumbers(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 9999).Draw(rt, "n")
		s := spellChinese(n)
		got, ok := readNumber(s, 0)
		if !ok || got.value != float64(n) || got.end != len(s) {
			rt.Fatalf("readNumber(%q) = %+v, want %d", s, got, n)
		}
	})
}

// TestPropTemperatureInAnyForm: a temperature said in digits, English words
// or Chinese numerals gives the same value.
func TestPropTemperatureInAnyForm(t *testing.T) {
	p := mustDefault(t)
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(16, 31).Draw(rt, "n")
		half := rapid.Bool().Draw(rt, "half")
		want := float64(n)
		var in string
		switch rapid.IntRange(0, 2).Draw(rt, "form") {
		case 0:
			in = "set the temperature to " + itoa(n)
			if half {
				in += ".5"
			}
			in += " degrees"
		case 1:
			in = "set the temperature to " + spellEnglish(n, false)
			if half {
				in += " and a half"
			}
			in += " degrees"
		case 2:
			in = "温度调到" + spellChinese(n) + "度"
			if half {
				in += "半"
			}
		}
		if half {
			want += 0.5
		}
		r := p.Parse(in)
		if len(r.Intents) != 1 || r.Intents[0].Intent != "climate.temp" || toFloat(r.Intents[0].Slots["value"]) != want {
			rt.Fatalf("Parse(%q) = %s, want climate.temp value %v", in, frames(r.Intents), want)
		}
	})
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return -1
}

// single-command utterances and their frames, for composition properties.
var singles = []struct{ en, zh, want string }{
	{"turn on the seat heating", "打开座椅加热", "seat.heat{action=on}"},
	{"turn off the ac", "关闭AC", "climate.ac{action=off}"},
	{"set the fan to level 3", "风量调到三档", "climate.fan{level=3}"},
	{"open the sunroof", "打开天窗", "cabin.window{action=open,target=sunroof}"},
	{"take me home", "导航回家", "nav.navigate{category=home}"},
	{"next song", "下一首", "media.next"},
	{"turn the volume up", "音量调大", "media.volume{action=up}"},
	{"switch to sport mode", "切换到运动模式", "vehicle.drive_mode{mode=sport}"},
	{"turn on the ambient lights", "打开氛围灯", "cabin.lights{action=on,target=ambient}"},
	{"make it warmer", "温度高一点", "climate.temp{action=up}"},
}

// TestPropPolitenessDoesNotMatter: fillers around a command change nothing.
func TestPropPolitenessDoesNotMatter(t *testing.T) {
	p := mustDefault(t)
	enPre := []string{"", "please ", "could you please ", "can you ", "hey, ", "i'd like you to ", "would you "}
	enPost := []string{"", " please", " now", " thanks", " for me"}
	zhPre := []string{"", "请", "帮我", "麻烦", "麻烦你", "请帮我", "你好，"}
	zhPost := []string{"", "吧", "一下", "谢谢", "好吗"}
	rapid.Check(t, func(rt *rapid.T) {
		c := rapid.SampledFrom(singles).Draw(rt, "cmd")
		var in string
		if rapid.Bool().Draw(rt, "zh") {
			in = rapid.SampledFrom(zhPre).Draw(rt, "pre") + c.zh + rapid.SampledFrom(zhPost).Draw(rt, "post")
		} else {
			in = rapid.SampledFrom(enPre).Draw(rt, "pre") + c.en + rapid.SampledFrom(enPost).Draw(rt, "post")
		}
		if got := frames(p.Parse(in).Intents); got != c.want {
			rt.Fatalf("Parse(%q) = %s, want %s", in, got, c.want)
		}
	})
}

// TestPropSeveralCommandsInOrder: commands joined by "and then" / "然后"
// come out in the order spoken.
func TestPropSeveralCommandsInOrder(t *testing.T) {
	p := mustDefault(t)
	rapid.Check(t, func(rt *rapid.T) {
		idx := rapid.SliceOfNDistinct(rapid.IntRange(0, len(singles)-1), 2, 3, rapid.ID[int]).Draw(rt, "cmds")
		zh := rapid.Bool().Draw(rt, "zh")
		var parts, want []string
		for _, i := range idx {
			if zh {
				parts = append(parts, singles[i].zh)
			} else {
				parts = append(parts, singles[i].en)
			}
			want = append(want, singles[i].want)
		}
		sep := rapid.SampledFrom([]string{" and then ", ", then ", " then "}).Draw(rt, "sep")
		if zh {
			sep = rapid.SampledFrom([]string{"然后", "，", "，然后", "。再帮我"}).Draw(rt, "sep")
		}
		in := strings.Join(parts, sep)
		if got := frames(p.Parse(in).Intents); got != strings.Join(want, "; ") {
			rt.Fatalf("Parse(%q) = %s, want %s", in, got, strings.Join(want, "; "))
		}
	})
}
