package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	ossignal "os/signal"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/hmi"
)

// screenFlags are the flags of every full-screen command (the cockpit and
// the drills): language, theme, sound and assets.
type screenFlags struct {
	lang, theme, audio, audioOut, assets, record, hmi *string
	force                                             *bool
	// takeover is the --hmi file, read by check (nil: none named).
	takeover *hmi.Takeover
	// captureDir is where the capture key (ctrl+s) writes its pictures.
	captureDir *string
}

func addScreenFlags(fset *flag.FlagSet) *screenFlags {
	return &screenFlags{
		lang:       fset.String("lang", "", "en or zh"),
		theme:      fset.String("theme", "auto", "day, night, auto, high-contrast, colorblind"),
		audio:      fset.String("audio", "auto", "auto, off or alsa"),
		audioOut:   fset.String("audio-out", "", "WAV file to record the sound to"),
		assets:     fset.String("assets", "", "assets folder"),
		record:     fset.String("record", "", "write the session's recording to FILE"),
		force:      fset.Bool("force", false, "let --record and --audio-out replace an existing file"),
		hmi:        fset.String("hmi", "", "takeover HMI file (default: the shipped assets/hmi/takeover.yaml)"),
		captureDir: fset.String("capture-dir", "", "folder for the screen captures of ctrl+s (default: the XDG pictures folder's cockpit/)"),
	}
}

// parseScreenArgs reads the command line of a full-screen command, which takes no
// positional arguments; ok false means return code.
func parseScreenArgs(fset *flag.FlagSet, args []string, cmd, usage string, stderr io.Writer) (code int, ok bool) {
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitInvalid, false
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n\n%s", cmd, fset.Arg(0), usage)
		return exitInvalid, false
	}
	return exitOK, true
}

// check validates the language (defaulting from the environment) and the
// sound mode; cmd names the command in messages.
func (f *screenFlags) check(cmd string, stderr io.Writer) (chime.Mode, bool) {
	if *f.lang == "" {
		*f.lang = langFromEnv(os.Getenv)
	}
	if !i18n.Known(*f.lang) {
		fmt.Fprintf(stderr, "%s: --lang: expected en or zh, got %q\n", cmd, *f.lang)
		return chime.ModeOff, false
	}
	mode, ok := chime.ParseMode(*f.audio)
	if !ok {
		fmt.Fprintf(stderr, "%s: --audio: expected auto, off or alsa, got %q\n", cmd, *f.audio)
		return chime.ModeOff, false
	}
	// The HMI file is read here, before the terminal is asked for, so a
	// file the R157 rules refuse is told at once, with its position.
	h, err := loadHMIFlag(*f.hmi)
	if err != nil {
		fmt.Fprintf(stderr, "%s: --hmi:\n", cmd)
		printLoadError(stderr, err)
		return chime.ModeOff, false
	}
	f.takeover = h
	return mode, true
}

// checkOutputs refuses, before anything opens, a --record or --audio-out
// path that could not be written or would replace what it must not, so the
// drive is never lost at quit for a typo.
func (f *screenFlags) checkOutputs(cmd string, stderr io.Writer) bool {
	if err := checkOutputs(*f.force, "--record", *f.record, "--audio-out", *f.audioOut); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return false
	}
	// The capture folder is made at the first capture; something else
	// under its name would fail every capture, so it is told now.
	if d := *f.captureDir; d != "" {
		if info, err := os.Stat(d); err == nil && !info.IsDir() {
			kind := "a file"
			if !info.Mode().IsRegular() {
				kind = fileKind(info.Mode())
			}
			fmt.Fprintf(stderr, "%s: --capture-dir %s: %s, not a folder\n", cmd, d, kind)
			return false
		}
	}
	return true
}

// screenProgram is a full-screen root model: Close releases its sound
// output (writing --audio-out), keep saves its sessions' recordings.
type screenProgram interface {
	tea.Model
	Close() error
}

// runScreen runs a full-screen program to its end, then does its I/O (the
// sound file, the recordings) after the program, never in Update. cmd
// names the command in messages. A stop signal (SIGINT, SIGTERM, SIGHUP)
// quits the program as q does, so the same saving runs; the status is then
// the signal's (signalExit) and stderr says what was saved or lost.
func runScreen(cmd string, model screenProgram, keep func() error, outputs []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Bubble Tea's own handler knows SIGINT and SIGTERM only (a SIGHUP
	// killed the process with the terminal raw and the recording lost)
	// and tells them apart from a q only by an error: ours does all three.
	p := tea.NewProgram(model, tea.WithInput(stdin), tea.WithOutput(stdout), tea.WithFPS(20), tea.WithoutSignalHandler())
	sigs := make(chan os.Signal, 1)
	ossignal.Notify(sigs, stopSignals...)
	// Until the saving below is done: a second signal must not kill it
	// half way (the writes are atomic, but the file would be lost).
	defer ossignal.Stop(sigs)
	caught := make(chan os.Signal, 1)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			caught <- s
			p.Quit() // Update sees a quit; the model is never touched here
		case <-done:
		}
	}()
	_, runErr := p.Run()
	close(done)
	var sig os.Signal
	select {
	case sig = <-caught:
	default:
	}
	closeErr := model.Close()
	keepErr := keep()
	if keepErr != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, keepErr)
	}
	if closeErr != nil {
		fmt.Fprintf(stderr, "%s: audio: %v\n", cmd, closeErr)
	}
	if sig != nil {
		files := ""
		if len(outputs) > 0 {
			files = " (" + strings.Join(outputs, ", ") + ")"
		}
		what := "what was in progress was saved as on quitting" + files
		if keepErr != nil || closeErr != nil {
			what = "what is said above was lost; the rest was saved as on quitting" + files
		}
		fmt.Fprintf(stderr, "%s: stopped by %s: %s; exit status %d\n", cmd, signalName(sig), what, signalExit(sig))
		return signalExit(sig)
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, runErr)
		return exitFailed
	}
	if keepErr != nil || closeErr != nil {
		return exitFailed
	}
	return exitOK
}

// outputs lists the files a full-screen command writes at its end, for the
// message after a signal.
func (f *screenFlags) outputs() []string {
	var out []string
	if *f.record != "" {
		out = append(out, "--record "+*f.record)
	}
	if *f.audioOut != "" {
		out = append(out, "--audio-out "+*f.audioOut)
	}
	return out
}

// screenAssets is what a full-screen command loads before it opens.
type screenAssets struct {
	ui     *cockpit.Assets
	voices *voiceMaker
	// hmi is the takeover HMI to drive with: --hmi, else the tree's.
	hmi *hmi.Takeover
}

// load reads the themes, string tables, voice lexicon and the assistant's
// replies, and checks the theme flag against the themes found.
func (f *screenFlags) load(cmd string, afs fs.FS, stderr io.Writer) (*screenAssets, bool) {
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		printLoadError(stderr, err)
		return nil, false
	}
	if *f.theme != "auto" && ui.Themes[*f.theme] == nil {
		fmt.Fprintf(stderr, "%s: --theme: no theme %q (themes: auto, %s)\n", cmd, *f.theme, strings.Join(sortedKeys(ui.Themes), ", "))
		return nil, false
	}
	voices, err := newVoiceMaker(afs)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, false
	}
	h, err := takeoverHMI(f.takeover, afs)
	if err != nil {
		printLoadError(stderr, err)
		return nil, false
	}
	return &screenAssets{ui: ui, voices: voices, hmi: h}, true
}
