package kiosk

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/widget"
)

func TestShippedAttractFile(t *testing.T) {
	a, err := LoadAttract(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	drills := 0
	for _, s := range a.Scenes {
		if s.Drill != "" {
			drills++
		}
	}
	if len(a.Scenes) < 3 || drills == 0 {
		t.Errorf("the shipped loop plays scenarios and a drill: %+v", a.Scenes)
	}
}

func TestAttractErrorsHavePositions(t *testing.T) {
	fsys := fstest.MapFS{
		"scenarios/fog-expressway.yaml":      {Data: []byte("x")},
		"scenarios/drills/04-fog-night.yaml": {Data: []byte("x")},
	}
	for name, c := range map[string]struct{ file, want string }{
		"empty":     {"board_s: 8\n", "kiosk/attract.yaml: scenes: required"},
		"both":      {"scenes:\n  - scenario: fog-expressway\n    drill: 04-fog-night\n", "attract.yaml:2:13: scenes[0]: expected exactly one"},
		"missing":   {"scenes:\n  - scenario: nowhere\n    intro: {en: a, zh: b}\n", "attract.yaml:2:15: scenes[0].scenario: no scenario \"nowhere\""},
		"speed":     {"scenes:\n  - drill: 04-fog-night\n    speed: 7\n    intro: {en: a, zh: b}\n", "attract.yaml:3:12: scenes[0].speed: expected one of"},
		"max":       {"scenes:\n  - drill: 04-fog-night\n    max_s: 5000\n    intro: {en: a, zh: b}\n", "attract.yaml:3:12: scenes[0].max_s: expected 10 to 600"},
		"zh":        {"scenes:\n  - drill: 04-fog-night\n    intro: {en: a}\n", "scenes[0].intro.zh: required"},
		"kind":      {"scenes:\n  - drill: 04-fog-night\n    intro: {en: a, zh: b}\n    captions:\n      - {on: Bad Kind, en: a, zh: b}\n", "attract.yaml:5:14: scenes[0].captions[0].on: expected an event kind"},
		"unknown":   {"scenes:\n  - drill: 04-fog-night\n    intro: {en: a, zh: b}\n    colour: red\n", "attract.yaml:4:5"},
		"nan":       {"scenes:\n  - drill: 04-fog-night\n    max_s: .nan\n    intro: {en: a, zh: b}\n", "attract.yaml:3:12: scenes[0].max_s: expected 10 to 600 seconds, got NaN"},
		"preroll":   {"scenes:\n  - drill: 04-fog-night\n    preroll_s: 10\n    intro: {en: a, zh: b}\n", "preroll_s is for scenarios"},
		"path":      {"scenes:\n  - scenario: ../../etc/passwd\n    intro: {en: a, zh: b}\n", "expected a scenario's name"},
		"long text": {"scenes:\n  - drill: 04-fog-night\n    intro: {en: " + strings.Repeat("a", 200) + ", zh: b}\n", "at most 120 characters"},
	} {
		t.Run(name, func(t *testing.T) {
			fsys[AttractFile] = &fstest.MapFile{Data: []byte(c.file)}
			_, err := LoadAttract(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %q", err, c.want)
			}
		})
	}
}

func TestTableFitsInBothLanguages(t *testing.T) {
	l, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh"} {
		for _, w := range []int{76, 100} {
			for _, r := range Table(l.ui.Tables[lang], nil, nil, nil, w) {
				if widget.Width(r) > w || strings.Contains(r, "…") {
					t.Errorf("%s at %d: %q", lang, w, r)
				}
			}
		}
	}
}

// FuzzLoadAttract: whatever the attract file holds, the loader returns a
// playlist within its bounds or an error, never a panic or a hang.
func FuzzLoadAttract(f *testing.F) {
	shippedFile, err := fs.ReadFile(assets.FS(), AttractFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(shippedFile)
	f.Add([]byte("scenes:\n  - drill: 04-fog-night\n    intro: {en: a, zh: b}\n"))
	f.Add([]byte("scenes: [{scenario: fog-expressway, speed: 10, max_s: 1e309}]\n"))
	f.Add([]byte("board_s: .nan\nscenes: [{drill: 04-fog-night, max_s: .nan, intro: {en: a, zh: b}}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"scenarios/fog-expressway.yaml":      {Data: []byte("x")},
			"scenarios/drills/04-fog-night.yaml": {Data: []byte("x")},
			AttractFile:                          {Data: data},
		}
		a, err := LoadAttract(fsys)
		if err != nil {
			return
		}
		if len(a.Scenes) == 0 || len(a.Scenes) > maxScenes {
			t.Fatalf("%d scenes accepted", len(a.Scenes))
		}
		for _, s := range a.Scenes {
			if s.Max < 10*time.Second || s.Max > 600*time.Second || len(s.Captions) > maxCaptions || s.Intro.EN == "" || s.Intro.ZH == "" {
				t.Fatalf("a scene out of bounds accepted: %+v", s)
			}
		}
	})
}
