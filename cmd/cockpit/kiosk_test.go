package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitScreenFor is waitScreen with its own deadline (the idle countdown
// takes longer than waitScreen waits).
func (s *tmuxSession) waitScreenFor(text string, d time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(d)
	for {
		scr := s.run("capture-pane", "-t", "t", "-p")
		if strings.Contains(scr, text) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q:\n%s", text, scr)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestKioskFlowInTmux: the real binary in a real terminal: the attract
// loop, ctrl+c inert, any key → the visitor menu → a drive, q and ctrl+c
// inert, the idle countdown, back to the attract loop, and the presenter
// sequence jumps to a scene that plays, and quits with status 0.
func TestKioskFlowInTmux(t *testing.T) {
	bin := buildCockpit(t)
	dir := t.TempDir()
	codeFile := filepath.Join(dir, "code")
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	shell := fmt.Sprintf("env LANG=C.UTF-8 TERM=xterm-256color XDG_DATA_HOME=%s %s kiosk --lang en --idle 15 2>%s/stderr; echo $? >%s.part; mv %s.part %s; sleep 5",
		dir, bin, dir, codeFile, codeFile, codeFile)
	s := newTmuxAt(t, sock, shell)
	s.waitScreen("Press any key to drive · 按任意键开始驾驶")
	s.run("send-keys", "-t", "t", "C-c")
	s.run("send-keys", "-t", "t", "x")
	s.waitScreen("Welcome! Take the wheel")
	s.run("send-keys", "-t", "t", "Enter", "Enter")
	s.run("send-keys", "-t", "t", "-l", "Tmux")
	s.run("send-keys", "-t", "t", "Enter", "Enter")
	s.waitScreen("Demo drive")
	s.run("send-keys", "-t", "t", "q")
	s.run("send-keys", "-t", "t", "C-c")
	s.waitScreenFor("No one there? Back to the demo in", 30*time.Second)
	s.waitScreenFor("Press any key to drive", 20*time.Second)
	// a scene opened later runs its own clock too: its captions follow
	// its events (the expressway's L3 offer comes 24 s of drive time in)
	s.run("send-keys", "-t", "t", "C-]", "2")
	s.waitScreen("The expressway allows L3: the car offers to drive")
	s.run("send-keys", "-t", "t", "C-]", "q")
	if code := waitFile(t, codeFile); code != "0" {
		t.Errorf("exit %s after the presenter's ctrl+] q", code)
	}
}
