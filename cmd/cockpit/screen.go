package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/cockpit/i18n"
)

// screenFlags are the flags of every full-screen command (the cockpit and
// the drills): language, theme, sound and assets.
type screenFlags struct {
	lang, theme, audio, audioOut, assets, record *string
	force                                        *bool
}

func addScreenFlags(fset *flag.FlagSet) *screenFlags {
	return &screenFlags{
		lang:     fset.String("lang", "", "en or zh"),
		theme:    fset.String("theme", "auto", "day, night, auto, high-contrast, colorblind"),
		audio:    fset.String("audio", "auto", "auto, off or alsa"),
		audioOut: fset.String("audio-out", "", "WAV file to record the sound to"),
		assets:   fset.String("assets", "", "assets folder"),
		record:   fset.String("record", "", "write the session's recording to FILE"),
		force:    fset.Bool("force", false, "let --record and --audio-out replace an existing file"),
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
// names the command in messages.
func runScreen(cmd string, model screenProgram, keep func() error, stdin io.Reader, stdout, stderr io.Writer) int {
	p := tea.NewProgram(model, tea.WithInput(stdin), tea.WithOutput(stdout), tea.WithFPS(20))
	_, runErr := p.Run()
	closeErr := model.Close()
	if err := keep(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitFailed
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, runErr)
		return exitFailed
	}
	if closeErr != nil {
		fmt.Fprintf(stderr, "%s: audio: %v\n", cmd, closeErr)
		return exitFailed
	}
	return exitOK
}

// screenAssets is what a full-screen command loads before it opens.
type screenAssets struct {
	ui     *cockpit.Assets
	voices *voiceMaker
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
	return &screenAssets{ui: ui, voices: voices}, true
}
