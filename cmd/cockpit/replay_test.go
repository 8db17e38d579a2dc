package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

// eventLines keeps a run's --json event lines (not its checks and result).
func eventLines(out string) string {
	var keep []string
	for _, l := range strings.Split(out, "\n") {
		if l != "" && !strings.HasPrefix(l, `{"kind":"check"`) && !strings.HasPrefix(l, `{"kind":"result"`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestRunRecordThenReplay: `cockpit run --record` writes a recording that
// `cockpit replay --json` plays back to the same events, byte for byte,
// for a drive with the voice assistant and for a drill.
func TestRunRecordThenReplay(t *testing.T) {
	for _, name := range []string{"voice-drive", "scenarios/drills/05-mrm.yaml", "scenarios/parking/mall-by-voice.yaml"} {
		t.Run(name, func(t *testing.T) {
			rec := filepath.Join(t.TempDir(), "drive.cockpit-rec")
			code, run, errOut := runCLI(t, "run", name, "--json", "--record", rec)
			if code != exitOK {
				t.Fatalf("run: exit %d: %s", code, errOut)
			}
			code, replay, errOut := runCLI(t, "replay", rec, "--json")
			if code != exitOK {
				t.Fatalf("replay: exit %d: %s", code, errOut)
			}
			if eventLines(run) != strings.TrimSpace(replay) {
				t.Errorf("the replay's events differ from the run's")
			}
			if !strings.Contains(replay, `"kind":"voice.reply"`) {
				t.Error("the replay lacks the assistant's replies")
			}
		})
	}
}

// TestReplayAtPrintsTheStateThen: --at shows what the cockpit showed at an
// instant; an instant past the end or not a time is refused.
func TestReplayAtPrintsTheStateThen(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "d.cockpit-rec")
	if code, _, errOut := runCLI(t, "run", "airport-run", "--quiet", "--record", rec); code != exitOK {
		t.Fatalf("run: %s", errOut)
	}
	code, out, errOut := runCLI(t, "replay", rec, "--at", "12:30")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"At 0:12:30.000", "road ", "speed ", "energy ", "route     to daxing-airport", "driver ", "Last events:"} {
		if !strings.Contains(out, want) {
			t.Errorf("--at output lacks %q:\n%s", want, out)
		}
	}
	code, js, _ := runCLI(t, "replay", rec, "--at", "750s", "--json")
	if code != exitOK || !strings.HasPrefix(js, `{"t":750,`) {
		t.Errorf("--at 750s --json: exit %d, %s", code, js)
	}
	for _, bad := range []string{"5:00:00", "soon", "-1s", "1:75"} {
		if code, _, errOut := runCLI(t, "replay", rec, "--at", bad); code != exitInvalid || !strings.Contains(errOut, "--at") {
			t.Errorf("--at %s: exit %d, %s", bad, code, errOut)
		}
	}
}

// TestRecordNeverOverwrites: --record refuses an existing file unless
// --force, and never writes over anything but a regular file; the check
// comes before the drive, so no time is lost.
func TestRecordNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	rec := filepath.Join(dir, "mine.txt")
	if err := os.WriteFile(rec, []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "run", "airport-run", "--quiet", "--record", rec)
	if code != exitInvalid || !strings.Contains(errOut, "exists; add --force") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(rec); string(b) != "my notes" {
		t.Error("the file was changed")
	}
	if code, _, errOut := runCLI(t, "run", "airport-run", "--quiet", "--record", rec, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(rec); !strings.HasPrefix(string(b), "cockpit-recording 1\n") {
		t.Error("--force did not write the recording")
	}
	for _, target := range []string{"/dev/null", dir, filepath.Join(dir, "no", "such", "folder", "r")} {
		code, _, errOut := runCLI(t, "run", "airport-run", "--quiet", "--record", target, "--force")
		if code != exitInvalid || !strings.Contains(errOut, "--record") {
			t.Errorf("--record %s: exit %d, %s", target, code, errOut)
		}
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode().IsRegular() {
		t.Error("/dev/null is no longer a device")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
	if code, _, errOut := runCLI(t, "run", "airport-run", "commute", "--quiet", "--record", filepath.Join(dir, "two")); code != exitInvalid || !strings.Contains(errOut, "one drive") {
		t.Errorf("two scenarios, one recording: exit %d, %s", code, errOut)
	}
}

// TestReplayRefusesWhatItCannotReproduce: a truncated file, an edited
// one, one from another version and one whose scenario has changed are
// refused with the file and line and exit 2, never replayed wrongly.
func TestReplayRefusesWhatItCannotReproduce(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "fog.yaml")
	src, err := os.ReadFile(repoPath(t, "assets/scenarios/fog-expressway.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scen, src, 0o644); err != nil {
		t.Fatal(err)
	}
	rec := filepath.Join(dir, "fog.cockpit-rec")
	if code, _, errOut := runCLI(t, "run", scen, "--quiet", "--record", rec); code != exitOK {
		t.Fatalf("run: %s", errOut)
	}
	good, _ := os.ReadFile(rec)
	lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct{ name, file, want string }{
		{"truncated", write("cut", strings.Join(lines[:len(lines)-1], "\n")+"\n"), "cut:" + itoa(len(lines)) + ":1: the file ends without its end line: it is truncated"},
		{"another version", write("old", strings.Replace(string(good), "assets=", "assets=0", 1)), "old:2: recorded by"},
		{"edited seed", write("seed", strings.Replace(string(good), "\nseed ", "\nseed 9", 1)), "the file was edited or recorded by another version"},
		{"not a recording", write("notes", "shopping list\n"), "notes:1:1: not a cockpit recording"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "replay", c.file, "--json")
			if code != exitInvalid || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q, want it to contain %q", code, errOut, c.want)
			}
		})
	}
	if err := os.WriteFile(scen, append(src, []byte("\n# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "replay", rec, "--json"); code != exitInvalid || !strings.Contains(errOut, "has changed since the drive was recorded") {
		t.Errorf("an edited scenario: exit %d, %s", code, errOut)
	}
}

// TestReplayNeedsATerminalOrAFlag: without a terminal the replay says how
// to print it instead, and exits 2.
func TestReplayNeedsATerminalOrAFlag(t *testing.T) {
	rec := filepath.Join(t.TempDir(), "r.cockpit-rec")
	if code, _, errOut := runCLI(t, "run", "commute", "--quiet", "--record", rec); code != exitOK {
		t.Fatalf("run: %s", errOut)
	}
	code, _, errOut := runCLI(t, "replay", rec)
	if code != exitInvalid || !strings.Contains(errOut, "cockpit replay FILE --json") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "replay"); code != exitInvalid || !strings.Contains(errOut, "name one recording") {
		t.Errorf("no file: exit %d: %s", code, errOut)
	}
}

// TestHistoryKeepsTheLastTen: the cockpit keeps ten sessions and forgets
// the oldest, in the XDG state directory.
func TestHistoryKeepsTheLastTen(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	cfg, _, _, err := driveConfig(mustEnv(t), assets.FS(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 12; i++ {
		s, err := session.New(session.Setup{Config: cfg, UseConfig: true, Start: session.Start{Mode: "drive"}})
		if err != nil {
			t.Fatal(err)
		}
		s.Advance()
		if _, err := keepInHistory(s, start.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	kept, _ := filepath.Glob(filepath.Join(state, "cockpit", "recordings", "*"+recordingExt))
	if len(kept) != historyKeep || !strings.Contains(kept[0], "T08-02-00") {
		t.Errorf("kept %d, first %v", len(kept), kept)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustEnv(t *testing.T) *scenario.Env {
	t.Helper()
	env, err := scenario.NewEnv(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// TestReplayLastAndList: the kept sessions are listed newest first and
// replayed by number or as "last", without finding their files.
func TestReplayLastAndList(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	if code, out, _ := runCLI(t, "replay", "--list"); code != exitOK || !strings.Contains(out, "No sessions kept yet") {
		t.Errorf("an empty history: exit %d, %s", code, out)
	}
	cfg, _, _, err := driveConfig(mustEnv(t), assets.FS(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
	for i, steps := range []int{100, 300} {
		s, err := session.New(session.Setup{Config: cfg, UseConfig: true,
			Start: session.Start{Mode: "drive", Seed: cfg.Seed, Version: buildVersion(assets.FS())}})
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < steps; j++ {
			s.Advance()
		}
		if _, err := keepInHistory(s, start.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI(t, "replay", "--list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitOK || len(lines) != 3 || !strings.HasPrefix(lines[1], "1  2026-12-02T08-01-00") || !strings.Contains(lines[1], "0:00:15") {
		t.Errorf("--list: exit %d, %s%s", code, out, errOut)
	}
	code, last, errOut := runCLI(t, "replay", "last", "--at", "10s")
	if code != exitOK || !strings.Contains(last, "At 0:00:10.000") {
		t.Errorf("replay last: exit %d, %s%s", code, last, errOut)
	}
	if code, _, errOut := runCLI(t, "replay", "2", "--json"); code != exitOK {
		t.Errorf("replay 2: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "replay", "5"); code != exitInvalid || !strings.Contains(errOut, "2 sessions are kept") {
		t.Errorf("replay 5: exit %d, %s", code, errOut)
	}
}

// TestRunTimelineInEitherLanguage: the readable timeline renders events
// through the cockpit's renderer, so it reads in Chinese with --lang zh;
// the JSON log is the same in both.
func TestRunTimelineInEitherLanguage(t *testing.T) {
	code, zh, errOut := runCLI(t, "run", "airport-run", "--lang", "zh")
	if code != exitOK || !strings.Contains(zh, "已规划前往北京大兴国际机场的路线") || !strings.Contains(zh, "驾驶员说：“how long until we arrive”") {
		t.Fatalf("--lang zh: exit %d, %s\n%.1500s", code, errOut, zh)
	}
	_, en, _ := runCLI(t, "run", "airport-run")
	if !strings.Contains(en, "Route to Beijing Daxing International Airport") {
		t.Error("the English timeline changed")
	}
	_, j1, _ := runCLI(t, "run", "airport-run", "--json")
	_, j2, _ := runCLI(t, "run", "airport-run", "--json", "--lang", "zh")
	if j1 != j2 {
		t.Error("--lang changed the JSON log")
	}
	if code, _, errOut := runCLI(t, "run", "airport-run", "--lang", "fr"); code != exitInvalid || !strings.Contains(errOut, "--lang") {
		t.Errorf("--lang fr: exit %d, %s", code, errOut)
	}
}
