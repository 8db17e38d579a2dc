package voice

import "testing"

// A short name means the place whose name ends the same way: "Daxing
// Airport" is the airport, not the airport's car park.
func TestGazetteerPrefersTheHeadNoun(t *testing.T) {
	g := NewGazetteer([]Place{
		{ID: "daxing-airport", NameEN: "Beijing Daxing International Airport", NameZH: "北京大兴国际机场", Category: "airport"},
		{ID: "airport-parking", NameEN: "Daxing Airport car park P2", NameZH: "大兴机场P2停车楼", Category: "parking"},
	})
	for q, want := range map[string]string{
		"Daxing Airport":          "daxing-airport",
		"大兴机场":                    "daxing-airport",
		"daxing airport car park": "airport-parking",
		"大兴机场停车楼":                 "airport-parking",
	} {
		if m, ok := g.Lookup(q); !ok || m.Place.ID != want {
			t.Errorf("%q → %q (%v), want %q", q, m.Place.ID, m.Score, want)
		}
	}
}
