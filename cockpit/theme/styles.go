package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles is every style the cockpit draws with, built once per theme
// change. Components read it through the shared context; none builds its
// own colours.
type Styles struct {
	// Name is the theme's name ("day", "night", …, or "mono" under NO_COLOR).
	Name string
	// Dark is true for dark backgrounds.
	Dark bool
	// NoColor is true under NO_COLOR: styles keep bold, reverse and
	// underline but no colour, so every state must also be readable as text.
	NoColor bool

	Background, Foreground color.Color

	Text, Muted, Faint, Bold lipgloss.Style
	Title, Accent, Speed     lipgloss.Style
	Good, Info, Warn, Danger lipgloss.Style
	Regen                    lipgloss.Style
	Frame, FrameActive       lipgloss.Style // panel borders
	// FrameDanger is every frame's border at a stage-2 alert: a red edge
	// around the whole screen, as production clusters flash theirs.
	FrameDanger              lipgloss.Style
	Tab, TabActive           lipgloss.Style
	Selected                 lipgloss.Style
	LimitSign                lipgloss.Style
	PillOff, PillAvailable   lipgloss.Style
	PillActive, PillTakeover lipgloss.Style
	PillCritical             lipgloss.Style
	// PillL2 is L2 (supervised) assistance: blue, never the turquoise that
	// means "the car drives, you may look away" (L3).
	PillL2 lipgloss.Style
	// Banners take the screen's attention during a takeover request: amber
	// (availability warning, stage 1), red (stage 2, MRM, MRC) and the
	// calm acknowledgement after a takeover. Full-width, solid background.
	BannerWarn, BannerDanger, BannerOK lipgloss.Style
	// Card is the phone task's frame (a non-driving screen).
	Card                      lipgloss.Style
	TelltaleOff               lipgloss.Style
	TelltaleWarn, TelltaleRed lipgloss.Style
	TelltaleInfo              lipgloss.Style
	BarFull, BarEmpty         lipgloss.Style
	Key, KeyDesc              lipgloss.Style // help
	Prompt, UserText          lipgloss.Style
	ReplyText                 lipgloss.Style
	Overlay                   lipgloss.Style
}

// New builds the styles of a theme. noColor drops every colour (NO_COLOR)
// and keeps attributes only.
func New(t *Theme, noColor bool) *Styles {
	c := func(role string) color.Color {
		if noColor {
			return nil
		}
		return t.Color(role)
	}
	fg := func(role string) lipgloss.Style {
		s := lipgloss.NewStyle()
		if col := c(role); col != nil {
			s = s.Foreground(col)
		}
		return s
	}
	onBg := func(bgRole, fgRole string) lipgloss.Style {
		s := lipgloss.NewStyle().Bold(true).Padding(0, 1)
		if noColor {
			return s.Reverse(true)
		}
		return s.Background(c(bgRole)).Foreground(c(fgRole))
	}
	s := &Styles{Name: t.Name, Dark: t.Dark, NoColor: noColor}
	if noColor {
		s.Name = "mono"
	} else {
		s.Background, s.Foreground = c("background"), c("foreground")
	}
	s.Text = fg("foreground")
	s.Muted = fg("muted")
	s.Faint = fg("faint")
	if noColor {
		s.Faint = s.Faint.Faint(true)
	}
	s.Bold = fg("foreground").Bold(true)
	s.Title = fg("accent").Bold(true)
	s.Accent = fg("accent")
	s.Speed = fg("speed").Bold(true)
	s.Good = fg("good")
	s.Info = fg("info")
	s.Warn = fg("warn").Bold(true)
	s.Danger = fg("danger").Bold(true)
	s.Regen = fg("regen")
	border := lipgloss.RoundedBorder()
	s.Frame = lipgloss.NewStyle().Border(border)
	s.FrameActive = lipgloss.NewStyle().Border(border)
	s.FrameDanger = lipgloss.NewStyle().Border(border)
	if !noColor {
		s.FrameDanger = s.FrameDanger.BorderForeground(c("danger"))
		s.Frame = s.Frame.BorderForeground(c("border"))
		s.FrameActive = s.FrameActive.BorderForeground(c("accent"))
	}
	s.Tab = fg("muted").Padding(0, 1)
	s.TabActive = onBg("accent", "accent_text")
	s.Selected = lipgloss.NewStyle().Bold(true)
	if noColor {
		s.Selected = s.Selected.Reverse(true)
	} else {
		s.Selected = s.Selected.Background(c("selection")).Foreground(c("foreground"))
	}
	s.LimitSign = fg("danger").Bold(true)
	s.PillOff = onBg("faint", "foreground")
	s.PillAvailable = onBg("assist_available", "background")
	s.PillActive = onBg("assist_active", "background")
	s.PillTakeover = onBg("warn", "background")
	s.PillCritical = onBg("danger", "background").Blink(!noColor)
	s.PillL2 = onBg("info", "background")
	banner := func(bgRole string) lipgloss.Style {
		b := lipgloss.NewStyle().Bold(true)
		if noColor {
			return b.Reverse(true)
		}
		return b.Background(c(bgRole)).Foreground(c("background"))
	}
	s.BannerWarn = banner("warn")
	s.BannerDanger = banner("danger")
	s.BannerOK = banner("assist_active")
	s.Card = lipgloss.NewStyle().Border(lipgloss.RoundedBorder())
	if !noColor {
		s.Card = s.Card.BorderForeground(c("accent"))
	}
	s.TelltaleOff = fg("faint")
	if noColor {
		s.TelltaleOff = s.TelltaleOff.Faint(true)
	}
	s.TelltaleWarn = fg("warn").Bold(true)
	s.TelltaleRed = fg("danger").Bold(true)
	s.TelltaleInfo = fg("info").Bold(true)
	s.BarFull = fg("good")
	s.BarEmpty = fg("faint")
	s.Key = fg("accent").Bold(true)
	s.KeyDesc = fg("muted")
	s.Prompt = fg("accent").Bold(true)
	s.UserText = fg("foreground").Bold(true)
	s.ReplyText = fg("assist_active")
	s.Overlay = lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).Padding(0, 1)
	if !noColor {
		s.Overlay = s.Overlay.BorderForeground(c("accent")).Background(c("background")).Foreground(c("foreground"))
	}
	return s
}
