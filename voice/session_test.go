package voice

import (
	"strings"
	"testing"
)

// cmds renders resolved commands like frames does for intents.
func cmds(cs []Command) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, c.Intent+compactSlots(c.Slots))
	}
	return strings.Join(parts, "; ")
}

// step is one turn of a scripted conversation and what it must give.
type step struct {
	say      string
	speed    float64
	commands string   // resolved commands, as cmds renders them
	await    Awaiting // what the session waits for afterwards
	reply    string   // a part of the reply ("" = anything non-empty)
}

func runConversation(t *testing.T, s *Session, steps []step) {
	t.Helper()
	for i, st := range steps {
		turn := s.Handle(st.say, Context{SpeedKmh: st.speed})
		if got := cmds(turn.Commands); got != st.commands {
			t.Errorf("step %d %q: commands %s, want %s (reply %q)", i, st.say, got, st.commands, turn.Reply)
		}
		if turn.Awaiting != st.await {
			t.Errorf("step %d %q: awaiting %q, want %q", i, st.say, turn.Awaiting, st.await)
		}
		if turn.Reply == "" || !strings.Contains(turn.Reply, st.reply) {
			t.Errorf("step %d %q: reply %q, want it to contain %q", i, st.say, turn.Reply, st.reply)
		}
	}
}

func TestSessionSpeakerZoneAndCarryOver(t *testing.T) {
	p := mustDefault(t)
	runConversation(t, NewSession(p, SessionOptions{Zone: SeatPassenger}), []step{
		{say: "turn on my seat heating", commands: "seat.heat{action=on,seat=passenger}", reply: "Passenger seat heating on"},
		{say: "the driver too", commands: "seat.heat{action=on,seat=driver}"},
		{say: "set 22 degrees", commands: "climate.temp{value=22,zone=passenger}", reply: "22°C"},
		{say: "warmer", commands: "climate.temp{action=up,zone=passenger}"},
		{say: "再高一点", commands: "climate.temp{action=up,zone=passenger}", reply: "好的"},
		{say: "24", commands: "climate.temp{value=24,zone=passenger}"},
		{say: "blah blah blah blah", commands: "", reply: "Sorry"},
	})
}

func TestSessionClarification(t *testing.T) {
	p := mustDefault(t)
	runConversation(t, NewSession(p, SessionOptions{}), []step{
		{say: "turn on the seat heating", await: AwaitClarify, reply: "Which seat?"},
		{say: "the passenger", commands: "seat.heat{action=on,seat=passenger}"},
		{say: "打开座椅通风", await: AwaitClarify, reply: "哪个座椅"},
		{say: "主驾", commands: "seat.ventilate{action=on,seat=driver}"},
		{say: "open the window", await: AwaitClarify, reply: "Which window?"},
		{say: "never mind", reply: "Cancelled"},
		{say: "navigate", await: AwaitClarify, reply: "Where to?"},
		{say: "the nearest charging station", commands: "nav.navigate{category=charging,modifier=nearest}"},
		{say: "call", await: AwaitClarify, reply: "Who should I call?"},
		{say: "mom", commands: "phone.call{contact=mom}"},
	})
}

// carRule stands in for the car's confirmation rule (drive/sim's, wired in
// by cockpit/assistant): the dialogue is tested here, the rule there.
func carRule(c Command, ctx Context) bool {
	switch c.Intent {
	case IntentAssistEngage:
		return c.Slots["mode"] == "l3"
	case IntentParkRemote:
		return true
	case IntentCabinWindow:
		return c.Slots["action"] == "open" && ctx.SpeedKmh > 80
	}
	return false
}

func TestSessionConfirmation(t *testing.T) {
	p := mustDefault(t)
	runConversation(t, NewSession(p, SessionOptions{Zone: SeatDriver, NeedsConfirm: carRule}), []step{
		{say: "engage L3", await: AwaitConfirm, reply: "are you sure"},
		{say: "yes", commands: "assist.engage{mode=l3}"},
		{say: "遥控泊车", await: AwaitConfirm, reply: "确定要遥控泊车吗"},
		{say: "不要", reply: "已取消"},
		{say: "open the window", speed: 100, await: AwaitConfirm},
		{say: "sure", commands: "cabin.window{action=open,target=driver}"},
		{say: "open the window", speed: 30, commands: "cabin.window{action=open,target=driver}"},
		{say: "turn on adaptive cruise", commands: "assist.engage{mode=acc}"},
		// a new request instead of an answer drops the held command
		{say: "engage l3", await: AwaitConfirm},
		{say: "turn on the ac", commands: "climate.ac{action=on}"},
		{say: "yes", reply: "nothing to confirm"},
	})
}

// TestSessionAnswersTheCarsQuestion: when the car asks (the L3 button was
// pressed), a bare yes or no is the answer, for the car; anything else is
// an ordinary request, and with nothing asked a yes confirms nothing.
func TestSessionAnswersTheCarsQuestion(t *testing.T) {
	s := NewSession(mustDefault(t), SessionOptions{Zone: SeatDriver})
	for _, c := range []struct {
		say, intent string
	}{{"yes", IntentSystemConfirm}, {"好的", IntentSystemConfirm}, {"no", IntentSystemDeny}, {"不用了", IntentSystemDeny}, {"never mind", IntentSystemDeny}} {
		turn := s.Handle(c.say, Context{CarAsks: true})
		if len(turn.Commands) != 1 || turn.Commands[0].Intent != c.intent || turn.Reply != "" {
			t.Errorf("%q while the car asks: %+v", c.say, turn)
		}
	}
	if turn := s.Handle("turn on the ac", Context{CarAsks: true}); len(turn.Commands) != 1 || turn.Commands[0].Intent != IntentClimateAc {
		t.Errorf("a request while the car asks: %+v", turn)
	}
	if turn := s.Handle("yes", Context{}); len(turn.Commands) != 0 || !strings.Contains(turn.Reply, "nothing to confirm") {
		t.Errorf("yes with nothing asked: %+v", turn)
	}
}

func TestSessionUndoHelpAndLanguage(t *testing.T) {
	p := mustDefault(t)
	runConversation(t, NewSession(p, SessionOptions{Zone: SeatDriver}), []step{
		{say: "undo", reply: "nothing to undo"},
		{say: "turn on the ambient lights", commands: "cabin.lights{action=on,target=ambient}"},
		{say: "undo that", commands: "cabin.lights{action=off,target=ambient}", reply: "Undone"},
		{say: "what can I say", reply: "You can say"},
		{say: "切换到中文", commands: "system.language{lang=zh}"},
		{say: "turn on the ac", commands: "climate.ac{action=on}", reply: "好的"},
	})
}

func TestSessionSeeAndSay(t *testing.T) {
	p := mustDefault(t)
	s := NewSession(p, SessionOptions{Zone: SeatDriver})
	s.SetLabels([]Label{
		{Text: "Massage: Wave"},
		{Text: "Eco"},
		{Text: "Scenic route", Command: Command{Intent: "nav.route_pref", Slots: map[string]any{"prefer": "shortest"}}},
		{Text: "qwerty"}, // not a command: not sayable
	})
	if got := strings.Join(s.Sayable(), "|"); got != "Massage: Wave|Eco|Scenic route" {
		t.Errorf("Sayable = %s", got)
	}
	runConversation(t, s, []step{
		{say: "massage wave", commands: "seat.massage{mode=wave,seat=driver}"},
		{say: "press eco", commands: "vehicle.drive_mode{mode=eco}"},
		{say: "Scenic route", commands: "nav.route_pref{prefer=shortest}"},
	})
}

func TestSessionResolvesPlaces(t *testing.T) {
	p := mustDefault(t)
	s := NewSession(p, SessionOptions{Zone: SeatDriver, Places: testPlaces})
	turn := s.Handle("导航去回龙官", Context{})
	if len(turn.Commands) != 1 || turn.Commands[0].Slots["place_id"] != "hlg" {
		t.Fatalf("homophone place: %+v", turn)
	}
	turn = s.Handle("take me to daxing airport", Context{})
	if len(turn.Commands) != 1 || turn.Commands[0].Slots["place_id"] != "pkx" || !strings.Contains(turn.Reply, "Beijing Daxing") {
		t.Fatalf("partial place name: %+v", turn)
	}
	turn = s.Handle("navigate to the moon base", Context{})
	if len(turn.Commands) != 1 || turn.Commands[0].Slots["place_id"] != nil {
		t.Fatalf("unknown place must pass through unresolved: %+v", turn)
	}
}

func TestDescribe(t *testing.T) {
	p := mustDefault(t)
	for _, c := range []struct {
		cmd    Command
		en, zh string
	}{
		{Command{"seat.heat", map[string]any{"seat": "driver", "action": "on", "level": 2}}, "driver seat heating on level 2", "打开主驾座椅加热，2档"},
		{Command{"assist.engage", map[string]any{}}, "driver assistance on", "开启智驾"},
		{Command{"assist.engage", map[string]any{"mode": "l3"}}, "L3 automated driving on", "开启L3自动驾驶"},
		{Command{"climate.temp", map[string]any{"value": 22.5}}, "temperature 22.5°C", "调节温度到22.5度"},
	} {
		if got := p.describe("en", c.cmd); got != c.en {
			t.Errorf("describe en %v = %q, want %q", c.cmd, got, c.en)
		}
		if got := p.describe("zh", c.cmd); got != c.zh {
			t.Errorf("describe zh %v = %q, want %q", c.cmd, got, c.zh)
		}
	}
}

// A voice layer that confirms each command after the car acted needs the
// session's question apart from its confirmation, and one confirmation per
// command in the utterance's language.
func TestPromptIsTheReplyWithoutTheConfirmation(t *testing.T) {
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(p, SessionOptions{Zone: SeatDriver, NeedsConfirm: carRule})
	turn := s.Handle("打开空调，温度调到22度，然后播放周杰伦的歌", Context{})
	if len(turn.Commands) != 3 || turn.Prompt != "" {
		t.Fatalf("commands %s, prompt %q", cmds(turn.Commands), turn.Prompt)
	}
	done := s.Done(turn.Lang, turn.Commands...)
	want := []string{"好的，已打开主驾空调，调节主驾温度到22度。", "正在播放周杰伦。"}
	if strings.Join(done, "|") != strings.Join(want, "|") {
		t.Errorf("done %q, want %q", done, want)
	}
	turn = s.Handle("open the window", Context{SpeedKmh: 100})
	if turn.Awaiting != AwaitConfirm || turn.Prompt != turn.Reply || !strings.Contains(turn.Prompt, "are you sure") {
		t.Errorf("a question: prompt %q, reply %q", turn.Prompt, turn.Reply)
	}
	turn = s.Handle("no", Context{})
	if turn.Prompt != "Cancelled." {
		t.Errorf("a denial: prompt %q", turn.Prompt)
	}
}
