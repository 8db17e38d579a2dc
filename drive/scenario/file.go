// Package scenario loads scenario files (YAML, see docs/scenarios.md), runs
// them headlessly on the drive loop with a scripted driver, and checks their
// expectations.
package scenario

// The raw file structure. Every field is a plain type so that decoding can
// report type mistakes with a position, and validation can then report
// meaning mistakes (unknown place, bad duration) at the field's line.

type fileScenario struct {
	Name        string          `yaml:"name"`
	NameZH      string          `yaml:"name_zh"`
	Description string          `yaml:"description"`
	Vehicle     string          `yaml:"vehicle"`
	Seed        *uint64         `yaml:"seed"`
	Map         string          `yaml:"map"`
	Start       fileStart       `yaml:"start"`
	Destination *fileRoute      `yaml:"destination"`
	Conditions  fileConditions  `yaml:"conditions"`
	Driver      fileDriver      `yaml:"driver"`
	Limit       string          `yaml:"limit"`
	Automation  *fileAutomation `yaml:"automation"`
	Drill       *fileDrill      `yaml:"drill"`
	Parking     *fileParking    `yaml:"parking"`
	Events      []fileEvent     `yaml:"events"`
	SignalsCSV  *fileSignalsCSV `yaml:"signals_csv"`
	Expect      []fileExpect    `yaml:"expect"`
}

// fileSignalsCSV imports a KUKSA CSV-provider file as timed signal writes.
type fileSignalsCSV struct {
	File string `yaml:"file"`
	At   string `yaml:"at"`
	// SkipSensors leaves out rows of sensors (a recording of a whole car
	// holds its speed, which the simulation computes) instead of refusing.
	SkipSensors bool `yaml:"skip_sensors"`
}

// fileSet writes an actuator, as a VISS client or the inspector does.
type fileSet struct {
	Signal string `yaml:"signal"`
	Value  any    `yaml:"value"`
}

type fileAutomation struct {
	Preset string `yaml:"preset"`
}

type fileDrill struct {
	Order int    `yaml:"order"`
	Level string `yaml:"level"`
}

type fileAutomationAction struct {
	Engage     string `yaml:"engage"`
	Disengage  bool   `yaml:"disengage"`
	Restart    bool   `yaml:"restart"`
	HazardsOff bool   `yaml:"hazards_off"`
	Fault      string `yaml:"fault"`
}

type fileDrillExpect struct {
	MinScore *float64 `yaml:"min_score"`
	MaxScore *float64 `yaml:"max_score"`
}

type fileStart struct {
	Place string   `yaml:"place"`
	Time  string   `yaml:"time"`
	SoC   *float64 `yaml:"soc"`
	Fuel  *float64 `yaml:"fuel"`
	// Passengers are the occupied seats besides the driver's.
	Passengers []string `yaml:"passengers"`
	Climate    string   `yaml:"climate"`
	// Parking starts the car inside a car park (docs/parking.md).
	Parking *fileStartParking `yaml:"parking"`
}

// The parking fields (docs/parking.md, "Scenario format").

type fileStartParking struct {
	Area       string   `yaml:"area"`
	X          *float64 `yaml:"x"`
	Y          *float64 `yaml:"y"`
	HeadingDeg *float64 `yaml:"heading_deg"`
	Slot       string   `yaml:"slot"`
	Nose       string   `yaml:"nose"`
}

// fileParking is parking.Config; omitted fields keep DefaultConfig.
type fileParking struct {
	SensorDelayS      *float64 `yaml:"sensor_delay_s"`
	PlausibilityCheck *bool    `yaml:"plausibility_check"`
	HoldToMove        *bool    `yaml:"hold_to_move"`
	RemoteRangeCheck  *bool    `yaml:"remote_range_check"`
	ManoeuvreSpeedKmh *float64 `yaml:"manoeuvre_speed_kmh"`
	RemoteRangeM      *float64 `yaml:"remote_range_m"`
	PauseTimeoutS     *float64 `yaml:"pause_timeout_s"`
}

type fileParkDrive struct {
	Aisle    string   `yaml:"aisle"`
	PastSlot string   `yaml:"past_slot"`
	GapM     *float64 `yaml:"gap_m"`
	PastM    *float64 `yaml:"past_m"`
	SpeedKmh *float64 `yaml:"speed_kmh"`
}

type filePedestrian struct {
	ID           string   `yaml:"id"`
	AheadOnPathM *float64 `yaml:"ahead_on_path_m"`
	X            *float64 `yaml:"x"`
	Y            *float64 `yaml:"y"`
	For          string   `yaml:"for"`
}

type filePhone struct {
	Command   string   `yaml:"command"`
	Held      *bool    `yaml:"held"`
	DistanceM *float64 `yaml:"distance_m"`
}

type fileRoute struct {
	Place         string   `yaml:"place"`
	Via           []string `yaml:"via"`
	Avoid         []string `yaml:"avoid"`
	Prefer        string   `yaml:"prefer"`
	ChargingStops *bool    `yaml:"charging_stops"`
}

type fileConditions struct {
	Weather     string   `yaml:"weather"`
	VisibilityM *float64 `yaml:"visibility_m"`
	Intensity   *float64 `yaml:"intensity"`
	Traffic     string   `yaml:"traffic"`
	Light       string   `yaml:"light"`
	TempC       *float64 `yaml:"temperature_c"`
}

type fileDriver struct {
	Control      string   `yaml:"control"`
	ReactionS    *float64 `yaml:"reaction_s"`
	Attention    string   `yaml:"attention"`
	HandsOnWheel *bool    `yaml:"hands_on_wheel"`
	EyesOnRoad   *bool    `yaml:"eyes_on_road"`
	BeltOn       *bool    `yaml:"belt_on"`
	Seated       *bool    `yaml:"seated"`
}

type fileEvent struct {
	// Exactly one trigger.
	At         string     `yaml:"at"`
	AtDistance string     `yaml:"at_distance"`
	AtPlace    string     `yaml:"at_place"`
	After      *fileAfter `yaml:"after"`

	// Exactly one action.
	Weather     *fileWeather          `yaml:"weather"`
	Traffic     string                `yaml:"traffic"`
	Light       string                `yaml:"light"`
	Incident    *fileIncident         `yaml:"incident"`
	CutIn       *fileCutIn            `yaml:"cut_in"`
	Obstacle    *fileObstacle         `yaml:"obstacle"`
	Driver      *fileAction           `yaml:"driver"`
	Navigate    *fileRoute            `yaml:"navigate"`
	CancelRoute bool                  `yaml:"cancel_route"`
	Say         string                `yaml:"say"`
	AutomationA *fileAutomationAction `yaml:"automation"`
	Note        string                `yaml:"note"`
	// Park is a word (search, confirm, cancel, pause, resume) or a
	// mapping ({select: 3}, {select_side: left}, {slot: "24"}), so it is
	// decoded loosely and checked by the loader.
	Park       any             `yaml:"park"`
	ParkDrive  *fileParkDrive  `yaml:"park_drive"`
	Pedestrian *filePedestrian `yaml:"pedestrian"`
	Phone      *filePhone      `yaml:"phone"`
	Set        *fileSet        `yaml:"set"`
	// SetMany writes several signals at once (one instant, in order).
	SetMany []fileSet `yaml:"sets"`
}

type fileAfter struct {
	Event   string `yaml:"event"`
	Subject string `yaml:"subject"`
	Delay   string `yaml:"delay"`
}

type fileWeather struct {
	Kind        string   `yaml:"kind"`
	VisibilityM *float64 `yaml:"visibility_m"`
	Intensity   *float64 `yaml:"intensity"`
}

type fileIncident struct {
	Kind        string   `yaml:"kind"`
	Ahead       string   `yaml:"ahead"`
	Length      string   `yaml:"length"`
	LimitKmh    *float64 `yaml:"limit_kmh"`
	LanesClosed int      `yaml:"lanes_closed"`
	Duration    string   `yaml:"duration"`
}

type fileCutIn struct {
	Kind      string   `yaml:"kind"`
	Gap       string   `yaml:"gap"`
	SlowerKmh *float64 `yaml:"slower_kmh"`
}

type fileObstacle struct {
	Kind     string   `yaml:"kind"`
	Gap      string   `yaml:"gap"`
	SpeedKmh *float64 `yaml:"speed_kmh"`
	For      string   `yaml:"for"`
}

type fileAction struct {
	HandsOnWheel *bool    `yaml:"hands_on_wheel"`
	EyesOnRoad   *bool    `yaml:"eyes_on_road"`
	BeltOn       *bool    `yaml:"belt_on"`
	Seated       *bool    `yaml:"seated"`
	Control      string   `yaml:"control"`
	Brake        *float64 `yaml:"brake"`
	Accel        *float64 `yaml:"accel"`
	For          string   `yaml:"for"`
	LaneChange   string   `yaml:"lane_change"`
	Phone        *bool    `yaml:"phone"`
	EyesClosed   *bool    `yaml:"eyes_closed"`
	Steer        *bool    `yaml:"steer"`
	MirrorCheck  bool     `yaml:"mirror_check"`
	Indicator    string   `yaml:"indicator"`
	SteerNm      *float64 `yaml:"steer_nm"`
}

type fileExpect struct {
	Event   string           `yaml:"event"`
	Never   string           `yaml:"never"`
	Subject string           `yaml:"subject"`
	Between []string         `yaml:"between"`
	After   string           `yaml:"after"`
	Within  string           `yaml:"within"`
	Count   *int             `yaml:"count"`
	End     *fileEnd         `yaml:"end"`
	Speed   *fileSpeed       `yaml:"speed"`
	Drill   *fileDrillExpect `yaml:"drill"`
}

type fileSpeed struct {
	MaxKmh  *float64 `yaml:"max_kmh"`
	MinKmh  *float64 `yaml:"min_kmh"`
	Between []string `yaml:"between"`
}

type fileEnd struct {
	Arrived     *bool    `yaml:"arrived"`
	Crashed     *bool    `yaml:"crashed"`
	Stranded    *bool    `yaml:"stranded"`
	Place       string   `yaml:"place"`
	SoCMin      *float64 `yaml:"soc_min"`
	SoCMax      *float64 `yaml:"soc_max"`
	FuelMin     *float64 `yaml:"fuel_min"`
	SpeedMaxKmh *float64 `yaml:"speed_max_kmh"`
	DistanceMin string   `yaml:"distance_min"`
	DistanceMax string   `yaml:"distance_max"`
	TimeMax     string   `yaml:"time_max"`
	TimeMin     string   `yaml:"time_min"`
	MinTTCS     *float64 `yaml:"min_ttc_s"`
	MaxDecel    *float64 `yaml:"max_decel"`
	// Parking is the parking assist's state, Gear "P", "D" or "R".
	Parking      string `yaml:"parking"`
	Gear         string `yaml:"gear"`
	ParkingBrake *bool  `yaml:"parking_brake"`
}
