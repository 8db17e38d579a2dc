package hmi_test

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/hmi"
)

// shipped is the bytes of the shipped file, the base every variant edits.
func shipped(t testing.TB) string {
	t.Helper()
	data, err := datafile.ReadFile(assets.FS(), hmi.DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit replaces the one occurrence of old in s, failing if there is not
// exactly one, so a variant cannot silently stop testing what it says.
func edit(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times in the shipped file", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// position is file:line:column at the start of a message.
var position = regexp.MustCompile(`^variant\.yaml:\d+:\d+: `)

func TestVariantsBreakingARuleAreRejected(t *testing.T) {
	base := shipped(t)
	stage := func(name string) string { return "  " + name + ":\n    visual: banner\n" }
	for _, tc := range []struct {
		name     string
		old, new string
		want     []string // every piece the message must contain
	}{
		{"stage 2 at 6 s", "escalate_s: {value: 4,", "escalate_s: {value: 6,",
			[]string{"timings.escalate_s.value", "stage 2 at 6 s is later than allowed", "no later than 4 s", "source: UN R157 §6.4 as recalled", "ACSF-04-18"}},
		{"MRM at 8 s", "takeover_budget_s: {value: 10,", "takeover_budget_s: {value: 8,",
			[]string{"timings.takeover_budget_s.value", "an MRM after 8 s is earlier than allowed", "10 s", "source: UN R157: MRM not before a 10 s transition demand"}},
		{"budget NaN", "takeover_budget_s: {value: 10,", "takeover_budget_s: {value: .nan,",
			[]string{"timings.takeover_budget_s.value", "not a number"}},
		{"escalate NaN", "escalate_s: {value: 4,", "escalate_s: {value: .nan,",
			[]string{"timings.escalate_s.value", "not a number"}},
		{"budget too long", "takeover_budget_s: {value: 10,", "takeover_budget_s: {value: 90,",
			[]string{"timings.takeover_budget_s.value", "from 10 to 60 s, got 90"}},
		{"escalate 0", "escalate_s: {value: 4,", "escalate_s: {value: 0,",
			[]string{"timings.escalate_s.value", "got 0", "no stage 1"}},
		{"no source", `takeover_budget_s: {value: 10, source: "UN R157: MRM not before a 10 s transition demand (Wikipedia ALKS; DWF 2026)"}`,
			`takeover_budget_s: {value: 10, source: ""}`, []string{"timings.takeover_budget_s.source", "needs a source"}},
		{"stage 1 silent", stage("stage1") + "    colour: theme\n    tone: chime\n", stage("stage1") + "    colour: theme\n    tone: none\n",
			[]string{"stages.stage1.tone", "without an acoustic signal", "optical and an acoustic signal", "source: UN R157 §6.4"}},
		{"stage 1 not shown", stage("stage1"), "  stage1:\n    visual: none\n",
			[]string{"stages.stage1.visual", "without an optical signal", "source: UN R157"}},
		{"stage 2 without haptic", "    earcon: none\n    haptic: continuous\n    text:\n      en:\n        title: \"TAKE OVER NOW\"",
			"    earcon: none\n    haptic: none\n    text:\n      en:\n        title: \"TAKE OVER NOW\"",
			[]string{"stages.stage2.haptic", "stage 2 without haptic", "optical, acoustic and haptic", "source: UN R157 §6.4"}},
		{"missing language", "      zh:\n        title: \"请接管\"", "      fr:\n        title: \"请接管\"",
			[]string{"stages.stage1.text", `missing language "zh"`, `unknown language "fr"`}},
		{"bad colour", stage("stage1") + "    colour: theme\n", stage("stage1") + "    colour: \"#ff00zz\"\n",
			[]string{"stages.stage1.colour", `bad colour "#ff00zz"`, "#rrggbb"}},
		{"colour typo", stage("stage1") + "    colour: theme\n", stage("stage1") + "    colour: them\n",
			[]string{"stages.stage1.colour", "did you mean theme?"}},
		{"unknown tone", "    tone: chime\n", "    tone: chmie\n",
			[]string{"stages.stage1.tone", `unknown tone "chmie" (did you mean chime?)`, "valid: none, chime, continuous"}},
		{"unknown earcon", "    earcon: minimal-risk\n", "    earcon: minimal-rsk\n",
			[]string{"stages.mrm.earcon", `unknown earcon "minimal-rsk" (did you mean minimal-risk?)`}},
		{"unknown haptic", stage("stage2") + "    colour: theme\n    tone: continuous\n    earcon: none\n    haptic: continuous\n",
			stage("stage2") + "    colour: theme\n    tone: continuous\n    earcon: none\n    haptic: pluse\n",
			[]string{"stages.stage2.haptic", `unknown haptic cue "pluse" (did you mean pulse?)`}},
		{"escape code", `title: "TAKE OVER"`, `title: "TAKE \u001b[2JOVER"`,
			[]string{"stages.stage1.text.en.title", "control character U+001B (ESC)"}},
		{"newline", `title: "TAKE OVER"`, `title: "TAKE\nOVER"`,
			[]string{"stages.stage1.text.en.title", "one line of text"}},
		{"placeholder", `title: "TAKE OVER"`, `title: "TAKE OVER {s}"`,
			[]string{"stages.stage1.text.en.title", "placeholder {s}"}},
		{"unknown field", "    earcon: critical\n", "    earcon: critical\n    blink: true\n",
			[]string{"unknown field \"blink\""}},
		{"unknown reason", "          out_of_seat: \"Takeover requested: the driver left the seat\"",
			"          out_of_seet: \"Takeover requested: the driver left the seat\"",
			[]string{"stages.stage1.text.en.why_reason.out_of_seet", "did you mean out_of_seat?"}},
		{"haptic text without haptic", "        title: \"STOPPED · TAKE CONTROL\"\n",
			"        title: \"STOPPED · TAKE CONTROL\"\n        haptic: \"≋ seat vibrating\"\n",
			[]string{"stages.mrc.text.en.haptic", "does not vibrate"}},
		{"missing todo", "        todo: \"Take over to end it: hands on the wheel, eyes on the road, steer or brake\"\n", "",
			[]string{"stages.mrm.text.en.todo", "missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := hmi.Parse("variant.yaml", []byte(edit(t, base, tc.old, tc.new)))
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			for _, line := range strings.Split(msg, "\n") {
				if !position.MatchString(line) {
					t.Errorf("no file:line:column in %q", line)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

// A variant within the rules loads, and its modalities follow its cues.
func TestVariantWithinTheRules(t *testing.T) {
	src := shipped(t)
	src = edit(t, src, "escalate_s: {value: 4, source: \"UN R157 §6.4 as recalled, unconfirmed: escalation incl. haptic no later than 4 s; ACSF-04-18 4 s transition time\"}",
		"escalate_s: {value: 3, source: \"design: earlier escalation\"}")
	src = edit(t, src, "    tone: chime\n    earcon: none\n    haptic: none\n", "    tone: chime\n    earcon: none\n    haptic: pulse\n")
	src = edit(t, src, "        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n      zh:\n        title: \"请接管\"",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n        haptic: \"≋ seat pulsing\"\n      zh:\n        title: \"请接管\"")
	src = edit(t, src, "        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n\n  # stage 2",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n        haptic: \"≋ 座椅脉冲震动\"\n\n  # stage 2")
	src = edit(t, src, "    colour: theme\n    tone: continuous\n    earcon: none\n", "    colour: \"#FF2000\"\n    tone: continuous\n    earcon: none\n")
	h, err := hmi.Parse("variant.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !h.Stage1.Haptic || h.Stage1.HapticCue != hmi.HapticPulse || !h.Stage1.Visual || !h.Stage1.Auditory {
		t.Errorf("stage 1 %+v", h.Stage1)
	}
	if h.EscalateS.Value != 3 || h.EscalateS.Source != "design: earlier escalation" {
		t.Errorf("escalate %+v", h.EscalateS)
	}
	if h.Stage2.Colour != "#ff2000" {
		t.Errorf("colour %q", h.Stage2.Colour)
	}
	if got := h.Stage1.Text("zh").Haptic; got != "≋ 座椅脉冲震动" {
		t.Errorf("zh haptic %q", got)
	}
	if got := h.Stage1.Text("de").Title; got != "TAKE OVER" {
		t.Errorf("a language without texts falls back to English: %q", got)
	}
	def, _ := hmi.Parse("x.yaml", []byte(shipped(t)))
	if def.Digest == h.Digest {
		t.Error("two files with one digest")
	}
}

func TestEmptyFileNamesWhatIsMissing(t *testing.T) {
	_, err := hmi.Parse("empty.yaml", nil)
	if err == nil || !strings.Contains(err.Error(), "timings") || !strings.Contains(err.Error(), "stages") {
		t.Fatalf("%v", err)
	}
}

// FuzzTakeoverFile: whatever the bytes, Parse never panics, and every
// error it gives has the file's name and, past decoding, a position.
func FuzzTakeoverFile(f *testing.F) {
	f.Add([]byte(shipped(f)))
	f.Add([]byte("name: x\ntimings: {escalate_s: {value: .nan}}\n"))
	f.Add([]byte("stages: {stage1: {tone: [1]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := hmi.Parse("f.yaml", data)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "f.yaml") {
					t.Fatalf("error without the file: %q", line)
				}
			}
			return
		}
		if math.IsNaN(h.EscalateS.Value) || h.EscalateS.Value > 4 || h.TakeoverBudgetS.Value < 10 ||
			!h.Stage1.Visual || !h.Stage1.Auditory || !h.Stage2.Haptic {
			t.Fatalf("accepted a file breaking a rule: %+v", h)
		}
	})
}
