//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/theme"
)

// runSoon is runCLI that fails the test at once if the command blocks (the
// timeout only makes a hang fail fast; it measures nothing).
func runSoon(t *testing.T, args ...string) (code int, stderr string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, _, errOut := runCLI(t, args...)
		done <- result{code, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(20 * time.Second):
		t.Fatalf("cockpit %s blocked", strings.Join(args, " "))
		return 0, ""
	}
}

// TestRunAndReplayRefuseANamedPipeAtOnce: a FIFO given as the scenario or
// the recording blocked the command for ever (opening it waits for a
// writer); now it is invalid input, exit 2, saying what it is.
func TestRunAndReplayRefuseANamedPipeAtOnce(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "f.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", fifo}, fifo + ": is a named pipe, not a regular file"},
		{[]string{"run", "/dev/null"}, "/dev/null: is a device, not a regular file"},
		{[]string{"replay", fifo}, fifo + ": not a regular file"},
	} {
		code, errOut := runSoon(t, c.args...)
		if code != exitInvalid || !strings.Contains(errOut, c.want) {
			t.Errorf("cockpit %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
}

// TestRunRefusesAPathologicalFileWithItsPositionAndLimit: a file the YAML
// library would spend seconds and gigabytes on (30,000 sibling keys,
// 0.3 MB: 4.5 s and 190 MB before) is refused as invalid input, at the key
// past the limit.
func TestRunRefusesAPathologicalFileWithItsPositionAndLimit(t *testing.T) {
	var b strings.Builder
	for i := range 30_000 {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	bad := filepath.Join(t.TempDir(), "keys.yaml")
	if err := os.WriteFile(bad, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, errOut := runSoon(t, "run", bad)
	want := bad + ":2001:1: more than 2000 keys in one mapping (the limit for every data file"
	if code != exitInvalid || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, want)
	}
}

// TestAnAssetFolderWithANamedPipeIsRefusedAtOnce: with --assets DIR every
// file the cockpit reads from DIR is a regular file or refused, never
// waited on: the screen's texts (read by run, for the timeline) and the
// themes (read by the cockpit's screen).
func TestAnAssetFolderWithANamedPipeIsRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.FS()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"ui/en.yaml", "themes/day.yaml"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, errOut := runSoon(t, "run", "commute", "--quiet", "--assets", dir)
	if want := "ui/en.yaml: is a named pipe, not a regular file"; code != exitInvalid || !strings.Contains(errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, want)
	}
	done := make(chan error, 1)
	go func() {
		_, err := theme.LoadAll(os.DirFS(dir))
		done <- err
	}()
	select {
	case err := <-done:
		if want := "themes/day.yaml: is a named pipe, not a regular file"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("themes: got %v, want %q", err, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("loading the themes blocked")
	}
}

// TestAStrayNamedPipeInTheAssetsDoesNotBlockARecording: the recording's
// version hashes every asset file, loaded or not; a FIFO among them (a
// notes pipe no loader reads) blocked the drive at its start.
func TestAStrayNamedPipeInTheAssetsDoesNotBlockARecording(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, assets.FS()); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "vehicles", "notes.txt"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "drive.jsonl")
	code, errOut := runSoon(t, "run", "commute", "--quiet", "--assets", dir, "--record", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no recording: %v", err)
	}
}
