package cockpit

import (
	"strings"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/voice"
)

// syncLabels tells the assistant which labels are on screen (see-and-say)
// and refreshes the voice bar's Tab completions. It runs when what is
// shown changes (panel, language, search results), never per frame.
func (m *Model) syncLabels() {
	var labels []session.Label
	var texts []string
	if m.panel == PanelNav {
		for _, r := range m.search.Results() {
			name := m.ctx.Tr.Pick(r.Place.NameEN, r.Place.NameZH)
			labels = append(labels, session.Label{Text: name, Intent: voice.IntentNavNavigate,
				Slots: map[string]string{"destination": name, "place_id": r.Place.ID, "place": r.Place.NameEN}})
			texts = append(texts, name)
		}
	}
	key := m.lang + "\x00" + strings.Join(texts, "\x00")
	if key == m.lastLabel {
		return
	}
	m.lastLabel = key
	if !m.sim.Replaying() { // a replay sees what the recording saw
		m.sim.See(labels)
	}
	sugg := make([]string, 0, 64)
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			sugg = append(sugg, s)
		}
	}
	for p := Panel(0); p < panelCount; p++ {
		add(m.ctx.T("panel." + p.String()))
	}
	if m.asst != nil {
		for _, s := range m.asst.Sayable() {
			add(s)
		}
	}
	for _, s := range strings.Split(m.ctx.T("voice.examples"), "|") {
		add(strings.TrimSpace(s))
	}
	for _, s := range m.phrases {
		add(s)
	}
	// "navigate to <place>" for every place, so Tab completes names in
	// either language ("navigate to Da" → "… Daxing Airport").
	for _, p := range m.sim.Map().Places {
		add(m.ctx.F("voice.navigate_to", "place", m.ctx.Tr.Pick(p.NameEN, p.NameZH)))
		for _, a := range p.Aliases {
			add(m.ctx.F("voice.navigate_to", "place", a))
		}
	}
	m.voice.SetSuggestions(sugg)
}

// localLabel handles see-and-say for what the UI itself owns: saying a
// panel's name shows it. It reports whether text was such a label.
func (m *Model) localLabel(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if asked, local := m.parkingVoice(t); asked {
		return local
	}
	for _, lang := range []string{m.lang, i18n.Other(m.lang)} {
		tr := m.tables[lang]
		if tr == nil {
			continue
		}
		for p := Panel(0); p < panelCount; p++ {
			if t == strings.ToLower(tr.T("panel."+p.String())) || t == strings.ToLower(m.tabLabelIn(tr.T("panel."+p.String()), p)) {
				m.setPanel(p)
				return true
			}
		}
	}
	return false
}

func (m *Model) tabLabelIn(name string, p Panel) string { return itoa(int(p)+1) + " " + name }
