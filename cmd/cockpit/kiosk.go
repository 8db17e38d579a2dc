package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/kiosk"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/scenario"
)

const kioskUsage = `Usage: cockpit kiosk [flags]

Runs the cockpit unattended for a meetup (docs/meetup.md). An attract loop
plays the scenes of assets/kiosk/attract.yaml (scenarios, and drills driven
by the scripted driver) with a caption of what is happening, in English and
Chinese by turns, and the leaderboard between loops. Any key opens the
visitor menu: language, car, a name for the leaderboard, then a free drive
or a drill; a finished drill's score goes on the leaderboard (cockpit
leaderboard prints it). After --idle seconds without input a countdown
returns to the attract loop and the visitor's session is dropped.

Visitors cannot quit: q, esc and ctrl+c do not end the kiosk (and ctrl+s,
the screen capture, is off: visitors write no files). The presenter
presses the presenter key (default ctrl+], change it with --presenter),
then within 5 seconds:
  q      quit (the leaderboard is saved)
  l      switch the attract loop's language
  + / -  idle time 15 s longer / shorter (15 s to 10 min)
  n      the next scene of the attract loop
  1-9    that scene of the attract loop
  a      back to the attract loop now (drops the visitor's session)
  r      reset the leaderboard
SIGTERM, SIGINT or SIGHUP from the presenter's shell also ends it cleanly.

Flags:
  --big               the projector layout: double-size speed digits, no
                      notifications column and no voice transcript, readable
                      across a room (a terminal cannot tell it is on a
                      projector, so this is never automatic)
  --idle N            seconds without input before the countdown (15 to 600; default 60)
  --presenter KEY     the presenter key: ctrl+X, alt+X or a function key (default ctrl+])
  --lang en|zh        the attract loop's first language (default from the locale)
  --theme NAME        day, night, high-contrast, colorblind (default night)
  --leaderboard FILE  the leaderboard's file (default $XDG_DATA_HOME/cockpit/leaderboard.json)
  --assets DIR        read assets (and kiosk/attract.yaml) from DIR instead of the built-in ones

The kiosk needs a terminal of at least 80×24; a projector at 120×40 or more
shows the side column too. It is silent.

Exit status: 0 after the presenter quits, 1 when the leaderboard could not
be saved, 2 when the flags or the assets are invalid.
`

// runKiosk runs `cockpit kiosk`.
func runKiosk(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cockpit kiosk", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, kioskUsage) }
	idle := fset.Int("idle", 60, "seconds without input before the countdown")
	presenter := fset.String("presenter", kiosk.DefaultPresenter, "the presenter key")
	lang := fset.String("lang", "", "en or zh")
	themeName := fset.String("theme", "night", "theme")
	boardFile := fset.String("leaderboard", "", "the leaderboard's file")
	assetsDir := fset.String("assets", "", "assets folder")
	big := fset.Bool("big", false, "the projector layout")
	if code, ok := parseScreenArgs(fset, args, "cockpit kiosk", kioskUsage, stderr); !ok {
		return code
	}
	if *idle < 15 || *idle > 600 {
		fmt.Fprintf(stderr, "cockpit kiosk: --idle: expected 15 to 600 seconds, got %d\n", *idle)
		return exitInvalid
	}
	if err := kiosk.CheckPresenter(*presenter); err != nil {
		fmt.Fprintln(stderr, "cockpit kiosk: --presenter:", err)
		return exitInvalid
	}
	if *lang == "" {
		*lang = langFromEnv(os.Getenv)
	}
	afs, err := assetFS(*assetsDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit kiosk:", err)
		return exitInvalid
	}
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	if ui.Tables[*lang] == nil {
		fmt.Fprintf(stderr, "cockpit kiosk: --lang: expected en or zh, got %q\n", *lang)
		return exitInvalid
	}
	if ui.Themes[*themeName] == nil {
		fmt.Fprintf(stderr, "cockpit kiosk: --theme: no theme %q (themes: %s)\n", *themeName, strings.Join(sortedKeys(ui.Themes), ", "))
		return exitInvalid
	}
	env, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit kiosk: assets:", err)
		return exitInvalid
	}
	voices, err := launch.LoadVoices(afs)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit kiosk:", err)
		return exitInvalid
	}
	playlist, err := kiosk.LoadPlaylist(afs, env, ui, voices)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	drills, err := loadDrills(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	board, moved, code := openBoardMoved("cockpit kiosk", *boardFile, ui.Tables[*lang], stderr)
	if board == nil {
		return code
	}
	if !isTerminal(stdout) {
		fmt.Fprint(stderr, "cockpit kiosk: standard output is not a terminal, so the kiosk cannot open.\n"+
			"Run it in a terminal (a full-screen one on the projector); cockpit leaderboard prints the board.\n")
		return exitInvalid
	}
	model := kiosk.New(kiosk.Options{UI: ui, Env: env, Playlist: playlist, Drills: drills, Voices: voices, Board: board, Moved: moved,
		Lang: *lang, Theme: *themeName, NoColor: os.Getenv("NO_COLOR") != "",
		Idle: time.Duration(*idle) * time.Second, Presenter: *presenter, Big: *big})
	return runScreen("cockpit kiosk", model, board.Save, []string{"the leaderboard " + board.Path()}, stdin, stdout, stderr)
}
