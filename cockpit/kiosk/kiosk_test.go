package kiosk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
)

func TestAttractShowsCaptionAndPrompt(t *testing.T) {
	m, _ := newKiosk(t, 120, 40, nil)
	if m.mode != modeAttract {
		t.Fatal("the kiosk opens on its attract loop")
	}
	out := plain(m)
	if !strings.Contains(out, "Press any key to drive · 按任意键开始驾驶") {
		t.Errorf("no prompt:\n%s", out)
	}
	if !strings.Contains(out, m.o.Playlist.Scenes[0].Intro.EN) {
		t.Errorf("no intro caption:\n%s", out)
	}
	// the first scene is the fog drill: its takeover request is captioned
	seen := false
	for i := 0; i < ticks(60*time.Second) && m.scene == 0; i++ {
		m.Tick()
		if strings.Contains(plain(m), "Fog ahead: the car asks the driver to take over") {
			seen = true
			break
		}
	}
	if !seen {
		t.Errorf("the takeover request was never captioned; last frame:\n%s", plain(m))
	}
}

func TestVisitorIdleResetToAttract(t *testing.T) {
	m, _ := newKiosk(t, 80, 24, func(o *Options) { o.Idle = 20 * time.Second })
	tickFor(m, 2*time.Second)
	press(m, "x")
	if m.mode != modeMenu || !strings.Contains(plain(m), "Welcome! Take the wheel") {
		t.Fatalf("any key opens the visitor menu:\n%s", plain(m))
	}
	press(m, "down") // 中文
	press(m, "enter")
	press(m, "enter") // the first car
	typeText(m, "Ann\x1b[2J")
	press(m, "enter")
	press(m, "enter") // drive freely
	if m.mode != modeDrive || m.cur == nil || m.cur.Lang() != "zh" {
		t.Fatalf("the visitor drives in Chinese: mode %d", m.mode)
	}
	if m.choice.Name != "Ann[2J" {
		t.Errorf("the name is sanitised: %q", m.choice.Name)
	}
	visitorCockpit := m.cur
	press(m, "q")
	press(m, "ctrl+c")
	press(m, "esc")
	if m.Quitting() || m.cur != visitorCockpit || m.cur.Quitting() {
		t.Fatal("q, ctrl+c and esc must not quit the kiosk or the visitor's drive")
	}
	start := m.cur.State().Time
	tickFor(m, 19*time.Second)
	if m.counting() || m.cur.State().Time <= start {
		t.Fatal("before the idle time: no countdown, and the drive goes on")
	}
	tickFor(m, 2*time.Second)
	out := plain(m)
	if !m.counting() || !strings.Contains(out, "没人了吗？") || !strings.Contains(out, "秒后回到演示") {
		t.Fatalf("after the idle time a countdown in the visitor's language:\n%s", out)
	}
	press(m, "a") // someone is there after all
	if m.counting() || m.mode != modeDrive {
		t.Fatal("a key during the countdown keeps the visitor's session")
	}
	tickFor(m, 20*time.Second+Countdown+time.Second)
	if m.mode != modeAttract || m.cur == visitorCockpit {
		t.Fatalf("after the countdown the attract loop plays again: mode %d", m.mode)
	}
	if st := m.Stats(); st.Resets != 1 || st.Visitors != 1 {
		t.Errorf("stats %+v", st)
	}
	// the next visitor starts from nothing
	press(m, "x")
	if c := m.menu.Choice(); c.Lang != "en" || c.Name != "visitor" || m.menu.Step() != 0 {
		t.Errorf("the menu kept the last visitor's choices: %+v", c)
	}
}

func TestPresenterSequence(t *testing.T) {
	m, _ := newKiosk(t, 80, 24, nil)
	press(m, "q")
	if m.Quitting() {
		t.Fatal("q quits nothing in the attract loop (it opens the menu)")
	}
	press(m, "ctrl+]")
	if !strings.Contains(plain(m), "Presenter:") {
		t.Errorf("the presenter's line shows:\n%s", plain(m))
	}
	press(m, "+")
	if m.idle != DefaultIdle+idleStep {
		t.Errorf("idle %v", m.idle)
	}
	press(m, "ctrl+]")
	two, _ := cockpit.ParseKey("2")
	if _, cmd := m.Update(two); cmd == nil {
		t.Error("a scene opened by the presenter must be started: its clock's Cmd is returned")
	}
	if m.mode != modeAttract || m.scene != 1 {
		t.Errorf("ctrl+] 2 jumps to scene 2: mode %d scene %d", m.mode, m.scene)
	}
	press(m, "ctrl+]")
	press(m, "l")
	if m.lang != "zh" || !strings.Contains(plain(m), "按任意键开始驾驶") {
		t.Error("ctrl+] l switches the language")
	}
	press(m, "ctrl+]")
	tickFor(m, presenterWindow+time.Second)
	press(m, "q")
	if m.Quitting() {
		t.Fatal("the sequence expires: a late q is a visitor's key")
	}
	press(m, "ctrl+]")
	press(m, "q")
	if !m.Quitting() {
		t.Fatal("ctrl+] q quits")
	}
}

func TestDrillPostsToLeaderboard(t *testing.T) {
	m, board := newKiosk(t, 120, 40, nil)
	press(m, "space")
	press(m, "enter")
	press(m, "enter")
	typeText(m, "Li Lei")
	press(m, "enter")
	openDrill1(t, m)
	for i := 0; i < ticks(10*time.Minute) && m.mode == modeDrive; i++ {
		m.Tick()
		if i%50 == 0 {
			press(m, "s") // keep the idle timer reset, as a visitor at the wheel does
		}
	}
	if m.mode != modeResult {
		t.Fatalf("the drill never finished: mode %d\n%s", m.mode, plain(m))
	}
	top := board.Top(0, "")
	if len(top) != 1 || top[0].Name != "Li Lei" || top[0].Drill != m.o.Drills[0].ID || top[0].Car == "" {
		t.Fatalf("board %+v", top)
	}
	out := plain(m)
	if !strings.Contains(out, "Li Lei, your score:") || !strings.Contains(out, "Number 1 on the board") {
		t.Errorf("the result screen:\n%s", out)
	}
	press(m, "enter")
	if m.mode != modeMenu || m.menu.Step() != 3 {
		t.Errorf("enter after a drill: the menu's last step, mode %d", m.mode)
	}
	// the board shows between loops
	press(m, "ctrl+]")
	press(m, "a")
	for i := 0; i < ticks(10*time.Minute) && m.mode != modeBoard; i++ {
		m.Tick()
	}
	if out := plain(m); !strings.Contains(out, "Leaderboard") || !strings.Contains(out, "Li Lei") {
		t.Errorf("the board between loops:\n%s", out)
	}
}

func TestMovedBoardIsToldOnScreen(t *testing.T) {
	m, _ := newKiosk(t, 120, 40, func(o *Options) {
		o.Moved = &leaderboard.Moved{To: "/x/leaderboard.json.corrupt-1", Err: errors.New("bad")}
	})
	if out := plain(m); !strings.Contains(out, "leaderboard.json.corrupt-1") {
		t.Errorf("the moved board is not told:\n%s", out)
	}
}
