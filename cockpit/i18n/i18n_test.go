package i18n

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
)

func TestBundledTablesLoad(t *testing.T) {
	tables, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	en, zh := tables["en"], tables["zh"]
	if got := en.F("too_small", "w", "80", "h", "24", "cw", "60", "ch", "20"); !strings.Contains(got, "80×24") {
		t.Errorf("F did not fill placeholders: %q", got)
	}
	if zh.T("panel.drive") != "驾驶" {
		t.Errorf("zh panel.drive = %q", zh.T("panel.drive"))
	}
	if got := en.T("no.such.key"); got != "⟦no.such.key⟧" {
		t.Errorf("a missing key shows %q", got)
	}
}

func TestTablesMustAgree(t *testing.T) {
	fsys := fstest.MapFS{
		"ui/en.yaml": {Data: []byte("lang: en\nname: English\nstrings:\n  a: \"hello {name}\"\n  b: \"only here\"\n")},
		"ui/zh.yaml": {Data: []byte("lang: zh\nname: 中文\nstrings:\n  a: \"你好\"\n  c: \"多余\"\n")},
	}
	_, err := LoadAll(fsys)
	if err == nil {
		t.Fatal("disagreeing tables loaded")
	}
	for _, want := range []string{
		`ui/zh.yaml:4:6: strings.a: placeholders [] differ from ui/en.yaml's [{name}]`,
		`ui/en.yaml:5:6: strings.b: has no zh translation`,
		`ui/zh.yaml:5:6: strings.c: not in the en catalogue`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestDuplicateKeysAreErrors(t *testing.T) {
	_, _, err := Parse("ui/en.yaml", []byte("lang: en\nname: English\nstrings:\n  a: x\n  a: y\n"))
	if err == nil || !strings.Contains(err.Error(), "ui/en.yaml:5") {
		t.Errorf("duplicate key: %v", err)
	}
}

func TestPickChoosesByLanguage(t *testing.T) {
	tables, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	en, zh := tables["en"], tables["zh"]
	var none *Table
	for _, c := range []struct {
		tr     *Table
		en, zh string
		want   string
	}{
		{en, "Daxing Airport", "大兴机场", "Daxing Airport"},
		{zh, "Daxing Airport", "大兴机场", "大兴机场"},
		{zh, "Daxing Airport", "", "Daxing Airport"}, // no Chinese: English, never a blank
		{none, "Daxing Airport", "大兴机场", "Daxing Airport"},
	} {
		if got := c.tr.Pick(c.en, c.zh); got != c.want {
			t.Errorf("%v Pick(%q, %q) = %q, want %q", c.tr.zh(), c.en, c.zh, got, c.want)
		}
	}
	if p, s := zh.Names("Daxing Airport", "大兴机场"); p != "大兴机场" || s != "Daxing Airport" {
		t.Errorf("zh Names = %q, %q", p, s)
	}
	if en.BreaksAnywhere() || !zh.BreaksAnywhere() {
		t.Error("only Chinese wraps at any character")
	}
	if Other("en") != "zh" || Other("zh") != "en" || !Known("zh") || Known("fr") {
		t.Error("Other/Known disagree with Langs")
	}
}
