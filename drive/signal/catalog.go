package signal

import (
	"errors"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/sim"
)

// File is where the catalogue lives in an asset tree.
const File = "signals/signals.yaml"

// Catalog is every signal of the car, in a fixed order (the file's, with
// instances expanded). Build it once with Load and share it: it is never
// modified, and reading values costs one pass over the state.
type Catalog struct {
	specs []Spec
	index map[string]int
	binds []*binding
	// cabinAt is, for each signal, its position in cabin.State.Signals()
	// (-1 for the rest), so Read asks the cabin for its values once.
	cabinAt []int
	// branches are the paths of the tree's inner nodes, for Match.
	branches map[string]bool
}

// Len is the number of signals.
func (c *Catalog) Len() int { return len(c.specs) }

// Spec is signal i (0 ≤ i < Len) in catalogue order.
func (c *Catalog) Spec(i int) *Spec { return &c.specs[i] }

// Specs are every signal in catalogue order (read-only).
func (c *Catalog) Specs() []Spec { return c.specs }

// Index finds a signal by its exact path.
func (c *Catalog) Index(path string) (int, bool) {
	i, ok := c.index[path]
	return i, ok
}

// IsBranch reports whether path names an inner node of the tree
// ("Vehicle.Cabin"), which has signals below it but is not one.
func (c *Catalog) IsBranch(path string) bool { return c.branches[path] }

// Match returns the signals a pattern names, in catalogue order: an exact
// path names its signal; a branch ("Vehicle.Cabin.Seat") every signal
// below it; "*" stands for any one segment ("Vehicle.Cabin.Seat.*.IsOccupied")
// and a final "**" (or "*") for everything below. Matching is exact and
// case-sensitive, as VSS paths are; an empty pattern matches everything.
func (c *Catalog) Match(pattern string) []int {
	var out []int
	if pattern == "" {
		for i := range c.specs {
			out = append(out, i)
		}
		return out
	}
	if i, ok := c.index[pattern]; ok {
		return []int{i}
	}
	pat := strings.Split(pattern, ".")
	for i := range c.specs {
		if matchSegments(pat, strings.Split(c.specs[i].Path, ".")) {
			out = append(out, i)
		}
	}
	return out
}

// matchSegments reports whether a path's segments fall under a pattern's:
// the pattern's segments match a prefix of the path's ("*" any one), and a
// final "*" or "**" matches the rest.
func matchSegments(pat, path []string) bool {
	for i, p := range pat {
		last := i == len(pat)-1
		if last && (p == "**" || p == "*") {
			return len(path) > i
		}
		if i >= len(path) || p != "*" && p != path[i] {
			return false
		}
	}
	return true
}

// Read appends every signal's value, in catalogue order, to dst[:0] and
// returns it: a bool, int, float64 or string each. Pass the previous
// result back to reuse its memory.
func (c *Catalog) Read(st *sim.State, dst []any) []any {
	dst = dst[:0]
	cs := st.Cabin.Signals()
	for i, b := range c.binds {
		if at := c.cabinAt[i]; at >= 0 && at < len(cs) {
			dst = append(dst, cs[at].Value)
			continue
		}
		dst = append(dst, b.get(st))
	}
	return dst
}

// Write is what setting an actuator asks of the session: commands for the
// drive loop (the same ones a key or an utterance gives) and, for the
// simulated driver's body, the body it should have from the next step.
type Write struct {
	Commands []sim.Command
	Driver   *sim.DriverState
}

// Set turns a write of signal path to value (a VISS string, or a JSON
// bool or number) into what the session must do. It checks the path, the
// kind and the value here; the car's own rules (an empty seat, a window at
// speed, an engagement outside the ODD) refuse later, in the step, with a
// command.rejected or automation event, exactly as for a key or the voice.
func (c *Catalog) Set(path string, value any, st *sim.State) (Write, error) {
	i, ok := c.index[path]
	if !ok {
		if c.branches[path] {
			return Write{}, fail(ErrUnknownPath, path, "a branch of the tree, not a signal; name a signal below it")
		}
		return Write{}, fail(ErrUnknownPath, path, "no such signal (see `cockpit signals`)")
	}
	sp := &c.specs[i]
	if sp.Kind != Actuator {
		return Write{}, fail(ErrReadOnly, path, "a %s: it can be read, not set", sp.Kind)
	}
	v, err := sp.Parse(value)
	if err != nil {
		return Write{}, err
	}
	return c.binds[i].set(v, st)
}

// rawFile is the shape of assets/signals/signals.yaml.
type rawFile struct {
	VSS       string              `yaml:"vss"`
	Instances map[string][]string `yaml:"instances"`
	Signals   []struct {
		Path        string   `yaml:"path"`
		Type        string   `yaml:"type"`
		Datatype    string   `yaml:"datatype"`
		Unit        string   `yaml:"unit"`
		Min         *float64 `yaml:"min"`
		Max         *float64 `yaml:"max"`
		Allowed     []string `yaml:"allowed"`
		Description string   `yaml:"description"`
	} `yaml:"signals"`
}

var (
	pathRE     = regexp.MustCompile(`^(Vehicle|Cockpit)(\.([A-Z][A-Za-z0-9]*|<[A-Z][a-z]+>))+$`)
	instanceRE = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*$`)
	placeRE    = regexp.MustCompile(`<([A-Z][a-z]+)>`)
	// instanceNameRE is a name under instances, as <Name> writes it.
	instanceNameRE = regexp.MustCompile(`^[A-Z][a-z]+$`)
	unitRE         = regexp.MustCompile(`^[A-Za-z/%0-9^]*$`)
)

// MaxSignals bounds the catalogue, so an edited file cannot make every
// frame and every subscription arbitrarily expensive.
const MaxSignals = 2000

// Load reads and checks the catalogue from an asset tree (File). Every
// problem is reported as file:line:col: field: what was expected; a
// signal the simulator has no value for, or a value of the simulator the
// file does not declare, is an error too.
func Load(fsys fs.FS) (*Catalog, error) {
	var raw rawFile
	doc, err := datafile.Decode(fsys, File, &raw)
	if err != nil {
		return nil, err
	}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, doc.Errorf(field, format, args...))
	}
	// every data file's rules: finite numbers (a NaN min made every write
	// pass its range check), text without control characters
	datacheck.CheckNumbers(&raw, nil, func(path, problem string) { bad(path, "%s", problem) })
	datacheck.Check(&raw, []string{"description"}, func(path, problem string) { bad(path, "%s", problem) })
	if strings.TrimSpace(raw.VSS) == "" {
		bad("vss", "required: the VSS release the paths follow, e.g. v6.0")
	}
	for name, list := range raw.Instances {
		if !instanceNameRE.MatchString(name) {
			bad("instances."+name, "expected a capitalised name such as Seat")
		}
		if len(list) == 0 || len(list) > 16 {
			bad("instances."+name, "expected 1 to 16 instances, got %d", len(list))
		}
		for k, in := range list {
			if !instanceRE.MatchString(in) {
				bad("instances."+name+"["+strconv.Itoa(k)+"]", "expected a VSS instance such as Row1.DriverSide, got %q", in)
			}
		}
	}
	reg := registry()
	c := &Catalog{index: map[string]int{}, branches: map[string]bool{}}
	if len(raw.Signals) == 0 {
		bad("signals", "required: the list of signals {path, type, datatype, unit, description}")
	}
	for k, rs := range raw.Signals {
		f := "signals[" + strconv.Itoa(k) + "]"
		line, _ := doc.Position(f)
		if !pathRE.MatchString(rs.Path) {
			bad(f+".path", "expected a dotted path under Vehicle. or Cockpit. with capitalised segments, got %q", rs.Path)
			continue
		}
		sp := Spec{Kind: Kind(rs.Type), Datatype: rs.Datatype, Unit: rs.Unit, Allowed: rs.Allowed,
			Description: strings.TrimSpace(rs.Description), Line: line}
		switch sp.Kind {
		case Sensor, Actuator, Attribute:
		default:
			bad(f+".type", "expected sensor, actuator or attribute, got %q", rs.Type)
		}
		if !datatypes[sp.Datatype] {
			bad(f+".datatype", "expected a VSS datatype (boolean, string, float, double, uint8, int8, uint16, int16, uint32, int32), got %q", rs.Datatype)
		}
		if !unitRE.MatchString(sp.Unit) || len(sp.Unit) > 16 {
			bad(f+".unit", "expected a VSS unit such as km/h or percent, got %q", sp.Unit)
		}
		if sp.Description == "" {
			bad(f+".description", "required: what the value is, for the inspector and docs/signals.md")
		}
		if rs.Min != nil {
			sp.Min, sp.HasMin = *rs.Min, true
		}
		if rs.Max != nil {
			sp.Max, sp.HasMax = *rs.Max, true
		}
		if (sp.HasMin || sp.HasMax) && !sp.Numeric() {
			bad(f+".min", "only a number has a range; this is a %s", sp.Datatype)
		}
		if sp.HasMin && sp.HasMax && sp.Min > sp.Max {
			bad(f+".max", "max %s is below min %s", Format(sp.Max), Format(sp.Min))
		}
		if len(sp.Allowed) > 0 && sp.Datatype != "string" {
			bad(f+".allowed", "only a string has allowed values; this is a %s", sp.Datatype)
		}
		paths, perr := expand(rs.Path, raw.Instances)
		if perr != "" {
			bad(f+".path", "%s", perr)
			continue
		}
		for _, p := range paths {
			if _, dup := c.index[p]; dup {
				bad(f+".path", "%s is declared twice", p)
				continue
			}
			b := reg[p]
			if b == nil {
				bad(f+".path", "the simulator has no value %s; see docs/signals.md for the ones it has", p)
				continue
			}
			if sp.Kind == Actuator && b.set == nil {
				bad(f+".type", "%s cannot be set in the simulator; declare it a sensor", p)
				continue
			}
			if b.unit != "" && b.unit != sp.Unit {
				bad(f+".unit", "%s is in %s, not %q", p, b.unit, sp.Unit)
				continue
			}
			one := sp
			one.Path = p
			one.Overlay = strings.HasPrefix(p, "Cockpit.")
			c.index[p] = len(c.specs)
			c.specs = append(c.specs, one)
			c.binds = append(c.binds, b)
			c.cabinAt = append(c.cabinAt, b.cabin)
		}
	}
	var missing []string
	for p := range reg {
		if _, ok := c.index[p]; !ok {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 && len(errs) == 0 {
		sort.Strings(missing)
		if len(missing) > 8 {
			missing = append(missing[:8], "…")
		}
		bad("signals", "the simulator also has %s; declare every value it has", strings.Join(missing, ", "))
	}
	if len(c.specs) > MaxSignals {
		bad("signals", "at most %d signals, got %d", MaxSignals, len(c.specs))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, sp := range c.specs {
		segs := strings.Split(sp.Path, ".")
		for n := 1; n < len(segs); n++ {
			c.branches[strings.Join(segs[:n], ".")] = true
		}
	}
	for p := range c.branches {
		if _, leaf := c.index[p]; leaf {
			return nil, doc.Errorf("signals", "%s is both a signal and a branch with signals below it", p)
		}
	}
	return c, nil
}

// expand replaces each <Name> of a path by every instance of Name, in
// order; it returns a message when a name has no instances.
func expand(path string, inst map[string][]string) ([]string, string) {
	m := placeRE.FindStringSubmatchIndex(path)
	if m == nil {
		return []string{path}, ""
	}
	name := path[m[2]:m[3]]
	list, ok := inst[name]
	if !ok {
		return nil, "<" + name + "> is not under instances"
	}
	var out []string
	for _, in := range list {
		rest, msg := expand(path[:m[0]]+in+path[m[1]:], inst)
		if msg != "" {
			return nil, msg
		}
		out = append(out, rest...)
	}
	return out, ""
}
