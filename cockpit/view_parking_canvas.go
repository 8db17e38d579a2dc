package cockpit

import (
	"math"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/parking"
)

// Ink of the top-down view, in drawing priority: where two things share a
// cell, the higher one gives the cell its colour (a braille cell has one).
const (
	inkNone uint8 = iota
	inkSlot
	inkKerb
	inkDriven
	inkNeighbour
	inkPath
	inkSelected
	inkObstacle
	inkCar
	// Label inks (text over the dots).
	inkNumFree
	inkNumTaken
	inkNumSmall
	inkNumSelected
	inkCusp
	inkProxInfo
	inkProxWarn
	inkProxDanger
	inkArrow
	inkCount
)

// inkStyles maps every ink to a style of the theme.
func (m *Model) inkStyles() [inkCount]lipgloss.Style {
	s := m.ctx.Styles
	var st [inkCount]lipgloss.Style
	st[inkSlot] = s.Faint
	st[inkKerb] = s.Muted
	st[inkDriven] = s.Faint
	st[inkNeighbour] = s.Muted
	st[inkPath] = s.Accent
	st[inkSelected] = s.Good
	st[inkObstacle] = s.Danger
	st[inkCar] = s.Speed
	st[inkNumFree] = s.Good
	st[inkNumTaken] = s.Faint
	st[inkNumSmall] = s.Warn
	st[inkNumSelected] = s.Selected
	st[inkCusp] = s.Accent
	st[inkProxInfo] = s.Info
	st[inkProxWarn] = s.Warn
	st[inkProxDanger] = s.Danger
	st[inkArrow] = s.Speed
	return st
}

// canvas is a braille drawing surface of w×h cells with one ink per cell
// and text labels over it.
type canvas struct {
	w, h int
	cam  camera
	dots []uint8
	ink  []uint8
	text []rune // a label's character, 0 for none
}

func newCanvas(cam camera, w, h int) *canvas {
	n := w * h
	return &canvas{w: w, h: h, cam: cam, dots: make([]uint8, n), ink: make([]uint8, n), text: make([]rune, n)}
}

// brailleBit is the dot (x%2, y%4) of a braille cell.
var brailleBit = [4][2]uint8{{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}}

func (c *canvas) dot(px, py int, ink uint8) {
	if px < 0 || py < 0 || px >= c.w*2 || py >= c.h*4 {
		return
	}
	i := py/4*c.w + px/2
	c.dots[i] |= brailleBit[py%4][px%2]
	if ink > c.ink[i] {
		c.ink[i] = ink
	}
}

// line draws a world segment.
func (c *canvas) line(a, b parking.Point, ink uint8) {
	ax, ay := c.cam.toDot(a)
	bx, by := c.cam.toDot(b)
	// Clip to the canvas first (Liang-Barsky): a wall far longer than the
	// view costs only the dots that show.
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	for _, e := range [4][2]float64{{-dx, ax + 1}, {dx, float64(c.w*2) - ax}, {-dy, ay + 1}, {dy, float64(c.h*4) - ay}} {
		p, q := e[0], e[1]
		switch {
		case p == 0 && q < 0:
			return
		case p < 0:
			t0 = math.Max(t0, q/p)
		case p > 0:
			t1 = math.Min(t1, q/p)
		}
	}
	if t0 > t1 {
		return
	}
	ax, ay, bx, by = ax+dx*t0, ay+dy*t0, ax+dx*t1, ay+dy*t1
	n := int(math.Ceil(math.Max(math.Abs(bx-ax), math.Abs(by-ay))))
	for i := 0; i <= n; i++ {
		t := 0.0
		if n > 0 {
			t = float64(i) / float64(n)
		}
		c.dot(int(math.Floor(ax+(bx-ax)*t)), int(math.Floor(ay+(by-ay)*t)), ink)
	}
}

// poly draws a closed outline (or an open one of two points: a kerb).
func (c *canvas) poly(ps []parking.Point, ink uint8) {
	for i := range ps {
		if len(ps) == 2 && i == 1 {
			break
		}
		c.line(ps[i], ps[(i+1)%len(ps)], ink)
	}
}

// fill fills a convex or concave polygon dot by dot (the dot's centre
// inside the outline).
func (c *canvas) fill(ps []parking.Point, ink uint8) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range ps {
		x, y := c.cam.toDot(p)
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		minY, maxY = math.Min(minY, y), math.Max(maxY, y)
	}
	x0, x1 := max(int(math.Floor(minX)), 0), min(int(math.Ceil(maxX)), c.w*2-1)
	y0, y1 := max(int(math.Floor(minY)), 0), min(int(math.Ceil(maxY)), c.h*4-1)
	for py := y0; py <= y1; py++ {
		for px := x0; px <= x1; px++ {
			if inPolygon(c.cam.toWorld(float64(px)+0.5, float64(py)+0.5), ps) {
				c.dot(px, py, ink)
			}
		}
	}
	c.poly(ps, ink)
}

// label writes text centred on a world point (left-aligned from it when
// align > 0, ending at it when align < 0). Unless force, a label that would
// cover another one is left out, so two never run into each other.
func (c *canvas) label(p parking.Point, s string, ink uint8, align int, force bool) {
	px, py := c.cam.toDot(p)
	cx, cy := int(math.Floor(px/2)), int(math.Floor(py/4))
	rs := []rune(s)
	switch {
	case align == 0:
		cx -= len(rs) / 2
	case align < 0:
		cx -= len(rs) - 1
	}
	if cy < 0 || cy >= c.h {
		return
	}
	if !force {
		for i := range rs {
			if x := cx + i; x >= 0 && x < c.w && c.text[cy*c.w+x] != 0 {
				return
			}
		}
	}
	for i, r := range rs {
		if x := cx + i; x >= 0 && x < c.w {
			c.text[cy*c.w+x] = r
			c.ink[cy*c.w+x] = ink
		}
	}
}

// render turns the canvas into h lines of exactly w cells. Each run of one
// ink is styled once: the style's escape codes are computed once per ink,
// so a 200×60 frame stays far below its budget.
func (c *canvas) render(styles *[inkCount]lipgloss.Style) []string {
	var pre, suf [inkCount]string
	for i := 1; i < int(inkCount); i++ {
		r := styles[i].Render("\uE000")
		if j := strings.Index(r, "\uE000"); j >= 0 {
			pre[i], suf[i] = r[:j], r[j+len("\uE000"):]
		}
	}
	out := make([]string, c.h)
	var b strings.Builder
	for y := 0; y < c.h; y++ {
		b.Reset()
		cur := uint8(0)
		for x := 0; x < c.w; x++ {
			i := y*c.w + x
			ink := c.ink[i]
			r := c.text[i]
			if r == 0 {
				if c.dots[i] == 0 {
					r, ink = ' ', inkNone
				} else {
					r = rune(0x2800 + int(c.dots[i]))
				}
			}
			if ink != cur {
				b.WriteString(suf[cur])
				b.WriteString(pre[ink])
				cur = ink
			}
			b.WriteRune(r)
		}
		b.WriteString(suf[cur])
		out[y] = b.String()
	}
	return out
}

// inPolygon is the crossing-number test.
func inPolygon(p parking.Point, ps []parking.Point) bool {
	in := false
	for i, j := 0, len(ps)-1; i < len(ps); j, i = i, i+1 {
		a, b := ps[i], ps[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

func centroid(ps []parking.Point) parking.Point {
	var c parking.Point
	for _, p := range ps {
		c.X += p.X
		c.Y += p.Y
	}
	n := float64(max(len(ps), 1))
	return parking.Point{X: c.X / n, Y: c.Y / n}
}

// headingArrow is the car's heading as one of eight arrows (0 = east,
// counter-clockwise, as on the map).
func headingArrow(rad float64) string {
	arrows := [8]string{"→", "↗", "↑", "↖", "←", "↙", "↓", "↘"}
	i := int(math.Round(rad/(math.Pi/4))) % 8
	if i < 0 {
		i += 8
	}
	return arrows[i]
}

// parkCanvas draws the top-down view: slot outlines with their numbers,
// kerbs and walls, parked cars, moving obstacles, the planned path (the
// part driven dimmed, gear changes marked), the car with its heading and
// the proximity distance at each corner.
func (m *Model) parkCanvas(cam camera, w, h int) []string {
	sc := &m.sim.State().Parking.Scene
	c := newCanvas(cam, w, h)
	for i := range sc.Slots {
		sl := &sc.Slots[i]
		if !sl.Selected {
			c.poly(sl.Outline[:], inkSlot)
		}
	}
	for i := range sc.Kerbs {
		c.poly(sc.Kerbs[i].Points, inkKerb)
	}
	for i := range sc.Neighbours {
		c.fill(sc.Neighbours[i].Points, inkNeighbour)
	}
	for i := range sc.Slots {
		if sl := &sc.Slots[i]; sl.Selected {
			c.poly(sl.Outline[:], inkSelected)
		}
	}
	for i := 1; i < len(sc.Path); i++ {
		ink := inkPath
		if i < sc.Driven {
			ink = inkDriven
		}
		c.line(sc.Path[i-1], sc.Path[i], ink)
	}
	for i := range sc.Obstacles {
		c.fill(sc.Obstacles[i].Points, inkObstacle)
	}
	c.fill(sc.Car[:], inkCar)
	for _, k := range sc.Cusps {
		if k >= sc.Driven && k < len(sc.Path) {
			c.label(sc.Path[k], "◆", inkCusp, 0, true)
		}
	}
	// Labels over the dots: the gear changes and the corner distances first.
	mid := centroid(sc.Car[:])
	if w >= 30 {
		for _, cd := range sc.Corners {
			if math.IsInf(cd.DistanceM, 1) || math.IsNaN(cd.DistanceM) {
				continue
			}
			ink := inkProxInfo
			switch {
			case cd.DistanceM <= chime.ProximityContinuousM:
				ink = inkProxDanger
			case cd.DistanceM <= 1:
				ink = inkProxWarn
			}
			// Just outside the corner, away from the car's centre.
			dx, dy := cd.Point.X-mid.X, cd.Point.Y-mid.Y
			l := math.Hypot(dx, dy)
			if l == 0 {
				continue
			}
			off := 4 * cam.s // four dots (two cells) beyond the corner
			p := parking.Point{X: cd.Point.X + dx/l*off, Y: cd.Point.Y + dy/l*off}
			align := 1
			if dx < 0 {
				align = -1
			}
			c.label(p, fmtNum1(cd.DistanceM), ink, align, true)
		}
	}
	// Slot numbers give way to the distances and the gear changes near the
	// car, which matter more while it moves.
	for i := range sc.Slots {
		sl := &sc.Slots[i]
		if sl.Label == "" {
			continue
		}
		ink := inkNumFree
		switch {
		case sl.Selected:
			ink = inkNumSelected
		case sl.Occupied:
			ink = inkNumTaken
		case !sl.Fits:
			ink = inkNumSmall
		}
		c.label(centroid(sl.Outline[:]), sl.Label, ink, 0, false)
	}
	c.label(mid, headingArrow(sc.CarPose.HeadingRad), inkArrow, 0, true)
	styles := m.inkStyles()
	return c.render(&styles)
}

func fmtNum1(v float64) string {
	return strings.TrimSuffix(fmtProx(v), " m")
}

// parkList lists the found slots by side: in a column of w×h cells
// (title, then each side with its slots, newest kept when it overflows),
// or folded into h ≤ 2 lines under the view (one line a side, newest
// first). hits say where each slot was drawn, relative to the list.
func (m *Model) parkList(w, h int, folded bool) ([]string, []listHit) {
	c := &m.ctx
	s := c.Styles
	sc := &m.sim.State().Parking.Scene
	var left, right []*parking.SceneSlot
	for i := range sc.Slots {
		sl := &sc.Slots[i]
		if sl.Number == 0 {
			continue
		}
		if sl.Side == parking.Left {
			left = append(left, sl)
		} else {
			right = append(right, sl)
		}
	}
	byNumber := func(ss []*parking.SceneSlot) {
		for i := 1; i < len(ss); i++ {
			for j := i; j > 0 && ss[j].Number < ss[j-1].Number; j-- {
				ss[j], ss[j-1] = ss[j-1], ss[j]
			}
		}
	}
	byNumber(left)
	byNumber(right)
	status := func(sl *parking.SceneSlot) (string, lipgloss.Style, string) {
		switch {
		case sl.Occupied:
			return c.T("parking.occupied"), s.Faint, "■"
		case !sl.Fits:
			return c.T("parking.too_small"), s.Warn, "✗"
		}
		return c.T("parking.free"), s.Good, "✓"
	}
	lines := make([]string, 0, max(h, 0))
	var hits []listHit
	if folded {
		headW := max(widget.Width(c.T("parking.left")), widget.Width(c.T("parking.right")))
		for si, side := range [][]*parking.SceneSlot{left, right} {
			if len(lines) >= h {
				break
			}
			head := widget.Fit(c.T([]string{"parking.left", "parking.right"}[si]), headW)
			line := s.Muted.Render(head)
			x := widget.Width(head)
			if len(side) == 0 {
				line += " " + s.Faint.Render(c.T("parking.none_found"))
			}
			for i := len(side) - 1; i >= 0; i-- {
				sl := side[i]
				_, st, mark := status(sl)
				tok := sl.Label + mark
				if sl.Selected {
					tok = "▸" + tok
					st = s.Selected
				}
				if x+widget.Width(tok)+1 > w {
					break
				}
				line += " " + st.Render(tok)
				hits = append(hits, listHit{y: len(lines), x0: x + 1, x1: x + 1 + widget.Width(tok), number: sl.Number})
				x += 1 + widget.Width(tok)
			}
			lines = append(lines, line)
		}
		for len(lines) < h {
			lines = append(lines, "")
		}
		return lines, hits
	}
	lines = append(lines, s.Title.Render(c.T("parking.slots")))
	avail := h - 3
	kl, kr := len(left), len(right)
	if kl+kr > avail {
		kl = min(kl, max(avail/2, avail-kr))
		kr = min(kr, avail-kl)
	}
	for si, side := range [][]*parking.SceneSlot{left[len(left)-max(kl, 0):], right[len(right)-max(kr, 0):]} {
		lines = append(lines, s.Muted.Render(c.T([]string{"parking.left", "parking.right"}[si])))
		if len(side) == 0 {
			lines = append(lines, s.Faint.Render("  "+c.T("parking.none_found")))
		}
		for _, sl := range side {
			word, st, mark := status(sl)
			sel := " "
			if sl.Selected {
				sel = "▸"
			}
			row := sel + widget.Right(sl.Label, 2) + " " + mark + " " + word
			if sl.Selected {
				row = s.Selected.Render(widget.Fit(row+" · "+c.T("parking.selected"), w))
			} else {
				row = st.Render(row)
			}
			hits = append(hits, listHit{y: len(lines), x0: 0, x1: w, number: sl.Number})
			lines = append(lines, row)
		}
	}
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	var kept []listHit
	for _, hit := range hits {
		if hit.y < h {
			kept = append(kept, hit)
		}
	}
	return lines, kept
}
