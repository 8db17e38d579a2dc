package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/automation"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/drill"
	"github.com/nevsim/cockpit/drive/route"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// DefaultMap is the map a scenario uses when it names none.
const DefaultMap = "maps/beijing.yaml"

// DefaultLimit is the longest a scenario runs when it sets no limit.
const DefaultLimit = sim.Millis(3 * 3600 * 1000)

// Env is what scenarios are validated and run against: the vehicle profiles
// and maps available.
type Env struct {
	Profiles []*vehicle.Profile
	Maps     map[string]*world.Map // by path, e.g. "maps/beijing.yaml"
	// Presets are the automation's parameter sets by id (r157-01, …).
	Presets map[string]automation.Params
	// Signals is the signal catalogue a `set:` action and an imported
	// KUKSA file write through (nil when the assets have none).
	Signals *signal.Catalog
	// Cabin is the cabin catalog of the assets (cabin/cabin.yaml: massage
	// programmes, colours, seat travel) every drive uses; nil, the
	// built-in defaults, when the assets have none.
	Cabin *cabin.Catalog
}

// CabinFile is where an asset tree keeps its cabin catalog.
const CabinFile = "cabin/cabin.yaml"

// NewEnv loads every profile and map from an asset tree (normally
// assets.FS()).
func NewEnv(assets fs.FS) (*Env, error) { return NewEnvWith(assets, nil) }

// NewEnvWith is NewEnv with the signal catalogue already loaded (a front
// end that loaded it with its own assets; reading it again would double
// a start-up cost), or nil to load it from the tree.
func NewEnvWith(assets fs.FS, signals *signal.Catalog) (*Env, error) {
	profiles, err := vehicle.LoadAll(assets)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(assets, "maps/*.yaml")
	if err != nil {
		return nil, err
	}
	env := &Env{Profiles: profiles, Maps: map[string]*world.Map{}}
	for _, n := range names {
		m, err := world.Load(assets, n)
		if err != nil {
			return nil, err
		}
		env.Maps[n] = m
	}
	if len(env.Maps) == 0 {
		return nil, errors.New("no maps found under maps/")
	}
	// A designer's asset folder may have no automation presets; only a
	// scenario that names one needs them.
	if _, err := fs.Stat(assets, "automation"); err == nil {
		if env.Presets, err = automation.LoadPresets(assets); err != nil {
			return nil, err
		}
	}
	// The cabin catalog is documented as editable: an edit must show in
	// the drive, and a mistake in it must stop the start with its position.
	if _, err := fs.Stat(assets, CabinFile); err == nil {
		if env.Cabin, err = cabin.LoadCatalog(assets, CabinFile); err != nil {
			return nil, err
		}
	}
	env.Signals = signals
	if _, err := fs.Stat(assets, signal.File); err == nil && signals == nil {
		if env.Signals, err = signal.Load(assets); err != nil {
			return nil, err
		}
	}
	return env, nil
}

// MapNames lists the maps of the environment, sorted.
func (e *Env) MapNames() []string {
	names := make([]string, 0, len(e.Maps))
	for n := range e.Maps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Scenario is a validated scenario file, ready to run.
type Scenario struct {
	File        string
	Name        string
	NameZH      string
	Description string
	Config      sim.Config
	Limit       sim.Millis
	Events      []Event
	Expect      []Expectation
	// Initial is the scripted driver at the start.
	Initial sim.DriverState
	// Drill marks a handover drill: its run is scored (drive/drill).
	Drill *Drill
	// Signals is the catalogue the events' signal writes use (Env.Signals).
	Signals *signal.Catalog
}

// Drill describes a training drill: its place in the curriculum and the
// level it trains.
type Drill struct {
	Order int
	Level string // "l3" or "l2"
}

// TriggerKind says what makes a scenario event fire.
type TriggerKind int

// Trigger kinds.
const (
	AtTime     TriggerKind = iota // at a sim time
	AtDistance                    // after a distance driven
	AtPlace                       // when the route passes a place
	AfterEvent                    // a delay after another event
)

// Event is one scripted happening: a trigger and an action.
type Event struct {
	Line int // in the scenario file, for messages

	Trigger   TriggerKind
	At        sim.Millis
	DistanceM float64
	Place     string
	placeNode world.NodeID
	After     Match
	Delay     sim.Millis

	// The action: commands for the drive loop, a change of the scripted
	// driver, an utterance, or a note for the timeline.
	Commands []sim.Command
	Driver   *DriverAction
	Phone    *PhoneAction
	Say      string
	Note     string
	// Sets are signal writes, resolved into commands when the event
	// fires (they depend on the state then: a seat moves from where it
	// is). An imported KUKSA file gives one per row.
	Sets []SignalSet
}

// SignalSet is one write of an actuator: its path and the value, checked
// against the catalogue when the scenario loads.
type SignalSet struct {
	Path  string
	Value any
}

// DriverAction changes what the scripted driver does. Nil fields keep
// their value; pedal presses and steering last For.
type DriverAction struct {
	HandsOnWheel, EyesOnRoad, BeltOn, Seated, Phone, EyesClosed *bool
	Brake, Accel                                                *float64
	Steer                                                       bool
	For                                                         sim.Millis
	LaneChange                                                  int
	// SteerNm is a torque on the wheel for For (parking: a firm one
	// stops the assist).
	SteerNm *float64
}

// Match selects events by kind and, optionally, subject. Kind may be written
// "driver.hands_on" for kind "driver" with subject "hands_on".
type Match struct {
	Kind    string
	Subject string
}

// Matches reports whether ev is selected.
func (m Match) Matches(ev sim.Event) bool {
	k := string(ev.Kind)
	switch {
	case m.Kind == k:
	case ev.Subject != "" && m.Kind == k+"."+ev.Subject:
	default:
		return false
	}
	return m.Subject == "" || strings.EqualFold(m.Subject, ev.Subject)
}

// String names the match as expectations describe it.
func (m Match) String() string {
	if m.Subject != "" {
		return m.Kind + " (" + m.Subject + ")"
	}
	return m.Kind
}

// loader collects every problem of a file, not just the first, so a
// designer can fix them in one go.
type loader struct {
	doc  *datafile.Doc
	errs []error
	// area is the scenario's car park (start.parking, or the
	// destination's), for checking slot ids; usesParking is set by any
	// parking field or action.
	area        *world.ParkingArea
	usesParking bool
	signals     *signal.Catalog
	// drill is set for a drill scenario: only its expectations may check
	// a drill score.
	drill bool
	// failed holds the fields already reported: the checks of the number
	// table run first, and a field's own check repeating the complaint
	// would only add noise.
	failed map[string]bool
}

func (l *loader) errorf(field, format string, args ...any) {
	if l.failed[field] {
		return
	}
	if l.failed == nil {
		l.failed = map[string]bool{}
	}
	l.failed[field] = true
	l.errs = append(l.errs, l.doc.Errorf(field, format, args...))
}

// Load reads and validates a scenario file from fsys against env.
func Load(fsys fs.FS, name string, env *Env) (*Scenario, error) {
	var raw fileScenario
	doc, err := datafile.Decode(fsys, name, &raw)
	if err != nil {
		return nil, err
	}
	return build(doc, name, &raw, env, fsys)
}

// Parse validates scenario YAML given as bytes (named name in errors).
func Parse(name string, data []byte, env *Env) (*Scenario, error) {
	var raw fileScenario
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return nil, err
	}
	return build(doc, name, &raw, env, nil)
}

// build checks a decoded scenario; fsys, when not nil, is where the files
// it names (an imported KUKSA file) are read from, beside name.
func build(doc *datafile.Doc, name string, raw *fileScenario, env *Env, fsys fs.FS) (*Scenario, error) {
	l := &loader{doc: doc, signals: env.Signals, drill: raw.Drill != nil}
	sc := &Scenario{File: name, Name: raw.Name, NameZH: raw.NameZH, Description: raw.Description, Limit: DefaultLimit, Signals: env.Signals}
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(path.Base(name), path.Ext(name))
	}
	cfg := &sc.Config
	cfg.CabinCatalog = env.Cabin

	// Vehicle and map.
	switch {
	case raw.Vehicle == "":
		l.errorf("vehicle", "missing: name a vehicle profile, one of %s", profileIDs(env))
	default:
		p, err := vehicle.Find(env.Profiles, raw.Vehicle)
		if err != nil {
			l.errorf("vehicle", "unknown vehicle %q%s; valid: %s", raw.Vehicle, didYouMean(raw.Vehicle, strings.Split(profileIDs(env), ", ")...), profileIDs(env))
		}
		cfg.Profile = p
	}
	mapName := raw.Map
	if mapName == "" {
		mapName = DefaultMap
	}
	if !strings.HasPrefix(mapName, "maps/") {
		mapName = "maps/" + mapName
	}
	if !strings.HasSuffix(mapName, ".yaml") {
		mapName += ".yaml"
	}
	cfg.Map = env.Maps[mapName]
	if cfg.Map == nil {
		l.errorf("map", "unknown map %q; valid: %s", raw.Map, strings.Join(env.MapNames(), ", "))
		l.checkValues(raw)
		return nil, l.result()
	}
	if raw.Seed != nil {
		cfg.Seed = *raw.Seed
	} else {
		cfg.Seed = 1
	}

	// Start.
	if sp := raw.Start.Parking; sp != nil {
		l.usesParking = true
		l.area = l.parkingStart("start.parking", sp, cfg.Map, cfg)
		if l.area != nil && raw.Start.Place == "" {
			raw.Start.Place = l.area.Place.ID
		} else if l.area != nil && raw.Start.Place != l.area.Place.ID {
			l.errorf("start.place", "the car starts in %s: start.place must be %s (or left out)", l.area.ID, l.area.Place.ID)
		}
	}
	if raw.Start.Place == "" {
		l.errorf("start.place", "missing: the place the drive starts from; valid: %s", placeIDs(cfg.Map))
	} else if _, err := cfg.Map.Place(raw.Start.Place); err != nil {
		l.errorf("start.place", "unknown place %q%s; valid: %s", raw.Start.Place, didYouMean(raw.Start.Place, strings.Split(placeIDs(cfg.Map), ", ")...), placeIDs(cfg.Map))
	}
	cfg.StartPlace = raw.Start.Place
	cfg.StartClockS = 8 * 3600
	if raw.Start.Time != "" {
		if c, ok := parseClock(raw.Start.Time); ok {
			cfg.StartClockS = c
		} else {
			l.errorf("start.time", "expected a time of day like \"07:30\", got %q", raw.Start.Time)
		}
	}
	cfg.SoC = 0.8
	if raw.Start.SoC != nil {
		cfg.SoC = l.percent("start.soc", *raw.Start.SoC) / 100
		if cfg.SoC == 0 {
			cfg.SoC = 0.0001 // an explicit empty battery, not "default"
		}
	}
	cfg.FuelFraction = 1
	if raw.Start.Fuel != nil {
		cfg.FuelFraction = l.percent("start.fuel", *raw.Start.Fuel) / 100
		if cfg.FuelFraction == 0 {
			cfg.FuelFraction = 0.0001
		}
		if cfg.Profile != nil && cfg.Profile.Powertrain == vehicle.PowertrainBEV {
			l.errorf("start.fuel", "%s is a battery-electric car and has no fuel tank", cfg.Profile.Name)
		}
	}

	for i, seat := range raw.Start.Passengers {
		switch id := cabin.SeatID(seat); id {
		case cabin.SeatPassenger, cabin.SeatRearLeft, cabin.SeatRearRight:
			cfg.Passengers = append(cfg.Passengers, id)
		default:
			l.errorf(fmt.Sprintf("start.passengers[%d]", i), "expected passenger, rear_left or rear_right, got %q%s", seat, didYouMean(seat, "passenger", "rear_left", "rear_right"))
		}
	}
	switch raw.Start.Climate {
	case "", "off":
	case "on", "auto":
		cfg.ClimateOn = true
	default:
		l.errorf("start.climate", "expected on or off, got %q%s", raw.Start.Climate, didYouMean(raw.Start.Climate, "on", "off"))
	}

	// Destination.
	if raw.Destination != nil {
		place, opt := l.route("destination", raw.Destination, cfg.Map)
		cfg.Destination, cfg.RouteOptions = place, opt
		for i, v := range raw.Destination.Via {
			if _, err := cfg.Map.Place(v); err != nil {
				l.errorf(fmt.Sprintf("destination.via[%d]", i), "unknown place %q%s; valid: %s", v, didYouMean(v, strings.Split(placeIDs(cfg.Map), ", ")...), placeIDs(cfg.Map))
			}
			cfg.Via = append(cfg.Via, v)
		}
		if raw.Destination.ChargingStops != nil && !*raw.Destination.ChargingStops {
			cfg.SkipChargePlanning = true
		}
	}

	// Conditions.
	c := raw.Conditions
	if c.Weather != "" {
		cfg.Weather.Kind = l.weatherKind("conditions.weather", c.Weather)
	}
	if c.VisibilityM != nil {
		cfg.Weather.VisibilityM = l.ranged("conditions.visibility_m", "conditions.visibility_m", *c.VisibilityM)
	}
	if c.Intensity != nil {
		cfg.Weather.Intensity = l.unit("conditions.intensity", *c.Intensity)
	}
	if c.Traffic != "" {
		cfg.TrafficScale = l.traffic("conditions.traffic", c.Traffic)
	}
	if c.TempC != nil {
		if *c.TempC < -40 || *c.TempC > 50 || math.IsNaN(*c.TempC) {
			l.errorf("conditions.temperature_c", "expected an outside temperature from -40 to 50 °C, got %v", *c.TempC)
		}
		t := *c.TempC
		cfg.OutsideTempC = &t
	}
	switch c.Light {
	case "", "auto":
	case "day":
		cfg.NightSet, cfg.Night = true, false
	case "night":
		cfg.NightSet, cfg.Night = true, true
	default:
		l.errorf("conditions.light", "expected auto, day or night, got %q%s", c.Light, didYouMean(c.Light, "auto", "day", "night"))
	}

	// Driver.
	d := raw.Driver
	sc.Initial = sim.AttentiveDriver
	setBool(&sc.Initial.HandsOnWheel, d.HandsOnWheel)
	setBool(&sc.Initial.EyesOnRoad, d.EyesOnRoad)
	setBool(&sc.Initial.BeltOn, d.BeltOn)
	setBool(&sc.Initial.Seated, d.Seated)
	initial := sc.Initial
	cfg.DriverState = &initial
	cfg.Control = l.control("driver.control", d.Control)
	if d.ReactionS != nil {
		// NaN passes a "< 0.2 || > 10" test: the table's range does not.
		cfg.Driver.ReactionS = l.ranged("driver.reaction_s", "driver.reaction_s", *d.ReactionS)
	}
	switch d.Attention {
	case "", "attentive":
	case "distracted":
		cfg.Driver.Distracted = true
	default:
		l.errorf("driver.attention", "expected attentive or distracted, got %q%s", d.Attention, didYouMean(d.Attention, "attentive", "distracted"))
	}

	if a := raw.Automation; a != nil {
		p, ok := env.Presets[a.Preset]
		if !ok {
			l.errorf("automation.preset", "unknown automation preset %q%s; valid: %s", a.Preset, didYouMean(a.Preset, strings.Split(presetIDs(env), ", ")...), presetIDs(env))
		} else {
			cfg.Automation = &p
		}
	}
	if d := raw.Drill; d != nil {
		switch d.Level {
		case "l2", "l3", drill.LevelManual:
		default:
			l.errorf("drill.level", "expected l3, l2 or manual, got %q%s", d.Level, didYouMean(d.Level, "l3", "l2", "manual"))
		}
		sc.Drill = &Drill{Order: d.Order, Level: d.Level}
	}

	if raw.Parking != nil {
		l.usesParking = true
		cfg.Parking = l.parkingConfig("parking", raw.Parking)
	}
	if l.area == nil && cfg.Destination != "" {
		l.area = cfg.Map.ParkingArea(cfg.Destination)
	}

	if raw.Limit != "" {
		sc.Limit = l.duration("limit", raw.Limit)
		if sc.Limit <= 0 {
			l.errorf("limit", "must be longer than zero")
		}
	}

	for i := range raw.Events {
		if ev, ok := l.event(fmt.Sprintf("events[%d]", i), &raw.Events[i], cfg.Map); ok {
			sc.Events = append(sc.Events, ev)
		}
	}
	if raw.SignalsCSV != nil {
		sc.Events = append(sc.Events, l.signalsCSV(raw.SignalsCSV, name, fsys)...)
	}
	for i := range raw.Expect {
		if ex, ok := l.expectation(fmt.Sprintf("expect[%d]", i), &raw.Expect[i], cfg.Map); ok {
			sc.Expect = append(sc.Expect, ex)
		}
	}
	// A drive that parks goes on after arriving at its car park.
	cfg.ParkOnArrival = l.usesParking || mentionsParking(raw)
	// Every number and text is checked last, against the one table of
	// ranges, after the fields' own checks (whose words can be more
	// specific) have had their say.
	l.checkValues(raw)
	if err := l.result(); err != nil {
		return nil, err
	}
	return sc, nil
}

func (l *loader) result() error {
	if len(l.errs) == 0 {
		return nil
	}
	return errors.Join(l.errs...)
}

func setBool(dst *bool, src *bool) {
	if src != nil {
		*dst = *src
	}
}

func profileIDs(env *Env) string {
	ids := make([]string, len(env.Profiles))
	for i, p := range env.Profiles {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

func presetIDs(env *Env) string {
	ids := make([]string, 0, len(env.Presets))
	for id := range env.Presets {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return "(none: the assets have no automation/ folder)"
	}
	return strings.Join(ids, ", ")
}

func placeIDs(m *world.Map) string {
	ids := make([]string, len(m.Places))
	for i, p := range m.Places {
		ids[i] = p.ID
	}
	sort.Strings(ids)
	return strings.Join(ids, ", ")
}

func (l *loader) percent(field string, v float64) float64 {
	if v < 0 || v > 100 || math.IsNaN(v) {
		l.errorf(field, "expected a percentage 0-100, got %v", v)
		return 0
	}
	return v
}

// ranged checks v against the number table's range for pattern (the
// field with [] for its index) and returns it, or 0 when refused.
func (l *loader) ranged(field, pattern string, v float64) float64 {
	if p := numberRanges[pattern].Problem(v); p != "" {
		l.errorf(field, "%s", p)
		return 0
	}
	return v
}

func (l *loader) unit(field string, v float64) float64 {
	if v < 0 || v > 1 || math.IsNaN(v) {
		l.errorf(field, "expected a number from 0 to 1, got %v", v)
		return 0
	}
	return v
}

func (l *loader) weatherKind(field, s string) sim.WeatherKind {
	for _, k := range sim.WeatherKinds {
		if string(k) == s {
			return k
		}
	}
	l.errorf(field, "unknown weather %q%s; valid: clear, rain, fog, snow", s, didYouMean(s, "clear", "rain", "fog", "snow"))
	return sim.WeatherClear
}

// traffic accepts a word or a multiplier of the time-of-day demand.
func (l *loader) traffic(field, s string) float64 {
	switch s {
	case "none":
		return 0.01
	case "light":
		return 0.5
	case "normal":
		return 1
	case "heavy":
		return 1.6
	case "jammed":
		return 3
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && v > 0 && v <= 5 {
		return v
	}
	l.errorf(field, "expected none, light, normal, heavy, jammed or a multiplier like 1.3, got %q", s)
	return 1
}

func (l *loader) control(field, s string) sim.Control {
	switch s {
	case "", "auto":
		return sim.ControlAuto
	case "manual":
		return sim.ControlManual
	}
	l.errorf(field, "expected auto or manual, got %q%s", s, didYouMean(s, "auto", "manual"))
	return sim.ControlAuto
}

func (l *loader) route(field string, r *fileRoute, m *world.Map) (string, route.Options) {
	var opt route.Options
	if r.Place == "" {
		l.errorf(field+".place", "missing: a place id; valid: %s", placeIDs(m))
	} else if _, err := m.Place(r.Place); err != nil {
		l.errorf(field+".place", "unknown place %q%s; valid: %s", r.Place, didYouMean(r.Place, strings.Split(placeIDs(m), ", ")...), placeIDs(m))
	}
	if len(r.Via) > 0 && field != "destination" {
		l.errorf(field+".via", "waypoints are only for the destination of the drive")
	}
	for i, a := range r.Avoid {
		switch a {
		case "tolls":
			opt.AvoidTolls = true
		case "expressways", "highways":
			opt.AvoidExpressways = true
		default:
			l.errorf(fmt.Sprintf("%s.avoid[%d]", field, i), "expected tolls or expressways, got %q%s", a, didYouMean(a, "tolls", "expressways"))
		}
	}
	switch r.Prefer {
	case "", "fastest":
		opt.Prefer = "fastest"
	case "shortest":
		opt.Prefer = "shortest"
	default:
		l.errorf(field+".prefer", "expected fastest or shortest, got %q%s", r.Prefer, didYouMean(r.Prefer, "fastest", "shortest"))
	}
	return r.Place, opt
}

// parseClock reads "HH:MM" or "HH:MM:SS".
func parseClock(s string) (float64, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var total float64
	limits := []int{24, 60, 60}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n >= limits[i] {
			return 0, false
		}
		total = total*60 + float64(n)
	}
	if len(parts) == 2 {
		total *= 60
	}
	return total, true
}

// duration reads "90s", "2m30s", "1.5h" or a bare number of seconds, from
// zero to MaxDuration.
func (l *loader) duration(field, s string) sim.Millis {
	d, ok := parseDuration(s)
	switch {
	case !ok:
		l.errorf(field, "expected a duration like 90s, 5m or 1h30m, got %q", s)
	case d < 0 || d > MaxDuration:
		l.errorf(field, "expected a duration from 0s to %s, got %q", fmtDur(MaxDuration), s)
		d = 0
	}
	return d
}

// parseDuration reads a duration; one outside 0..MaxDuration is returned
// as -1 with ok, so the message can name the range.
func parseDuration(s string) (sim.Millis, bool) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(v) {
			return 0, false
		}
		if v < 0 || v > MaxDuration.Seconds() {
			return -1, true
		}
		return sim.Millis(math.Round(v * 1000)), true
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		// time.ParseDuration refuses what overflows int64 nanoseconds
		// ("100000000h") with "invalid duration": still a duration, too long.
		if strings.Contains(err.Error(), "invalid duration") && looksLikeDuration(s) {
			return -1, true
		}
		return 0, false
	}
	if d < 0 || d > time.Duration(MaxDuration)*time.Millisecond {
		return -1, true
	}
	return sim.Millis(d.Milliseconds()), true
}

// looksLikeDuration reports whether s is digits, dots and unit letters,
// as a duration too long to parse is.
func looksLikeDuration(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789.hmsunµ", r) {
			return false
		}
	}
	return true
}

// distance reads "12km", "800m" or a bare number of metres, from zero to
// MaxDistanceM.
func (l *loader) distance(field, s string) float64 {
	v, ok := parseDistance(s)
	switch {
	case !ok:
		l.errorf(field, "expected a distance like 800m or 12.5km, got %q", s)
	case !(v >= 0 && v <= MaxDistanceM):
		l.errorf(field, "expected a distance from 0 to %g km, got %q", MaxDistanceM/1000, s)
		v = 0
	}
	return v
}

func parseDistance(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "km"):
		s, mult = strings.TrimSuffix(s, "km"), 1000
	case strings.HasSuffix(s, "m"):
		s = strings.TrimSuffix(s, "m")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) {
		return 0, false
	}
	if v < 0 || v*mult > MaxDistanceM {
		return -1, true // a distance, out of range: the caller names the range
	}
	return v * mult, true
}

func (l *loader) event(field string, e *fileEvent, m *world.Map) (Event, bool) {
	line, _ := l.doc.Position(field)
	ev := Event{Line: line}
	before := len(l.errs)

	triggers := 0
	if e.At != "" {
		triggers++
		ev.Trigger, ev.At = AtTime, l.duration(field+".at", e.At)
	}
	if e.AtDistance != "" {
		triggers++
		ev.Trigger, ev.DistanceM = AtDistance, l.distance(field+".at_distance", e.AtDistance)
	}
	if e.AtPlace != "" {
		triggers++
		ev.Trigger, ev.Place = AtPlace, e.AtPlace
		if p, err := m.Place(e.AtPlace); err != nil {
			l.errorf(field+".at_place", "unknown place %q%s; valid: %s", e.AtPlace, didYouMean(e.AtPlace, strings.Split(placeIDs(m), ", ")...), placeIDs(m))
		} else {
			ev.placeNode = p.Node
		}
	}
	if e.After != nil {
		triggers++
		ev.Trigger = AfterEvent
		ev.After = Match{Kind: e.After.Event, Subject: e.After.Subject}
		if e.After.Event == "" {
			l.errorf(field+".after.event", "missing: the kind of event to wait for, e.g. incident.ahead")
		}
		l.checkKind(field+".after.event", e.After.Event, field+".after.subject", e.After.Subject)
		l.checkSubject(field+".after.subject", e.After.Event, e.After.Subject, m)
		if e.After.Delay != "" {
			ev.Delay = l.duration(field+".after.delay", e.After.Delay)
		}
	}
	if triggers != 1 {
		l.errorf(field, "needs exactly one trigger (at, at_distance, at_place or after), found %d", triggers)
	}

	actions := 0
	if e.Weather != nil {
		actions++
		w := sim.Weather{Kind: l.weatherKind(field+".weather.kind", e.Weather.Kind)}
		if e.Weather.VisibilityM != nil {
			w.VisibilityM = l.ranged(field+".weather.visibility_m", "events[].weather.visibility_m", *e.Weather.VisibilityM)
		}
		if e.Weather.Intensity != nil {
			w.Intensity = l.unit(field+".weather.intensity", *e.Weather.Intensity)
		}
		ev.Commands = append(ev.Commands, sim.SetWeather{Weather: w})
	}
	if e.Traffic != "" {
		actions++
		ev.Commands = append(ev.Commands, sim.SetTraffic{Scale: l.traffic(field+".traffic", e.Traffic)})
	}
	if e.Light != "" {
		actions++
		switch e.Light {
		case "day", "night":
			ev.Commands = append(ev.Commands, sim.SetNight{Night: e.Light == "night"})
		case "auto":
			ev.Commands = append(ev.Commands, sim.SetNight{Clear: true})
		default:
			l.errorf(field+".light", "expected auto, day or night, got %q%s", e.Light, didYouMean(e.Light, "auto", "day", "night"))
		}
	}
	if in := e.Incident; in != nil {
		actions++
		cmd := sim.AddIncident{LanesClosed: in.LanesClosed}
		found := false
		for _, k := range sim.IncidentKinds {
			if string(k) == in.Kind {
				cmd.Kind, found = k, true
			}
		}
		if !found {
			l.errorf(field+".incident.kind", "unknown incident %q%s; valid: roadworks, crash, emergency_vehicle", in.Kind, didYouMean(in.Kind, "roadworks", "crash", "emergency_vehicle"))
		}
		if in.Ahead != "" {
			cmd.AheadM = l.distance(field+".incident.ahead", in.Ahead)
		} else if cmd.Kind != sim.IncidentEmergencyVehicle {
			cmd.AheadM = 1500
		}
		if in.Length != "" {
			cmd.LengthM = l.distance(field+".incident.length", in.Length)
		}
		if in.LimitKmh != nil {
			cmd.LimitKmh = l.ranged(field+".incident.limit_kmh", "events[].incident.limit_kmh", *in.LimitKmh)
		}
		if in.LanesClosed < 0 || in.LanesClosed > 6 {
			l.errorf(field+".incident.lanes_closed", "expected 0-6 lanes, got %d", in.LanesClosed)
		}
		if in.Duration != "" {
			cmd.Duration = l.duration(field+".incident.duration", in.Duration)
		}
		ev.Commands = append(ev.Commands, cmd)
	}
	if ci := e.CutIn; ci != nil {
		actions++
		cmd := sim.CutIn{Kind: ci.Kind, GapM: 12, SpeedDeltaKmh: 15}
		switch ci.Kind {
		case "", "car", "moped":
		default:
			l.errorf(field+".cut_in.kind", "expected car or moped, got %q%s", ci.Kind, didYouMean(ci.Kind, "car", "moped"))
		}
		if ci.Gap != "" {
			cmd.GapM = l.distance(field+".cut_in.gap", ci.Gap)
		}
		if ci.SlowerKmh != nil {
			cmd.SpeedDeltaKmh = l.ranged(field+".cut_in.slower_kmh", "events[].cut_in.slower_kmh", *ci.SlowerKmh)
		}
		ev.Commands = append(ev.Commands, cmd)
	}
	if o := e.Obstacle; o != nil {
		actions++
		cmd := sim.Obstacle{Kind: o.Kind, GapM: 80}
		if !slices.Contains(sim.ObstacleKinds, o.Kind) {
			l.errorf(field+".obstacle.kind", "expected %s, got %q%s", orList(sim.ObstacleKinds), o.Kind, didYouMean(o.Kind, sim.ObstacleKinds...))
		}
		if o.Gap != "" {
			cmd.GapM = l.distance(field+".obstacle.gap", o.Gap)
		}
		if o.SpeedKmh != nil {
			cmd.SpeedKmh = *o.SpeedKmh
			if !(cmd.SpeedKmh >= 0 && cmd.SpeedKmh <= 130) {
				l.errorf(field+".obstacle.speed_kmh", "expected 0 to 130 km/h, got %v", cmd.SpeedKmh)
			}
		}
		if o.For != "" {
			cmd.HoldS = l.duration(field+".obstacle.for", o.For).Seconds()
		}
		ev.Commands = append(ev.Commands, cmd)
	}
	if a := e.Driver; a != nil {
		actions++
		ev.Driver = l.driverAction(field+".driver", a)
		if a.MirrorCheck {
			ev.Commands = append(ev.Commands, sim.CheckMirror{})
		}
		switch a.Indicator {
		case "":
		case "left":
			ev.Commands = append(ev.Commands, sim.Indicate{Dir: -1})
		case "right":
			ev.Commands = append(ev.Commands, sim.Indicate{Dir: 1})
		default:
			l.errorf(field+".driver.indicator", "expected left or right, got %q%s", a.Indicator, didYouMean(a.Indicator, "left", "right"))
		}
		if a.Control != "" {
			ev.Commands = append(ev.Commands, sim.SetControl{Control: l.control(field+".driver.control", a.Control)})
		}
	}
	if e.Navigate != nil {
		actions++
		place, opt := l.route(field+".navigate", e.Navigate, m)
		ev.Commands = append(ev.Commands, sim.Navigate{PlaceID: place, Options: opt})
	}
	if e.CancelRoute {
		actions++
		ev.Commands = append(ev.Commands, sim.CancelRoute{})
	}
	if a := e.AutomationA; a != nil {
		actions++
		n := 0
		switch a.Engage {
		case "":
		case "l3", "l2":
			n++
			ev.Commands = append(ev.Commands, sim.Engage{Level: automation.Level(a.Engage)})
		default:
			l.errorf(field+".automation.engage", "expected l3 or l2, got %q%s", a.Engage, didYouMean(a.Engage, "l3", "l2"))
		}
		if a.Disengage {
			n++
			ev.Commands = append(ev.Commands, sim.Disengage{})
		}
		if a.Restart {
			n++
			ev.Commands = append(ev.Commands, sim.IgnitionRestart{})
		}
		if a.HazardsOff {
			n++
			ev.Commands = append(ev.Commands, sim.HazardsOff{})
		}
		switch a.Fault {
		case "":
		case "true", "fault":
			n++
			ev.Commands = append(ev.Commands, sim.InjectFault{})
		case "severe":
			n++
			ev.Commands = append(ev.Commands, sim.InjectFault{Severe: true})
		case "clear", "false":
			n++
			ev.Commands = append(ev.Commands, sim.InjectFault{Clear: true})
		default:
			l.errorf(field+".automation.fault", "expected true, severe or clear, got %q%s", a.Fault, didYouMean(a.Fault, "true", "severe", "clear"))
		}
		if n != 1 {
			l.errorf(field+".automation", "give exactly one of engage, disengage, restart, hazards_off or fault, found %d", n)
		}
	}
	actions += l.parkingActions(field, e, &ev)
	if e.Say != "" {
		actions++
		ev.Say = e.Say
	}
	if e.Note != "" {
		actions++
		ev.Note = e.Note
	}
	if e.Set != nil {
		actions++
		if set, ok := l.signalSet(field+".set", e.Set.Signal, e.Set.Value); ok {
			ev.Sets = []SignalSet{set}
		}
	}
	if len(e.SetMany) > 0 {
		actions++
		for i, fs := range e.SetMany {
			if set, ok := l.signalSet(fmt.Sprintf("%s.sets[%d]", field, i), fs.Signal, fs.Value); ok {
				ev.Sets = append(ev.Sets, set)
			}
		}
	}
	if actions != 1 {
		l.errorf(field, "needs exactly one action (weather, traffic, light, incident, cut_in, obstacle, driver, automation, navigate, cancel_route, park, park_drive, pedestrian, phone, set, sets, say or note), found %d", actions)
	}
	return ev, len(l.errs) == before
}

func (l *loader) driverAction(field string, a *fileAction) *DriverAction {
	d := &DriverAction{HandsOnWheel: a.HandsOnWheel, EyesOnRoad: a.EyesOnRoad, BeltOn: a.BeltOn, Seated: a.Seated, Phone: a.Phone, EyesClosed: a.EyesClosed}
	if a.Steer != nil {
		d.Steer = *a.Steer
	}
	if a.Brake != nil {
		v := l.unit(field+".brake", *a.Brake)
		d.Brake = &v
	}
	if a.Accel != nil {
		v := l.unit(field+".accel", *a.Accel)
		d.Accel = &v
	}
	if a.SteerNm != nil {
		v := *a.SteerNm
		if !(math.Abs(v) <= 20) {
			l.errorf(field+".steer_nm", "expected a steering torque from -20 to 20 Nm, got %v", v)
		}
		d.SteerNm = &v
		l.usesParking = true
	}
	d.For = 2000
	if a.For != "" {
		d.For = l.duration(field+".for", a.For)
	}
	switch a.LaneChange {
	case "":
	case "left":
		d.LaneChange = -1
	case "right":
		d.LaneChange = 1
	default:
		l.errorf(field+".lane_change", "expected left or right, got %q%s", a.LaneChange, didYouMean(a.LaneChange, "left", "right"))
	}
	return d
}

// orList names the choices as a sentence does: "car, debris or pedestrian".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
