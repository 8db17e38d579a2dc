package sim

import (
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/route"
)

// DriverState is what the driver is doing with their body. The UI, scenario
// scripts and (later) driver monitoring all speak in these terms.
type DriverState struct {
	HandsOnWheel bool
	EyesOnRoad   bool
	BeltOn       bool
	Seated       bool
	// Phone is a non-driving task on the phone (the drills' distraction).
	Phone bool
	// EyesClosed is a drowsy or asleep driver (no availability evidence).
	EyesClosed bool
}

// AttentiveDriver is a driver seated, belted, hands on the wheel and eyes on
// the road: the state a drive starts in unless a scenario says otherwise.
var AttentiveDriver = DriverState{HandsOnWheel: true, EyesOnRoad: true, BeltOn: true, Seated: true}

// Control says who governs the car's speed.
type Control string

// Control modes.
const (
	// ControlAuto: the built-in driver model drives as a competent human
	// would: it keeps to limits, weather, traffic and the route, after its
	// reaction time. Headless scenario runs use it.
	ControlAuto Control = "auto"
	// ControlManual: the pedals in Inputs drive the car.
	ControlManual Control = "manual"
)

// Inputs is everything that enters the simulation in one step: the driver's
// pedals, steering requests and body state, and discrete commands from keys,
// voice or scenario scripts. The UI and the scenario runner build the same
// Inputs, so a drive behaves the same whichever drove it.
type Inputs struct {
	// Accel and Brake are pedal positions 0..1, used in ControlManual.
	// In ControlAuto a brake press above 0.1 overrides the driver model.
	Accel, Brake float64
	// LaneChange requests a lane change: -1 left, +1 right, 0 none. It is
	// an edge: send it for one step.
	LaneChange int
	// Steer is a steering input this step (the driver turning the wheel):
	// with hands on and eyes on the road, it takes over from automation.
	Steer bool
	// SteerTorqueNm is the driver's torque on the wheel; in a car park a
	// firm one (parking.Config.SteerAbortNm) stops the parking assist.
	// Steer counts as a deliberate 5 Nm there.
	SteerTorqueNm float64
	// Driver is the driver's body state; it is compared with the previous
	// step's to emit driver events.
	Driver DriverState
	// Commands are applied at the start of the step, in order.
	Commands []Command
}

// Command is a discrete request to the simulation. Each concrete type below
// is one command; unknown values are rejected with an event.
type Command interface{ command() }

// SetWeather changes the weather at the car. A zero VisibilityM takes the
// kind's default.
type SetWeather struct {
	Weather Weather
}

// SetTraffic scales the base traffic demand (1 = normal for the time of
// day, 0.5 light, 1.6 heavy).
type SetTraffic struct{ Scale float64 }

// SetNight forces night (true) or day (false) regardless of the clock;
// ClearNight returns to the clock.
type SetNight struct {
	Night bool
	Clear bool
}

// AddIncident places an incident AheadM metres ahead of the car on its
// route (or, for an emergency vehicle, starts one now). Duration 0 means it
// stays until the end of the drive.
type AddIncident struct {
	Kind        IncidentKind
	AheadM      float64
	LengthM     float64
	LimitKmh    float64
	LanesClosed int
	Duration    Millis
}

// CutIn makes a vehicle cut in ahead at a gap, slower than the car by
// SpeedDeltaKmh (positive = slower). Kind is "car" or "moped".
type CutIn struct {
	Kind          string
	GapM          float64
	SpeedDeltaKmh float64
}

// Navigate plans a route from the car's position to a place and starts
// guidance.
type Navigate struct {
	PlaceID string
	Options route.Options
}

// CancelRoute stops guidance; the car pulls over and stops.
type CancelRoute struct{}

// SetControl switches between the driver model and manual pedals.
type SetControl struct{ Control Control }

// CabinCommand changes the cabin: seats, climate, windows, lights, doors.
// A refusal (an empty seat, a rule at speed) becomes a command.rejected
// event carrying the reason in English and Chinese.
type CabinCommand struct{ Command cabin.Command }

// ChangeLane asks for a lane change (-1 left, +1 right), as the indicator
// stalk or a voice command does; the same as Inputs.LaneChange.
type ChangeLane struct{ Dir int }

// AddStop inserts a stop at a place before the destination (a charger, a
// coffee on the way); without a route it simply navigates there.
type AddStop struct{ PlaceID string }

// DriveMode is how the powertrain responds: eco softens and caps power,
// sport sharpens it.
type DriveMode string

// Drive modes.
const (
	DriveEco     DriveMode = "eco"
	DriveComfort DriveMode = "comfort"
	DriveSport   DriveMode = "sport"
)

// SetDriveMode switches the drive mode.
type SetDriveMode struct{ Mode DriveMode }

// SetEnergy changes the energy on board at once, a simulator's control (a
// trainer starting a low-battery exercise): SoCPct is the battery's state
// of charge and FuelPct the tank's level, each 0-100, or negative to keep
// it. A fuel level for a car without a tank is refused.
type SetEnergy struct {
	SoCPct, FuelPct float64
}

// SetParkingSafety switches the parking assist's safety functions and its
// fault injection at run time, as a scenario's parking: section does at
// the start (docs/parking.md, "Fault scenarios"): a designer shows the
// 2025 SU7 recall's late obstacle data mid-manoeuvre.
type SetParkingSafety struct{ Safety parking.Safety }

// SetClock moves the time of day to ClockS seconds after midnight (0 to
// 86400), a simulator's control: traffic and daylight follow the clock
// again (a forced night or day is cleared).
type SetClock struct{ ClockS float64 }

func (SetWeather) command()       {}
func (SetTraffic) command()       {}
func (SetNight) command()         {}
func (AddIncident) command()      {}
func (CutIn) command()            {}
func (Navigate) command()         {}
func (CancelRoute) command()      {}
func (SetControl) command()       {}
func (ChangeLane) command()       {}
func (CabinCommand) command()     {}
func (AddStop) command()          {}
func (SetDriveMode) command()     {}
func (SetEnergy) command()        {}
func (SetClock) command()         {}
func (SetParkingSafety) command() {}
