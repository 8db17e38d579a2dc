package cockpit

import (
	"sync"
	"testing"

	"github.com/nevsim/cockpit/drive/session"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

var (
	loadOnce  sync.Once
	testAsset *Assets
	testMap   *world.Map
	testProfs []*vehicle.Profile
	testParse *voice.Parser
	testPhr   *assistant.Phrases
	testCtl   []scenario.Control
	loadErr   error
)

func load(t testing.TB) {
	t.Helper()
	loadOnce.Do(func() {
		fsys := assets.FS()
		if testAsset, loadErr = LoadAssets(fsys); loadErr != nil {
			return
		}
		if testMap, loadErr = world.LoadDefault(fsys); loadErr != nil {
			return
		}
		if testProfs, loadErr = vehicle.LoadAll(fsys); loadErr != nil {
			return
		}
		if testParse, loadErr = voice.Load(fsys); loadErr != nil {
			return
		}
		if testPhr, loadErr = assistant.LoadPhrases(fsys); loadErr != nil {
			return
		}
		var env *scenario.Env
		if env, loadErr = scenario.NewEnv(fsys); loadErr != nil {
			return
		}
		testCtl, loadErr = scenario.LoadControls(fsys, env)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
}

// newTestModel builds a cockpit on the default demo drive (SU7 from Home
// to Daxing Airport at 07:40), paused so only the test advances time.
func newTestModel(t testing.TB, lang, theme string, w, h int) *Model {
	t.Helper()
	load(t)
	return newTestModelVoice(t, lang, theme, w, h, assistant.New(testParse, testMap, testPhr, assistant.Options{}))
}

// newTestModelVoice is newTestModel with the voice layer v.
func newTestModelVoice(t testing.TB, lang, theme string, w, h int, v session.Voice) *Model {
	t.Helper()
	load(t)
	prof, err := vehicle.Find(testProfs, "xiaomi-su7-max")
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, session.Setup{Voice: v, Signals: testAsset.Signals, Config: sim.Config{Profile: prof, Map: testMap, Seed: 7, StartPlace: "home",
		StartClockS: 7*3600 + 40*60, SoC: 0.78, Destination: "daxing-airport"}})
	return New(Options{Session: s, Themes: testAsset.Themes, Tables: testAsset.Tables,
		Lang: lang, Theme: theme, Paused: true, Width: w, Height: h, Controls: testCtl})
}

// newSession starts a drive session or fails the test.
func newSession(t testing.TB, su session.Setup) *session.Session {
	t.Helper()
	s, err := session.New(su)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testVoice is the real assistant as a session's voice layer.
func testVoice(t testing.TB) session.Voice {
	load(t)
	return assistant.New(testParse, testMap, testPhr, assistant.Options{})
}
