package theme

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
)

func TestBundledThemesLoad(t *testing.T) {
	th, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"day", "night", "high-contrast", "colorblind"} {
		if th[name] == nil {
			t.Errorf("missing theme %s", name)
			continue
		}
		for _, nc := range []bool{false, true} {
			s := New(th[name], nc)
			if nc && (s.Background != nil || s.Name != "mono") {
				t.Errorf("%s under NO_COLOR keeps colours", name)
			}
		}
	}
}

func TestThemeErrorsPointAtTheLine(t *testing.T) {
	data := []byte("name: dusk\nname_zh: 黄昏\ndark: true\ncolors:\n  background: \"#000000\"\n  foreground: blue\n  sparkle: \"#FFFFFF\"\n")
	_, err := Parse("themes/dusk.yaml", data)
	if err == nil {
		t.Fatal("a bad theme loaded")
	}
	msg := err.Error()
	for _, want := range []string{
		`themes/dusk.yaml:6:15: colors.foreground: expected a colour like "#1B2430", got "blue"`,
		`colors: missing colour role "muted"`,
		`themes/dusk.yaml:7:12: colors.sparkle: unknown colour role`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestThemeNameMatchesFile(t *testing.T) {
	day, _ := assets.FS().(interface {
		ReadFile(string) ([]byte, error)
	}).ReadFile("themes/day.yaml")
	fsys := fstest.MapFS{
		"themes/night.yaml": {Data: day},
		"themes/day.yaml":   {Data: day},
	}
	if _, err := LoadAll(fsys); err == nil || !strings.Contains(err.Error(), "must match the file name") {
		t.Errorf("got %v", err)
	}
}
