package cockpit

import (
	"math"
	"strconv"

	"github.com/nevsim/cockpit/drive/sim"
)

// describe renders an event in the UI language. English uses the drive
// loop's own sentence, Chinese the event's own Chinese when its source
// wrote one (the cabin does); otherwise the table's template for the
// kind ("event.<kind>", or "event.<kind>.<subject>" when the subject
// changes the wording) with the event's particulars in that language.
func (m *Model) describe(ev sim.Event) string {
	c := &m.ctx
	if text, ok := c.Tr.Own(ev.Text, ev.TextZH); ok {
		return text
	}
	key := "event." + string(ev.Kind)
	if c.Tr.Has(key + "." + ev.Subject) {
		key += "." + ev.Subject
	}
	if !c.Tr.Has(key) {
		return ev.Text
	}
	v := ev.Value
	return c.F(key,
		"text", ev.Text,
		"place", m.placeName(ev.Subject),
		"road", m.roadName(ev.Subject),
		"subject", m.word(string(ev.Kind), ev.Subject),
		"value", fmtNum(v),
		"km", strconv.FormatFloat(v, 'f', 1, 64),
		"m", strconv.Itoa(int(math.Round(v))),
		"s", strconv.Itoa(int(math.Round(v))),
	)
}

// word translates an event subject (weather kind, incident kind, side,
// manoeuvre, mode) through the "word.*" keys, falling back to the subject.
func (m *Model) word(kind, subject string) string {
	if subject == "" {
		return ""
	}
	keys := []string{"word." + subject, "maneuver." + subject}
	if kind == string(sim.EventManeuverAhead) {
		keys[0], keys[1] = keys[1], keys[0]
	}
	for _, k := range keys {
		if m.ctx.Tr.Has(k) {
			return m.ctx.T(k)
		}
	}
	return subject
}

// placeName is a place's name in the UI language, or the id when unknown.
func (m *Model) placeName(id string) string {
	p, err := m.sim.Map().Place(id)
	if err != nil || p == nil {
		return id
	}
	return m.ctx.Tr.Pick(p.NameEN, p.NameZH)
}

// roadName is a road's name in the UI language, or the id when unknown.
func (m *Model) roadName(id string) string {
	r := m.sim.Map().Road(id)
	if r == nil {
		return id
	}
	return m.ctx.Tr.Pick(r.NameEN, r.NameZH)
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) {
		return strconv.Itoa(int(v))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
