// Package theme loads the cockpit's colour themes from data files
// (assets/themes/*.yaml) and builds the one Styles struct every part of the
// UI draws with, so no colour literal appears anywhere else.
package theme

import (
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
)

// Roles lists the colour roles every theme file must define, in the order
// docs/ui.md documents them.
var Roles = []string{
	"background", "foreground", "muted", "faint", "border", "accent", "accent_text",
	"speed", "good", "info", "warn", "danger", "assist_active", "assist_available",
	"regen", "selection",
}

// Theme is one palette as the data file gives it.
type Theme struct {
	Name   string
	NameZH string
	// Dark says the background is dark; widgets pick contrasting shades.
	Dark   bool
	Colors map[string]string // role -> #RRGGBB
	// Font is the CSS font-family stack captures are drawn in (SVG): a
	// monospace font, a monospace CJK font, and the generic monospace
	// last (DefaultFont when the file gives none).
	Font string
}

// DefaultFont is the font stack of a theme file without one: common
// monospace fonts, then monospace CJK fonts (Chinese drawn in a face made
// for a two-cell grid), then the generic family, which every viewer has.
const DefaultFont = `"DejaVu Sans Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", "Sarasa Mono SC", monospace`

type rawTheme struct {
	Name   string            `yaml:"name"`
	NameZH string            `yaml:"name_zh"`
	Dark   bool              `yaml:"dark"`
	Colors map[string]string `yaml:"colors"`
	Font   string            `yaml:"font"`
}

var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// Parse validates one theme file. Every problem is reported as
// file:line:column: field: message, all of them at once.
func Parse(name string, data []byte) (*Theme, error) {
	var raw rawTheme
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return nil, err
	}
	var errs []error
	// A theme's names are shown in the settings; its colours are written
	// into escape sequences, where a control character would be obeyed.
	datacheck.Check(&raw, nil, func(path, problem string) { errs = append(errs, doc.Errorf(path, "%s", problem)) })
	if raw.Name == "" {
		errs = append(errs, doc.Errorf("name", "a theme name is required"))
	}
	if raw.NameZH == "" {
		errs = append(errs, doc.Errorf("name_zh", "a Chinese theme name is required"))
	}
	known := map[string]bool{}
	for _, r := range Roles {
		known[r] = true
		v, ok := raw.Colors[r]
		switch {
		case !ok:
			errs = append(errs, doc.Errorf("colors", "missing colour role %q", r))
		case !hexColor.MatchString(v):
			errs = append(errs, doc.Errorf("colors."+r, "expected a colour like \"#1B2430\", got %q", v))
		}
	}
	extra := make([]string, 0)
	for k := range raw.Colors {
		if !known[k] {
			extra = append(extra, k)
		}
	}
	if raw.Font != "" {
		if err := checkFont(raw.Font); err != nil {
			errs = append(errs, doc.Errorf("font", "%v", err))
		}
	} else {
		raw.Font = DefaultFont
	}
	sort.Strings(extra)
	for _, k := range extra {
		errs = append(errs, doc.Errorf("colors."+k, "unknown colour role (known: %s)", strings.Join(Roles, ", ")))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Theme{Name: raw.Name, NameZH: raw.NameZH, Dark: raw.Dark, Colors: raw.Colors, Font: raw.Font}, nil
}

// fontName is one family of a stack: quoted (any name without quotes or
// backslashes), or bare words of letters, digits, dashes and underscores.
var fontName = regexp.MustCompile(`^(?:"[^"\\\x00-\x1f]+"|'[^'\\\x00-\x1f]+'|[A-Za-z_][A-Za-z0-9_-]*(?: +[A-Za-z0-9_-]+)*)$`)

// checkFont validates a font stack as CSS font-family reads it, so every
// viewer of an SVG capture reads the same list: comma-separated names,
// ending with the generic monospace (a capture is a grid of cells; any
// other fallback would break it where the named fonts are missing).
func checkFont(stack string) error {
	names := strings.Split(stack, ",")
	for i, n := range names {
		n = strings.TrimSpace(n)
		if !fontName.MatchString(n) {
			return fmt.Errorf("font %d of the stack, %q, is not a font family name (quote names with spaces or other characters: \"Noto Sans Mono CJK SC\")", i+1, n)
		}
		names[i] = n
	}
	if last := names[len(names)-1]; last != "monospace" {
		return fmt.Errorf("the stack must end with the generic family monospace, not %q (a capture is a grid of equal cells)", last)
	}
	return nil
}

// LoadAll reads every themes/*.yaml of an asset tree, keyed by name.
func LoadAll(fsys fs.FS) (map[string]*Theme, error) {
	names, err := fs.Glob(fsys, "themes/*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]*Theme{}
	var errs []error
	for _, n := range names {
		data, err := datafile.ReadFile(fsys, n) // a regular file only: a FIFO would block
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t, err := Parse(n, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if want := strings.TrimSuffix(path.Base(n), ".yaml"); t.Name != want {
			errs = append(errs, fmt.Errorf("%s: name: %q must match the file name %q", n, t.Name, want))
			continue
		}
		out[t.Name] = t
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, need := range []string{"day", "night"} {
		if out[need] == nil {
			return nil, fmt.Errorf("themes/%s.yaml: missing (the day and night themes are required)", need)
		}
	}
	return out, nil
}

// Color returns the colour of a role, or nil (terminal default) when the
// theme is monochrome or lacks it.
func (t *Theme) Color(role string) color.Color {
	if t == nil {
		return nil
	}
	v, ok := t.Colors[role]
	if !ok {
		return nil
	}
	return lipgloss.Color(v)
}
