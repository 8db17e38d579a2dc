package cockpit

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/parking"
)

// The Parking panel: a status line, the current move or a hint, the
// top-down view (braille: 2×4 dots a cell, so a dot is about square) with
// the found slots listed beside it (folded under it when narrow), and the
// proximity readings at the car's corners.

// parkListW is the side list's width; below parkWideW of content, or in
// the compact layout, the list folds under the view.
const (
	parkListW = 24
	parkWideW = 70
)

// camera maps world metres to dots: centre (cx, cy), s metres a dot, a
// canvas of dw×dh dots. North is up, as on the map.
type camera struct {
	cx, cy, s float64
	dw, dh    int
}

func (c camera) toDot(p parking.Point) (float64, float64) {
	return (p.X-c.cx)/c.s + float64(c.dw)/2, (c.cy-p.Y)/c.s + float64(c.dh)/2
}

func (c camera) toWorld(px, py float64) parking.Point {
	return parking.Point{X: (px-float64(c.dw)/2)*c.s + c.cx, Y: c.cy - (py-float64(c.dh)/2)*c.s}
}

// listHit is where a slot of the list was drawn, for clicks.
type listHit struct {
	y, x0, x1, number int
}

// parkPanelLayout is where the panel's parts go inside its content area.
// View and the click handler both build it, so a tap lands on what was
// drawn.
type parkPanelLayout struct {
	canvasX, canvasY, canvasW, canvasH int
	listX, listY, listW, listH         int
	folded                             bool
	cam                                camera
	list                               []string
	hits                               []listHit
}

// parkLayout lays the panel out in w×h cells for the current scene.
func (m *Model) parkLayout(w, h int) parkPanelLayout {
	pl := parkPanelLayout{canvasY: 2}
	body := max(h-3, 1) // status, move/hint, proximity
	if w >= parkWideW && m.ctx.Layout() == common.Wide {
		pl.canvasW, pl.canvasH = w-parkListW-1, body
		pl.listX, pl.listY, pl.listW, pl.listH = pl.canvasW+1, 2, parkListW, body
	} else {
		pl.folded = true
		pl.canvasW, pl.canvasH = w, max(body-2, 1)
		pl.listX, pl.listY, pl.listW, pl.listH = 0, 2+pl.canvasH, w, min(2, body-1)
	}
	pl.cam = m.parkCamera(pl.canvasW*2, pl.canvasH*4)
	pl.list, pl.hits = m.parkList(pl.listW, pl.listH, pl.folded)
	for i := range pl.hits {
		pl.hits[i].y += pl.listY
		pl.hits[i].x0 += pl.listX
		pl.hits[i].x1 += pl.listX
	}
	return pl
}

// parkCamera frames the car, the planned path and the chosen slot with a
// few metres around them, and never zooms in so far that the neighbours
// leave the view.
func (m *Model) parkCamera(dw, dh int) camera {
	sc := &m.sim.State().Parking.Scene
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(ps ...parking.Point) {
		for _, p := range ps {
			minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
			minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
		}
	}
	add(sc.Car[:]...)
	add(sc.Path...)
	for i := range sc.Slots {
		if sc.Slots[i].Selected {
			add(sc.Slots[i].Outline[:]...)
		}
	}
	const minSpanX, minScale = 24.0, 0.12
	pad, minSpanY := 3.0, 12.0
	if dh < 40 {
		// A short view (80×24) spends its few rows on the manoeuvre.
		pad, minSpanY = 1.0, 6.0
	}
	spanX := math.Max(maxX-minX+2*pad, minSpanX)
	spanY := math.Max(maxY-minY+2*pad, minSpanY)
	dw, dh = max(dw, 1), max(dh, 1)
	s := math.Max(math.Max(spanX/float64(dw), spanY/float64(dh)), minScale)
	return camera{cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, s: s, dw: dw, dh: dh}
}

// parkingPanel draws the panel's content in w×h cells.
func (m *Model) parkingPanel(w, h int) string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	ps := &st.Parking
	if ps.Area == "" {
		lines := []string{s.Muted.Render(c.T("parking.outside")), ""}
		for _, a := range m.sim.Map().Parking {
			name := c.Tr.Pick(a.NameEN, a.NameZH)
			place := ""
			if a.Place != nil {
				place = s.Muted.Render("  " + c.F("voice.navigate_to", "place", m.placeName(a.Place.ID)))
			}
			lines = append(lines, " "+s.Accent.Render("P")+" "+s.Bold.Render(name)+place)
		}
		return strings.Join(lines, "\n")
	}
	pl := m.parkLayout(w, h)
	out := make([]string, 0, h)
	out = append(out, m.parkStatus(w), m.parkMove(w))
	canvas := m.parkCanvas(pl.cam, pl.canvasW, pl.canvasH)
	if pl.folded {
		out = append(out, canvas...)
		for i := 0; i < pl.listH; i++ {
			out = append(out, widget.Fit(pl.list[i], w))
		}
	} else {
		for i := 0; i < pl.canvasH; i++ {
			out = append(out, canvas[i]+" "+widget.Fit(pl.list[i], pl.listW))
		}
	}
	out = append(out, m.parkProximity(w))
	return strings.Join(out, "\n")
}

// parkStatus is the first line: the assist's state (with the slot) and the
// car park on the left, the gear and speed on the right.
func (m *Model) parkStatus(w int) string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	ps := &st.Parking
	out := &ps.Output
	state := c.T("parking.state." + string(out.State))
	if n := m.selectedNumber(); n != "" && (out.State == parking.StateSelected || out.State == parking.StateExecuting ||
		out.State == parking.StatePaused || out.State == parking.StateDone) {
		state += s.Faint.Render(" · ") + c.F("parking.slot", "n", n)
	}
	stStyle := s.Info
	switch out.State {
	case parking.StatePaused, parking.StateAborted:
		stStyle = s.Warn
	case parking.StateDone:
		stStyle = s.Good
	case parking.StateExecuting:
		stStyle = s.Title
	}
	left := stStyle.Render("● " + state)
	speed := out.SpeedKmh
	if !out.Controlling {
		speed = math.Abs(st.Vehicle.SpeedMps) * 3.6
	}
	right := s.Bold.Render(string(st.Gear)) + s.Muted.Render(fmt.Sprintf(" · %.0f km/h", speed))
	if ps.ParkingBrake {
		right += s.Muted.Render(" · ") + s.Good.Render(c.T("parking.brake"))
	}
	// The car park's name gives way first: the gear and speed matter more.
	if room := w - widget.Width(left) - widget.Width(right) - 3; room >= 6 {
		left += "  " + s.Muted.Render(strings.TrimRight(widget.Fit(m.parkAreaName(ps.Area), room), " "))
	}
	return widget.Spread(left, right, w)
}

// parkAreaName is the car park's name (and level) in the UI language.
func (m *Model) parkAreaName(id string) string {
	a := m.sim.Map().ParkingArea(id)
	if a == nil {
		return id
	}
	return m.ctx.Tr.Pick(a.NameEN, a.NameZH)
}

// selectedNumber is the selected slot's label, the core's name for it
// (its number on screen, or its map id when chosen without being
// measured).
func (m *Model) selectedNumber() string {
	sc := &m.sim.State().Parking.Scene
	for i := range sc.Slots {
		if sl := &sc.Slots[i]; sl.Selected {
			return sl.Label
		}
	}
	return ""
}

// parkMove is the second line: the current move and the progress while
// manoeuvring, otherwise what to do next.
func (m *Model) parkMove(w int) string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	out := &st.Parking.Output
	switch out.State {
	case parking.StateExecuting, parking.StatePaused:
		move := c.Tr.Render(out.MoveMsg, nil)
		if out.Remote {
			move = c.T("parking.remote") + s.Faint.Render(" · ") + move
		}
		pct := fmt.Sprintf(" %3.0f%%", out.Progress*100)
		barW := min(max(w/3, 8), 30)
		text := widget.Fit(s.Bold.Render(move), max(w-barW-widget.Width(pct)-1, 1))
		return text + " " + widget.Bar(out.Progress, barW, s.Accent, s.Faint) + s.Muted.Render(pct)
	}
	hint := "parking.hint." + string(out.State)
	if !m.sim.Driver().Seated && (out.State == parking.StateSelected || out.State == parking.StateDone) {
		hint += "_outside"
	}
	return widget.Fit(s.Muted.Render(c.T(hint)), w)
}

// parkProximity is the last line: the distance at each corner of the car
// (— beyond the sensors' 2.5 m), the phone's hold-to-move control and
// whether the driver is outside.
func (m *Model) parkProximity(w int) string {
	c := &m.ctx
	s := c.Styles
	ps := &m.sim.State().Parking
	parts := make([]string, 0, 6)
	for _, cn := range []parking.Corner{parking.FrontLeft, parking.FrontRight, parking.RearLeft, parking.RearRight} {
		d := math.Inf(1)
		for _, cd := range ps.Scene.Corners {
			if cd.Corner == cn {
				d = cd.DistanceM
			}
		}
		parts = append(parts, s.Muted.Render(c.T("parking.corner."+string(cn))+" ")+proxStyle(s, d).Render(fmtProx(d)))
	}
	line := s.Muted.Render(widget.Fit(c.T("parking.distance"), 9)) + " " + strings.Join(parts, s.Faint.Render(" · "))
	if ps.Phone.Held {
		line += s.Faint.Render("  ") + s.Accent.Render(c.T("parking.held"))
	}
	if !m.sim.Driver().Seated {
		line += s.Faint.Render("  ") + s.Warn.Render(c.T("parking.outside_car"))
	}
	return widget.Fit(line, w)
}

// proxStyle colours a distance as park-distance displays grade it: red at
// the continuous tone (0.3 m and below), amber within 1 m.
func proxStyle(s *theme.Styles, d float64) lipgloss.Style {
	switch {
	case d <= chime.ProximityContinuousM:
		return s.Danger
	case d <= 1:
		return s.Warn
	case math.IsInf(d, 1):
		return s.Faint
	}
	return s.Info
}

func fmtProx(d float64) string {
	if math.IsInf(d, 1) || math.IsNaN(d) {
		return "—"
	}
	return fmt.Sprintf("%.1f m", d)
}
