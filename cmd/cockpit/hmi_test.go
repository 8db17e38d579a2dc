package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeHMI writes the shipped HMI with each old replaced by its new.
func writeHMI(t *testing.T, pairs ...string) string {
	t.Helper()
	data, err := os.ReadFile(repoPath(t, "assets/hmi/takeover.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Count(src, pairs[i]) != 1 {
			t.Fatalf("%q is not once in the shipped HMI", pairs[i])
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	path := filepath.Join(t.TempDir(), "variant.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The rejection every command gives for an HMI whose stage 2 comes at 6 s.
func wantEscalateRefused(t *testing.T, cmd string, code int, errOut, path string) {
	t.Helper()
	if code != exitInvalid {
		t.Errorf("%s: exit %d, want 2", cmd, code)
	}
	for _, want := range []string{path + ":27:23: timings.escalate_s.value: stage 2 at 6 s is later than allowed",
		"no later than 4 s after the takeover request", "source: UN R157 §6.4 as recalled, unconfirmed"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("%s: stderr lacks %q:\n%s", cmd, want, errOut)
		}
	}
}

func TestHMIFlagRefusesABrokenRule(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	bad := writeHMI(t, "escalate_s: {value: 4,", "escalate_s: {value: 6,")
	code, _, errOut := runCLI(t, "run", "scenarios/drills/05-mrm.yaml", "--hmi", bad)
	wantEscalateRefused(t, "run", code, errOut, bad)
	code, _, errOut = runCLI(t, "--hmi", bad)
	wantEscalateRefused(t, "cockpit", code, errOut, bad)
	code, _, errOut = runDrillCLI(t, "--hmi", bad)
	wantEscalateRefused(t, "drill", code, errOut, bad)
	if code, _, errOut := runCLI(t, "run", "airport-run", "--hmi", filepath.Join(t.TempDir(), "none.yaml")); code != exitInvalid || !strings.Contains(errOut, "none.yaml: cannot open") {
		t.Errorf("a missing file: exit %d: %s", code, errOut)
	}
}

func TestHMIFlagIsInEveryHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"run", "--help"}, {"drill", "--help"}, {"replay", "--help"}} {
		_, out, errOut := runCLI(t, args...)
		if help := out + errOut; !strings.Contains(help, "-hmi") || !strings.Contains(help, "takeover HMI") {
			t.Errorf("%v: the help does not document --hmi:\n%s", args, help)
		}
	}
}

// cockpit run --hmi drives with the variant: its seat shakes at the
// request; the recording names the file, and a replay needs it.
func TestRunWithAnHMIVariantRecordsAndReplaysIt(t *testing.T) {
	variant := writeHMI(t,
		"    tone: chime\n    earcon: none\n    haptic: none\n", "    tone: chime\n    earcon: none\n    haptic: pulse\n",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n      zh:\n        title: \"请接管\"",
		"        todo: \"Hands on the wheel, eyes on the road, then steer or brake\"\n        haptic: \"≋ seat pulsing\"\n      zh:\n        title: \"请接管\"",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n\n  # stage 2",
		"        todo: \"双手握住方向盘，目视前方，然后转向或制动\"\n        haptic: \"≋ 座椅脉冲震动\"\n\n  # stage 2")
	rec := filepath.Join(t.TempDir(), "drive.cockpit-rec")
	code, out, errOut := runCLI(t, "run", "scenarios/drills/05-mrm.yaml", "--json", "--verbose", "--hmi", variant, "--record", rec)
	if code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	at := func(kind, subject string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, `"kind":"`+kind+`"`) && (subject == "" || strings.Contains(l, `"subject":"`+subject+`"`)) {
				i := strings.Index(l, `"t":`)
				if i < 0 {
					return l
				}
				return strings.SplitN(l[i:], ",", 2)[0]
			}
		}
		return "none"
	}
	if req, hap := at("automation.takeover_requested", ""), at("hmi.haptic", "on"); req == "none" || req != hap {
		t.Errorf("haptic on %s, the request %s", hap, req)
	}
	data, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nhmi \"Cockpit takeover HMI (as shipped)\" \"") {
		t.Errorf("the recording does not name its HMI:\n%s", data)
	}
	if code, _, errOut := runCLI(t, "replay", rec, "--json"); code != exitInvalid || !strings.Contains(errOut, "give that file with --hmi FILE") {
		t.Errorf("replay without --hmi: exit %d: %s", code, errOut)
	}
	code, replay, errOut := runCLI(t, "replay", rec, "--json", "--hmi", variant)
	if code != exitOK {
		t.Fatalf("replay --hmi: exit %d: %s", code, errOut)
	}
	if !strings.Contains(replay, `"kind":"hmi.haptic"`) {
		t.Error("the replay lacks the HMI events")
	}
	shipped := repoPath(t, "assets/hmi/takeover.yaml")
	if code, _, errOut := runCLI(t, "replay", rec, "--json", "--hmi", shipped); code != exitInvalid || !strings.Contains(errOut, "is another file") {
		t.Errorf("replay with another HMI: exit %d: %s", code, errOut)
	}
}
