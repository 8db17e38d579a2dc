// Package cabin is the cabin of the simulated car: seats, climate, windows,
// lights and doors, the commands that change them and the rules that govern
// them, in one place. Keys, voice and scenario scripts all change the cabin
// through the same commands, so a rule ("no seat heating on an empty seat")
// holds whichever of them asked.
//
// The cabin is plain data (State has no pointers, slices or maps), so a copy
// is a snapshot: Apply uses that to leave the state untouched when it refuses
// a command. Like the drive loop it reads no clock, starts no goroutine and
// does no I/O: time comes in through Context.Now (simulation milliseconds).
//
// Every value is published by its COVESA VSS v6.0 path through Signals, with
// a documented overlay (the "Cockpit." tree) for what VSS lacks; see
// docs/signals.md.
package cabin

import (
	"fmt"
	"math"
	"strconv"

	"github.com/nevsim/cockpit/drive/msg"
)

// SeatID names a seat, or a group of seats, with the words of the voice
// schema (shared/voice/SCHEMA.md, slot "seat"), so parsed intents map onto
// commands without translation.
type SeatID string

// The seats of a two-row, four-seat cabin, and the two groups the voice
// schema allows ("rear" = both rear seats, "all" = every seat).
const (
	SeatDriver    SeatID = "driver"
	SeatPassenger SeatID = "passenger"
	SeatRearLeft  SeatID = "rear_left"
	SeatRearRight SeatID = "rear_right"
	SeatRear      SeatID = "rear"
	SeatAll       SeatID = "all"
)

// Seats lists the four physical seats in the order of State.Seats.
var Seats = [4]SeatID{SeatDriver, SeatPassenger, SeatRearLeft, SeatRearRight}

// Index returns the position of a single seat in State.Seats; ok is false
// for groups and unknown names.
func (id SeatID) Index() (i int, ok bool) {
	switch id {
	case SeatDriver:
		return 0, true
	case SeatPassenger:
		return 1, true
	case SeatRearLeft:
		return 2, true
	case SeatRearRight:
		return 3, true
	}
	return -1, false
}

// mask returns the seats a target covers as a bit set (bit i = Seats[i]).
// A bit set rather than a slice keeps group commands allocation-free.
func (id SeatID) mask() (uint8, bool) {
	if i, ok := id.Index(); ok {
		return 1 << i, true
	}
	switch id {
	case SeatRear:
		return 0b1100, true
	case SeatAll:
		return 0b1111, true
	}
	return 0, false
}

// seatName is an argument naming seat id in a sentence ("the {seat}").
func seatName(arg string, id SeatID) msg.Arg { return msg.Term(arg, "cabin.name.seat."+string(id)) }

// Options sets up a cabin. The zero value is a car parked at 0 °C outside
// with only the driver aboard, climate off.
type Options struct {
	// OutsideTempC is the outside air temperature; the cabin starts at it
	// unless CabinTempC is given (a car that has been parked a while).
	OutsideTempC float64
	// CabinTempC, when not nil, is the starting cabin air temperature
	// (a preconditioned car).
	CabinTempC *float64
	// Occupied marks which seats have someone in them, in the order of
	// Seats. The driver's seat is always occupied at the start.
	Occupied [4]bool
	// Heater chooses how the climate heats, for the power estimate;
	// empty means HeatPump, which most current Chinese NEVs fit.
	Heater Heater
	// ClimateOn starts the drive with the climate running (in auto mode at
	// DefaultTempC), as a car that remembers its last climate setting.
	ClimateOn bool
	// Catalog is the programme, palette and seat-travel data; nil (or a
	// catalog missing programmes, colours or a part's travel) means
	// DefaultCatalog. Load an edited one with LoadCatalog.
	Catalog *Catalog
}

// Context is what the cabin needs to know about the rest of the car for one
// Apply or Step: its speed (for safety rules), the outside temperature (for
// the temperature model), whether it is dark (automatic headlights) and the
// simulation time in milliseconds (timers).
type Context struct {
	SpeedKmh     float64
	OutsideTempC float64
	Night        bool
	Now          int64
}

// State is the whole cabin. It is a value: copying it copies everything.
type State struct {
	Seats   [4]Seat
	Climate Climate
	Windows Windows
	Lights  Lights
	Doors   Doors
	// Memory holds the driver-seat memory profiles 1-3 (index 0 = profile 1).
	Memory [3]SeatMemory
	// CabinTempC is the cabin air temperature the model computes.
	CabinTempC float64
	// OutsideTempC is the outside temperature of the last Apply or Step.
	OutsideTempC float64
	// Heater is the heating technology the power estimate assumes.
	Heater Heater
	// Now is the simulation time of the last Apply or Step, in ms.
	Now int64
	// LowBeamOn says whether the dipped beam is lit: always in HeadlightsLow,
	// when it is dark in HeadlightsAuto. Step keeps it up to date.
	LowBeamOn bool

	catalog *Catalog
}

// Catalog returns the programmes, palette and seat travel this cabin uses.
// Callers must not modify it.
func (s *State) Catalog() *Catalog {
	if s.catalog == nil {
		return defaultCatalog
	}
	return s.catalog
}

// New returns a cabin set up by opts.
func New(opts Options) State {
	out := finite(opts.OutsideTempC, 0)
	s := State{
		CabinTempC:   out,
		OutsideTempC: out,
		Heater:       opts.Heater,
	}
	if opts.Catalog.complete() {
		s.catalog = opts.Catalog
	}
	cat := s.Catalog()
	if s.Heater == "" {
		s.Heater = HeatPump
	}
	if opts.CabinTempC != nil {
		s.CabinTempC = finite(*opts.CabinTempC, out)
	}
	for i := range s.Seats {
		s.Seats[i] = Seat{Occupied: opts.Occupied[i] || i == 0, Position: cat.DefaultPosition()}
	}
	s.Climate = Climate{
		Fan:          DefaultFan,
		Distribution: AirFaceFeet,
		Auto:         true,
		AC:           true,
		TempC:        [3]float64{DefaultTempC, DefaultTempC, DefaultTempC},
		ZoneOn:       [3]bool{true, true, true},
		On:           opts.ClimateOn,
	}
	s.Lights = Lights{Headlights: HeadlightsAuto, AmbientColor: cat.Palette[0].Name, AmbientBrightness: 60}
	s.Doors = Doors{AutoLock: true}
	return s
}

// Event is something the cabin did, stamped with simulation time. Kind says
// what (see the Event* constants); Subject names the seat, zone, window or
// light; Value carries the new level, temperature or percentage; Msg says
// it in one sentence (its keys are cabin.say.* in assets/ui), so the
// assistant can reply in either language.
type Event struct {
	At      int64
	Kind    string
	Subject string
	Value   float64
	Msg     msg.Msg
}

// Event kinds. They are dotted lowercase words like the drive loop's.
const (
	EventSeatHeat       = "seat.heat"
	EventSeatVentilate  = "seat.ventilate"
	EventSeatMassage    = "seat.massage"
	EventMassageEnded   = "seat.massage_ended"
	EventSeatAdjust     = "seat.adjust"
	EventSeatMemory     = "seat.memory"
	EventSeatOccupied   = "seat.occupied"
	EventClimatePower   = "climate.power"
	EventClimateAC      = "climate.ac"
	EventClimateTemp    = "climate.temp"
	EventClimateFan     = "climate.fan"
	EventClimateMode    = "climate.mode"
	EventClimateSync    = "climate.sync"
	EventClimateDefrost = "climate.defrost"
	EventClimateRecirc  = "climate.recirc"
	EventWindow         = "cabin.window"
	EventChildLock      = "cabin.child_lock"
	EventLights         = "cabin.lights"
	EventDoors          = "cabin.doors"
	// EventWarning is advice, not a refusal: the command was carried out
	// but the driver should know something (a window open at 130 km/h).
	EventWarning = "cabin.warning"
)

// Refusal is the error Apply returns when a rule forbids a command. The
// state is then unchanged. Msg is the reason for the driver, one sentence
// (a cabin.say.refused.* key).
type Refusal struct{ Msg msg.Msg }

// Error returns the reason as key and arguments, for logs; front ends
// render Msg.
func (r *Refusal) Error() string { return "cabin: " + r.Msg.String() }

// refuse builds a Refusal.
func refuse(key string, args ...msg.Arg) *Refusal { return &Refusal{Msg: msg.New(key, args...)} }

// quoted is a name the user gave, quoted and escaped as it came, for a
// refusal that it names nothing the car has.
func quoted(arg, s string) msg.Arg { return msg.Text(arg, strconv.Quote(s)) }

// Command is a request to change the cabin. The concrete types in this
// package are the only commands; the unexported method keeps it that way so
// Apply can handle every one of them.
type Command interface{ cabinCommand() }

// Apply carries out one command. It returns the events describing what
// changed (including changes the rules made, such as ventilation switched off
// when heating starts), or a *Refusal saying why not, in which case the state
// is exactly as before.
func (s *State) Apply(c Command, ctx Context) ([]Event, error) {
	before := *s
	s.Now = ctx.Now
	s.OutsideTempC = finite(ctx.OutsideTempC, s.OutsideTempC)
	a := applier{s: s, ctx: ctx}
	err := a.apply(c)
	if err != nil {
		*s = before
		return nil, err
	}
	return a.events, nil
}

// applier collects the events of one Apply.
type applier struct {
	s      *State
	ctx    Context
	events []Event
}

func (a *applier) emit(kind, subject string, value float64, said msg.Msg) {
	a.events = append(a.events, Event{At: a.ctx.Now, Kind: kind, Subject: subject, Value: value, Msg: said})
}

func (a *applier) apply(c Command) error {
	switch c := c.(type) {
	case SetSeatHeat:
		return a.setSeatHeat(c.Seat, c.Level, false, 0)
	case StepSeatHeat:
		return a.setSeatHeat(c.Seat, 0, true, c.Delta)
	case SetSeatVent:
		return a.setSeatVent(c.Seat, c.Level, false, 0)
	case StepSeatVent:
		return a.setSeatVent(c.Seat, 0, true, c.Delta)
	case SetMassage:
		return a.setMassage(c)
	case StepMassage:
		return a.stepMassage(c)
	case MoveSeat:
		return a.moveSeat(c)
	case SaveMemory:
		return a.saveMemory(c)
	case RecallMemory:
		return a.recallMemory(c)
	case SetOccupied:
		return a.setOccupied(c)
	case SetClimatePower:
		return a.setClimatePower(c)
	case SetAC:
		return a.setAC(c.On)
	case SetTemp:
		return a.setTemp(c.Zone, c.C, false)
	case StepTemp:
		return a.setTemp(c.Zone, c.DeltaC, true)
	case SetFan:
		return a.setFan(c.Level, false)
	case StepFan:
		return a.setFan(c.Delta, true)
	case SetAirMode:
		return a.setAirMode(c.Mode)
	case SetSync:
		return a.setSync(c.On)
	case SetDefrost:
		return a.setDefrost(c)
	case SetRecirc:
		return a.setRecirc(c.On)
	case SetWindow:
		return a.setWindow(c)
	case SetChildLock:
		return a.setChildLock(c.On)
	case SetLight:
		return a.setLight(c)
	case SetHeadlights:
		return a.setHeadlights(c.Mode)
	case SetDoorLock:
		return a.setDoorLock(c)
	case SetAutoLock:
		a.s.Doors.AutoLock = c.On
		a.emit(EventDoors, "auto_lock", b2f(c.On), msg.New("cabin.say.auto_lock", onOff(c.On)))
		return nil
	case nil:
		return refuse("cabin.say.refused.no_command")
	}
	return refuse("cabin.say.refused.unknown_command", msg.Text("command", fmt.Sprintf("%T", c)))
}

// Step advances the cabin by dtS seconds: timers (massage programmes, rear
// defrost), automatic climate and headlights, speed-sensing door locks and
// the cabin temperature. It returns the events of things the car did by
// itself, each with its reason; when nothing happens it returns nil without
// allocating, so an idle cabin costs the drive loop nothing.
func (s *State) Step(dtS float64, ctx Context) []Event {
	var evs []Event
	s.Now = ctx.Now
	s.OutsideTempC = finite(ctx.OutsideTempC, s.OutsideTempC)
	if !(dtS > 0) || math.IsInf(dtS, 0) {
		dtS = 0
	}
	evs = s.stepSeats(ctx, evs)
	evs = s.stepClimate(dtS, ctx, evs)
	evs = s.stepBody(ctx, evs)
	return evs
}

func finite(v, fallback float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fallback
	}
	return v
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func clampF(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// onOff is the {state} argument of a switch: "on" or "off" in words.
func onOff(on bool) msg.Arg {
	if on {
		return msg.Term("state", "cabin.name.on")
	}
	return msg.Term("state", "cabin.name.off")
}
