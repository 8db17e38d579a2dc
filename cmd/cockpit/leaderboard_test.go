package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nevsim/cockpit/cockpit/leaderboard"
)

func runBoardCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"leaderboard"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func seedBoard(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	path := filepath.Join(dir, "cockpit", leaderboard.FileName)
	b, _, err := leaderboard.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	for _, e := range []leaderboard.Entry{
		{Name: "Ann", Car: "Xiaomi SU7", Drill: "04-fog-night", Score: 91, At: at},
		{Name: "李雷", Car: "Xiaomi SU7", Drill: "01-planned-exit", Score: 77, At: at},
	} {
		if _, _, err := b.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestLeaderboardCommand(t *testing.T) {
	path := seedBoard(t)
	code, out, errOut := runBoardCLI(t, "--lang", "en")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "#") || !strings.Contains(lines[1], "Ann") ||
		!strings.Contains(lines[1], "Drill 4") || !strings.Contains(lines[2], "李雷") || !strings.Contains(lines[3], path) {
		t.Errorf("table:\n%s", out)
	}
	code, out, _ = runBoardCLI(t, "--lang", "zh", "--drill", "1")
	if code != exitOK || strings.Contains(out, "Ann") || !strings.Contains(out, "李雷") || !strings.Contains(out, "名字") {
		t.Errorf("--drill 1 in Chinese:\n%s", out)
	}
	code, out, _ = runBoardCLI(t, "--json", "--top", "1")
	var entries []leaderboard.Entry
	if code != exitOK || json.Unmarshal([]byte(out), &entries) != nil || len(entries) != 1 || entries[0].Name != "Ann" {
		t.Errorf("--json --top 1: %d %s", code, out)
	}
	if code, _, errOut := runBoardCLI(t, "--drill", "9"); code != exitInvalid || !strings.Contains(errOut, "1 to 8") {
		t.Errorf("--drill 9: %d %s", code, errOut)
	}
	// not a terminal: --reset asks nothing
	code, out, _ = runBoardCLI(t, "--reset")
	if code != exitOK || !strings.Contains(out, "reset") {
		t.Errorf("--reset: %d %s", code, out)
	}
	if _, out, _ := runBoardCLI(t, "--lang", "en"); !strings.Contains(out, "empty") {
		t.Errorf("after --reset:\n%s", out)
	}
}

func TestLeaderboardCorruptMovedAside(t *testing.T) {
	path := seedBoard(t)
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runBoardCLI(t, "--lang", "en")
	if code != exitOK || !strings.Contains(errOut, path+".corrupt-1") || !strings.Contains(out, "empty") {
		t.Errorf("%d\n%s\n%s", code, out, errOut)
	}
}

func TestKioskFlags(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--idle", "5"}, "--idle: expected 15 to 600"},
		{[]string{"--presenter", "x"}, "a key visitors type"},
		{[]string{"--presenter", "ctrl+c"}, "the cockpit's own key"},
		{[]string{"--presenter", "hyper+x"}, "unknown modifier"},
		{[]string{"--theme", "pink"}, "no theme"},
		{nil, "standard output is not a terminal"},
	} {
		var out, errb bytes.Buffer
		code := run(append([]string{"kiosk"}, c.args...), strings.NewReader(""), &out, &errb)
		if code != exitInvalid || !strings.Contains(errb.String(), c.want) {
			t.Errorf("kiosk %v: exit %d, %s", c.args, code, errb.String())
		}
	}
}
