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
func (m *Model) placeName(id string) string { return m.ctx.Tr.PlaceName(m.sim.Map(), id) }

func fmtNum(v float64) string { return i18n.FormatNumber(v) }
