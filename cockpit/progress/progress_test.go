package progress

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPathFollowsXDG(t *testing.T) {
	env := map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/u"}
	get := func(k string) string { return env[k] }
	if p, _ := Path(get); p != "/data/cockpit/progress.json" {
		t.Errorf("XDG_DATA_HOME: %s", p)
	}
	env["XDG_DATA_HOME"] = "relative/dir" // not absolute: ignored, per the spec
	if p, _ := Path(get); p != "/home/u/.local/share/cockpit/progress.json" {
		t.Errorf("default: %s", p)
	}
}

func TestRecordBestLastTrend(t *testing.T) {
	p := New()
	at := time.Date(2026, 11, 26, 19, 0, 0, 0, time.UTC)
	for i, s := range []float64{60, 80, 70, 95} {
		best := p.Record("01", s, at)
		if want := s > 80 || (i == 1); best != want { // a first attempt beats nothing
			t.Errorf("attempt %d: best %v", i, best)
		}
	}
	d := p.Drills["01"]
	if d.Attempts != 4 || d.Best != 95 || d.Last != 95 {
		t.Errorf("%+v", d)
	}
	// 95 against the mean of 60, 80, 70.
	if got := d.Trend(); got != 25 {
		t.Errorf("trend %v, want 25", got)
	}
	for range HistoryLen + 5 {
		p.Record("01", 50, at)
	}
	if len(p.Drills["01"].Scores) != HistoryLen {
		t.Errorf("history %d", len(p.Drills["01"].Scores))
	}
	var none *Drill
	if none.Trend() != 0 {
		t.Error("no record, no trend")
	}
}

// TestSaveLoadRoundTrip: what Save writes Load reads back, the directory
// is created, and no temporary file is left behind.
func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cockpit", FileName)
	p := New()
	p.Record("02-phone-task", 87.5, time.Time{})
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	got, moved, err := Load(path)
	if err != nil || moved != nil {
		t.Fatal(err, moved)
	}
	if d := got.Drills["02-phone-task"]; d == nil || d.Best != 87.5 || d.Attempts != 1 {
		t.Errorf("read back %+v", got.Drills)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("files left in the directory: %v", entries)
	}
	if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v", fi.Mode().Perm())
	}
}

// TestSaveIsAtomic: a save that cannot complete (the target is a
// directory, so the rename fails) leaves the old file untouched and no
// temporary file.
func TestSaveIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	old := New()
	old.Record("01", 40, time.Time{})
	if err := Save(path, old); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	// Replace the file by a non-empty directory: rename over it fails.
	if err := os.Rename(path, path+".bak"); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(path, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, New()); err == nil {
		t.Fatal("saving over a directory must fail")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	after, _ := os.ReadFile(path + ".bak")
	if string(before) != string(after) {
		t.Error("the old record changed")
	}
}

// TestCorruptFileMovedAside: an unreadable file is kept as .corrupt-1,
// then .corrupt-2, and Load says where; the record starts afresh.
func TestCorruptFileMovedAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	for n, junk := range []string{"{not json", `{"version": 99, "drills": {}}`} {
		if err := os.WriteFile(path, []byte(junk), 0o600); err != nil {
			t.Fatal(err)
		}
		p, moved, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if moved == nil || moved.Err == nil {
			t.Fatalf("%q: not reported as moved", junk)
		}
		want := path + ".corrupt-" + string(rune('1'+n))
		if moved.To != want {
			t.Errorf("moved to %s, want %s", moved.To, want)
		}
		if kept, _ := os.ReadFile(want); string(kept) != junk {
			t.Errorf("the corrupt file's content was not kept: %q", kept)
		}
		if len(p.Drills) != 0 {
			t.Error("a fresh record expected")
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Error("the corrupt file must not stay in place")
		}
	}
	if p, moved, err := Load(path); err != nil || moved != nil || p == nil {
		t.Error("a missing file is an empty record", err, moved)
	}
}
