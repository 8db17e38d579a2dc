package voice

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
)

func mustDefault(t testing.TB) *Parser {
	t.Helper()
	p, err := Default()
	if err != nil {
		t.Fatalf("loading the embedded voice data: %v", err)
	}
	return p
}

// frames renders intents compactly for comparison: "intent{k=v,…}" joined
// by "; ", slots sorted.
func frames(in []Intent) string {
	parts := make([]string, 0, len(in))
	for _, i := range in {
		parts = append(parts, i.Intent+compactSlots(i.Slots))
	}
	return strings.Join(parts, "; ")
}

func compactSlots(m map[string]any) string {
	b, _ := json.Marshal(m) // encoding/json sorts keys
	s := strings.NewReplacer(`"`, "", ":", "=").Replace(string(b))
	if s == "{}" {
		return ""
	}
	return s
}

// TestParseTable covers the forms the issue names: numbers in every form,
// relative changes, several commands, seats, fillers, mixed scripts,
// destinations, out-of-scope input.
func TestParseTable(t *testing.T) {
	p := mustDefault(t)
	cases := []struct{ in, want string }{
		// English: devices, seats, levels, numbers in words
		{"turn on seat heating and take me home", "seat.heat{action=on}; nav.navigate{category=home}"},
		// "degrees" alone is no command word, yet the "and" after it ends the command
		{"turn on the AC, set it to 22 degrees and play Jay Chou", "climate.ac{action=on}; climate.temp{value=22}; media.play{query=Jay Chou}"},
		{"turn on the lights and play rock and roll", "cabin.lights{action=on}; media.play{query=rock and roll}"},
		{"driver seat heating level 2", "seat.heat{level=2,seat=driver}"},
		{"set the passenger seat heating to level three", "seat.heat{level=3,seat=passenger}"},
		{"ventilate the passenger seat", "seat.ventilate{action=on,seat=passenger}"},
		{"set 22 degrees", "climate.temp{value=22}"},
		{"set the temperature to twenty two and a half degrees", "climate.temp{value=22.5}"},
		{"make it warmer", "climate.temp{action=up}"},
		{"a bit cooler please", "climate.temp{action=down}"},
		{"I'm freezing", "climate.temp{action=up}"},
		{"fan speed 3", "climate.fan{level=3}"},
		{"turn on the AC", "climate.ac{action=on}"},
		{"turn off the climate control", "climate.power{action=off}"},
		{"air to the feet", "climate.mode{mode=feet}"},
		{"defrost the windshield", "climate.defrost{action=on,target=front}"},
		{"open the driver window halfway", "cabin.window{action=open,amount=50,target=driver}"},
		{"close the sunroof", "cabin.window{action=close,target=sunroof}"},
		{"turn on the ambient lights", "cabin.lights{action=on,target=ambient}"},
		{"volume up", "media.volume{action=up}"},
		{"set volume to 20", "media.volume{level=20}"},
		{"next song", "media.next"},
		{"pause the music", "media.pause"},
		{"play let me love you by ariana grande", "media.play{query=let me love you by ariana grande}"},
		{"call mom", "phone.call{contact=mom}"},
		{"call 10086", "phone.call{number=10086}"},
		{"hang up", "phone.hangup"},
		{"navigate to the nearest charging station", "nav.navigate{category=charging,modifier=nearest}"},
		{"find a coffee shop nearby", "nav.search{category=coffee}"},
		{"avoid tolls", "nav.route_pref{avoid=tolls}"},
		{"stop navigation", "nav.cancel"},
		{"how long until we arrive", "nav.eta"},
		{"switch to sport mode", "vehicle.drive_mode{mode=sport}"},
		{"how much range is left", "vehicle.query{item=range}"},
		{"what's my tire pressure", "vehicle.query{item=tire_pressure}"},
		{"turn on adaptive cruise", "assist.engage{mode=acc}"},
		{"change to the left lane", "assist.lane_change{direction=left}"},
		{"night mode", "system.theme{theme=night}"},
		{"switch to chinese", "system.language{lang=zh}"},
		{"yes", "system.confirm"},
		{"never mind", "system.cancel"},
		{"what can i say", "system.help"},
		{"undo that", "system.undo"},
		{"could you please turn on the seat heating for the driver", "seat.heat{action=on,seat=driver}"},
		// Chinese
		{"打开主驾座椅加热然后导航回家", "seat.heat{action=on,seat=driver}; nav.navigate{category=home}"},
		{"打开空调，温度调到22度，然后播放周杰伦的歌", "climate.power{action=on}; climate.temp{value=22}; media.play{query=周杰伦,source=music}"},
		{"温度调到二十二度半", "climate.temp{value=22.5}"},
		{"副驾温度调到24度", "climate.temp{value=24,zone=passenger}"},
		{"风量调到两档", "climate.fan{level=2}"},
		{"座椅加热调到三挡", "seat.heat{level=3}"},
		{"音量调到百分之五十", "media.volume{level=50}"},
		{"车窗打开一半", "cabin.window{action=open,amount=50}"},
		{"再大一点", ""},
		{"调低两度", "climate.temp{action=down}"},
		{"温度调低两度", "climate.temp{action=down}"},
		{"风量大一点", "climate.fan{action=up}"},
		{"帮我打开内循环", "climate.recirc{action=on}"},
		{"麻烦把后排左边的车窗关上", "cabin.window{action=close,target=rear_left}"},
		{"左后车窗打开", "cabin.window{action=open,target=rear_left}"},
		{"导航到最近的充电站", "nav.navigate{category=charging,modifier=nearest}"},
		{"回家", "nav.navigate{category=home}"},
		{"途经一个加油站", "nav.add_stop{category=gas}"},
		{"附近的咖啡店", "nav.search{category=coffee}"},
		{"退出导航", "nav.cancel"},
		{"还有多久到", "nav.eta"},
		{"走高速", "nav.route_pref{prefer=highways}"},
		{"导航去天安门不走高速", "nav.navigate{destination=天安门}; nav.route_pref{avoid=highways}"},
		{"还剩多少电", "vehicle.query{item=battery}"},
		{"切换到纯电模式", "vehicle.drive_mode{mode=ev}"},
		{"开启智驾", "assist.engage"},
		{"退出自动驾驶", "assist.disengage"},
		{"向右变道", "assist.lane_change{direction=right}"},
		{"我来接管", "assist.takeover"},
		{"自动泊车", "park.start"},
		{"遥控泊车", "park.remote"},
		{"取消泊车", "park.cancel"},
		{"继续泊车", "park.resume"},
		{"打电话给张三", "phone.call{contact=张三}"},
		{"接听", "phone.answer"},
		{"上一首", "media.previous"},
		{"切换到白天模式", "system.theme{theme=day}"},
		{"切换到英文", "system.language{lang=en}"},
		{"你能做什么", "system.help"},
		{"撤销", "system.undo"},
		{"不用了", "system.cancel"},
		{"靠背往后调", "seat.adjust{direction=backward,part=backrest}"},
		{"按摩调到三档", "seat.massage{level=3}"},
		{"自动模式", "climate.mode{mode=auto}"},
		// mixed scripts
		{"打开 AC", "climate.ac{action=on}"},
		{"打开AC", "climate.ac{action=on}"},
		{"play 周杰伦", "media.play{query=周杰伦}"},
		// out of scope
		{"what's the weather like tomorrow", ""},
		{"明天天气怎么样", ""},
		{"open the trunk", ""},
		{"打开后备箱", ""},
		{"tell me a joke", ""},
		{"asdkjh qwe zzz", ""},
		{"", ""},
	}
	for _, c := range cases {
		got := frames(p.Parse(c.in).Intents)
		if got != c.want {
			t.Errorf("Parse(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestLanguageDetection(t *testing.T) {
	p := mustDefault(t)
	for in, want := range map[string]string{
		"turn on the ac": "en", "打开空调": "zh", "打开 AC": "zh", "": "en", "123": "en",
	} {
		if got := p.Parse(in).Lang; got != want {
			t.Errorf("Parse(%q).Lang = %q, want %q", in, got, want)
		}
	}
	if got := p.ParseLang("打开空调", "en").Lang; got != "en" {
		t.Errorf("forced lang: got %q", got)
	}
}

func TestNumbers(t *testing.T) {
	cases := []struct {
		in     string
		value  float64
		digits string
		unit   string
	}{
		{"22", 22, "22", ""}, {"22.5", 22.5, "22", ""}, {"50%", 50, "50", "percent"},
		{"twenty two", 22, "22", ""}, {"twenty-two and a half", 22.5, "22", ""},
		{"one hundred and five", 105, "105", ""}, {"seventy five percent", 75, "75", "percent"},
		{"twenty two point five", 22.5, "22", ""},
		{"二十二", 22, "22", ""}, {"十九", 19, "19", ""}, {"两", 2, "2", ""}, {"一百零五", 105, "105", ""},
		{"二点五", 2.5, "2", ""}, {"二十二度半", 22.5, "22", "deg"}, {"百分之五十", 50, "50", "percent"},
		{"幺八幺零", 1810, "1810", ""}, {"二零二三", 2023, "2023", ""},
		{"22 and a half", 22.5, "22", ""}, {"22度半", 22.5, "22", "deg"},
	}
	for _, c := range cases {
		n, ok := readNumber(normalize(c.in), 0)
		if !ok || n.value != c.value || n.digits != c.digits || n.unit != c.unit {
			t.Errorf("readNumber(%q) = %+v %v, want %v %q %q", c.in, n, ok, c.value, c.digits, c.unit)
		}
	}
	for _, in := range []string{"2nd", "abc", "一点", ""} {
		if n, ok := readNumber(normalize(in), 0); ok && in != "一点" {
			t.Errorf("readNumber(%q) = %+v, want none", in, n)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Turn ON\tthe  AC ": "turn on the ac",
		"打 开 空 调":             "打开空调",
		"打开 AC":               "打开 ac",
		"ＡＢＣ，１２３":             "abc，123",
		"bad\xffutf8":         "bad utf8",
		"ctrl\x00\x07chars":   "ctrl chars",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("a ", 10000)
	if got := len([]rune(normalize(long))); got > MaxParseRunes {
		t.Errorf("normalize kept %d runes, want at most %d", got, MaxParseRunes)
	}
}

// TestLoadErrors checks that data-file mistakes are reported with file and
// line, all at once.
func TestLoadErrors(t *testing.T) {
	base := fstest.MapFS{}
	for _, name := range []string{"voice/intents.yaml", "voice/replies.yaml", "voice/lexicon/common.yaml"} {
		b, err := fsReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: b}
	}
	if _, err := Load(base); err != nil {
		t.Fatalf("minimal data set: %v", err)
	}
	cases := []struct {
		name, file, data, want string
	}{
		{"unknown kind", "voice/lexicon/bad.yaml", "terms:\n  - tags: [colour=red]\n    en: [red]\n", "voice/lexicon/bad.yaml:2:"},
		{"bad enum", "voice/lexicon/bad.yaml", "terms:\n  - tags: [seat=roof]\n    en: [roof]\n", `unknown value "roof"`},
		{"no phrases", "voice/lexicon/bad.yaml", "terms:\n  - tags: [filler]\n", "needs at least one phrase"},
		{"unknown field", "voice/lexicon/bad.yaml", "terms:\n  - tags: [filler]\n    fr: [oui]\n", "voice/lexicon/bad.yaml:3:"},
		{"bad slot", "voice/intents.yaml", "intents:\n  - intent: seat.heat\n    anchor: [device=seat_heat]\n    slots: {colour: seat}\n", "not in the schema"},
		{"bad filler", "voice/intents.yaml", "intents:\n  - intent: seat.heat\n    anchor: [device=seat_heat]\n    slots: {seat: guess}\n", `unknown filler "guess"`},
		{"missing reply", "voice/replies.yaml", "replies:\n  ok: {en: OK, zh: 好}\n", "missing replies"},
	}
	for _, c := range cases {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys[c.file] = &fstest.MapFile{Data: []byte(c.data)}
		_, err := Load(fsys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func fsReadFile(name string) ([]byte, error) {
	f, err := assets.FS().Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := f.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return []byte(b.String()), nil
}

func TestIntentsCoverSchema(t *testing.T) {
	p := mustDefault(t)
	have := map[string]bool{}
	for _, in := range p.Intents() {
		have[in] = true
	}
	for in := range schemaSlots {
		if !have[in] {
			t.Errorf("no rule produces %s", in)
		}
	}
}

// TestFreeTextKeepsCase: free text is returned as written, not lower-cased.
func TestFreeTextKeepsCase(t *testing.T) {
	p := mustDefault(t)
	for in, want := range map[string]string{
		"play Jay Chou":                             "media.play{query=Jay Chou}",
		"播放APT打开空调":                                 "media.play{query=APT}; climate.power{action=on}",
		"Navigate to Beijing Daxing Airport please": "nav.navigate{destination=Beijing Daxing Airport}",
		"call Ｍｏｍ":                                  "phone.call{contact=Mom}",
		"打电话给 张 三":                                  "phone.call{contact=张三}",
		"take me to Dunkin’ Donuts":                 "nav.navigate{destination=Dunkin' Donuts}",
		"play Someone Like You":                     "media.play{query=Someone Like You}",
	} {
		if got := frames(p.Parse(in).Intents); got != want {
			t.Errorf("Parse(%q) = %s, want %s", in, got, want)
		}
	}
}
