package cockpit

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// Lines of the Navigation panel above and below its result list.
const (
	navResultsTop  = 3
	navFooterLines = 3
)

// renderPanel draws the active centre panel in a frame of w×h cells.
func (m *Model) renderPanel(w, h int) string {
	c := &m.ctx
	iw, ih := w-4, h-2
	var body, note string
	switch m.panel {
	case PanelDrive:
		body = m.drivePanel(iw, ih)
	case PanelNav:
		body = m.navPanel(iw, ih)
		note = c.T("nav.note")
	case PanelCabin:
		body = m.cabinPanel(iw, ih)
	case PanelVehicle:
		body = m.vehiclePanel(iw, ih)
	case PanelParking:
		body = m.parkingPanel(iw, ih)
	case PanelSignals:
		body = m.insp.View(c, iw, ih)
		note = c.T("signals.legend")
	}
	return widget.Box(m.frame(c.Styles.FrameActive), c.Styles.Title.Render(c.T("panel."+m.panel.String())), note, body, w, h)
}

func maneuverArrow(mv route.Maneuver) string {
	switch mv {
	case route.SlightLeft:
		return "↖"
	case route.Left, route.SharpLeft:
		return "↰"
	case route.SlightRight, route.TakeRamp, route.Merge:
		return "↗"
	case route.Right, route.SharpRight:
		return "↱"
	case route.Exit:
		return "↘"
	case route.UTurn:
		return "↶"
	case route.Arrive:
		return "◎"
	case route.ChargeStop:
		return "↯"
	}
	return "↑"
}

func fmtDist(m float64) string {
	switch {
	case m >= 10000:
		return fmt.Sprintf("%.0f km", m/1000)
	case m >= 1000:
		return fmt.Sprintf("%.1f km", m/1000)
	case m >= 100:
		return fmt.Sprintf("%.0f m", math.Round(m/10)*10)
	}
	return fmt.Sprintf("%.0f m", m)
}

func fmtDur(s float64) string {
	min := int(math.Round(s / 60))
	if min >= 60 {
		return fmt.Sprintf("%d h %02d min", min/60, min%60)
	}
	return fmt.Sprintf("%d min", min)
}

// row is a label column plus a value, used by every panel.
func (m *Model) row(label, value string) string {
	return m.ctx.Styles.Muted.Render(widget.Fit(m.ctx.T(label), 9)) + " " + value
}

func (m *Model) drivePanel(w, h int) string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	var lines []string
	add := func(l ...string) { lines = append(lines, l...) }
	if st.Route != nil {
		// While moving, a new destination's route starts at the end of the
		// current road: until then the route shown is the old one, so name
		// its own end and say what comes next.
		routeDest := m.placeAt(st.Route.To, st.Destination)
		dest := s.Bold.Render("→ " + m.placeName(routeDest))
		if st.Arrived {
			dest += "  " + s.Good.Render(c.T("drive.arrived"))
		}
		if routeDest != st.Destination && st.Destination != "" {
			dest += "  " + s.Accent.Render(c.F("drive.rerouting", "place", m.placeName(st.Destination)))
		}
		add(dest)
		total := st.Route.LengthM
		done := math.Min(st.RouteM, total)
		frac := 0.0
		if total > 0 {
			frac = done / total
		}
		info := fmt.Sprintf(" %.1f / %.1f km", done/1000, total/1000)
		add(widget.Bar(frac, max(w-widget.Width(info), 4), s.Accent, s.Faint) + s.Muted.Render(info))
		add("")
		if !st.Arrived {
			mv, dist := st.NextManeuver, st.NextManeuverM
			text := c.T("maneuver." + string(mv))
			if onto := m.roadLabel(st.NextManeuverRoad); onto != "" {
				text = c.F("drive.onto", "maneuver", text, "road", onto)
			}
			add(s.Title.Render(" "+maneuverArrow(mv)+"  "+fmtDist(dist)) + "   " + s.Bold.Render(text))
			eta := st.ClockS + st.ETAS
			add(m.row("drive.eta", s.Bold.Render(fmtClock(eta))+s.Muted.Render(" · "+fmtDur(st.ETAS)+" · "+fmtDist(st.RemainingM))))
		} else {
			add("")
			add("")
		}
	} else {
		add(s.Muted.Render(c.T("drive.no_route")))
		add(s.Muted.Render(c.T("drive.no_route_hint")))
		add("", "", "")
	}
	add("")
	cond := st.Conditions
	road := c.Tr.Pick(cond.RoadName, cond.RoadNameZH)
	if road != "" {
		parts := []string{s.Bold.Render(road), c.T("road." + cond.RoadType)}
		if cond.Lanes > 0 {
			parts = append(parts, c.F("drive.lane_of", "lane", itoa(cond.Lane), "lanes", itoa(cond.Lanes)))
		}
		if cond.SpeedLimitKmh > 0 {
			parts = append(parts, s.LimitSign.Render(c.F("drive.limit", "limit", fmt.Sprintf("%.0f", cond.SpeedLimitKmh))))
		}
		add(m.row("drive.road", strings.Join(parts, s.Faint.Render(" · "))))
	}
	wx := cond.Weather
	ahead := []string{c.T("word." + string(wx.Kind)), c.F("drive.visibility", "vis", fmtDist(wx.VisibilityM))}
	if cond.Traffic != "" {
		ahead = append(ahead, c.F("drive.traffic", "level", c.T("traffic."+string(cond.Traffic))))
	}
	if cond.Night {
		ahead = append(ahead, c.T("word.night"))
	}
	add(m.row("drive.conditions", strings.Join(ahead, s.Faint.Render(" · "))))
	if l := cond.Lead; l.Present {
		add(m.row("drive.lead", c.F("drive.lead_gap", "vehicle", c.T("word."+l.Kind), "gap", fmtDist(l.GapM), "time", fmtGap(l.TimeGapS))))
	} else {
		add(m.row("drive.lead", s.Muted.Render(c.T("drive.lead_none"))))
	}
	var hazards []string
	if in := cond.Incident; in != nil {
		hz := c.F("drive.incident", "what", c.T("word."+string(in.Kind)), "dist", fmtDist(cond.IncidentAheadM), "limit", fmt.Sprintf("%.0f", in.LimitKmh))
		if cond.InIncidentZone {
			hz = c.F("drive.in_incident", "what", c.T("word."+string(in.Kind)), "limit", fmt.Sprintf("%.0f", in.LimitKmh))
		}
		hazards = append(hazards, s.Warn.Render(hz))
	}
	if cond.SignalAheadM > 0 {
		light := c.T("drive.signal_green")
		st := s.Good
		if cond.SignalRed {
			light, st = c.T("drive.signal_red"), s.Danger
		}
		hazards = append(hazards, st.Render(c.F("drive.signal", "dist", fmtDist(cond.SignalAheadM), "light", light)))
	}
	if cond.PedestrianAheadM > 0 {
		hazards = append(hazards, s.Warn.Render(c.F("drive.pedestrian", "dist", fmtDist(cond.PedestrianAheadM))))
	}
	if cond.EmergencyVehicle {
		hazards = append(hazards, s.Warn.Render(c.T("drive.emergency")))
	}
	if len(hazards) == 0 {
		hazards = append(hazards, s.Muted.Render(c.T("drive.clear_ahead")))
	}
	add(m.row("drive.ahead", strings.Join(hazards, s.Faint.Render(" · "))))
	if turns := m.turnList(w, min(h-len(lines)-2, 8)); len(turns) > 0 {
		add("")
		add(s.Muted.Render(c.T("drive.turns")))
		add(turns...)
	}
	if c.Layout() != common.Wide && len(lines)+2 < h {
		add("")
		add(s.Muted.Render(c.T("side.title")))
		add(m.feedLines(w, h-len(lines))...)
	}
	return strings.Join(lines, "\n")
}

// placeAt returns the id of the place at node n, preferring want when it
// is there (several places can share a node).
func (m *Model) placeAt(n world.NodeID, want string) string {
	if p, err := m.sim.Map().Place(want); err == nil && p.Node == n {
		return want
	}
	for _, p := range m.sim.Map().Places {
		if p.Node == n {
			return p.ID
		}
	}
	return want
}

// turnList lists the next manoeuvres of the route with their distances,
// at most n rows.
func (m *Model) turnList(w, n int) []string {
	st := m.sim.State()
	if n <= 0 || st.Route == nil || st.Arrived {
		return nil
	}
	s := m.ctx.Styles
	segs := st.Route.Segments
	var out []string
	for i := st.Segment; i < len(segs) && len(out) < n; i++ {
		seg := &segs[i]
		if seg.Maneuver == route.Straight {
			continue
		}
		dist := seg.EndM() - st.RouteM
		text := m.ctx.T("maneuver." + string(seg.Maneuver))
		if onto := m.ontoRoad(st, seg); onto != "" && seg.Maneuver != route.Arrive {
			text = m.ctx.F("drive.onto", "maneuver", text, "road", onto)
		}
		out = append(out, widget.Fit(s.Accent.Render(" "+maneuverArrow(seg.Maneuver))+s.Muted.Render(widget.Right(fmtDist(dist), 9))+"   "+text, w))
	}
	return out
}

// ontoRoad names the road after the segment that ends in a manoeuvre.
func (m *Model) ontoRoad(st *sim.State, seg *route.Segment) string {
	if seg == nil || st.Route == nil {
		return ""
	}
	segs := st.Route.Segments
	for i := st.Segment; i < len(segs)-1; i++ {
		if &segs[i] == seg {
			return m.roadLabel(segs[i+1].Road)
		}
	}
	return ""
}

// roadLabel is a road's name in the UI language, "" for none.
func (m *Model) roadLabel(r *world.Road) string {
	if r == nil {
		return ""
	}
	return m.ctx.Tr.Pick(r.NameEN, r.NameZH)
}

// feedLines renders the newest notifications first, one line each.
func (m *Model) feedLines(w, n int) []string {
	s := m.ctx.Styles
	out := make([]string, 0, n)
	for i := len(m.feed) - 1; i >= 0 && len(out) < n; i-- {
		it := m.feed[i]
		mark, st := "·", s.Muted
		switch it.ev.Severity {
		case sim.SeverityWarn:
			mark, st = "▲", s.Warn
		case sim.SeverityCritical:
			mark, st = "■", s.Danger
		}
		at := m.sim.State().ClockS - (m.sim.State().Time - it.ev.At).Seconds()
		line := s.Faint.Render(fmtClock(at)) + " " + st.Render(mark) + " " + m.describe(it.ev)
		out = append(out, widget.Fit(line, w))
	}
	return out
}

// renderSide draws the notifications column of the wide layout.
func (m *Model) renderSide(w, h int) string {
	c := &m.ctx
	s := c.Styles
	iw, ih := w-4, h-2
	var lines []string
	for i := len(m.feed) - 1; i >= 0 && len(lines) < ih; i-- {
		it := m.feed[i]
		mark, st := "·", s.Text
		switch it.ev.Severity {
		case sim.SeverityWarn:
			mark, st = "▲", s.Warn
		case sim.SeverityCritical:
			mark, st = "■", s.Danger
		}
		at := m.sim.State().ClockS - (m.sim.State().Time - it.ev.At).Seconds()
		head := s.Faint.Render(fmtClock(at)) + " " + st.Render(mark) + " "
		text := ansi.Wrap(m.describe(it.ev), iw-8, "")
		for j, l := range strings.Split(text, "\n") {
			if j == 0 {
				lines = append(lines, head+l)
			} else if len(lines) < ih {
				lines = append(lines, "        "+l)
			}
		}
	}
	if len(lines) == 0 {
		lines = append(lines, s.Muted.Render(c.T("side.empty")))
	}
	return widget.Box(m.frame(s.Frame), s.Muted.Render(c.T("side.title")), "", strings.Join(lines, "\n"), w, h)
}

func (m *Model) navPanel(w, h int) string {
	c := &m.ctx
	s := c.Styles
	var lines []string
	q := m.search.Query()
	shown := q
	if !m.search.Focused() && c.Tr.Has("cat."+q) {
		shown = c.T("cat." + q) // a voice search by category ("charging") reads in the UI language
	}
	field := s.UserText.Render(shown)
	if m.search.Focused() {
		field = s.UserText.Render(q) + " "
	} else if q == "" {
		field = s.Muted.Render(c.T("nav.placeholder"))
	}
	lines = append(lines, s.Prompt.Render(c.T("nav.search")+": ")+field)
	switch {
	case m.search.Focused():
		lines = append(lines, s.Muted.Render(c.T("nav.hint_typing")))
	case q == "":
		lines = append(lines, s.Muted.Render(c.T("nav.nearby")))
	default:
		lines = append(lines, s.Muted.Render(c.F("nav.results_for", "query", shown)))
	}
	lines = append(lines, "")
	rows := max(h-navResultsTop-navFooterLines, 0)
	res := m.search.Results()
	for i := 0; i < rows; i++ {
		if i >= len(res) {
			if i == 0 {
				lines = append(lines, s.Muted.Render(c.T("nav.no_results")))
			} else {
				lines = append(lines, "")
			}
			continue
		}
		r := res[i]
		primary, secondary := c.Tr.Names(r.Place.NameEN, r.Place.NameZH)
		dist := widget.Right(fmtDist(r.DistM), 8)
		cat := widget.Fit(c.T("cat."+string(r.Place.Category)), 10)
		nameW := w - 4 - 10 - 8 - 2
		name := s.Bold.Render(primary)
		if widget.Width(primary)+3 < nameW {
			name += "  " + s.Muted.Render(secondary)
		}
		line := fmt.Sprintf("%s %d ", map[bool]string{true: "▸", false: " "}[i == m.search.SelectedIndex()], i+1) +
			widget.Fit(name, nameW) + " " + s.Muted.Render(cat) + " " + dist
		if i == m.search.SelectedIndex() {
			line = s.Selected.Render(ansi.Strip(widget.Fit(line, w)))
		}
		lines = append(lines, line)
	}
	lines = append(lines, "")
	o := m.search.Options
	on := func(b bool) string {
		if b {
			return s.Accent.Render("☑")
		}
		return s.Muted.Render("☐")
	}
	prefer := c.T("nav.fastest")
	if o.Prefer == route.Shortest {
		prefer = c.T("nav.shortest")
	}
	lines = append(lines, m.row("nav.options", s.Bold.Render(prefer)+s.Faint.Render(" · ")+on(o.AvoidTolls)+" "+c.T("nav.avoid_tolls")+s.Faint.Render(" · ")+on(o.AvoidExpressways)+" "+c.T("nav.avoid_expressways")))
	st := m.sim.State()
	if st.Route != nil && !st.Arrived {
		lines = append(lines, m.row("nav.guidance", s.Bold.Render("→ "+m.placeName(st.Destination))+s.Muted.Render(" · "+fmtDist(st.RemainingM)+" · "+fmtDur(st.ETAS))))
	} else {
		lines = append(lines, m.row("nav.guidance", s.Muted.Render(c.T("nav.no_guidance"))))
	}
	return strings.Join(lines, "\n")
}

func (m *Model) vehiclePanel(w, h int) string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	prof := m.sim.Profile()
	v := st.Vehicle
	var lines []string
	lines = append(lines, s.Muted.Render(c.T("veh.power_title")))
	lines = append(lines, widget.Sparkline(m.power, w, s.Accent, s.Regen))
	lines = append(lines, "")
	km := v.OdometerM / 1000
	cons := "—"
	if km > 0.5 {
		cons = fmt.Sprintf("%.1f kWh/100 km", v.TripKWhPer100Km())
	}
	lines = append(lines, m.row("veh.now", m.powerText(v.BatteryKW)+s.Muted.Render("  · "+c.T("veh.avg")+" ")+s.Text.Render(cons)))
	share := 0.0
	if v.EnergyUsedKWh > 0 {
		share = v.EnergyRegenKWh / v.EnergyUsedKWh * 100
	}
	lines = append(lines, m.row("veh.regen", s.Regen.Render(fmt.Sprintf("%.2f kWh", v.EnergyRegenKWh))+s.Muted.Render(c.F("veh.regen_share", "pct", fmt.Sprintf("%.0f", share)))))
	lines = append(lines, m.row("veh.battery", fmt.Sprintf("%.1f %%", v.SoC*100)+s.Muted.Render(fmt.Sprintf(" · %.1f / %.1f kWh", v.SoC*prof.BatteryKWh, prof.BatteryKWh))))
	if prof.HasFuel() {
		lines = append(lines, m.row("veh.fuel", fmt.Sprintf("%.1f L / %.0f L", v.FuelL, prof.FuelTankL)+s.Muted.Render(fmt.Sprintf(" · %s %s", c.T("veh.energy_mode"), strings.ToUpper(string(v.Mode))))))
	}
	lines = append(lines, m.row("veh.mode", s.Bold.Render(c.T("mode."+string(st.DriveMode)))+s.Muted.Render("  "+c.T("veh.mode_hint"))))
	lines = append(lines, m.row("veh.trip", fmt.Sprintf("%.1f km", km)+s.Muted.Render(fmt.Sprintf(" · %.2f kWh", v.EnergyUsedKWh))))
	if st.Charging {
		lines = append(lines, m.row("veh.charging", s.Good.Render(c.F("veh.charging_at", "place", m.placeName(st.ChargingStation), "kw", fmt.Sprintf("%.0f", st.ChargingKW)))))
	} else {
		lines = append(lines, m.row("veh.charging", s.Muted.Render(c.T("veh.not_charging"))))
	}
	name := c.Tr.Pick(prof.Name, prof.NameZH)
	lines = append(lines, "")
	lines = append(lines, m.row("veh.profile", s.Bold.Render(name+" "+c.F("veh.model_year", "year", itoa(prof.ModelYear)))+s.Muted.Render(" · "+c.Tr.Pick(prof.Variant, prof.VariantZH))))
	lines = append(lines, strings.Repeat(" ", 10)+s.Muted.Render(fmt.Sprintf("CLTC %.0f km · %.0f kW · 0-100 %.1f s", prof.CLTCRangeKm, prof.MaxPowerKW, prof.ZeroTo100S)))
	return strings.Join(lines, "\n")
}

// renderExplain is the line that says why the car does what it does.
func (m *Model) renderExplain(w int) string {
	c := &m.ctx
	s := c.Styles
	switch {
	case m.noticeTicks > 0 && m.notice != "":
		st := s.Info
		if m.noticeWarn {
			st = s.Warn
		}
		return widget.Fit(st.Render(" ▸ "+m.notice), w)
	case m.explain != nil && m.explainTicks > 0:
		st := s.Info
		switch m.explain.ev.Severity {
		case sim.SeverityWarn:
			st = s.Warn
		case sim.SeverityCritical:
			st = s.Danger
		}
		text := m.describe(m.explain.ev)
		if m.sim.State().Automation.Attention {
			text = m.alertWhy(m.explain.ev) // the banner's words, not a stale time
		}
		return widget.Fit(st.Render(" ▸ "+text), w)
	}
	return widget.Fit(s.Faint.Render(" ▸ "+c.T("explain.idle")), w)
}
