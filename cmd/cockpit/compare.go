package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"

	"github.com/nevsim/cockpit/assets/hmifile"
	"github.com/nevsim/cockpit/cockpit/compare"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/population"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
)

const compareUsage = `Usage: cockpit compare [--hmi A.yaml --hmi B.yaml ...] [DRILL...] [flags]

A/B test of takeover HMIs: runs each drill with a population of simulated
drivers whose reaction times are drawn from published distributions and
depend on what the car presents while they react (visual, auditory,
haptic; docs/l3.md, "Comparing takeover HMIs"). The same drivers face
every variant. Per variant it prints the takeover time's median and p90,
the MRMs, the collisions, the mean drill score, a row per drill and a
histogram of takeover times.

With no --hmi it runs the shipped HMI alone (a baseline to compare against).
DRILL is a drill's number (1), its file's name (01-planned-exit) or a
scenario file; with none, every L3 drill of the curriculum with a takeover
request (drills 1, 2, 3, 4, 5 and 7; the L2 and manual drills have no
request to answer and are refused when named).

Flags:
  --hmi FILE      an HMI variant (repeat for each; the order is A, B, ...)
  --drivers N     the population's size, 1 to 10000 (default 200)
  --seed N        the population's seed (default 1); the same seed prints the same bytes
  --csv FILE      also write one row per drive to FILE (--force replaces a file)
  --force         let --csv replace an existing file
  --json          print the summaries as JSON instead of the report
  --assets DIR    read vehicles, maps and drills from DIR instead of the built-in assets
  --workers N     drives run at once, 1 to 64 (default: one per core)

The report is plain text (no colour) when standard output is not a terminal
or NO_COLOR is set.
Exit status: 0 when the comparison ran, 1 when the CSV could not be written,
2 when the flags or the input are invalid.
`

// defaultDrivers is the population of the example.
const defaultDrivers = 200

// stringList is a repeatable string flag (--hmi A --hmi B).
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("expected a file name")
	}
	*l = append(*l, s)
	return nil
}

// runCompare runs `cockpit compare`.
func runCompare(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("compare", stderr)
	// --help prints the usage on stdout (exit 0); a bad flag gets the
	// flag package's message and a pointer to --help on stderr.
	fset.Usage = func() {}
	var hmis stringList
	fset.Var(&hmis, "hmi", "an HMI variant file (repeat)")
	drivers := rangedInt(fset, "drivers", defaultDrivers, 1, compare.MaxDrivers, "drivers", "the population's size")
	seed := seedVar(fset, "the population's seed")
	*seed = 1
	csvPath := fset.String("csv", "", "write one row per drive to FILE")
	force := fset.Bool("force", false, "let --csv replace an existing file")
	jsonOut := fset.Bool("json", false, "print the summaries as JSON")
	assetDir := fset.String("assets", "", "read assets from this folder")
	workers := rangedInt(fset, "workers", 0, 1, 64, "", "drives run at once")
	names, err := parseInterleaved(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, compareUsage)
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "cockpit compare --help lists the flags")
		return exitInvalid // the flag package said why
	}
	if err := checkOutputs(*force, "--csv", *csvPath); err != nil {
		fmt.Fprintln(stderr, "cockpit compare:", err)
		return exitInvalid
	}
	afs, env, ok := loadEnv("cockpit compare", *assetDir, stderr)
	if !ok {
		return exitInvalid
	}
	drills, err := compareDrills(afs, env, names)
	if err != nil {
		printLoadError(stderr, fmt.Errorf("cockpit compare: %w", err))
		return exitInvalid
	}
	variants, err := loadVariants(afs, hmis)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit compare:", err)
		return exitInvalid
	}
	res, err := compare.Run(compare.Options{Variants: variants, Drills: drills, Drivers: *drivers, Seed: *seed,
		Model: population.DefaultModel(), Workers: *workers})
	if err != nil {
		fmt.Fprintln(stderr, "cockpit compare:", err)
		return exitInvalid
	}
	if *jsonOut {
		err = compare.WriteJSON(stdout, res)
	} else {
		err = compare.WriteReport(stdout, res, wantColour(stdout))
	}
	if err != nil {
		fmt.Fprintln(stderr, "cockpit compare:", err)
		return exitFailed
	}
	if *csvPath != "" {
		var buf bytes.Buffer
		err := compare.WriteCSV(&buf, res)
		if err == nil {
			err = writeFileAtomic("--csv", *csvPath, buf.Bytes(), *force)
		}
		if err != nil {
			fmt.Fprintln(stderr, "cockpit compare:", err)
			return exitFailed
		}
	}
	return exitOK
}

// wantColour: colour only for a terminal, and never with NO_COLOR.
func wantColour(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && os.Getenv("NO_COLOR") == "" && term.IsTerminal(f.Fd())
}

// compareDrills resolves the DRILL arguments (none: the default set) into
// prepared drills, in the order named.
func compareDrills(afs fs.FS, env *scenario.Env, names []string) ([]*population.Drill, error) {
	files, err := fs.Glob(afs, drillDir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	type entry struct {
		id string
		sc *scenario.Scenario
	}
	var curriculum []entry
	for _, f := range files {
		sc, err := scenario.Load(afs, f, env)
		if err != nil {
			return nil, err
		}
		if sc.Drill != nil {
			curriculum = append(curriculum, entry{strings.TrimSuffix(path.Base(f), ".yaml"), sc})
		}
	}
	var out []*population.Drill
	seen := map[string]bool{}
	if len(names) == 0 {
		for _, e := range curriculum {
			if d, err := population.Prepare(e.id, e.sc); err == nil {
				out = append(out, d)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no L3 takeover drill in %s", drillDir)
		}
		return out, nil
	}
	for _, n := range names {
		var found *entry
		num, numErr := strconv.Atoi(n)
		for i := range curriculum {
			e := &curriculum[i]
			if numErr == nil && e.sc.Drill.Order == num || e.id == n || e.sc.Name == n {
				found = e
				break
			}
		}
		if found == nil {
			sfs, name, err := openScenario(n, afs)
			if err != nil {
				return nil, fmt.Errorf("%s: not a drill's number or name, and %v", n, err)
			}
			sc, err := scenario.Load(sfs, name, env)
			if err != nil {
				return nil, err
			}
			found = &entry{strings.TrimSuffix(path.Base(name), ".yaml"), sc}
		}
		if seen[found.id] {
			return nil, fmt.Errorf("%s: the drill %s is named twice", n, found.id)
		}
		seen[found.id] = true
		d, err := population.Prepare(found.id, found.sc)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// loadVariants reads the --hmi files, each checked against R157 by the
// loader; with none, the asset tree's HMI alone (takeoverHMI), a baseline.
func loadVariants(afs fs.FS, files []string) ([]compare.Variant, error) {
	if len(files) == 0 {
		t, err := takeoverHMI(nil, afs)
		if err != nil {
			return nil, fmt.Errorf("the shipped HMI: %w", err)
		}
		if t == nil { // an asset folder without hmi/: the built-in HMI
			return []compare.Variant{{Name: "the built-in takeover HMI"}}, nil
		}
		return []compare.Variant{variantOf(t)}, nil
	}
	var out []compare.Variant
	seen := map[string]string{}
	for _, f := range files {
		t, err := hmifile.LoadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--hmi %w", err)
		}
		if other, ok := seen[t.Digest]; ok {
			return nil, fmt.Errorf("--hmi %s: the same file as %s (the same digest); compare different HMIs", f, other)
		}
		seen[t.Digest] = f
		v := variantOf(t)
		v.Name = t.Name + " (" + f + ")"
		out = append(out, v)
	}
	return out, nil
}

// variantOf is the variant that drives with t: through the session's
// Setup.HMI, so the car's tones, vibration and timings follow the file and
// the simulated drivers react to what the car then does.
func variantOf(t *hmi.Takeover) compare.Variant {
	return compare.Variant{Name: t.Name, Digest: t.Digest, Setup: func(su *session.Setup) { su.HMI = t }}
}
