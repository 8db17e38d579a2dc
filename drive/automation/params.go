package automation

import (
	"fmt"
	"math"
)

// Params are every number and rule the automation uses, each named so that a
// designer can trace a behaviour to a figure and a figure to its source. The
// presets in assets/automation/ carry the same values with their sources;
// docs/l3.md tabulates them.
type Params struct {
	// ID is the preset's file name without .yaml ("r157-01").
	ID string
	// Name and NameZH are shown in the UI.
	Name, NameZH string

	// --- L3 operational design domain (ODD) ---

	// MaxSpeedKmh is the highest speed at which L3 may engage and which it
	// holds while active.
	// source: UN R157 01 series 130 km/h; Drive Pilot DE (KBA Dec 2024) 95;
	// China MIIT permits Dec 2025: Changan 50, Arcfox 80.
	MaxSpeedKmh float64
	// RoadTypes are the road types (world.RoadType) inside the ODD.
	// source: R157 scope: roads where pedestrians and cyclists are
	// prohibited, with physical separation of the traffic flows.
	RoadTypes []string
	// RequireDivided demands physically separated carriageways.
	// source: R157 introduction (physical separation between opposite flows).
	RequireDivided bool
	// Weathers lists the weather kinds (sim.WeatherKind) the system works in.
	// source: design within R157 (the manufacturer declares its ODD); Drive
	// Pilot is disabled in inclement weather (SlashGear 2022).
	Weathers []string
	// MinVisibilityM is the least visibility the sensors need.
	// source: design; China's RTSL implementing regulations art. 81 make
	// drivers leave the expressway below 50 m.
	MinVisibilityM float64
	// DaylightOnly refuses L3 at night.
	// source: Drive Pilot DE daylight only (SlashGear 2022); BMW Personal
	// Pilot is the first L3 usable in the dark (BMW press 2023).
	DaylightOnly bool
	// RequireLead needs a vehicle ahead to follow (congestion pilots).
	// source: Drive Pilot 60 km/h and US versions need a lead vehicle;
	// Changan's permit is for congested traffic.
	RequireLead bool
	// CongestedBelowKmh, when above 0, allows L3 only in congested traffic:
	// a vehicle ahead slower than this (with RequireLead, a vehicle ahead
	// at all). source: both Chinese permits of Dec 2025 are described as
	// congested traffic, single lane, no lane changes (Yicai; Arena EV).
	CongestedBelowKmh float64

	// --- takeover request (transition demand, TD) ---

	// TakeoverBudgetS is how long a takeover request runs before the MRM
	// may start.
	// source: R157 10 s transition period (Wikipedia ALKS; Drive Pilot
	// gives 10 s, Edmunds 2023).
	TakeoverBudgetS float64
	// EscalateS is when a request escalates to stage 2 (red, continuous
	// tone, haptic).
	// source: recalled R157 §6.4 wording, unconfirmed; ACSF-04-18 "4 second
	// transition time".
	EscalateS float64
	// PlannedLeadS is how far ahead of a planned ODD exit (exit ramp, end of
	// the expressway) the request is issued, in seconds of travel.
	// source: design: 10 s budget plus margin for the 4.56 s median
	// takeover time and its long tail (Eriksson & Stanton 2017).
	PlannedLeadS float64
	// ExitNoticeS is an information notice before a planned exit, in
	// seconds of travel; 0 disables it.
	// source: design (reference note §7, optional pre-notice at 60 s).
	ExitNoticeS float64

	// --- driver availability ---

	// EvidenceS is the longest the driver may show no sign of availability
	// while L3 is active before a warning.
	// source: R157 6.1 via UK DfT summary: checked at least every 30 s.
	EvidenceS float64
	// AvailWarnS is how long the availability warning lasts before a
	// takeover request.
	// source: R157 6.1 via UK DfT summary: 15 s.
	AvailWarnS float64
	// OutOfSeatS is how long the driver may be out of the seat before a
	// takeover request (belt off requests at once).
	// source: R157 6.1 via UK DfT summary: more than 1 s.
	OutOfSeatS float64

	// --- minimal-risk manoeuvre (MRM) ---

	// MRMDecelMps2 is the nominal in-lane deceleration of the MRM.
	// source: design 2.0 m/s² (SUMO ToC default 1.5).
	MRMDecelMps2 float64
	// MRMDecelMaxMps2 caps any deceleration the MRM asks for.
	// source: R157 §5.5: deceleration demand not above 4.0 m/s².
	MRMDecelMaxMps2 float64
	// StandstillKmh is the speed below which the MRM has reached standstill.
	// source: design (speed sensors read zero below walking pace).
	StandstillKmh float64
	// UnlockDoors and EmergencyCall at standstill after an MRM.
	// source: Mercedes Drive Pilot (Edmunds 2023); not an R157 requirement.
	UnlockDoors, EmergencyCall bool

	// StabiliseS is the window after a takeover in which the driver drives
	// and L3 cannot re-engage; drills score control quality over it.
	// source: design after Wang et al. (degraded performance for 17.5 s
	// non-critical) and Li et al. 2019 (20 s was enough).
	StabiliseS float64

	// L2 are the hands-off rules of the level-2 comparison mode.
	L2 L2Params

	// Sensors is the system's own perception (sensors.go); Assist the
	// FCW, AEB and LDW of manual driving that read it.
	Sensors Sensors
	Assist  Assist

	// Signals says which takeover stages sound the takeover tone and
	// vibrate the seat; nil means DefaultSignals. The takeover HMI file
	// (drive/hmi, assets/hmi/takeover.yaml) sets it with the request's
	// timings, so that an HMI with haptic at stage 1 shakes the seat at
	// stage 1 and the drive log says so.
	Signals *Signals

	// Sources maps a YAML field ("l3.max_speed_kmh", "l2.hands_off_prompt_s") to
	// the source the preset cites for it, so the UI can show why.
	Sources map[string]string
}

// StageSignals are the takeover tone and the seat's vibration of one stage
// of the L3 alert, as the machine's Output reports them (Tone, Haptic).
type StageSignals struct {
	Tone, Haptic bool
}

// Signals are the StageSignals of every L3 alert stage.
type Signals struct {
	Warning, Stage1, Stage2, MRM, MRC StageSignals
}

// DefaultSignals are the signals of the shipped takeover HMI: the
// availability warning is silent but for its one warning earcon, stage 1
// sounds its chime, stage 2 and the MRM a continuous tone with the seat
// vibrating (R157 §6.4 as recalled: escalation includes haptic), and the
// MRC's standstill is silent after its one warning.
func DefaultSignals() Signals {
	return Signals{
		Stage1: StageSignals{Tone: true},
		Stage2: StageSignals{Tone: true, Haptic: true},
		MRM:    StageSignals{Tone: true, Haptic: true},
	}
}

// L2Fallback is what an L2 system does when the driver ignores the
// hands-off warning.
type L2Fallback string

// L2 fallbacks.
const (
	// L2Deactivate switches lane centring off with an emergency signal
	// (UN R79).
	L2Deactivate L2Fallback = "deactivate"
	// L2Stop performs a risk-mitigation stop in lane with hazards (China
	// draft, "RMF").
	L2Stop L2Fallback = "stop"
)

// L2Params are the hands-off / eyes-off cascade of a level-2 lane-centring
// or navigate-on-autopilot system. Every duration counts from the moment
// the hands (or eyes) left.
type L2Params struct {
	// Rules names the rule set: "r79" or "china-draft".
	Rules string
	// MaxSpeedKmh is the top speed of lane centring.
	// source: design (R79 leaves V_smax to the manufacturer).
	MaxSpeedKmh float64
	// HandsOffPromptS: optical prompt. R79 B1 ≤ 15 s; China draft 5 s.
	HandsOffPromptS float64
	// HandsOffWarningS: red pictogram and acoustic warning. R79 ≤ 30 s
	// (unconfirmed); China draft 10 s.
	HandsOffWarningS float64
	// EyesOffPromptS and EyesOffWarningS: the same for eyes off the road;
	// 0 = not monitored. R79 does not monitor eyes; China draft 5 s prompt
	// then graded escalation (warning at 10 s is design).
	EyesOffPromptS, EyesOffWarningS float64
	// FallbackAfterS is how long the warning runs before the fallback.
	// R79: deactivated ≤ 30 s after the acoustic warning (unconfirmed);
	// China: design 10 s before the stop.
	FallbackAfterS float64
	// Fallback is what happens then.
	Fallback L2Fallback
	// LockEscalations warnings within LockWindowS lock L2 for LockS; 0
	// disables the lockout. China draft: 3 in 30 min lock for ≥ 30 min.
	LockEscalations int
	LockWindowS     float64
	LockS           float64
}

// R157 returns the UN R157 01-series preset (130 km/h) with UN R79 L2 rules.
// It is the default of New when no preset is loaded, and the YAML preset
// r157-01 must equal it (a test checks). Its names for people are only in
// that file (assets/automation/r157-01.yaml), with the other presets'.
func R157() Params {
	return Params{
		ID:          "r157-01",
		MaxSpeedKmh: 130, RoadTypes: []string{"expressway"}, RequireDivided: true,
		Weathers: []string{"clear", "rain"}, MinVisibilityM: 50,
		TakeoverBudgetS: 10, EscalateS: 4, PlannedLeadS: 20, ExitNoticeS: 60,
		EvidenceS: 30, AvailWarnS: 15, OutOfSeatS: 1,
		MRMDecelMps2: 2, MRMDecelMaxMps2: 4, StandstillKmh: 0.5,
		UnlockDoors: true, EmergencyCall: true, StabiliseS: 20,
		L2:      L2R79(),
		Sensors: R157Sensors(), Assist: DefaultAssist(),
	}
}

// L2R79 returns the UN R79 ACSF B1 hands-off cascade.
func L2R79() L2Params {
	return L2Params{Rules: "r79", MaxSpeedKmh: 130, HandsOffPromptS: 15, HandsOffWarningS: 30,
		FallbackAfterS: 30, Fallback: L2Deactivate}
}

// L2ChinaDraft returns the 2025 draft Chinese L2 safety requirements.
func L2ChinaDraft() L2Params {
	return L2Params{Rules: "china-draft", MaxSpeedKmh: 130, HandsOffPromptS: 5, HandsOffWarningS: 10,
		EyesOffPromptS: 5, EyesOffWarningS: 10, FallbackAfterS: 10, Fallback: L2Stop,
		LockEscalations: 3, LockWindowS: 1800, LockS: 1800}
}

// Validate reports the first value that would make the machine unsafe or
// meaningless, naming the YAML field, so presets fail loudly on load.
func (p *Params) Validate() (field string, err error) {
	pos := func(name string, v, lo, hi float64) (string, error) {
		if math.IsNaN(v) || v < lo || v > hi {
			return name, fmt.Errorf("%g is outside %g..%g", v, lo, hi)
		}
		return "", nil
	}
	checks := []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"max_speed_kmh", p.MaxSpeedKmh, 5, 200},
		{"min_visibility_m", p.MinVisibilityM, 0, 10000},
		{"congested_below_kmh", p.CongestedBelowKmh, 0, p.MaxSpeedKmh},
		// R157 forbids an MRM before 10 s of request.
		{"takeover_budget_s", p.TakeoverBudgetS, 10, 60},
		{"escalate_s", p.EscalateS, 0, p.TakeoverBudgetS},
		// A planned request must come at least the budget before the exit.
		{"planned_lead_s", p.PlannedLeadS, p.TakeoverBudgetS, 300},
		{"exit_notice_s", p.ExitNoticeS, 0, 600},
		{"evidence_s", p.EvidenceS, 1, 30},
		{"avail_warn_s", p.AvailWarnS, 1, 15},
		{"out_of_seat_s", p.OutOfSeatS, 0, 1},
		{"mrm_decel_mps2", p.MRMDecelMps2, 0.5, p.MRMDecelMaxMps2},
		{"mrm_decel_max_mps2", p.MRMDecelMaxMps2, 0.5, 4},
		{"standstill_kmh", p.StandstillKmh, 0.01, 5},
		{"stabilise_s", p.StabiliseS, 0, 120},
		{"l2.max_speed_kmh", p.L2.MaxSpeedKmh, 5, 200},
		{"l2.hands_off_prompt_s", p.L2.HandsOffPromptS, 1, 60},
		{"l2.hands_off_warning_s", p.L2.HandsOffWarningS, p.L2.HandsOffPromptS, 120},
		{"l2.eyes_off_prompt_s", p.L2.EyesOffPromptS, 0, 60},
		{"l2.eyes_off_warning_s", p.L2.EyesOffWarningS, p.L2.EyesOffPromptS, 120},
		{"l2.fallback_after_s", p.L2.FallbackAfterS, 1, 120},
		{"l2.lock_window_s", p.L2.LockWindowS, 0, 86400},
		{"l2.lock_s", p.L2.LockS, 0, 86400},
	}
	for _, c := range checks {
		if f, err := pos(c.name, c.v, c.lo, c.hi); err != nil {
			return f, err
		}
	}
	if f, err := p.validateSensing(); err != nil {
		return f, err
	}
	if p.L2.EyesOffPromptS > 0 && p.L2.EyesOffWarningS == 0 {
		return "l2.eyes_off_warning_s", fmt.Errorf("needed when eyes_off_prompt_s is set")
	}
	if len(p.RoadTypes) == 0 {
		return "road_types", fmt.Errorf("list at least one road type")
	}
	if len(p.Weathers) == 0 {
		return "weathers", fmt.Errorf("list at least one weather kind")
	}
	switch p.L2.Fallback {
	case L2Deactivate, L2Stop:
	default:
		return "l2.fallback", fmt.Errorf("%q is not one of deactivate, stop", p.L2.Fallback)
	}
	if p.L2.LockEscalations < 0 || p.L2.LockEscalations > maxEscalations {
		return "l2.lock_escalations", fmt.Errorf("%d is outside 0..%d", p.L2.LockEscalations, maxEscalations)
	}
	if p.L2.LockEscalations > 0 && (p.L2.LockWindowS == 0 || p.L2.LockS == 0) {
		return "l2.lock_s", fmt.Errorf("lock_window_s and lock_s are needed with lock_escalations")
	}
	return "", nil
}

// maxEscalations bounds the escalation history the machine keeps (a fixed
// array, so stepping never allocates).
const maxEscalations = 8
