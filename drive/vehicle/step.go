package vehicle

import "math"

// EnergyMode is the energy management mode of the powertrain.
type EnergyMode string

// The energy modes.
const (
	// ModeEV is the only mode of a BEV.
	ModeEV EnergyMode = "ev"
	// ModeCD is charge-depleting: an EREV/PHEV drives on its battery.
	ModeCD EnergyMode = "cd"
	// ModeCS is charge-sustaining: the engine holds the SoC at the
	// profile's ChargeSustainSoC.
	ModeCS EnergyMode = "cs"
)

// State is the dynamic state of one vehicle. The zero value is not useful;
// start from Profile.NewState.
type State struct {
	SpeedMps  float64
	AccelMps2 float64 // achieved acceleration in the last step
	OdometerM float64
	SoC       float64 // 0..1
	FuelL     float64
	Mode      EnergyMode
	EngineOn  bool
	BatteryKW float64 // + discharging, - charging/regen, at this step
	RegenKW   float64 // power regenerated into the battery at this step
	// FrictionBrakeKW is the braking power the friction brakes dissipated
	// at this step.
	FrictionBrakeKW float64
	// GeneratorKW is the engine output at this step (generator electrical
	// output, or wheel power in PHEV direct drive).
	GeneratorKW float64
	// EnergyUsedKWh is the battery energy discharged so far; EnergyRegenKWh
	// the energy regenerated into it; FuelUsedL the fuel burnt.
	EnergyUsedKWh, EnergyRegenKWh, FuelUsedL float64
}

// Request is what the driver (or controller) asks of the powertrain for one
// step.
type Request struct {
	AccelMps2 float64 // desired acceleration: + traction, - braking
	GradePct  float64 // road grade in percent, + uphill
	// CabinKW is electrical power drawn by the cabin (climate, seat
	// heating) on top of the profile's base auxiliary load.
	CabinKW float64
}

// NewState returns a vehicle at rest with the given state of charge and
// fraction of a full fuel tank (both clamped to 0..1; fuel is ignored for a
// BEV). The mode follows the SoC.
func (p *Profile) NewState(soc, fuelFraction float64) State {
	s := State{SoC: clamp0(soc, 0, 1)}
	if p.HasFuel() {
		s.FuelL = clamp0(fuelFraction, 0, 1) * p.FuelTankL
	}
	p.updateMode(&s)
	return s
}

// clamp0 is clamp that maps NaN to lo.
func clamp0(x, lo, hi float64) float64 {
	if math.IsNaN(x) {
		return lo
	}
	return clamp(x, lo, hi)
}

// updateMode sets Mode and EngineOn from SoC and fuel.
// SetEnergy puts soc (0..1) in the battery and fuelFraction of a full
// tank in it (ignored without a tank), clamped, with the energy mode
// following the new charge: a simulator's control, not a physical flow.
func (p *Profile) SetEnergy(s *State, soc, fuelFraction float64) {
	s.SoC = clamp0(soc, 0, 1)
	if p.HasFuel() {
		s.FuelL = clamp0(fuelFraction, 0, 1) * p.FuelTankL
	}
	s.Mode = ""
	p.updateMode(s)
}

func (p *Profile) updateMode(s *State) {
	if !p.HasFuel() {
		s.Mode = ModeEV
		s.EngineOn = false
		return
	}
	switch {
	case s.Mode == ModeCS && s.SoC > p.ChargeSustainSoC+CSHysteresis:
		s.Mode = ModeCD
	case s.Mode != ModeCS && s.SoC <= p.ChargeSustainSoC:
		s.Mode = ModeCS
	case s.Mode == "":
		if s.SoC <= p.ChargeSustainSoC {
			s.Mode = ModeCS
		} else {
			s.Mode = ModeCD
		}
	}
}

// grade returns sin and cos of the road angle for a grade in percent.
func grade(pct float64) (sin, cos float64) {
	if !finite(pct) {
		return 0, 1
	}
	g := clamp(pct, -100, 100) / 100
	h := math.Sqrt(1 + g*g)
	return g / h, 1 / h
}

// resistance is the sum of aerodynamic drag, rolling resistance and grade
// force at speed v, in newtons (positive opposes forward motion).
func (p *Profile) resistance(v, sin, cos float64) float64 {
	m := p.TestMassKg()
	x := v / (100 / 3.6)
	crr := p.RollingCoeff * (1 + RollingSpeedCoeff*x*x)
	return 0.5*AirDensity*p.DragCd*p.FrontalAreaM2*v*v + crr*m*Gravity*cos + m*Gravity*sin
}

// gripForce is the most the driven tyres can push at speed v: μ times the
// weight on the driven axles, which the acceleration itself shifts to the
// rear (solved for the acceleration the force gives against resistance
// fRes).
func (p *Profile) gripForce(fRes float64) float64 {
	m := p.TestMassKg()
	me := m * RotationalMassFactor
	mu, k := p.TyreGrip, p.TyreGrip*m*CGHeightRatio/me // transfer per newton of net force
	switch p.Drive {
	case DriveRear:
		return math.Max((mu*m*Gravity*(1-FrontLoadShare)-k*fRes)/(1-k), 0)
	case DriveFront:
		return math.Max((mu*m*Gravity*FrontLoadShare+k*fRes)/(1+k), 0)
	}
	return mu * m * Gravity
}

// driveLossW is the drivetrain loss beyond DriveEfficiency at speed v and
// wheel power drive (W): spin losses growing with speed, load losses with
// the square of power.
func (p *Profile) driveLossW(v, drive float64) float64 {
	x := v / (100 / 3.6)
	loss := SpinLossKW * 1000 * p.Drive.motors() * x * x
	if drive > 0 {
		loss += LoadLossShare * drive * drive / (p.MaxPowerKW * 1000)
	}
	return loss
}

// tractionForceMax is the largest wheel force the motors and tyres can give
// at speed v with electrical power powerKW available at the motor input.
func (p *Profile) tractionForceMax(v, powerKW float64) float64 {
	f := p.MaxTorqueNm * p.GearRatio * GearEfficiency / p.WheelRadiusM
	if g := p.gripForce(p.resistance(v, 0, 1)); g < f {
		f = g
	}
	// the motors' rated shaft power, or what the battery bus can feed them
	pw := math.Min(powerKW*DriveEfficiency, p.MaxPowerKW*GearEfficiency) * 1000
	if pw <= 0 {
		return 0
	}
	if v > 0.5 {
		if pv := pw / v; pv < f {
			f = pv
		}
	} else if pv := pw / 0.5; pv < f {
		f = pv
	}
	return f
}

// availableKW is the electrical power the motors can draw now: the battery
// while it has charge, plus the generator while it runs with fuel.
func (p *Profile) availableKW(s *State) float64 {
	kw := 0.0
	if s.SoC > 0 {
		kw = p.MaxPowerKW / DriveEfficiency
	}
	if p.HasFuel() && s.FuelL > 0 && (s.Mode == ModeCS || p.Powertrain == PowertrainPHEV) {
		kw += p.GeneratorKW
	}
	return kw
}

// MaxTractionAccel is the largest acceleration the vehicle can reach on a
// flat road at the given speed with a charged battery (0 at top speed).
func (p *Profile) MaxTractionAccel(speedMps float64) float64 {
	v := math.Max(0, speedMps)
	if v >= p.MaxSpeedMps() {
		return 0
	}
	f := p.tractionForceMax(v, p.MaxPowerKW/DriveEfficiency)
	a := (f - p.resistance(v, 0, 1)) / (p.TestMassKg() * RotationalMassFactor)
	return math.Max(0, a)
}

// MaxBrakeDecel is the largest deceleration (positive, m/s²) full braking
// gives.
func (p *Profile) MaxBrakeDecel() float64 { return BrakeDecelMps2 }

// regenCapW is the regenerative braking power (at the wheel) allowed at
// state of charge soc (v is kept for a future speed-dependent limit).
func (p *Profile) regenCapW(v, soc float64) float64 {
	w := p.MaxRegenKW * 1000 / RegenEfficiency
	if soc > RegenFullSoC {
		w *= math.Max(0, (1-soc)/(1-RegenFullSoC))
	}
	return w
}

// Step advances the vehicle by dt seconds under req: the requested
// acceleration is clamped to the traction limits (torque, grip, power, top
// speed, available energy) and to the brake limit; braking is split into
// regeneration and friction; the speed never goes negative (the vehicle
// holds at rest, it does not roll back); energy, SoC, fuel and mode are
// updated. An EREV/PHEV runs its engine in charge-sustaining mode to hold
// the SoC at ChargeSustainSoC; a PHEV engine also drives the wheels directly
// at speed in CS and assists at high demand in CD. Step does not allocate.
func (p *Profile) Step(s *State, req Request, dt float64) {
	if !(dt > 0) || !finite(dt) {
		return
	}
	p.updateMode(s)
	v := s.SpeedMps
	if !finite(v) || v < 0 {
		v = 0
	}
	vmax := p.MaxSpeedMps()
	if v > vmax {
		v = vmax
	}
	a := req.AccelMps2
	if !finite(a) {
		a = 0
	}
	sin, cos := grade(req.GradePct)
	m := p.TestMassKg()
	me := m * RotationalMassFactor

	// Resistive force; at rest only the grade and only when trying to move.
	fRes := p.resistance(v, sin, cos)
	if v == 0 && a <= 0 {
		// Held at rest by the brakes.
		p.finishStep(s, 0, 0, 0, 0, req.CabinKW, dt)
		s.AccelMps2 = 0
		return
	}

	fWheel := me*a + fRes
	if fWheel > 0 {
		fMax := p.tractionForceMax(v, p.availableKW(s))
		if v >= vmax-1e-9 && fWheel > fRes {
			fWheel = math.Max(0, fRes)
		}
		if fWheel > fMax {
			fWheel = fMax
		}
	} else {
		// Braking force limited to full braking.
		if fb := -fWheel; fb > m*BrakeDecelMps2 {
			fWheel = -m * BrakeDecelMps2
		}
	}
	acc := (fWheel - fRes) / me
	vNew := v + acc*dt
	if vNew < 0 {
		vNew = 0
	}
	if vNew > vmax {
		vNew = vmax
	}
	acc = (vNew - v) / dt
	// Recompute the wheel force actually applied (stopping or top speed may
	// have shortened the step's acceleration).
	fWheel = me*acc + fRes
	vMean := 0.5 * (v + vNew)
	pWheel := fWheel * vMean // W, + traction, - braking
	s.SpeedMps = vNew
	s.AccelMps2 = acc
	s.OdometerM += vMean * dt

	var drive, regen, friction float64
	if pWheel >= 0 {
		drive = pWheel
	} else {
		brake := -pWheel
		regen = math.Min(brake, p.regenCapW(vMean, s.SoC))
		if vMean < RegenFadeMps {
			// Friction brakes blend in as the car comes to a stop.
			regen *= vMean / RegenFadeMps
		}
		friction = brake - regen
	}
	p.finishStep(s, drive, regen, friction, vMean, req.CabinKW, dt)
}

// finishStep settles the energy flows of one step: drive is the traction
// power at the wheel (W), regen the regenerative braking power at the wheel
// (W), friction the friction brake power (W).
func (p *Profile) finishStep(s *State, drive, regen, friction, v, cabinKW, dt float64) {
	aux := (p.AuxKW + math.Max(cabinKW, 0)) * 1000
	regenBat := regen * RegenEfficiency
	direct := 0.0 // wheel power the PHEV engine supplies directly
	fuelOK := p.HasFuel() && s.FuelL > 0
	if p.Powertrain == PowertrainPHEV && fuelOK && drive > 0 {
		gen := p.GeneratorKW * 1000
		switch {
		case s.Mode == ModeCS && v >= PHEVDirectDriveMps:
			direct = math.Min(drive, gen)
		case s.Mode == ModeCD && drive > PHEVAssistFraction*p.MaxPowerKW*1000:
			direct = math.Min(drive-PHEVAssistFraction*p.MaxPowerKW*1000, gen)
		}
	}
	elec := (drive-direct)/DriveEfficiency + p.driveLossW(v, drive-direct) + aux - regenBat // W at the battery bus

	genW := 0.0
	if fuelOK && s.Mode == ModeCS {
		// The generator follows the demand and pulls the SoC back to the
		// threshold with time constant SustainTimeS.
		want := elec + (p.ChargeSustainSoC-s.SoC)*p.batteryJ()/SustainTimeS
		genW = clamp(want, 0, p.GeneratorKW*1000-direct)
	}
	bat := elec - genW
	// Battery limits: it cannot go below empty or above full.
	capJ := p.batteryJ()
	if bat > 0 && bat*dt > s.SoC*capJ {
		bat = s.SoC * capJ / dt
	}
	if bat < 0 && -bat*dt > (1-s.SoC)*capJ {
		bat = -(1 - s.SoC) * capJ / dt
	}
	fuelL := (genW + direct*DirectDriveFuelFactor) * dt / 3.6e6 * p.FuelLPerKWh * FuelCycleFactor
	if fuelL > s.FuelL {
		fuelL = s.FuelL
	}

	s.SoC = clamp(s.SoC-bat*dt/capJ, 0, 1)
	s.FuelL = math.Max(0, s.FuelL-fuelL)
	s.FuelUsedL += fuelL
	s.BatteryKW = bat / 1000
	s.RegenKW = regenBat / 1000
	s.FrictionBrakeKW = friction / 1000
	s.GeneratorKW = (genW + direct) / 1000
	if bat > 0 {
		s.EnergyUsedKWh += bat * dt / 3.6e6
	}
	s.EnergyRegenKWh += regenBat * dt / 3.6e6
	p.updateMode(s)
	s.EngineOn = p.HasFuel() && s.FuelL > 0 && (s.Mode == ModeCS || direct > 0)
}

// TripKWhPer100Km is the average net battery energy of the trip so far
// (used minus regenerated) per 100 km; 0 before the car has moved. Callers
// decide how far the car must have gone for the figure to mean something.
func (s State) TripKWhPer100Km() float64 {
	if s.OdometerM <= 0 {
		return 0
	}
	return (s.EnergyUsedKWh - s.EnergyRegenKWh) / (s.OdometerM / 1000) * 100
}
