package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/flow"
)

const testUsage = `Usage: cockpit test FLOW.yaml|NAME|DIR... [flags]

Runs designer flows (docs/flows.md): each opens the cockpit headlessly on a
drive, at a terminal size and in a language, presses keys, says things, clicks
and lets drive time pass, and checks what shows on screen (anywhere or in a
panel), signals, events and golden frames. A folder runs every flow in it
(*.yaml, sorted); a NAME is a bundled flow (assets/flows/NAME.yaml).

Flags:
  --json          print JSON lines: one per step run, one per flow
  --update        rewrite the golden frames with what the flows show now,
                  and print what changed (only files on disk)
  --assets DIR    read assets (themes, texts, vehicles, maps, scenarios)
                  from DIR instead of the built-in ones

Exit status: 0 when every flow passes, 1 when a check fails, 2 when a flow
file or an argument is invalid (file:line:column on stderr).
`

// runTest runs flows: `cockpit test`.
func runTest(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("test", stderr)
	fset.Usage = func() {} // --help prints to stdout, a mistake to stderr: below
	jsonOut := fset.Bool("json", false, "print JSON lines")
	update := fset.Bool("update", false, "rewrite golden frames")
	assetDir := fset.String("assets", "", "read assets from this folder")
	names, err := parseInterleaved(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, testUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprint(stderr, "\n"+testUsage)
		return exitInvalid
	}
	if len(names) == 0 {
		fmt.Fprint(stderr, "cockpit test: name a flow file, a folder of flows or a bundled flow, e.g. cockpit test assets/flows\n\n"+testUsage)
		return exitInvalid
	}
	env, flows, ok := loadFlowArgs("test", names, *assetDir, stderr)
	if !ok {
		return exitInvalid
	}
	failed := 0
	for i, f := range flows {
		res, _, err := flow.Run(f, env, flow.Options{Update: *update})
		if err != nil {
			fmt.Fprintln(stderr, "cockpit test:", err)
			return exitInvalid
		}
		if !res.Passed {
			failed++
		}
		if *jsonOut {
			if err := flow.WriteJSON(stdout, res); err != nil {
				fmt.Fprintln(stderr, "cockpit test:", err)
				return exitFailed
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		flow.WriteReport(stdout, res)
	}
	if !*jsonOut && len(flows) > 1 {
		fmt.Fprintf(stdout, "\n%d flows: %d passed, %d failed\n", len(flows), len(flows)-failed, failed)
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// loadFlowArgs loads the asset tree and every flow the command line
// names, before any runs, so a typo in the tenth flow is told at once, not
// after nine drives; the problems go to stderr, and ok false means exit 2.
func loadFlowArgs(cmd string, names []string, assetDir string, stderr io.Writer) (*flow.Env, []*flow.Flow, bool) {
	afs, err := assetFS(assetDir)
	if err != nil {
		fmt.Fprintf(stderr, "cockpit %s: --assets: %v\n", cmd, err)
		return nil, nil, false
	}
	env, err := flow.NewEnv(afs)
	if err != nil {
		printLoadError(stderr, err)
		return nil, nil, false
	}
	var flows []*flow.Flow
	bad := false
	for _, n := range names {
		loaded, err := loadFlows(n, env)
		if err != nil {
			printLoadError(stderr, err)
			bad = true
			continue
		}
		flows = append(flows, loaded...)
	}
	return env, flows, !bad
}

// loadFlows loads a command-line argument: a flow file, a folder of them
// (sorted), or a bundled flow by name.
func loadFlows(arg string, env *flow.Env) ([]*flow.Flow, error) {
	info, err := os.Stat(arg)
	switch {
	case err == nil && info.IsDir():
		found, err := filepath.Glob(filepath.Join(arg, "*.yaml"))
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: a folder with no flow files (*.yaml)", arg)
		}
		sort.Strings(found)
		var out []*flow.Flow
		var errs []error
		for _, file := range found {
			f, err := flow.LoadFile(file, env)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, f)
		}
		return out, errors.Join(errs...)
	case err == nil:
		f, err := flow.LoadFile(arg, env)
		if err != nil {
			return nil, err
		}
		return []*flow.Flow{f}, nil
	}
	name := strings.TrimSuffix(path.Base(filepath.ToSlash(arg)), ".yaml")
	file := "flows/" + name + ".yaml"
	if _, err := fs.Stat(assets.FS(), file); err != nil || strings.ContainsAny(arg, `/\`) {
		return nil, fmt.Errorf("%s: no such file, and no bundled flow of that name (bundled: %s)", arg, strings.Join(bundledFlows(), ", "))
	}
	f, err := flow.LoadFS(assets.FS(), file, env)
	if err != nil {
		return nil, err
	}
	return []*flow.Flow{f}, nil
}

// bundledFlows names the flows built into the cockpit.
func bundledFlows() []string {
	entries, _ := fs.ReadDir(assets.FS(), "flows")
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			out = append(out, n)
		}
	}
	return out
}
