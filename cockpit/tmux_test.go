package cockpit

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildBinary builds cmd/cockpit once per test run (the machine is shared:
// one build, not one per test).
func buildBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "cockpit-bin-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "cockpit")
		cmd := exec.Command("go", "build", "-o", binPath, "../cmd/cockpit")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// TestBinaryRejectsBadFlags: mistakes in flags exit 2 with a message,
// before any terminal is needed.
func TestBinaryRejectsBadFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--lang", "fr"}, "--lang: expected en or zh"},
		{[]string{"--audio", "loud"}, "--audio: expected auto, off or alsa"},
		{[]string{"--nonsense"}, "flag provided but not defined"},
		{[]string{"--lang", "en", "extra"}, "unexpected argument"},
	} {
		out, err := exec.Command(bin, tc.args...).CombinedOutput()
		code := -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != 2 || !strings.Contains(string(out), tc.want) {
			t.Errorf("%v: exit %d, output %q; want 2 and %q", tc.args, code, out, tc.want)
		}
	}
}

// TestBinaryWithoutTerminal: with stdout not a terminal (CI, a pipe) the
// cockpit must not hang: it explains and exits 2.
func TestBinaryWithoutTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	cmd := exec.Command(bin, "--lang", "en")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if code := cmd.ProcessState.ExitCode(); code != 2 {
			t.Errorf("exit %d (%v), want 2", code, err)
		}
		if !strings.Contains(out.String(), "not a terminal") {
			t.Errorf("message missing:\n%s", out.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the cockpit hung without a terminal")
	}
}

// TestBinaryInTmux runs the real binary in a detached tmux session, types
// a voice command and reads the screen. Skipped where tmux is absent.
func TestBinaryInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a real terminal")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	bin := buildBinary(t)
	sock := filepath.Join(t.TempDir(), "tmux.sock") // a private server: never touch the user's sessions
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	state := t.TempDir() // the session's recording goes to the history here
	run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", "env", "LANG=C.UTF-8", "TERM=xterm-256color",
		"XDG_STATE_HOME="+state, bin, "--lang", "en", "--theme", "night")
	defer exec.Command(tmux, "-S", sock, "kill-server").Run()
	screen := func() string { return run("capture-pane", "-t", "t", "-p") }
	waitScreen := func(text string) string {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			s := screen()
			if strings.Contains(s, text) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %q:\n%s", text, s)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitScreen("Demo drive")
	run("send-keys", "-t", "t", "Enter")
	run("send-keys", "-t", "t", "-l", "how far can I drive")
	run("send-keys", "-t", "t", "Enter")
	s := waitScreen("km of range left")
	if !strings.Contains(s, "You › how far can I drive") {
		t.Errorf("transcript missing the utterance:\n%s", s)
	}
	run("send-keys", "-t", "t", "Escape")
	// tmux reads Esc followed quickly by a key as alt+key (escape-time).
	time.Sleep(700 * time.Millisecond)
	run("send-keys", "-t", "t", "l")
	waitScreen("演示驾驶中")
	run("send-keys", "-t", "t", "q")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if err := exec.Command(tmux, "-S", sock, "has-session", "-t", "t").Run(); err != nil {
			checkKeptSessionReplays(t, bin, state)
			return // the program quit and the session closed
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("q did not quit:\n%s", screen())
}

// checkKeptSessionReplays: the drive just quit is in the history, and it
// replays, headlessly, to the events it logged, the utterance among them.
func checkKeptSessionReplays(t *testing.T, bin, state string) {
	t.Helper()
	kept, _ := filepath.Glob(filepath.Join(state, "cockpit", "recordings", "*-drive.cockpit-rec"))
	if len(kept) != 1 {
		t.Fatalf("the history holds %v, want the one drive", kept)
	}
	out, err := exec.Command(bin, "replay", kept[0], "--json").CombinedOutput()
	if err != nil {
		t.Fatalf("cockpit replay: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"voice.said","subject":"how far can I drive"`) {
		t.Errorf("the replay lacks the utterance:\n%.2000s", out)
	}
}
