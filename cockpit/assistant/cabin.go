package assistant

import (
	"strconv"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

// cabinCommands turns a resolved seat, climate, window or lights intent
// into cabin commands (docs/signals.md, "Voice intents → commands"). ok is
// false when the intent is not a cabin one or lacks what it needs.
func cabinCommands(c voice.Command, zone string) (cmds []cabin.Command, ok bool) {
	str := func(k string) string { v, _ := c.Slots[k].(string); return v }
	num := func(k string) (float64, bool) {
		switch v := c.Slots[k].(type) {
		case int:
			return float64(v), true
		case float64:
			return v, true
		case string:
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
		return 0, false
	}
	level := func() (int, bool) { n, ok := num("level"); return int(n), ok }
	seat := cabin.SeatID(str("seat"))
	if seat == "" {
		seat = cabin.SeatID(zone)
	}
	action := str("action")
	one := func(cmd cabin.Command) ([]cabin.Command, bool) { return []cabin.Command{cmd}, true }

	switch c.Intent {
	case voice.IntentSeatHeat, voice.IntentSeatVentilate:
		set := func(l int) cabin.Command {
			if c.Intent == voice.IntentSeatHeat {
				return cabin.SetSeatHeat{Seat: seat, Level: l}
			}
			return cabin.SetSeatVent{Seat: seat, Level: l}
		}
		step := func(d int) cabin.Command {
			if c.Intent == voice.IntentSeatHeat {
				return cabin.StepSeatHeat{Seat: seat, Delta: d}
			}
			return cabin.StepSeatVent{Seat: seat, Delta: d}
		}
		if l, has := level(); has {
			return one(set(l))
		}
		switch action {
		case "off":
			return one(set(0))
		case "up":
			return one(step(1))
		case "down":
			return one(step(-1))
		}
		return one(set(cabin.DefaultLevel))
	case voice.IntentSeatMassage:
		mode := cabin.MassageMode(str("mode"))
		l, _ := level()
		switch action {
		case "off":
			return one(cabin.SetMassage{Seat: seat, Mode: cabin.MassageStop})
		case "up":
			return one(cabin.StepMassage{Seat: seat, Delta: 1})
		case "down":
			return one(cabin.StepMassage{Seat: seat, Delta: -1})
		}
		if _, has := level(); has && l == 0 {
			return one(cabin.SetMassage{Seat: seat, Mode: cabin.MassageStop})
		}
		return one(cabin.SetMassage{Seat: seat, Mode: mode, Level: l})
	case voice.IntentSeatAdjust:
		if str("direction") == "" {
			return nil, false
		}
		part := cabin.SeatPart(str("part"))
		if part == "" {
			part = cabin.SeatPart("position")
		}
		return one(cabin.MoveSeat{Seat: seat, Part: part, Direction: cabin.Direction(str("direction")), Steps: 1})
	case voice.IntentSeatMemory:
		p, err := strconv.Atoi(str("profile"))
		if err != nil {
			n, has := num("profile")
			if !has {
				return nil, false
			}
			p = int(n)
		}
		if action == "save" {
			return one(cabin.SaveMemory{Profile: p})
		}
		return one(cabin.RecallMemory{Profile: p})
	case voice.IntentClimatePower:
		return one(cabin.SetClimatePower{On: action != "off", Zone: cabin.Zone(str("zone"))})
	case voice.IntentClimateAc:
		return one(cabin.SetAC{On: action != "off"})
	case voice.IntentClimateTemp:
		zone := cabin.Zone(str("zone"))
		if v, has := num("value"); has {
			return one(cabin.SetTemp{Zone: zone, C: v})
		}
		switch action {
		case "up":
			return one(cabin.StepTemp{Zone: zone, DeltaC: cabin.TempNudgeC})
		case "down":
			return one(cabin.StepTemp{Zone: zone, DeltaC: -cabin.TempNudgeC})
		}
		return nil, false
	case voice.IntentClimateFan:
		if l, has := level(); has {
			return one(cabin.SetFan{Level: l})
		}
		switch action {
		case "up":
			return one(cabin.StepFan{Delta: 1})
		case "down":
			return one(cabin.StepFan{Delta: -1})
		case "off":
			return one(cabin.SetClimatePower{On: false})
		}
		return one(cabin.SetClimatePower{On: true})
	case voice.IntentClimateMode:
		if str("mode") == "" {
			return nil, false
		}
		return one(cabin.SetAirMode{Mode: cabin.AirMode(str("mode"))})
	case voice.IntentClimateDefrost:
		target := cabin.DefrostTarget(str("target"))
		if target == "" {
			target = cabin.DefrostTarget("front")
		}
		return one(cabin.SetDefrost{Target: target, On: action != "off"})
	case voice.IntentClimateRecirc:
		return one(cabin.SetRecirc{On: action != "off"})
	case voice.IntentCabinWindow:
		w := cabin.SetWindow{Window: cabin.WindowID(str("target")), By: cabin.SeatID(zone)}
		if w.Window == "" {
			w.Window = cabin.WindowID(zone)
		}
		switch action {
		case "close":
			w.OpenPct = 0
		case "vent":
			w.Vent = true
		default:
			w.OpenPct = 100
			if a, has := num("amount"); has {
				w.OpenPct = int(a)
			}
		}
		return one(w)
	case voice.IntentCabinLights:
		target := cabin.LightTarget(str("target"))
		if target == "" {
			target = cabin.LightTarget("ambient")
		}
		return one(cabin.SetLight{Target: target, Seat: cabin.SeatID(zone), On: action != "off", Color: str("color")})
	}
	return nil, false
}

// wrap makes cabin commands drive-loop commands.
func wrap(cmds []cabin.Command) []sim.Command {
	out := make([]sim.Command, len(cmds))
	for i, c := range cmds {
		out[i] = sim.CabinCommand{Command: c}
	}
	return out
}
