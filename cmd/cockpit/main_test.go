package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// The repository root, so tests can name files as a user would.
func repoPath(t *testing.T, rel string) string {
	t.Helper()
	return filepath.Join("..", "..", rel)
}

func TestRunBundledScenarioByPathPrintsATimelineAndPasses(t *testing.T) {
	code, out, errOut := runCLI(t, "run", repoPath(t, "assets/scenarios/airport-run.yaml"))
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s\n%s", code, errOut, out)
	}
	for _, want := range []string{"▶ Airport run", "route.planned", "arrived", "Arrived at Beijing Daxing International Airport", "Expectations:", "6 passed, 0 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "lead.appeared") {
		t.Error("the readable timeline shows traffic detail without --verbose")
	}
}

func TestRunByBundledNameWorksFromAnywhere(t *testing.T) {
	code, out, _ := runCLI(t, "run", "fog-expressway", "--quiet")
	if code != exitOK || !strings.Contains(out, "Fog on the expressway: arrived") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if strings.Contains(out, "road.entered") {
		t.Error("--quiet printed the timeline")
	}
}

func TestRunJSONLinesAreJSON(t *testing.T) {
	code, out, _ := runCLI(t, "run", "--json", "commute")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 20 {
		t.Fatalf("only %d lines", len(lines))
	}
	for i, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, l)
		}
		if _, ok := v["kind"]; !ok {
			t.Fatalf("line %d has no kind: %s", i+1, l)
		}
	}
	var last map[string]any
	_ = json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if last["kind"] != "result" || last["passed"] != true || last["arrived"] != true {
		t.Errorf("last line %v", last)
	}
}

func TestRunExitsOneWhenAnExpectationFails(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "late.yaml")
	src := "vehicle: xiaomi-su7\nstart: {place: home, time: \"11:00\"}\ndestination: {place: work}\nexpect:\n  - event: arrived\n    between: [0s, 1m]\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "run", file)
	if code != exitFailed {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	if !strings.Contains(out, "✗ arrived between 0s and 1m00s happens (line 5)") {
		t.Errorf("the failed check is not explained:\n%s", out)
	}
}

func TestRunExitsTwoOnInvalidInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("vehicle: tesla\nstart: {place: home}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "run", bad)
	if code != exitInvalid {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut, bad+":1:10: vehicle: unknown vehicle \"tesla\"; valid: byd-qin-plus-dmi") {
		t.Errorf("stderr: %s", errOut)
	}
	for _, args := range [][]string{{"run"}, {"run", "no-such-scenario"}, {"run", "--nope", "commute"}, {"fly"}} {
		if code, _, _ := runCLI(t, args...); code != exitInvalid {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestSeedOverrideChangesTraffic(t *testing.T) {
	_, a, _ := runCLI(t, "run", "commute", "--json", "--seed", "1")
	_, b, _ := runCLI(t, "run", "commute", "--json", "--seed", "2")
	_, c, _ := runCLI(t, "run", "commute", "--json", "--seed", "1")
	if a == b {
		t.Error("different seeds gave the same log")
	}
	if a != c {
		t.Error("the same seed gave different logs")
	}
}

func TestVehiclesListsEveryProfileWithCLTCNote(t *testing.T) {
	code, out, _ := runCLI(t, "vehicles")
	if code != exitOK {
		t.Fatal(code)
	}
	for _, id := range []string{"xiaomi-su7", "xiaomi-su7-max", "xpeng-x9-erev", "li-auto-l9", "byd-qin-plus-dmi", "byd-seal-05-dmi", "xpeng-g6", "小米SU7", "CLTC"} {
		if !strings.Contains(out, id) {
			t.Errorf("vehicles lacks %q", id)
		}
	}
	code, out, _ = runCLI(t, "vehicles", "xpeng-g6")
	if code != exitOK || !strings.Contains(out, "battery_kwh") || !strings.Contains(out, "sourced") {
		t.Errorf("vehicle detail (exit %d):\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "vehicles", "tesla"); code != exitInvalid || !strings.Contains(errOut, "xpeng-g6") {
		t.Errorf("unknown vehicle: exit %d, %s", code, errOut)
	}
}

func TestPlacesListsNamesInBothLanguages(t *testing.T) {
	code, out, _ := runCLI(t, "places")
	if code != exitOK {
		t.Fatal(code)
	}
	for _, want := range []string{"daxing-airport", "北京大兴国际机场", "charging", "kW"} {
		if !strings.Contains(out, want) {
			t.Errorf("places lacks %q", want)
		}
	}
}

func TestScenariosListsTheBundledOnes(t *testing.T) {
	code, out, _ := runCLI(t, "scenarios")
	if code != exitOK {
		t.Fatal(code)
	}
	for _, want := range []string{"airport-run", "commute", "fog-expressway"} {
		if !strings.Contains(out, want) {
			t.Errorf("scenarios lacks %q", want)
		}
	}
}

func TestNoArgumentsPrintsHelp(t *testing.T) {
	code, out, _ := runCLI(t)
	if code != exitOK || !strings.Contains(out, "cockpit run FILE") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// Every bundled scenario passes when run as a user runs it, with the voice
// assistant answering its `say:` events.
func TestEveryBundledScenarioPasses(t *testing.T) {
	entries, err := os.ReadDir(repoPath(t, "assets/scenarios"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		n++
		code, out, errOut := runCLI(t, "run", "--quiet", repoPath(t, "assets/scenarios/"+e.Name()))
		if code != exitOK {
			t.Errorf("%s: exit %d\n%s%s", e.Name(), code, out, errOut)
		}
	}
	if n < 4 {
		t.Errorf("only %d bundled scenarios", n)
	}
}

func TestVoiceScenarioRepliesInTheUtterancesLanguage(t *testing.T) {
	code, out, _ := runCLI(t, "run", "voice-drive")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"Assistant: Navigating to Guanghua Coffee", "Assistant: 已重新规划路线：避开收费。", "Assistant: 已切换到运动模式。", "lane.change_started"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestRunAFolderRunsEveryScenarioInIt(t *testing.T) {
	code, out, errOut := runCLI(t, "run", "--quiet", repoPath(t, "assets/scenarios/drills"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if n := strings.Count(out, "Drill score:"); n != 8 {
		t.Errorf("%d drills scored, want 8", n)
	}
	if code, _, errOut := runCLI(t, "run", t.TempDir()); code != exitInvalid || !strings.Contains(errOut, "no scenario files") {
		t.Errorf("an empty folder: exit %d, %s", code, errOut)
	}
}

func TestPlacesUnknownMapListsTheMaps(t *testing.T) {
	code, _, errOut := runCLI(t, "places", "--map", "nope")
	if code != exitInvalid || !strings.Contains(errOut, "maps/beijing.yaml") {
		t.Errorf("exit %d, %s", code, errOut)
	}
	if code, out, _ := runCLI(t, "places", "--map", "beijing"); code != exitOK || !strings.Contains(out, "daxing-airport") {
		t.Errorf("--map beijing: exit %d", code)
	}
}

// TestEveryEventSaysSomethingInEachLanguage: every event of every bundled
// scenario carries a message key (the core writes no sentence), and each
// renders whole in English and Chinese: no missing key (⟦…⟧), no unfilled
// {placeholder}, no English HMI line in a Chinese log.
func TestEveryEventSaysSomethingInEachLanguage(t *testing.T) {
	dirs := []string{repoPath(t, "assets/scenarios"), repoPath(t, "assets/scenarios/drills"), repoPath(t, "assets/scenarios/parking")}
	_, out, errOut := runCLI(t, append([]string{"run", "--json"}, dirs...)...)
	events := 0
	for i, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s%s", i+1, err, l, errOut)
		}
		if k := v["kind"]; k == "check" || k == "result" {
			continue
		}
		events++
		if _, ok := v["msg"]; !ok {
			t.Errorf("event without a message key: %s", l)
		}
	}
	if events < 500 {
		t.Errorf("only %d events", events)
	}
	for _, lang := range []string{"en", "zh"} {
		_, out, _ := runCLI(t, append([]string{"run", "--verbose", "--lang", lang}, dirs...)...)
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "⟦") || strings.Contains(l, "{") {
				t.Errorf("%s: %s", lang, l)
			}
			if lang == "zh" && hmiLine.MatchString(l) && !han.MatchString(l) {
				t.Errorf("zh HMI line not in Chinese: %s", l)
			}
		}
	}
}

var (
	hmiLine = regexp.MustCompile(`^\d+:\d\d:\d\d\.\d+  hmi\.`)
	han     = regexp.MustCompile(`\p{Han}`)
)
