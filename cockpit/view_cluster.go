package cockpit

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
)

// renderCluster draws the instrument strip: speed, energy, assistance and
// the status corner, side by side in a frame of exactly w×5 cells.
func (m *Model) renderCluster(w int) string {
	inner := w - 4
	// 18 cells: three speed digits and a three-digit limit sign ("(120)")
	// side by side, the expressway case at 80 columns.
	speedW := 18
	rightW := 15
	if w >= 110 {
		speedW, rightW = 20, 30
	}
	rest := inner - speedW - rightW - 9      // three separators of three cells
	assistW := min(max(rest*40/100, 16), 26) // 16: "■ TAKE CONTROL" fits at 80 columns
	energyW := rest - assistW
	blocks := [][]string{
		m.speedBlock(speedW),
		m.energyBlock(energyW),
		m.assistBlock(assistW),
		m.statusBlock(rightW),
	}
	widths := []int{speedW, energyW, assistW, rightW}
	sep := m.ctx.Styles.Faint.Render(" │ ")
	rows := make([]string, 3)
	for r := range rows {
		parts := make([]string, len(blocks))
		for i, b := range blocks {
			parts[i] = widget.Fit(b[r], widths[i])
		}
		rows[r] = strings.Join(parts, sep)
	}
	return widget.Box(m.frame(m.ctx.Styles.Frame), "", "", strings.Join(rows, "\n"), w, clusterH)
}

func (m *Model) speedBlock(w int) []string {
	s := m.ctx.Styles
	big := widget.BigNumber(m.kmh())
	speedStyle := m.speedStyle()
	return []string{
		speedStyle.Render(big[0]) + "  " + m.gearText(w >= 20),
		speedStyle.Render(big[1]) + "  " + s.Muted.Render("km/h"),
		speedStyle.Render(big[2]) + "  " + m.limitText(),
	}
}

// kmh is the speed as the cluster shows it.
func (m *Model) kmh() int { return int(math.Round(m.sim.State().Vehicle.SpeedMps * 3.6)) }

// speedStyle is the speed digits' style: red over the limit.
func (m *Model) speedStyle() lipgloss.Style {
	limit := m.sim.State().Conditions.SpeedLimitKmh
	if limit > 0 && float64(m.kmh()) > limit+2 {
		return m.ctx.Styles.Danger
	}
	return m.ctx.Styles.Speed
}

// gearText is the gear selector: every position shown, the engaged one
// lit; spaced out when the strip is wide.
func (m *Model) gearText(spaced bool) string {
	s := m.ctx.Styles
	st := m.sim.State()
	var gear string
	sep := ""
	if spaced {
		sep = " "
	}
	for i, g := range sim.Gears {
		if i > 0 {
			gear += s.Faint.Render(sep)
		}
		if g == st.Gear {
			gear += s.Title.Render(string(g))
		} else {
			gear += s.Faint.Render(string(g))
		}
	}
	return gear
}

// limitText is the speed-limit sign, "" where there is no limit.
func (m *Model) limitText() string {
	if limit := m.sim.State().Conditions.SpeedLimitKmh; limit > 0 {
		return m.ctx.Styles.LimitSign.Render("(" + fmt.Sprintf("%.0f", limit) + ")")
	}
	return ""
}

func (m *Model) socStyle(soc float64) lipgloss.Style {
	s := m.ctx.Styles
	switch {
	case soc < 0.1:
		return s.Danger
	case soc < 0.2:
		return s.Warn
	}
	return s.BarFull
}

func (m *Model) energyBlock(w int) []string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	prof := m.sim.Profile()
	v := st.Vehicle
	lw := 0
	for _, k := range []string{"cluster.battery", "cluster.fuel", "cluster.range", "cluster.power"} {
		lw = max(lw, widget.Width(c.T(k)))
	}
	lw++
	label := func(k string) string { return s.Muted.Render(widget.Fit(c.T(k), lw)) }
	pct := func(f float64) string { return fmt.Sprintf(" %3.0f%%", f*100) }
	barW := max(w-lw-5, 4)
	rows := make([]string, 3)
	rows[0] = label("cluster.battery") + widget.Bar(v.SoC, barW, m.socStyle(v.SoC), s.BarEmpty) + pct(v.SoC)
	rangeRow := label("cluster.range") + s.Bold.Render(fmt.Sprintf("%.0f", st.RangeKm)) + s.Muted.Render(" km")
	switch {
	case prof.HasFuel():
		fuel := 0.0
		if prof.FuelTankL > 0 {
			fuel = v.FuelL / prof.FuelTankL
		}
		rows[1] = label("cluster.fuel") + widget.Bar(fuel, barW, m.socStyle(fuel), s.BarEmpty) + pct(fuel)
		rows[2] = rangeRow + s.Muted.Render(fmt.Sprintf("  %s %.0f km", c.T("cluster.ev"), st.ElectricRangeKm))
	default:
		rows[1] = rangeRow
		switch {
		case st.Charging:
			rows[2] = s.Good.Render(c.F("cluster.charging", "kw", fmt.Sprintf("%.0f", st.ChargingKW)))
		default:
			rows[2] = label("cluster.power") + m.powerText(v.BatteryKW)
		}
	}
	return rows
}

// powerText shows battery power, green when regenerating.
func (m *Model) powerText(kw float64) string {
	s := m.ctx.Styles
	if kw < -0.5 {
		return s.Regen.Render(fmt.Sprintf("%+.0f kW", kw)) + s.Muted.Render(" "+m.ctx.T("cluster.regen"))
	}
	return s.Text.Render(fmt.Sprintf("%.0f kW", math.Max(kw, 0)))
}

// assistState is the automation status the pill shows.
type assistState int

const (
	assistOff assistState = iota
	assistAvailable
	assistActive
	assistL3Ready
	assistL3Active
	assistL2Active
	assistAttention
	assistTakeover1
	assistTakeover2
	assistMRM
	assistMRC
	assistHands
	assistManual
)

// assist is what the pill shows: the L3/L2 system's state whenever it is
// more than merely off, otherwise the demo driver (the built-in driver model) as before.
func (m *Model) assist() assistState {
	st := m.sim.State()
	switch st.Automation.State {
	case automation.StateActive:
		return assistL3Active
	case automation.StateL2Active:
		return assistL2Active
	case automation.StateAvailabilityWarning:
		return assistAttention
	case automation.StateTakeover1:
		return assistTakeover1
	case automation.StateTakeover2:
		return assistTakeover2
	case automation.StateMRM, automation.StateL2Stop:
		return assistMRM
	case automation.StateMRC:
		return assistMRC
	case automation.StateL2Prompt, automation.StateL2Warning:
		return assistHands
	case automation.StateManual:
		return assistManual
	case automation.StateAvailable:
		// With the demo driver on, the pill keeps saying so and
		// the row below adds "L3"; with the driver on the pedals, L3 ready
		// is the news.
		if !st.Ended && !st.Charging && !st.Arrived && st.Control != sim.ControlAuto {
			return assistL3Ready
		}
	}
	switch {
	case st.Ended:
		return assistOff
	case st.Charging || st.Arrived:
		return assistAvailable // parked: nothing is being driven
	case st.Control == sim.ControlAuto:
		return assistActive
	}
	return assistAvailable
}

// assistPill draws the state in production colours (turquoise: the car
// drives; blue: L2, you supervise; amber then red, by the core's alert
// level: take over; red: the car stops itself), each with a symbol and a
// word so it reads without colour too.
func (m *Model) assistPill() string {
	c := &m.ctx
	s := c.Styles
	// A pill that asks for the driver takes the core's alert level: red
	// at stage 2, amber below.
	alert := func(key string) string {
		if m.sim.State().Automation.Alert == automation.AlertStage2 {
			return s.PillCritical.Render("■ " + c.T(key))
		}
		return s.PillTakeover.Render("▲ " + c.T(key))
	}
	switch m.assist() {
	case assistActive:
		return s.PillActive.Render("◉ " + c.T("assist.active"))
	case assistL3Active:
		return s.PillActive.Render("◉ " + c.T("assist.l3_active"))
	case assistL3Ready:
		return s.PillAvailable.Render("○ " + c.T("assist.l3_ready"))
	case assistL2Active:
		return s.PillL2.Render("◎ " + c.T("assist.l2_active"))
	case assistAttention:
		return alert("assist.attention")
	case assistTakeover1:
		return alert("assist.takeover")
	case assistTakeover2:
		return alert("assist.takeover_now")
	case assistMRM:
		return alert("assist.mrm")
	case assistMRC:
		return alert("assist.mrc")
	case assistHands:
		return alert("assist.hands")
	case assistManual:
		return s.PillOff.Render("· " + c.T("assist.manual"))
	case assistAvailable:
		return s.PillAvailable.Render("○ " + c.T("assist.available"))
	}
	return s.PillOff.Render("· " + c.T("assist.off"))
}

func (m *Model) assistBlock(w int) []string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	mode := c.T("mode." + string(st.DriveMode))
	energy := strings.ToUpper(string(st.Vehicle.Mode))
	if st.Vehicle.Mode == vehicle.ModeEV {
		energy = "EV"
	}
	row2 := s.Muted.Render(c.T("cluster.lane")+" ") + s.Text.Render(fmt.Sprintf("%d/%d", st.Conditions.Lane, max(st.Conditions.Lanes, 1)))
	gap := ""
	if l := st.Conditions.Lead; l.Present && w >= 18 {
		gap = s.Muted.Render(" " + fmtGap(l.TimeGapS))
	}
	if st.Parking.Area == "" {
		// the lane bar, as wide as there is room for beside the gap
		for _, cells := range []int{5, 3} {
			if bar := m.laneBar(cells); widget.Width(row2)+1+widget.Width(bar)+widget.Width(gap) <= w {
				row2 += " " + bar
				break
			}
		}
	}
	if widget.Width(row2)+widget.Width(gap) <= w {
		row2 += gap
	}
	row1 := s.Text.Render(mode) + s.Muted.Render(" · "+energy)
	if st.Automation.State == automation.StateAvailable && m.assist() != assistL3Ready {
		if tag := s.Muted.Render(" · ") + s.Good.Render("L3 ○"); widget.Width(row1)+widget.Width(tag) <= w {
			row1 += tag
		}
	}
	return []string{m.assistPill(), row1, row2}
}

// laneBar shows where the car is across its lane (the core's lateral
// model) in inner cells: │··●··│ at the centre, the dot at a line when a
// wheel is on it; amber while the lane-departure warning is on, red once
// over the line.
func (m *Model) laneBar(inner int) string {
	s := m.ctx.Styles
	st := m.sim.State()
	c := &st.Conditions
	half := c.LaneMarginM // the core's: where a wheel touches the line
	if !(half > 0) {
		half = c.LaneWidthM / 2
	}
	x := int(math.Round((c.LaneOffsetM/half + 1) * float64(inner-1) / 2))
	x = min(max(x, 0), inner-1)
	cells := []rune(strings.Repeat("·", inner))
	cells[x] = '●'
	bar := "│" + string(cells) + "│"
	switch {
	case math.Abs(c.LaneOffsetM) > half:
		return s.Danger.Render(bar)
	case st.Assist.LaneWarning:
		return s.Warn.Render(bar)
	}
	return s.Muted.Render(bar)
}

func fmtGap(s float64) string {
	if math.IsInf(s, 0) || s > 9.9 {
		return "—"
	}
	return fmt.Sprintf("%.1f s", s)
}

// telltale is a warning lamp: its label and whether and how it is lit.
type telltale struct {
	key   string
	on    bool
	style lipgloss.Style
}

func (m *Model) telltales() []telltale {
	s := m.ctx.Styles
	st := m.sim.State()
	low := s.TelltaleWarn
	if st.EnergyCritical {
		low = s.TelltaleRed
	}
	return []telltale{
		{"tt.belt", !st.Driver.BeltOn, s.TelltaleRed},
		{"tt.battery", st.EnergyLow, low},
		// Lamps, not the weather: the telltale says the fog lights are on.
		{"tt.fog", st.Cabin.Lights.FogFront || st.Cabin.Lights.FogRear, s.TelltaleInfo},
		{"tt.hazard", st.Cabin.Lights.Hazard || st.Crashed || st.Stranded, s.TelltaleRed},
	}
}

func (m *Model) statusBlock(w int) []string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	clock := s.Bold.Render(fmtClock(st.ClockS))
	temp := s.Muted.Render(fmt.Sprintf("  %.0f°C", st.Conditions.OutsideTempC))
	var tt []string
	for _, t := range m.telltales() {
		switch {
		case t.on:
			tt = append(tt, t.style.Render(c.T(t.key)))
		case w >= 26:
			tt = append(tt, s.TelltaleOff.Render(c.T(t.key)))
		}
	}
	tts := strings.Join(tt, " ")
	if tts == "" {
		tts = s.Faint.Render(c.T("tt.none"))
	}
	sky := c.T("word." + string(st.Conditions.Weather.Kind))
	if st.Conditions.Night {
		sky += " · " + c.T("word.night")
	}
	return []string{clock + temp, tts, s.Muted.Render(sky)}
}

func fmtClock(s float64) string {
	t := int(s) % 86400
	return fmt.Sprintf("%02d:%02d", t/3600, t/60%60)
}
