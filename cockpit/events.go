package cockpit

import (
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/sim"
)

// describe renders an event in the UI language, through the one
// renderer of events (i18n.Table.Describe) that `cockpit run --lang` uses
// too.
func (m *Model) describe(ev sim.Event) string { return m.ctx.Tr.Describe(ev, m.sim.Map()) }

// placeName is a place's name in the UI language, or the id when unknown.
func (m *Model) placeName(id string) string {
	p, err := m.sim.Map().Place(id)
	if err != nil || p == nil {
		return id
	}
	return m.ctx.Tr.Pick(p.NameEN, p.NameZH)
}

func fmtNum(v float64) string { return i18n.FormatNumber(v) }
