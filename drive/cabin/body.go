package cabin

import (
	"fmt"
	"strings"
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

// Palette is the built-in ambient-light colours (DefaultCatalog). Chinese NEVs
// advertise "64-colour" or "256-colour" ambient lighting, but people ask for
// colours by name, so the palette holds the names they use.
var Palette = []Color{
	{"white", "白色", "#FFFFFF"},
	{"warm_white", "暖白", "#FFE4B5"},
	{"red", "红色", "#FF2A2A"},
	{"orange", "橙色", "#FF8C00"},
	{"amber", "琥珀色", "#FFBF00"},
	{"yellow", "黄色", "#FFE600"},
	{"green", "绿色", "#2ECC40"},
	{"cyan", "青色", "#00E5FF"},
	{"ice_blue", "冰蓝", "#A8E6FF"},
	{"blue", "蓝色", "#1E6BFF"},
	{"purple", "紫色", "#9B30FF"},
	{"pink", "粉色", "#FF5FA2"},
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

var windowNames = map[WindowID][2]string{
	WindowDriver:    {"driver's window", "主驾车窗"},
	WindowPassenger: {"passenger window", "副驾车窗"},
	WindowRearLeft:  {"rear left window", "左后车窗"},
	WindowRearRight: {"rear right window", "右后车窗"},
	WindowAll:       {"windows", "全部车窗"},
	WindowSunroof:   {"sunroof", "天窗"},
	WindowSunshade:  {"sunshade", "遮阳帘"},
}

func (a *applier) setWindow(c SetWindow) error {
	names, ok := windowNames[c.Window]
	if !ok {
		return refuse("There is no window called %q.", "没有名为 %q 的车窗。", string(c.Window))
	}
	w := &a.s.Windows
	pct := clampInt(c.OpenPct, 0, 100)
	note, noteZH := "", ""
	if !c.Vent && pct != c.OpenPct {
		note, noteZH = " (0 to 100 %)", "（范围 0-100%）"
	}
	opening := false
	switch c.Window {
	case WindowSunroof:
		if c.Vent {
			opening = !w.SunroofTilted
			w.SunroofTilted, w.Sunroof = true, 0
			a.emit(EventWindow, string(c.Window), -100, "Sunroof tilted open.", "天窗已起翘。")
		} else {
			opening = pct > w.Sunroof
			w.SunroofTilted, w.Sunroof = false, pct
			a.emitWindow(c.Window, names, pct, note, noteZH)
		}
		if (w.SunroofTilted || w.Sunroof > 0) && w.Sunshade < 100 {
			w.Sunshade = 100
			a.emit(EventWindow, string(WindowSunshade), 100, "Sunshade opened fully with the sunroof.", "遮阳帘随天窗全开。")
		}
	case WindowSunshade:
		if c.Vent {
			pct = VentPct
		}
		w.Sunshade = pct
		a.emitWindow(c.Window, names, pct, note, noteZH)
		if pct < 100 && (w.SunroofTilted || w.Sunroof > 0) {
			w.Sunroof, w.SunroofTilted = 0, false
			a.emit(EventWindow, string(WindowSunroof), 0, "Sunroof closed first: the shade cannot close under open glass.", "天窗已先关闭：遮阳帘不能在天窗打开时关闭。")
		}
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
			return refuse("The child lock is on: only the driver can move the rear windows.", "儿童锁已开启：后排车窗只能由主驾控制。")
		}
		for i := range w.Pos {
			if m&(1<<i) != 0 {
				if pct > w.Pos[i] {
					opening = true
				}
				w.Pos[i] = pct
			}
		}
		a.emitWindow(c.Window, names, pct, note, noteZH)
	}
	if opening && a.ctx.SpeedKmh > WindWarnKmh {
		a.emit(EventWarning, string(c.Window), a.ctx.SpeedKmh,
			fmt.Sprintf("Open at %.0f km/h: expect wind noise and buffeting above %.0f km/h.", a.ctx.SpeedKmh, WindWarnKmh),
			fmt.Sprintf("车速 %.0f 公里/小时开窗：超过 %.0f 公里/小时会有明显风噪和风振。", a.ctx.SpeedKmh, WindWarnKmh))
	}
	return nil
}

func (a *applier) emitWindow(id WindowID, names [2]string, pct int, note, noteZH string) {
	switch pct {
	case 0:
		a.emit(EventWindow, string(id), 0, capital(names[0])+" closed"+note+".", names[1]+"已关闭"+noteZH+"。")
	case 100:
		a.emit(EventWindow, string(id), 100, capital(names[0])+" fully open"+note+".", names[1]+"已全开"+noteZH+"。")
	default:
		a.emit(EventWindow, string(id), float64(pct), fmt.Sprintf("%s %d %% open%s.", capital(names[0]), pct, note),
			fmt.Sprintf("%s已打开 %d%%%s。", names[1], pct, noteZH))
	}
}

func (a *applier) setChildLock(on bool) error {
	a.s.Windows.ChildLock = on
	a.emit(EventChildLock, "rear_windows", b2f(on), "Rear window child lock "+onOff(on)+".", "后排车窗儿童锁已"+onOffZH(on)+"。")
	return nil
}

var lightNames = map[LightTarget][2]string{
	LightAmbient:    {"ambient lighting", "氛围灯"},
	LightReading:    {"reading light", "阅读灯"},
	LightHeadlights: {"headlights", "大灯"},
	LightHighBeam:   {"high beam", "远光灯"},
	LightFog:        {"fog lights", "雾灯"},
	LightFogFront:   {"front fog lights", "前雾灯"},
	LightFogRear:    {"rear fog light", "后雾灯"},
	LightHazard:     {"hazard lights", "双闪"},
}

func (a *applier) setLight(c SetLight) error {
	names, ok := lightNames[c.Target]
	if !ok {
		return refuse("There is no light called %q.", "没有名为 %q 的灯。", string(c.Target))
	}
	l := &a.s.Lights
	switch c.Target {
	case LightAmbient:
		if !c.On {
			l.Ambient = false
			a.emit(EventLights, string(c.Target), 0, "Ambient lighting off.", "氛围灯已关闭。")
			return nil
		}
		if c.Color != "" {
			col, ok := a.s.Catalog().Color(c.Color)
			if !ok {
				return refuse("The ambient lighting has no colour %q.", "氛围灯没有 %q 这个颜色。", c.Color)
			}
			l.AmbientColor = col.Name
		}
		if c.Brightness != 0 {
			l.AmbientBrightness = clampInt(c.Brightness, 1, 100)
		}
		l.Ambient = true
		col, _ := a.s.Catalog().Color(l.AmbientColor)
		a.emit(EventLights, string(c.Target), float64(l.AmbientBrightness),
			fmt.Sprintf("Ambient lighting on: %s at %d %%.", strings.ReplaceAll(col.Name, "_", " "), l.AmbientBrightness),
			fmt.Sprintf("氛围灯已开启：%s，亮度 %d%%。", col.NameZH, l.AmbientBrightness))
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
		a.emit(EventLights, "reading."+string(target), b2f(c.On),
			fmt.Sprintf("Reading light at the %s %s.", target.Name(), onOff(c.On)),
			fmt.Sprintf("%s阅读灯已%s。", strings.TrimSuffix(target.NameZH(), "座椅"), onOffZH(c.On)))
		return nil
	case LightHeadlights:
		if c.On {
			return a.setHeadlights(HeadlightsLow)
		}
		return a.setHeadlights(HeadlightsOff)
	case LightHazard:
		l.Hazard = c.On
		a.emit(EventLights, string(c.Target), b2f(c.On), "Hazard lights "+onOff(c.On)+".", "双闪已"+onOffZH(c.On)+"。")
		return nil
	}
	// High beam and fog lights need the dipped beam (UN R48 allows the
	// rear fog lamp only with dipped, main or front fog lamps on); switch it
	// on for the driver rather than refuse.
	if c.On && !a.s.LowBeamOn {
		l.Headlights = HeadlightsLow
		a.s.LowBeamOn = true
		a.emit(EventLights, string(LightHeadlights), 1, "Headlights on (dipped beam), needed for the "+names[0]+".", "大灯已打开（近光）："+names[1]+"需要近光灯。")
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
	a.emit(EventLights, string(c.Target), b2f(c.On), capital(names[0])+" "+onOff(c.On)+".", names[1]+"已"+onOffZH(c.On)+"。")
	return nil
}

func (a *applier) setHeadlights(m HeadlightMode) error {
	l := &a.s.Lights
	switch m {
	case HeadlightsOff, HeadlightsAuto, HeadlightsLow:
	default:
		return refuse("The light switch has no position %q: choose off, auto or low.", "大灯没有 %q 档：可选关闭、自动或近光。", string(m))
	}
	l.Headlights = m
	a.s.LowBeamOn = m == HeadlightsLow || (m == HeadlightsAuto && a.ctx.Night)
	switch m {
	case HeadlightsOff:
		a.emit(EventLights, string(LightHeadlights), 0, "Headlights off.", "大灯已关闭。")
	case HeadlightsAuto:
		a.emit(EventLights, string(LightHeadlights), b2f(a.s.LowBeamOn), "Headlights on automatic.", "大灯已设为自动。")
	default:
		a.emit(EventLights, string(LightHeadlights), 1, "Headlights on (dipped beam).", "近光灯已打开。")
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
		*evs = append(*evs, Event{At: now, Kind: EventLights, Subject: string(LightHighBeam), Text: "High beam off: the headlights are off.", TextZH: "远光灯已关闭：大灯已关。"})
	}
	if l.FogFront || l.FogRear {
		l.FogFront, l.FogRear = false, false
		*evs = append(*evs, Event{At: now, Kind: EventLights, Subject: string(LightFog), Text: "Fog lights off: the headlights are off.", TextZH: "雾灯已关闭：大灯已关。"})
	}
}

func (a *applier) setDoorLock(c SetDoorLock) error {
	if !c.Locked && a.ctx.SpeedKmh > StandstillKmh {
		return refuse("The doors unlock only when the car has stopped.", "车辆停稳后才能解锁车门。")
	}
	a.s.Doors.Locked = c.Locked
	if c.Locked {
		a.emit(EventDoors, "lock", 1, "Doors locked.", "车门已上锁。")
	} else {
		a.emit(EventDoors, "lock", 0, "Doors unlocked.", "车门已解锁。")
	}
	return nil
}

// stepBody runs automatic headlights and speed-sensing door locks.
func (s *State) stepBody(ctx Context, evs []Event) []Event {
	if s.Lights.Headlights == HeadlightsAuto && s.LowBeamOn != ctx.Night {
		s.LowBeamOn = ctx.Night
		if ctx.Night {
			evs = append(evs, Event{At: ctx.Now, Kind: EventLights, Subject: string(LightHeadlights), Value: 1,
				Text: "Headlights on: it is dark.", TextZH: "天黑了，大灯已自动打开。"})
		} else {
			evs = append(evs, Event{At: ctx.Now, Kind: EventLights, Subject: string(LightHeadlights),
				Text: "Headlights off: it is light again.", TextZH: "天亮了，大灯已自动关闭。"})
			s.beamDependentsOff(&evs, ctx.Now)
		}
	}
	if s.Doors.AutoLock && !s.Doors.Locked && ctx.SpeedKmh > AutoLockKmh {
		s.Doors.Locked = true
		evs = append(evs, Event{At: ctx.Now, Kind: EventDoors, Subject: "lock", Value: 1,
			Text:   fmt.Sprintf("Doors locked: the car is above %.0f km/h.", AutoLockKmh),
			TextZH: fmt.Sprintf("车速超过 %.0f 公里/小时，车门已自动上锁。", AutoLockKmh)})
	}
	return evs
}
