// Package leaderboard keeps the drill scores of a meetup's visitors (name,
// car, drill, score, time) in one JSON file under the XDG data directory
// ($XDG_DATA_HOME/cockpit/leaderboard.json, by default
// ~/.local/share/cockpit/leaderboard.json). The kiosk shows it in its
// attract loop, `cockpit leaderboard` prints it, and an SSH server can post
// to the same Board.
//
// It takes the same care as the drill progress record (cockpit/progress):
// writes are atomic (a temporary file in the same directory, fsync,
// rename, fsync of the directory) and only ever replace a regular file; a
// file that cannot be read or holds values that mean nothing is moved
// aside as leaderboard.json.corrupt-<n> and reported, never overwritten
// silently; the file is bounded (MaxEntries entries, MaxFileBytes on
// load). Names are sanitised on the way in (Sanitize), so a visitor cannot
// put escape codes on the presenter's screen.
//
// The file is the board's truth, shared by every process that opens it: a
// meetup runs the kiosk on the projector and cockpit serve for the
// visitors' phones, and the projector's board must show the phones'
// scores. Every change locks the file (an advisory lock on a lock file
// beside it), reads what is on disk, applies itself and writes, so two
// processes never lose each other's entries and a reset by `cockpit
// leaderboard --reset` is not undone by a kiosk that still remembers the
// old scores. Refresh reads the file again when another process has
// written it. Within a process a Board is safe for concurrent use by its
// goroutines (the kiosk's Cmds, SSH sessions). It does I/O: call it before
// a program starts or from Cmds, never from a Bubble Tea Update.
package leaderboard

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Version is the file format's version; a newer file is refused (moved
// aside) rather than rewritten without the fields this build does not know.
const Version = 1

// FileName is the board's name inside the data directory.
const FileName = "leaderboard.json"

// MaxEntries bounds the board: a day of meetups is a few hundred drills.
// Past it the lowest score (the oldest among equals) is dropped, so the
// file stays small and the top of the board is never lost.
const MaxEntries = 500

// MaxFileBytes bounds what Open reads: MaxEntries entries are about
// 100 kB; a bigger file is not one this cockpit wrote.
const MaxFileBytes = 1 << 20

// MaxNameRunes bounds a visitor's name: it must fit a column of the board
// on an 80-column screen.
const MaxNameRunes = 20

// maxField bounds the car and drill fields, which come from the program
// (a profile's name, a drill's id), not the visitor.
const maxField = 64

// MaxScore is the top of the drills' rubric.
const MaxScore = 100

// Entry is one finished drill.
type Entry struct {
	Name  string    `json:"name"`
	Car   string    `json:"car"`
	Drill string    `json:"drill"`
	Score float64   `json:"score"`
	At    time.Time `json:"at"`
}

type file struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// Board is the leaderboard kept at one path.
type Board struct {
	mu   sync.Mutex
	path string
	// entries are the board as last read or written, with pending.
	entries []Entry
	// pending are entries added whose write failed: they are on the board
	// in memory and are written with the next change or Save.
	pending []Entry
	// stamp is the file as last read or written: Refresh reads it again
	// only when it has changed.
	stamp stamp
	// unsaved is the error of the last write when it failed; Save retries
	// it.
	unsaved error
}

// stamp identifies a version of the file without reading it: each write
// renames a new file into place, so a write by another process changes the
// file's identity even within one tick of the clock.
type stamp struct{ info os.FileInfo }

func stampOf(path string) stamp {
	info, err := os.Lstat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{info}
}

func (s stamp) same(t stamp) bool {
	if s.info == nil || t.info == nil {
		return s.info == nil && t.info == nil
	}
	return os.SameFile(s.info, t.info) && s.info.ModTime().Equal(t.info.ModTime()) && s.info.Size() == t.info.Size()
}

// Path is the board's file: $XDG_DATA_HOME/cockpit/leaderboard.json, or
// ~/.local/share/cockpit/leaderboard.json when XDG_DATA_HOME is unset or
// not absolute (as the XDG Base Directory specification asks). getenv is
// os.Getenv outside tests.
func Path(getenv func(string) string) (string, error) {
	dir := getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("leaderboard: no data directory: %w", err)
			}
			home = h
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "cockpit", FileName), nil
}

// Moved says that an unreadable board was moved aside.
type Moved struct {
	// To is where the unreadable file now is.
	To string
	// Err is why it could not be read.
	Err error
}

// Open reads the board at path. A missing file is an empty board (the
// file is written at the first Add). A file that cannot be parsed or
// validated is renamed to path.corrupt-<n> and an empty board returned
// with moved describing it, for the caller to tell the presenter. err is
// reserved for what prevents even that (the file cannot be read or moved,
// or is not a regular file).
func Open(path string) (b *Board, moved *Moved, err error) {
	removeStale(filepath.Dir(path), time.Now())
	b = &Board{path: path}
	data, err := readRegular(path)
	if errors.Is(err, fs.ErrNotExist) {
		return b, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("leaderboard: %w", err)
	}
	entries, perr := Parse(data)
	if perr == nil {
		b.entries, b.stamp = entries, stampOf(path)
		return b, nil, nil
	}
	perr = fmt.Errorf("%s: %w", path, perr)
	to, err := moveAside(path)
	if err != nil {
		return nil, nil, fmt.Errorf("leaderboard: %v, and it could not be moved aside: %w", perr, err)
	}
	return b, &Moved{To: to, Err: perr}, nil
}

// Parse reads and validates a board file's contents: its entries, best
// first. The error names the field that is wrong.
func Parse(data []byte) ([]Entry, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("larger than %d kB, not a board this cockpit wrote", MaxFileBytes>>10)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	switch {
	case f.Version == 0:
		return nil, errors.New("version: missing")
	case f.Version < 0 || f.Version > Version:
		return nil, fmt.Errorf("version: %d is not one this cockpit reads (1 to %d)", f.Version, Version)
	case len(f.Entries) > MaxEntries:
		return nil, fmt.Errorf("entries: %d entries, at most %d are kept", len(f.Entries), MaxEntries)
	}
	for i, e := range f.Entries {
		if err := e.check(); err != nil {
			return nil, fmt.Errorf("entries[%d].%w", i, err)
		}
	}
	sortEntries(f.Entries)
	return f.Entries, nil
}

// check validates an entry as read from a file: the name as Sanitize
// would leave it, the score in range, a real time.
func (e Entry) check() error {
	if e.Name == "" || Sanitize(e.Name, "") != e.Name {
		return fmt.Errorf("name: %q is not a name this cockpit writes (1 to %d printable characters)", e.Name, MaxNameRunes)
	}
	if e.Car == "" || cleanField(e.Car) != e.Car {
		return fmt.Errorf("car: %q is not a car's name", e.Car)
	}
	if e.Drill == "" || cleanField(e.Drill) != e.Drill {
		return fmt.Errorf("drill: %q is not a drill's id", e.Drill)
	}
	if math.IsNaN(e.Score) || math.IsInf(e.Score, 0) || e.Score < 0 || e.Score > MaxScore {
		return fmt.Errorf("score: %v is out of range (0 to %d)", e.Score, MaxScore)
	}
	if e.At.Year() < 2000 || e.At.Year() > 9999 {
		return fmt.Errorf("at: %s is not a time a drill was finished", e.At.Format(time.RFC3339))
	}
	return nil
}

// Sanitize makes a visitor's typed name safe to store and show: control
// characters (and so every escape sequence's introducer), format
// characters such as bidirectional overrides and zero-width joiners, and
// invalid UTF-8 are dropped; runs of spaces become one; the result is
// trimmed and cut to MaxNameRunes characters. An empty result is
// fallback (the caller's "visitor" in the UI's language).
func Sanitize(name, fallback string) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range name {
		if n >= MaxNameRunes {
			break
		}
		switch {
		case unicode.IsSpace(r): // tabs and newlines too: a name is one line
			space = b.Len() > 0
			continue
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.Co, r), unicode.Is(unicode.Cs, r), !unicode.IsPrint(r):
			continue
		}
		if space {
			if n+1 >= MaxNameRunes {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// cleanField sanitises a program-given field (a car's name, a drill's id)
// as Sanitize does a name, with a longer bound.
func cleanField(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if n >= maxField {
			break
		}
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || !unicode.IsPrint(r) {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// sortEntries orders the board: best score first, then the earlier entry
// (who got there first keeps the place), then by name for a stable order.
func sortEntries(es []Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		return a.Name < b.Name
	})
}

// Add puts a finished drill on the board and writes the file. The name is
// sanitised (an empty one becomes "visitor"; callers show their own
// language's word for it), the car and drill cleaned, the score clamped
// to 0-100 and a zero time set to now. It returns the entry as stored and
// its rank (1 = top of its drill). The entry stays on the board in memory
// when the write fails; Save retries it.
func (b *Board) Add(e Entry) (stored Entry, rank int, err error) {
	e.Name = Sanitize(e.Name, "visitor")
	e.Car, e.Drill = cleanField(e.Car), cleanField(e.Drill)
	if e.Car == "" {
		e.Car = "?"
	}
	if e.Drill == "" {
		return Entry{}, 0, errors.New("leaderboard: an entry needs its drill")
	}
	if math.IsNaN(e.Score) {
		e.Score = 0
	}
	e.Score = math.Round(min(max(e.Score, 0), MaxScore)*10) / 10
	if e.At.IsZero() {
		e.At = time.Now()
	}
	e.At = e.At.UTC().Truncate(time.Second)
	b.mu.Lock()
	defer b.mu.Unlock()
	unlock := lockFile(b.path)
	defer unlock()
	b.reloadLocked()
	b.pending = append(b.pending, e)
	b.entries = append(b.entries, e)
	sortEntries(b.entries)
	if len(b.entries) > MaxEntries {
		b.entries = b.entries[:MaxEntries] // the lowest, latest one goes
	}
	for _, x := range b.entries {
		if x.Drill == e.Drill {
			rank++
		}
		if x == e {
			break
		}
	}
	return e, rank, b.writeLocked()
}

// reloadLocked makes the board what the file holds now, plus the pending
// entries (the file is the truth: another process may have added to it or
// reset it). A file that cannot be read leaves the board as it is in
// memory; one that does not parse is moved aside first, so the next write
// does not silently replace it.
func (b *Board) reloadLocked() {
	st := stampOf(b.path)
	if st.same(b.stamp) {
		return // unchanged since we read or wrote it
	}
	var disk []Entry
	data, err := readRegular(b.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return
	default:
		entries, perr := Parse(data)
		if perr != nil {
			if _, err := moveAside(b.path); err != nil {
				return
			}
			break
		}
		disk = entries
	}
	b.entries = append(disk, b.pending...)
	sortEntries(b.entries)
	if len(b.entries) > MaxEntries {
		b.entries = b.entries[:MaxEntries]
	}
	b.stamp = st
}

// Refresh reads the file again when another process has written it since
// (the kiosk calls it every few seconds from a Cmd, so scores posted over
// SSH appear on the projector). Entries whose write failed stay on the
// board.
func (b *Board) Refresh() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reloadLocked()
}

// Top is the best n entries, of one drill when drill is not "" (n <= 0:
// all of them), best first. The slice is a copy.
func (b *Board) Top(n int, drill string) []Entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Entry
	for _, e := range b.entries {
		if drill != "" && e.Drill != drill {
			continue
		}
		if n > 0 && len(out) >= n {
			break
		}
		out = append(out, e)
	}
	return out
}

// Len is how many entries the board holds.
func (b *Board) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.entries)
}

// Reset empties the board and writes the empty file (the presenter's
// reset between meetups).
func (b *Board) Reset() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	unlock := lockFile(b.path)
	defer unlock()
	b.entries, b.pending = nil, nil
	return b.writeLocked()
}

// Save writes the board again when an earlier write failed (a full disk
// since cleared), so no entry is lost at exit; it does nothing otherwise.
// The error says what was lost.
func (b *Board) Save() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.unsaved == nil {
		return nil
	}
	unlock := lockFile(b.path)
	defer unlock()
	b.reloadLocked()
	if err := b.writeLocked(); err != nil {
		return fmt.Errorf("the leaderboard's latest entries were NOT saved to %s: %w", b.path, err)
	}
	return nil
}

// Path is where the board is kept.
func (b *Board) Path() string { return b.path }

func (b *Board) writeLocked() error {
	entries := b.entries
	if entries == nil {
		entries = []Entry{}
	}
	err := writeAtomic(b.path, file{Version: Version, Entries: entries})
	b.unsaved = err
	if err == nil {
		b.pending, b.stamp = nil, stampOf(b.path)
	}
	return err
}

// readRegular reads path if it is a regular file of at most MaxFileBytes:
// a FIFO would block Open for ever, a device never end, and neither may be
// moved aside or replaced as if it were our board.
func readRegular(path string) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s); move it away to start a board", path, info.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d kB, not a board this cockpit wrote", path, MaxFileBytes>>10)
	}
	return data, nil
}

// tempPattern names the temporary files of a write: a dot file beside the
// board, so removeStale knows which files are ours.
const tempPattern = "." + FileName + ".tmp-*"

// StaleAfter is how old a temporary file of ours must be before Open or a
// write removes it: a write takes milliseconds, so an hour-old one was
// left by a process that was killed.
const StaleAfter = time.Hour

func removeStale(dir string, now time.Time) {
	matches, err := filepath.Glob(filepath.Join(dir, tempPattern))
	if err != nil {
		return
	}
	for _, m := range matches {
		info, err := os.Lstat(m)
		if err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) > StaleAfter {
			_ = os.Remove(m)
		}
	}
}

func moveAside(path string) (string, error) {
	for n := 1; n < 1000; n++ {
		to := path + ".corrupt-" + strconv.Itoa(n)
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			return to, os.Rename(path, to)
		}
	}
	return "", errors.New("too many corrupt copies")
}

// writeAtomic writes v as JSON to path: a temporary file in the same
// directory (so the rename cannot cross filesystems), synced, renamed over
// path, the directory synced. It never replaces what is not a regular
// file. The directory is made 0700 when missing.
func writeAtomic(path string, v file) (err error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("leaderboard: %w", err)
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("leaderboard: %w", err)
	}
	removeStale(dir, time.Now())
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("leaderboard: %s is not a regular file (%s); it was not replaced", path, info.Mode().Type())
	}
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return fmt.Errorf("leaderboard: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("leaderboard: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("leaderboard: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // best effort: not every filesystem syncs directories
		_ = d.Close()
	}
	return nil
}
