package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// parseInterleaved parses flags that may come before or after positional
// arguments ("run FILE --json" as well as "run --json FILE").
func parseInterleaved(fset *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fset.Parse(args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fset := flag.NewFlagSet("cockpit "+name, flag.ContinueOnError)
	fset.SetOutput(stderr)
	return fset
}

// assetFS is the built-in asset tree, or a folder a designer points at.
func assetFS(dir string) (fs.FS, error) {
	if dir == "" {
		return assets.FS(), nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	return os.DirFS(dir), nil
}

// openScenario finds FILE on disk or among the bundled scenarios and returns
// the file system and name to load it from.
func openScenario(arg string, bundled fs.FS) (fs.FS, string, error) {
	if info, err := os.Stat(arg); err == nil && !info.IsDir() {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return nil, "", err
		}
		return fileFS{path: abs, name: arg}, arg, nil
	}
	name := strings.TrimPrefix(filepath.ToSlash(arg), "assets/")
	candidates := []string{name, "scenarios/" + name, "scenarios/" + name + ".yaml"}
	for _, c := range candidates {
		if info, err := fs.Stat(bundled, c); err == nil && !info.IsDir() {
			return bundled, c, nil
		}
	}
	return nil, "", fmt.Errorf("%s: no such file, and no bundled scenario of that name (see `cockpit scenarios`)", arg)
}

// expandFolders replaces a folder argument by its scenario files, sorted,
// so a designer can run a whole set ("cockpit run assets/scenarios/drills").
func expandFolders(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil || !info.IsDir() {
			out = append(out, a)
			continue
		}
		found, err := filepath.Glob(filepath.Join(a, "*.yaml"))
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: a folder with no scenario files (*.yaml)", a)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// loadEnv reads the asset tree (the built-in one, or --assets DIR) and the
// profiles, maps and presets scenarios are built from; cmd names the
// command in messages.
func loadEnv(cmd, dir string, stderr io.Writer) (fs.FS, *scenario.Env, bool) {
	afs, err := assetFS(dir)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, nil, false
	}
	env, err := scenario.NewEnv(afs)
	if err != nil {
		fmt.Fprintf(stderr, "%s: assets: %v\n", cmd, err)
		return nil, nil, false
	}
	return afs, env, true
}

// fileFS serves one file of the real file system under the name it was
// given on the command line, so errors quote the user's own path; a file
// it names beside it (a KUKSA CSV of a scenario) is found relative to the
// same working directory, as the user would write it.
type fileFS struct{ path, name string }

func (f fileFS) Open(name string) (fs.File, error) {
	if name == f.name || f.name == "" {
		return os.Open(f.path)
	}
	return os.Open(filepath.FromSlash(name))
}

// Stat looks at a file without opening it (a FIFO would block Open).
func (f fileFS) Stat(name string) (fs.FileInfo, error) {
	if name == f.name || f.name == "" {
		return os.Stat(f.path)
	}
	return os.Stat(filepath.FromSlash(name))
}

func runScenarios(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("run", stderr)
	jsonOut := fset.Bool("json", false, "print events as JSON lines")
	quiet := fset.Bool("quiet", false, "print only the summary and checks")
	lang := fset.String("lang", "en", "language of the readable timeline: en or zh")
	verbose := fset.Bool("verbose", false, "include detail in the timeline: vehicles ahead, the HMI outputs (hmi.*), confirmations (confirm.*)")
	seed := seedVar(fset, "override the scenario's seed")
	assetDir := fset.String("assets", "", "read assets from this folder")
	hmiPath := fset.String("hmi", "", "drive with this takeover HMI FILE instead of the shipped assets/hmi/takeover.yaml (texts, colours, tones, vibration, timings; docs/l3.md); one that breaks a UN R157 rule is refused with the rule, its source and its position")
	record := fset.String("record", "", "write the run's recording to FILE (one scenario)")
	force := fset.Bool("force", false, "let --record and --signals-out replace an existing file")
	signalPattern := fset.String("signals", "", "add samples of the signals this pattern names to the timeline")
	signalEvery := fset.String("every", "", "how often to sample --signals, in sim time (default 1s)")
	signalsOut := fset.String("signals-out", "", "write the --signals changes to FILE: a KUKSA CSV-provider file (.csv) or JSON lines")
	realtime := fset.Bool("realtime", false, "play the drive at wall-clock pace (one 50 ms step each 50 ms) instead of as fast as possible")
	speed := rangedInt(fset, "speed", 1, 1, maxSpeed, "", "with --realtime: play this many times faster than the wall clock (1 to 100)")
	vf := addVissFlags(fset)
	files, err := parseInterleaved(fset, args)
	if err != nil {
		return exitInvalid
	}
	if err := checkRealtime(fset, *realtime, vf); err != nil {
		fmt.Fprintln(stderr, "cockpit run:", err)
		return exitInvalid
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "cockpit run: name a scenario file, e.g. cockpit run assets/scenarios/airport-run.yaml")
		return exitInvalid
	}
	given, err := loadHMIFlag(*hmiPath)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit run: --hmi:")
		printLoadError(stderr, err)
		return exitInvalid
	}
	afs, env, ok := loadEnv("cockpit run", *assetDir, stderr)
	if !ok {
		return exitInvalid
	}
	takeover, err := takeoverHMI(given, afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	opts := session.RunOptions{Signals: env.Signals, HMI: takeover}
	sampler, err := newSignalSampler(opts.Signals, *signalPattern, *signalEvery)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit run:", err)
		return exitInvalid
	}
	seedSet := false
	fset.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })
	if seedSet {
		opts.Seed = seed
	}

	files, err = expandFolders(files)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit run:", err)
		return exitInvalid
	}
	if *realtime && len(files) != 1 {
		fmt.Fprintf(stderr, "cockpit run: --realtime plays one drive; %d scenarios were named\n", len(files))
		return exitInvalid
	}
	if *record != "" && len(files) != 1 {
		fmt.Fprintf(stderr, "cockpit run: --record writes one drive; %d scenarios were named\n", len(files))
		return exitInvalid
	}
	if *signalsOut != "" && (sampler == nil || len(files) != 1) {
		fmt.Fprintln(stderr, "cockpit run: --signals-out writes the --signals PATTERN of one scenario")
		return exitInvalid
	}
	if err := checkOutputs(*force, "--record", *record, "--signals-out", *signalsOut); err != nil {
		fmt.Fprintln(stderr, "cockpit run:", err)
		return exitInvalid
	}
	voices, err := newVoiceMaker(afs)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit run:", err)
		return exitInvalid
	}
	// The readable timeline renders events through the cockpit's one
	// renderer, in the language asked for (the JSON log stays as logged).
	tables, err := i18n.LoadAll(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	tr := tables[*lang]
	if tr == nil {
		fmt.Fprintf(stderr, "cockpit run: --lang: expected en or zh, got %q\n", *lang)
		return exitInvalid
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	status := exitOK
	for _, file := range files {
		sfs, name, err := openScenario(file, afs)
		if err != nil {
			fmt.Fprintln(stderr, "cockpit run:", err)
			status = exitInvalid
			continue
		}
		sc, err := scenario.Load(sfs, name, env)
		if err != nil {
			printLoadError(stderr, err)
			status = exitInvalid
			continue
		}
		opts.Voice = voices.voice(sc.Config.Map)
		// session.Run records the mode and the seed it used
		if opts.Start, err = startFor(session.ModeRun, file, afs, 0, ""); err != nil {
			fmt.Fprintln(stderr, "cockpit run:", err)
			status = exitInvalid
			continue
		}
		opts.Start = withHMI(opts.Start, given)
		var buf []byte
		switch {
		case *jsonOut:
			opts.OnEvent = func(ev sim.Event) {
				buf = withText(buf[:0], ev, tables["en"], sc.Config.Map)
				buf = append(buf, '\n')
				out.Write(buf)
			}
		case !*quiet:
			fmt.Fprintf(out, "▶ %s — %s\n", sc.Name, sc.Description)
			opts.OnEvent = func(ev sim.Event) {
				if ev.Kind.Detail() && !*verbose {
					return
				}
				out.WriteString(ev.Line(tr.Describe(ev, sc.Config.Map)))
				out.WriteByte('\n')
			}
		default:
			opts.OnEvent = nil
		}
		opts.BeforeStep, opts.AfterStep = nil, nil
		var paced *pacer
		if *realtime {
			if paced, err = newPacer(*speed, vf, afs, tables["en"], sc.Config.Map, out, stderr); err != nil {
				fmt.Fprintln(stderr, "cockpit run:", err)
				return exitInvalid
			}
			paced.hook(&opts)
			defer paced.release()
		}
		if sampler != nil {
			sampler.reset()
			w := io.Discard // --quiet still samples for --signals-out
			if !*quiet || *jsonOut {
				w = out
			}
			after := opts.AfterStep // the pacer's, when --realtime
			opts.AfterStep = func(s *session.Session, o *session.Output) {
				if after != nil {
					after(s, o)
				}
				sampler.sample(s, w, *jsonOut)
			}
		}
		res, drive, err := session.Run(sc, opts)
		if paced != nil {
			paced.close()
		}
		if err != nil {
			fmt.Fprintln(stderr, "cockpit run:", err)
			status = exitInvalid
			continue
		}
		if *record != "" {
			if err := saveRecording(*record, drive, *force); err != nil {
				fmt.Fprintln(stderr, "cockpit run: --record:", err)
				status = exitInvalid
			}
		}
		if *signalsOut != "" {
			data, err := sampler.export(*signalsOut)
			if err == nil {
				err = writeFileAtomic("--signals-out", *signalsOut, data, *force)
			}
			if err != nil {
				fmt.Fprintln(stderr, "cockpit run: --signals-out:", err)
				status = exitInvalid
			}
		}
		// The summary and checks are English whatever --lang (their
		// figures are written for the log); the events above follow --lang.
		en := tables["en"]
		say := func(m msg.Msg) string { return en.Render(m, sc.Config.Map) }
		if *jsonOut {
			writeJSONResult(out, res, say)
		} else {
			fmt.Fprintln(out)
			for _, l := range res.Summary(say) {
				fmt.Fprintln(out, l)
			}
			if len(res.Checks) > 0 {
				fmt.Fprintln(out, "Expectations:")
				for _, l := range res.CheckLines(say) {
					fmt.Fprintln(out, "  "+l)
				}
			}
			fmt.Fprintln(out)
		}
		if !res.Passed && status == exitOK {
			status = exitFailed
		}
		if paced != nil && paced.sig != nil {
			fmt.Fprintf(stderr, "cockpit run: stopped by %s; exit status %d\n", signalName(paced.sig), paced.exit(status))
			return paced.exit(status)
		}
	}
	return status
}

func printLoadError(w io.Writer, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			fmt.Fprintln(w, e)
		}
		return
	}
	fmt.Fprintln(w, err)
}

func writeJSONResult(w io.Writer, res *scenario.Result, say func(msg.Msg) string) {
	for _, c := range res.Checks {
		fmt.Fprintf(w, "{\"kind\":\"check\",\"line\":%d,\"passed\":%t,\"what\":%q,\"detail\":%q}\n", c.Line, c.Passed, c.What, c.Observed(say))
	}
	st := &res.Final
	fmt.Fprintf(w, "{\"kind\":\"result\",\"scenario\":%q,\"passed\":%t,\"t\":%g,\"arrived\":%t,\"crashed\":%t,\"stranded\":%t,\"distance_km\":%.3f,\"soc\":%.2f}\n",
		res.Scenario.Name, res.Passed, st.Time.Seconds(), st.Arrived, st.Crashed, st.Stranded, st.Vehicle.OdometerM/1000, st.Vehicle.SoC*100)
}

// table prints rows in columns aligned by display width, so Chinese
// names line up.
func table(w io.Writer, rows [][]string) {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func runVehicles(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("vehicles", stderr)
	assetDir := fset.String("assets", "", "read assets from this folder")
	ids, err := parseInterleaved(fset, args)
	if err != nil {
		return exitInvalid
	}
	afs, err := assetFS(*assetDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit vehicles:", err)
		return exitInvalid
	}
	profiles, err := vehicle.LoadAll(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	if len(ids) > 0 {
		status := exitOK
		for _, id := range ids {
			p, err := vehicle.Find(profiles, id)
			if err != nil {
				fmt.Fprintln(stderr, "cockpit vehicles:", err)
				status = exitInvalid
				continue
			}
			printProfile(stdout, p)
		}
		return status
	}
	rows := [][]string{{"ID", "NAME", "名称", "YEAR", "POWERTRAIN", "BATTERY", "CLTC RANGE", "DC PEAK", "MASS", "TRIM"}}
	for _, p := range profiles {
		rng := fmt.Sprintf("%.0f km", p.CLTCRangeKm)
		if p.Powertrain != vehicle.PowertrainBEV {
			rng = fmt.Sprintf("%.0f km (EV %.0f)", p.CLTCRangeKm, p.CLTCElectricRangeKm)
		}
		rows = append(rows, []string{p.ID, p.Name, p.NameZH, fmt.Sprint(p.ModelYear), strings.ToUpper(string(p.Powertrain)),
			fmt.Sprintf("%.1f kWh", p.BatteryKWh), rng, fmt.Sprintf("%.0f kW", p.MaxDCKW), fmt.Sprintf("%.0f kg", p.MassKg), p.Variant})
	}
	table(stdout, rows)
	fmt.Fprintln(stdout, "\nRanges are CLTC claims. `cockpit vehicles ID` shows every figure with its source and confidence.")
	return exitOK
}

func printProfile(w io.Writer, p *vehicle.Profile) {
	fmt.Fprintf(w, "%s — %s %s (%s, %s, %s), model year %d, %s\n", p.ID, p.Name, p.NameZH, p.Make, strings.ToUpper(string(p.Powertrain)), strings.ToUpper(string(p.Drive)), p.ModelYear, p.Variant)
	keys := make([]string, 0, len(p.Figures))
	for k := range p.Figures {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rows := [][]string{{"FIGURE", "VALUE", "CONFIDENCE", "SOURCE"}}
	for _, k := range keys {
		f := p.Figures[k]
		rows = append(rows, []string{k, strings.TrimSpace(fmt.Sprintf("%g %s", f.Value, f.Unit)), string(f.Confidence), f.Source})
	}
	table(w, rows)
	fmt.Fprintln(w)
}

func runPlaces(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("places", stderr)
	assetDir := fset.String("assets", "", "read assets from this folder")
	mapName := fset.String("map", scenario.DefaultMap, "map file within the assets")
	if _, err := parseInterleaved(fset, args); err != nil {
		return exitInvalid
	}
	afs, err := assetFS(*assetDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit places:", err)
		return exitInvalid
	}
	name := *mapName
	if !strings.HasPrefix(name, "maps/") {
		name = "maps/" + name
	}
	if !strings.HasSuffix(name, ".yaml") {
		name += ".yaml"
	}
	if _, err := fs.Stat(afs, name); err != nil {
		maps, _ := fs.Glob(afs, "maps/*.yaml")
		fmt.Fprintf(stderr, "cockpit places: no map %q; maps: %s\n", *mapName, strings.Join(maps, ", "))
		return exitInvalid
	}
	m, err := world.Load(afs, name)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "Map %s: %d places, %d roads\n\n", m.Name, len(m.Places), len(m.Roads))
	rows := [][]string{{"ID", "CATEGORY", "NAME", "名称", "PINYIN", "DETAIL"}}
	for _, p := range m.Places {
		detail := ""
		if st := m.StationAt(p.ID); st != nil {
			detail = fmt.Sprintf("%s station", st.Kind)
			if st.PowerKW > 0 {
				detail = fmt.Sprintf("%.0f kW charging, %d stalls", st.PowerKW, st.Stalls)
			}
		}
		for _, pa := range m.Parking {
			if pa.Place == p {
				free := 0
				for _, s := range pa.Slots {
					if !s.Occupied {
						free++
					}
				}
				detail = fmt.Sprintf("%s, %d slots (%d free)", pa.Kind, len(pa.Slots), free)
			}
		}
		rows = append(rows, []string{p.ID, string(p.Category), p.NameEN, p.NameZH, p.Pinyin, detail})
	}
	table(stdout, rows)
	return exitOK
}

func runScenarioList(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("scenarios", stderr)
	assetDir := fset.String("assets", "", "read assets from this folder")
	if _, err := parseInterleaved(fset, args); err != nil {
		return exitInvalid
	}
	afs, err := assetFS(*assetDir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit scenarios:", err)
		return exitInvalid
	}
	env, err := scenario.NewEnv(afs)
	if err != nil {
		printLoadError(stderr, err)
		return exitInvalid
	}
	var names []string
	_ = fs.WalkDir(afs, "scenarios", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			names = append(names, p)
		}
		return nil
	})
	rows := [][]string{{"SCENARIO", "VEHICLE", "DESCRIPTION"}}
	status := exitOK
	for _, n := range names {
		sc, err := scenario.Load(afs, n, env)
		if err != nil {
			printLoadError(stderr, err)
			status = exitInvalid
			continue
		}
		rows = append(rows, []string{strings.TrimSuffix(strings.TrimPrefix(n, "scenarios/"), ".yaml"), sc.Config.Profile.ID, sc.Description})
	}
	table(stdout, rows)
	fmt.Fprintln(stdout, "\nRun one with: cockpit run NAME")
	return status
}

// withText gives an event whose producer says it by message key its
// English sentence, so a JSON log reads without the catalogue and is the
// same whatever --lang says; the key and arguments stay beside it
// ("msg") for a program, or a front end in another language.
func withText(b []byte, ev sim.Event, tr *i18n.Table, m *world.Map) []byte {
	return ev.AppendJSONText(b, tr.Describe(ev, m))
}
