package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// recordingExt names the files the cockpit keeps in its history.
const recordingExt = ".cockpit-rec"

// historyStamp names a kept session by the time it ended (UTC), so that
// the names sort by age.
const historyStamp = "2006-01-02T15-04-05.000"

// historyKeep is how many recent sessions the cockpit keeps.
const historyKeep = 10

// maxRecordingBytes bounds what replay reads: a day of driving with a key
// pressed every second is about 10 MB.
const maxRecordingBytes = 64 << 20

// buildVersion names this program and its assets for a recording: the VCS
// revision when the binary was built from a checkout, and a hash of every
// asset file (vehicles, maps, presets, scenarios, phrases), since either
// changes how a drive plays.
func buildVersion(afs fs.FS) string {
	rev := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.modified" && s.Value == "true" && rev != "unknown" {
				rev += "+modified"
			}
		}
	}
	return "cockpit=" + rev + " assets=" + assetsDigest(afs)
}

// assetsDigest hashes every asset file that shapes a drive or its log, in
// path order: vehicles, maps, presets, the cabin's data, the voice's words
// and the assistant's replies. The screen's texts, themes and sounds are
// left out (they change how a drive looks, not what happens in it), and so
// are the scenarios: a recording hashes its own scenario file, so editing
// another one does not make it unreplayable.
func assetsDigest(afs fs.FS) string {
	h := sha256.New()
	var files []string
	_ = fs.WalkDir(afs, ".", func(p string, d fs.DirEntry, err error) error {
		look := strings.HasPrefix(p, "ui/") || strings.HasPrefix(p, "themes/") || strings.HasPrefix(p, "sounds/") ||
			strings.HasPrefix(p, "scenarios/")
		// only regular files: a FIFO or device among the assets (no loader
		// reads it) would block the hash, and so the drive, at its start
		if err == nil && d.Type().IsRegular() && !look && !strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for _, f := range files {
		b, err := datafile.ReadFile(afs, f) // bounded, and a regular file still
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// versionsAgree compares a recording's version with this program's: the
// assets must be the same, and the revisions too when both are known.
func versionsAgree(recorded, ours string) bool {
	field := func(v, key string) string {
		for _, f := range strings.Fields(v) {
			if k, val, ok := strings.Cut(f, "="); ok && k == key {
				return val
			}
		}
		return ""
	}
	if field(recorded, "assets") != field(ours, "assets") {
		return false
	}
	r1, r2 := field(recorded, "cockpit"), field(ours, "cockpit")
	known := func(r string) bool { return r != "" && r != "unknown" && !strings.HasSuffix(r, "+modified") }
	return !known(r1) || !known(r2) || r1 == r2
}

// scenarioRef is how a recording names a scenario: its bundled name, or
// the absolute path of a file on disk (so a replay finds it from any
// folder), and the hash of its file so an edited one is noticed.
func scenarioRef(sfs fs.FS, name string) (string, string, error) {
	b, err := fs.ReadFile(sfs, name)
	if err != nil {
		return "", "", err
	}
	if f, ok := sfs.(fileFS); ok {
		name = f.path
	}
	sum := sha256.Sum256(b)
	return name, hex.EncodeToString(sum[:]), nil
}

// startFor describes a drive for its recording: the mode, the scenario
// given by name (found again as a user would give it), the seed used.
func startFor(mode, scenarioName string, afs fs.FS, seed uint64, lang string) (session.Start, error) {
	st := session.Start{Mode: mode, Seed: seed, Lang: lang, Version: buildVersion(afs)}
	if scenarioName == "" {
		return st, nil
	}
	sfs, name, err := openScenario(scenarioName, afs)
	if err != nil {
		return st, err
	}
	st.Scenario, st.ScenarioSHA256, err = scenarioRef(sfs, name)
	return st, err
}

// checkWriteTarget says whether a file flag (--record, --signals-out,
// --audio-out) may write path, before any work is done, so a mistake costs
// nothing and never a drive: into an existing folder we can write in, over
// nothing or, with force, over a regular file; never over a device, a FIFO,
// a folder or a link (to anything), which a rename would replace.
func checkWriteTarget(flag, path string, force bool) error {
	if path == "" {
		return nil
	}
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("%s %s: %v", flag, path, err)
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s %s: a symbolic link; name the file itself (a file is only ever written over a regular file)", flag, path)
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s %s: %s, not a regular file; a file is only ever written over a regular file", flag, path, fileKind(info.Mode()))
	case !force:
		return fmt.Errorf("%s %s: the file exists; add --force to replace it", flag, path)
	}
	dir := filepath.Dir(path)
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return fmt.Errorf("%s %s: the folder %s does not exist", flag, path, dir)
	}
	// The only sure test of a folder's permissions (a read-only mount,
	// ACLs, root) is to create a file in it, as the write will.
	probe, err := os.CreateTemp(dir, ".cockpit-probe-*")
	if err != nil {
		return fmt.Errorf("%s %s: cannot write in the folder %s: %v", flag, path, dir, errors.Unwrap(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// fileKind names what a non-regular file is, for a message.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// checkOutputs checks every output flag of a command at start (flag names
// to paths, in the order given as pairs) and that no two name one file,
// which the second write would silently replace.
func checkOutputs(force bool, flagsAndPaths ...string) error {
	seen := map[string]string{}
	for i := 0; i+1 < len(flagsAndPaths); i += 2 {
		flag, path := flagsAndPaths[i], flagsAndPaths[i+1]
		if path == "" {
			continue
		}
		if err := checkWriteTarget(flag, path, force); err != nil {
			return err
		}
		removeStaleTemps(path, time.Now())
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = path
		}
		if other, ok := seen[abs]; ok {
			return fmt.Errorf("%s %s: %s names the same file", flag, path, other)
		}
		seen[abs] = flag
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so a reader never sees half a recording and an interrupted write
// leaves the old file whole.
func writeFileAtomic(flag, path string, data []byte, force bool) error {
	if err := checkWriteTarget(flag, path, force); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	// A recording is an ordinary file of the user's (CreateTemp makes it
	// private); a file it replaces keeps its permissions.
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	merr := tmp.Chmod(mode)
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(merr, werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// saveRecording writes a session's recording to path.
func saveRecording(path string, s *session.Session, force bool) error {
	data, err := s.Recording().Marshal()
	if err != nil {
		return err
	}
	return writeFileAtomic("--record", path, data, force)
}

// historyDir is where the cockpit keeps its recent sessions: the XDG state
// directory ($XDG_STATE_HOME, by default ~/.local/state).
func historyDir() (string, error) {
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "cockpit", "recordings"), nil
}

// keepInHistory saves a session among the recent ones and forgets the
// oldest beyond historyKeep. It returns the file written.
func keepInHistory(s *session.Session, now time.Time) (string, error) {
	dir, err := historyDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	mode := s.Recording().Start.Mode
	name := now.UTC().Format(historyStamp) + "-" + mode + recordingExt
	path := filepath.Join(dir, name)
	if err := saveRecording(path, s, false); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return path, err
	}
	var ours []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), recordingExt) {
			ours = append(ours, e.Name())
		}
	}
	sort.Strings(ours) // names start with the time, so this is oldest first
	for len(ours) > historyKeep {
		os.Remove(filepath.Join(dir, ours[0]))
		ours = ours[1:]
	}
	return path, nil
}

// keepSession writes a finished session's recording: to --record's file
// when one was given (an error there fails the command, since the user
// asked for it), and among the recent sessions in the history (a failure
// there is only reported).
func keepSession(s *session.Session, path string, force bool, stderr io.Writer) error {
	if _, err := keepInHistory(s, time.Now()); err != nil {
		fmt.Fprintln(stderr, "cockpit: could not keep the session in the history:", err)
	}
	if path == "" {
		return nil
	}
	if err := saveRecording(path, s, force); err != nil {
		return fmt.Errorf("--record: %w", err)
	}
	return nil
}

// keepAttempts keeps every drill attempt in the history and writes the
// last one to --record's file.
func keepAttempts(attempts []*session.Session, path string, force bool, stderr io.Writer) error {
	for i, s := range attempts {
		last := i == len(attempts)-1
		if !last {
			if _, err := keepInHistory(s, time.Now().Add(time.Duration(i-len(attempts))*time.Millisecond)); err != nil {
				fmt.Fprintln(stderr, "cockpit: could not keep the session in the history:", err)
			}
			continue
		}
		return keepSession(s, path, force, stderr)
	}
	return nil
}

// kept lists the kept sessions' files, newest first.
func kept() ([]string, error) {
	dir, err := historyDir()
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- { // names start with the time
		if e := entries[i]; e.Type().IsRegular() && strings.HasSuffix(e.Name(), recordingExt) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// historyFile resolves replay's argument: "last" or a number picks a kept
// session (1 = the newest), anything else is a file.
func historyFile(arg string) (string, error) {
	n := 0
	if arg == "last" {
		n = 1
	} else if v, err := strconv.Atoi(arg); err == nil {
		n = v
	} else {
		return arg, nil
	}
	files, err := kept()
	if err != nil {
		return "", err
	}
	if n < 1 || n > len(files) {
		return "", fmt.Errorf("%s: %d sessions are kept (see cockpit replay --list)", arg, len(files))
	}
	return files[n-1], nil
}

// listHistory prints the kept sessions, newest first, numbered for replay.
func listHistory(stdout, stderr io.Writer) int {
	files, err := kept()
	if err != nil {
		fmt.Fprintln(stderr, "cockpit replay:", err)
		return exitInvalid
	}
	if len(files) == 0 {
		dir, _ := historyDir()
		fmt.Fprintf(stdout, "No sessions kept yet (they go to %s).\n", dir)
		return exitOK
	}
	rows := [][]string{{"#", "ended", "mode", "scenario", "length", "file"}}
	for i, f := range files {
		mode, scen, length := "?", "", ""
		if rec, err := loadRecording(f); err == nil {
			mode, scen, length = rec.Start.Mode, path.Base(rec.Start.Scenario), rec.End.Clock()
		} else {
			mode = "unreadable"
		}
		if scen == "." {
			scen = "the default drive"
		}
		ended := filepath.Base(f)
		if len(ended) > len(historyStamp) {
			ended = ended[:len(historyStamp)] // the name starts with when it ended
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), ended, mode, scen, length, f})
	}
	table(stdout, rows)
	return exitOK
}

// loadRecording reads and parses a recording file; only a regular file is
// read (a FIFO would block for ever), and at most maxRecordingBytes.
func loadRecording(path string) (*session.Recording, error) {
	// Look before opening: opening a FIFO blocks until a writer comes.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxRecordingBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxRecordingBytes {
		return nil, fmt.Errorf("%s: larger than %d MB, not a recording this cockpit made", path, maxRecordingBytes>>20)
	}
	return session.Parse(path, data)
}

// driveSetup is the cockpit's drive: cfg as driveConfig made it, a
// scenario's script when one was named, its driver at the start.
func driveSetup(cfg sim.Config, sc *scenario.Scenario, driver *sim.DriverState) session.Setup {
	return session.Setup{Config: cfg, UseConfig: true, Scenario: sc, Driver: driver}
}

// replayDrive is a recording's drive built again: the setup to replay and
// what the cockpit showed around it.
type replayDrive struct {
	setup   session.Setup
	preroll sim.Millis
}

// rebuild builds the session a recording describes, refusing one made by
// another version or from a scenario file that has changed since.
// given is the --hmi file (nil: none), which must be the one the
// recording names.
func rebuild(rec *session.Recording, afs fs.FS, env *scenario.Env, given *hmi.Takeover) (*replayDrive, error) {
	st := rec.Start
	line := func(format string, args ...any) error {
		return fmt.Errorf("%s:2: %s", rec.File, fmt.Sprintf(format, args...))
	}
	if ours := buildVersion(afs); !versionsAgree(st.Version, ours) {
		return nil, line("recorded by %s, but this is %s: a replay would not show the same drive", st.Version, ours)
	}
	var sc *scenario.Scenario
	if st.Scenario != "" {
		sfs, name, err := openScenario(st.Scenario, afs)
		if err != nil {
			return nil, fmt.Errorf("%s: the recorded scenario: %w", rec.File, err)
		}
		_, sum, err := scenarioRef(sfs, name)
		if err != nil {
			return nil, err
		}
		if sum != st.ScenarioSHA256 {
			return nil, fmt.Errorf("%s: the scenario %s has changed since the drive was recorded", rec.File, st.Scenario)
		}
		if sc, err = scenario.Load(sfs, name, env); err != nil {
			return nil, err
		}
	}
	d := &replayDrive{preroll: st.PrerollMs}
	var su session.Setup
	if drill, ok := session.DrillModeOf(st.Mode); ok {
		if sc == nil {
			return nil, fmt.Errorf("%s: a %s recording names no scenario", rec.File, st.Mode)
		}
		seed := st.Seed
		su = session.ScenarioSetup(sc, drill, &seed) // as cockpit run and the drills built it
	} else if st.Mode == session.ModeDrive {
		cfg, _, driver, err := driveConfig(env, afs, st.Scenario, st.Vehicle)
		if err != nil {
			return nil, err
		}
		cfg.Seed = st.Seed
		su = driveSetup(cfg, sc, driver)
	} else {
		return nil, fmt.Errorf("%s: unknown mode %q", rec.File, st.Mode)
	}
	su.Start = st
	h, err := replayHMI(rec, given, afs)
	if err != nil {
		return nil, err
	}
	su.HMI = h
	voices, err := newVoiceMaker(afs)
	if err != nil {
		return nil, err
	}
	su.Voice = voices.voice(su.Config.Map)
	d.setup = su
	return d, nil
}
