// Command cockpit is the terminal smart-cockpit simulator.
//
//	cockpit                      open the cockpit (the TUI; in a terminal)
//	cockpit run FILE [--json]    simulate a scenario headlessly (--realtime --viss ADDR: serve it over VISS v2)
//	cockpit vehicles [ID]        list vehicle profiles, or one profile's figures
//	cockpit places               list the map's places, stations and car parks
//	cockpit scenarios            list the bundled scenarios
//	cockpit parse [TEXT...]      parse voice commands to intents (JSON lines)
//	cockpit drill                the handover-drill curriculum
//	cockpit compare [--hmi F]... A/B a takeover HMI with a population of simulated drivers
//	cockpit replay FILE          replay a recorded drive (a timeline to scrub)
//	cockpit signals [PATTERN]    list the car's signals by VSS path
//	cockpit test FLOW|DIR...     run designer flows against the headless cockpit
//	cockpit diagram MACHINE      a state machine's Mermaid diagram, from its table
//	cockpit capture FLOW|DIR...  run flows headlessly and write pictures of the screen
//	cockpit kiosk                the unattended meetup kiosk: attract loop, visitors, leaderboard
//	cockpit leaderboard          the meetup leaderboard of visitors' drill scores
//	cockpit serve [flags]        every SSH visitor drives a cockpit of their own
//
// This file only wires flags to the packages that do the work.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every subcommand.
const (
	exitOK      = 0
	exitFailed  = 1 // a scenario's expectation failed
	exitInvalid = 2 // bad arguments or input files
)

const usage = `cockpit — a smart-cockpit simulator for Chinese NEVs, in your terminal

Usage:
  cockpit [flags]                  open the full-screen cockpit (cockpit --help lists its flags)
  cockpit run FILE|DIR... [flags]  simulate scenarios (a folder: each of its files) and check their expectations
  cockpit vehicles [ID]            list vehicle profiles, or every figure of one with its source
  cockpit places [--map NAME]      list places, charging stations and car parks of a map
  cockpit scenarios                list the bundled scenarios
  cockpit parse [TEXT...]          parse voice commands (or stdin lines) into intents, as JSON lines
  cockpit drill [--status]         L3 handover training: the drill curriculum, your scores (docs/drills.md)
  cockpit compare [--hmi FILE]...  A/B takeover HMIs: each drill with a population of simulated drivers (docs/l3.md)
  cockpit replay FILE [--json]     replay a recorded drive: a timeline to scrub, --json its events, --at T its state
  cockpit signals [PATTERN]        list the car's signals by VSS path (--json for programs; docs/signals.md)
  cockpit test FLOW|DIR... [flags] run designer flows: keys, voice, clicks and checks of what shows (docs/flows.md)
  cockpit diagram MACHINE          print automation, l2 or parking as a Mermaid state diagram, from the code's table
  cockpit capture FLOW|DIR...      run flows headlessly and write pictures of the screen: text, ANSI, SVG (docs/flows.md)
  cockpit kiosk [flags]            run unattended at a meetup: an attract loop, visitor drives and drills (docs/meetup.md)
  cockpit leaderboard [--reset]    the meetup leaderboard: visitors' drill scores (--drill N, --json; docs/meetup.md)
  cockpit serve [flags]            serve the cockpit over SSH: each visitor drives their own (docs/meetup.md)
  cockpit help                     show this help

Run flags:
  --json          print events as JSON lines instead of a timeline
  --seed N        override the scenario's seed
  --quiet         print only the summary and the checks
  --lang en|zh    language of the readable timeline (the JSON log is the same)
  --verbose       include detail in the timeline: vehicles ahead appearing and leaving, the HMI's
                  outputs (hmi.*: alert, banner, tone, haptic, countdown) and confirmations (confirm.*)
  --assets DIR    read vehicles, maps and scenarios from DIR instead of the built-in assets
  --hmi FILE      drive with this takeover HMI instead of the shipped assets/hmi/takeover.yaml
                  (texts, colours, tones, vibration, timings; docs/l3.md); one that breaks a
                  UN R157 rule is refused with the rule, its source and file:line:column (exit 2).
                  The cockpit, cockpit drill and cockpit replay take --hmi too
  --record FILE   write the run's recording to FILE (see docs/recording.md); --force replaces a file
  --signals PAT   add samples of the signals PAT names to the timeline (cockpit signals PAT lists them)
  --every D       how often to sample them in sim time (default 1s; 50ms to 1h)
  --realtime      play one drive at wall-clock pace (--speed N: N times faster) instead of at once
  --viss ADDR     with --realtime: serve the car's signals over W3C VISS v2 (WebSocket, sub-protocol
                  VISSv2) at ADDR, e.g. 127.0.0.1:8090; loopback only unless --viss-allow-remote with
                  --viss-token TOKEN (docs/viss.md). The cockpit takes --viss too (cockpit --help)

FILE is a path, a folder of scenarios, or the name of a bundled scenario (e.g. airport-run).
Exit status: 0 when every expectation holds, 1 when one fails, 2 when the input is invalid.
cockpit run --realtime stopped by SIGINT, SIGTERM or SIGHUP writes --record and --signals-out
of the drive so far and exits 130, 143 or 129 (128 + the signal's number); so do the cockpit,
cockpit drill and cockpit replay, after saving as on quitting (cockpit COMMAND --help).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a command line; it returns the exit status so tests can
// call it without exiting.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || len(args[0]) > 1 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help" {
		return runTUI(args, stdin, stdout, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return runScenarios(rest, stdout, stderr)
	case "vehicles":
		return runVehicles(rest, stdout, stderr)
	case "places":
		return runPlaces(rest, stdout, stderr)
	case "scenarios":
		return runScenarioList(rest, stdout, stderr)
	case "parse":
		return runParse(rest, stdin, stdout, stderr)
	case "drill":
		return runDrill(rest, stdin, stdout, stderr)
	case "compare":
		return runCompare(rest, stdout, stderr)
	case "replay":
		return runReplay(rest, stdin, stdout, stderr)
	case "signals":
		return runSignals(rest, stdout, stderr)
	case "test":
		return runTest(rest, stdout, stderr)
	case "diagram":
		return runDiagram(rest, stdout, stderr)
	case "capture":
		return runCapture(rest, stdout, stderr)
	case "kiosk":
		return runKiosk(rest, stdin, stdout, stderr)
	case "leaderboard":
		return runLeaderboard(rest, stdin, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "cockpit: unknown command %q\n\n%s", cmd, usage)
	return exitInvalid
}
