// Package hmi is the L3 takeover HMI as data: per alert stage (the
// availability warning, takeover request stages 1 and 2, the minimal-risk
// manoeuvre and condition) the texts the banner shows in each language,
// its colour, the takeover tone, the one-shot earcon and the seat's
// vibration, and the request's two timings the regulation lets a
// manufacturer choose: when stage 2 starts and when the MRM may start.
//
// The shipped file is assets/hmi/takeover.yaml; a designer swaps it with
// --hmi FILE. The UN R157 rules an HMI must keep (stage 2 no later than 4 s,
// no MRM before 10 s, stage 1 optical and acoustic, stage 2 haptic) are
// checked here, in the functional core, when the file is loaded: a front
// end never decides them. Like the rest of drive it does no I/O: Load reads
// through an fs.FS (the file-path loader is assets/hmifile).
package hmi

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"

	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/automation"
)

// DefaultPath is the shipped HMI inside the assets fs.FS.
const DefaultPath = "hmi/takeover.yaml"

// Languages are the language codes every text of an HMI file must be
// given in: the UI's languages (assets/ui/*.yaml; a cockpit test checks
// they agree).
var Languages = []string{"en", "zh"}

// Takeover is one takeover HMI: what the driver sees, hears and feels at
// each stage of the L3 alert, and when stage 2 and the MRM come.
type Takeover struct {
	// Name and NameZH tell the HMI apart in the UI and in comparisons.
	Name, NameZH string
	// File is the name it was loaded as (errors and reports quote it).
	File string
	// Digest is the SHA-256 of the file's bytes, in hex: two HMIs with the
	// same digest are the same file, and a recording names the one it was
	// driven with.
	Digest string

	// EscalateS is when a request escalates to stage 2, in seconds after
	// the request; TakeoverBudgetS when the MRM may start. They replace
	// the automation preset's takeover_budget_s and escalate_s (Apply).
	EscalateS, TakeoverBudgetS Timing

	// The stages, in the order they come.
	Warning, Stage1, Stage2, MRM, MRC Stage
}

// Timing is a duration the regulation lets vary, with the source that
// justifies its value.
type Timing struct {
	Value  float64
	Source string
}

// Tone is the takeover tone a stage sounds for as long as it lasts: the
// machine's Output.Tone is on while it is not ToneNone.
type Tone string

// Tones, named as the file names them. The cockpit plays ToneChime as its
// takeover-stage-1 sound (a ding-dong repeated every 1.5 s) and
// ToneContinuous as takeover-stage-2 (a continuous two-tone alarm).
const (
	ToneNone       Tone = "none"
	ToneChime      Tone = "chime"
	ToneContinuous Tone = "continuous"
)

// Earcon is a one-shot sound played when a stage begins, beside its tone.
type Earcon string

// Earcons, named as cockpit/chime names them (docs/sound.md).
const (
	EarconNone        Earcon = "none"
	EarconInfo        Earcon = "info"
	EarconWarning     Earcon = "warning"
	EarconCritical    Earcon = "critical"
	EarconMinimalRisk Earcon = "minimal-risk"
)

// HapticCue is how the seat vibrates during a stage: the machine's
// Output.Haptic is on while it is not HapticNone. A terminal cannot shake
// a seat; the banner names the cue and the drive log records it
// (hmi.haptic), and a model of the driver may react to it.
type HapticCue string

// Haptic cues.
const (
	HapticNone       HapticCue = "none"
	HapticPulse      HapticCue = "pulse"
	HapticContinuous HapticCue = "continuous"
)

// Visual is how a stage is shown. Today's cockpit has one way: the banner
// that takes the screen.
type Visual string

// Visual cues.
const (
	VisualBanner Visual = "banner"
	VisualNone   Visual = "none"
)

// ColourTheme takes the theme's colour for the stage's alert level (warn
// amber, danger red), as the cockpit always did.
const ColourTheme = "theme"

// Stage is what one alert stage shows, sounds and vibrates.
type Stage struct {
	// Visual, Auditory and Haptic are the stage's modalities, derived from
	// its cues: Visual from VisualCue, Auditory from Tone or Earcon,
	// Haptic from HapticCue. R157's rules and a model of the driver's
	// reaction read them.
	Visual, Auditory, Haptic bool

	VisualCue Visual
	// Colour is ColourTheme or a true-colour "#rrggbb" (lower case).
	Colour    string
	Tone      Tone
	Earcon    Earcon
	HapticCue HapticCue
	// Texts are the banner's words by language code (Languages).
	Texts map[string]Text
}

// Text is a stage's words in one language.
type Text struct {
	// Title is the banner's first line ("TAKE OVER").
	Title string
	// Why is the second line; empty means the core's own sentence for the
	// event that started the stage (its reason).
	Why string
	// WhyReason, at stage 1, words the request by its reason code
	// (driver_unavailable) instead of Why.
	WhyReason map[string]string
	// Todo says what to do.
	Todo string
	// Haptic names the vibration on the banner ("≋ seat vibrating"); set
	// when the stage vibrates.
	Haptic string
}

// Text returns the stage's words in lang, or in English when the stage has
// none in lang (a language the file need not carry).
func (s *Stage) Text(lang string) Text {
	if t, ok := s.Texts[lang]; ok {
		return t
	}
	return s.Texts["en"]
}

// Stage returns the HMI stage of an automation state, nil for the states
// that are not the L3 takeover HMI's (off, active, the L2 cascade…).
func (t *Takeover) Stage(st automation.State) *Stage {
	switch st {
	case automation.StateAvailabilityWarning:
		return &t.Warning
	case automation.StateTakeover1:
		return &t.Stage1
	case automation.StateTakeover2:
		return &t.Stage2
	case automation.StateMRM:
		return &t.MRM
	case automation.StateMRC:
		return &t.MRC
	}
	return nil
}

// Signals are the tone and vibration of every stage, as the automation
// machine reports them in its Output.
func (t *Takeover) Signals() automation.Signals {
	sig := func(s *Stage) automation.StageSignals {
		return automation.StageSignals{Tone: s.Tone != ToneNone, Haptic: s.HapticCue != HapticNone}
	}
	return automation.Signals{Warning: sig(&t.Warning), Stage1: sig(&t.Stage1), Stage2: sig(&t.Stage2),
		MRM: sig(&t.MRM), MRC: sig(&t.MRC)}
}

// Apply makes p use this HMI: its timings replace the preset's
// takeover_budget_s and escalate_s (with their sources) and its signals
// the machine's tone and vibration per stage. The HMI is then the one
// source of these values for the drive; the caller validates p again (a
// longer budget may exceed the preset's planned_lead_s).
func (t *Takeover) Apply(p *automation.Params) {
	p.TakeoverBudgetS, p.EscalateS = t.TakeoverBudgetS.Value, t.EscalateS.Value
	sig := t.Signals()
	p.Signals = &sig
	src := make(map[string]string, len(p.Sources)+2)
	for k, v := range p.Sources {
		src[k] = v
	}
	src["l3.takeover_budget_s"] = t.TakeoverBudgetS.Source
	src["l3.escalate_s"] = t.EscalateS.Source
	p.Sources = src
}

// Load reads and checks the HMI file name of fsys. Every problem is
// reported as file:line:column: field: message, joined; a broken R157
// rule names the rule and its source.
func Load(fsys fs.FS, name string) (*Takeover, error) {
	data, err := datafile.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Default is the shipped HMI (DefaultPath) of the assets tree fsys.
func Default(fsys fs.FS) (*Takeover, error) { return Load(fsys, DefaultPath) }

// Parse decodes and checks an HMI file from its bytes (named name in
// errors).
func Parse(name string, data []byte) (*Takeover, error) {
	var raw rawFile
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	return build(doc, &raw, hex.EncodeToString(sum[:]))
}
