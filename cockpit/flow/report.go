package flow

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// WriteReport prints a flow's result for a designer: a line per step (✓ or
// ✗, the drive time after it, where it is written, what it did), the
// failing check with what was expected and what was found, and the frame
// of the failing step in a box. Goldens rewritten by --update show what
// changed.
func WriteReport(w io.Writer, r *Result) {
	f := r.Flow
	from := "the default drive"
	switch {
	case f.Scenario != nil:
		from = "scenario " + f.ScenarioName
	case f.Start != nil:
		from = "its own start"
	}
	fmt.Fprintf(w, "flow %s (%s): %s, %dx%d, %s\n", f.Name, f.File, from, f.Width, f.Height, f.Lang)
	for i := range r.Steps {
		s := &r.Steps[i]
		mark := "✓"
		if !s.Passed {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %7s  step %d (line %d)  %s\n", mark, fmtDur(s.At), s.Number, s.Line, s.What)
		if s.Error != "" {
			fmt.Fprintf(w, "      %s\n", s.Error)
		}
		for _, c := range s.Checks {
			switch {
			case c.Updated:
				fmt.Fprintf(w, "      %s rewritten (line %d):\n%s\n", strings.TrimPrefix(c.What, "golden "), c.Line, indent(c.Diff, "        "))
			case !c.Passed:
				fmt.Fprintf(w, "      ✗ %s (line %d)\n", c.What, c.Line)
				fmt.Fprintf(w, "          expected: %s\n", c.Expected)
				fmt.Fprintf(w, "          found:    %s\n", c.Found)
				if c.Diff != "" {
					fmt.Fprintln(w, indent(c.Diff, "          "))
				}
			}
		}
		if s.Frame != "" {
			fmt.Fprintf(w, "      the screen at %s:\n%s", fmtDur(s.At), box(s.Frame, "      "))
		}
	}
	if r.NotRun > 0 {
		fmt.Fprintf(w, "  %d step(s) not run after the failure\n", r.NotRun)
	}
	if r.Passed {
		fmt.Fprintf(w, "PASS %s: %d steps, %s of drive time\n", f.Name, len(r.Steps), fmtDur(r.At))
		return
	}
	s := r.Failed()
	fmt.Fprintf(w, "FAIL %s: step %d (%s:%d)\n", f.Name, s.Number, f.File, s.Line)
}

func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = pre + l
	}
	return strings.Join(lines, "\n")
}

// box draws a frame in a box, so its own edges show.
func box(frame, pre string) string {
	lines := strings.Split(strings.TrimSuffix(frame, "\n"), "\n")
	w := 0
	for _, l := range lines {
		w = max(w, ansi.StringWidth(l))
	}
	var b strings.Builder
	b.WriteString(pre + "┌" + strings.Repeat("─", w) + "┐\n")
	for _, l := range lines {
		b.WriteString(pre + "│" + l + strings.Repeat(" ", w-ansi.StringWidth(l)) + "│\n")
	}
	b.WriteString(pre + "└" + strings.Repeat("─", w) + "┘\n")
	return b.String()
}

// jsonStep is a step's JSON line.
type jsonStep struct {
	Kind string `json:"kind"`
	Flow string `json:"flow"`
	File string `json:"file"`
	StepResult
	T float64 `json:"t"`
}

// jsonFlow is a flow's JSON line.
type jsonFlow struct {
	Kind       string  `json:"kind"`
	Flow       string  `json:"flow"`
	File       string  `json:"file"`
	Passed     bool    `json:"passed"`
	Steps      int     `json:"steps"`
	Ran        int     `json:"ran"`
	FailedStep int     `json:"failed_step,omitempty"`
	FailedLine int     `json:"failed_line,omitempty"`
	NotRun     int     `json:"not_run"`
	T          float64 `json:"t"`
}

// WriteJSON prints a flow's result as JSON lines: one {"kind":"step"} a
// step run (its checks inside, the frame when it failed) and one
// {"kind":"flow"} at the end (docs/flows.md).
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range r.Steps {
		if err := enc.Encode(jsonStep{Kind: "step", Flow: r.Flow.Name, File: r.Flow.File, StepResult: s, T: s.At.Seconds()}); err != nil {
			return err
		}
	}
	jf := jsonFlow{Kind: "flow", Flow: r.Flow.Name, File: r.Flow.File, Passed: r.Passed, Steps: len(r.Flow.Steps), Ran: len(r.Steps), NotRun: r.NotRun, T: r.At.Seconds()}
	if s := r.Failed(); s != nil {
		jf.FailedStep, jf.FailedLine = s.Number, s.Line
	}
	return enc.Encode(jf)
}
