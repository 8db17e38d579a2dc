package voice

import "testing"

// A seat named with a seat device is a request even without a verb, as
// people say it in Chinese cars ("副驾座椅加热"); the device alone is not.
func TestSeatDeviceWithASeatIsARequest(t *testing.T) {
	p := mustDefault(t)
	for text, want := range map[string]string{
		"passenger seat heating": "seat.heat",
		"副驾座椅加热":                 "seat.heat",
		"主驾座椅通风":                 "seat.ventilate",
		"rear seats massage":     "seat.massage",
		"seat heating":           "",
		"你会干什么":                  "system.help",
	} {
		r := p.Parse(text)
		got := ""
		if len(r.Intents) == 1 {
			got = r.Intents[0].Intent
		}
		if got != want || len(r.Intents) > 1 {
			t.Errorf("%q → %v, want %q", text, r.Intents, want)
		}
	}
}
