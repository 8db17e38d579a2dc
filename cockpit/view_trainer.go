package cockpit

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/drill"
)

// View renders the trainer's current screen; while a drill plays, the
// cockpit's own view.
func (t *Trainer) View() tea.View {
	if t.screen == screenPlaying && t.cur != nil {
		return t.cur.View()
	}
	v := tea.NewView(t.Render())
	v.AltScreen = true
	v.WindowTitle = t.ctx.T("drill.title")
	if s := t.ctx.Styles; s.Background != nil {
		v.BackgroundColor = s.Background
		v.ForegroundColor = s.Foreground
	}
	if t.leaving {
		v.Content = ""
	}
	return v
}

// Render returns the screen as text, for tests and captures.
func (t *Trainer) Render() string {
	c := &t.ctx
	if c.Width <= 0 || c.Height <= 0 {
		return ""
	}
	if t.screen == screenPlaying && t.cur != nil {
		return t.cur.Render()
	}
	if c.Layout() == common.TooSmall {
		return widget.Center(c.F("too_small", "w", itoa(common.MinWidth), "h", itoa(common.MinHeight),
			"cw", itoa(c.Width), "ch", itoa(c.Height)), c.Width)
	}
	w, h := c.Width, c.Height
	s := c.Styles
	var title, body string
	var bindings []key.Binding
	switch t.screen {
	case screenDebrief:
		title = c.T("drill.debrief") + " · " + t.drillName(t.o.Drills[t.curIdx].Scenario)
		body = t.debriefBody(w-4, h-4)
		bindings = c.Keys.DebriefShort()
	default:
		title = c.T("drill.title")
		body = t.curriculumBody(w-4, h-4)
		bindings = c.Keys.CurriculumShort()
	}
	top := widget.Spread(s.Title.Render(" ◉ "+c.T("drill.title")), s.Muted.Render("♪ "+t.audioLabel()+" "), w)
	// The notice may carry a path (a record moved aside): it wraps to two
	// lines rather than lose the part the user needs.
	notice := []string{widget.Fit(s.Faint.Render(" ▸ "), w)}
	if t.notice != "" {
		st := s.Info
		if t.warn {
			st = s.Warn
		}
		wrapped := strings.Split(ansi.Wrap(t.notice, w-4, "/ "), "\n")
		notice = notice[:0]
		for i, l := range wrapped[:min(len(wrapped), 2)] {
			lead := " ▸ "
			if i > 0 {
				lead = "   "
			}
			notice = append(notice, widget.Fit(st.Render(lead+l), w))
		}
	}
	if t.saveErr != nil && t.o.ProgressPath != "" {
		// Until a later save succeeds, whatever else the notice says.
		unsaved := widget.Fit(s.Warn.Render(" ! "+c.F("drill.unsaved", "err", t.saveErr.Error())), w)
		notice = append([]string{unsaved}, notice...)
	}
	box := widget.Box(s.FrameActive, s.Title.Render(title), "", body, w, h-2-len(notice))
	t.help.SetWidth(w - 1)
	footer := widget.Fit(" "+t.help.ShortHelpView(bindings), w)
	return strings.Join(append(append([]string{top, box}, notice...), footer), "\n")
}

func (t *Trainer) audioLabel() string {
	if strings.HasPrefix(t.audio, "silent") || t.audio == "" {
		return t.ctx.T("audio.off")
	}
	return t.audio
}

// historyW is the curriculum's score-history column: the last attempts'
// scores out of 100 as a sparkline, newest on the right.
const historyW = 8

// curriculumBody lists the drills with the trainee's record: best, last,
// trend and attempts, and describes the selected one.
func (t *Trainer) curriculumBody(w, h int) string {
	c := &t.ctx
	s := c.Styles
	lines := []string{}
	for _, l := range strings.Split(t.wrap(c.T("drill.intro"), w), "\n") {
		lines = append(lines, s.Muted.Render(l))
	}
	lines = append(lines, "")
	// The history column only where the drills' names still fit beside
	// it: a name cut short costs more than a sparkline.
	histW := 0
	if w >= 100 {
		histW = historyW + 1
	}
	nameW := max(w-34-histW, 16)
	header := fmt.Sprintf("  %-*s %s", nameW, widget.Clip(c.T("drill.col_drill"), nameW),
		widget.Right(c.T("drill.col_best"), 6)+widget.Right(c.T("drill.col_last"), 6)+
			widget.Right(c.T("drill.col_trend"), 8)+widget.Right(c.T("drill.col_tries"), 7))
	if histW > 0 {
		header += widget.Right(c.T("drill.col_history"), histW)
	}
	lines = append(lines, s.Muted.Render(widget.Clip(header, w)))
	for i, d := range t.o.Drills {
		rec := t.prog.Drills[d.ID]
		best, last, trend, tries := c.T("drill.not_tried"), c.T("drill.not_tried"), "", "0"
		history := ""
		if rec != nil && rec.Attempts > 0 {
			best, last = fmt.Sprintf("%.0f", rec.Best), fmt.Sprintf("%.0f", rec.Last)
			tries = itoa(rec.Attempts)
			trend = trendText(rec.Trend(), rec.Attempts)
			if histW > 0 {
				history = " " + widget.SparklineTo(rec.Scores, historyW, 100, s.Accent)
			}
		}
		level := ""
		if d.Scenario.Drill != nil {
			level = c.T("drill.level."+d.Scenario.Drill.Level) + " "
		}
		name := widget.Fit(level+t.drillName(d.Scenario), nameW)
		row := " " + name + " " + widget.Right(best, 6) + widget.Right(last, 6) + widget.Right(trend, 8) + widget.Right(tries, 7) + history
		if i == t.sel {
			lines = append(lines, s.Selected.Render(widget.Fit("▸"+row, w)))
		} else {
			lines = append(lines, widget.Fit(" "+row, w))
		}
	}
	if t.sel < len(t.o.Drills) {
		sc := t.o.Drills[t.sel].Scenario
		about := sc.Description
		if k := "drill.about." + t.o.Drills[t.sel].ID; c.Tr.Has(k) {
			about = c.T(k)
		}
		lines = append(lines, "")
		for _, l := range strings.Split(t.wrap(about, w), "\n") {
			lines = append(lines, s.Text.Render(l))
		}
	}
	return strings.Join(lines, "\n")
}

// trendText shows the trend as an arrow and points (↑ +5), flat within a
// point.
func trendText(v float64, attempts int) string {
	switch {
	case attempts < 2:
		return ""
	case v >= 1:
		return fmt.Sprintf("↑ +%.0f", v)
	case v <= -1:
		return fmt.Sprintf("↓ %.0f", v)
	}
	return "→"
}

// debriefBody is the score, the timeline, the one tip and the breakdown,
// in the UI language (l switches).
func (t *Trainer) debriefBody(w, h int) string {
	c := &t.ctx
	s := c.Styles
	r := t.result
	if r == nil {
		return ""
	}
	scoreStyle := s.Good
	switch {
	case r.Total < 50:
		scoreStyle = s.Danger
	case r.Total < passScore:
		scoreStyle = s.Warn
	}
	head := scoreStyle.Render(c.F("drill.score", "score", fmt.Sprintf("%.0f", r.Total)))
	mode := c.T("drill.mode_watch")
	if t.trainee {
		mode = c.T("drill.mode_you")
	}
	head += s.Muted.Render("  · " + mode)
	if t.early {
		head += s.Warn.Render(" · " + c.T("drill.ended_early"))
	}
	if t.newBest {
		head += s.Good.Render(" · " + c.T("drill.new_best"))
	}
	// Blocks in order of importance; blank lines between them only when
	// everything fits (the breakdown's twelve rows must never be cut).
	var blocks [][]string
	blocks = append(blocks, []string{head})
	tl := strings.Split(t.wrap(s.Bold.Render(c.T("drill.timeline"))+"  "+t.timelineText(), w), "\n")
	if w >= 100 {
		tl = append(tl, "  "+t.timelineBar(min(w-4, 60)))
	}
	blocks = append(blocks, tl)
	blocks = append(blocks, DrillTip(c, r, w))
	blocks = append(blocks, Breakdown(c, r, w))
	n := len(blocks) - 1
	for _, b := range blocks {
		n += len(b)
	}
	var lines []string
	for i, b := range blocks {
		if i > 0 && n <= h {
			lines = append(lines, "")
		}
		lines = append(lines, b...)
	}
	return strings.Join(lines, "\n")
}

// timelineText is the request's time in the drive and the eyes, hands and
// takeover times after it (or the MRM), in one line.
func (t *Trainer) timelineText() string {
	c := &t.ctx
	tl := &t.timeline
	if !tl.Requested {
		return c.T("drill.no_request")
	}
	at := func(v float64) string {
		if v < 0 {
			return c.T("drill.never")
		}
		return c.F("drill.after", "s", fmt.Sprintf("%.1f", v))
	}
	req := int(math.Round(tl.RequestAtS))
	parts := []string{
		// minutes and seconds into the drill, said so: "12:00" alone
		// reads as a time of day
		c.F("drill.request_at", "at", fmt.Sprintf("%d:%02d", req/60, req%60)),
		c.T("drill.eyes") + " " + at(tl.EyesS),
		c.T("drill.hands") + " " + at(tl.HandsS),
		c.T("drill.takeover") + " " + at(tl.TakeoverS),
	}
	if tl.MRM {
		parts = append(parts, c.T("drill.mrm"))
	}
	return strings.Join(parts, " · ")
}

// timelineBar draws the first 10 s after the request (the R157 budget)
// with E, H and T where the eyes, hands and takeover came, and the 5 s
// mark from which timeliness points drop.
func (t *Trainer) timelineBar(w int) string {
	s := t.ctx.Styles
	tl := &t.timeline
	if !tl.Requested {
		return ""
	}
	cells := []rune(strings.Repeat("─", w))
	put := func(v float64, r rune) {
		if v < 0 || v > drill.ZeroS {
			return
		}
		cells[min(int(v/drill.ZeroS*float64(w-1)), w-1)] = r
	}
	put(drill.FullS, '┊')
	put(tl.EyesS, 'E')
	put(tl.HandsS, 'H')
	put(tl.TakeoverS, 'T')
	return s.Muted.Render("0 s ├") + s.Text.Render(string(cells)) + s.Muted.Render("┤ 10 s")
}

// wrap breaks text to w cells: at spaces in English; in Chinese, which has
// none, at any character (a word wrap would push whole sentences down).
func (t *Trainer) wrap(text string, w int) string { return wrapText(&t.ctx, text, w) }

// wrapText wraps text at w cells as its language breaks lines: Chinese
// anywhere, English between words.
func wrapText(c *common.Context, text string, w int) string {
	if c.Tr.BreaksAnywhere() {
		return ansi.Hardwrap(text, w, true)
	}
	return ansi.Wrap(text, w, "")
}

// DrillTip is a drill result's one tip (what to do better next time),
// wrapped at w cells.
func DrillTip(c *common.Context, r *drill.Result, w int) []string {
	var out []string
	for _, l := range strings.Split(wrapText(c, c.F("drill.tip", "tip", c.Tr.Render(r.Tip, nil)), w), "\n") {
		out = append(out, c.Styles.Title.Render(l))
	}
	return out
}

// Breakdown is a drill result's score criterion by criterion, under its
// title, one row each (label, points of the maximum, why), each at most w
// cells: the debrief shows it, and so does the kiosk's result, so a
// visitor learns what the score is made of as a trainee does.
func Breakdown(c *common.Context, r *drill.Result, w int) []string {
	s := c.Styles
	out := []string{s.Bold.Render(c.T("drill.breakdown"))}
	labelW := 0
	for _, cr := range r.Criteria {
		labelW = max(labelW, widget.Width(c.Tr.Render(cr.Label(), nil)))
	}
	labelW = min(labelW, w*4/10)
	for _, cr := range r.Criteria {
		st := s.Text
		if cr.Points < cr.Max {
			st = s.Warn
		}
		note := c.Tr.Render(cr.Note, nil)
		pts := fmt.Sprintf("%5.0f / %-3.0f", cr.Points, cr.Max)
		if cr.ID == "penalties" {
			pts = fmt.Sprintf("%5.0f      ", cr.Points) // no maximum; never -0 (drill.Score)
		}
		row := " " + widget.Fit(c.Tr.Render(cr.Label(), nil), labelW) + " " + st.Render(pts) + " " + s.Muted.Render(note)
		out = append(out, widget.Clip(row, w))
	}
	return out
}
