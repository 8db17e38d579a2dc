package signal

import (
	"math"
	"strings"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/sim"
)

// number is a parsed numeric value as a float64 (Parse gives an int for
// VSS integer types, a float64 for float and double).
func number(v any) float64 {
	switch v := v.(type) {
	case int:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

func cabinCmd(c cabin.Command) (Write, error) { return cmds(sim.CabinCommand{Command: c}) }

// cabinSetters are the writes of the cabin's actuators, by path.
func cabinSetters() map[string]func(any, *sim.State) (Write, error) {
	m := map[string]func(any, *sim.State) (Write, error){}
	for i, inst := range cabin.VSSSeats {
		seat := cabin.Seats[i]
		p := "Vehicle.Cabin.Seat." + inst
		m[p+".HeatingCooling"] = func(v any, st *sim.State) (Write, error) {
			pct := v.(int)
			switch {
			case pct > 0:
				return cabinCmd(cabin.SetSeatHeat{Seat: seat, Level: cabin.LevelOfPct(pct, cabin.MaxLevel)})
			case pct < 0:
				return cabinCmd(cabin.SetSeatVent{Seat: seat, Level: cabin.LevelOfPct(-pct, cabin.MaxLevel)})
			case st.Cabin.Seats[i].Vent > 0:
				return cabinCmd(cabin.SetSeatVent{Seat: seat})
			}
			return cabinCmd(cabin.SetSeatHeat{Seat: seat})
		}
		massageLevel := func(level int) (Write, error) {
			if level == 0 {
				return cabinCmd(cabin.SetMassage{Seat: seat, Mode: cabin.MassageStop})
			}
			return cabinCmd(cabin.SetMassage{Seat: seat, Level: level})
		}
		m[p+".Massage.Level"] = func(v any, _ *sim.State) (Write, error) {
			return massageLevel(cabin.LevelOfPct(v.(int), cabin.MaxLevel))
		}
		m[p+".Massage.TypeActive"] = func(v any, st *sim.State) (Write, error) {
			id := strings.TrimSpace(v.(string))
			if id == "" {
				return cabinCmd(cabin.SetMassage{Seat: seat, Mode: cabin.MassageStop})
			}
			for _, pr := range st.Cabin.Catalog().Programmes {
				if strings.EqualFold(pr.VSS, id) {
					return cabinCmd(cabin.SetMassage{Seat: seat, Mode: pr.Mode})
				}
			}
			var ids []string
			for _, pr := range st.Cabin.Catalog().Programmes {
				ids = append(ids, pr.VSS)
			}
			return Write{}, fail(ErrBadValue, p+".Massage.TypeActive", "expected one of %s (or \"\" to stop), got %q", strings.Join(ids, ", "), id)
		}
		move := func(path string, part cabin.SeatPart, more, less cabin.Direction, cur func(cabin.SeatPosition) int) {
			m[path] = func(v any, st *sim.State) (Write, error) {
				t, _ := st.Cabin.Catalog().PartTravel(part)
				target := int(math.Round(number(v)))
				if target < t.Min || target > t.Max {
					return Write{}, fail(ErrBadValue, path, "the seat's %s travels %d to %d, got %d", part, t.Min, t.Max, target)
				}
				delta := target - cur(st.Cabin.Seats[i].Position)
				steps := int(math.Round(math.Abs(float64(delta)) / float64(max(1, t.Step))))
				if steps == 0 {
					return Write{}, nil
				}
				dir := more
				if delta < 0 {
					dir = less
				}
				return cabinCmd(cabin.MoveSeat{Seat: seat, Part: part, Direction: dir, Steps: steps})
			}
		}
		move(p+".Position", cabin.PartPosition, cabin.Backward, cabin.Forward, func(s cabin.SeatPosition) int { return s.ForeAftMM })
		move(p+".Height", cabin.PartHeight, cabin.Up, cabin.Down, func(s cabin.SeatPosition) int { return s.HeightMM })
		move(p+".Backrest.Recline", cabin.PartBackrest, cabin.Recline, cabin.Upright, func(s cabin.SeatPosition) int { return s.ReclineDeg })
		move(p+".Backrest.LumbarSupport", cabin.PartLumbar, cabin.Forward, cabin.Backward, func(s cabin.SeatPosition) int { return s.LumbarPct })
		move(p+".Headrest.Height", cabin.PartHeadrest, cabin.Up, cabin.Down, func(s cabin.SeatPosition) int { return s.HeadrestMM })
		move(p+".Seating.Length", cabin.PartCushion, cabin.Forward, cabin.Backward, func(s cabin.SeatPosition) int { return s.CushionMM })

		o := "Cockpit.Cabin.Seat." + inst
		m[o+".HeatingLevel"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetSeatHeat{Seat: seat, Level: v.(int)})
		}
		m[o+".VentilationLevel"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetSeatVent{Seat: seat, Level: v.(int)})
		}
		m[o+".Massage.Program"] = func(v any, _ *sim.State) (Write, error) {
			mode := cabin.MassageMode(strings.ToLower(v.(string)))
			if mode == "" {
				mode = cabin.MassageStop
			}
			return cabinCmd(cabin.SetMassage{Seat: seat, Mode: mode})
		}
		m[o+".Massage.Intensity"] = func(v any, _ *sim.State) (Write, error) { return massageLevel(v.(int)) }

		d := "Vehicle.Cabin.Door." + inst
		window := cabin.WindowID(seat)
		m[d+".IsLocked"] = func(v any, _ *sim.State) (Write, error) { return cabinCmd(cabin.SetDoorLock{Locked: v.(bool)}) }
		m[d+".Window.Position"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetWindow{Window: window, OpenPct: v.(int), By: cabin.SeatDriver})
		}
		a := "Vehicle.Cabin.Light.AmbientLight." + inst
		m[a+".IsLightOn"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetLight{Target: cabin.LightAmbient, On: v.(bool)})
		}
		m[a+".Intensity"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetLight{Target: cabin.LightAmbient, On: true, Brightness: max(1, v.(int))})
		}
		m[a+".Color"] = func(v any, st *sim.State) (Write, error) {
			col, ok := st.Cabin.Catalog().Color(v.(string))
			if !ok {
				var hexes []string
				for _, c := range st.Cabin.Catalog().Palette {
					hexes = append(hexes, c.Hex)
				}
				return Write{}, fail(ErrBadValue, a+".Color", "the palette has %s; got %q", strings.Join(hexes, ", "), v)
			}
			return cabinCmd(cabin.SetLight{Target: cabin.LightAmbient, On: true, Color: col.Name})
		}
		m["Vehicle.Cabin.Light.Spotlight."+inst+".IsLightOn"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetLight{Target: cabin.LightReading, Seat: seat, On: v.(bool)})
		}
	}
	for i, inst := range cabin.VSSStations {
		zone := cabin.StationZones[i]
		p := "Vehicle.Cabin.HVAC.Station." + inst
		m[p+".Temperature"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetTemp{Zone: zone, C: v.(float64)})
		}
		m[p+".FanSpeed"] = func(v any, _ *sim.State) (Write, error) {
			pct := v.(int)
			if pct == 0 {
				return cabinCmd(cabin.SetClimatePower{Zone: zone})
			}
			return cabinCmd(cabin.SetFan{Level: max(cabin.MinFan, cabin.LevelOfPct(pct, cabin.MaxFan))})
		}
		m[p+".AirDistribution"] = func(v any, _ *sim.State) (Write, error) {
			mode := map[string]cabin.AirMode{"UP": cabin.AirWindshield, "MIDDLE": cabin.AirFace, "DOWN": cabin.AirFeet}[v.(string)]
			return cabinCmd(cabin.SetAirMode{Mode: mode})
		}
		m["Cockpit.Cabin.HVAC.Station."+inst+".IsOn"] = func(v any, _ *sim.State) (Write, error) {
			return cabinCmd(cabin.SetClimatePower{Zone: zone, On: v.(bool)})
		}
	}
	onOff := func(f func(bool) cabin.Command) func(any, *sim.State) (Write, error) {
		return func(v any, _ *sim.State) (Write, error) { return cabinCmd(f(v.(bool))) }
	}
	m["Vehicle.Cabin.HVAC.IsAirConditioningActive"] = onOff(func(on bool) cabin.Command { return cabin.SetAC{On: on} })
	m["Vehicle.Cabin.HVAC.IsRecirculationActive"] = onOff(func(on bool) cabin.Command { return cabin.SetRecirc{On: on} })
	m["Vehicle.Cabin.HVAC.IsFrontDefrosterActive"] = onOff(func(on bool) cabin.Command { return cabin.SetDefrost{Target: cabin.DefrostFront, On: on} })
	m["Vehicle.Cabin.HVAC.IsRearDefrosterActive"] = onOff(func(on bool) cabin.Command { return cabin.SetDefrost{Target: cabin.DefrostRear, On: on} })
	m["Cockpit.Cabin.HVAC.IsPowerOn"] = onOff(func(on bool) cabin.Command { return cabin.SetClimatePower{Zone: cabin.ZoneAll, On: on} })
	m["Cockpit.Cabin.HVAC.IsSyncMode"] = onOff(func(on bool) cabin.Command { return cabin.SetSync{On: on} })
	m["Cockpit.Cabin.HVAC.IsAutoMode"] = func(v any, st *sim.State) (Write, error) {
		if v.(bool) {
			return cabinCmd(cabin.SetAirMode{Mode: cabin.AirAuto})
		}
		return cabinCmd(cabin.SetAirMode{Mode: st.Cabin.Climate.Distribution})
	}
	m["Cockpit.Cabin.HVAC.FanLevel"] = func(v any, _ *sim.State) (Write, error) { return cabinCmd(cabin.SetFan{Level: v.(int)}) }
	m["Cockpit.Cabin.HVAC.AirMode"] = func(v any, _ *sim.State) (Write, error) {
		return cabinCmd(cabin.SetAirMode{Mode: cabin.AirMode(strings.ToLower(v.(string)))})
	}
	m["Vehicle.Cabin.IsWindowChildLockEngaged"] = onOff(func(on bool) cabin.Command { return cabin.SetChildLock{On: on} })
	m["Vehicle.Cabin.Sunroof.Position"] = func(v any, _ *sim.State) (Write, error) {
		if pct := v.(int); pct < 0 {
			return cabinCmd(cabin.SetWindow{Window: cabin.WindowSunroof, Vent: true, By: cabin.SeatDriver})
		}
		return cabinCmd(cabin.SetWindow{Window: cabin.WindowSunroof, OpenPct: v.(int), By: cabin.SeatDriver})
	}
	m["Vehicle.Cabin.Sunroof.Shade.Position"] = func(v any, _ *sim.State) (Write, error) {
		return cabinCmd(cabin.SetWindow{Window: cabin.WindowSunshade, OpenPct: v.(int), By: cabin.SeatDriver})
	}
	m["Cockpit.Cabin.Door.IsSpeedAutoLockEnabled"] = onOff(func(on bool) cabin.Command { return cabin.SetAutoLock{On: on} })
	m["Cockpit.Cabin.Light.AmbientLight.ColorName"] = func(v any, _ *sim.State) (Write, error) {
		return cabinCmd(cabin.SetLight{Target: cabin.LightAmbient, On: true, Color: strings.ToLower(v.(string))})
	}
	m["Vehicle.Body.Lights.LightSwitch"] = func(v any, _ *sim.State) (Write, error) {
		mode := map[string]cabin.HeadlightMode{"OFF": cabin.HeadlightsOff, "AUTO": cabin.HeadlightsAuto, "BEAM": cabin.HeadlightsLow}[v.(string)]
		return cabinCmd(cabin.SetHeadlights{Mode: mode})
	}
	m["Vehicle.Body.Lights.Beam.High.IsOn"] = onOff(func(on bool) cabin.Command { return cabin.SetLight{Target: cabin.LightHighBeam, On: on} })
	m["Vehicle.Body.Lights.Fog.Front.IsOn"] = onOff(func(on bool) cabin.Command { return cabin.SetLight{Target: cabin.LightFogFront, On: on} })
	m["Vehicle.Body.Lights.Fog.Rear.IsOn"] = onOff(func(on bool) cabin.Command { return cabin.SetLight{Target: cabin.LightFogRear, On: on} })
	m["Vehicle.Body.Lights.Hazard.IsSignaling"] = onOff(func(on bool) cabin.Command { return cabin.SetLight{Target: cabin.LightHazard, On: on} })
	return m
}
