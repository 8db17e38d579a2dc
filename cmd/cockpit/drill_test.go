package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nevsim/cockpit/cockpit/progress"
	"github.com/nevsim/cockpit/cockpit/widget"
)

func runDrillCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runDrill(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestDrillStatusListsTheCurriculum: --status needs no terminal and lists
// the eight drills in order with the record (empty here).
func TestDrillStatusListsTheCurriculum(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	code, out, errOut := runDrillCLI(t, "--status")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 9 || !strings.HasPrefix(lines[0], "Drill 1") || !strings.HasPrefix(lines[7], "Drill 8") {
		t.Fatalf("curriculum:\n%s", out)
	}
	if !strings.Contains(lines[0], "not tried") {
		t.Errorf("fresh record: %s", lines[0])
	}
}

// TestDrillStatusShowsScoresAndMovesCorruptRecord: a saved record shows;
// an unreadable one is moved aside with a message, never overwritten.
func TestDrillStatusShowsScoresAndMovesCorruptRecord(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	path := filepath.Join(dir, "cockpit", progress.FileName)
	p := progress.New()
	p.Record("02-phone-task", 70, time.Time{})
	p.Record("02-phone-task", 85, time.Time{})
	if err := progress.Save(path, p); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runDrillCLI(t, "--status", "--lang", "zh")
	if code != exitOK || !strings.Contains(out, "最佳  85  最近  85  趋势  +15  次数 2") || !strings.Contains(out, "训练二") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	// Chinese names line up by display cells, not runes
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if a, b := strings.Index(lines[0], "未训练"), strings.Index(lines[2], "未训练"); widget.Width(lines[0][:a]) != widget.Width(lines[2][:b]) {
		t.Errorf("the status column does not line up:\n%s", out)
	}
	if err := os.WriteFile(path, []byte("{oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runDrillCLI(t, "--status")
	if code != exitOK || !strings.Contains(errOut, "corrupt-1") {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if b, _ := os.ReadFile(path + ".corrupt-1"); string(b) != "{oops" {
		t.Errorf("the unreadable record was not kept: %q", b)
	}
}

// TestDrillNeedsATerminal: without a terminal the command says how to score
// headlessly and exits 2; bad flags exit 2 too.
func TestDrillNeedsATerminal(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	code, _, errOut := runDrillCLI(t)
	if code != exitInvalid || !strings.Contains(errOut, "not a terminal") || !strings.Contains(errOut, "cockpit run") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{{"--lang", "fr"}, {"--audio", "loud"}, {"extra"}} {
		if code, _, _ := runDrillCLI(t, args...); code != exitInvalid {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}
