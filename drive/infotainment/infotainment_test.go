package infotainment_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/msg"
)

func TestMediaFlow(t *testing.T) {
	s := infotainment.New()
	steps := []struct {
		cmd     infotainment.Command
		refused bool
		check   func() bool
	}{
		{infotainment.Pause{}, true, nil},
		{infotainment.Play{}, true, nil},
		{infotainment.Play{Query: "Jay Chou", Source: infotainment.SourceMusic}, false, func() bool { return s.Media.Playing && s.Media.Title == "Jay Chou" && s.Media.Track == 1 }},
		{infotainment.Skip{Delta: 1}, false, func() bool { return s.Media.Track == 2 }},
		{infotainment.Skip{Delta: -1}, false, func() bool { return s.Media.Track == 1 }},
		{infotainment.Skip{Delta: -1}, false, func() bool { return s.Media.Track == 1 }},
		{infotainment.Pause{}, false, func() bool { return !s.Media.Playing }},
		{infotainment.Play{}, false, func() bool { return s.Media.Playing && s.Media.Title == "Jay Chou" }},
		{infotainment.SetVolume{Level: 120}, true, nil},
		{infotainment.SetVolume{Level: 95}, false, func() bool { return s.Media.Volume == 95 }},
		{infotainment.StepVolume{Delta: 1}, false, func() bool { return s.Media.Volume == 100 }},
		{infotainment.StepVolume{Delta: 1}, true, nil},
		{infotainment.Mute{On: true}, false, func() bool { return s.Media.Muted && s.Media.Volume == 100 }},
		{infotainment.Mute{On: true}, true, nil},
		{infotainment.Mute{On: false}, false, func() bool { return !s.Media.Muted }},
		{infotainment.SetVolume{Level: 0}, false, func() bool { return s.Media.Volume == 0 }},
		{infotainment.StepVolume{Delta: -1}, true, nil},
	}
	for i, st := range steps {
		before := s
		ev, err := s.Apply(st.cmd, 0)
		var r *infotainment.Refusal
		switch {
		case st.refused && (err == nil || !errors.As(err, &r) || !strings.HasPrefix(r.Msg.Key, "infotainment.refused.")):
			t.Errorf("step %d %T: not refused with a reason: %v", i, st.cmd, err)
		case st.refused && s != before:
			t.Errorf("step %d %T: a refusal changed the state", i, st.cmd)
		case !st.refused && (err != nil || len(ev) == 0 || ev[0].Msg.IsZero()):
			t.Errorf("step %d %T: %v, events %v", i, st.cmd, err, ev)
		case !st.refused && !st.check():
			t.Errorf("step %d %T: state %+v", i, st.cmd, s.Media)
		}
	}
}

func TestPhoneFlow(t *testing.T) {
	s := infotainment.New()
	if _, err := s.Apply(infotainment.Call{}, 0); err == nil {
		t.Error("a call to nobody was placed")
	}
	if _, err := s.Apply(infotainment.Call{Contact: "Mom"}, 1000); err != nil || s.Phone.State != infotainment.PhoneDialing {
		t.Fatalf("call: %v %+v", err, s.Phone)
	}
	if ev := s.Step(2000); len(ev) != 0 {
		t.Errorf("answered too soon: %v", ev)
	}
	if ev := s.Step(5000); len(ev) != 1 || s.Phone.State != infotainment.PhoneInCall {
		t.Errorf("not answered after 4 s: %v %+v", ev, s.Phone)
	}
	ev, err := s.Apply(infotainment.HangUp{}, 65000)
	want := msg.New("infotainment.phone.ended_after", msg.Text("who", "Mom"), msg.Int("min", 1), msg.Text("sec", "00"))
	if err != nil || s.Phone.State != infotainment.PhoneIdle || len(ev) != 1 || !reflect.DeepEqual(ev[0].Msg, want) {
		t.Errorf("hang up: %v %+v", err, ev)
	}
	s.Apply(infotainment.IncomingCall{Contact: "张三"}, 70000)
	if _, err := s.Apply(infotainment.Answer{}, 71000); err != nil || s.Phone.State != infotainment.PhoneInCall {
		t.Errorf("answer: %v %+v", err, s.Phone)
	}
	if _, err := s.Apply(infotainment.Answer{}, 72000); err == nil {
		t.Error("answered twice")
	}
}

// Random command sequences keep the volume in range, never leave a
// refusal's state changed, and never produce an event that says nothing.
func TestInfotainmentInvariants(t *testing.T) {
	cmds := []infotainment.Command{
		infotainment.Play{Query: "radio 1", Source: infotainment.SourceRadio}, infotainment.Play{}, infotainment.Pause{},
		infotainment.Skip{Delta: 1}, infotainment.Skip{Delta: -1}, infotainment.SetVolume{Level: 50}, infotainment.SetVolume{Level: -3},
		infotainment.StepVolume{Delta: 1}, infotainment.StepVolume{Delta: -1}, infotainment.Mute{On: true}, infotainment.Mute{On: false},
		infotainment.Call{Number: "10086"}, infotainment.Answer{}, infotainment.HangUp{}, infotainment.IncomingCall{Contact: "Li"},
	}
	rapid.Check(t, func(rt *rapid.T) {
		s := infotainment.New()
		now := int64(0)
		for i, n := 0, rapid.IntRange(1, 60).Draw(rt, "n"); i < n; i++ {
			now += int64(rapid.IntRange(0, 5000).Draw(rt, "dt"))
			before := s
			ev, err := s.Apply(rapid.SampledFrom(cmds).Draw(rt, "cmd"), now)
			if err != nil && s != before {
				rt.Fatalf("a refusal changed the state")
			}
			ev = append(ev, s.Step(now)...)
			for _, e := range ev {
				if !strings.HasPrefix(e.Msg.Key, "infotainment.") {
					rt.Fatalf("event without a message: %+v", e)
				}
			}
			if s.Media.Volume < 0 || s.Media.Volume > 100 || s.Media.Track < 0 {
				rt.Fatalf("media out of range: %+v", s.Media)
			}
		}
	})
}

func TestStepIdleDoesNotAllocate(t *testing.T) {
	s := infotainment.New()
	if a := testing.AllocsPerRun(100, func() { s.Step(1) }); a != 0 {
		t.Errorf("Step allocates %v times when idle", a)
	}
}
