package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/progress"
	"github.com/nevsim/cockpit/cockpit/widget"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

const drillUsage = `Usage: cockpit drill [flags]

Opens the handover-drill curriculum in the cockpit: eight drills of rising
difficulty (planned exit; with the phone task; roadworks in dense traffic;
fog at night; the minimal-risk manoeuvre; L2 hands-off; a cut-in under L3;
the collision warning in manual driving). Drive one yourself
(Enter) or watch the scripted driver (w); each ends with a debrief: the
timeline, the score out of 100 with its breakdown and one tip. The rubric is
in docs/drills.md.

Progress (attempts, best and last scores, trend) is saved to
$XDG_DATA_HOME/cockpit/progress.json (default ~/.local/share/cockpit/).

Flags:
  --status            print the curriculum and your scores, then exit (no terminal needed)
  --lang en|zh        UI language (default from LC_ALL / LC_MESSAGES / LANG)
  --theme NAME        day, night, auto, high-contrast, colorblind
  --audio MODE        auto, off or alsa (COCKPIT_AUDIO=off also silences)
  --audio-out FILE    also write what the cockpit played to a WAV file when
                      you quit (--force replaces an existing file; never a
                      device, FIFO, folder or link: those are refused at start)
  --assets DIR        read assets from a folder instead of the built-in ones
  --record FILE       write the last attempt's recording to FILE when you quit
                      (--force replaces an existing file); every attempt is
                      also kept in $XDG_STATE_HOME/cockpit/recordings
  --capture-dir DIR   where ctrl+s writes its captures of the screen (default:
                      the XDG pictures folder's cockpit/)
` + hmiHelp + `
Exit status: 0 after q, 1 when a file or the progress record could not be
saved (the message says which scores were lost), 2 when the flags or the
input are invalid.
` + signalHelp

// drillDir is where the curriculum's scenarios live in the assets.
const drillDir = "scenarios/drills"

// runDrill runs `cockpit drill`: the curriculum, drills played in the
// cockpit, debriefs, and the progress record.
func runDrill(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cockpit drill", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, drillUsage) }
	status := fset.Bool("status", false, "print the curriculum and scores")
	sf := addScreenFlags(fset)
	if code, ok := parseScreenArgs(fset, args, "cockpit drill", drillUsage, stderr); !ok {
		return code
	}
	audioMode, ok := sf.check("cockpit drill", stderr)
	if !ok {
		return exitInvalid
	}
	afs, err := assetFS(*sf.assets)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit drill:", err)
		return exitInvalid
	}
	drills, err := loadDrills(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	progPath, err := progress.Path(os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit drill:", err)
		return exitFailed
	}
	// Loading is I/O: it happens here, before the program. A record that
	// cannot be read at all stops the command rather than being replaced.
	prog, moved, err := progress.Load(progPath)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit drill:", err)
		return exitFailed
	}
	if moved != nil {
		fmt.Fprintf(stderr, "cockpit drill: the progress record could not be read: %v; it was kept as %s and a fresh record started\n", moved.Err, moved.To)
	}
	if *status {
		// The status needs the drills' names only, not the screen's assets.
		tables, err := i18n.LoadAll(afs)
		if err != nil {
			printLoadError(stderr, err)
			return exitInvalid
		}
		printDrillStatus(stdout, drills, prog, tables[*sf.lang], progPath)
		return exitOK
	}
	// The output files are checked before the terminal, so a wrong path
	// is told at once, with or without one.
	if !sf.checkOutputs("cockpit drill", stderr) {
		return exitInvalid
	}
	if f, ok := stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		fmt.Fprint(stderr, "cockpit drill: standard output is not a terminal, so the drills cannot open.\n"+
			"Score a drill headlessly with: cockpit run assets/scenarios/drills/01-planned-exit.yaml\n"+
			"or see your record with: cockpit drill --status\n")
		return exitInvalid
	}
	sa, ok := sf.load("cockpit drill", afs, stderr)
	if !ok {
		return exitInvalid
	}
	trainer := cockpit.NewTrainer(cockpit.TrainerOptions{
		Drills: drills, Themes: sa.ui.Themes, Tables: sa.ui.Tables, Lang: *sf.lang, Theme: *sf.theme,
		NoColor: os.Getenv("NO_COLOR") != "", Signals: sa.ui.Signals, HMI: sa.hmi,
		NewVoice: func(sc *scenario.Scenario) session.Voice {
			return sa.voices.voice(sc.Config.Map)
		},
		Progress: prog, ProgressPath: progPath, Moved: moved, CaptureDir: *sf.captureDir,
		Start: func(d cockpit.Drill, st session.Start) session.Start {
			full, err := startFor(st.Mode, d.Scenario.File, afs, st.Seed, st.Lang)
			if err != nil {
				return withHMI(st, sf.takeover) // a drill loaded from afs can be read again
			}
			return withHMI(full, sf.takeover)
		},
		OpenAudio: func() chime.Player { return chime.Open(chime.Options{Mode: audioMode, Out: *sf.audioOut}) },
	})
	return runScreen("cockpit drill", trainer, func() error {
		return keepDrills(trainer, *sf.record, *sf.force, stderr)
	}, sf.outputs(), stdin, stdout, stderr)
}

// keepDrills does the drills' I/O once the program has ended: the attempts'
// recordings, and the progress record again when a save failed or had not
// finished (an error then, so the command exits 1). A drill left before
// its end has no score; that is said, since a signal may have ended it.
func keepDrills(trainer *cockpit.Trainer, record string, force bool, stderr io.Writer) error {
	if name := trainer.Unfinished(); name != "" {
		fmt.Fprintf(stderr, "cockpit drill: %q was left before its end, so it has no score (its recording is kept in the history)\n", name)
	}
	return errors.Join(keepAttempts(trainer.Attempts(), record, force, stderr), trainer.SaveUnsaved())
}

// loadDrills reads every drill scenario of the curriculum, in its order.
func loadDrills(afs fs.FS) ([]cockpit.Drill, error) {
	env, err := scenario.NewEnv(afs)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(afs, drillDir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	var drills []cockpit.Drill
	var errs []error
	for _, f := range files {
		sc, err := scenario.Load(afs, f, env)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if sc.Drill == nil {
			continue // a scenario in the folder that is not a drill
		}
		drills = append(drills, cockpit.Drill{ID: strings.TrimSuffix(path.Base(f), ".yaml"), Scenario: sc})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(drills) == 0 {
		return nil, fmt.Errorf("no drills in %s", drillDir)
	}
	sort.SliceStable(drills, func(i, j int) bool { return drills[i].Scenario.Drill.Order < drills[j].Scenario.Drill.Order })
	return drills, nil
}

// printDrillStatus prints the curriculum with the trainee's record, the
// drills named in tr's language.
func printDrillStatus(w io.Writer, drills []cockpit.Drill, prog *progress.Progress, tr *i18n.Table, where string) {
	for _, d := range drills {
		// names padded by display cells, so Chinese names line up too
		name := widget.Fit(tr.Pick(d.Scenario.Name, d.Scenario.NameZH), 40)
		rec := prog.Drills[d.ID]
		if rec == nil || rec.Attempts == 0 {
			fmt.Fprintf(w, "%s  %s\n", name, tr.T("drill.status_not_tried"))
			continue
		}
		fmt.Fprintf(w, "%s  %s\n", name, tr.F("drill.status_line", "best", fmt.Sprintf("%3.0f", rec.Best), "last", fmt.Sprintf("%3.0f", rec.Last),
			"trend", fmt.Sprintf("%+4.0f", rec.Trend()), "n", fmt.Sprint(rec.Attempts)))
	}
	fmt.Fprintln(w, tr.F("drill.status_record", "path", where))
}
