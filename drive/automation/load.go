package automation

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datafile"
)

// Dir is the folder of the presets inside the assets fs.FS.
const Dir = "automation"

// Every value in a preset file carries the source it comes from, so the
// file itself documents why the car behaves as it does.
type rawNum struct {
	Value  *float64 `yaml:"value"`
	Source string   `yaml:"source"`
}

type rawBool struct {
	Value  *bool  `yaml:"value"`
	Source string `yaml:"source"`
}

type rawList struct {
	Value  []string `yaml:"value"`
	Source string   `yaml:"source"`
}

type rawStr struct {
	Value  string `yaml:"value"`
	Source string `yaml:"source"`
}

type rawL3 struct {
	MaxSpeedKmh     *rawNum  `yaml:"max_speed_kmh"`
	RoadTypes       *rawList `yaml:"road_types"`
	RequireDivided  *rawBool `yaml:"require_divided"`
	Weathers        *rawList `yaml:"weathers"`
	MinVisibilityM  *rawNum  `yaml:"min_visibility_m"`
	DaylightOnly    *rawBool `yaml:"daylight_only"`
	RequireLead     *rawBool `yaml:"require_lead"`
	CongestedBelow  *rawNum  `yaml:"congested_below_kmh"`
	TakeoverBudgetS *rawNum  `yaml:"takeover_budget_s"`
	EscalateS       *rawNum  `yaml:"escalate_s"`
	PlannedLeadS    *rawNum  `yaml:"planned_lead_s"`
	ExitNoticeS     *rawNum  `yaml:"exit_notice_s"`
	EvidenceS       *rawNum  `yaml:"evidence_s"`
	AvailWarnS      *rawNum  `yaml:"avail_warn_s"`
	OutOfSeatS      *rawNum  `yaml:"out_of_seat_s"`
	MRMDecelMps2    *rawNum  `yaml:"mrm_decel_mps2"`
	MRMDecelMaxMps2 *rawNum  `yaml:"mrm_decel_max_mps2"`
	StandstillKmh   *rawNum  `yaml:"standstill_kmh"`
	UnlockDoors     *rawBool `yaml:"unlock_doors"`
	EmergencyCall   *rawBool `yaml:"emergency_call"`
	StabiliseS      *rawNum  `yaml:"stabilise_s"`
}

type rawL2 struct {
	Rules            *rawStr `yaml:"rules"`
	MaxSpeedKmh      *rawNum `yaml:"max_speed_kmh"`
	HandsOffPromptS  *rawNum `yaml:"hands_off_prompt_s"`
	HandsOffWarningS *rawNum `yaml:"hands_off_warning_s"`
	EyesOffPromptS   *rawNum `yaml:"eyes_off_prompt_s"`
	EyesOffWarningS  *rawNum `yaml:"eyes_off_warning_s"`
	FallbackAfterS   *rawNum `yaml:"fallback_after_s"`
	Fallback         *rawStr `yaml:"fallback"`
	LockEscalations  *rawNum `yaml:"lock_escalations"`
	LockWindowS      *rawNum `yaml:"lock_window_s"`
	LockS            *rawNum `yaml:"lock_s"`
}

type rawSensors struct {
	RangeM             *rawNum `yaml:"range_m"`
	FOVDeg             *rawNum `yaml:"fov_deg"`
	LatencyS           *rawNum `yaml:"latency_s"`
	ComfortDecelMps2   *rawNum `yaml:"comfort_decel_mps2"`
	EmergencyDecelMps2 *rawNum `yaml:"emergency_decel_mps2"`
}

type rawAssist struct {
	FCWTTCS      *rawNum `yaml:"fcw_ttc_s"`
	FCWReactionS *rawNum `yaml:"fcw_reaction_s"`
	FCWDecelMps2 *rawNum `yaml:"fcw_decel_mps2"`
	AEBTTCS      *rawNum `yaml:"aeb_ttc_s"`
	AEBNeedMps2  *rawNum `yaml:"aeb_need_mps2"`
	AEBDecelMps2 *rawNum `yaml:"aeb_decel_mps2"`
	LDWMinKmh    *rawNum `yaml:"ldw_min_kmh"`
	LDWEarlyM    *rawNum `yaml:"ldw_early_m"`
}

type rawPreset struct {
	Name    string      `yaml:"name"`
	NameZH  string      `yaml:"name_zh"`
	L3      *rawL3      `yaml:"l3"`
	L2      *rawL2      `yaml:"l2"`
	Sensors *rawSensors `yaml:"sensors"`
	Assist  *rawAssist  `yaml:"assist"`
}

// LoadPresets reads every automation/*.yaml of fsys (the assets tree) and
// returns the presets by id (file name without .yaml). Every problem in
// every file is reported as file:line:column: field: message, joined.
func LoadPresets(fsys fs.FS) (map[string]Params, error) {
	names, err := fs.Glob(fsys, Dir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no presets (*.yaml) found", Dir)
	}
	sort.Strings(names)
	out := make(map[string]Params, len(names))
	var errs []error
	for _, name := range names {
		p, err := LoadPreset(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[p.ID] = p
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// LoadPreset reads one preset file.
func LoadPreset(fsys fs.FS, name string) (Params, error) {
	var raw rawPreset
	doc, err := datafile.Decode(fsys, name, &raw)
	if err != nil {
		return Params{}, err
	}
	return build(doc, strings.TrimSuffix(path.Base(name), ".yaml"), &raw)
}

// ParsePreset decodes a preset from bytes (named name in errors); the
// fuzz test and --assets tooling use it.
func ParsePreset(name string, data []byte) (Params, error) {
	var raw rawPreset
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return Params{}, err
	}
	return build(doc, strings.TrimSuffix(path.Base(name), ".yaml"), &raw)
}

// builder collects every problem of a file, so a designer sees them all at
// once rather than one per run.
type builder struct {
	doc  *datafile.Doc
	errs []error
	src  map[string]string
}

func (b *builder) errorf(field, format string, args ...any) {
	b.errs = append(b.errs, b.doc.Errorf(field, format, args...))
}

func (b *builder) source(field, s string) {
	if strings.TrimSpace(s) == "" {
		b.errorf(field+".source", "every value needs a source (a document, URL, or \"design: why\")")
		return
	}
	b.src[field] = s
}

func (b *builder) num(field string, r *rawNum, dst *float64) {
	if r == nil || r.Value == nil {
		b.errorf(field, "missing: expected {value: NUMBER, source: TEXT}")
		return
	}
	*dst = *r.Value
	b.source(field, r.Source)
}

func (b *builder) flag(field string, r *rawBool, dst *bool) {
	if r == nil || r.Value == nil {
		b.errorf(field, "missing: expected {value: true|false, source: TEXT}")
		return
	}
	*dst = *r.Value
	b.source(field, r.Source)
}

func (b *builder) list(field string, r *rawList, allowed []string, dst *[]string) {
	if r == nil || len(r.Value) == 0 {
		b.errorf(field, "missing: expected {value: [%s], source: TEXT}", strings.Join(allowed, ", "))
		return
	}
	for i, v := range r.Value {
		if !contains(allowed, v) {
			b.errorf(fmt.Sprintf("%s.value[%d]", field, i), "%q is not one of %s", v, strings.Join(allowed, ", "))
		}
	}
	*dst = append([]string(nil), r.Value...)
	b.source(field, r.Source)
}

func (b *builder) str(field string, r *rawStr, allowed []string, dst *string) {
	if r == nil || r.Value == "" {
		b.errorf(field, "missing: expected {value: %s, source: TEXT}", strings.Join(allowed, "|"))
		return
	}
	if !contains(allowed, r.Value) {
		b.errorf(field+".value", "%q is not one of %s", r.Value, strings.Join(allowed, ", "))
	}
	*dst = r.Value
	b.source(field, r.Source)
}

// RoadTypeNames and WeatherNames are the values the presets may list; they
// mirror world.RoadType and sim.WeatherKind (kept as text so this package
// stays a leaf).
var (
	RoadTypeNames = []string{"expressway", "ramp", "arterial", "street", "service"}
	WeatherNames  = []string{"clear", "rain", "fog", "snow"}
)

func build(doc *datafile.Doc, id string, raw *rawPreset) (Params, error) {
	b := &builder{doc: doc, src: map[string]string{}}
	p := Params{ID: id, Name: raw.Name, NameZH: raw.NameZH}
	if p.Name == "" {
		b.errorf("name", "missing: a name for the preset picker")
	}
	if p.NameZH == "" {
		b.errorf("name_zh", "missing: the Chinese name")
	}
	if raw.L3 == nil {
		b.errorf("l3", "missing: the L3 parameters")
	} else {
		r := raw.L3
		b.num("l3.max_speed_kmh", r.MaxSpeedKmh, &p.MaxSpeedKmh)
		b.list("l3.road_types", r.RoadTypes, RoadTypeNames, &p.RoadTypes)
		b.flag("l3.require_divided", r.RequireDivided, &p.RequireDivided)
		b.list("l3.weathers", r.Weathers, WeatherNames, &p.Weathers)
		b.num("l3.min_visibility_m", r.MinVisibilityM, &p.MinVisibilityM)
		b.flag("l3.daylight_only", r.DaylightOnly, &p.DaylightOnly)
		b.flag("l3.require_lead", r.RequireLead, &p.RequireLead)
		b.num("l3.congested_below_kmh", r.CongestedBelow, &p.CongestedBelowKmh)
		b.num("l3.takeover_budget_s", r.TakeoverBudgetS, &p.TakeoverBudgetS)
		b.num("l3.escalate_s", r.EscalateS, &p.EscalateS)
		b.num("l3.planned_lead_s", r.PlannedLeadS, &p.PlannedLeadS)
		b.num("l3.exit_notice_s", r.ExitNoticeS, &p.ExitNoticeS)
		b.num("l3.evidence_s", r.EvidenceS, &p.EvidenceS)
		b.num("l3.avail_warn_s", r.AvailWarnS, &p.AvailWarnS)
		b.num("l3.out_of_seat_s", r.OutOfSeatS, &p.OutOfSeatS)
		b.num("l3.mrm_decel_mps2", r.MRMDecelMps2, &p.MRMDecelMps2)
		b.num("l3.mrm_decel_max_mps2", r.MRMDecelMaxMps2, &p.MRMDecelMaxMps2)
		b.num("l3.standstill_kmh", r.StandstillKmh, &p.StandstillKmh)
		b.flag("l3.unlock_doors", r.UnlockDoors, &p.UnlockDoors)
		b.flag("l3.emergency_call", r.EmergencyCall, &p.EmergencyCall)
		b.num("l3.stabilise_s", r.StabiliseS, &p.StabiliseS)
	}
	if raw.L2 == nil {
		b.errorf("l2", "missing: the L2 hands-off rules")
	} else {
		r := raw.L2
		b.str("l2.rules", r.Rules, []string{"r79", "china-draft"}, &p.L2.Rules)
		b.num("l2.max_speed_kmh", r.MaxSpeedKmh, &p.L2.MaxSpeedKmh)
		b.num("l2.hands_off_prompt_s", r.HandsOffPromptS, &p.L2.HandsOffPromptS)
		b.num("l2.hands_off_warning_s", r.HandsOffWarningS, &p.L2.HandsOffWarningS)
		b.num("l2.eyes_off_prompt_s", r.EyesOffPromptS, &p.L2.EyesOffPromptS)
		b.num("l2.eyes_off_warning_s", r.EyesOffWarningS, &p.L2.EyesOffWarningS)
		b.num("l2.fallback_after_s", r.FallbackAfterS, &p.L2.FallbackAfterS)
		var fb string
		b.str("l2.fallback", r.Fallback, []string{string(L2Deactivate), string(L2Stop)}, &fb)
		p.L2.Fallback = L2Fallback(fb)
		var n float64
		b.num("l2.lock_escalations", r.LockEscalations, &n)
		if n != float64(int(n)) || n < 0 || n > maxEscalations {
			b.errorf("l2.lock_escalations.value", "expected a whole number 0..%d, got %g", maxEscalations, n)
		}
		p.L2.LockEscalations = int(n)
		b.num("l2.lock_window_s", r.LockWindowS, &p.L2.LockWindowS)
		b.num("l2.lock_s", r.LockS, &p.L2.LockS)
	}
	if r := raw.Sensors; r == nil {
		b.errorf("sensors", "missing: the system's perception (range_m, fov_deg, latency_s, comfort_decel_mps2, emergency_decel_mps2)")
	} else {
		b.num("sensors.range_m", r.RangeM, &p.Sensors.RangeM)
		b.num("sensors.fov_deg", r.FOVDeg, &p.Sensors.FOVDeg)
		b.num("sensors.latency_s", r.LatencyS, &p.Sensors.LatencyS)
		b.num("sensors.comfort_decel_mps2", r.ComfortDecelMps2, &p.Sensors.ComfortDecelMps2)
		b.num("sensors.emergency_decel_mps2", r.EmergencyDecelMps2, &p.Sensors.EmergencyDecelMps2)
	}
	if r := raw.Assist; r == nil {
		b.errorf("assist", "missing: the driver assistance (fcw_ttc_s, fcw_reaction_s, fcw_decel_mps2, aeb_ttc_s, aeb_need_mps2, aeb_decel_mps2, ldw_min_kmh, ldw_early_m)")
	} else {
		b.num("assist.fcw_ttc_s", r.FCWTTCS, &p.Assist.FCWTTCS)
		b.num("assist.fcw_reaction_s", r.FCWReactionS, &p.Assist.FCWReactionS)
		b.num("assist.fcw_decel_mps2", r.FCWDecelMps2, &p.Assist.FCWDecelMps2)
		b.num("assist.aeb_ttc_s", r.AEBTTCS, &p.Assist.AEBTTCS)
		b.num("assist.aeb_need_mps2", r.AEBNeedMps2, &p.Assist.AEBNeedMps2)
		b.num("assist.aeb_decel_mps2", r.AEBDecelMps2, &p.Assist.AEBDecelMps2)
		b.num("assist.ldw_min_kmh", r.LDWMinKmh, &p.Assist.LDWMinKmh)
		b.num("assist.ldw_early_m", r.LDWEarlyM, &p.Assist.LDWEarlyM)
	}
	if len(b.errs) == 0 {
		if field, err := p.Validate(); err != nil {
			f := field
			if !strings.HasPrefix(f, "l2.") && !strings.HasPrefix(f, "sensors.") && !strings.HasPrefix(f, "assist.") {
				f = "l3." + f
			}
			b.errorf(f+".value", "%v", err)
		}
	}
	if len(b.errs) > 0 {
		return Params{}, errors.Join(b.errs...)
	}
	p.Sources = b.src
	return p, nil
}
