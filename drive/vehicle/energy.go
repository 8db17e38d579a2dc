package vehicle

import "math"

// curveKW is the DC charging curve interpolated at soc: linear between
// points, flat before the first, and falling linearly from the last point to
// zero at a full battery.
func (p *Profile) curveKW(soc float64) float64 {
	c := p.ChargeCurve
	if len(c) == 0 || soc >= 1 {
		return 0
	}
	if soc <= c[0].SoC {
		return c[0].KW
	}
	for i := 1; i < len(c); i++ {
		if soc <= c[i].SoC {
			a, b := c[i-1], c[i]
			return a.KW + (b.KW-a.KW)*(soc-a.SoC)/(b.SoC-a.SoC)
		}
	}
	last := c[len(c)-1]
	if last.SoC >= 1 {
		return last.KW
	}
	return last.KW * (1 - soc) / (1 - last.SoC)
}

// ChargePowerKW is the power the vehicle accepts at soc from a station
// rated stationKW: min(station, DC curve at soc), further limited to MaxACKW
// for AC stations (stationKW <= ACMaxStationKW) and to MaxDCKW. Zero at a
// full battery.
func (p *Profile) ChargePowerKW(soc, stationKW float64) float64 {
	if !(stationKW > 0) || !(soc < 1) || math.IsNaN(soc) {
		return 0
	}
	kw := math.Min(stationKW, p.curveKW(math.Max(0, soc)))
	if stationKW <= ACMaxStationKW {
		kw = math.Min(kw, p.MaxACKW)
	}
	kw = math.Min(kw, p.MaxDCKW)
	return math.Max(0, kw)
}

// chargeEfficiency is the share of the drawn power the cells keep at a
// station rated stationKW.
func chargeEfficiency(stationKW float64) float64 {
	if stationKW <= ACMaxStationKW {
		return ACChargeEfficiency
	}
	return DCChargeEfficiency
}

// ChargeStep charges a stationary vehicle for dt seconds at a station rated
// stationKW and returns the power drawn from the station in kW; the cells
// keep it times the charger efficiency (BatteryKW is that, negative). SoC
// rises and never exceeds 1. The vehicle's speed is set to zero.
func (p *Profile) ChargeStep(s *State, stationKW, dt float64) float64 {
	if !(dt > 0) || !finite(dt) {
		return 0
	}
	s.SpeedMps, s.AccelMps2 = 0, 0
	kw := p.ChargePowerKW(s.SoC, stationKW)
	eff := chargeEfficiency(stationKW)
	capJ := p.batteryJ()
	if room := (1 - s.SoC) * capJ / dt / 1000 / eff; kw > room {
		kw = room
	}
	s.SoC = clamp(s.SoC+kw*eff*1000*dt/capJ, 0, 1)
	s.BatteryKW = -kw * eff
	s.RegenKW, s.FrictionBrakeKW, s.GeneratorKW = 0, 0, 0
	p.updateMode(s)
	s.EngineOn = false
	return kw
}

// ChargeTimeS is the time in seconds to charge from fromSoC to toSoC at a
// station rated stationKW, integrating the charging curve (the same
// ChargePowerKW that ChargeStep uses). 0 when toSoC <= fromSoC; +Inf when
// the power is zero on the way (e.g. a 0 kW station).
func (p *Profile) ChargeTimeS(fromSoC, toSoC, stationKW float64) float64 {
	from, to := clamp0(fromSoC, 0, 1), clamp0(toSoC, 0, 1)
	if to <= from {
		return 0
	}
	const n = 2000
	h := (to - from) / n
	capKWs := p.BatteryKWh * 3600 // kW·s
	t := 0.0
	for i := 0; i < n; i++ {
		soc := from + (float64(i)+0.5)*h
		kw := p.ChargePowerKW(soc, stationKW) * chargeEfficiency(stationKW)
		if kw <= 0 {
			return math.Inf(1)
		}
		t += h * capKWs / kw
	}
	return t
}

// ConsumptionKWhPerKm is the steady-state battery energy per km at a
// constant speed on a flat road, including the auxiliary load, for route
// planning. Speeds below 5 km/h are taken as 5 km/h (the auxiliary load per
// km grows without bound at a crawl).
func (p *Profile) ConsumptionKWhPerKm(speedKmh float64) float64 {
	kmh := math.Max(5, speedKmh)
	if math.IsNaN(speedKmh) {
		kmh = 5
	}
	v := kmh / 3.6
	f := p.resistance(v, 0, 1) // N = J/m
	wheelKWhPerKm := f * 1000 / 3.6e6
	lossKWhPerKm := p.driveLossW(v, f*v) / 1000 / kmh
	auxKWhPerKm := p.AuxKW / kmh
	return wheelKWhPerKm/DriveEfficiency + lossKWhPerKm + auxKWhPerKm
}

// CLTCKWhPerKm is the claimed average battery consumption on the CLTC
// cycle: the electric-range energy divided by the CLTC electric range.
func (p *Profile) CLTCKWhPerKm() float64 {
	if p.CLTCElectricRangeKm <= 0 {
		return 0
	}
	return p.BatteryKWh * (1 - p.cdFloor()) / p.CLTCElectricRangeKm
}

// CLTCFuelLPerKm is the claimed charge-sustaining fuel use on the CLTC
// cycle: the tank divided by the range beyond the electric range. 0 for a
// BEV.
func (p *Profile) CLTCFuelLPerKm() float64 {
	if !p.HasFuel() || p.CLTCRangeKm <= p.CLTCElectricRangeKm {
		return 0
	}
	return p.FuelTankL / (p.CLTCRangeKm - p.CLTCElectricRangeKm)
}

// cdFloor is the SoC at which electric driving ends: 0 for a BEV, the
// charge-sustain threshold for an EREV/PHEV.
func (p *Profile) cdFloor() float64 {
	if p.HasFuel() {
		return p.ChargeSustainSoC
	}
	return 0
}

// RangeKm is the remaining range from state s, calibrated to the CLTC
// claims the way a car's range display is: electricKm on the battery down to
// the charge-sustain threshold (to empty for a BEV), totalKm adding the fuel
// at the CLTC charge-sustaining fuel use.
func (p *Profile) RangeKm(s State) (electricKm, totalKm float64) {
	if c := p.CLTCKWhPerKm(); c > 0 {
		e := math.Max(0, clamp0(s.SoC, 0, 1)-p.cdFloor()) * p.BatteryKWh
		electricKm = e / c
	}
	totalKm = electricKm
	if f := p.CLTCFuelLPerKm(); f > 0 && s.FuelL > 0 {
		totalKm += s.FuelL / f
	}
	return electricKm, totalKm
}

// RefuelTimeS is the duration of a fuel stop for an EREV/PHEV
// (RefuelSeconds); 0 for a BEV.
func (p *Profile) RefuelTimeS() float64 {
	if p.HasFuel() {
		return RefuelSeconds
	}
	return 0
}
