package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func writeTestFlow(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	passingFlow = "name: passes\nsize: 80x24\nsteps:\n  - see: {text: \"Demo drive\", in: cluster}\n"
	failingFlow = "name: fails\nsteps:\n  - key: \"4\"\n  - see: {text: \"Warp core\", in: vehicle}\n"
)

// TestCockpitTestFolder: a folder runs every flow in it, sorted; one
// failing check makes the exit status 1 and the report shows its frame.
func TestCockpitTestFolder(t *testing.T) {
	dir := t.TempDir()
	writeTestFlow(t, dir, "b-fails.yaml", failingFlow)
	writeTestFlow(t, dir, "a-passes.yaml", passingFlow)
	writeTestFlow(t, dir, "notes.txt", "not a flow")
	code, out, errOut := runCLI(t, "test", dir)
	if code != exitFailed {
		t.Fatalf("exit %d, want 1; stderr %s\n%s", code, errOut, out)
	}
	a, b := strings.Index(out, "flow passes"), strings.Index(out, "flow fails")
	if a < 0 || b < a {
		t.Errorf("the flows did not run in file order:\n%s", out)
	}
	for _, want := range []string{"PASS passes", "FAIL fails: step 2", `expected: "Warp core" in vehicle`, "the screen at", "│ ◉ Xiaomi SU7", "2 flows: 1 passed, 1 failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if code, out, _ := runCLI(t, "test", filepath.Join(dir, "a-passes.yaml")); code != exitOK || !strings.Contains(out, "PASS passes") {
		t.Errorf("a passing flow: exit %d\n%s", code, out)
	}
}

// TestCockpitTestBadStep: a flow with a bad step is invalid input: exit 2,
// file:line:col on stderr, and no flow runs (not even the good one).
func TestCockpitTestBadStep(t *testing.T) {
	dir := t.TempDir()
	good := writeTestFlow(t, dir, "good.yaml", passingFlow)
	bad := writeTestFlow(t, dir, "bad.yaml", "steps:\n  - key: u\n  - sya: hello\n  - wait: forever\n")
	code, out, errOut := runCLI(t, "test", good, bad)
	if code != exitInvalid || out != "" {
		t.Fatalf("exit %d, want 2; stdout %q", code, out)
	}
	for _, want := range []string{bad + ":3:10: steps[1].sya: unknown step \"sya\" (did you mean say?)", bad + ":4:11: steps[2].wait: expected a duration"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestCockpitTestJSON(t *testing.T) {
	dir := t.TempDir()
	writeTestFlow(t, dir, "a.yaml", passingFlow)
	writeTestFlow(t, dir, "b.yaml", failingFlow)
	code, out, _ := runCLI(t, "test", "--json", dir)
	if code != exitFailed {
		t.Fatalf("exit %d", code)
	}
	var kinds []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		kinds = append(kinds, v["kind"].(string)+":"+v["flow"].(string))
	}
	if got := strings.Join(kinds, " "); got != "step:passes flow:passes step:fails step:fails flow:fails" {
		t.Errorf("JSON lines: %s", got)
	}
}

func TestCockpitTestArguments(t *testing.T) {
	code, out, errOut := runCLI(t, "test", "--help")
	if code != exitOK {
		t.Errorf("--help: exit %d", code)
	}
	for _, flag := range []string{"--json", "--update", "--assets"} {
		if !strings.Contains(out, flag) || errOut != "" {
			t.Errorf("--help does not list %s", flag)
		}
	}
	if code, _, errOut := runCLI(t, "test"); code != exitInvalid || !strings.Contains(errOut, "name a flow") {
		t.Errorf("no flow: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "test", "reroute-chargr"); code != exitInvalid || !strings.Contains(errOut, "reroute-charger") {
		t.Errorf("an unknown bundled flow: exit %d, %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "test", "--frobnicate", "x"); code != exitInvalid || !strings.Contains(errOut, "frobnicate") || !strings.Contains(errOut, "--update") {
		t.Errorf("an unknown flag: exit %d, %s", code, errOut)
	}
	empty := t.TempDir()
	if code, _, errOut := runCLI(t, "test", empty); code != exitInvalid || !strings.Contains(errOut, "no flow files") {
		t.Errorf("an empty folder: exit %d, %s", code, errOut)
	}
}

// TestCockpitTestBundled runs the bundled flows as CI does: by name and
// as the folder of the repository.
func TestCockpitTestBundled(t *testing.T) {
	if code, out, errOut := runCLI(t, "test", "reroute-charger"); code != exitOK || !strings.Contains(out, "PASS Reroute to a charger") {
		t.Errorf("a bundled flow by name: exit %d, %s\n%s", code, errOut, out)
	}
	code, out, errOut := runCLI(t, "test", repoPath(t, "assets/flows"))
	if code != exitOK {
		t.Fatalf("assets/flows: exit %d, %s\n%s", code, errOut, out)
	}
	if n := len(regexp.MustCompile(`(?m)^PASS `).FindAllString(out, -1)); n < 4 {
		t.Errorf("%d flows passed:\n%s", n, out)
	}
}

// TestCockpitTestUpdate: --update writes goldens and says so; the next
// run compares against them.
func TestCockpitTestUpdate(t *testing.T) {
	dir := t.TempDir()
	f := writeTestFlow(t, dir, "g.yaml", "size: 80x24\nsteps:\n  - golden: g.golden\n")
	if code, _, _ := runCLI(t, "test", f); code != exitFailed {
		t.Errorf("a missing golden without --update: exit %d", code)
	}
	code, out, _ := runCLI(t, "test", "--update", f)
	if code != exitOK || !strings.Contains(out, "g.golden rewritten") {
		t.Fatalf("--update: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "test", f); code != exitOK {
		t.Errorf("against the written golden: exit %d", code)
	}
}

// TestFlowsDoNotChangeTheAssetsDigest: a recording names the assets that
// shape a drive; a designer's new flow or golden is not one of them, so it
// must not make every recording unreplayable.
func TestFlowsDoNotChangeTheAssetsDigest(t *testing.T) {
	base := fstest.MapFS{
		"vehicles/a.yaml": {Data: []byte("id: a\n")},
		"flows/f.yaml":    {Data: []byte("steps:\n  - wait: 1s\n")},
	}
	with := fstest.MapFS{
		"vehicles/a.yaml":        {Data: []byte("id: a\n")},
		"flows/f.yaml":           {Data: []byte("steps:\n  - wait: 2s\n")},
		"flows/golden/frame.txt": {Data: []byte("a frame\n")},
	}
	if assetsDigest(base) != assetsDigest(with) {
		t.Error("a flow changed the assets digest")
	}
	with["vehicles/a.yaml"] = &fstest.MapFile{Data: []byte("id: b\n")}
	if assetsDigest(base) == assetsDigest(with) {
		t.Error("a vehicle's change left the digest as it was")
	}
}
