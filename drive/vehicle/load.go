package vehicle

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
)

// Dir is the folder of the profiles inside the assets fs.FS.
const Dir = "vehicles"

// rawFigure is a figure as written in YAML.
type rawFigure struct {
	Value      *float64 `yaml:"value"`
	Source     string   `yaml:"source"`
	Confidence string   `yaml:"confidence"`
}

type rawPoint struct {
	SoC *float64 `yaml:"soc"`
	KW  *float64 `yaml:"kw"`
}

type rawCurve struct {
	Source     string     `yaml:"source"`
	Confidence string     `yaml:"confidence"`
	Points     []rawPoint `yaml:"points"`
}

// rawProfile mirrors the YAML file; see docs/vehicles.md.
type rawProfile struct {
	Name       string `yaml:"name"`
	NameZH     string `yaml:"name_zh"`
	Make       string `yaml:"make"`
	Powertrain string `yaml:"powertrain"`
	Drive      string `yaml:"drive"`
	Variant    string `yaml:"variant"`
	VariantZH  string `yaml:"variant_zh"`
	ModelYear  int    `yaml:"model_year"`

	MassKg        *rawFigure `yaml:"mass_kg"`
	DragCd        *rawFigure `yaml:"drag_cd"`
	FrontalAreaM2 *rawFigure `yaml:"frontal_area_m2"`
	RollingCoeff  *rawFigure `yaml:"rolling_coeff"`
	WheelRadiusM  *rawFigure `yaml:"wheel_radius_m"`
	GearRatio     *rawFigure `yaml:"gear_ratio"`
	TyreGrip      *rawFigure `yaml:"tyre_grip"`

	MaxPowerKW  *rawFigure `yaml:"max_power_kw"`
	MaxTorqueNm *rawFigure `yaml:"max_torque_nm"`
	MaxRegenKW  *rawFigure `yaml:"max_regen_kw"`
	MaxSpeedKmh *rawFigure `yaml:"max_speed_kmh"`
	ZeroTo100S  *rawFigure `yaml:"zero_to_100_s"`

	BatteryKWh       *rawFigure `yaml:"battery_kwh"`
	FuelTankL        *rawFigure `yaml:"fuel_tank_l"`
	GeneratorKW      *rawFigure `yaml:"generator_kw"`
	FuelLPerKWh      *rawFigure `yaml:"fuel_l_per_kwh"`
	ChargeSustainSoC *rawFigure `yaml:"charge_sustain_soc"`

	MaxDCKW *rawFigure `yaml:"max_dc_kw"`
	MaxACKW *rawFigure `yaml:"max_ac_kw"`
	AuxKW   *rawFigure `yaml:"aux_kw"`

	CLTCRangeKm         *rawFigure `yaml:"cltc_range_km"`
	CLTCElectricRangeKm *rawFigure `yaml:"cltc_electric_range_km"`

	LengthM           *rawFigure `yaml:"length_m"`
	WidthM            *rawFigure `yaml:"width_m"`
	WheelbaseM        *rawFigure `yaml:"wheelbase_m"`
	FrontOverhangM    *rawFigure `yaml:"front_overhang_m"`
	RearOverhangM     *rawFigure `yaml:"rear_overhang_m"`
	MinTurningRadiusM *rawFigure `yaml:"min_turning_radius_m"`

	DCChargeCurve *rawCurve `yaml:"dc_charge_curve"`
}

// need says for which powertrains a field is required (true) or forbidden
// (false).
type need int

const (
	always   need = iota // every powertrain
	fuelOnly             // EREV/PHEV only; a BEV must not have it
)

// fieldSpec describes one figure field: its YAML name, unit, the plausible
// range and where it goes in the Profile.
type fieldSpec struct {
	name     string
	unit     string
	min, max float64
	need     need
	raw      func(*rawProfile) *rawFigure
	dst      func(*Profile) *float64
}

var fields = []fieldSpec{
	{"mass_kg", "kg", 500, 5000, always, func(r *rawProfile) *rawFigure { return r.MassKg }, func(p *Profile) *float64 { return &p.MassKg }},
	{"drag_cd", "", 0.1, 0.8, always, func(r *rawProfile) *rawFigure { return r.DragCd }, func(p *Profile) *float64 { return &p.DragCd }},
	{"frontal_area_m2", "m²", 1, 6, always, func(r *rawProfile) *rawFigure { return r.FrontalAreaM2 }, func(p *Profile) *float64 { return &p.FrontalAreaM2 }},
	{"rolling_coeff", "", 0.003, 0.03, always, func(r *rawProfile) *rawFigure { return r.RollingCoeff }, func(p *Profile) *float64 { return &p.RollingCoeff }},
	{"wheel_radius_m", "m", 0.2, 0.6, always, func(r *rawProfile) *rawFigure { return r.WheelRadiusM }, func(p *Profile) *float64 { return &p.WheelRadiusM }},
	{"gear_ratio", "", 4, 16, always, func(r *rawProfile) *rawFigure { return r.GearRatio }, func(p *Profile) *float64 { return &p.GearRatio }},
	{"tyre_grip", "μ", 0.6, 1.3, always, func(r *rawProfile) *rawFigure { return r.TyreGrip }, func(p *Profile) *float64 { return &p.TyreGrip }},
	{"max_power_kw", "kW", 10, 2000, always, func(r *rawProfile) *rawFigure { return r.MaxPowerKW }, func(p *Profile) *float64 { return &p.MaxPowerKW }},
	{"max_torque_nm", "N·m", 50, 5000, always, func(r *rawProfile) *rawFigure { return r.MaxTorqueNm }, func(p *Profile) *float64 { return &p.MaxTorqueNm }},
	{"max_regen_kw", "kW", 0, 1000, always, func(r *rawProfile) *rawFigure { return r.MaxRegenKW }, func(p *Profile) *float64 { return &p.MaxRegenKW }},
	{"max_speed_kmh", "km/h", 50, 450, always, func(r *rawProfile) *rawFigure { return r.MaxSpeedKmh }, func(p *Profile) *float64 { return &p.MaxSpeedKmh }},
	{"zero_to_100_s", "s", 1.5, 30, always, func(r *rawProfile) *rawFigure { return r.ZeroTo100S }, func(p *Profile) *float64 { return &p.ZeroTo100S }},
	{"battery_kwh", "kWh", 1, 300, always, func(r *rawProfile) *rawFigure { return r.BatteryKWh }, func(p *Profile) *float64 { return &p.BatteryKWh }},
	{"fuel_tank_l", "L", 5, 200, fuelOnly, func(r *rawProfile) *rawFigure { return r.FuelTankL }, func(p *Profile) *float64 { return &p.FuelTankL }},
	{"generator_kw", "kW", 5, 400, fuelOnly, func(r *rawProfile) *rawFigure { return r.GeneratorKW }, func(p *Profile) *float64 { return &p.GeneratorKW }},
	{"fuel_l_per_kwh", "L/kWh", 0.1, 1, fuelOnly, func(r *rawProfile) *rawFigure { return r.FuelLPerKWh }, func(p *Profile) *float64 { return &p.FuelLPerKWh }},
	{"charge_sustain_soc", "", 0.05, 0.6, fuelOnly, func(r *rawProfile) *rawFigure { return r.ChargeSustainSoC }, func(p *Profile) *float64 { return &p.ChargeSustainSoC }},
	{"max_dc_kw", "kW", 1, 1500, always, func(r *rawProfile) *rawFigure { return r.MaxDCKW }, func(p *Profile) *float64 { return &p.MaxDCKW }},
	{"max_ac_kw", "kW", 1, 44, always, func(r *rawProfile) *rawFigure { return r.MaxACKW }, func(p *Profile) *float64 { return &p.MaxACKW }},
	{"aux_kw", "kW", 0, 10, always, func(r *rawProfile) *rawFigure { return r.AuxKW }, func(p *Profile) *float64 { return &p.AuxKW }},
	{"cltc_range_km", "km (CLTC claim)", 10, 5000, always, func(r *rawProfile) *rawFigure { return r.CLTCRangeKm }, func(p *Profile) *float64 { return &p.CLTCRangeKm }},
	{"cltc_electric_range_km", "km (CLTC claim)", 5, 2000, fuelOnly, func(r *rawProfile) *rawFigure { return r.CLTCElectricRangeKm }, func(p *Profile) *float64 { return &p.CLTCElectricRangeKm }},
	{"length_m", "m", 2, 8, always, func(r *rawProfile) *rawFigure { return r.LengthM }, func(p *Profile) *float64 { return &p.LengthM }},
	{"width_m", "m", 1, 2.6, always, func(r *rawProfile) *rawFigure { return r.WidthM }, func(p *Profile) *float64 { return &p.WidthM }},
	{"wheelbase_m", "m", 1.5, 5, always, func(r *rawProfile) *rawFigure { return r.WheelbaseM }, func(p *Profile) *float64 { return &p.WheelbaseM }},
	{"front_overhang_m", "m", 0.3, 2, always, func(r *rawProfile) *rawFigure { return r.FrontOverhangM }, func(p *Profile) *float64 { return &p.FrontOverhangM }},
	{"rear_overhang_m", "m", 0.3, 2, always, func(r *rawProfile) *rawFigure { return r.RearOverhangM }, func(p *Profile) *float64 { return &p.RearOverhangM }},
	{"min_turning_radius_m", "m", 3, 10, always, func(r *rawProfile) *rawFigure { return r.MinTurningRadiusM }, func(p *Profile) *float64 { return &p.MinTurningRadiusM }},
}

// FieldNames lists the YAML names of all figure fields in file order, for
// docs and display. It does not include the charge curve.
func FieldNames() []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.name
	}
	return out
}

// LoadAll reads, decodes and validates every vehicles/*.yaml file of fsys and
// returns the profiles sorted by ID (the file name without .yaml). All
// problems found are returned joined, each as file:line:col: field: message.
func LoadAll(fsys fs.FS) ([]*Profile, error) {
	names, err := fs.Glob(fsys, Dir+"/*.yaml")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no vehicle profiles (*.yaml) found", Dir)
	}
	sort.Strings(names)
	var out []*Profile
	var errs []error
	for _, name := range names {
		p, err := Load(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, p)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Load reads and validates one profile file; its ID is the file name
// without the .yaml extension.
func Load(fsys fs.FS, name string) (*Profile, error) {
	var raw rawProfile
	doc, err := datafile.Decode(fsys, name, &raw)
	if err != nil {
		return nil, err
	}
	id := strings.TrimSuffix(path.Base(name), ".yaml")
	return build(doc, id, &raw)
}

// Find returns the profile with the given id, or an error listing the
// valid ids.
func Find(all []*Profile, id string) (*Profile, error) {
	for _, p := range all {
		if p.ID == id {
			return p, nil
		}
	}
	ids := make([]string, len(all))
	for i, p := range all {
		ids[i] = p.ID
	}
	return nil, fmt.Errorf("unknown vehicle %q; valid vehicles: %s", id, strings.Join(ids, ", "))
}

// build validates raw and turns it into a Profile.
func build(doc *datafile.Doc, id string, r *rawProfile) (*Profile, error) {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, doc.Errorf(field, format, args...))
	}
	// Names and sources reach the screen; sources may span lines.
	datacheck.Check(r, []string{"source"}, func(path, problem string) { bad(path, "%s", problem) })
	p := &Profile{ID: id, Name: r.Name, NameZH: r.NameZH, Make: r.Make, Variant: r.Variant, VariantZH: r.VariantZH, ModelYear: r.ModelYear, Powertrain: Powertrain(r.Powertrain), Figures: map[string]Figure{}}
	if r.ModelYear < 2015 || r.ModelYear > 2030 {
		bad("model_year", "required: the model year the figures describe, 2015-2030, got %d", r.ModelYear)
	}
	if strings.TrimSpace(r.Variant) == "" {
		bad("variant", "required: the trim the figures describe, e.g. \"580 Long Range RWD\"")
	}
	if strings.TrimSpace(r.VariantZH) == "" {
		bad("variant_zh", "required: the trim in Chinese characters, as sold in China")
	}
	if strings.TrimSpace(r.Name) == "" {
		bad("name", "required: the English name, e.g. \"Xpeng G6\"")
	}
	if strings.TrimSpace(r.NameZH) == "" {
		bad("name_zh", "required: the car's name in Chinese characters, as sold in China")
	}
	if strings.TrimSpace(r.Make) == "" {
		bad("make", "required: the manufacturer, e.g. \"Xpeng\"")
	}
	switch p.Powertrain {
	case PowertrainBEV, PowertrainEREV, PowertrainPHEV:
	default:
		bad("powertrain", "expected one of bev, erev, phev, got %q", r.Powertrain)
	}
	p.Drive = Drive(r.Drive)
	switch p.Drive {
	case DriveRear, DriveFront, DriveAll:
	default:
		bad("drive", "expected which axles the motors drive: rwd, fwd or awd, got %q", r.Drive)
	}
	fuel := p.Powertrain == PowertrainEREV || p.Powertrain == PowertrainPHEV
	for _, f := range fields {
		rf := f.raw(r)
		if f.need == fuelOnly && !fuel {
			if rf != nil && p.Powertrain == PowertrainBEV {
				bad(f.name, "a bev has no %s; remove the field", strings.ReplaceAll(f.name, "_", " "))
			}
			continue
		}
		if rf == nil {
			bad(f.name, "required for a %s profile: {value: …, source: …, confidence: sourced|derived|estimated}", r.Powertrain)
			continue
		}
		fig, ok := checkFigure(f.name, rf, bad)
		if !ok {
			continue
		}
		v := fig.Value
		if !(v >= f.min && v <= f.max) { // NaN fails both comparisons
			bad(f.name+".value", "must be between %v and %v %s, got %v", f.min, f.max, f.unit, v)
			continue
		}
		fig.Unit = f.unit
		p.Figures[f.name] = fig
		*f.dst(p) = v
	}
	if !fuel {
		p.CLTCElectricRangeKm = p.CLTCRangeKm
	}
	p.ChargeCurve = checkCurve(r.DCChargeCurve, bad)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// Cross-field checks, once every figure is known to be present.
	if fuel && p.CLTCElectricRangeKm >= p.CLTCRangeKm {
		bad("cltc_electric_range_km.value", "must be less than cltc_range_km (%v), got %v", p.CLTCRangeKm, p.CLTCElectricRangeKm)
	}
	if d := p.WheelbaseM + p.FrontOverhangM + p.RearOverhangM - p.LengthM; math.Abs(d) > 0.05 {
		bad("length_m.value", "must equal wheelbase + front overhang + rear overhang (%.3f m) within 0.05 m, got %v", p.WheelbaseM+p.FrontOverhangM+p.RearOverhangM, p.LengthM)
	}
	if p.MaxRegenKW > p.MaxPowerKW {
		bad("max_regen_kw.value", "must not exceed max_power_kw (%v), got %v", p.MaxPowerKW, p.MaxRegenKW)
	}
	if p.MaxACKW > p.MaxDCKW {
		bad("max_ac_kw.value", "must not exceed max_dc_kw (%v), got %v", p.MaxDCKW, p.MaxACKW)
	}
	if p.MinTurningRadiusM < p.WheelbaseM {
		bad("min_turning_radius_m.value", "must be at least the wheelbase (%v m), got %v", p.WheelbaseM, p.MinTurningRadiusM)
	}
	possible(p, bad)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.Figures["dc_charge_curve"] = Figure{Value: curvePeak(p.ChargeCurve), Unit: "kW peak", Source: r.DCChargeCurve.Source, Confidence: Confidence(r.DCChargeCurve.Confidence)}
	return p, nil
}

// Physical bounds a profile's claims must respect, whatever its figures.
const (
	// streetGripMu is the most a street tyre grips on a dry prepared
	// surface; no car on such tyres accelerates at more than μ·g.
	streetGripMu = 1.3
	// cltcMeanV2 is the CLTC-P cycle's distance-weighted mean of v²
	// (∫v³dt / ∫v dt over the trace of cltc_data_test.go), m²/s²: the
	// aerodynamic energy per metre is ½ρ·Cd·A times it.
	cltcMeanV2 = 271.5
)

// possible refuses a profile whose claims its own figures cannot give: a
// 0-100 km/h time quicker than its grip or its power allow, or a CLTC
// electric range longer than its battery could drive even with a perfect
// drivetrain and no auxiliary load.
func possible(p *Profile, bad func(field, format string, args ...any)) {
	const v = 100 / 3.6
	m := p.TestMassKg()
	grip := v / (streetGripMu * Gravity) // with all the weight on driven wheels
	power := 0.5 * m * v * v / (p.MaxPowerKW * 1000)
	if t := math.Max(grip, power); p.ZeroTo100S < t {
		why := fmt.Sprintf("street tyres (μ %.1f) need at least %.2f s", streetGripMu, grip)
		if power > grip {
			why = fmt.Sprintf("%v kW take at least %.2f s to give %.0f kg the %.0f kJ of 100 km/h", p.MaxPowerKW, power, m, 0.5*m*v*v/1000)
		}
		bad("zero_to_100_s.value", "%v s is physically impossible: %s", p.ZeroTo100S, why)
	}
	perM := p.RollingCoeff*m*Gravity + 0.5*AirDensity*p.DragCd*p.FrontalAreaM2*cltcMeanV2 // J/m at the wheel
	if most := p.BatteryKWh * 3.6e6 / perM / 1000; p.CLTCElectricRangeKm > most {
		field := "cltc_range_km.value"
		if p.HasFuel() {
			field = "cltc_electric_range_km.value"
		}
		bad(field, "%v km is physically impossible: %v kWh drive at most %.0f km of the CLTC cycle even with no losses (%.1f kWh/100 km for rolling and air resistance alone)",
			p.CLTCElectricRangeKm, p.BatteryKWh, most, perM/36)
	}
}

// checkFigure validates the value, source and confidence of one figure.
func checkFigure(name string, rf *rawFigure, bad func(field, format string, args ...any)) (Figure, bool) {
	ok := true
	var fig Figure
	if rf.Value == nil {
		bad(name+".value", "required: the number")
		ok = false
	} else {
		fig.Value = *rf.Value // NaN and ±Inf are refused with the range by the caller
	}
	if c, good := checkSource(name, rf.Source, rf.Confidence, bad); good {
		fig.Source, fig.Confidence = rf.Source, c
	} else {
		ok = false
	}
	return fig, ok
}

// checkSource validates a source text and confidence level: derived and
// estimated figures must explain themselves in words, not just a link.
func checkSource(name, source, confidence string, bad func(field, format string, args ...any)) (Confidence, bool) {
	ok := true
	c := Confidence(confidence)
	switch c {
	case Sourced, Derived, Estimated:
	case "":
		bad(name+".confidence", "required: one of sourced, derived, estimated")
		ok = false
	default:
		bad(name+".confidence", "expected one of sourced, derived, estimated, got %q", confidence)
		ok = false
	}
	src := strings.TrimSpace(source)
	switch {
	case src == "":
		bad(name+".source", "required: a URL or citation, and for derived/estimated figures how the value was obtained")
		ok = false
	case (c == Derived || c == Estimated) && !strings.Contains(src, " "):
		bad(name+".source", "a %s figure must say how it was obtained, not only cite %q", c, src)
		ok = false
	}
	return c, ok
}

// checkCurve validates the DC charging curve.
func checkCurve(rc *rawCurve, bad func(field, format string, args ...any)) []ChargePoint {
	const name = "dc_charge_curve"
	if rc == nil {
		bad(name, "required: {source: …, confidence: …, points: [{soc: 0.1, kw: 150}, …]}")
		return nil
	}
	checkSource(name, rc.Source, rc.Confidence, bad)
	if len(rc.Points) < 2 {
		bad(name+".points", "needs at least 2 points, got %d", len(rc.Points))
		return nil
	}
	out := make([]ChargePoint, 0, len(rc.Points))
	prev := -1.0
	for i, pt := range rc.Points {
		f := fmt.Sprintf("%s.points[%d]", name, i)
		if pt.SoC == nil || pt.KW == nil {
			bad(f, "needs both soc (0..1) and kw")
			continue
		}
		soc, kw := *pt.SoC, *pt.KW
		switch {
		case !finite(soc) || soc < 0 || soc > 1:
			bad(f+".soc", "must be between 0 and 1, got %v", soc)
		case soc <= prev:
			bad(f+".soc", "must be greater than the previous point's soc (%v), got %v", prev, soc)
		case !finite(kw) || kw <= 0 || kw > 1500:
			bad(f+".kw", "must be more than 0 and at most 1500 kW, got %v", kw)
		default:
			out = append(out, ChargePoint{SoC: soc, KW: kw})
		}
		if finite(soc) {
			prev = soc
		}
	}
	if n := len(out); n == len(rc.Points) && out[n-1].KW >= curvePeak(out) {
		bad(fmt.Sprintf("%s.points[%d].kw", name, n-1), "the curve must taper: the last point must be below the peak (%v kW), got %v", curvePeak(out), out[n-1].KW)
	}
	return out
}

func curvePeak(c []ChargePoint) float64 {
	m := 0.0
	for _, p := range c {
		m = math.Max(m, p.KW)
	}
	return m
}
