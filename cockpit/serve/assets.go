package serve

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
)

// Assets are what every visitor's cockpit is built from: loaded once
// when the server starts and only read afterwards, so sessions share them
// without locks. Everything a visitor changes (the drive, the voice
// conversation, the model) is made per visitor by Drive and Drill.
type Assets struct {
	// UI holds the themes, string tables and signal catalogue.
	UI *cockpit.Assets
	// Env holds the vehicle profiles and maps.
	Env *scenario.Env
	// Voices makes each drive its own conversation (nil: no voice).
	Voices *launch.Voices
	// Controls are the command palette's run-time controls.
	Controls []scenario.Control
	// Drills are the handover drills in curriculum order.
	Drills []cockpit.Drill
	// HMI is the takeover HMI (nil: the shipped one).
	HMI *hmi.Takeover
}

// Child is a program a visitor runs from the menu: the cockpit or the
// drill trainer. Close releases its sound output (silent over SSH).
type Child interface {
	tea.Model
	Close() error
}

// Cars are the vehicle profiles a visitor may choose, sorted by ID.
func (a *Assets) Cars() []*vehicle.Profile { return a.Env.Profiles }

// Drive opens a new default drive (the morning airport run) in the car
// vehicleID, for one visitor. It never opens a sound device: a server has
// no speaker per visitor. Captures are kept from writing files by the
// menu, which drops the capture key.
func (a *Assets) Drive(lang, vehicleID string, w, h int, noColor bool) (Child, error) {
	opened, err := launch.Open(launch.Drive{
		Env: a.Env, Vehicle: vehicleID, Voices: a.Voices, Signals: a.UI.Signals, HMI: a.HMI,
		Start: session.Start{Mode: session.ModeDrive, Lang: lang},
	})
	if err != nil {
		return nil, err
	}
	opts := opened.Options(a.UI, lang, "auto", a.Controls)
	opts.NoColor = noColor
	opts.Width, opts.Height = w, h
	return cockpit.New(opts), nil
}

// Drill opens the drill trainer for one visitor. Its progress is kept in
// memory only (ProgressPath ""): a visitor's scores never reach the
// host's files.
func (a *Assets) Drill(lang string, w, h int, noColor bool) (Child, error) {
	return cockpit.NewTrainer(cockpit.TrainerOptions{
		Drills: a.Drills, Themes: a.UI.Themes, Tables: a.UI.Tables, Lang: lang, Theme: "auto",
		NoColor: noColor, Signals: a.UI.Signals, HMI: a.HMI, Width: w, Height: h,
		NewVoice: func(sc *scenario.Scenario) session.Voice { return a.voiceFor(sc.Config.Map) },
	}), nil
}

// voiceFor is a fresh conversation on m (nil without voices).
func (a *Assets) voiceFor(m *world.Map) session.Voice {
	if a.Voices == nil {
		return nil
	}
	return a.Voices.For(m)
}
