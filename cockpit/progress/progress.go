// Package progress keeps a trainee's handover-drill record: attempts, best
// and last scores and the trend of each drill, in one JSON file under the
// user's XDG data directory ($XDG_DATA_HOME/cockpit/progress.json, by
// default ~/.local/share/cockpit/progress.json).
//
// The file is written atomically (a temporary file in the same directory,
// fsync, rename, fsync of the directory), so a crash or a full disk leaves
// either the old record or the new one, never half of one. A file that
// cannot be read is never overwritten silently: Load moves it aside as
// progress.json.corrupt-<n> and says so, so the user can recover it. A
// file that parses but holds numbers that mean nothing (a score outside 0
// to 100, a negative count) counts as unreadable, with the field named.
// Only a regular file is read or replaced. Temporary files a killed save
// left behind are removed by the next Load or Save once an hour old.
//
// The package does I/O; the cockpit calls it before the program starts and
// from Cmds, never from Update.
package progress

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
	"time"
)

// Version is the file format's version; a newer file is refused rather
// than rewritten with fields this build does not know.
const Version = 1

// HistoryLen bounds the scores kept per drill: enough for a trend and a
// chart, small enough that the file stays a few kilobytes.
const HistoryLen = 20

// FileName is the record's name inside the data directory.
const FileName = "progress.json"

// Drill is one drill's record.
type Drill struct {
	Attempts int     `json:"attempts"`
	Best     float64 `json:"best"`
	Last     float64 `json:"last"`
	// Scores are the latest attempts' totals, oldest first (at most
	// HistoryLen).
	Scores []float64 `json:"scores"`
	// LastAt is when the last attempt was saved (set by Save's caller's
	// clock through Record; zero when unknown).
	LastAt time.Time `json:"last_at,omitzero"`
}

// Progress is the whole record, by drill id (the scenario's file name
// without extension, e.g. "01-planned-exit").
type Progress struct {
	Version int               `json:"version"`
	Drills  map[string]*Drill `json:"drills"`
}

// New returns an empty record.
func New() *Progress { return &Progress{Version: Version, Drills: map[string]*Drill{}} }

// Record adds an attempt's score; it reports whether it is a new best: one
// that beats an earlier best (a first attempt sets the best but beats
// nothing, so an 11/100 is never announced as one).
func (p *Progress) Record(id string, score float64, at time.Time) bool {
	d := p.Drills[id]
	if d == nil {
		d = &Drill{}
		p.Drills[id] = d
	}
	first := d.Attempts == 0
	best := !first && score > d.Best
	d.Attempts++
	d.Last = score
	if first || best {
		d.Best = score
	}
	d.Scores = append(d.Scores, score)
	if len(d.Scores) > HistoryLen {
		d.Scores = append([]float64(nil), d.Scores[len(d.Scores)-HistoryLen:]...)
	}
	d.LastAt = at
	return best
}

// Trend is the change of the last score over the mean of the up to three
// attempts before it: positive when improving. It is 0 with fewer than
// two attempts.
func (d *Drill) Trend() float64 {
	if d == nil || len(d.Scores) < 2 {
		return 0
	}
	n := len(d.Scores)
	prev := d.Scores[max(n-4, 0) : n-1]
	sum := 0.0
	for _, s := range prev {
		sum += s
	}
	return d.Scores[n-1] - sum/float64(len(prev))
}

// Clone is a deep copy, for saving from a Cmd while the UI goes on.
func (p *Progress) Clone() *Progress {
	c := &Progress{Version: p.Version, Drills: make(map[string]*Drill, len(p.Drills))}
	for id, d := range p.Drills {
		dd := *d
		dd.Scores = append([]float64(nil), d.Scores...)
		c.Drills[id] = &dd
	}
	return c
}

// Path is the record's file: $XDG_DATA_HOME/cockpit/progress.json, or
// ~/.local/share/cockpit/progress.json when XDG_DATA_HOME is unset or not
// absolute (as the XDG Base Directory specification asks). getenv is
// os.Getenv outside tests.
func Path(getenv func(string) string) (string, error) {
	dir := getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("progress: no data directory: %w", err)
			}
			home = h
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "cockpit", FileName), nil
}

// Moved says that an unreadable record was moved aside.
type Moved struct {
	// To is where the unreadable file now is.
	To string
	// Err is why it could not be read.
	Err error
}

// Load reads the record at path. A missing file is an empty record. A file
// that cannot be parsed (or has a newer version) is renamed to
// path.corrupt-<n> (the first n free) and an empty record returned with
// moved describing it, for the UI to tell the user. err is reserved for
// what prevents even that (the file cannot be read or moved).
func Load(path string) (p *Progress, moved *Moved, err error) {
	removeStale(filepath.Dir(path), time.Now())
	data, err := readRegular(path)
	if errors.Is(err, fs.ErrNotExist) {
		return New(), nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("progress: %w", err)
	}
	p, perr := parse(data)
	if perr == nil {
		return p, nil, nil
	}
	perr = fmt.Errorf("%s: %w", path, perr)
	to, err := moveAside(path)
	if err != nil {
		return nil, nil, fmt.Errorf("progress: %v, and it could not be moved aside: %w", perr, err)
	}
	return New(), &Moved{To: to, Err: perr}, nil
}

// MaxFileBytes bounds what Load reads: a record of a thousand drills is
// about 1 MB; a bigger file is not one this cockpit wrote.
const MaxFileBytes = 4 << 20

// readRegular reads path if it is a regular file of at most MaxFileBytes:
// a FIFO would block Load for ever, a device never end, and neither may be
// moved aside or replaced as if it were our record.
func readRegular(path string) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s); move it away to start a record", path, info.Mode().Type())
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
		return nil, fmt.Errorf("%s is larger than %d MB, not a record this cockpit wrote", path, MaxFileBytes>>20)
	}
	return data, nil
}

func parse(data []byte) (*Progress, error) {
	var p Progress
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	switch {
	case p.Version == 0:
		return nil, errors.New("version: missing")
	case p.Version < 0 || p.Version > Version:
		return nil, fmt.Errorf("version: %d is not one this cockpit reads (1 to %d)", p.Version, Version)
	}
	if p.Drills == nil {
		p.Drills = map[string]*Drill{}
	}
	ids := make([]string, 0, len(p.Drills))
	for id := range p.Drills {
		ids = append(ids, id)
	}
	sort.Strings(ids) // the same file always gets the same message
	for _, id := range ids {
		if p.Drills[id] == nil {
			return nil, fmt.Errorf("drills.%s: null, not a drill's record", id)
		}
		if err := p.Drills[id].check(); err != nil {
			return nil, fmt.Errorf("drills.%s.%w", id, err)
		}
	}
	return &p, nil
}

// MaxScore is the top of the drills' rubric: every score is 0 to 100.
const MaxScore = 100

// check validates one drill's record: every score in [0, MaxScore] (a NaN
// or 1e308 would show as a best no one can beat), the count not negative
// and not below the scores kept, the time of the last attempt a real one.
// The error names the field.
func (d *Drill) check() error {
	score := func(field string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > MaxScore {
			return fmt.Errorf("%s: %v is out of range (0 to %d)", field, v, MaxScore)
		}
		return nil
	}
	if d.Attempts < 0 {
		return fmt.Errorf("attempts: %d is out of range (0 or more)", d.Attempts)
	}
	if err := score("best", d.Best); err != nil {
		return err
	}
	if err := score("last", d.Last); err != nil {
		return err
	}
	if len(d.Scores) > HistoryLen {
		return fmt.Errorf("scores: %d scores, at most %d are kept", len(d.Scores), HistoryLen)
	}
	if len(d.Scores) > d.Attempts {
		return fmt.Errorf("scores: %d scores for %d attempts", len(d.Scores), d.Attempts)
	}
	for i, v := range d.Scores {
		if err := score(fmt.Sprintf("scores[%d]", i), v); err != nil {
			return err
		}
	}
	if !d.LastAt.IsZero() && (d.LastAt.Year() < 2000 || d.LastAt.Year() > 9999) {
		return fmt.Errorf("last_at: %s is not a time an attempt was saved", d.LastAt.Format(time.RFC3339))
	}
	return nil
}

// tempPattern names Save's temporary files (os.CreateTemp's pattern): a
// dot file beside the record, so removeStale knows which files are ours.
const tempPattern = "." + FileName + ".tmp-*"

// StaleAfter is how old a temporary file of ours must be before Load or
// Save removes it: a save takes milliseconds, so an hour-old one was left
// by a save that was killed, never by one still running in another
// cockpit.
const StaleAfter = time.Hour

// removeStale deletes the temporary files a killed save left in dir: only
// regular files named by tempPattern and older than StaleAfter; nothing
// else is touched, and a failure is no reason to stop a load or save.
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

// moveAside renames path to the first free path.corrupt-<n>. Link then
// remove would be atomic against a concurrent writer too, but rename after
// a check is enough for one user's file and works on every filesystem.
func moveAside(path string) (string, error) {
	for n := 1; n < 1000; n++ {
		to := path + ".corrupt-" + strconv.Itoa(n)
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			return to, os.Rename(path, to)
		}
	}
	return "", errors.New("too many corrupt copies")
}

// Save writes the record atomically: to a temporary file in the same
// directory (so the rename cannot cross filesystems), synced to disk, then
// renamed over path, and the directory synced so the rename itself
// survives a power cut. The directory is created (0700: scores are
// personal) when missing.
func Save(path string, p *Progress) (err error) {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("progress: %w", err)
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("progress: %w", err)
	}
	removeStale(dir, time.Now())
	// Never rename over what is not a regular file: a FIFO or a link
	// there is someone else's, and Load refuses it too.
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("progress: %s is not a regular file (%s); it was not replaced", path, info.Mode().Type())
	}
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return fmt.Errorf("progress: %w", err)
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
		return fmt.Errorf("progress: %w", err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("progress: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // best effort: not every filesystem syncs directories
		_ = d.Close()
	}
	return nil
}
