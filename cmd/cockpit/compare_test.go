package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --help lists every flag and exits 0.
func TestCompareHelpListsEveryFlag(t *testing.T) {
	code, out, errOut := runCLI(t, "compare", "--help")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, f := range []string{"--hmi", "--drivers", "--seed", "--csv", "--force", "--json", "--assets", "--workers"} {
		if !strings.Contains(out, f) {
			t.Errorf("--help lacks %s", f)
		}
	}
	if _, top, _ := runCLI(t, "help"); !strings.Contains(top, "cockpit compare") {
		t.Error("the top-level usage does not list compare")
	}
}

// Bad numbers, drills without a request and unknown drills are refused
// with exit 2 and a message that says why, before anything runs.
func TestCompareRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--drivers", "0"}, "from 1 to 10000"},
		{[]string{"--drivers", "10001"}, "from 1 to 10000"},
		{[]string{"--drivers", "-5"}, "from 1 to 10000"},
		{[]string{"--drivers", "NaN"}, "whole number from 1 to 10000"},
		{[]string{"--drivers", "2.5"}, "whole number"},
		{[]string{"--drivers", "lots"}, "whole number"},
		{[]string{"--seed", "-1"}, "whole number from 0"},
		{[]string{"--workers", "0"}, "from 1 to 64"},
		{[]string{"--hmi", ""}, "expected a file name"},
		{[]string{"6"}, "not an L3 takeover drill"},
		{[]string{"08-aeb-manual"}, "not an L3 takeover drill"},
		{[]string{"no-such-drill"}, "not a drill's number or name"},
		{[]string{"1", "01-planned-exit"}, "named twice"},
		{[]string{"--assets", "/no/such/dir"}, "no such file"},
	} {
		code, _, errOut := runCLI(t, append([]string{"compare", "--drivers", "1"}, tc.args...)...)
		if tc.args[0] == "--drivers" {
			code, _, errOut = runCLI(t, append([]string{"compare"}, tc.args...)...)
		}
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// --csv refuses what is not a regular file, and an existing file without
// --force, at start.
func TestCompareCSVTargetIsCheckedAtStart(t *testing.T) {
	for target, want := range specialTargets(t) {
		code, _, errOut := runCLI(t, "compare", "1", "--drivers", "1", "--csv", target)
		if code != exitInvalid || !strings.Contains(errOut, want) || !strings.Contains(errOut, "--csv") {
			t.Errorf("--csv %s: exit %d, %q; want 2 and %q", target, code, errOut, want)
		}
	}
	f := filepath.Join(t.TempDir(), "old.csv")
	if err := os.WriteFile(f, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, "compare", "1", "--drivers", "1", "--csv", f); code != exitInvalid || !strings.Contains(errOut, "--force") {
		t.Errorf("over a file without --force: exit %d, %q", code, errOut)
	}
	if b, _ := os.ReadFile(f); string(b) != "keep" {
		t.Error("the refused file was changed")
	}
}

// A small comparison: the report, the CSV (one row per drive, parsed by
// encoding/csv), the same bytes for the same seed, other bytes for
// another, and JSON for programs.
func TestCompareRunsAndWritesCSV(t *testing.T) {
	dir := t.TempDir()
	out1 := filepath.Join(dir, "a.csv")
	code, rep, errOut := runCLI(t, "compare", "1", "02-phone-task", "--drivers", "3", "--seed", "9", "--csv", out1)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"1 variant(s) × 2 drill(s) × 3 drivers, seed 9", "(as shipped)", "01-planned-exit", "02-phone-task", "median", "takeover times"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	if strings.Contains(rep, "\x1b") {
		t.Error("escape codes in output that is not a terminal")
	}
	f, err := os.Open(out1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != 1+2*3 {
		t.Fatalf("CSV: %d records, %v", len(recs), err)
	}
	_, rep2, _ := runCLI(t, "compare", "1", "02-phone-task", "--drivers", "3", "--seed", "9")
	if rep2 != rep {
		t.Error("the same seed printed other bytes")
	}
	_, rep3, _ := runCLI(t, "compare", "1", "02-phone-task", "--drivers", "3", "--seed", "10")
	if rep3 == rep {
		t.Error("another seed printed the same bytes")
	}
	code, js, _ := runCLI(t, "compare", "1", "--drivers", "2", "--json")
	var doc struct {
		Drivers  int `json:"drivers"`
		Variants []struct {
			HMI string `json:"hmi"`
			All struct {
				Drives int `json:"drives"`
			} `json:"all"`
		} `json:"variants"`
	}
	if code != exitOK || json.Unmarshal([]byte(js), &doc) != nil || doc.Drivers != 2 || len(doc.Variants) != 1 || doc.Variants[0].All.Drives != 2 {
		t.Fatalf("--json: exit %d, %s", code, js)
	}
}

// Two HMI files are variants A and B, each named with its file and
// digest; the same file twice, a missing file and a file that breaks an
// R157 rule are refused with exit 2.
func TestCompareHMIVariants(t *testing.T) {
	shipped := repoPath(t, "assets/hmi/takeover.yaml")
	variant := repoPath(t, "assets/hmi/variants/stage1-haptic.yaml")
	code, out, errOut := runCLI(t, "compare", "--hmi", shipped, "--hmi", variant, "1", "--drivers", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"A  Cockpit takeover HMI (as shipped)", "B  Variant: stage 1 with seat pulses", "stage1-haptic.yaml"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	data, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(t.TempDir(), "late.yaml")
	if err := os.WriteFile(broken, []byte(strings.Replace(string(data), "escalate_s: {value: 4,", "escalate_s: {value: 6,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--hmi", shipped, "--hmi", shipped}, "the same file"},
		{[]string{"--hmi", filepath.Join(t.TempDir(), "none.yaml")}, "no such file"},
		{[]string{"--hmi", broken}, "4 s"},
	} {
		code, _, errOut := runCLI(t, append([]string{"compare", "1", "--drivers", "1"}, tc.args...)...)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
