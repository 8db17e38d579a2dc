// Package launch builds the cockpit's drive: the session a user drives when
// they open the cockpit, from the same choices as its flags (a scenario or
// the default morning run, a vehicle, a seed). The TUI (`cockpit`), a
// replay of a cockpit drive and the flow runner (`cockpit test`) all build
// it here, so a scripted flow drives exactly what a user drives.
//
// It does no terminal I/O; it reads only the asset tree it is given.
package launch

import (
	"fmt"
	"io/fs"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

// The default drive: a morning run to the airport, the drive the README's
// timeline shows.
const (
	DefaultVehicle = "xiaomi-su7"
	DefaultFrom    = "home"
	DefaultTo      = "daxing-airport"
	DefaultClockS  = 7*3600 + 40*60
	DefaultSoC     = 0.78
	// DefaultPreroll: the default drive opens eight minutes in, just after
	// merging onto the West 4th Ring Road, not crawling out of a driveway.
	DefaultPreroll = sim.Millis(480 * 1000)
)

// Config is the drive to open: a scenario's configuration (and its driver
// at the start), or the default morning run when sc is nil, with the
// vehicle overridden when vehicleID is set.
func Config(env *scenario.Env, sc *scenario.Scenario, vehicleID string) (sim.Config, *sim.DriverState, error) {
	var cfg sim.Config
	var driver *sim.DriverState
	if sc != nil {
		cfg = sc.Config
		d := sc.Initial
		driver = &d
	} else {
		m := env.Maps[scenario.DefaultMap]
		if m == nil {
			return cfg, nil, fmt.Errorf("no map %s", scenario.DefaultMap)
		}
		cfg = sim.Config{Map: m, StartPlace: DefaultFrom, Destination: DefaultTo, StartClockS: DefaultClockS, SoC: DefaultSoC, Seed: 1, CabinCatalog: env.Cabin}
		if vehicleID == "" {
			vehicleID = DefaultVehicle
		}
	}
	// Arriving at a car park keeps the drive going with the parking assist
	// ready, so the Parking panel has something to show.
	cfg.ParkOnArrival = true
	if vehicleID != "" {
		p, err := vehicle.Find(env.Profiles, vehicleID)
		if err != nil {
			return cfg, nil, err
		}
		cfg.Profile = p
	}
	return cfg, driver, nil
}

// Setup is the cockpit's drive: cfg as Config made it, a scenario's script
// when one was named, its driver at the start.
func Setup(cfg sim.Config, sc *scenario.Scenario, driver *sim.DriverState) session.Setup {
	return session.Setup{Config: cfg, UseConfig: true, Scenario: sc, Driver: driver}
}

// Voices gives each drive a fresh voice layer: the same parser, dialogue
// and car actions as the cockpit's voice bar, read once from the assets,
// with a new conversation for each drive. Every command makes its voice
// here, so a replay hears with the same words as the drive it replays.
type Voices struct {
	parser  *voice.Parser
	phrases *assistant.Phrases
}

// LoadVoices reads the voice lexicon and the assistant's replies.
func LoadVoices(afs fs.FS) (*Voices, error) {
	p, err := voice.Load(afs)
	if err != nil {
		return nil, fmt.Errorf("voice: %w", err)
	}
	phrases, err := assistant.LoadPhrases(afs)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	return &Voices{parser: p, phrases: phrases}, nil
}

// For is a new conversation for a drive on map m.
func (v *Voices) For(m *world.Map) session.Voice {
	return assistant.New(v.parser, m, v.phrases, assistant.Options{})
}

// Controls reads the simulator's run-time controls for the command
// palette; an asset folder without them (a designer's own) has none.
func Controls(afs fs.FS, env *scenario.Env) ([]scenario.Control, error) {
	if _, err := fs.Stat(afs, scenario.ControlsFile); err != nil {
		return nil, nil
	}
	return scenario.LoadControls(afs, env)
}

// Drive is what a cockpit drive is opened from, as the cockpit's flags
// give it.
type Drive struct {
	// Env is the loaded asset tree (vehicles, maps, cabin).
	Env *scenario.Env
	// Scenario, when set, is the drive: its car, places, time, driver and
	// script. Nil is the default morning run.
	Scenario *scenario.Scenario
	// Vehicle overrides the car when set.
	Vehicle string
	// Seed overrides the drive's seed when set.
	Seed *uint64
	// Adjust, when set, changes the configuration before the session
	// starts (a flow's own start: place, destination, time, charge).
	Adjust func(*sim.Config)
	// Preroll, when set, replaces the default one (DefaultPreroll for the
	// default drive, none for a scenario).
	Preroll *sim.Millis
	// Start describes the drive for its recording (mode, version, the
	// scenario's reference, language); Open fills in the seed, vehicle and
	// preroll.
	Start session.Start
	// Voices answer the voice bar; Signals is the signal catalogue.
	Voices  *Voices
	Signals *signal.Catalog
	// HMI is the takeover HMI the drive runs with (nil: the built-in
	// shipped file). Named, when Recorded, in the recording's header.
	HMI *hmi.Takeover
	// Recorded: the HMI was chosen by the user (--hmi FILE), so a replay
	// must be given the same file; the asset tree's own is not recorded.
	Recorded bool
}

// Opened is a drive ready to show.
type Opened struct {
	// Session is the drive.
	Session *session.Session
	// Preroll is how much time the cockpit drives before its first frame.
	Preroll sim.Millis
	// Scenario is the drive's scenario (nil for the default drive).
	Scenario *scenario.Scenario
	// HMI is the takeover HMI the drive runs with (nil: the shipped one).
	HMI *hmi.Takeover
}

// Open starts the session of a cockpit drive.
func Open(d Drive) (*Opened, error) {
	cfg, driver, err := Config(d.Env, d.Scenario, d.Vehicle)
	if err != nil {
		return nil, err
	}
	if d.Seed != nil {
		cfg.Seed = *d.Seed
	}
	if d.Adjust != nil {
		d.Adjust(&cfg)
	}
	preroll := DefaultPreroll
	if d.Scenario != nil {
		preroll = 0 // a scenario starts where its author set it
	}
	if d.Preroll != nil {
		preroll = *d.Preroll
	}
	start := d.Start
	start.Seed, start.Vehicle, start.PrerollMs = cfg.Seed, d.Vehicle, preroll
	if d.HMI != nil && d.Recorded {
		start.HMI, start.HMISHA256 = d.HMI.Name, d.HMI.Digest
	}
	su := Setup(cfg, d.Scenario, driver)
	su.Start, su.Signals, su.HMI = start, d.Signals, d.HMI
	if d.Voices != nil {
		su.Voice = d.Voices.For(cfg.Map)
	}
	s, err := session.New(su)
	if err != nil {
		return nil, err
	}
	return &Opened{Session: s, Preroll: preroll, Scenario: d.Scenario, HMI: d.HMI}, nil
}

// Options are the cockpit's options for the drive: its session, the
// assets, the title (the scenario's name in the UI's language) and the
// preroll. The caller adds what depends on the terminal (sound, colour,
// a signal server, the size).
func (o *Opened) Options(ui *cockpit.Assets, lang, theme string, controls []scenario.Control) cockpit.Options {
	title := ""
	if o.Scenario != nil && ui.Tables[lang] != nil {
		title = ui.Tables[lang].Pick(o.Scenario.Name, o.Scenario.NameZH)
	}
	return cockpit.Options{
		Session:  o.Session,
		Controls: controls,
		Themes:   ui.Themes,
		Tables:   ui.Tables,
		Lang:     lang,
		Theme:    theme,
		Title:    title,
		Preroll:  o.Preroll,
		HMI:      o.HMI,
	}
}
