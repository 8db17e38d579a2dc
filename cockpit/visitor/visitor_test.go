package visitor

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/widget"
)

func newMenu(t *testing.T, w, h int) *Model {
	t.Helper()
	ui, err := cockpit.LoadAssets(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{Tables: ui.Tables, Themes: ui.Themes, NoColor: true, Lang: "en", Width: w, Height: h,
		Cars:   []Item{{"su7", "Xiaomi SU7", "小米 SU7"}, {"l9", "Li Auto L9", "理想 L9"}},
		Drills: []Item{{"01-x", "Drill 1: planned exit", "训练一：计划内驶出"}, {"02-y", "Drill 2: phone", "训练二：手机"}}})
}

func keyPress(m *Model, name string) tea.Cmd {
	k, err := cockpit.ParseKey(name)
	if err != nil {
		panic(err)
	}
	_, cmd := m.Update(k)
	return cmd
}

func TestMenuChoosesAndSanitises(t *testing.T) {
	m := newMenu(t, 80, 24)
	keyPress(m, "down")
	if m.Lang() != "zh" || !strings.Contains(ansi.Strip(m.Render()), "欢迎") {
		t.Fatal("choosing 中文 switches the menu at once")
	}
	keyPress(m, "enter")
	keyPress(m, "2") // the second car
	keyPress(m, "enter")
	for _, r := range "  Ann\tLee\x1b[31m  " {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	keyPress(m, "esc")
	if m.Step() != 1 {
		t.Fatalf("esc goes back a step: %d", m.Step())
	}
	keyPress(m, "enter")
	keyPress(m, "enter")
	keyPress(m, "down")
	keyPress(m, "down")
	cmd := keyPress(m, "enter")
	if cmd == nil || !m.Done() {
		t.Fatal("enter on the last step delivers the choice")
	}
	c, ok := cmd().(Chosen)
	want := Chosen{Lang: "zh", Car: "l9", Name: "Ann Lee[31m", Drill: "02-y"}
	if !ok || c != want {
		t.Errorf("chose %+v, want %+v", c, want)
	}
	if keyPress(m, "enter") != nil {
		t.Error("a second enter chooses nothing more")
	}
	m.Reset("en")
	if c := m.Choice(); m.Step() != 0 || c.Name != "visitor" || c.Car != "su7" || c.Drill != "" || m.Lang() != "en" {
		t.Errorf("Reset keeps nothing of the last visitor: %+v", c)
	}
}

func TestMenuEscNeverLeaves(t *testing.T) {
	m := newMenu(t, 80, 24)
	for range 3 {
		if cmd := keyPress(m, "esc"); cmd != nil {
			t.Fatal("esc at the first step does nothing")
		}
	}
	if cmd := keyPress(m, "ctrl+c"); cmd != nil {
		t.Fatal("ctrl+c returns no quit")
	}
}

func TestMenuFitsTheScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []string{"en", "zh"} {
			m := newMenu(t, size[0], size[1])
			m.Reset(lang)
			for range 3 {
				keyPress(m, "enter")
			}
			lines := strings.Split(m.Render(), "\n")
			if len(lines) > size[1] {
				t.Errorf("%v %s: %d lines", size, lang, len(lines))
			}
			for _, l := range lines {
				if widget.Width(l) > size[0] {
					t.Errorf("%v %s: a line of %d cells: %q", size, lang, widget.Width(l), ansi.Strip(l))
				}
			}
		}
	}
}
