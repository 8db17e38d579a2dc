package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

const replayUsage = `Usage: cockpit replay FILE|last|N [flags]
       cockpit replay --list

Replays a recorded drive (cockpit --record, cockpit drill --record,
cockpit run --record, or one of the last sessions the cockpit keeps in
$XDG_STATE_HOME/cockpit/recordings). In a terminal it opens the cockpit
read-only with a timeline of the whole drive: space plays and pauses,
+ and - change the speed, ← → seek 10 s (shift: 1 min), [ and ] jump to
the previous and next event, { and } to the previous and next takeover, a
click or drag on the timeline seeks there, and t takes over: the replay
becomes a live drive from that instant.

FILE may also be "last" (the newest of the kept sessions) or N (the N-th
newest, as --list numbers them).

Flags:
  --list           list the kept sessions, newest first
  --json           print the replayed event log as JSON lines and check it
                   against the recording
  --at TIME        print the drive's state at TIME (12:30, 1:02:03, 90s)
                   (with --json: as one JSON object)
  --lang, --theme, --audio, --audio-out, --assets   as for cockpit
  --record FILE    after t, write the live drive's recording to FILE
  --force          let --record and --audio-out replace an existing file
  --hmi FILE       the takeover HMI file the drive was recorded with, when
                   it was driven with --hmi (the recording names its digest;
                   another file, or none, is refused)
  --capture-dir DIR  where ctrl+s writes its captures of the instant shown
                   (text, ANSI and SVG, named by the replay's time; default:
                   the XDG pictures folder's cockpit/)

Exit status: 0 when the replay reproduces the recording, 2 when the file is
not a valid recording, was edited, or was made by another version.
` + signalHelp

// runReplay replays a recording.
func runReplay(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := newFlags("replay", stderr)
	fset.Usage = func() { fmt.Fprint(stderr, replayUsage) }
	jsonOut := fset.Bool("json", false, "print the event log as JSON lines")
	at := fset.String("at", "", "print the state at this drive time")
	list := fset.Bool("list", false, "list the kept sessions")
	sf := addScreenFlags(fset)
	files, err := parseInterleaved(fset, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if *list {
		return listHistory(stdout, stderr)
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "cockpit replay: name one recording\n\n%s", replayUsage)
		return exitInvalid
	}
	file, err := historyFile(files[0])
	if err != nil {
		fmt.Fprintln(stderr, "cockpit replay:", err)
		return exitInvalid
	}
	rec, err := loadRecording(file)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit replay:", err)
		return exitInvalid
	}
	afs, env, ok := loadEnv("cockpit replay", *sf.assets, stderr)
	if !ok {
		return exitInvalid
	}
	given, err := loadHMIFlag(*sf.hmi)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit replay: --hmi:")
		printLoadError(stderr, err)
		return exitInvalid
	}
	drive, err := rebuild(rec, afs, env, given)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	var atMs sim.Millis = -1
	if *at != "" {
		if atMs, err = parseDriveTime(*at); err != nil {
			fmt.Fprintf(stderr, "cockpit replay: --at: %v\n", err)
			return exitInvalid
		}
		if atMs > rec.End {
			fmt.Fprintf(stderr, "cockpit replay: --at %s: the recording ends at %s\n", *at, rec.End)
			return exitInvalid
		}
	}
	if *jsonOut || atMs >= 0 {
		var en *i18n.Table // the JSON log's sentences
		if *jsonOut {
			tables, err := i18n.LoadAll(afs)
			if err != nil {
				printLoadError(stderr, err)
				return exitInvalid
			}
			en = tables["en"]
		}
		return replayHeadless(rec, drive, atMs, *jsonOut, en, stdout, stderr)
	}
	if *sf.lang == "" {
		*sf.lang = rec.Start.Lang
	}
	return replayTUI(rec, drive, afs, sf, stdin, stdout, stderr)
}

// replayHeadless prints the event log (checked against the recording) or
// the state at an instant.
func replayHeadless(rec *session.Recording, d *replayDrive, at sim.Millis, jsonOut bool, tr *i18n.Table, stdout, stderr io.Writer) int {
	s, err := session.Replay(d.setup, rec)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit replay:", err)
		return exitInvalid
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	if at >= 0 {
		s.PlayTo(at, nil)
		if jsonOut {
			writeStateJSON(out, s, at)
		} else {
			writeState(out, s, at)
		}
		return exitOK
	}
	if err := s.Verify(rec); err != nil {
		fmt.Fprintln(stderr, "cockpit replay:", err)
		return exitInvalid
	}
	var buf []byte
	for _, ev := range s.Log() {
		buf = withText(buf[:0], ev, tr, s.Map())
		buf = append(buf, '\n')
		out.Write(buf)
	}
	return exitOK
}

// parseDriveTime reads an instant of the drive: H:MM:SS(.mmm), M:SS or a
// duration such as 90s or 2m30s.
func parseDriveTime(s string) (sim.Millis, error) {
	bad := fmt.Errorf("%q is not a drive time (12:30, 1:02:03, 90s)", s)
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return 0, bad
		}
		return sim.Millis(d.Milliseconds()), nil
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	var total float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		// checkRange refuses NaN, which every comparison here would let by
		if err != nil || checkRange(v, 0, 7*24*3600, "") != nil || (i > 0 && v >= 60) || (i < len(parts)-1 && v != math.Trunc(v)) {
			return 0, bad
		}
		total = total*60 + v
	}
	if total > 7*24*3600 {
		return 0, bad
	}
	return sim.Millis(math.Round(total * 1000)), nil
}

// writeState prints the drive's state at an instant, as a reader checks
// what the cockpit showed then.
func writeState(w io.Writer, s *session.Session, at sim.Millis) {
	st := s.State()
	p := s.Profile()
	clock := time.Duration(math.Mod(st.ClockS, 86400) * float64(time.Second))
	fmt.Fprintf(w, "At %s (%02d:%02d:%02d on the drive's clock): %s\n", st.Time, int(clock.Hours()), int(clock.Minutes())%60, int(clock.Seconds())%60, p.Name)
	c := &st.Conditions
	fmt.Fprintf(w, "  road      %s (%s, limit %.0f km/h), lane %d of %d\n", c.RoadName, c.RoadType, c.SpeedLimitKmh, c.Lane, c.Lanes)
	fmt.Fprintf(w, "  speed     %.1f km/h, control %s, drive mode %s\n", st.Vehicle.SpeedMps*3.6, st.Control, st.DriveMode)
	fmt.Fprintf(w, "  energy    SoC %.1f %%, range %.0f km\n", st.Vehicle.SoC*100, st.RangeKm)
	if st.Route != nil {
		fmt.Fprintf(w, "  route     to %s: %.1f km left, %.0f min\n", st.Destination, st.RemainingM/1000, st.ETAS/60)
	} else {
		fmt.Fprintln(w, "  route     none")
	}
	a := &st.Automation
	fmt.Fprintf(w, "  automation %s %s", orDash(string(a.Level)), a.State)
	if a.Alert != "" {
		fmt.Fprintf(w, ", alert %s, %.1f s left", a.Alert, a.BudgetS)
	}
	fmt.Fprintln(w)
	d := s.Driver()
	fmt.Fprintf(w, "  driver    %s\n", driverSummary(d))
	if st.Parking.Area != "" {
		fmt.Fprintf(w, "  parking   %s: %s, gear %s\n", st.Parking.Area, st.Parking.Output.State, st.Gear)
	}
	fmt.Fprintf(w, "  weather   %s, visibility %.0f m, %s\n", st.Conditions.Weather.Kind, st.Conditions.Weather.VisibilityM, dayNight(st.Conditions.Night))
	log := s.Log()
	from := max(0, len(log)-5)
	if len(log) > 0 {
		fmt.Fprintln(w, "Last events:")
		for _, ev := range log[from:] {
			fmt.Fprintln(w, "  "+ev.String())
		}
	}
}

// writeStateJSON prints the state at an instant as one JSON object.
func writeStateJSON(w io.Writer, s *session.Session, at sim.Millis) {
	st := s.State()
	d := s.Driver()
	fmt.Fprintf(w, "{\"t\":%g,\"clock_s\":%g,\"speed_kmh\":%.2f,\"soc\":%.2f,\"range_km\":%.1f,\"road\":%q,\"lane\":%d,"+
		"\"control\":%q,\"automation_level\":%q,\"automation_state\":%q,\"alert\":%q,\"budget_s\":%.2f,"+
		"\"destination\":%q,\"remaining_km\":%.3f,\"parking\":%q,\"hands_on\":%t,\"eyes_on\":%t,\"phone\":%t,\"events\":%d}\n",
		st.Time.Seconds(), math.Round(st.ClockS*1000)/1000, st.Vehicle.SpeedMps*3.6, st.Vehicle.SoC*100, st.RangeKm,
		st.Conditions.RoadID, st.Conditions.Lane, st.Control, st.Automation.Level, st.Automation.State,
		st.Automation.Alert, st.Automation.BudgetS, st.Destination, st.RemainingM/1000, st.Parking.Output.State,
		d.HandsOnWheel, d.EyesOnRoad, d.Phone, s.EventCount())
}

func driverSummary(d sim.DriverState) string {
	var parts []string
	add := func(ok bool, yes, no string) {
		if ok {
			parts = append(parts, yes)
		} else {
			parts = append(parts, no)
		}
	}
	add(d.Seated, "seated", "not seated")
	add(d.BeltOn, "belt on", "belt off")
	add(d.HandsOnWheel, "hands on the wheel", "hands off")
	add(d.EyesOnRoad, "eyes on the road", "eyes off the road")
	if d.Phone {
		parts = append(parts, "on the phone")
	}
	if d.EyesClosed {
		parts = append(parts, "eyes closed")
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func dayNight(night bool) string {
	if night {
		return "night"
	}
	return "day"
}

// replayTUI opens the cockpit on the recording, read-only, with its
// timeline; after t (take over) it is a live drive, recorded with --record
// and kept in the history like any other.
func replayTUI(rec *session.Recording, d *replayDrive, afs fs.FS, sf *screenFlags, stdin io.Reader, stdout, stderr io.Writer) int {
	audioMode, ok := sf.check("cockpit replay", stderr)
	if !ok {
		return exitInvalid
	}
	// The output files are checked before the terminal, so a wrong path
	// is told at once, with or without one.
	if !sf.checkOutputs("cockpit replay", stderr) {
		return exitInvalid
	}
	if f, ok := stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		fmt.Fprint(stderr, "cockpit replay: standard output is not a terminal, so the replay cannot open.\n"+
			"Print the replayed events with: cockpit replay FILE --json\n"+
			"or the state at an instant with: cockpit replay FILE --at 12:30\n")
		return exitInvalid
	}
	sa, ok := sf.load("cockpit replay", afs, stderr)
	if !ok {
		return exitInvalid
	}
	// The voice layer of each replayed session is a new conversation.
	newSession := func() (*session.Session, error) {
		su := d.setup
		su.Voice = sa.voices.voice(su.Config.Map)
		return session.Replay(su, rec)
	}
	title := sa.ui.Tables[*sf.lang].T("replay.title")
	if sc := d.setup.Scenario; sc != nil {
		title += " · " + sa.ui.Tables[*sf.lang].Pick(sc.Name, sc.NameZH)
	}
	r, err := cockpit.NewReplay(cockpit.ReplayOptions{
		Recording:  rec,
		NewSession: newSession,
		OpenAt:     d.preroll,
		Cockpit: cockpit.Options{
			Themes: sa.ui.Themes, Tables: sa.ui.Tables, Lang: *sf.lang, Theme: *sf.theme,
			NoColor: os.Getenv("NO_COLOR") != "", Title: title, CaptureDir: *sf.captureDir,
			OpenAudio: func() chime.Player {
				return chime.Open(chime.Options{Mode: audioMode, Out: *sf.audioOut})
			},
		},
	})
	if err != nil {
		fmt.Fprintln(stderr, "cockpit replay:", err)
		return exitInvalid
	}
	return runScreen("cockpit replay", r, func() error {
		if !r.Live() {
			return nil // nothing new: the recording is already a file
		}
		return keepSession(r.Session(), *sf.record, *sf.force, stderr)
	}, sf.outputs(), stdin, stdout, stderr)
}
