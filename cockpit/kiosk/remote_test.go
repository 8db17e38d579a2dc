package kiosk

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
)

// remote is a kiosk as cockpit serve gives it to an SSH visitor.
func remote(t *testing.T, w, h int, edit func(*Options)) (*Model, *leaderboard.Board) {
	t.Helper()
	return newKiosk(t, w, h, func(o *Options) {
		o.Remote, o.Playlist, o.Name = true, nil, "ann"
		if edit != nil {
			edit(o)
		}
	})
}

// quits presses the key as the program would and reports whether it ends
// the program: the Cmds it returns run, and what they deliver (a
// cockpit's own quit, wrapped) goes back to Update; ticks are dropped, as
// time passes only by Tick here.
func quits(m *Model, name string) bool {
	k, err := cockpit.ParseKey(name)
	if err != nil {
		panic(err)
	}
	_, cmd := m.Update(k)
	return deliver(m, cmd)
}

func deliver(m *Model, cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		q := false
		for _, c := range msg {
			q = deliver(m, c) || q
		}
		return q
	case cockpitQuitMsg:
		_, next := m.Update(msg)
		return deliver(m, next)
	}
	return false
}

func TestRemoteVisitorStartsAtTheMenuAndComesBack(t *testing.T) {
	m, _ := remote(t, 100, 30, nil)
	out := plain(m)
	if m.mode != modeMenu || !strings.Contains(out, "Welcome! Take the wheel") || !strings.Contains(out, "ctrl+c leave") {
		t.Fatalf("an SSH visitor starts at the visitor menu, told how to leave:\n%s", out)
	}
	if strings.Contains(out, "Press any key") {
		t.Error("no attract loop over SSH")
	}
	press(m, "enter") // English
	press(m, "enter") // the first car
	if !strings.Contains(plain(m), "ann") {
		t.Errorf("the name step is prefilled with the SSH user's name:\n%s", plain(m))
	}
	press(m, "enter")
	if c := m.menu.Choice(); c.Name != "ann" {
		t.Errorf("the visitor's name: %q", c.Name)
	}
	press(m, "enter") // drive freely
	if m.mode != modeDrive || m.cur == nil {
		t.Fatalf("the drive opens: mode %d", m.mode)
	}
	if !strings.Contains(plain(m), "Daxing") {
		t.Errorf("the default drive shows:\n%s", plain(m))
	}
	if out := plain(m); !strings.Contains(out, "q menu") || strings.Contains(out, "q quit") {
		t.Errorf("the footer says q goes back to the menu, as it does:\n%s", out)
	}
	// the presenter's sequence is the server's presenter's, not the visitor's
	press(m, "ctrl+]")
	if strings.Contains(plain(m), "Presenter:") || quits(m, "q") || m.Leaving() {
		t.Fatal("over SSH ctrl+] is no presenter sequence: the q after it is the visitor's")
	}
	// q left the drive (the cockpit quit, routed back as the menu)
	if m.mode != modeMenu || m.menu.Step() != 3 {
		t.Fatalf("q in the drive goes back to the menu's last step: mode %d step %d", m.mode, m.menu.Step())
	}
	press(m, "enter")
	if m.mode != modeDrive {
		t.Fatal("drive again")
	}
	// no idle countdown over SSH: the server's idle limit ends the connection
	tickFor(m, 2*DefaultIdle+Countdown)
	if m.counting() || m.mode != modeDrive || strings.Contains(plain(m), "Back to the demo") {
		t.Fatalf("an SSH visitor's drive has no countdown back to a demo:\n%s", plain(m))
	}
	if quits(m, "ctrl+c") || m.mode != modeMenu {
		t.Fatalf("ctrl+c in a drive goes back to the menu, not out: mode %d", m.mode)
	}
	if quits(m, "ctrl+s") {
		t.Fatal("ctrl+s (the capture) is inert")
	}
	if !quits(m, "ctrl+c") || !m.Leaving() {
		t.Fatal("ctrl+c in the menu ends the visitor's program")
	}
}

func TestRemoteVisitorSpeaksTheirLanguage(t *testing.T) {
	m, _ := remote(t, 100, 30, func(o *Options) { o.Lang = "zh" })
	if m.Lang() != "zh" || !strings.Contains(plain(m), "欢迎") {
		t.Fatalf("LANG=zh_CN opens the menu in Chinese:\n%s", plain(m))
	}
	press(m, "up") // English after all
	if m.Lang() != "en" {
		t.Errorf("the goodbye follows the menu's language: %s", m.Lang())
	}
}

// TestRemoteDrillPostsAndTheMenuShowsTheBoard: an SSH visitor's drill goes
// on the board, which the menu shows at every size: beside the card on a
// wide screen, below it on a tall one, as one line at 80x24.
func TestRemoteDrillPostsAndTheMenuShowsTheBoard(t *testing.T) {
	m, board := remote(t, 160, 40, nil)
	if out := plain(m); !strings.Contains(out, "Leaderboard") || !strings.Contains(out, "No scores yet") {
		t.Errorf("the empty board beside the menu:\n%s", out)
	}
	press(m, "enter")
	press(m, "enter")
	press(m, "enter") // ann
	openDrill1(t, m)
	for i := 0; i < ticks(10*time.Minute) && m.mode == modeDrive; i++ {
		m.Tick()
	}
	if m.mode != modeResult || !strings.Contains(plain(m), "ann, your score:") {
		t.Fatalf("the drill's result:\n%s", plain(m))
	}
	if top := board.Top(0, ""); len(top) != 1 || top[0].Name != "ann" {
		t.Fatalf("the board: %+v", top)
	}
	// the score is explained, as cockpit drill's debrief explains it: ann
	// did nothing, so the tip and the breakdown say what it cost
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		out := plain(m)
		for _, want := range []string{"Tip:", "Breakdown", "Press enter for the menu."} {
			if !strings.Contains(out, want) {
				t.Errorf("at %dx%d the result lacks %q:\n%s", size[0], size[1], want, out)
			}
		}
		checkFits(t, out, size[0], size[1])
	}
	press(m, "enter")
	row := func(out string) bool {
		for _, l := range strings.Split(out, "\n") {
			// whole: a short entry is never cut
			if strings.Contains(l, "ann") && strings.Contains(l, "planned exit") && !strings.Contains(l, "…") {
				return true
			}
		}
		return false
	}
	for _, size := range [][2]int{{160, 40}, {100, 40}, {80, 24}} {
		m.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		out := plain(m)
		if !row(out) {
			t.Errorf("at %dx%d the menu does not show ann's drill:\n%s", size[0], size[1], out)
		}
		checkFits(t, out, size[0], size[1])
	}
}

// TestBoardShowsScoresOfAnotherProcess: cockpit serve and the kiosk are
// two processes on one file; the kiosk's board shows a score posted by
// the other within a few seconds.
func TestBoardShowsScoresOfAnotherProcess(t *testing.T) {
	m, board := remote(t, 160, 40, nil)
	other, _, err := leaderboard.Open(board.Path())
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(other.Path()) != filepath.Dir(board.Path()) {
		t.Fatal("one file")
	}
	if _, _, err := other.Add(leaderboard.Entry{Name: "Wang Fang", Car: "Xiaomi SU7", Drill: m.o.Drills[0].ID, Score: 88}); err != nil {
		t.Fatal(err)
	}
	tickFor(m, boardRefresh+time.Second)
	if out := plain(m); !strings.Contains(out, "Wang Fang") {
		t.Errorf("another process's score is not on the menu's board after %s:\n%s", boardRefresh, out)
	}
}

// TestTheBestScoreLineIsWhole: at 80x24 the board is one line under the
// menu; in either language a short entry is shown whole, not cut.
func TestTheBestScoreLineIsWhole(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		m, board := remote(t, 80, 24, func(o *Options) { o.Lang = lang })
		if _, _, err := board.Add(leaderboard.Entry{Name: "ann", Car: "Xiaomi SU7", Drill: m.o.Drills[0].ID, Score: 5}); err != nil {
			t.Fatal(err)
		}
		press(m, "enter")
		press(m, "enter")
		press(m, "enter")
		out := plain(m)
		found := false
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "ann 5") {
				found = true
				if strings.Contains(l, "…") {
					t.Errorf("%s: the best score is cut: %q", lang, l)
				}
			}
		}
		if !found {
			t.Errorf("%s: no best score under the menu:\n%s", lang, out)
		}
		checkFits(t, out, 80, 24)
	}
}

// TestTheKiosksClockDoesNotRedrawTheCockpit: the kiosk's clock ticks
// beside the cockpit's; a tick of its own that changes nothing on the
// screen hands out the frame already drawn (the same string), so a
// session costs one cockpit view a tick, not two. A tick that starts
// the idle countdown draws it.
func TestTheKiosksClockDoesNotRedrawTheCockpit(t *testing.T) {
	m, _ := newKiosk(t, 120, 40, nil)
	press(m, "space", "enter", "enter", "enter", "enter") // a visitor, then drive freely
	if m.mode != modeDrive {
		t.Fatalf("mode %d", m.mode)
	}
	m.Tick()
	first := m.View().Content
	m.Update(tickMsg{})
	again := m.View().Content
	if unsafe.StringData(first) != unsafe.StringData(again) {
		t.Error("the kiosk's own tick drew the cockpit again")
	}
	m.Update(innerMsg{m.gen, m.cur.ClockTick()})
	if next := m.View().Content; unsafe.StringData(next) == unsafe.StringData(first) {
		t.Error("the cockpit's tick did not draw a new frame")
	}
	for i := 0; i < ticks(DefaultIdle) && !m.counting(); i++ {
		m.Update(tickMsg{})
		m.View()
	}
	if !m.counting() || !strings.Contains(plain(m), "Back to the demo") {
		t.Fatalf("the countdown that a tick of the kiosk's starts is drawn:\n%s", plain(m))
	}
}
