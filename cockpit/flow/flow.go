// Package flow reads and runs designer flows: YAML files that open the
// cockpit on a drive at a terminal size and language, press its keys, say
// things to it, click it and let time pass, and check at any step what a
// user would see on screen (in a named panel or anywhere), a signal's
// value, that an event happened, or the whole frame against a golden file.
// `cockpit test` is its front end (docs/flows.md).
//
// A flow drives the real cockpit (cockpit.Headless) built as the TUI
// builds it (cockpit/launch): it never steps the simulation itself, so
// what passes in a flow passes for a user.
package flow

import (
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

// Limits of a flow file, so a mistake (or a hostile file) can neither hang
// the runner nor exhaust memory.
const (
	// MaxSteps bounds the steps of one flow.
	MaxSteps = 2000
	// MaxSimTime bounds the drive time a flow may ask for: every wait and
	// every until's within, added up.
	MaxSimTime = sim.Millis(24 * 3600 * 1000)
	// MaxText bounds a text to type, say or look for (characters).
	MaxText = 2000
	// MaxKeys bounds the keys of one key step.
	MaxKeys = 500
	// MaxCaptureName bounds a capture step's name (characters).
	MaxCaptureName = 80
	// MinWidth, MinHeight, MaxWidth and MaxHeight bound a terminal size:
	// the cockpit needs 80×24; beyond 400×200 a frame is no longer a
	// screen anyone has.
	MinWidth, MinHeight = 80, 24
	MaxWidth, MaxHeight = 400, 200
	// DefaultWithin is how long an until waits when it does not say.
	DefaultWithin = sim.Millis(10 * 60 * 1000)
)

// Flow is a loaded, validated flow file.
type Flow struct {
	// File is the flow's path as given (for messages).
	File string
	// Name is the flow's name (the file's base name when it has none).
	Name string
	// Scenario is the drive's scenario; nil for the default drive or a
	// start of the flow's own.
	Scenario *scenario.Scenario
	// ScenarioName is the scenario as the flow names it.
	ScenarioName string
	// Start is the flow's own start, when it has one.
	Start *Start
	// Width, Height are the terminal size at the start.
	Width, Height int
	// Lang is en or zh; Theme a theme name or auto.
	Lang, Theme string
	// Seed overrides the drive's seed when set.
	Seed *uint64
	// Speed is the time multiplier (one of cockpit.Speeds).
	Speed int
	// HMI is the takeover HMI the flow drives with (`hmi: FILE`, beside
	// the flow); nil is the asset tree's own.
	HMI *hmi.Takeover
	// Steps are the flow's steps in order.
	Steps []Step
	// dir is the folder of the flow in its file system, for goldens.
	dir  string
	fsys fileSystem
}

// Start is a drive a flow starts from without a scenario: the default
// drive's, changed where the flow says.
type Start struct {
	Vehicle     string
	Place       string
	Destination string
	// ClockS is the time of day (seconds since midnight); SoC 0..1; each
	// unset when negative.
	ClockS, SoC float64
}

// ActionKind names what a step does.
type ActionKind string

// The actions a step may take (one at most).
const (
	ActKey    ActionKind = "key"
	ActType   ActionKind = "type"
	ActSay    ActionKind = "say"
	ActClick  ActionKind = "click"
	ActWheel  ActionKind = "wheel"
	ActWait   ActionKind = "wait"
	ActUntil  ActionKind = "until"
	ActResize ActionKind = "resize"
)

// CheckKind names what a check looks at.
type CheckKind string

// The checks a step may make, in the order a step makes them.
const (
	CheckSee    CheckKind = "see"
	CheckNotSee CheckKind = "not_see"
	CheckSignal CheckKind = "signal"
	CheckEvent  CheckKind = "event"
	CheckGolden CheckKind = "golden"
)

// Step is one step of a flow: an action (none for a step that only
// checks), then its checks.
type Step struct {
	// Line and Col are where the step starts in the flow file.
	Line, Col int
	Action    *Action
	Checks    []Check
	// Capture names a picture of the screen taken after the step's
	// checks pass (`capture: NAME`), which `cockpit capture` writes as
	// NAME.txt, NAME.ans and NAME.svg; `cockpit test` takes none.
	Capture string
}

// Action is what a step does.
type Action struct {
	Kind ActionKind
	// Keys are the keys of a key step, by name (cockpit.ParseKey).
	Keys []string
	// Text is what a type or say step types, or what a click looks for.
	Text string
	// In is the region a click by text looks in ("" the whole screen).
	In string
	// X, Y are a click's or a wheel's cell; Up a wheel's direction.
	X, Y int
	Up   bool
	// Duration is a wait's drive time, or an until's within.
	Duration sim.Millis
	// Match is the event an until waits for.
	Match scenario.Match
	// W, H are a resize's size.
	W, H int
}

// Check is one check of a step.
type Check struct {
	Kind CheckKind
	// Line is where the check is written.
	Line int
	// Text and In: a see or not_see's text and region ("" the screen).
	Text, In string
	// Path and the comparison of a signal check: Equals (a bool, number
	// or string), or Above and/or Below (numbers).
	Path         string
	Equals       any
	Above, Below *float64
	// Match and Since of an event check: since step Since (1-based; 0
	// means since the start of the flow).
	Match scenario.Match
	Since int
	// Golden is the golden frame's file, relative to the flow's folder.
	Golden string
}

// Regions are the region names a flow may name (cockpit.RegionNames).
func Regions() []string { return cockpit.RegionNames }
