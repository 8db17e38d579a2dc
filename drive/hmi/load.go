package hmi

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/automation"
)

type rawTiming struct {
	Value  *float64 `yaml:"value"`
	Source string   `yaml:"source"`
}

type rawTimings struct {
	EscalateS       *rawTiming `yaml:"escalate_s"`
	TakeoverBudgetS *rawTiming `yaml:"takeover_budget_s"`
}

type rawText struct {
	Title     string            `yaml:"title"`
	Why       string            `yaml:"why"`
	WhyReason map[string]string `yaml:"why_reason"`
	Todo      string            `yaml:"todo"`
	Haptic    string            `yaml:"haptic"`
}

type rawStage struct {
	Visual string             `yaml:"visual"`
	Colour string             `yaml:"colour"`
	Tone   string             `yaml:"tone"`
	Earcon string             `yaml:"earcon"`
	Haptic string             `yaml:"haptic"`
	Text   map[string]rawText `yaml:"text"`
}

type rawStages struct {
	Warning *rawStage `yaml:"availability_warning"`
	Stage1  *rawStage `yaml:"stage1"`
	Stage2  *rawStage `yaml:"stage2"`
	MRM     *rawStage `yaml:"mrm"`
	MRC     *rawStage `yaml:"mrc"`
}

type rawFile struct {
	Name    string      `yaml:"name"`
	NameZH  string      `yaml:"name_zh"`
	Timings *rawTimings `yaml:"timings"`
	Stages  *rawStages  `yaml:"stages"`
}

// Rule is one requirement of the regulation an HMI must keep, with the
// source it comes from, as a rejection quotes it.
type Rule struct {
	// Text states the rule.
	Text string
	// Source is where it comes from (the same words as the automation
	// presets' sources for the same figure).
	Source string
}

// The R157 rules the loader checks. The sources are those of
// assets/automation/r157-01.yaml and the reference note
// (shared/reference/handover-and-parking.md §1.3, §1.8).
var (
	// RuleEscalate: stage 2 no later than 4 s after the request.
	RuleEscalate = Rule{
		Text:   "stage 2 (the escalation, including haptic) starts no later than 4 s after the takeover request",
		Source: "UN R157 §6.4 as recalled, unconfirmed: escalation incl. haptic no later than 4 s; ACSF-04-18 4 s transition time",
	}
	// RuleBudget: no MRM before 10 s of request.
	RuleBudget = Rule{
		Text:   "the minimal-risk manoeuvre may not start before the takeover request has run 10 s",
		Source: "UN R157: MRM not before a 10 s transition demand (Wikipedia ALKS; DWF 2026)",
	}
	// RuleStage1Signals: the request starts optical and acoustic.
	RuleStage1Signals = Rule{
		Text:   "the takeover request starts with an optical and an acoustic signal (stage 1)",
		Source: "UN R157 §6.4 as recalled, unconfirmed: optical + acoustic at start, escalated incl. haptic (reference note §1.3)",
	}
	// RuleStage2Signals: the escalation adds haptic and keeps the rest.
	RuleStage2Signals = Rule{
		Text:   "the escalated request (stage 2) is optical, acoustic and haptic",
		Source: "UN R157 §6.4 as recalled, unconfirmed: optical + acoustic at start, escalated incl. haptic (reference note §1.3)",
	}
	// RuleMRMSignals: the driver is told of the MRM.
	RuleMRMSignals = Rule{
		Text:   "the minimal-risk manoeuvre is signalled optically, and acoustically and/or haptically",
		Source: "UN R157 §6 (indexed summary): the driver is informed of the TD, MRM and EM by optical and acoustic and/or haptic signals (reference note §1.8)",
	}
)

// The ranges beyond the rules: a budget longer than a minute is no
// takeover request any more (automation.Params.Validate's bound), and an
// escalation at the request's first instant would leave no stage 1.
const (
	maxBudgetS  = 60
	minEscalate = 0.5
)

// builder collects every problem of a file, so a designer sees them all at
// once.
type builder struct {
	doc  *datafile.Doc
	errs []error
}

func (b *builder) errorf(field, format string, args ...any) {
	b.errs = append(b.errs, b.doc.Errorf(field, format, args...))
}

// broke reports a broken regulation rule at field, quoting the rule and
// its source.
func (b *builder) broke(field string, r Rule, what string) {
	b.errorf(field, "%s: breaks the rule that %s (source: %s)", what, r.Text, r.Source)
}

func (b *builder) timing(field string, r *rawTiming, dst *Timing) bool {
	if r == nil || r.Value == nil {
		b.errorf(field, "missing: expected {value: SECONDS, source: TEXT}")
		return false
	}
	ok := true
	if strings.TrimSpace(r.Source) == "" {
		b.errorf(field+".source", "every value needs a source (a document, URL, or \"design: why\")")
		ok = false
	}
	dst.Value, dst.Source = *r.Value, r.Source
	return ok
}

// closed checks a word against its closed set, with a did-you-mean.
func (b *builder) closed(field, what, v string, valid []string) bool {
	if v == "" {
		b.errorf(field, "missing: expected one of %s", strings.Join(valid, ", "))
		return false
	}
	for _, ok := range valid {
		if v == ok {
			return true
		}
	}
	b.errorf(field, "%s", datacheck.Unknown(what, v, valid))
	return false
}

// reasonCodes are the reasons a request can name, for why_reason's keys.
var reasonCodes = func() []string {
	codes := []automation.ReasonCode{
		automation.ReasonRoadType, automation.ReasonNotDivided, automation.ReasonMixedTraffic,
		automation.ReasonMarkings, automation.ReasonVisibility, automation.ReasonWeather, automation.ReasonNight,
		automation.ReasonSpeed, automation.ReasonNoLead, automation.ReasonNotCongested, automation.ReasonFault,
		automation.ReasonBoundary, automation.ReasonFogAhead, automation.ReasonRoadworks, automation.ReasonCrashAhead,
		automation.ReasonLostMarkings, automation.ReasonEmergencyVehicle, automation.ReasonNotSeated,
		automation.ReasonBeltOff, automation.ReasonPlannedExit, automation.ReasonUnavailable,
		automation.ReasonOutOfSeat, automation.ReasonPedalOverride, automation.ReasonEyesOffOverride,
		automation.ReasonDisengageNoHands, automation.ReasonSevereFault,
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = string(c)
	}
	return out
}()

var (
	visuals = []string{string(VisualBanner), string(VisualNone)}
	tones   = []string{string(ToneNone), string(ToneChime), string(ToneContinuous)}
	earcons = []string{string(EarconNone), string(EarconInfo), string(EarconWarning), string(EarconCritical),
		string(EarconMinimalRisk)}
	haptics = []string{string(HapticNone), string(HapticPulse), string(HapticContinuous)}
)

// colour checks "theme" or a true-colour hex and returns it lower-cased.
func (b *builder) colour(field, v string) string {
	if v == ColourTheme {
		return v
	}
	if v == "" {
		b.errorf(field, "missing: expected %q (the theme's warn or danger colour) or a true colour \"#rrggbb\"", ColourTheme)
		return ColourTheme
	}
	ok := len(v) == 7 && v[0] == '#'
	for i := 1; ok && i < len(v); i++ {
		c := v[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	}
	if !ok {
		msg := fmt.Sprintf("bad colour %q: expected %q or a true colour \"#rrggbb\" (six hex digits)", v, ColourTheme)
		if datacheck.Closest(v, []string{ColourTheme}) != "" {
			msg += " (did you mean theme?)"
		}
		b.errorf(field, "%s", msg)
		return ColourTheme
	}
	return strings.ToLower(v)
}

// text checks one text field: shown on the banner, so one line, no control
// characters or escape codes, and no {placeholders} (the banner fills
// none in).
func (b *builder) text(field, s string, required bool) {
	if s == "" {
		if required {
			b.errorf(field, "missing: the banner needs this text")
		}
		return
	}
	if strings.TrimSpace(s) == "" {
		b.errorf(field, "is blank")
		return
	}
	if p := datacheck.Problem(s, false); p != "" {
		b.errorf(field, "%s", p)
		return
	}
	names, p := datacheck.Template(s)
	if p != "" {
		b.errorf(field, "%s", p)
	} else if len(names) > 0 {
		b.errorf(field, "has the placeholder {%s}: the banner's texts take none", names[0])
	}
}

// stageKind says what a stage may carry.
type stageKind int

const (
	kindWarning stageKind = iota
	kindStage1
	kindStage2
	kindMRM
	kindMRC
)

func (b *builder) stage(field string, k stageKind, r *rawStage, dst *Stage) {
	if r == nil {
		b.errorf(field, "missing: the stage's visual, colour, tone, earcon, haptic and text")
		return
	}
	if b.closed(field+".visual", "visual cue", r.Visual, visuals) {
		dst.VisualCue = Visual(r.Visual)
	}
	dst.Colour = b.colour(field+".colour", r.Colour)
	if b.closed(field+".tone", "tone", r.Tone, tones) {
		dst.Tone = Tone(r.Tone)
	}
	if b.closed(field+".earcon", "earcon", r.Earcon, earcons) {
		dst.Earcon = Earcon(r.Earcon)
	}
	if b.closed(field+".haptic", "haptic cue", r.Haptic, haptics) {
		dst.HapticCue = HapticCue(r.Haptic)
	}
	dst.Visual = dst.VisualCue == VisualBanner
	dst.Auditory = dst.Tone != ToneNone && dst.Tone != "" || dst.Earcon != EarconNone && dst.Earcon != ""
	dst.Haptic = dst.HapticCue != HapticNone && dst.HapticCue != ""
	if dst.VisualCue == VisualNone && (k == kindWarning || k == kindMRC) {
		b.errorf(field+".visual", "none is not possible at this stage: the cockpit shows it only by its banner (design)")
	}
	b.texts(field+".text", k, r.Text, dst)
}

func (b *builder) texts(field string, k stageKind, raw map[string]rawText, dst *Stage) {
	if len(raw) == 0 {
		b.errorf(field, "missing: the texts in %s", strings.Join(Languages, " and "))
		return
	}
	dst.Texts = make(map[string]Text, len(raw))
	langs := make([]string, 0, len(raw))
	for l := range raw {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		known := false
		for _, ok := range Languages {
			known = known || l == ok
		}
		if !known {
			b.errorf(field+"."+l, "%s", datacheck.Unknown("language", l, Languages))
			continue
		}
		t := raw[l]
		f := field + "." + l
		b.text(f+".title", t.Title, true)
		b.text(f+".why", t.Why, false)
		b.text(f+".todo", t.Todo, true)
		b.text(f+".haptic", t.Haptic, dst.Haptic)
		if t.Haptic != "" && !dst.Haptic {
			b.errorf(f+".haptic", "the stage does not vibrate (haptic: none): leave this text out")
		}
		if len(t.WhyReason) > 0 && k != kindStage1 {
			b.errorf(f+".why_reason", "only stage 1 words the request by its reason")
		}
		keys := make([]string, 0, len(t.WhyReason))
		for r := range t.WhyReason {
			keys = append(keys, r)
		}
		sort.Strings(keys)
		for _, r := range keys {
			known := false
			for _, ok := range reasonCodes {
				known = known || r == ok
			}
			if !known {
				b.errorf(f+".why_reason."+r, "%s", datacheck.Unknown("request reason", r, reasonCodes))
				continue
			}
			b.text(f+".why_reason."+r, t.WhyReason[r], true)
		}
		dst.Texts[l] = Text(t)
	}
	for _, l := range Languages {
		if _, ok := raw[l]; !ok {
			b.errorf(field, "missing language %q: every stage's texts are needed in %s", l, strings.Join(Languages, " and "))
		}
	}
}

func build(doc *datafile.Doc, raw *rawFile, digest string) (*Takeover, error) {
	b := &builder{doc: doc}
	t := &Takeover{Name: raw.Name, NameZH: raw.NameZH, File: doc.Name, Digest: digest}
	b.text("name", raw.Name, true)
	b.text("name_zh", raw.NameZH, true)

	if raw.Timings == nil {
		b.errorf("timings", "missing: escalate_s and takeover_budget_s, each {value, source}")
	} else {
		escOK := b.timing("timings.escalate_s", raw.Timings.EscalateS, &t.EscalateS)
		budOK := b.timing("timings.takeover_budget_s", raw.Timings.TakeoverBudgetS, &t.TakeoverBudgetS)
		esc, bud := t.EscalateS.Value, t.TakeoverBudgetS.Value
		if raw.Timings.EscalateS != nil && raw.Timings.EscalateS.Value != nil {
			switch {
			case esc > 4 && esc == esc:
				b.broke("timings.escalate_s.value", RuleEscalate, fmt.Sprintf("stage 2 at %g s is later than allowed", esc))
				escOK = false
			case !(esc >= minEscalate && esc <= 4):
				b.errorf("timings.escalate_s.value", "%s (design: below %g s there is no stage 1 to see)",
					datacheck.Range{Min: minEscalate, Max: 4, Unit: "s"}.Problem(esc), minEscalate)
				escOK = false
			}
		}
		if raw.Timings.TakeoverBudgetS != nil && raw.Timings.TakeoverBudgetS.Value != nil {
			switch {
			case bud < 10:
				b.broke("timings.takeover_budget_s.value", RuleBudget, fmt.Sprintf("an MRM after %g s is earlier than allowed", bud))
				budOK = false
			case !(bud <= maxBudgetS):
				b.errorf("timings.takeover_budget_s.value", "%s", datacheck.Range{Min: 10, Max: maxBudgetS, Unit: "s"}.Problem(bud))
				budOK = false
			}
		}
		if escOK && budOK && esc >= bud {
			b.errorf("timings.escalate_s.value", "stage 2 at %g s comes after the MRM may start (%g s)", esc, bud)
		}
	}

	if raw.Stages == nil {
		b.errorf("stages", "missing: availability_warning, stage1, stage2, mrm and mrc")
	} else {
		s := raw.Stages
		b.stage("stages.availability_warning", kindWarning, s.Warning, &t.Warning)
		b.stage("stages.stage1", kindStage1, s.Stage1, &t.Stage1)
		b.stage("stages.stage2", kindStage2, s.Stage2, &t.Stage2)
		b.stage("stages.mrm", kindMRM, s.MRM, &t.MRM)
		b.stage("stages.mrc", kindMRC, s.MRC, &t.MRC)
		b.rules(s)
	}
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	return t, nil
}

// rules checks the R157 signal rules on the decoded stages; a stage whose
// cue was invalid has been reported already and is not judged again.
func (b *builder) rules(s *rawStages) {
	valid := func(r *rawStage) bool {
		return r != nil && contains(visuals, r.Visual) && contains(tones, r.Tone) && contains(earcons, r.Earcon) &&
			contains(haptics, r.Haptic)
	}
	if r := s.Stage1; valid(r) {
		if r.Visual == string(VisualNone) {
			b.broke("stages.stage1.visual", RuleStage1Signals, "stage 1 without an optical signal")
		}
		if r.Tone == string(ToneNone) && r.Earcon == string(EarconNone) {
			b.broke("stages.stage1.tone", RuleStage1Signals, "stage 1 without an acoustic signal (tone and earcon none)")
		}
	}
	if r := s.Stage2; valid(r) {
		if r.Haptic == string(HapticNone) {
			b.broke("stages.stage2.haptic", RuleStage2Signals, "stage 2 without haptic")
		}
		if r.Visual == string(VisualNone) {
			b.broke("stages.stage2.visual", RuleStage2Signals, "stage 2 without an optical signal")
		}
		if r.Tone == string(ToneNone) && r.Earcon == string(EarconNone) {
			b.broke("stages.stage2.tone", RuleStage2Signals, "stage 2 without an acoustic signal (tone and earcon none)")
		}
	}
	if r := s.MRM; valid(r) {
		if r.Visual == string(VisualNone) {
			b.broke("stages.mrm.visual", RuleMRMSignals, "the MRM without an optical signal")
		}
		if r.Tone == string(ToneNone) && r.Earcon == string(EarconNone) && r.Haptic == string(HapticNone) {
			b.broke("stages.mrm.tone", RuleMRMSignals, "the MRM without an acoustic or haptic signal")
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
