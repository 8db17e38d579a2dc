package session_test

import (
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// variantHMI is the shipped HMI with each old replaced by its new.
func variantHMI(t *testing.T, pairs ...string) *hmi.Takeover {
	t.Helper()
	data, err := datafile.ReadFile(assets.FS(), hmi.DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Count(src, pairs[i]) != 1 {
			t.Fatalf("%q is not once in the shipped HMI", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	h, err := hmi.Parse("variant.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func firstEvent(evs []sim.Event, kind sim.EventKind, subject string) (sim.Event, bool) {
	for _, ev := range evs {
		if ev.Kind == kind && (subject == "" || ev.Subject == subject) {
			return ev, true
		}
	}
	return sim.Event{}, false
}

// An HMI with haptic at stage 1 shakes the seat at the request, not at the
// escalation, and one with an earlier escalation escalates then: the
// machine's signals and timings are the HMI's.
func TestHMIVariantDrivesTheMachine(t *testing.T) {
	sc := loadScenario(t, "scenarios/drills/05-mrm.yaml")
	h := variantHMI(t,
		"    tone: chime\n    earcon: none\n    haptic: none\n", "    tone: chime\n    earcon: none\n    haptic: pulse\n",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n      zh:\n        title: \"请接管\"",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n        haptic: \"≋ seat pulsing\"\n      zh:\n        title: \"请接管\"",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n\n  # stage 2",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n        haptic: \"≋ 座椅脉冲震动\"\n\n  # stage 2",
		"escalate_s: {value: 4,", "escalate_s: {value: 2,")
	res, _, err := session.Run(sc, session.RunOptions{Voice: &echoVoice{}, HMI: h})
	if err != nil {
		t.Fatal(err)
	}
	req, ok := firstEvent(res.Events, automation.EventTakeoverRequested, "")
	if !ok {
		t.Fatal("no takeover request")
	}
	if hap, ok := firstEvent(res.Events, session.EventHMIHaptic, "on"); !ok || hap.At != req.At {
		t.Errorf("haptic on at %s, the request at %s", hap.At, req.At)
	}
	esc, _ := firstEvent(res.Events, automation.EventTakeoverEscalated, "")
	if esc.At-req.At != 2000 {
		t.Errorf("escalated %s after the request, want 2 s", esc.At-req.At)
	}

	// the same drill with the shipped HMI: the seat shakes at escalation
	plain, _, err := session.Run(sc, session.RunOptions{Voice: &echoVoice{}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ = firstEvent(plain.Events, automation.EventTakeoverRequested, "")
	esc, _ = firstEvent(plain.Events, automation.EventTakeoverEscalated, "")
	if hap, ok := firstEvent(plain.Events, session.EventHMIHaptic, "on"); !ok || hap.At != esc.At || esc.At-req.At != 4000 {
		t.Errorf("shipped: haptic at %s, escalation at %s, request at %s", hap.At, esc.At, req.At)
	}
}

// The shipped HMI given explicitly drives exactly as no HMI: nil is the
// shipped file.
func TestShippedHMIChangesNothing(t *testing.T) {
	h, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"scenarios/drills/05-mrm.yaml", "scenarios/drills/01-planned-exit.yaml"} {
		sc := loadScenario(t, name)
		_, a, err := session.Run(sc, session.RunOptions{Voice: &echoVoice{}})
		if err != nil {
			t.Fatal(err)
		}
		_, b, err := session.Run(sc, session.RunOptions{Voice: &echoVoice{}, HMI: h})
		if err != nil {
			t.Fatal(err)
		}
		if a.Digest() != b.Digest() {
			t.Errorf("%s: the shipped HMI changed the drive's log", name)
		}
	}
}

// A budget longer than the preset's planned lead is refused when the
// session starts, naming the HMI and the preset's field.
func TestHMIBudgetBeyondThePlannedLeadIsRefused(t *testing.T) {
	h := variantHMI(t, "takeover_budget_s: {value: 10,", "takeover_budget_s: {value: 30,")
	_, _, err := session.Run(loadScenario(t, "scenarios/drills/05-mrm.yaml"), session.RunOptions{HMI: h})
	if err == nil || !strings.Contains(err.Error(), "planned_lead_s") || !strings.Contains(err.Error(), "variant.yaml") {
		t.Fatalf("%v", err)
	}
}

// A recording names the --hmi file it was driven with, and reads it back.
func TestRecordingNamesItsHMI(t *testing.T) {
	rec := &session.Recording{Start: session.Start{Mode: session.ModeRun, Seed: 1, Version: "v",
		HMI: "Loud \"HMI\"", HMISHA256: strings.Repeat("ab", 32)}, Digest: strings.Repeat("cd", 32)}
	data, err := rec.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nhmi \"Loud \\\"HMI\\\"\" \""+strings.Repeat("ab", 32)+"\"\n") {
		t.Errorf("no hmi line:\n%s", data)
	}
	back, err := session.Parse("r.cockpit-rec", data)
	if err != nil {
		t.Fatal(err)
	}
	if back.Start != rec.Start {
		t.Errorf("read back %+v, want %+v", back.Start, rec.Start)
	}
	plain := &session.Recording{Start: session.Start{Mode: session.ModeRun, Seed: 1, Version: "v"}}
	if data, _ := plain.Marshal(); strings.Contains(string(data), "\nhmi ") {
		t.Errorf("a drive without --hmi names one:\n%s", data)
	}
}
