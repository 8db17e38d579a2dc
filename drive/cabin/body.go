package cabin

import (
	"strings"

	"github.com/nevsim/cockpit/drive/msg"
)

// WindowID names a window, the sunroof or its sunshade, with the voice
// schema's words (cabin.window "target").
type WindowID string

// Windows. WindowAll is the four side windows (not the sunroof).
const (
	WindowDriver    WindowID = "driver"
	WindowPassenger WindowID = "passenger"
	WindowRearLeft  WindowID = "rear_left"
	WindowRearRight WindowID = "rear_right"
	WindowAll       WindowID = "all"
	WindowSunroof   WindowID = "sunroof"
	WindowSunshade  WindowID = "sunshade"
)

// Window rules.
const (
	// VentPct is how far "vent" opens a side window or the sunshade: a
	// gap for fresh air without wind noise. 10 % is our choice; cars that
	// offer a one-touch "ventilate" (透气) leave a gap of a few centimetres.
	VentPct = 10
	// WindWarnKmh is the speed above which opening a window or the
	// sunroof warns (buffeting and noise; the command is still carried
	// out, because a driver may need air).
	WindWarnKmh = 120.0
)

// Windows is the state of the side windows, sunroof and sunshade.
type Windows struct {
	// Pos is how far each side window is open, 0..100 %, in the order of
	// Seats (driver, passenger, rear left, rear right).
	Pos [4]int
	// Sunroof is how far the glass has slid open, 0..100 %, and
	// SunroofTilted whether it is tilted up at the back instead ("vent").
	Sunroof       int
	SunroofTilted bool
	// Sunshade is how far the shade is open, 0..100 %.
	Sunshade int
	// ChildLock disables the rear window switches: only the driver (or the
	// central screen) can move the rear windows.
	ChildLock bool
}

// SetWindow opens or closes a window, the sunroof or the sunshade to
// OpenPct (0 closed .. 100 fully open, clamped). Vent, when true, replaces
// OpenPct: side windows and the shade open VentPct, the sunroof tilts. By is
// the seat of whoever asked (empty = the driver or central screen): with the
// child lock on, the rear seats cannot move the rear windows.
type SetWindow struct {
	Window  WindowID
	OpenPct int
	Vent    bool
	By      SeatID
}

// SetChildLock switches the rear-window child lock.
type SetChildLock struct{ On bool }

// LightTarget names a light, with the voice schema's words (cabin.lights
// "target"), plus the two fog lights separately for keys.
type LightTarget string

// Lights.
const (
	LightAmbient    LightTarget = "ambient"
	LightReading    LightTarget = "reading"
	LightHeadlights LightTarget = "headlights"
	LightHighBeam   LightTarget = "high_beam"
	// LightFog is both fog lights; LightFogFront and LightFogRear one each.
	LightFog      LightTarget = "fog"
	LightFogFront LightTarget = "fog_front"
	LightFogRear  LightTarget = "fog_rear"
	LightHazard   LightTarget = "hazard"
)

// HeadlightMode is the position of the light switch.
type HeadlightMode string

// Headlight modes: off, automatic (dipped beam when it is dark) and dipped
// beam on.
const (
	HeadlightsOff  HeadlightMode = "off"
	HeadlightsAuto HeadlightMode = "auto"
	HeadlightsLow  HeadlightMode = "low"
)

// Color is an ambient-light colour of the palette.
type Color struct {
	Name   string // English id, lowercase with underscores
	NameZH string
	Hex    string // VSS Color format "#RRGGBB"
}

// ColorByName finds a colour of the built-in palette by its English or
// Chinese name or hex code (see Catalog.Color). A State's own palette is
// State.Catalog().Palette.
func ColorByName(name string) (Color, bool) { return defaultCatalog.Color(name) }

// Lights is the state of the interior and exterior lights.
type Lights struct {
	Ambient bool
	// AmbientColor is the Name of a Palette colour.
	AmbientColor string
	// AmbientBrightness is 1..100 % (VSS Intensity).
	AmbientBrightness int
	// Reading lights, in the order of Seats.
	Reading    [4]bool
	Headlights HeadlightMode
	HighBeam   bool
	FogFront   bool
	FogRear    bool
	Hazard     bool
}

// SetLight switches a light. For LightAmbient, Color (a palette name, see
// ColorByName) and Brightness (1..100; 0 = unchanged) apply when On. For
// LightReading, Seat chooses the seat or group (empty = all). For
// LightHeadlights, On means dipped beam and off means off; SetHeadlights
// also offers auto.
type SetLight struct {
	Target     LightTarget
	Seat       SeatID
	On         bool
	Color      string
	Brightness int
}

// SetHeadlights sets the light switch.
type SetHeadlights struct{ Mode HeadlightMode }

// Doors is the central locking.
type Doors struct {
	Locked bool
	// AutoLock locks the doors once the car passes AutoLockKmh.
	AutoLock bool
}

// Door rules.
const (
	// AutoLockKmh is the speed-sensing auto-lock threshold; 15 km/h is a
	// common factory setting.
	AutoLockKmh = 15.0
	// StandstillKmh is the speed below which the car counts as standing
	// still for unlocking.
	StandstillKmh = 1.0
)

// SetDoorLock locks or unlocks every door. Unlocking is refused while the
// car moves.
type SetDoorLock struct{ Locked bool }

// SetAutoLock switches speed-sensing auto-lock.
type SetAutoLock struct{ On bool }

func (SetWindow) cabinCommand()     {}
func (SetChildLock) cabinCommand()  {}
func (SetLight) cabinCommand()      {}
func (SetHeadlights) cabinCommand() {}
func (SetDoorLock) cabinCommand()   {}
func (SetAutoLock) cabinCommand()   {}

// windowName is an argument naming a window in a sentence.
func windowName(id WindowID) msg.Arg { return msg.Term("window", "cabin.name.window."+string(id)) }

func knownWindow(id WindowID) bool {
	switch id {
	case WindowDriver, WindowPassenger, WindowRearLeft, WindowRearRight, WindowAll, WindowSunroof, WindowSunshade:
		return true
	}
	return false
}

func (a *applier) setWindow(c SetWindow) error {
	if !knownWindow(c.Window) {
		return refuse("cabin.say.refused.no_window", quoted("name", string(c.Window)))
	}
	w := &a.s.Windows
	pct := clampInt(c.OpenPct, 0, 100)
	var note msg.Msg
	if !c.Vent && pct != c.OpenPct {
		note = msg.New("cabin.say.note.window_range")
	}
	opening := false
	switch c.Window {
	case WindowSunroof:
		if c.Vent {
			opening = !w.SunroofTilted
			w.SunroofTilted, w.Sunroof = true, 0
			a.emit(EventWindow, string(c.Window), -100, msg.New("cabin.say.sunroof_tilted"))
		} else {
			opening = pct > w.Sunroof
			w.SunroofTilted, w.Sunroof = false, pct
			a.emitWindow(c.Window, pct, note)
		}
		if (w.SunroofTilted || w.Sunroof > 0) && w.Sunshade < 100 {
			w.Sunshade = 100
			a.emit(EventWindow, string(WindowSunshade), 100, msg.New("cabin.say.sunshade_with_roof"))
		}
	case WindowSunshade:
		if c.Vent {
			pct = VentPct
		}
		// The glass closes before the shade moves under it, and the
		// events say so in that order.
		if pct < 100 && (w.SunroofTilted || w.Sunroof > 0) {
			w.Sunroof, w.SunroofTilted = 0, false
			a.emit(EventWindow, string(WindowSunroof), 0, msg.New("cabin.say.sunroof_closed_first"))
		}
		w.Sunshade = pct
		a.emitWindow(c.Window, pct, note)
	default:
		if c.Vent {
			pct = VentPct
		}
		var m uint8 = 0b1111
		if c.Window != WindowAll {
			i, _ := SeatID(c.Window).Index()
			m = 1 << i
		}
		if w.ChildLock && (c.By == SeatRearLeft || c.By == SeatRearRight) && m&0b1100 != 0 {
			return refuse("cabin.say.refused.child_lock")
		}
		for i := range w.Pos {
			if m&(1<<i) != 0 {
				if pct > w.Pos[i] {
					opening = true
				}
				w.Pos[i] = pct
			}
		}
		a.emitWindow(c.Window, pct, note)
	}
	if opening && a.ctx.SpeedKmh > WindWarnKmh {
		a.emit(EventWarning, string(c.Window), a.ctx.SpeedKmh, msg.New("cabin.say.window_wind",
			msg.Num("kmh", a.ctx.SpeedKmh, 0), msg.Num("limit", WindWarnKmh, 0)))
	}
	return nil
}

func (a *applier) emitWindow(id WindowID, pct int, note msg.Msg) {
	switch pct {
	case 0:
		a.emit(EventWindow, string(id), 0, msg.New("cabin.say.window_closed", windowName(id), msg.Sub("note", note)))
	case 100:
		a.emit(EventWindow, string(id), 100, msg.New("cabin.say.window_open", windowName(id), msg.Sub("note", note)))
	default:
		a.emit(EventWindow, string(id), float64(pct), msg.New("cabin.say.window_partly", windowName(id), msg.Int("pct", pct), msg.Sub("note", note)))
	}
}

func (a *applier) setChildLock(on bool) error {
	a.s.Windows.ChildLock = on
	a.emit(EventChildLock, "rear_windows", b2f(on), msg.New("cabin.say.child_lock", onOff(on)))
	return nil
}

// lightName is an argument naming a light in a sentence.
func lightName(t LightTarget) msg.Arg { return msg.Term("light", "cabin.name.light."+string(t)) }

func knownLight(t LightTarget) bool {
	switch t {
	case LightAmbient, LightReading, LightHeadlights, LightHighBeam, LightFog, LightFogFront, LightFogRear, LightHazard:
		return true
	}
	return false
}

func (a *applier) setLight(c SetLight) error {
	if !knownLight(c.Target) {
		return refuse("cabin.say.refused.no_light", quoted("name", string(c.Target)))
	}
	l := &a.s.Lights
	switch c.Target {
	case LightAmbient:
		if !c.On {
			l.Ambient = false
			a.emit(EventLights, string(c.Target), 0, msg.New("cabin.say.ambient_off"))
			return nil
		}
		if c.Color != "" {
			col, ok := a.s.Catalog().Color(c.Color)
			if !ok {
				return refuse("cabin.say.refused.no_colour", quoted("name", c.Color))
			}
			l.AmbientColor = col.Name
		}
		if c.Brightness != 0 {
			l.AmbientBrightness = clampInt(c.Brightness, 1, 100)
		}
		l.Ambient = true
		col, _ := a.s.Catalog().Color(l.AmbientColor)
		a.emit(EventLights, string(c.Target), float64(l.AmbientBrightness), msg.New("cabin.say.ambient_on",
			msg.Names("colour", strings.ReplaceAll(col.Name, "_", " "), col.NameZH), msg.Int("pct", l.AmbientBrightness)))
		return nil
	case LightReading:
		target := c.Seat
		if target == "" {
			target = SeatAll
		}
		m, ok := target.mask()
		if !ok {
			return unknownSeat(target)
		}
		for i := range l.Reading {
			if m&(1<<i) != 0 {
				l.Reading[i] = c.On
			}
		}
		a.emit(EventLights, "reading."+string(target), b2f(c.On), msg.New("cabin.say.reading_light",
			msg.Term("seat", "cabin.name.reading."+string(target)), onOff(c.On)))
		return nil
	case LightHeadlights:
		if c.On {
			return a.setHeadlights(HeadlightsLow)
		}
		return a.setHeadlights(HeadlightsOff)
	case LightHazard:
		l.Hazard = c.On
		a.emit(EventLights, string(c.Target), b2f(c.On), msg.New("cabin.say.hazards", onOff(c.On)))
		return nil
	}
	// High beam and fog lights need the dipped beam (UN R48 allows the
	// rear fog lamp only with dipped, main or front fog lamps on); switch it
	// on for the driver rather than refuse.
	if c.On && !a.s.LowBeamOn {
		l.Headlights = HeadlightsLow
		a.s.LowBeamOn = true
		a.emit(EventLights, string(LightHeadlights), 1, msg.New("cabin.say.dipped_beam_for", lightName(c.Target)))
	}
	switch c.Target {
	case LightHighBeam:
		l.HighBeam = c.On
	case LightFog:
		l.FogFront, l.FogRear = c.On, c.On
	case LightFogFront:
		l.FogFront = c.On
	case LightFogRear:
		l.FogRear = c.On
	}
	a.emit(EventLights, string(c.Target), b2f(c.On), msg.New("cabin.say.light", lightName(c.Target), onOff(c.On)))
	return nil
}

func (a *applier) setHeadlights(m HeadlightMode) error {
	l := &a.s.Lights
	switch m {
	case HeadlightsOff, HeadlightsAuto, HeadlightsLow:
	default:
		return refuse("cabin.say.refused.no_headlight_mode", quoted("name", string(m)))
	}
	l.Headlights = m
	a.s.LowBeamOn = m == HeadlightsLow || (m == HeadlightsAuto && a.ctx.Night)
	switch m {
	case HeadlightsOff:
		a.emit(EventLights, string(LightHeadlights), 0, msg.New("cabin.say.headlights.off"))
	case HeadlightsAuto:
		a.emit(EventLights, string(LightHeadlights), b2f(a.s.LowBeamOn), msg.New("cabin.say.headlights.auto"))
	default:
		a.emit(EventLights, string(LightHeadlights), 1, msg.New("cabin.say.headlights.low"))
	}
	if !a.s.LowBeamOn {
		a.s.beamDependentsOff(&a.events, a.ctx.Now)
	}
	return nil
}

// beamDependentsOff switches off the high beam and fog lights, which may only
// burn with the dipped beam.
func (s *State) beamDependentsOff(evs *[]Event, now int64) {
	l := &s.Lights
	if l.HighBeam {
		l.HighBeam = false
		*evs = append(*evs, Event{At: now, Kind: EventLights, Subject: string(LightHighBeam), Msg: msg.New("cabin.say.high_beam_off_with_headlights")})
	}
	if l.FogFront || l.FogRear {
		l.FogFront, l.FogRear = false, false
		*evs = append(*evs, Event{At: now, Kind: EventLights, Subject: string(LightFog), Msg: msg.New("cabin.say.fog_off_with_headlights")})
	}
}

func (a *applier) setDoorLock(c SetDoorLock) error {
	if !c.Locked && a.ctx.SpeedKmh > StandstillKmh {
		return refuse("cabin.say.refused.unlock_moving")
	}
	a.s.Doors.Locked = c.Locked
	if c.Locked {
		a.emit(EventDoors, "lock", 1, msg.New("cabin.say.doors_locked"))
	} else {
		a.emit(EventDoors, "lock", 0, msg.New("cabin.say.doors_unlocked"))
	}
	return nil
}

// stepBody runs automatic headlights and speed-sensing door locks.
func (s *State) stepBody(ctx Context, evs []Event) []Event {
	if s.Lights.Headlights == HeadlightsAuto && s.LowBeamOn != ctx.Night {
		s.LowBeamOn = ctx.Night
		if ctx.Night {
			evs = append(evs, Event{At: ctx.Now, Kind: EventLights, Subject: string(LightHeadlights), Value: 1,
				Msg: msg.New("cabin.say.headlights.dark")})
		} else {
			evs = append(evs, Event{At: ctx.Now, Kind: EventLights, Subject: string(LightHeadlights),
				Msg: msg.New("cabin.say.headlights.light")})
			s.beamDependentsOff(&evs, ctx.Now)
		}
	}
	if s.Doors.AutoLock && !s.Doors.Locked && ctx.SpeedKmh > AutoLockKmh {
		s.Doors.Locked = true
		evs = append(evs, Event{At: ctx.Now, Kind: EventDoors, Subject: "lock", Value: 1,
			Msg: msg.New("cabin.say.doors_auto_locked", msg.Num("kmh", AutoLockKmh, 0))})
	}
	return evs
}
