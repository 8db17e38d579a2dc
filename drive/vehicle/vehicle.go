// Package vehicle holds the vehicle profiles of the simulator (Xiaomi SU7,
// Xpeng X9 EREV, Li Auto L9, BYD DM-i plug-in hybrids, Xpeng G6, ...) and
// the longitudinal dynamics and energy model that moves them.
//
// Profiles are YAML files under assets/vehicles/ (see docs/vehicles.md);
// every figure carries its value, a source and a confidence. LoadAll reads
// and validates them through an fs.FS.
//
// The model is deliberately simple and fully deterministic: a point mass
// with aerodynamic drag, rolling resistance and grade; traction limited by
// motor torque, tyre grip and power; braking split between regeneration
// (limited by the regen power, speed and state of charge) and friction; a
// battery, and for range-extended (EREV) and plug-in hybrid (PHEV) vehicles a
// fuel tank and an engine that holds the state of charge in
// charge-sustaining mode. Everything is in SI units; no clock, goroutines or
// I/O beyond reading profiles through the fs.FS, and Step does not allocate.
package vehicle

import "math"

// Powertrain is the kind of energy source a vehicle has.
type Powertrain string

// The powertrains a profile may declare.
const (
	// PowertrainBEV is a battery-electric vehicle: battery only, no fuel.
	PowertrainBEV Powertrain = "bev"
	// PowertrainEREV is a range-extended electric vehicle: the wheels are
	// always driven electrically; an engine-generator recharges the battery.
	PowertrainEREV Powertrain = "erev"
	// PowertrainPHEV is a plug-in hybrid: like an EREV, but the engine can
	// also drive the wheels directly at high speed or high demand.
	PowertrainPHEV Powertrain = "phev"
)

// Drive is which axles the motors drive.
type Drive string

// The drive layouts a profile may declare.
const (
	DriveRear  Drive = "rwd"
	DriveFront Drive = "fwd"
	DriveAll   Drive = "awd"
)

// motors is how many traction motors the layout has (spin losses).
func (d Drive) motors() float64 {
	if d == DriveAll {
		return 2
	}
	return 1
}

// Confidence says how much a figure can be trusted.
type Confidence string

// The confidence levels of a figure.
const (
	// Sourced figures are quoted from a cited public source.
	Sourced Confidence = "sourced"
	// Derived figures are computed from sourced ones; the source text says how.
	Derived Confidence = "derived"
	// Estimated figures are engineering estimates; the source text gives the
	// reasoning.
	Estimated Confidence = "estimated"
)

// Figure is one value of a profile with its unit, where it comes from and how
// sure we are of it.
type Figure struct {
	Value      float64
	Unit       string
	Source     string
	Confidence Confidence
}

// ChargePoint is one point of a DC charging curve: the power the vehicle
// accepts at a state of charge. Between points the power is interpolated
// linearly.
type ChargePoint struct {
	SoC float64 // 0..1
	KW  float64
}

// Profile is a validated vehicle profile. All values are SI or the unit in
// the field name; masses in kg, powers in kW, lengths in metres.
type Profile struct {
	ID, Name, NameZH, Make string
	// Variant names the trim the figures describe, e.g. "580 Long Range
	// RWD", and ModelYear the model year (the cars people own differ by
	// year: the 2022 and 2026 Li Auto L9 are different profiles).
	Variant    string
	VariantZH  string
	ModelYear  int
	Powertrain Powertrain

	MassKg        float64 // curb mass; the model adds PayloadKg
	DragCd        float64
	FrontalAreaM2 float64
	RollingCoeff  float64 // at low speed; rises with speed (RollingSpeedCoeff)
	WheelRadiusM  float64
	// Drive says which axles the motors drive: the tyres of a driven axle
	// carry only its share of the weight (shifted rearward under
	// acceleration), which limits traction.
	Drive Drive
	// GearRatio converts motor torque to wheel torque (the single-speed
	// reduction, combined over the motors of an AWD car).
	GearRatio float64
	// TyreGrip is the tyres' friction coefficient on dry asphalt.
	TyreGrip float64

	MaxPowerKW  float64 // at the motor shaft(s): what the maker rates
	MaxTorqueNm float64 // at the motor shaft(s); the model applies GearRatio
	MaxRegenKW  float64
	MaxSpeedKmh float64
	ZeroTo100S  float64 // claimed 0-100 km/h time, for display and checks

	BatteryKWh  float64 // usable energy
	FuelTankL   float64 // 0 for BEV
	GeneratorKW float64 // engine-generator electrical output (EREV/PHEV)
	// FuelLPerKWh is the fuel burnt per kWh the engine-generator delivers
	// at its best operating point (EREV/PHEV), a BSFC-like figure including
	// generator losses; the model applies FuelCycleFactor on top.
	FuelLPerKWh      float64
	ChargeSustainSoC float64 // 0..1; EREV/PHEV switch to CS at or below it

	MaxDCKW, MaxACKW, AuxKW float64

	// CLTCRangeKm is the claimed CLTC total range; CLTCElectricRangeKm the
	// claimed CLTC electric range (equal for a BEV).
	CLTCRangeKm, CLTCElectricRangeKm float64

	LengthM, WidthM, WheelbaseM, FrontOverhangM, RearOverhangM, MinTurningRadiusM float64

	// ChargeCurve is the DC charging curve, SoC strictly increasing.
	ChargeCurve []ChargePoint
	// Figures holds every figure by its YAML field name (e.g. "mass_kg"),
	// with unit, source and confidence, for display and docs.
	Figures map[string]Figure
}

// Model constants. They are engineering estimates shared by every profile
// (never tuned per vehicle); docs/vehicles.md explains each one and how the
// CLTC validation calibrated them.
const (
	// PayloadKg is added to the curb mass: driver and luggage, matching the
	// CLTC test mass convention (curb mass + 100 kg).
	PayloadKg = 100.0
	// RotationalMassFactor scales the mass for inertia to account for
	// rotating wheels, motor rotor and driveline.
	RotationalMassFactor = 1.04
	// DriveEfficiency is the best-point battery-to-wheel efficiency when
	// driving: inverter 0.98 × motor 0.96 × reduction gear 0.985. Losses
	// that grow with speed (SpinLossKW) and load (LoadLossShare) come on
	// top.
	DriveEfficiency = 0.93
	// GearEfficiency is the reduction gear's share: the motors' rated
	// shaft power reaches the wheels times this.
	GearEfficiency = 0.97
	// SpinLossKW is each motor's drag loss at 100 km/h (iron losses,
	// bearings, gear churning; an AWD car's second motor spins too),
	// growing with the square of speed.
	SpinLossKW = 0.8
	// LoadLossShare is the extra loss at full power as a share of it
	// (copper losses grow with the square of torque): efficiency falls
	// from DriveEfficiency to about 0.85 at full power.
	LoadLossShare = 0.1
	// RollingSpeedCoeff makes rolling resistance rise with speed:
	// Crr(v) = rolling_coeff × (1 + RollingSpeedCoeff × (v / 100 km/h)²),
	// +5 % at 50 km/h, +20 % at 100, +29 % at 120 (tyre hysteresis grows
	// with speed; speed-dependent rolling-resistance fits such as SAE
	// J2452's rise by some 10-25 % between 50 and 120 km/h).
	RollingSpeedCoeff = 0.2
	// CGHeightRatio is the centre of gravity's height over the wheelbase,
	// how much weight shifts to the rear axle under acceleration
	// (0.55 m over 3 m, typical of a battery-floor EV).
	CGHeightRatio = 0.18
	// FrontLoadShare is the static share of the weight on the front axle.
	FrontLoadShare = 0.5
	// RegenEfficiency is wheel-to-battery efficiency when regenerating.
	// Round trip with DriveEfficiency is about 0.75.
	RegenEfficiency = 0.82
	// BrakeDecelMps2 is the full-braking deceleration on dry asphalt.
	BrakeDecelMps2 = 9.0
	// AirDensity in kg/m³ (CLTC tests run at about 23 °C).
	AirDensity = 1.2
	// Gravity in m/s².
	Gravity = 9.81
	// RegenFadeMps: below this speed the regenerated share of braking fades
	// linearly to zero
	// (friction brakes hold the car at a stop).
	RegenFadeMps = 2.0
	// RegenFullSoC: above this state of charge regeneration tapers linearly
	// to zero at a full battery.
	RegenFullSoC = 0.95
	// ACMaxStationKW: stations at or below this power are AC and limited by
	// the on-board charger (MaxACKW).
	ACMaxStationKW = 22.0
	// DCChargeEfficiency and ACChargeEfficiency are the share of the power
	// drawn from a station that ends up in the cells: DC loses it in the
	// cable, contactors and the cells' resistance at high current (about
	// 5 %), AC in the on-board charger too (about 10 %). Charging curves
	// and the power shown are at the inlet, as makers publish them.
	DCChargeEfficiency = 0.95
	ACChargeEfficiency = 0.90
	// CSHysteresis: an EREV/PHEV returns from charge-sustaining to
	// charge-depleting once the SoC exceeds the threshold by this much
	// (after charging).
	CSHysteresis = 0.02
	// SustainTimeS is the time constant with which the generator restores
	// the SoC to the charge-sustain threshold.
	SustainTimeS = 60.0
	// PHEVDirectDriveMps: in charge-sustaining mode a PHEV engine drives the
	// wheels directly above this speed (about 70 km/h).
	PHEVDirectDriveMps = 19.5
	// PHEVAssistFraction: in charge-depleting mode a PHEV starts its engine
	// when the wheel power demand exceeds this fraction of MaxPowerKW.
	PHEVAssistFraction = 0.8
	// DirectDriveFuelFactor: fuel per wheel-kWh in PHEV direct drive relative
	// to FuelLPerKWh per generated kWh (the mechanical path skips the
	// generator and motor conversions).
	DirectDriveFuelFactor = 0.9
	// FuelCycleFactor scales a profile's best-point FuelLPerKWh to the
	// cycle average: engine warm-up and transients, operation off the best
	// point, and the battery round trip of energy the generator buffers in
	// charge-sustaining mode. Calibrated once on the BYD DM-i pair, whose
	// fuel figure is their engine's published best point (46 %), against
	// BYD's 2.9 L/100 km; the EREVs' fuel figures are calibrated on their
	// totals with it.
	FuelCycleFactor = 1.12
	// RefuelSeconds is the duration of a fuel stop.
	RefuelSeconds = 300.0
)

// HasFuel reports whether the vehicle carries fuel (EREV or PHEV).
func (p *Profile) HasFuel() bool { return p.Powertrain != PowertrainBEV }

// TestMassKg is the mass the model moves: curb mass plus PayloadKg.
func (p *Profile) TestMassKg() float64 { return p.MassKg + PayloadKg }

// MaxSpeedMps is the top speed in m/s.
func (p *Profile) MaxSpeedMps() float64 { return p.MaxSpeedKmh / 3.6 }

// batteryJ is the usable battery energy in joules.
func (p *Profile) batteryJ() float64 { return p.BatteryKWh * 3.6e6 }

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
