package parking

import (
	"math"
	"strconv"
	"testing"
)

// The scene lists what the top-down view needs, and the proximity readings
// fall as the car backs into its slot.
func TestSceneAndProximity(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	sc := r.m.Scene()
	if len(sc.Slots) != len(r.area.Slots) || len(sc.Neighbours) == 0 || len(sc.Kerbs) == 0 {
		t.Fatalf("scene: %d slots, %d neighbours, %d kerbs", len(sc.Slots), len(sc.Neighbours), len(sc.Kerbs))
	}
	numbered, selected := 0, ""
	for _, s := range sc.Slots {
		if s.Number > 0 {
			numbered++
		}
		if s.Selected {
			selected = s.ID
		}
	}
	if numbered == 0 || selected != "3" {
		t.Fatalf("%d numbered slots, selected %q", numbered, selected)
	}
	if sc.Path != nil {
		t.Fatal("a path before confirming")
	}
	r.in.Confirm = true
	r.step()
	r.until(4, func(Output) bool { return false })
	sc = r.m.Scene()
	if len(sc.Path) < 10 || sc.Driven <= 1 || sc.Driven >= len(sc.Path) || len(sc.Cusps) == 0 {
		t.Fatalf("path %d points, driven %d, cusps %v", len(sc.Path), sc.Driven, sc.Cusps)
	}
	r.until(90, func(o Output) bool { return o.State == StateDone })
	sc = r.m.Scene()
	// parked between two cars in a 2.5 m slot: something is close
	if math.IsInf(sc.ProximityM, 1) || sc.ProximityM > 1.0 || sc.ProximityM != r.m.ProximityM() {
		t.Fatalf("proximity %.2f m when parked", sc.ProximityM)
	}
	for _, c := range sc.Corners {
		if c.DistanceM < sc.ProximityM-1e-9 {
			t.Errorf("corner %s %.2f m closer than the body's %.2f m", c.Corner, c.DistanceM, sc.ProximityM)
		}
	}
	if sc.Driven != len(sc.Path) {
		t.Errorf("driven %d of %d when done", sc.Driven, len(sc.Path))
	}
}

// TestSceneSlotLabelAndSide: each found slot carries its one display
// label and the side it was found on, the same the found event says, so
// every view (list, top-down view, voice) names and places it alike.
func TestSceneSlotLabelAndSide(t *testing.T) {
	r := newRig(t, "xiaomi-su7", "mall-garage")
	r.searchAndSelect()
	found := 0
	for _, s := range r.m.Scene().Slots {
		if s.Number == 0 {
			if s.Label != "" || s.Side != "" {
				t.Errorf("slot %s not found but labelled %q on the %q", s.ID, s.Label, s.Side)
			}
			continue
		}
		found++
		if s.Label != strconv.Itoa(s.Number) || s.Side == "" {
			t.Errorf("slot %s (number %d): label %q, side %q", s.ID, s.Number, s.Label, s.Side)
		}
		said := false
		for _, e := range r.events {
			if e.Kind == EvSlotFound && e.Subject == s.ID {
				said = len(e.Msg.Args) > 1 && e.Msg.Args[0].FormatNum() == s.Label && e.Msg.Args[1].Str == "parking.term.side."+string(s.Side)
			}
		}
		if !said {
			t.Errorf("slot %s: the found event does not say slot %s on the %s", s.ID, s.Label, s.Side)
		}
	}
	if found < 3 {
		t.Fatalf("%d slots found", found)
	}
	// The selected slot is named alike in the output (for a voice reply).
	for _, s := range r.m.Scene().Slots {
		if s.Selected && r.out.SelectedLabel != s.Label {
			t.Errorf("selected slot %s: output label %q, scene label %q", s.ID, r.out.SelectedLabel, s.Label)
		}
	}
	// A slot tapped on the map without being measured is named by its id.
	r = newRig(t, "xiaomi-su7", "mall-garage")
	r.in.ChooseSlot = "3"
	r.step()
	if r.out.SelectedLabel != "3" || r.out.SelectedSlot != "3" {
		t.Errorf("chosen by id: output names it %q (id %q)", r.out.SelectedLabel, r.out.SelectedSlot)
	}
	chosen := false
	for _, s := range r.m.Scene().Slots {
		if s.Selected {
			chosen = true
			if s.Label != "3" || s.Number != 0 {
				t.Errorf("chosen by id: label %q number %d", s.Label, s.Number)
			}
		}
	}
	if !chosen {
		t.Fatalf("slot 3 not chosen by id: %s", r.m.State())
	}
}
