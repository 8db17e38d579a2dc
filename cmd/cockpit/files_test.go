package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// specialTargets are paths an output flag must refuse, each with the
// words the refusal must use: a device, a FIFO, a folder, a link to a
// folder, a missing folder and a folder no one can write in.
func specialTargets(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{
		fifo:                                  "a FIFO, not a regular file",
		dir:                                   "a folder, not a regular file",
		link:                                  "a symbolic link",
		filepath.Join(dir, "no", "such", "f"): "does not exist",
		"/proc/cockpit-test.out":              "cannot write in the folder /proc",
	}
	if fi, err := os.Stat("/dev/full"); err == nil && !fi.Mode().IsRegular() {
		targets["/dev/full"] = "a device, not a regular file"
	}
	return targets
}

// TestEveryOutputFlagIsCheckedAtStart: --audio-out, --record and
// --signals-out of every command refuse, before anything runs (and before
// the terminal check), a target that is not a regular file or cannot be
// written, with exit 2 and a message naming the flag and the path; what
// was there is untouched. --audio-out /dev/full used to be replaced by a
// WAV file at quit.
func TestEveryOutputFlagIsCheckedAtStart(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	rec := filepath.Join(t.TempDir(), "drive.cockpit-rec")
	if code, _, errOut := runCLI(t, "run", "airport-run", "--quiet", "--record", rec); code != exitOK {
		t.Fatalf("making a recording: exit %d: %s", code, errOut)
	}
	commands := map[string][]string{
		"cockpit --audio-out":     {"--lang", "en", "--audio", "off", "--audio-out"},
		"cockpit --record":        {"--lang", "en", "--audio", "off", "--record"},
		"drill --audio-out":       {"drill", "--lang", "en", "--audio-out"},
		"drill --record":          {"drill", "--lang", "en", "--record"},
		"replay --audio-out":      {"replay", rec, "--lang", "en", "--audio-out"},
		"replay --record":         {"replay", rec, "--lang", "en", "--record"},
		"run --record":            {"run", "airport-run", "--quiet", "--record"},
		"run --signals-out":       {"run", "airport-run", "--quiet", "--signals", "Vehicle.Speed", "--signals-out"},
		"run --realtime --record": {"run", "airport-run", "--realtime", "--speed", "100", "--quiet", "--record"},
	}
	for name, args := range commands {
		flag := args[len(args)-1]
		for target, why := range specialTargets(t) {
			before, _ := os.Lstat(target)
			code, _, errOut := runCLI(t, append(append([]string(nil), args...), target, "--force")...)
			if code != exitInvalid || !strings.Contains(errOut, flag+" "+target) || !strings.Contains(errOut, why) {
				t.Errorf("%s %s: exit %d, stderr %q; want 2 naming %s %s: %s", name, target, code, errOut, flag, target, why)
			}
			if before != nil {
				if after, err := os.Lstat(target); err != nil || after.Mode().Type() != before.Mode().Type() {
					t.Errorf("%s %s: the target was replaced", name, target)
				}
			}
		}
	}
}

// TestTwoOutputFlagsCannotNameOneFile: the second write would replace the
// first, so it is refused at start.
func TestTwoOutputFlagsCannotNameOneFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "same")
	code, _, errOut := runCLI(t, "--lang", "en", "--record", out, "--audio-out", out)
	if code != exitInvalid || !strings.Contains(errOut, "--audio-out "+out+": --record names the same file") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestAudioOutNeedsForceOverAFile: like --record, --audio-out does not
// replace an existing file unless asked to.
func TestAudioOutNeedsForceOverAFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "mine.wav")
	if err := os.WriteFile(out, []byte("my sound"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "--lang", "en", "--audio-out", out)
	if code != exitInvalid || !strings.Contains(errOut, "--audio-out "+out+": the file exists; add --force") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "my sound" {
		t.Error("the file was changed")
	}
}
