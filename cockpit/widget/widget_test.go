package widget

import (
	"math"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestFitCountsCJKAsTwoCells(t *testing.T) {
	for _, s := range []string{"", "abc", "北京大兴国际机场", "mixed 北京 text that is long", "\x1b[1m粗体\x1b[0m"} {
		for _, w := range []int{1, 2, 3, 7, 8, 40} {
			if got := Width(Fit(s, w)); got != w {
				t.Errorf("Fit(%q, %d) is %d cells", s, w, got)
			}
		}
	}
}

func TestBoxIsExactlyItsSize(t *testing.T) {
	border := lipgloss.NewStyle().Border(lipgloss.RoundedBorder())
	for _, w := range []int{4, 10, 33} {
		for _, h := range []int{2, 3, 9} {
			out := Box(border, "标题 Title", "note", "line one\n第二行很长很长很长很长很长很长很长", w, h)
			lines := strings.Split(out, "\n")
			if len(lines) != h {
				t.Fatalf("%d×%d box has %d lines", w, h, len(lines))
			}
			for i, l := range lines {
				if Width(l) != w {
					t.Errorf("%d×%d box line %d is %d cells: %q", w, h, i, Width(l), l)
				}
			}
		}
	}
}

func TestBarAndSparkline(t *testing.T) {
	s := lipgloss.NewStyle()
	for _, f := range []float64{-1, 0, 0.01, 0.5, 0.999, 1, 2} {
		if got := Width(Bar(f, 13, s, s)); got != 13 {
			t.Errorf("Bar(%v) is %d cells", f, got)
		}
	}
	vals := []float64{1, -2, 3, 0, -5, 8}
	if got := Width(Sparkline(vals, 4, s, s)); got != 4 {
		t.Errorf("Sparkline cut to 4 is %d cells", got)
	}
	if got := Width(Sparkline(vals, 10, s, s)); got != 10 {
		t.Errorf("Sparkline padded to 10 is %d cells", got)
	}
}

func TestBigNumber(t *testing.T) {
	for _, n := range []int{-5, 0, 7, 42, 120, 999, 1500} {
		rows := BigNumber(n)
		for _, r := range rows {
			if Width(r) != 11 {
				t.Errorf("BigNumber(%d) row %q is %d cells", n, r, Width(r))
			}
		}
	}
}

// TestSparklineToKeepsItsScale: scores out of 100 are drawn on one scale, so
// two attempts of 11 are two low bars (Sparkline would draw them full), a
// 100 is full, out-of-range and NaN values are clamped, never a panic.
func TestSparklineToKeepsItsScale(t *testing.T) {
	st := lipgloss.NewStyle()
	for _, c := range []struct {
		values []float64
		w      int
		want   string
	}{
		{[]float64{11, 11}, 4, "  ▂▂"},
		{[]float64{0, 50, 100}, 3, "▁▅█"},
		{[]float64{-5, 1e308, math.NaN()}, 3, "▁█▁"},
		{[]float64{10, 20, 30, 40}, 2, "▃▄"},
		{nil, 3, "   "},
	} {
		if got := ansi.Strip(SparklineTo(c.values, c.w, 100, st)); got != c.want {
			t.Errorf("%v in %d: %q, want %q", c.values, c.w, got, c.want)
		}
	}
	if SparklineTo([]float64{1}, 0, 100, st) != "" || SparklineTo([]float64{1}, 3, 0, st) != "" {
		t.Error("no width or no scale draws nothing")
	}
}
