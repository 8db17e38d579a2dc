package kiosk

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/cockpit"
)

// AttractFile is the attract loop's playlist in the asset tree: the scenes
// it plays, their speeds and durations, and the captions that say what is
// happening, in both languages. It is data a designer changes.
const AttractFile = "kiosk/attract.yaml"

// Caption is a sentence the caption band shows when an event happens.
type Caption struct {
	// On is the event kind (automation.takeover_requested, weather.changed…).
	On string
	// Subject, when set, narrows On to events of that subject (fog).
	Subject string
	// EN and ZH are the sentence in each language.
	EN, ZH string
}

// Scene is one entry of the attract loop.
type Scene struct {
	// Scenario names a scenario under scenarios/ (its file without .yaml,
	// e.g. fog-expressway or parking/apa-supermarket); Drill names a drill
	// of scenarios/drills, played by the scripted driver. Exactly one is set.
	Scenario, Drill string
	// Speed is the time multiplier, one of cockpit.Speeds.
	Speed int
	// Preroll is drive time skipped before the scene shows (a scenario's
	// quiet start); a drill always starts where it begins.
	Preroll time.Duration
	// Max is the longest the scene plays in wall time; it ends sooner when
	// its drive does.
	Max time.Duration
	// Intro is the caption shown from the scene's start until an event's.
	Intro Caption
	// Captions follow the drive's events.
	Captions []Caption
}

// Attract is the loaded playlist.
type Attract struct {
	Scenes []Scene
	// Board is how long the leaderboard shows between two loops.
	Board time.Duration
}

type rawCaption struct {
	On      string `yaml:"on"`
	Subject string `yaml:"subject"`
	EN      string `yaml:"en"`
	ZH      string `yaml:"zh"`
}

type rawScene struct {
	Scenario string       `yaml:"scenario"`
	Drill    string       `yaml:"drill"`
	Speed    int          `yaml:"speed"`
	PrerollS float64      `yaml:"preroll_s"`
	MaxS     float64      `yaml:"max_s"`
	Intro    rawCaption   `yaml:"intro"`
	Captions []rawCaption `yaml:"captions"`
}

type rawAttract struct {
	BoardS float64    `yaml:"board_s"`
	Scenes []rawScene `yaml:"scenes"`
}

// Bounds of the playlist, so a typo cannot make a scene of a day or a loop
// with no end to its captions.
const (
	maxScenes   = 20
	maxCaptions = 30
	maxText     = 120
)

var kindRE = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z_]+)*$`)
var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$`)

// LoadAttract reads and validates AttractFile from afs: every scene names
// a scenario or drill that exists in afs, speeds are ones the cockpit has,
// durations are bounded and every caption has both languages. Every
// problem is reported as file:line:col: field: what was expected.
func LoadAttract(afs fs.FS) (*Attract, error) {
	var raw rawAttract
	doc, err := datafile.Decode(afs, AttractFile, &raw)
	if err != nil {
		return nil, err
	}
	var errs []error
	bad := func(path, format string, args ...any) { errs = append(errs, doc.Errorf(path, format, args...)) }
	out := &Attract{Board: 8 * time.Second}
	if raw.BoardS != 0 {
		if !(raw.BoardS >= 2 && raw.BoardS <= 60) { // NaN fails too
			bad("board_s", "expected 2 to 60 seconds, got %v", raw.BoardS)
		}
		out.Board = time.Duration(raw.BoardS * float64(time.Second))
	}
	switch {
	case len(raw.Scenes) == 0:
		bad("scenes", "required: the scenes the loop plays ({scenario or drill, speed, max_s, intro, captions})")
	case len(raw.Scenes) > maxScenes:
		bad("scenes", "at most %d scenes, got %d", maxScenes, len(raw.Scenes))
	}
	for i, rs := range raw.Scenes {
		if i >= maxScenes {
			break
		}
		f := fmt.Sprintf("scenes[%d]", i)
		sc := Scene{Scenario: rs.Scenario, Drill: rs.Drill, Speed: rs.Speed}
		switch {
		case (rs.Scenario == "") == (rs.Drill == ""):
			bad(f, "expected exactly one of scenario (a name under scenarios/) or drill (an id under scenarios/drills)")
		case rs.Scenario != "":
			if !nameRE.MatchString(rs.Scenario) {
				bad(f+".scenario", "expected a scenario's name such as fog-expressway, got %q", rs.Scenario)
			} else if _, err := fs.Stat(afs, "scenarios/"+rs.Scenario+".yaml"); err != nil {
				bad(f+".scenario", "no scenario %q (cockpit scenarios lists them)", rs.Scenario)
			}
		default:
			if !nameRE.MatchString(rs.Drill) || strings.Contains(rs.Drill, "/") {
				bad(f+".drill", "expected a drill's id such as 04-fog-night, got %q", rs.Drill)
			} else if _, err := fs.Stat(afs, "scenarios/drills/"+rs.Drill+".yaml"); err != nil {
				bad(f+".drill", "no drill %q in scenarios/drills", rs.Drill)
			}
			if rs.PrerollS != 0 {
				bad(f+".preroll_s", "a drill starts where it begins; preroll_s is for scenarios")
			}
		}
		if sc.Speed == 0 {
			sc.Speed = 10
		}
		if !slices.Contains(cockpit.Speeds, sc.Speed) {
			bad(f+".speed", "expected one of the cockpit's speeds %v, got %d", cockpit.Speeds, rs.Speed)
		}
		if !(rs.PrerollS >= 0 && rs.PrerollS <= 3600) {
			bad(f+".preroll_s", "expected 0 to 3600 seconds of drive time, got %v", rs.PrerollS)
		}
		sc.Preroll = time.Duration(rs.PrerollS * float64(time.Second))
		if rs.MaxS == 0 {
			rs.MaxS = 90
		}
		if !(rs.MaxS >= 10 && rs.MaxS <= 600) {
			bad(f+".max_s", "expected 10 to 600 seconds, got %v", rs.MaxS)
		}
		sc.Max = time.Duration(rs.MaxS * float64(time.Second))
		sc.Intro = caption(rs.Intro, f+".intro", false, bad)
		if len(rs.Captions) > maxCaptions {
			bad(f+".captions", "at most %d captions, got %d", maxCaptions, len(rs.Captions))
		}
		for j, rc := range rs.Captions {
			sc.Captions = append(sc.Captions, caption(rc, fmt.Sprintf("%s.captions[%d]", f, j), true, bad))
		}
		out.Scenes = append(out.Scenes, sc)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func caption(rc rawCaption, f string, event bool, bad func(string, string, ...any)) Caption {
	c := Caption{On: rc.On, Subject: rc.Subject, EN: strings.TrimSpace(rc.EN), ZH: strings.TrimSpace(rc.ZH)}
	switch {
	case event && !kindRE.MatchString(rc.On):
		bad(f+".on", "expected an event kind such as automation.takeover_requested, got %q", rc.On)
	case !event && (rc.On != "" || rc.Subject != ""):
		bad(f, "the intro shows at the start: it takes no on or subject")
	}
	for _, t := range []struct{ field, text string }{{"en", c.EN}, {"zh", c.ZH}} {
		switch {
		case t.text == "":
			bad(f+"."+t.field, "required: the caption in both languages (en and zh)")
		case len([]rune(t.text)) > maxText:
			bad(f+"."+t.field, "at most %d characters (one line on a projector), got %d", maxText, len([]rune(t.text)))
		case strings.ContainsAny(t.text, "\n\x1b"):
			bad(f+"."+t.field, "one line of text, without escape codes")
		}
	}
	return c
}

// match reports whether the caption follows the event.
func (c Caption) match(kind, subject string) bool {
	return c.On == kind && (c.Subject == "" || c.Subject == subject)
}
