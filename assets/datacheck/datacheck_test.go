package datacheck

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestProblemRefusesWhatWouldReachTheTerminalRaw(t *testing.T) {
	bad := map[string]string{
		"\x1b[31mRED\x1b[0m": "U+001B (ESC) at character 1",
		"a\x00b":             "U+0000 at character 2",
		"del\x7f":            "U+007F",
		"c1\u009b2J":         "U+009B",
		"ab\u202Ecd":         "bidirectional override U+202E",
		"\u2066isolate":      "U+2066",
		"two\nlines":         "a newline at character 4",
		"tab\there":          "a tab",
		"bad\xffutf8":        "not valid UTF-8 at character 4",
	}
	for s, want := range bad {
		if p := Problem(s, false); !strings.Contains(p, want) {
			t.Errorf("Problem(%q) = %q, want it to say %q", s, p, want)
		}
	}
	for _, s := range []string{"", "Airport run", "首都机场 → 国贸", "replacement \uFFFD is text", "naïve café"} {
		if p := Problem(s, false); p != "" {
			t.Errorf("Problem(%q) = %q, want none", s, p)
		}
	}
	if p := Problem("line one\n\tline two", true); p != "" {
		t.Errorf("multi-line text refused: %q", p)
	}
	if p := Problem("esc\x1b in a description", true); p == "" {
		t.Error("multi-line text may not hold escape codes")
	}
}

type inner struct {
	Say  string            `yaml:"say"`
	Tags map[string]string `yaml:"tags"`
}

type outer struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Events      []inner  `yaml:"events"`
	Ptr         *inner   `yaml:"ptr"`
	Any         any      `yaml:"any"`
	List        []string `yaml:"list"`
	Skipped     string   `yaml:"-"`
}

func TestCheckFindsEveryStringByItsPath(t *testing.T) {
	v := outer{
		Name:        "ok",
		Description: "two\nlines are fine here",
		Events:      []inner{{Say: "fine"}, {Say: "\x1b[2J", Tags: map[string]string{"k\x07": "v", "a.b": "\u202E"}}},
		Ptr:         &inner{Say: "x\x1by"},
		Any:         map[string]any{"deep": []any{"ok", "\x1b"}},
		List:        []string{"one\ntwo"},
		Skipped:     "\x1b",
	}
	var got []string
	Check(v, []string{"description"}, func(path, p string) { got = append(got, path) })
	want := []string{"events[1].say", "events[1].tags.a.b", "events[1].tags.k\x07", "ptr.say", "any.deep[1]", "list[0]"}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no problem reported at %q; got %q", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems %q, want %d", len(got), got, len(want))
	}
}

func TestTemplate(t *testing.T) {
	names, p := Template("OK, {what} at {place_2}.")
	if p != "" || !slices.Equal(names, []string{"what", "place_2"}) {
		t.Errorf("good template: %q, %q", names, p)
	}
	for s, want := range map[string]string{
		"{what.":         "{ without its } at character 1",
		"what}":          "} without its {",
		"{a {b}":         "{ without its }",
		"{What}":         "placeholder {What}",
		"{}":             "placeholder {}",
		"去{place}。{x y}": "placeholder {x y}",
	} {
		if _, p := Template(s); !strings.Contains(p, want) {
			t.Errorf("Template(%q) = %q, want %q", s, p, want)
		}
	}
}

func TestClosestSuggestsATypoOnly(t *testing.T) {
	kinds := []string{"arrived", "collision", "stranded", "automation.mrm"}
	if c := Closest("colision", kinds); c != "collision" {
		t.Errorf("colision: got %q", c)
	}
	if c := Closest("banana", kinds); c != "" {
		t.Errorf("banana: got %q, want no suggestion", c)
	}
	if m := Unknown("event kind", "colision", kinds); !strings.Contains(m, `unknown event kind "colision" (did you mean collision?); valid: arrived, collision`) {
		t.Errorf("Unknown: %q", m)
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d", d)
	}
	if d := Distance("claer", "clear"); d != 1 {
		t.Errorf("a swap of neighbours is one edit, got %d", d)
	}
	if c := Closest("claer", []string{"clear", "rain", "fog", "snow"}); c != "clear" {
		t.Errorf("claer: got %q", c)
	}
}

type nums struct {
	A  float64            `yaml:"a"`
	B  *float64           `yaml:"b"`
	L  []struct{ X int }  `yaml:"l"`
	M  map[string]float64 `yaml:"m"`
	P  [2]float64         `yaml:"p"`
	Nk any                `yaml:"nk"`
}

func TestNumbersAndTheirRanges(t *testing.T) {
	nan := math.NaN()
	v := nums{A: 1, B: &nan, L: []struct{ X int }{{5}, {50}}, M: map[string]float64{"k": math.Inf(1)}, P: [2]float64{0, math.Inf(-1)}, Nk: math.NaN()}
	fields := NumberFields(v)
	if want := []string{"a", "b", "l[].x", "m.*", "p[]"}; !slices.Equal(fields, want) {
		t.Errorf("NumberFields = %q, want %q", fields, want)
	}
	ranges := map[string]Range{"a": {0, 10, "s"}, "b": {0, 1, ""}, "l[].x": {0, 10, "%"}, "m.*": {0, 1, "km/h"}}
	got := map[string]string{}
	CheckNumbers(v, ranges, func(path, p string) { got[path] = p })
	want := map[string]string{
		"b":      "expected a number from 0 to 1, got .nan (not a number)",
		"l[1].x": "expected a number from 0 to 10%, got 50",
		"m.k":    "expected a number from 0 to 1 km/h, got .inf (infinity)",
		"p[1]":   "got -.inf (infinity)", // no range: still finite
	}
	for k, w := range want {
		if !strings.Contains(got[k], w) {
			t.Errorf("%s: got %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
}
