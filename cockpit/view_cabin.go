package cockpit

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/cabin"
)

// cabinPanel shows the simulated cabin: every seat (heating, ventilation,
// massage, position), the climate zones, windows and sunroof, lights, doors
// and the driver's seat memories. Everything can be changed by voice
// ("heat the passenger seat to 2", "副驾按摩", "open the sunroof").
func (m *Model) cabinPanel(w, h int) string {
	c := &m.ctx
	s := c.Styles
	st := m.sim.State()
	cb := &st.Cabin
	labelW := 10 // as m.row: nine cells of label and a space
	colW := max((w-labelW)/4, 8)
	var lines []string
	add := func(l string) { lines = append(lines, l) }
	row := func(label string, cells [4]string) string {
		var b strings.Builder
		b.WriteString(s.Muted.Render(widget.Fit(c.T(label), labelW)))
		for _, cell := range cells {
			b.WriteString(widget.Fit(cell, colW))
		}
		return b.String()
	}
	var head, heat, vent, mass, pos [4]string
	for i, id := range cabin.Seats {
		seat := cb.Seats[i]
		name := c.T("cabin.seat." + string(id))
		if i == 0 {
			name = c.T("cabin.seat.driver")
		}
		head[i] = s.Bold.Render(name)
		if !seat.Occupied {
			head[i] = s.Faint.Render(name)
			if more := " · " + c.T("cabin.empty"); widget.Width(name+more) < colW {
				head[i] += s.Faint.Render(more)
			}
		}
		heat[i] = m.levelCell(seat.Heat, s.Warn)
		vent[i] = m.levelCell(seat.Vent, s.Info)
		switch {
		case seat.Massage == cabin.MassageOff || seat.MassageLevel == 0:
			mass[i] = s.Faint.Render(c.T("cabin.off"))
		default:
			name := string(seat.Massage)
			if p, ok := cb.Catalog().Programme(seat.Massage); ok {
				name = c.Tr.Pick(p.Name, p.NameZH)
			}
			left := max((seat.MassageEndsAt-cb.Now+59_999)/60_000, 0)
			mass[i] = s.Accent.Render(fmt.Sprintf("%s %d", name, seat.MassageLevel)) + s.Muted.Render(fmt.Sprintf(" %d′", left))
		}
		pos[i] = s.Text.Render(fmt.Sprintf("%d mm", seat.Position.ForeAftMM)) + s.Muted.Render(fmt.Sprintf(" %d°", seat.Position.ReclineDeg))
	}
	add(row("cabin.seats", head))
	add(row("cabin.heat", heat))
	add(row("cabin.vent", vent))
	add(row("cabin.massage", mass))
	if h >= 12 {
		add(row("cabin.position", pos))
	}
	if h >= 16 {
		add("")
	}

	cl := &cb.Climate
	onOff := func(on bool, key string) string {
		if on {
			return s.Accent.Render("● " + c.T(key))
		}
		return s.Faint.Render("○ " + c.T(key))
	}
	var climate []string
	if cl.On {
		climate = append(climate, s.Good.Render(c.T("cabin.on")))
	} else {
		climate = append(climate, s.Faint.Render(c.T("cabin.off")))
	}
	climate = append(climate,
		onOff(cl.Auto, "cabin.auto"), onOff(cl.AC, "cabin.ac"),
		s.Muted.Render(c.T("cabin.fan")+" ")+widget.Bar(float64(cl.Fan)/float64(cabin.MaxFan), 7, s.Accent, s.Faint)+s.Text.Render(fmt.Sprintf(" %d", cl.Fan)),
		s.Text.Render(c.T("air."+string(cl.Distribution))),
		onOff(cl.Recirc, "cabin.recirc"), onOff(cl.Sync, "cabin.sync"))
	add(m.row("cabin.climate", strings.Join(climate, " ")))
	var temps []string
	for i, z := range cabin.Zones {
		name := c.T("cabin.name.zone." + string(z))
		t := fmt.Sprintf("%.1f°", cl.TempC[i])
		if cl.On && cl.ZoneOn[i] {
			temps = append(temps, s.Muted.Render(name+" ")+s.Bold.Render(t))
		} else {
			temps = append(temps, s.Faint.Render(name+" "+t))
		}
	}
	temps = append(temps, s.Muted.Render(c.T("cabin.inside")+" ")+s.Text.Render(fmt.Sprintf("%.1f°C", cb.CabinTempC)))
	add(m.row("cabin.temp", strings.Join(temps, s.Faint.Render(" · "))))
	add(m.row("cabin.defrost", onOff(cl.FrontDefrost, "cabin.front")+"  "+onOff(cl.RearDefrost, "cabin.rear")+
		s.Muted.Render(fmt.Sprintf("   %s %.1f kW", c.T("cabin.power"), cb.PowerKW()))))
	if h >= 16 {
		add("")
	}

	win := &cb.Windows
	var ws []string
	for i, id := range cabin.Seats {
		ws = append(ws, s.Muted.Render(c.T("cabin.win."+string(id))+" ")+m.pctCell(win.Pos[i]))
	}
	roof := m.pctCell(win.Sunroof)
	if win.SunroofTilted {
		roof = s.Accent.Render(c.T("cabin.tilted"))
	}
	ws = append(ws, s.Muted.Render(c.T("cabin.sunroof")+" ")+roof)
	if h >= 14 {
		ws = append(ws, s.Muted.Render(c.T("cabin.shade")+" ")+m.pctCell(win.Sunshade))
	}
	if win.ChildLock {
		ws = append(ws, s.Warn.Render(c.T("cabin.child_lock")))
	}
	add(m.row("cabin.windows", strings.Join(ws, s.Faint.Render(" · "))))

	li := &cb.Lights
	head2 := c.T("cabin.head." + string(li.Headlights))
	if cb.LowBeamOn {
		head2 += " " + c.T("cabin.low_beam_on")
	}
	lights := []string{s.Text.Render(head2)}
	if li.HighBeam {
		lights = append(lights, s.Info.Render(c.T("cabin.high_beam")))
	}
	if li.Ambient {
		col := li.AmbientColor
		if cc, ok := cb.Catalog().Color(li.AmbientColor); ok {
			col = c.Tr.Pick(cc.Name, cc.NameZH)
			if !s.NoColor {
				col = lipglossFg(cc.Hex).Render("■ ") + col
			}
		}
		lights = append(lights, s.Muted.Render(c.T("cabin.ambient")+" ")+col+s.Muted.Render(fmt.Sprintf(" %d%%", li.AmbientBrightness)))
	} else {
		lights = append(lights, s.Faint.Render(c.T("cabin.ambient")+" "+c.T("cabin.off")))
	}
	var reading []string
	for i, on := range li.Reading {
		if on {
			reading = append(reading, c.T("cabin.win."+string(cabin.Seats[i])))
		}
	}
	if len(reading) > 0 {
		lights = append(lights, s.Muted.Render(c.T("cabin.reading")+" ")+s.Text.Render(strings.Join(reading, "/")))
	}
	if li.FogFront || li.FogRear {
		lights = append(lights, s.Info.Render(c.T("tt.fog")))
	}
	if li.Hazard {
		lights = append(lights, s.Danger.Render(c.T("tt.hazard")))
	}
	add(m.row("cabin.lights", strings.Join(lights, s.Faint.Render(" · "))))

	doors := s.Muted.Render(c.T("cabin.unlocked"))
	if cb.Doors.Locked {
		doors = s.Text.Render(c.T("cabin.locked"))
	}
	if cb.Doors.AutoLock {
		doors += s.Muted.Render(" · " + c.T("cabin.autolock"))
	}
	var mem []string
	for i, sm := range cb.Memory {
		mark := "○"
		if sm.Saved {
			mark = "●"
		}
		mem = append(mem, fmt.Sprintf("%s%d", mark, i+1))
	}
	doors += s.Muted.Render("   " + c.T("cabin.memory") + " " + strings.Join(mem, " "))
	add(m.row("cabin.doors", doors))
	if h >= len(lines)+2 {
		d := st.Driver
		yes := func(b bool, on, off string) string {
			if b {
				return s.Good.Render("✓ " + c.T(on))
			}
			return s.Warn.Render("✗ " + c.T(off))
		}
		add(m.row("cabin.driver", yes(d.BeltOn, "cabin.belt_on", "cabin.belt_off")+"  "+
			yes(d.HandsOnWheel, "cabin.hands_on", "cabin.hands_off")+"  "+yes(d.EyesOnRoad, "cabin.eyes_on", "cabin.eyes_off")))
	}
	if h >= len(lines)+3 {
		add("")
		add(s.Faint.Render(c.T("cabin.hint")))
	}
	return strings.Join(lines, "\n")
}

// levelCell draws a 0..3 level as three pips and the number.
func (m *Model) levelCell(level int, on lipglossStyle) string {
	s := m.ctx.Styles
	if level <= 0 {
		return s.Faint.Render("▯▯▯ " + m.ctx.T("cabin.off"))
	}
	return on.Render(strings.Repeat("▮", level)) + s.Faint.Render(strings.Repeat("▯", max(cabin.MaxLevel-level, 0))) + s.Text.Render(fmt.Sprintf(" %d", level))
}

// pctCell shows how far something is open.
func (m *Model) pctCell(pct int) string {
	s := m.ctx.Styles
	if pct <= 0 {
		return s.Faint.Render(m.ctx.T("cabin.closed"))
	}
	return s.Accent.Render(fmt.Sprintf("%d%%", pct))
}

type lipglossStyle = lipgloss.Style

// lipglossFg is a one-off style for a data colour (the ambient light's
// own colour, shown as a swatch), the one place a colour comes from data
// other than the theme.
func lipglossFg(hex string) lipgloss.Style {
	return lipgloss.NewStyle().Foreground(lipgloss.Color(hex))
}
