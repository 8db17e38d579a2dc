package kiosk

import (
	"fmt"
	"io/fs"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
)

// Playlist is the attract loop ready to play: the attract file and its
// scenes' scenarios, loaded once, so a scene opens without reading a file.
type Playlist struct {
	*Attract
	ui        *cockpit.Assets
	env       *scenario.Env
	voices    *launch.Voices
	scenarios []*scenario.Scenario
}

// LoadPlaylist reads AttractFile and every scenario and drill it names
// from afs (this is I/O: call it before the program). A scene that names
// a file the scenario loader refuses is reported with its position.
func LoadPlaylist(afs fs.FS, env *scenario.Env, ui *cockpit.Assets, voices *launch.Voices) (*Playlist, error) {
	a, err := LoadAttract(afs)
	if err != nil {
		return nil, err
	}
	p := &Playlist{Attract: a, ui: ui, env: env, voices: voices}
	for _, sc := range a.Scenes {
		file := "scenarios/" + sc.Scenario + ".yaml"
		if sc.Drill != "" {
			file = "scenarios/drills/" + sc.Drill + ".yaml"
		}
		s, err := scenario.Load(afs, file, env)
		if err != nil {
			return nil, err
		}
		if sc.Drill != "" && s.Drill == nil {
			return nil, fmt.Errorf("%s: %s is not a drill", AttractFile, file)
		}
		p.scenarios = append(p.scenarios, s)
	}
	return p, nil
}

// open starts scene i in a fresh session and cockpit (opts: the kiosk's
// options; the session and title are added here).
func (p *Playlist) open(i int, opts cockpit.Options) (*cockpit.Model, error) {
	sc, scene := p.scenarios[i], p.Scenes[i]
	opts.Title = p.ui.Tables[opts.Lang].Pick(sc.Name, sc.NameZH)
	if scene.Drill != "" {
		su := session.ScenarioSetup(sc, session.DrillWatch, nil)
		su.Start.Scenario, su.Start.Lang = scene.Drill, opts.Lang
		su.Signals, su.HMI = p.ui.Signals, p.ui.HMI
		if p.voices != nil {
			su.Voice = p.voices.For(sc.Config.Map)
		}
		s, err := session.New(su)
		if err != nil {
			return nil, err
		}
		opts.Session = s
		m := cockpit.New(opts)
		m.PrerollDrill() // the scripted driver starts where the drill begins
		return m, nil
	}
	pre := sim.Millis(scene.Preroll.Milliseconds())
	opened, err := launch.Open(launch.Drive{Env: p.env, Scenario: sc, Voices: p.voices, Signals: p.ui.Signals, HMI: p.ui.HMI,
		Preroll: &pre, Start: session.Start{Mode: session.ModeRun, Scenario: scene.Scenario, Lang: opts.Lang}})
	if err != nil {
		return nil, err
	}
	opts.Session, opts.Preroll = opened.Session, opened.Preroll
	return cockpit.New(opts), nil
}
