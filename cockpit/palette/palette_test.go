package palette_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/palette"
	"github.com/nevsim/cockpit/cockpit/theme"
)

var items = []palette.Item{
	{ID: "weather.rain-heavy", Group: "weather", Label: "Heavy rain, visibility 300 m", Keywords: []string{"baoyu"}},
	{ID: "weather.fog", Group: "weather", Label: "Fog, visibility 400 m", Keywords: []string{"wu"}},
	{ID: "weather.fog-dense", Group: "weather", Label: "Dense fog, visibility 60 m", Keywords: []string{"dawu"}},
	{ID: "energy.battery-5", Group: "energy", Label: "电量调到 5%（电量严重不足）", Keywords: []string{"soc", "dianliang"}},
	{ID: "hazard.cut-in", Group: "hazard", Label: "A car cuts in 25 m ahead", Keywords: []string{"jiasai"}},
}

func ids(p *palette.Model) []string {
	var out []string
	for range p.Len() {
		it, _ := p.Selected()
		out = append(out, it.ID)
		p.Move(1)
	}
	return out
}

func TestTheFilterFindsWhatADesignerTypes(t *testing.T) {
	for q, want := range map[string]string{
		"fog":    "weather.fog", // a word start beats a later one
		"dense":  "weather.fog-dense",
		"dawu":   "weather.fog-dense",  // pinyin keyword
		"hvy rn": "weather.rain-heavy", // scattered letters, two words
		"电量":     "energy.battery-5",
		"CUT":    "hazard.cut-in", // any case
		"hazard": "hazard.cut-in", // the group's name
	} {
		p := palette.New(items)
		p.Open()
		p.Type(q)
		if got, ok := p.Selected(); !ok || got.ID != want {
			t.Errorf("%q selects %q, want %q (all: %v)", q, got.ID, want, ids(p))
		}
	}
	p := palette.New(items)
	p.Open()
	p.Type("zzzz")
	if _, ok := p.Selected(); ok || p.Len() != 0 {
		t.Error("a filter that matches nothing selects something")
	}
	p.Backspace()
	p.Backspace()
	p.Backspace()
	p.Backspace()
	if p.Len() != len(items) {
		t.Errorf("backspacing the filter away lists %d", p.Len())
	}
	p.Move(-1)
	if it, _ := p.Selected(); it.ID != "hazard.cut-in" {
		t.Errorf("up from the first wraps to %s", it.ID)
	}
	p.Type("\x1b[31mfog\x00")
	if q := p.Query(); q != "[31mfog" {
		t.Errorf("control characters were kept: %q", q)
	}
	p.Type(strings.Repeat("x", 500))
	if n := len([]rune(p.Query())); n != palette.MaxQuery {
		t.Errorf("the filter holds %d runes", n)
	}
}

func ctx(w, h int) *common.Context {
	themes, err := theme.LoadAll(assets.FS())
	if err != nil {
		panic(err)
	}
	var th *theme.Theme
	for _, v := range themes {
		th = v
		break
	}
	return &common.Context{Width: w, Height: h, Styles: theme.New(th, false)}
}

var texts = palette.Texts{Title: "Controls", Prompt: ": ", NoMatch: "No control matches", Hint: "enter apply · esc close",
	Groups: map[string]string{"weather": "Weather", "energy": "Energy", "hazard": "Hazards"}}

// Whatever is typed and however it is moved, the palette never panics,
// never draws wider than its box nor taller than asked, and shows the
// selection.
func TestThePaletteStaysInItsBox(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		w := rapid.IntRange(24, 120).Draw(rt, "w")
		h := rapid.IntRange(5, 40).Draw(rt, "h")
		p := palette.New(items)
		p.Open()
		for _, op := range rapid.SliceOfN(rapid.IntRange(0, 3), 0, 20).Draw(rt, "ops") {
			switch op {
			case 0:
				p.Type(rapid.StringN(0, 3, -1).Draw(rt, "s"))
			case 1:
				p.Backspace()
			case 2:
				p.Move(rapid.IntRange(-5, 5).Draw(rt, "d"))
			}
		}
		view := p.View(ctx(w, h), texts, w, h)
		lines := strings.Split(view, "\n")
		if len(lines) > h {
			rt.Fatalf("%d lines in %d", len(lines), h)
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > w {
				rt.Fatalf("a line of %d cells in %d: %q", ansi.StringWidth(l), w, ansi.Strip(l))
			}
		}
		if it, ok := p.Selected(); ok && !strings.Contains(ansi.Strip(view), "› "+ansi.Truncate(it.Label, 4, "")) {
			rt.Fatalf("the selection %q is not shown:\n%s", it.Label, ansi.Strip(view))
		}
	})
}
