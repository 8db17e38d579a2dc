package leaderboard

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

var at = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

func TestPath(t *testing.T) {
	env := map[string]string{"XDG_DATA_HOME": "/x/data", "HOME": "/home/v"}
	p, err := Path(func(k string) string { return env[k] })
	if err != nil || p != "/x/data/cockpit/leaderboard.json" {
		t.Errorf("Path = %q, %v", p, err)
	}
	env["XDG_DATA_HOME"] = "relative"
	if p, _ := Path(func(k string) string { return env[k] }); p != "/home/v/.local/share/cockpit/leaderboard.json" {
		t.Errorf("a relative XDG_DATA_HOME is ignored: %q", p)
	}
}

func TestAddTopResetRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", FileName)
	b, moved, err := Open(path)
	if err != nil || moved != nil || b.Len() != 0 {
		t.Fatalf("Open of a missing file: %v %v %d", err, moved, b.Len())
	}
	for i, e := range []Entry{
		{Name: "Li", Car: "Xiaomi SU7", Drill: "04-fog", Score: 71, At: at},
		{Name: "Ann", Car: "NIO ET7", Drill: "04-fog", Score: 93.26, At: at.Add(time.Minute)},
		{Name: "Bo", Car: "NIO ET7", Drill: "01-planned-exit", Score: 150, At: at.Add(2 * time.Minute)},
	} {
		_, rank, err := b.Add(e)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{1, 1, 1}[i]; rank != want {
			t.Errorf("entry %d: rank %d, want %d", i, rank, want)
		}
	}
	top := b.Top(5, "04-fog")
	if len(top) != 2 || top[0].Name != "Ann" || top[0].Score != 93.3 || top[1].Name != "Li" {
		t.Errorf("Top(5, fog) = %+v", top)
	}
	if all := b.Top(0, ""); len(all) != 3 || all[0].Score != 100 {
		t.Errorf("Top(0) = %+v (the 150 is clamped to 100)", all)
	}
	b2, moved, err := Open(path)
	if err != nil || moved != nil {
		t.Fatal(err, moved)
	}
	if got := b2.Top(0, ""); fmt.Sprint(got) != fmt.Sprint(b.Top(0, "")) {
		t.Errorf("reopened: %v, want %v", got, b.Top(0, ""))
	}
	if err := b2.Reset(); err != nil {
		t.Fatal(err)
	}
	b3, _, err := Open(path)
	if err != nil || b3.Len() != 0 {
		t.Errorf("after Reset: %d entries, %v", b3.Len(), err)
	}
	if info, err := os.Stat(filepath.Dir(path)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("the data directory is made 0700: %v %v", info.Mode(), err)
	}
}

func TestBounded(t *testing.T) {
	b, _, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	for i := range MaxEntries + 50 {
		if _, _, err := b.Add(Entry{Name: "v", Car: "c", Drill: "d", Score: float64(i % 101), At: at.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	if b.Len() != MaxEntries {
		t.Errorf("%d entries, want %d", b.Len(), MaxEntries)
	}
	if top := b.Top(1, ""); top[0].Score != 100 {
		t.Errorf("the top survives the bound: %v", top)
	}
	info, _ := os.Stat(b.Path())
	if info.Size() > MaxFileBytes {
		t.Errorf("a full board is %d bytes, more than Open reads", info.Size())
	}
}

func TestConcurrentWriters(t *testing.T) {
	b, _, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if _, _, err := b.Add(Entry{Name: fmt.Sprintf("w%d-%d", w, i), Car: "c", Drill: "d", Score: 50, At: at}); err != nil {
					t.Error(err)
				}
				_ = b.Top(3, "d")
			}
		}()
	}
	wg.Wait()
	again, moved, err := Open(b.Path())
	if err != nil || moved != nil || again.Len() != 80 {
		t.Errorf("after 80 concurrent adds the file has %d entries (%v %v)", again.Len(), moved, err)
	}
}

func TestCorruptMovedAside(t *testing.T) {
	for name, content := range map[string]string{
		"syntax":  `{"version": 1, "entries": [`,
		"version": `{"version": 9, "entries": []}`,
		"missing": `{"entries": []}`,
		"score":   `{"version":1,"entries":[{"name":"a","car":"c","drill":"d","score":1e308,"at":"2026-12-04T10:00:00Z"}]}`,
		"escape":  `{"version":1,"entries":[{"name":"\u001b[2Jx","car":"c","drill":"d","score":1,"at":"2026-12-04T10:00:00Z"}]}`,
		"long":    `{"version":1,"entries":[{"name":"` + strings.Repeat("a", 40) + `","car":"c","drill":"d","score":1,"at":"2026-12-04T10:00:00Z"}]}`,
		"time":    `{"version":1,"entries":[{"name":"a","car":"c","drill":"d","score":1,"at":"0001-01-01T00:00:00Z"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			b, moved, err := Open(path)
			if err != nil || moved == nil || b.Len() != 0 {
				t.Fatalf("Open: %v, moved %v", err, moved)
			}
			if moved.To != path+".corrupt-1" {
				t.Errorf("moved to %s", moved.To)
			}
			if data, err := os.ReadFile(moved.To); err != nil || string(data) != content {
				t.Errorf("the bad file is kept as it was: %v", err)
			}
			if !strings.Contains(moved.Err.Error(), path) {
				t.Errorf("the error names the file: %v", moved.Err)
			}
		})
	}
}

func TestOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, _, err := Open(path); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Open of a FIFO: %v", err)
	}
	b := &Board{path: path}
	if _, _, err := b.Add(Entry{Name: "a", Car: "c", Drill: "d", Score: 1}); err == nil {
		t.Error("Add replaced a FIFO")
	}
	if err := b.Save(); err == nil {
		t.Error("Save after a failed write must retry and fail again")
	}
	if info, err := os.Lstat(path); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"  Ann  ":                           "Ann",
		"\x1b[31mRed\x1b[0m":                "[31mRed[0m",
		"a\tb\n\nc":                         "a b c",
		"\u202eevil":                        "evil",
		"zero\u200bwidth":                   "zerowidth",
		"":                                  "visitor",
		"\x00\x07":                          "visitor",
		"李雷":                                "李雷",
		strings.Repeat("x", 30):             strings.Repeat("x", MaxNameRunes),
		"bad\xffutf8":                       "badutf8",
		"a" + strings.Repeat(" ", 30) + "b": "a b",
	} {
		if got := Sanitize(in, "visitor"); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"Ann", "\x1b]0;title\x07", "李雷 ", "\u202e", strings.Repeat("ab ", 20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := Sanitize(in, "visitor")
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > MaxNameRunes || got == "" {
			t.Fatalf("Sanitize(%q) = %q", in, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("Sanitize(%q) kept %U", in, r)
			}
		}
		if got != strings.TrimSpace(got) || Sanitize(got, "visitor") != got {
			t.Fatalf("Sanitize(%q) = %q is not trimmed or not stable", in, got)
		}
		// What Add stores, Open accepts.
		e := Entry{Name: got, Car: "c", Drill: "d", Score: 1, At: at}
		if err := e.check(); err != nil {
			t.Fatalf("a sanitised name is refused on load: %v", err)
		}
	})
}

func FuzzParse(f *testing.F) {
	good, _ := json.Marshal(file{Version: 1, Entries: []Entry{{Name: "a", Car: "c", Drill: "d", Score: 5, At: at}}})
	f.Add(good)
	f.Add([]byte(`{"version":1,"entries":null}`))
	f.Add([]byte(`{"version":1,"entries":[{"score":-1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Parse(data)
		if err != nil {
			return
		}
		if len(entries) > MaxEntries {
			t.Fatalf("%d entries accepted", len(entries))
		}
		for i, e := range entries {
			if err := e.check(); err != nil {
				t.Fatalf("entry %d accepted but invalid: %v", i, err)
			}
			if i > 0 && e.Score > entries[i-1].Score {
				t.Fatal("not sorted best first")
			}
		}
		// A board that parsed writes back a file that parses the same.
		out, err := json.Marshal(file{Version: Version, Entries: entries})
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out)
		if err != nil || len(again) != len(entries) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// TestTwoProcessesShareTheFile is the meetup's set-up: the kiosk and
// cockpit serve (two processes, so two Boards) post to one file. Neither
// loses the other's entries, each sees the other's after Refresh, and a
// reset by one (or by cockpit leaderboard --reset) is not undone by the
// other's next post.
func TestTwoProcessesShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	kiosk, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	serve, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := kiosk.Add(Entry{Name: "Li", Car: "c", Drill: "d", Score: 70, At: at}); err != nil {
		t.Fatal(err)
	}
	_, rank, err := serve.Add(Entry{Name: "Ann", Car: "c", Drill: "d", Score: 90, At: at})
	if err != nil || rank != 1 {
		t.Fatalf("serve's 90 after the kiosk's 70: rank %d (%v), want 1", rank, err)
	}
	if got := serve.Top(0, ""); len(got) != 2 {
		t.Errorf("serve's board after its add holds %v; want the kiosk's entry too", got)
	}
	if got := kiosk.Top(0, ""); len(got) != 1 {
		t.Errorf("the kiosk's board changed before Refresh: %v", got)
	}
	kiosk.Refresh()
	if got := kiosk.Top(0, ""); len(got) != 2 || got[0].Name != "Ann" {
		t.Errorf("the kiosk's board after Refresh: %v; want Ann then Li", got)
	}
	again, _, _ := Open(path)
	if again.Len() != 2 {
		t.Errorf("the file holds %d entries, want 2", again.Len())
	}

	// the presenter resets with cockpit leaderboard --reset (a third Board)
	if err := again.Reset(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := kiosk.Add(Entry{Name: "Bo", Car: "c", Drill: "d", Score: 50, At: at}); err != nil {
		t.Fatal(err)
	}
	if got := kiosk.Top(0, ""); len(got) != 1 || got[0].Name != "Bo" {
		t.Errorf("after a reset elsewhere, the kiosk's add left %v; want Bo alone (the old scores stay reset)", got)
	}
	serve.Refresh()
	if got := serve.Top(0, ""); len(got) != 1 {
		t.Errorf("serve after the reset and Bo: %v", got)
	}
}

// TestConcurrentProcesses runs many Boards on one file at once, as
// processes would: every entry reaches the file.
func TestConcurrentProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var wg sync.WaitGroup
	for w := range 4 {
		b, _, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				if _, _, err := b.Add(Entry{Name: fmt.Sprintf("p%d-%d", w, i), Car: "c", Drill: "d", Score: float64(i), At: at}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	b, _, err := Open(path)
	if err != nil || b.Len() != 40 {
		t.Errorf("4 boards × 10 adds on one file left %d entries (%v); want 40", b.Len(), err)
	}
}

// TestAFailedWriteIsKeptAcrossARefresh: an entry whose write failed stays
// on the board when the file is read again, and is written by Save.
func TestAFailedWriteIsKeptAcrossARefresh(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	b, _, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Add(Entry{Name: "Li", Car: "c", Drill: "d", Score: 70, At: at}); err != nil {
		t.Fatal(err)
	}
	// something that is not our file takes the board's place (a folder:
	// never replaced), so the next write fails, even for root
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Add(Entry{Name: "Ann", Car: "c", Drill: "d", Score: 90, At: at}); err == nil {
		t.Fatal("a write over a folder succeeded")
	}
	b.Refresh()
	if got := b.Top(0, ""); len(got) != 2 {
		t.Errorf("after a failed write and a Refresh the board holds %v; want both", got)
	}
	// the obstacle goes, the old file comes back (as after a full disk)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	again, _, _ := Open(path)
	if again.Len() != 2 {
		t.Errorf("Save wrote %d entries, want 2", again.Len())
	}
}
