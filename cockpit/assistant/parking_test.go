package assistant_test

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

// newGarageRig starts the car in the mall garage's aisle A, 1 m from the
// right-hand row.
func newGarageRig(t *testing.T, start *sim.ParkingStart) *rig {
	t.Helper()
	p, err := voice.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := world.LoadDefault(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	prof, err := vehicle.Load(assets.FS(), "vehicles/xiaomi-su7.yaml")
	if err != nil {
		t.Fatal(err)
	}
	phrases, err := assistant.LoadPhrases(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sim.Config{Profile: prof, Map: m, StartPlace: "mall-garage", Seed: 1, StartParking: start})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{a: assistant.New(p, m, phrases, assistant.Options{}), s: s}
}

func (r *rig) run(steps int, in sim.Inputs) []sim.Event {
	var evs []sim.Event
	for i := 0; i < steps; i++ {
		evs = append(evs, r.s.Step(in)...)
	}
	return evs
}

func TestVoiceParksInTheRightHandSlot(t *testing.T) {
	r := newGarageRig(t, &sim.ParkingStart{Area: "mall-garage", X: 1.5, Y: -1.02})
	rep, ev := r.say("自动泊车")
	if !hasEvent(ev, sim.EventKind(parking.EvSearchStarted), "") || !strings.Contains(rep.Text, "搜索车位") {
		t.Fatalf("search: reply %q, events %v", rep.Text, ev)
	}
	// while slots are being measured, "park the car" asks which one
	if rep, _ := r.say("park the car"); !strings.Contains(rep.Text, "Which slot") || len(rep.Commands) != 0 {
		t.Errorf("while searching: %q %v", rep.Text, rep.Commands)
	}
	// the scripted driver creeps past slots 1-3
	r.run(80, sim.Inputs{Driver: sim.AttentiveDriver})
	if rep, _ := r.say("park in slot 9"); !strings.Contains(rep.Text, "no slot 9") {
		t.Errorf("unknown slot number: %q", rep.Text)
	}
	rep, ev = r.say("停到右边车位")
	if !strings.Contains(rep.Text, "右侧车位") || !hasEvent(ev, sim.EventKind(parking.EvSlotSelected), "3") {
		t.Fatalf("side: reply %q, events %v", rep.Text, ev)
	}
	started := false
	for i := 0; i < 200 && !started; i++ {
		started = hasEvent(r.s.Step(sim.Inputs{Driver: sim.AttentiveDriver}), sim.EventKind(parking.EvStarted), "3")
	}
	if !started {
		t.Fatal("the confirm said with the choice did not start parking")
	}
	r.run(30, sim.Inputs{Driver: sim.AttentiveDriver})
	rep, _ = r.say("暂停泊车")
	if len(rep.Commands) != 1 || !strings.Contains(rep.Text, "暂停") {
		t.Errorf("pause: %q %v", rep.Text, rep.Commands)
	}
	r.run(40, sim.Inputs{Driver: sim.AttentiveDriver})
	if st := r.s.State().Parking.Output.State; st != parking.StatePaused {
		t.Fatalf("after pause: %s", st)
	}
	if rep, _ := r.say("继续泊车"); len(rep.Commands) != 1 {
		t.Errorf("resume: %q %v", rep.Text, rep.Commands)
	}
	r.run(1200, sim.Inputs{Driver: sim.AttentiveDriver})
	if st := r.s.State(); st.Parking.Output.State != parking.StateDone || st.Gear != sim.GearPark {
		t.Fatalf("not parked: %s, gear %s", st.Parking.Output.State, st.Gear)
	}
	if rep, _ := r.say("cancel parking"); len(rep.Commands) != 0 {
		t.Errorf("cancel with nothing under way sent %v", rep.Commands)
	}
}

func TestVoiceParkBySlotNumberAndCancel(t *testing.T) {
	r := newGarageRig(t, &sim.ParkingStart{Area: "mall-garage", X: 1.5, Y: -1.02})
	r.say("park the car")
	r.run(80, sim.Inputs{Driver: sim.AttentiveDriver})
	rep, ev := r.say("park in slot 3")
	if !strings.Contains(rep.Text, "slot 3") || !hasEvent(ev, sim.EventKind(parking.EvSlotSelected), "3") {
		t.Fatalf("number: reply %q, events %v", rep.Text, ev)
	}
	r.run(60, sim.Inputs{Driver: sim.AttentiveDriver})
	_, ev = r.say("cancel parking")
	if !hasEvent(ev, sim.EventKind(parking.EvAborted), "cancelled") && !hasEvent(ev, sim.EventKind(parking.EvCancelled), "") {
		t.Errorf("cancel: %v", ev)
	}
}

func TestVoiceRemoteParkingNeedsTheDriverOutside(t *testing.T) {
	r := newGarageRig(t, &sim.ParkingStart{Area: "mall-garage", Slot: "3", NoseOut: true})
	if rep, _ := r.say("summon the car"); rep.Awaiting != voice.AwaitConfirm {
		t.Fatalf("remote parking without a question: %q", rep.Text)
	}
	rep, _ := r.say("yes")
	if len(rep.Commands) != 0 || !strings.Contains(rep.Text, "outside") {
		t.Errorf("seated driver: %q %v", rep.Text, rep.Commands)
	}
	// outside, the voice command never holds the button for the driver
	out := sim.AttentiveDriver
	out.Seated = false
	r.s.Step(sim.Inputs{Driver: out})
	r.a.Handle("summon the car", r.s.State())
	rep = r.a.Handle("yes", r.s.State())
	ev := r.s.Step(sim.Inputs{Driver: out, Commands: rep.Commands})
	if len(rep.Commands) != 2 || !hasEvent(ev, sim.EventKind(parking.EvRemoteRefused), "") { // the command and the yes
		t.Errorf("outside: %q %v, events %v", rep.Text, rep.Commands, ev)
	}
	if r.s.State().Parking.Output.Controlling {
		t.Error("a voice command moved the car without the hold-to-move button")
	}
}
