package cabin_test

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/drive/cabin"
)

// TestShippedCatalog loads assets/cabin/cabin.yaml: it must be valid, offer
// every massage programme of the voice schema, and (today) hold exactly the
// built-in defaults, so a drive with or without it behaves the same.
func TestShippedCatalog(t *testing.T) {
	c, err := cabin.LoadCatalog(os.DirFS("../../assets"), "cabin/cabin.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []cabin.MassageMode{cabin.MassageWave, cabin.MassagePulse, cabin.MassageStretch, cabin.MassageRelax, cabin.MassageSport} {
		if _, ok := c.Programme(m); !ok {
			t.Errorf("voice-schema programme %q missing", m)
		}
	}
	if d := cabin.DefaultCatalog(); !reflect.DeepEqual(c, d) {
		t.Errorf("assets/cabin/cabin.yaml differs from the built-in defaults:\n file %+v\n code %+v", c, d)
	}
}

const goodCatalog = `
massage_programmes:
  - {id: knead, name_zh: 揉捏, minutes: 1, vss: KNEAD}
palette:
  - {id: teal, name_zh: 蓝绿色, hex: "#008080"}
seat_travel:
  position: {min: 0, max: 100, step: 50, default: 50}
  height:   {min: 0, max: 10, step: 5, default: 0}
  backrest: {min: 0, max: 10, step: 5, default: 0}
  lumbar:   {min: 0, max: 10, step: 5, default: 0}
  headrest: {min: 0, max: 10, step: 5, default: 0}
  cushion:  {min: 0, max: 10, step: 5, default: 0}
`

func TestCustomCatalogDrivesTheCabin(t *testing.T) {
	c, err := cabin.LoadCatalog(fstest.MapFS{"c.yaml": {Data: []byte(goodCatalog)}}, "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := cabin.New(cabin.Options{Catalog: c})
	if s.Lights.AmbientColor != "teal" || s.Seats[0].Position.ForeAftMM != 50 {
		t.Errorf("catalog defaults not used: %+v %+v", s.Lights, s.Seats[0].Position)
	}
	mustApply(t, &s, parked(), cabin.SetMassage{Seat: cabin.SeatDriver}) // no wave: the first programme
	if s.Seats[0].Massage != "knead" {
		t.Errorf("massage %q, want knead", s.Seats[0].Massage)
	}
	if evs := s.Step(0.05, cabin.Context{Now: 60_000}); len(evs) != 1 || s.Seats[0].Massage != cabin.MassageOff {
		t.Errorf("one-minute programme did not end: %v", evs)
	}
	mustRefuse(t, &s, parked(), cabin.SetMassage{Seat: cabin.SeatDriver, Mode: cabin.MassageWave}, "choose knead")
	mustApply(t, &s, parked(), cabin.MoveSeat{Seat: cabin.SeatDriver, Part: cabin.PartPosition, Direction: cabin.Backward, Steps: 5})
	if s.Seats[0].Position.ForeAftMM != 100 {
		t.Errorf("travel not from the catalog: %d", s.Seats[0].Position.ForeAftMM)
	}
	mustApply(t, &s, parked(), cabin.SetLight{Target: cabin.LightAmbient, On: true, Color: "蓝绿"})
	sigs := map[string]string{}
	for _, g := range s.Signals() {
		sigs[g.Path] = g.String()
	}
	if sigs["Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Color"] != "#008080" {
		t.Errorf("colour signal %q", sigs["Vehicle.Cabin.Light.AmbientLight.Row1.DriverSide.Color"])
	}
	// A half-built catalog falls back to the defaults instead of crashing.
	s = cabin.New(cabin.Options{Catalog: &cabin.Catalog{}})
	if s.Catalog().Palette[0].Name != "white" {
		t.Error("empty catalog not replaced by the default")
	}
}

func TestBadCatalogIsReportedWithPositions(t *testing.T) {
	tests := []struct {
		name, from, to string
	}{
		{"bad hex", `hex: "#008080"`, `hex: "teal"`},
		{"zero minutes", "minutes: 1", "minutes: 0"},
		{"programme called off", "id: knead", "id: off"},
		{"lowercase vss", "vss: KNEAD", "vss: knead"},
		{"step too big", "position: {min: 0, max: 100, step: 50", "position: {min: 0, max: 100, step: 500"},
		{"default outside", "default: 50}", "default: 500}"},
		{"headrest beyond uint8", "headrest: {min: 0, max: 10,", "headrest: {min: 0, max: 300,"},
		{"unknown part", "  cushion:", "  armrest: {min: 0, max: 10, step: 5, default: 0}\n  cushion:"},
		{"missing part", "  cushion:  {min: 0, max: 10, step: 5, default: 0}\n", ""},
		{"unknown field", "name_zh: 揉捏,", "name_zh: 揉捏, colour: red,"},
	}
	wants := map[string]string{
		"bad hex": "palette[0].hex", "zero minutes": "massage_programmes[0].minutes", "programme called off": "massage_programmes[0].id",
		"lowercase vss": "massage_programmes[0].vss", "step too big": "seat_travel.position.step", "default outside": "seat_travel.position.default",
		"headrest beyond uint8": "seat_travel.headrest.max", "unknown part": "seat_travel.armrest", "missing part": "missing cushion", "unknown field": "colour",
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(goodCatalog, tc.from, tc.to, 1)
			if data == goodCatalog {
				t.Fatalf("edit %q did not apply", tc.from)
			}
			_, err := cabin.LoadCatalog(fstest.MapFS{"c.yaml": {Data: []byte(data)}}, "c.yaml")
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), wants[tc.name]) || !strings.Contains(err.Error(), "c.yaml:") {
				t.Errorf("error %q does not point at %q", err, wants[tc.name])
			}
		})
	}
}
