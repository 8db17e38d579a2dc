package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/kiosk"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
	"github.com/nevsim/cockpit/drive/scenario"
)

const leaderboardUsage = `Usage: cockpit leaderboard [flags]

Prints the meetup leaderboard: the drill scores visitors made in cockpit
kiosk (name, car, drill, score, time), best first. It is kept in
$XDG_DATA_HOME/cockpit/leaderboard.json (default ~/.local/share/cockpit/);
docs/meetup.md says how a meetup uses it.

Flags:
  --drill N       only drill N of the curriculum (1 to 8) or its id (04-fog-night)
  --top N         at most N entries (default: all)
  --json          print the entries as JSON (one array) for programs
  --reset         empty the board (it asks first in a terminal; from a script
                  or a pipe it asks nothing: --reset means reset)
  --file FILE     the board's file instead of the XDG one
  --lang en|zh    language of the table (default from LC_ALL / LC_MESSAGES / LANG)
  --assets DIR    read the drills and cars from DIR instead of the built-in assets

A board that cannot be read is moved aside as leaderboard.json.corrupt-N
(the message says where) and a fresh one started, never overwritten.

Exit status: 0 on success, 1 when the board could not be read or written,
2 when the flags are invalid.
`

// runLeaderboard runs `cockpit leaderboard`.
func runLeaderboard(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cockpit leaderboard", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, leaderboardUsage) }
	drillArg := fset.String("drill", "", "drill number or id")
	top := fset.Int("top", 0, "at most N entries")
	asJSON := fset.Bool("json", false, "print JSON")
	reset := fset.Bool("reset", false, "empty the board")
	file := fset.String("file", "", "the board's file")
	lang := fset.String("lang", "", "en or zh")
	assetsDir := fset.String("assets", "", "assets folder")
	if code, ok := parseScreenArgs(fset, args, "cockpit leaderboard", leaderboardUsage, stderr); !ok {
		return code
	}
	if *lang == "" {
		*lang = langFromEnv(os.Getenv)
	}
	if !i18n.Known(*lang) {
		fmt.Fprintf(stderr, "cockpit leaderboard: --lang: expected en or zh, got %q\n", *lang)
		return exitInvalid
	}
	if *top < 0 {
		fmt.Fprintf(stderr, "cockpit leaderboard: --top: expected 0 or more, got %d\n", *top)
		return exitInvalid
	}
	afs, err := assetFS(*assetsDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit leaderboard:", err)
		return exitInvalid
	}
	drills, err := loadDrills(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	drillID, err := pickDrill(drills, *drillArg)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit leaderboard: --drill:", err)
		return exitInvalid
	}
	tables, err := i18n.LoadAll(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	tr := tables[*lang]
	board, code := openBoard("cockpit leaderboard", *file, tr, stderr)
	if board == nil {
		return code
	}
	if *reset {
		if isTerminal(stdin) && isTerminal(stdout) && board.Len() > 0 {
			fmt.Fprintf(stdout, "Reset the leaderboard (%d entries in %s)? [y/N] ", board.Len(), board.Path())
			line, _ := bufio.NewReader(stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" && a != "是" {
				fmt.Fprintln(stdout, "Kept.")
				return exitOK
			}
		}
		if err := board.Reset(); err != nil {
			fmt.Fprintln(stderr, "cockpit leaderboard:", err)
			return exitFailed
		}
		fmt.Fprintln(stdout, tr.F("leaderboard.reset", "path", board.Path()))
		return exitOK
	}
	entries := board.Top(*top, drillID)
	if *asJSON {
		if entries == nil {
			entries = []leaderboard.Entry{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(entries); err != nil {
			fmt.Fprintln(stderr, "cockpit leaderboard:", err)
			return exitFailed
		}
		return exitOK
	}
	if len(entries) == 0 {
		fmt.Fprintln(stdout, tr.T("leaderboard.empty"))
	} else {
		env, err := scenario.NewEnv(afs)
		if err != nil {
			printLoadError(stderr, err)
			return exitInvalid
		}
		names, cars := map[string][2]string{}, map[string][2]string{}
		for _, d := range drills {
			names[d.ID] = [2]string{d.Scenario.Name, d.Scenario.NameZH}
		}
		for _, p := range env.Profiles {
			cars[p.Name] = [2]string{p.Name, p.NameZH}
		}
		for _, l := range kiosk.Table(tr, entries, names, cars, 100) {
			fmt.Fprintln(stdout, l)
		}
	}
	fmt.Fprintln(stdout, tr.F("leaderboard.file", "path", board.Path()))
	return exitOK
}

// openBoard opens the leaderboard at file (or the XDG one) and tells a
// board that was moved aside; nil means return code.
func openBoard(cmd, file string, tr *i18n.Table, stderr io.Writer) (*leaderboard.Board, int) {
	b, _, code := openBoardMoved(cmd, file, tr, stderr)
	return b, code
}

// openBoardMoved is openBoard that also returns what was moved aside, for
// the kiosk to show on its screen too.
func openBoardMoved(cmd, file string, tr *i18n.Table, stderr io.Writer) (*leaderboard.Board, *leaderboard.Moved, int) {
	path := file
	if path == "" {
		p, err := leaderboard.Path(os.Getenv)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return nil, nil, exitFailed
		}
		path = p
	}
	board, moved, err := leaderboard.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, nil, exitFailed
	}
	if moved != nil {
		fmt.Fprintf(stderr, "%s: %s\n", cmd, tr.F("leaderboard.corrupt", "err", moved.Err.Error(), "path", moved.To))
	}
	return board, moved, exitOK
}

// pickDrill reads --drill: a number of the curriculum or a drill's id.
func pickDrill(drills []cockpit.Drill, arg string) (string, error) {
	if arg == "" {
		return "", nil
	}
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 1 || n > len(drills) {
			return "", fmt.Errorf("expected a drill from 1 to %d, got %d", len(drills), n)
		}
		return drills[n-1].ID, nil
	}
	ids := make([]string, len(drills))
	for i, d := range drills {
		if d.ID == arg {
			return arg, nil
		}
		ids[i] = d.ID
	}
	return "", errors.New("no drill " + strconv.Quote(arg) + " (drills: " + strings.Join(ids, ", ") + ")")
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
