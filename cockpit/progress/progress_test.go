package progress

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// TestLoadRefusesMeaninglessNumbers: a record whose numbers mean nothing
// (best -50, last 1e308, a score over 100, a negative count) is not taken:
// the message names the file and the field with the allowed range, the
// file is kept aside and a fresh record starts, so the curriculum never
// shows an unbeatable best.
func TestLoadRefusesMeaninglessNumbers(t *testing.T) {
	rec := func(fields string) string {
		return `{"version": 1, "drills": {"01-planned-exit": {"attempts": 2, "best": 80, "last": 70, "scores": [80, 70]` + fields + `}}}`
	}
	for _, tc := range []struct{ file, want string }{
		{rec(`, "best": -50`), "drills.01-planned-exit.best: -50 is out of range (0 to 100)"},
		{rec(`, "last": 1e308`), "drills.01-planned-exit.last: 1e+308 is out of range (0 to 100)"},
		{rec(`, "scores": [80, 100.5]`), "drills.01-planned-exit.scores[1]: 100.5 is out of range (0 to 100)"},
		{rec(`, "attempts": -1`), "drills.01-planned-exit.attempts: -1 is out of range (0 or more)"},
		{rec(`, "attempts": 1`), "drills.01-planned-exit.scores: 2 scores for 1 attempts"},
		{rec(`, "last_at": "0001-01-01T00:00:01Z"`), "drills.01-planned-exit.last_at"},
		{`{"version": -3, "drills": {}}`, "version: -3 is not one this cockpit reads (1 to 1)"},
		{`{"version": 1, "drills": {"x": null}}`, "drills.x: null"},
		{`{"version": 1, "drills": {"x": {"best": NaN}}}`, "invalid character"},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
			t.Fatal(err)
		}
		p, moved, err := Load(path)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if moved == nil || !strings.Contains(moved.Err.Error(), path+": ") || !strings.Contains(moved.Err.Error(), tc.want) {
			t.Errorf("%s: moved %+v, want an error naming %s and %q", tc.file, moved, path, tc.want)
			continue
		}
		if kept, _ := os.ReadFile(path + ".corrupt-1"); string(kept) != tc.file {
			t.Errorf("%s: the refused file was not kept aside", tc.file)
		}
		if len(p.Drills) != 0 {
			t.Errorf("%s: a fresh record expected", tc.file)
		}
	}
}

// TestStaleTempFilesAreRemoved: a save killed between creating its
// temporary file and renaming it left .progress.json.tmp-* for ever; the
// next Load or Save removes ours once they are over an hour old, and
// nothing else: not a fresh one (a save in progress), not another file.
func TestStaleTempFilesAreRemoved(t *testing.T) {
	for _, op := range []string{"load", "save"} {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		old := filepath.Join(dir, ".progress.json.tmp-123")
		fresh := filepath.Join(dir, ".progress.json.tmp-456")
		other := filepath.Join(dir, ".notes.tmp-1")
		for _, f := range []string{old, fresh, other} {
			if err := os.WriteFile(f, []byte("{"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		long := time.Now().Add(-2 * time.Hour)
		for _, f := range []string{old, other} {
			if err := os.Chtimes(f, long, long); err != nil {
				t.Fatal(err)
			}
		}
		if op == "load" {
			if _, _, err := Load(path); err != nil {
				t.Fatal(err)
			}
		} else if err := Save(path, New()); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(old); !os.IsNotExist(err) {
			t.Errorf("%s: the stale temporary file is still there", op)
		}
		for _, f := range []string{fresh, other} {
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: %s was removed: %v", op, f, err)
			}
		}
	}
}

// TestOnlyARegularFileIsReadOrReplaced: a FIFO where the record belongs
// is refused by Load (reading it would block or take whatever is written
// to it) and by Save (the rename would replace it); it is still a FIFO.
func TestOnlyARegularFileIsReadOrReplaced(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	// A writer offers a valid record through the FIFO: a Load that opened
	// it would take it.
	go func() {
		if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			_, _ = f.WriteString(`{"version": 1, "drills": {}}`)
			_ = f.Close()
		}
	}()
	_, _, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load of a FIFO: %v, want a refusal", err)
	}
	// Release the writer if Load did not read.
	if f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		_ = f.Close()
	}
	if err := Save(path, New()); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Save over a FIFO: %v, want a refusal", err)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("the FIFO was replaced: %v", err)
	}
}
