package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nevsim/cockpit/cockpit/chime"
)

// TestStaleTemporaryFilesAreCleanedUp: a cockpit killed during a save (or
// with an --audio-out recording under way) left ".NAME.*.tmp" next to the
// file for ever. The next run that writes NAME removes the orphans: old,
// unlocked, ours by name; a live session's recording (locked) and a file
// still being written (young) stay, and so does anything else.
func TestStaleTemporaryFilesAreCleanedUp(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "drive.jsonl")
	old := time.Now().Add(-2 * time.Hour)
	write := func(name string, age time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, age, age); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orphan := write(".drive.jsonl.123.tmp", old)
	young := write(".drive.jsonl.456.tmp", time.Now())
	other := write(".notes.txt.789.tmp", old)
	plain := write("drive.jsonl.tmp", old)

	// a session recording its sound to the same folder holds its temp
	wav := filepath.Join(dir, "drive.jsonl")
	rec := chime.NewRecorder(chime.RecorderConfig{Path: wav})
	defer rec.Close()
	live, _ := filepath.Glob(filepath.Join(dir, ".drive.jsonl.*.tmp"))
	var liveTemp string
	for _, p := range live {
		if p != orphan && p != young {
			liveTemp = p
		}
	}
	if liveTemp == "" {
		t.Fatal("the recorder made no temporary file")
	}
	if err := os.Chtimes(liveTemp, old, old); err != nil {
		t.Fatal(err)
	}

	if err := checkOutputs(true, "--record", target); err != nil {
		t.Fatal(err)
	}
	exists := func(p string) bool { _, err := os.Lstat(p); return err == nil }
	if exists(orphan) {
		t.Errorf("the orphan %s is still there", filepath.Base(orphan))
	}
	for _, p := range []string{young, other, plain, liveTemp} {
		if !exists(p) {
			t.Errorf("%s was removed; only orphans of this file may be", filepath.Base(p))
		}
	}
	if err := rec.Close(); err != nil && !strings.Contains(err.Error(), "exists") {
		t.Fatalf("the live recording could not be written: %v", err)
	}
	if !exists(wav) {
		t.Error("the live session's recording was lost")
	}
}
