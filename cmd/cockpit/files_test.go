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

// TestNumericFlagsRefuseNaNInfAndOutOfRange: every numeric flag refuses
// NaN, ±Inf and values outside its range with exit 2, naming the flag and
// the range (parse --speed NaN used to be taken, and every safety check
// against it passed).
func TestNumericFlagsRefuseNaNInfAndOutOfRange(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "drive.cockpit-rec")
	if code, _, errOut := runCLI(t, "run", "airport-run", "--quiet", "--record", rec); code != exitOK {
		t.Fatalf("making a recording: exit %d: %s", code, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"parse", "--session", "--speed", "NaN", "open the window"}, "flag -speed: expected a number from 0 to 400 km/h, got NaN"},
		{[]string{"parse", "--session", "--speed", "+Inf", "open the window"}, "from 0 to 400 km/h, got +Inf"},
		{[]string{"parse", "--session", "--speed", "-Inf", "open the window"}, "from 0 to 400 km/h, got -Inf"},
		{[]string{"parse", "--session", "--speed", "-5", "open the window"}, "from 0 to 400 km/h, got -5"},
		{[]string{"parse", "--session", "--speed", "1e308", "open the window"}, "from 0 to 400 km/h, got 1e+308"},
		{[]string{"parse", "--session", "--speed", "fast", "open the window"}, `from 0 to 400 km/h, got "fast"`},
		{[]string{"run", "airport-run", "--realtime", "--speed", "NaN"}, `flag -speed: expected a whole number from 1 to 100, got "NaN"`},
		{[]string{"run", "airport-run", "--realtime", "--speed", "101"}, "flag -speed: expected a number from 1 to 100, got 101"},
		// the flag package said only "parse error" for a seed below 0
		{[]string{"run", "airport-run", "--seed", "-1"}, `flag -seed: expected a whole number from 0 to 18446744073709551615, got "-1"`},
		{[]string{"--seed", "1.5"}, `flag -seed: expected a whole number from 0 to 18446744073709551615, got "1.5"`},
		{[]string{"run", "airport-run", "--signals", "Vehicle.Speed", "--every", "0s"}, "--every: expected a duration from 50ms"},
		{[]string{"replay", rec, "--at", "1:NaN"}, `--at: "1:NaN" is not a drive time`},
		{[]string{"replay", rec, "--at", "1:+Inf"}, `--at: "1:+Inf" is not a drive time`},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	// In range is still taken.
	if code, _, errOut := runCLI(t, "parse", "--session", "--speed", "120", "open the window"); code != exitOK {
		t.Errorf("--speed 120: exit %d: %s", code, errOut)
	}
}

// TestDrillRefusesAMeaninglessRecord: a progress.json with best -50 and
// last 1e308 is kept aside and a fresh record started, and the user is
// told which file and field, rather than shown an unbeatable best.
func TestDrillRefusesAMeaninglessRecord(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	path := filepath.Join(dir, "cockpit", "progress.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	bad := `{"version": 1, "drills": {"02-phone-task": {"attempts": 3, "best": -50, "last": 1e308, "scores": [1]}}}`
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "drill", "--status", "--lang", "en")
	if code != exitOK || !strings.Contains(errOut, path+": drills.02-phone-task.best: -50 is out of range (0 to 100)") ||
		!strings.Contains(errOut, "kept as "+path+".corrupt-1") {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if strings.Contains(out, "-50") || strings.Contains(out, "e+308") {
		t.Errorf("the refused scores are shown:\n%s", out)
	}
	if b, _ := os.ReadFile(path + ".corrupt-1"); string(b) != bad {
		t.Errorf("the refused record was not kept: %q", b)
	}
}
