package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/sim"
)

// partsFS is a catalogue with the drive's messages in ui/<lang>/ files.
func partsFS(zhPart string) fstest.MapFS {
	return fstest.MapFS{
		"ui/en.yaml":       {Data: []byte("lang: en\nname: English\nstrings:\n  word.fog: \"fog\"\n")},
		"ui/zh.yaml":       {Data: []byte("lang: zh\nname: 中文\nstrings:\n  word.fog: \"雾\"\n")},
		"ui/en/drive.yaml": {Data: []byte("lang: en\nstrings:\n  m.slow: \"Slowing: {what} in {km} km ({why})\"\n  m.why: \"{n} m to see\"\n")},
		"ui/zh/drive.yaml": {Data: []byte(zhPart)},
	}
}

func TestMessagesRenderInEachLanguage(t *testing.T) {
	tables, err := LoadAll(partsFS("lang: zh\nstrings:\n  m.slow: \"减速：前方 {km} 公里{what}（{why}）\"\n  m.why: \"能见度 {n} 米\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := msg.New("m.slow", msg.Term("what", "word.fog"), msg.Num("km", 1.25, 1), msg.Sub("why", msg.New("m.why", msg.Int("n", 80))))
	for lang, want := range map[string]string{
		"en": "Slowing: fog in 1.2 km (80 m to see)",
		"zh": "减速：前方 1.2 公里雾（能见度 80 米）",
	} {
		if got := tables[lang].Describe(sim.Event{Kind: "x", Msg: m}, nil); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	if got := tables["en"].Render(msg.New("m.nope"), nil); got != "⟦m.nope⟧" {
		t.Errorf("a missing key renders %q, want it marked", got)
	}
	// a hand-made cycle ends instead of recursing for ever
	loop := msg.New("m.why")
	loop.Args = []msg.Arg{{Name: "n", Kind: msg.KindMsg, Sub: &loop}}
	if got := tables["en"].Render(loop, nil); !strings.HasSuffix(got, "m to see") {
		t.Errorf("cycle renders %q", got)
	}
}

func TestMessagePartsAreChecked(t *testing.T) {
	for _, tc := range []struct{ part, want string }{
		{"lang: zh\nstrings:\n  m.slow: \"减速\"\n  m.why: \"能见度 {n} 米\"\n", "ui/zh/drive.yaml:3:11: strings.m.slow: placeholders [] differ from ui/en/drive.yaml's [{km} {what} {why}]"},
		{"lang: zh\nstrings:\n  m.slow: \"{what}{km}{why}\"\n", "ui/en/drive.yaml:4:10: strings.m.why: has no zh translation"},
		{"lang: en\nstrings:\n  m.slow: \"{what}{km}{why}\"\n  m.why: \"{n}\"\n", "ui/zh/drive.yaml:1:7: lang: expected \"zh\""},
		{"lang: zh\nstrings:\n  word.fog: \"雾\"\n  m.slow: \"{what}{km}{why}\"\n  m.why: \"{n}\"\n", "ui/zh/drive.yaml:3:13: strings.word.fog: already defined in ui/zh.yaml"},
	} {
		_, err := LoadAll(partsFS(tc.part))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("part %q: error %v, want %q", tc.part, err, tc.want)
		}
	}
}

// producerKey finds the message keys the drive core names: msg.New("key"…)
// and msg.Term(…, "key"), or a prefix followed by + for a key built from
// a kind ("sim.confirm.asked." + kind).
var producerKey = regexp.MustCompile(`msg\.(?:New\(|Term\("[a-z_]+", )"([a-zA-Z0-9_.]+)"( ?\+)?`)

// TestEveryMessageOfTheCoreIsInEveryCatalogue reads the drive core's
// sources: a key it emits that a language lacks would show as ⟦key⟧.
func TestEveryMessageOfTheCoreIsInEveryCatalogue(t *testing.T) {
	tables, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	err = filepath.WalkDir("../../drive", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range producerKey.FindAllStringSubmatch(string(src), -1) {
			found++
			key, prefix := m[1], m[2] != ""
			for lang, tb := range tables {
				if prefix {
					if !hasPrefix(tb, key) {
						t.Errorf("%s: no %s message starts with %q", path, lang, key)
					}
				} else if !tb.Has(key) {
					t.Errorf("%s: %q is not in the %s catalogue", path, key, lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("found no message keys in drive/: the pattern no longer matches the producers")
	}
}

func hasPrefix(tb *Table, prefix string) bool {
	for _, k := range tb.Keys() {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// The infotainment's messages render as its sentences did before they
// moved to the catalogue (the call timer keeps two digits of seconds).
func TestInfotainmentMessagesRender(t *testing.T) {
	tables, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	m := msg.New("infotainment.phone.ended_after", msg.Text("who", "Mom"), msg.Int("min", 1), msg.Text("sec", "05"))
	for lang, want := range map[string]string{
		"en": "Call with Mom ended after 1:05.",
		"zh": "与Mom的通话已结束，通话1分05秒。",
	} {
		if got := tables[lang].Render(m, nil); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// The parking assist's messages render as its sentences did before they
// moved to the catalogue: a found slot with its side and kind, and a plan
// failure with the planner's reason inside.
func TestParkingMessagesRender(t *testing.T) {
	tables, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	found := msg.New("parking.slot_found.free", msg.Int("n", 3), msg.Term("side", "parking.term.side.left"), msg.Term("kind", "parking.term.kind.parallel"))
	failed := msg.New("parking.plan_failed.choose_another", msg.Sub("reason", msg.New("parking.reason.too_short",
		msg.Text("slot", "50"), msg.Num("have", 5.5, 2), msg.Num("need", 6.125, 2))))
	for lang, want := range map[string][2]string{
		"en": {"Slot 3 on the left: parallel, free.", "Slot 50 is 5.50 m long; the car needs 6.12 m. Choose another slot."},
		"zh": {"左侧发现3号水平车位，可泊入。", "50号车位长5.50米，本车需要6.12米。请选择其他车位。"},
	} {
		for i, m := range []msg.Msg{found, failed} {
			if got := tables[lang].Render(m, nil); got != want[i] {
				t.Errorf("%s: %q, want %q", lang, got, want[i])
			}
		}
	}
}

// The automation's messages render as its sentences did before they moved
// to the catalogue, reasons inside them included.
func TestAutomationMessagesRender(t *testing.T) {
	tables, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	reason := func(key string, args ...msg.Arg) msg.Arg { return msg.Sub("reason", msg.New(key, args...)) }
	msgs := []msg.Msg{
		msg.New("automation.takeover_requested", reason("automation.reason.visibility.fog", msg.Num("value", 12, 0), msg.Num("limit", 50, 0))),
		msg.New("automation.engage_refused.l3", reason("automation.reason.road_type", msg.Term("road", "sim.road_type.arterial"))),
		msg.New("automation.engage_refused.l2", reason("automation.reason.weather", msg.Term("weather", "automation.weather.snow"))),
		msg.New("automation.takeover_requested", reason("automation.reason.roadworks.at", msg.Num("m", 800, 0))),
		msg.New("automation.takeover.done", msg.Num("s", 1.7, 1)),
		msg.New("automation.mrc.doors_ecall"),
	}
	for lang, want := range map[string][]string{
		"en": {
			"Takeover requested: fog ahead, visibility 12 m is below the 50 m the system needs",
			"L3 cannot engage: not on an expressway (arterial)",
			"Lane centring cannot engage: snow is outside the system's weather limits",
			"Takeover requested: roadworks ahead in 800 m",
			"Takeover complete after 1.7 s: you are driving",
			"Stopped in lane with hazard lights on, doors unlocked, emergency call placed; automation locked until the car is restarted",
		},
		"zh": {
			"请求接管：前方有雾，能见度 12 米，低于系统所需的 50 米",
			"L3无法启用：当前不在高速公路上（主干道）",
			"车道居中辅助无法启用：雪天超出系统的天气条件",
			"请求接管：前方 800 米处施工",
			"接管完成（用时 1.7 秒）：请您驾驶",
			"已在本车道内停车并开启双闪，车门已解锁，已拨打紧急呼叫；重新启动车辆前自动驾驶保持锁定",
		},
	} {
		for i, m := range msgs {
			if got := tables[lang].Render(m, nil); got != want[i] {
				t.Errorf("%s: %q, want %q", lang, got, want[i])
			}
		}
	}
}
