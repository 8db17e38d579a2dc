package cockpit

import (
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/session"
)

// variantTakeover is the shipped HMI with each old replaced by its new.
func variantTakeover(t *testing.T, pairs ...string) *hmi.Takeover {
	t.Helper()
	data, err := datafile.ReadFile(assets.FS(), hmi.DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Count(src, pairs[i]) != 1 {
			t.Fatalf("%q is not once in the shipped HMI", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	h, err := hmi.Parse("variant.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// hmiDrillModel is drillModel with the session driven by h.
func hmiDrillModel(t *testing.T, h *hmi.Takeover, lang string) (*Model, *chime.Recorder) {
	t.Helper()
	sc := loadDrill(t, "02-phone-task.yaml")
	s := newSession(t, session.Setup{Scenario: sc, Voice: fixedAssistant{}, Drill: session.DrillTrainee, StopAtEnd: true, HMI: h})
	rec := chime.NewRecorder(chime.RecorderConfig{})
	m := New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: lang, Theme: "night", Paused: true, Width: 120, Height: 40, Player: rec})
	m.PrerollDrill()
	return m, rec
}

// A variant HMI's words reach the banner in both languages, with its
// vibration at stage 1, its tone and its colour.
func TestBannerShowsTheHMIsTexts(t *testing.T) {
	h := variantTakeover(t,
		"    colour: theme\n    tone: continuous\n    earcon: none\n", "    colour: \"#ff2000\"\n    tone: continuous\n    earcon: none\n",
		`title: "TAKE OVER"`, `title: "YOUR TURN"`,
		`title: "请接管"`, `title: "轮到您了"`,
		`title: "TAKE OVER NOW"`, `title: "YOUR TURN NOW"`,
		`title: "立即接管"`, `title: "现在轮到您"`,
		"    tone: chime\n    earcon: none\n    haptic: none\n", "    tone: continuous\n    earcon: none\n    haptic: pulse\n",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n      zh:\n        title: \"轮到您了\"",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n        haptic: \"≋ seat pulsing\"\n      zh:\n        title: \"轮到您了\"",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n\n  # stage 2",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n        haptic: \"≋ 座椅脉冲\"\n\n  # stage 2",
	)
	for _, tc := range []struct{ lang, stage1, haptic, stage2 string }{
		{"en", "▲ YOUR TURN", "≋ seat pulsing", "■ YOUR TURN NOW"},
		{"zh", "▲ 轮到您了", "≋ 座椅脉冲", "■ 现在轮到您"},
	} {
		m, rec := hmiDrillModel(t, h, tc.lang)
		advanceUntil(t, m, 20*60*20, inState(automation.StateTakeover1))
		m.advance(20)
		out := frame(m)
		for _, want := range []string{tc.stage1, tc.haptic} {
			if !strings.Contains(out, want) {
				t.Errorf("%s stage 1: the screen lacks %q:\n%s", tc.lang, want, out)
			}
		}
		if !m.State().Automation.Haptic {
			t.Errorf("%s: the seat does not vibrate at stage 1", tc.lang)
		}
		if !played(rec, chime.TakeoverStage2) || played(rec, chime.TakeoverStage1) {
			t.Errorf("%s: stage 1 must sound the continuous tone, not the chime: %v", tc.lang, rec.Events())
		}
		advanceUntil(t, m, 400, inState(automation.StateTakeover2))
		m.advance(20)
		if out := frame(m); !strings.Contains(out, tc.stage2) {
			t.Errorf("%s stage 2: the screen lacks %q:\n%s", tc.lang, tc.stage2, out)
		}
		if got := m.stageStyle(m.ctx.Styles.BannerDanger, &h.Stage2).Render("x"); !strings.Contains(got, "255;32;0") {
			t.Errorf("%s: the stage 2 banner is not #ff2000: %q", tc.lang, got)
		}
	}
}

// The shipped HMI's banner texts are the shipped model's (an HMI given as
// the session's and the built-in one draw the same frame).
func TestShippedHMIDrawsTheSameBanner(t *testing.T) {
	h, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	a := bannerStage(t, "stage2", "zh", 120, 40)
	b, _ := hmiDrillModel(t, h, "zh")
	advanceUntil(t, b, 20*60*20, inState(automation.StateTakeover1))
	advanceUntil(t, b, 400, inState(automation.StateTakeover2))
	b.advance(20)
	if frame(a) != frame(b) {
		t.Errorf("the shipped HMI given to the session changes the frame:\n%s\n%s", frame(a), frame(b))
	}
}

// The HMI file's languages are the UI's: a UI language added without its
// takeover texts would show English on the banner.
func TestHMILanguagesAreTheUIs(t *testing.T) {
	load(t)
	var ui []string
	for l := range testAsset.Tables {
		ui = append(ui, l)
	}
	sort.Strings(ui)
	want := append([]string(nil), hmi.Languages...)
	sort.Strings(want)
	if strings.Join(ui, ",") != strings.Join(want, ",") {
		t.Errorf("UI languages %v, HMI languages %v", ui, want)
	}
}

// cockpit drill --hmi: every attempt's session drives with the trainer's
// HMI, and its model shows it.
func TestTrainerDrivesWithItsHMI(t *testing.T) {
	load(t)
	h := variantTakeover(t, `title: "TAKE OVER"`, `title: "YOUR TURN"`)
	tr := NewTrainer(TrainerOptions{Drills: testDrills(t), Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: "en", Theme: "night", Player: chime.NewRecorder(chime.RecorderConfig{}), Width: 120, Height: 40, HMI: h})
	tpress(tr, "enter")
	if tr.cur == nil {
		t.Fatal("no drill opened")
	}
	if tr.cur.sim.Config().HMI != h || tr.cur.hmi != h {
		t.Errorf("the attempt does not use the trainer's HMI")
	}
}

// withoutHMI is an asset tree without hmi/ (a designer's older folder).
type withoutHMI struct{ fs.FS }

func (w withoutHMI) Open(name string) (fs.File, error) {
	if name == "hmi" || strings.HasPrefix(name, "hmi/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.FS.Open(name)
}

// A tree without the HMI file loads, and its models show the built-in one.
func TestAssetsWithoutAnHMIFileUseTheBuiltIn(t *testing.T) {
	ui, err := LoadAssets(withoutHMI{assets.FS()})
	if err != nil {
		t.Fatal(err)
	}
	if ui.HMI != nil {
		t.Errorf("an HMI from a tree without one: %+v", ui.HMI)
	}
	if h := takeoverHMI(nil, nil); h == nil || h.Digest != builtinHMI().Digest {
		t.Error("no built-in HMI as the fallback")
	}
}
