package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/capture"
	"github.com/nevsim/cockpit/cockpit/flow"
)

const captureUsage = `Usage: cockpit capture FLOW.yaml|NAME|DIR... [flags]

Runs designer flows (docs/flows.md) headlessly, as cockpit test does, and
writes pictures of the screen: plain text (.txt), ANSI (.ans, to cat in a
terminal) and SVG (.svg, true colours, the theme's fonts), as ctrl+s does in
the cockpit. Where a flow's steps say capture: NAME, each such picture is
written as NAME.txt, NAME.ans and NAME.svg; a flow without capture steps is
captured after its last step, as FLOW-PANEL. With --every, every step is
captured too, as FLOW-NN-PANEL (NN the step's number). The names do not
depend on the clock, so a flow makes the same pictures again: this is how
the README's and the docs' pictures are made (docs/captures/*.yaml).

Flags:
  --dir DIR       where to write (made if missing; default: the XDG pictures
                  folder's cockpit/, as for ctrl+s)
  --force         replace pictures of the same names (only regular files;
                  without it a name taken gets -2, -3, …)
  --every         also capture after every step
  --assets DIR    read assets from DIR instead of the built-in ones

Every picture written is printed, one line per picture (its path without the
extension). The flows' checks are checked as in cockpit test: a flow stops at
its first failing step, its report goes to stderr, and the pictures taken
before it stay.

Exit status: 0 when every flow ran through and every picture was written, 1
when a check failed or a picture could not be written, 2 when a flow file or
an argument is invalid (file:line:column on stderr).
`

// runCapture runs flows and writes their pictures: `cockpit capture`.
func runCapture(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("capture", stderr)
	fset.Usage = func() {}
	dir := fset.String("dir", "", "folder for the pictures")
	force := fset.Bool("force", false, "replace pictures of the same names")
	every := fset.Bool("every", false, "capture after every step")
	assetDir := fset.String("assets", "", "read assets from this folder")
	names, err := parseInterleaved(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, captureUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprint(stderr, "\n"+captureUsage)
		return exitInvalid
	}
	if len(names) == 0 {
		fmt.Fprint(stderr, "cockpit capture: name a flow file, a folder of flows or a bundled flow, e.g. cockpit capture docs/captures\n\n"+captureUsage)
		return exitInvalid
	}
	out := *dir
	if out == "" {
		home, _ := os.UserHomeDir()
		if out, err = capture.Dir(os.Getenv, home); err != nil {
			fmt.Fprintln(stderr, "cockpit capture:", err)
			return exitInvalid
		}
	} else if info, err := os.Stat(out); err == nil && !info.IsDir() {
		fmt.Fprintf(stderr, "cockpit capture: --dir %s: %s, not a folder\n", out, fileKind(info.Mode()))
		return exitInvalid
	}
	env, flows, ok := loadFlowArgs("capture", names, *assetDir, stderr)
	if !ok {
		return exitInvalid
	}
	save := capture.Save
	if *force {
		save = capture.Replace
	}
	failed := 0
	for _, f := range flows {
		stem := flowStem(f)
		shoot := func(name string, h *cockpit.Headless) error {
			paths, err := save(out, name, h.Frame(), h.CaptureOptions())
			if err != nil {
				return err
			}
			fmt.Fprintln(stdout, strings.TrimSuffix(paths[0], capture.Extensions[0]))
			return nil
		}
		named := false
		for _, st := range f.Steps {
			named = named || st.Capture != ""
		}
		o := flow.Options{Capture: shoot}
		var shotErr error
		if *every {
			o.AfterStep = func(step int, h *cockpit.Headless) {
				if shotErr == nil {
					shotErr = shoot(fmt.Sprintf("%s-%02d-%s", stem, step, h.PanelName()), h)
				}
			}
		}
		res, h, err := flow.Run(f, env, o)
		if err != nil {
			fmt.Fprintln(stderr, "cockpit capture:", err)
			return exitInvalid
		}
		if shotErr == nil && res.Passed && !named && !*every {
			shotErr = shoot(stem+"-"+h.PanelName(), h)
		}
		switch {
		case !res.Passed:
			failed++
			flow.WriteReport(stderr, res)
		case shotErr != nil:
			failed++
			fmt.Fprintln(stderr, "cockpit capture:", shotErr)
		}
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// flowStem names a flow's unnamed pictures: its file's base name without
// .yaml.
func flowStem(f *flow.Flow) string {
	return strings.TrimSuffix(filepath.Base(f.File), filepath.Ext(f.File))
}
