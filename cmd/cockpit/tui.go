package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

const tuiUsage = `Usage: cockpit [flags]

Opens the full-screen cockpit with a drive under way (Xiaomi SU7, home to
Beijing Daxing Airport on the Beijing map). Press ? inside for the keys.

Flags:
  --vehicle ID        vehicle profile (see cockpit vehicles)
  --scenario NAME     drive a scenario (name or file): its car, places, time,
                      conditions and driver, and its scripted events
  --lang en|zh        UI language (default from LC_ALL / LC_MESSAGES / LANG)
  --theme NAME        day, night, auto (follows daylight), high-contrast, colorblind
  --audio MODE        auto, off or alsa (COCKPIT_AUDIO=off also silences)
  --audio-out FILE    also write what the cockpit played to a WAV file when
                      you quit (--force replaces an existing file; never a
                      device, FIFO, folder or link: those are refused at start)
  --seed N            seed of the drive's randomness
  --assets DIR        read assets from a folder instead of the built-in ones
  --viss ADDR         serve the car's signals over W3C VISS v2 (WebSocket,
                      sub-protocol VISSv2) at ADDR, e.g. 127.0.0.1:8090, for
                      dashboards and scripts to read and set (docs/viss.md)
  --viss-allow-remote let --viss listen on an address other machines reach;
                      needs --viss-token TOKEN (16 characters or more)
  --record FILE       write the drive's recording to FILE when you quit
                      (cockpit replay FILE plays it back; --force replaces
                      an existing file). The last 10 drives are also kept in
                      $XDG_STATE_HOME/cockpit/recordings (docs/recording.md).
  --capture-dir DIR   where ctrl+s writes its captures of the screen (text,
                      ANSI and SVG, named by time and panel; made if missing;
                      default: the XDG pictures folder's cockpit/, see docs/ui.md)
` + hmiHelp + `
The cockpit needs a terminal of at least 80×24. When standard output is not
a terminal it says so and exits with status 2 (with no flags at all it prints
the general help and exits 0, like cockpit help).

Exit status: 0 after q, 1 when a file could not be saved, 2 when the
flags or the input are invalid.
` + signalHelp

// runTUI opens the full-screen cockpit.
func runTUI(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cockpit", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, tuiUsage) }
	vehicleID := fset.String("vehicle", "", "vehicle profile id")
	scenarioName := fset.String("scenario", "", "scenario name or file")
	sf := addScreenFlags(fset)
	seed := seedVar(fset, "seed")
	vf := addVissFlags(fset)
	if code, ok := parseScreenArgs(fset, args, "cockpit", tuiUsage, stderr); !ok {
		return code
	}
	if err := vf.check(); err != nil {
		fmt.Fprintln(stderr, "cockpit:", err)
		return exitInvalid
	}
	audioMode, ok := sf.check("cockpit", stderr)
	if !ok {
		return exitInvalid
	}
	// The output files are checked before the terminal, so a wrong path
	// is told at once, with or without one.
	if !sf.checkOutputs("cockpit", stderr) {
		return exitInvalid
	}
	if f, ok := stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		// Never hang or draw into a pipe. A bare `cockpit` in a script
		// behaves like `cockpit help` (exit 0), as it always has; flags
		// ask for the cockpit explicitly, so they fail with status 2.
		fmt.Fprint(stderr, "cockpit: standard output is not a terminal, so the full-screen cockpit cannot open.\n"+
			"Run it in a terminal, or simulate a drive headlessly: cockpit run airport-run\n")
		if len(args) == 0 {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		fmt.Fprint(stderr, "\n"+tuiUsage)
		return exitInvalid
	}

	afs, err := assetFS(*sf.assets)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit:", err)
		return exitInvalid
	}
	sa, ok := sf.load("cockpit", afs, stderr)
	if !ok {
		return exitInvalid
	}
	env, err := scenario.NewEnvWith(afs, sa.ui.Signals)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit: assets:", err)
		return exitInvalid
	}
	sc, err := loadScenario(env, afs, *scenarioName)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	drive := launch.Drive{Env: env, Scenario: sc, Vehicle: *vehicleID, Voices: sa.voices.Voices, Signals: sa.ui.Signals,
		HMI: sa.hmi, Recorded: sf.takeover != nil}
	fset.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			drive.Seed = seed
		}
	})
	if _, _, err := launch.Config(env, sc, *vehicleID); err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	if drive.Start, err = startFor(session.ModeDrive, *scenarioName, afs, 0, *sf.lang); err != nil {
		fmt.Fprintln(stderr, "cockpit:", err)
		return exitInvalid
	}
	opened, err := launch.Open(drive)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit:", err)
		return exitInvalid
	}
	controls, err := launch.Controls(afs, env)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	// The server starts before the screen opens, so its address is read
	// on the terminal, and stops after the screen closes.
	hub, err := vf.open("cockpit", sa.ui.Signals, sa.ui.Tables["en"], opened.Session.Map(), stderr)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit:", err)
		return exitInvalid
	}
	var signals cockpit.SignalHub
	if hub != nil {
		defer hub.Close()
		signals = hub
	}
	opts := opened.Options(sa.ui, *sf.lang, *sf.theme, controls)
	opts.Signals = signals
	opts.NoColor = os.Getenv("NO_COLOR") != ""
	opts.CaptureDir = *sf.captureDir
	opts.OpenAudio = func() chime.Player {
		return chime.Open(chime.Options{Mode: audioMode, Out: *sf.audioOut})
	}
	model := cockpit.New(opts)
	return runScreen("cockpit", model, func() error {
		return keepSession(opened.Session, *sf.record, *sf.force, stderr)
	}, sf.outputs(), stdin, stdout, stderr)
}

// loadScenario loads the scenario a user names (a file or a bundled
// name); none named is the default drive (nil).
func loadScenario(env *scenario.Env, afs fs.FS, name string) (*scenario.Scenario, error) {
	if name == "" {
		return nil, nil
	}
	sfs, file, err := openScenario(name, afs)
	if err != nil {
		return nil, err
	}
	return scenario.Load(sfs, file, env)
}

// driveConfig is the drive to open (launch.Config) from a scenario's name.
func driveConfig(env *scenario.Env, afs fs.FS, name, vehicleID string) (sim.Config, *scenario.Scenario, *sim.DriverState, error) {
	sc, err := loadScenario(env, afs, name)
	if err != nil {
		return sim.Config{}, nil, nil, err
	}
	cfg, driver, err := launch.Config(env, sc, vehicleID)
	return cfg, sc, driver, err
}

// langFromEnv picks the UI language from the locale variables in POSIX
// precedence: zh_* means Chinese, anything else English.
func langFromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
