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

// TestThemeFont: a theme's font stack is what SVG captures are drawn in;
// a bad stack is refused at load with its line, and a file without one
// gets the default (designers' own themes from before the field).
func TestThemeFont(t *testing.T) {
	base := "name: dusk\nname_zh: 黄昏\ndark: true\n%scolors:\n"
	for _, r := range Roles {
		base += "  " + r + ": \"#102030\"\n"
	}
	parse := func(font string) (*Theme, error) {
		return Parse("themes/dusk.yaml", []byte(strings.Replace(base, "%s", font, 1)))
	}
	th, err := parse("")
	if err != nil {
		t.Fatal(err)
	}
	if th.Font != DefaultFont {
		t.Errorf("no font field: got %q, want the default", th.Font)
	}
	th, err = parse("font: '\"Iosevka Term\", Sarasa Mono SC, monospace'\n")
	if err != nil || th.Font != `"Iosevka Term", Sarasa Mono SC, monospace` {
		t.Errorf("a good stack: %q, %v", th.Font, err)
	}
	for font, want := range map[string]string{
		"font: 'Menlo, serif'\n":                      `themes/dusk.yaml:4:7: font: the stack must end with the generic family monospace, not "serif"`,
		"font: 'Menlo, , monospace'\n":                `font 2 of the stack, "", is not a font family name`,
		"font: '\"Menlo><svg\", 3D, monospace'\n":     `font 2 of the stack, "3D"`,
		"font: 'Noto \"Sans\", monospace'\n":          `font 1 of the stack, "Noto \"Sans\""`,
		"font: '\"a\\\\\" onload=\"x\", monospace'\n": `font 1 of the stack`,
	} {
		_, err := parse(font)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", font, err, want)
		}
	}
	bundled, err := LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	for name, th := range bundled {
		if !strings.Contains(th.Font, "CJK") || !strings.HasSuffix(th.Font, ", monospace") {
			t.Errorf("%s: font stack %q lacks a CJK monospace font or the generic monospace last", name, th.Font)
		}
	}
}
