package cockpit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenBig pins the projector layout (Options.Big) at 80×24 and
// 120×40 in both languages: the double-size speed, no notifications
// column, no transcript (go test ./cockpit/ -run TestGoldenBig -update
// rewrites).
func TestGoldenBig(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(fmt.Sprintf("%dx%d_%s", sz[0], sz[1], lang), func(t *testing.T) {
				m := demoModel(t, lang, "night", sz[0], sz[1])
				m.big = true
				out := frame(m)
				checkFrame(t, out, sz[0], sz[1])
				if strings.Contains(out, m.ctx.T("side.title")) {
					t.Error("the big layout has no notifications column")
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestDoubleBlocks(t *testing.T) {
	got := doubleBlocks([3]string{"█▀▄ "})
	if got[0] != "████    " || got[1] != "██  ██  " {
		t.Errorf("doubleBlocks = %q", got[:2])
	}
}

// TestBigKeepsTheRegionsTrue: the mouse and the flows find the parts of
// the big layout where it draws them.
func TestBigKeepsTheRegionsTrue(t *testing.T) {
	m := demoModel(t, "en", "night", 120, 40)
	m.big = true
	h := &Headless{m: m}
	r, ok := h.Region("cluster")
	if !ok || r.H != bigClusterH {
		t.Fatalf("cluster region %v", r)
	}
	if _, ok := h.Region("notifications"); ok {
		t.Error("no notifications region in the big layout")
	}
	if text := h.Text(r); !strings.Contains(text, "km/h") {
		t.Errorf("the cluster region holds the cluster:\n%s", text)
	}
}
