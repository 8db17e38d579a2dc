package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// TestMain removes the binary the signal tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildCockpit builds this command once per test run: a signal must reach
// a real process, with its own signal handling and exit status.
func buildCockpit(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "cockpit-bin-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "cockpit")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
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

// noTempFiles fails when a temporary file of ours was left in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") || strings.Contains(e.Name(), ".tmp-") || strings.HasPrefix(e.Name(), ".cockpit-probe-") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
}

// TestRealtimeRunSavesOnEachStopSignal: cockpit run --realtime stopped by
// SIGTERM, SIGHUP or SIGINT writes its --record recording of the drive so
// far (one that replays), leaves no temporary file, says so on stderr and
// exits 128 + the signal's number. SIGHUP used to kill it with nothing
// saved; SIGTERM and SIGINT exited with the expectations' status.
func TestRealtimeRunSavesOnEachStopSignal(t *testing.T) {
	bin := buildCockpit(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{{syscall.SIGTERM, "SIGTERM", 143}, {syscall.SIGHUP, "SIGHUP", 129}, {syscall.SIGINT, "SIGINT", 130}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			rec := filepath.Join(dir, "drive.cockpit-rec")
			cmd := exec.Command(bin, "run", "airport-run", "--realtime", "--record", rec)
			cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
			var errb bytes.Buffer
			cmd.Stderr = &errb
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// The timeline's first line says the drive is under way.
			lines := bufio.NewScanner(out)
			if !lines.Scan() {
				t.Fatalf("no timeline: %s", errb.String())
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			for lines.Scan() {
			}
			_ = cmd.Wait()
			if got := cmd.ProcessState.ExitCode(); got != tc.code {
				t.Errorf("exit %d (%v), want %d; stderr:\n%s", got, cmd.ProcessState, tc.code, errb.String())
			}
			for _, want := range []string{"interrupted at", "by " + tc.name, fmt.Sprintf("stopped by %s; exit status %d", tc.name, tc.code)} {
				if !strings.Contains(errb.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errb.String())
				}
			}
			if b, err := exec.Command(bin, "replay", rec, "--json").CombinedOutput(); err != nil {
				t.Errorf("the recording of the drive so far does not replay: %v\n%.500s", err, b)
			}
			noTempFiles(t, dir)
		})
	}
}

// tmuxSession is a shell command in a private, detached tmux server (never
// the user's), with helpers to read its screen and find the process it
// runs.
type tmuxSession struct {
	t    *testing.T
	tmux string
	sock string
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command(s.tmux, append([]string{"-S", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) waitScreen(text string) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.run("capture-pane", "-t", "t", "-p")
		if strings.Contains(scr, text) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q:\n%s", text, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// child is the pid of the process the pane's shell runs (the cockpit).
func (s *tmuxSession) child() int {
	s.t.Helper()
	shell := strings.TrimSpace(s.run("display", "-p", "-t", "t", "#{pane_pid}"))
	b, err := os.ReadFile("/proc/" + shell + "/task/" + shell + "/children")
	if err != nil {
		s.t.Skip("no /proc children list:", err)
	}
	f := strings.Fields(string(b))
	if len(f) != 1 {
		s.t.Fatalf("the shell runs %q", b)
	}
	pid, _ := strconv.Atoi(f[0])
	return pid
}

// waitFile waits for a file the pane's shell writes when the cockpit has
// exited, and returns it.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never came", path)
	return ""
}

// TestCockpitSavesOnStopSignals: the full-screen cockpit, in a real
// terminal, stopped by SIGTERM or SIGHUP, saves its --record recording
// and its --audio-out WAV as quitting does, leaves no temporary file,
// leaves the terminal's alternate screen, says so on stderr and exits 143
// or 129. SIGHUP used to kill it with both lost and a .tmp left.
func TestCockpitSavesOnStopSignals(t *testing.T) {
	bin := buildCockpit(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
		code string
	}{{syscall.SIGTERM, "SIGTERM", "143"}, {syscall.SIGHUP, "SIGHUP", "129"}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			rec, wav := filepath.Join(dir, "drive.cockpit-rec"), filepath.Join(dir, "sound.wav")
			errFile, codeFile := filepath.Join(dir, "stderr"), filepath.Join(dir, "code")
			sock := filepath.Join(t.TempDir(), "tmux.sock")
			// After the cockpit exits, the shell records its status and
			// whether the terminal is still on the alternate screen.
			shell := fmt.Sprintf("env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=%s %s --lang en --audio off --record %s --audio-out %s 2>%s; "+
				"echo $? >%s.part; tmux -S %s display -p '#{alternate_on}' >%s.alt 2>&1; mv %s.part %s; sleep 5",
				dir, bin, rec, wav, errFile, codeFile, sock, codeFile, codeFile, codeFile)
			s := newTmuxAt(t, sock, shell)
			s.waitScreen("Demo drive")
			if err := syscall.Kill(s.child(), tc.sig); err != nil {
				t.Fatal(err)
			}
			code := waitFile(t, codeFile)
			stderr, _ := os.ReadFile(errFile)
			if code != tc.code {
				t.Errorf("exit %s, want %s; stderr:\n%s", code, tc.code, stderr)
			}
			want := fmt.Sprintf("cockpit: stopped by %s: what was in progress was saved as on quitting (--record %s, --audio-out %s); exit status %s", tc.name, rec, wav, tc.code)
			if !strings.Contains(string(stderr), want) {
				t.Errorf("stderr:\n%s\nwant %q", stderr, want)
			}
			if alt, _ := os.ReadFile(codeFile + ".alt"); strings.TrimSpace(string(alt)) != "0" {
				t.Errorf("the terminal was left on the alternate screen: %q", alt)
			}
			if b, err := exec.Command(bin, "replay", rec, "--json").CombinedOutput(); err != nil {
				t.Errorf("the recording does not replay: %v\n%.500s", err, b)
			}
			if b, err := os.ReadFile(wav); err != nil || !bytes.HasPrefix(b, []byte("RIFF")) {
				t.Errorf("no WAV file: %v", err)
			}
			noTempFiles(t, dir)
		})
	}
}

// newTmuxAt starts shell in a new tmux server at sock (the shell may talk
// to its own server through it).
func newTmuxAt(t *testing.T, sock, shell string) *tmuxSession {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	s := &tmuxSession{t: t, tmux: tmux, sock: sock}
	s.run("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", "sh", "-c", shell)
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", s.sock, "kill-server").Run() })
	return s
}

// TestDrillSaysWhatASignalCost: SIGTERM while the trainee drives a drill
// used to drop the attempt without a word. The drill has no score (it was
// not finished), and stderr says so by name; its recording is kept in the
// history; the exit status is 143.
func TestDrillSaysWhatASignalCost(t *testing.T) {
	bin := buildCockpit(t)
	dir := t.TempDir()
	errFile, codeFile := filepath.Join(dir, "stderr"), filepath.Join(dir, "code")
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	shell := fmt.Sprintf("env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=%s XDG_DATA_HOME=%s %s drill --lang en --audio off 2>%s; echo $? >%s.part; mv %s.part %s; sleep 5",
		dir, dir, bin, errFile, codeFile, codeFile, codeFile)
	s := newTmuxAt(t, sock, shell)
	s.waitScreen("Handover drills")
	s.run("send-keys", "-t", "t", "Enter")
	s.waitScreen("you drive")
	if err := syscall.Kill(s.child(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := waitFile(t, codeFile)
	stderr, _ := os.ReadFile(errFile)
	if code != "143" {
		t.Errorf("exit %s, want 143; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{`"Drill 1: planned exit" was left before its end, so it has no score`, "cockpit drill: stopped by SIGTERM", "exit status 143"} {
		if !strings.Contains(string(stderr), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "cockpit", "recordings", "*drill*"+recordingExt))
	if len(kept) != 1 {
		t.Errorf("the history holds %v, want the interrupted attempt", kept)
	}
}

// TestHelpDocumentsTheSignalExitStatuses: each command that runs a session
// says in its --help what each stop signal exits with.
func TestHelpDocumentsTheSignalExitStatuses(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"drill", "--help"}, {"replay", "--help"}, {"help"}} {
		_, out, errOut := runCLI(t, args...)
		help := out + errOut
		for _, want := range []string{"130", "143", "129"} {
			if !strings.Contains(help, want) {
				t.Errorf("%v: the help does not give the exit status %s:\n%s", args, want, help)
			}
		}
	}
}
