package voice

import (
	"fmt"
	"strings"
	"testing"
)

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

// Naming which glass to defrost, or a lane change "to the right lane", is a
// request; so is a lane change said with 变到 / 并入.
func TestBareDefrostAndLaneChangeVerbs(t *testing.T) {
	p := mustDefault(t)
	for text, want := range map[string]string{
		"后挡除雾":         "climate.defrost",
		"rear defrost": "climate.defrost",
		"变到右边车道":       "assist.lane_change",
		"并入左侧车道":       "assist.lane_change",
	} {
		r := p.Parse(text)
		if len(r.Intents) != 1 || r.Intents[0].Intent != want {
			t.Errorf("%q → %v, want %q", text, r.Intents, want)
		}
	}
}

// Seat comfort said with a seat word and "warmer", "heater" or "cooler" is
// the seat's device, not the cabin temperature.
func TestSeatWarmerIsNotTheClimate(t *testing.T) {
	p := mustDefault(t)
	for text, want := range map[string]string{
		"switch off the passenger seat warmer": "seat.heat",
		"put the driver seat warmer on":        "seat.heat",
		"cool down my seat":                    "seat.ventilate",
		"i want the seat cooler on":            "seat.ventilate",
		"massage my lower back":                "seat.massage",
		"how fast am i going":                  "vehicle.query",
		"set cruise to 110":                    "assist.set_speed",
		"move to the left lane":                "assist.lane_change",
		"how long is the drive":                "nav.eta",
		"change language to chinese":           "system.language",
		"switch to sport driving mode":         "vehicle.drive_mode",
		"turn off the back defroster":          "climate.defrost",
		"how much charge is left":              "vehicle.query",
	} {
		r := p.Parse(text)
		if len(r.Intents) != 1 || r.Intents[0].Intent != want {
			t.Errorf("%q → %v, want %q", text, r.Intents, want)
		}
	}
}

// A navigation reply names the place in the utterance's language.
func TestNavigationReplyNamesThePlaceInTheLanguage(t *testing.T) {
	p := mustDefault(t)
	s := NewSession(p, SessionOptions{Zone: SeatDriver, Places: []Place{{ID: "dx", NameEN: "Beijing Daxing International Airport", NameZH: "北京大兴国际机场", Category: "airport"}}})
	if r := s.Handle("导航去大兴机场", Context{}).Reply; !strings.Contains(r, "北京大兴国际机场") {
		t.Errorf("Chinese reply %q", r)
	}
	if r := s.Handle("navigate to daxing airport", Context{}).Reply; !strings.Contains(r, "Beijing Daxing International Airport") {
		t.Errorf("English reply %q", r)
	}
}

// A slot said by its number, or a kind of parking said as a verb, asks to
// park.
func TestParkingBySlotNumberOrKind(t *testing.T) {
	p := mustDefault(t)
	for text, want := range map[string]string{
		"三号车位":                  `park.start map[slot:3]`,
		"parallel park":         `park.start map[type:parallel]`,
		"倒车入库":                  `park.start map[type:perpendicular]`,
		"park in slot number 5": `park.start map[slot:5]`,
	} {
		r := p.Parse(text)
		if len(r.Intents) != 1 || fmt.Sprintf("%s %v", r.Intents[0].Intent, r.Intents[0].Slots) != want {
			t.Errorf("%q → %v, want %s", text, r.Intents, want)
		}
	}
}

// Chinese route questions and modifiers stay out of a spoken place name.
func TestChineseDestinationTrimming(t *testing.T) {
	p := mustDefault(t)
	for text, want := range map[string]string{
		"去首都机场怎么走":  "首都机场",
		"导航去最近的麦当劳": "麦当劳",
	} {
		r := p.Parse(text)
		if len(r.Intents) != 1 || r.Intents[0].Slots["destination"] != want {
			t.Errorf("%q → %v, want destination %q", text, r.Intents, want)
		}
	}
	if r := p.Parse("播放抖音热歌"); len(r.Intents) != 1 || r.Intents[0].Intent != "media.play" {
		t.Errorf("a song request with 热 is not the climate: %v", r.Intents)
	}
}
