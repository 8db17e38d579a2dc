package scenario

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
)

// ControlsFile is where the run-time controls live in an asset tree.
const ControlsFile = "controls/controls.yaml"

// Control is one of the simulator's run-time controls (the cockpit's
// command palette, ":"): a change of the world or the car a designer or a
// trainer makes while driving, written in the scenario's action syntax so
// that it acts exactly as a scripted event does.
type Control struct {
	ID     string
	Group  string
	Name   string
	NameZH string
	// Keywords are more words a filter matches (pinyin, synonyms).
	Keywords []string
	// Action is the event's action: commands and signal writes.
	Action Event
}

type fileControls struct {
	Controls []fileControl `yaml:"controls"`
}

type fileControl struct {
	ID       string   `yaml:"id"`
	Group    string   `yaml:"group"`
	Name     string   `yaml:"name"`
	NameZH   string   `yaml:"name_zh"`
	Keywords []string `yaml:"keywords"`
	// The action, as in an event; at: is implied (now).
	Event fileEvent `yaml:",inline"`
}

// controlRanges are the ranges of a control's numbers: those of a scenario
// event's action (numberRanges), under controls[] instead of events[].
var controlRanges = func() map[string]datacheck.Range {
	out := map[string]datacheck.Range{}
	for k, r := range numberRanges {
		if rest, ok := strings.CutPrefix(k, "events[]."); ok {
			out["controls[]."+rest] = r
		}
	}
	return out
}()

var controlIDRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]*$`)

// ControlGroups are the controls' groups, the palette's sections, in order.
var ControlGroups = []string{"weather", "light", "traffic", "energy", "hazard", "fault", "driver"}

// LoadControls reads the run-time controls (ControlsFile) against env:
// each has an id, a group, a name in both languages and one action of
// the kinds that make sense at any instant (weather, traffic, light,
// incident, cut_in, obstacle, automation, set). Every problem is reported
// as file:line:col: field: what was expected.
func LoadControls(fsys fs.FS, env *Env) ([]Control, error) {
	var raw fileControls
	doc, err := datafile.Decode(fsys, ControlsFile, &raw)
	if err != nil {
		return nil, err
	}
	l := &loader{doc: doc, signals: env.Signals}
	// a control's action is an event's: the same ranges and text rules
	datacheck.CheckNumbers(&raw, controlRanges, func(path, problem string) { l.errorf(path, "%s", problem) })
	datacheck.Check(&raw, nil, func(path, problem string) { l.errorf(path, "%s", problem) })
	m := env.Maps[DefaultMap]
	if m == nil {
		for _, mm := range env.Maps {
			m = mm
			break
		}
	}
	if len(raw.Controls) == 0 {
		l.errorf("controls", "required: the list of controls {id, group, name, name_zh, and one action}")
	}
	seen := map[string]bool{}
	var out []Control
	for i := range raw.Controls {
		rc := &raw.Controls[i]
		f := fmt.Sprintf("controls[%d]", i)
		switch {
		case !controlIDRE.MatchString(rc.ID):
			l.errorf(f+".id", "expected a lowercase id such as weather.fog, got %q", rc.ID)
		case seen[rc.ID]:
			l.errorf(f+".id", "duplicate control %q", rc.ID)
		}
		seen[rc.ID] = true
		if !slices.Contains(ControlGroups, rc.Group) {
			l.errorf(f+".group", "expected one of %s, got %q", strings.Join(ControlGroups, ", "), rc.Group)
		}
		if strings.TrimSpace(rc.Name) == "" || strings.TrimSpace(rc.NameZH) == "" {
			l.errorf(f+".name", "required: name and name_zh, what the palette shows in each language")
		}
		e := rc.Event
		switch {
		case e.At != "" || e.AtDistance != "" || e.AtPlace != "" || e.After != nil:
			l.errorf(f, "a control acts when it is chosen; it takes no trigger (at, at_distance, at_place, after)")
			continue
		case e.Driver != nil || e.Phone != nil || e.Say != "" || e.Note != "" || e.Navigate != nil || e.CancelRoute || e.Park != nil || e.ParkDrive != nil || e.Pedestrian != nil:
			l.errorf(f, "a control's action is one of weather, traffic, light, incident, cut_in, obstacle, automation, set or sets (the driver's body: set Cockpit.Driver.*)")
			continue
		}
		e.At = "0s"
		ev, ok := l.event(f, &e, m)
		if !ok {
			continue
		}
		out = append(out, Control{ID: rc.ID, Group: rc.Group, Name: rc.Name, NameZH: rc.NameZH, Keywords: rc.Keywords, Action: ev})
	}
	if err := l.result(); err != nil {
		return nil, err
	}
	return out, nil
}
