package scenario

import (
	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/drive/sim"
)

// MaxDuration bounds every duration of a scenario file (limit, at, an
// after's delay, the for of an action, the duration of an incident, a
// window's ends): a day is longer than any drive the map holds, and a
// `limit: 100000h` would otherwise keep `cockpit run` busy for most of an
// hour on a drive that never arrives.
const MaxDuration = sim.Millis(24 * 3600 * 1000)

// MaxDistanceM bounds every distance of a scenario file (at_distance,
// ahead, length, gap, distance_min/max): 1000 km, more than any drive.
const MaxDistanceM = 1e6

// numberRanges is the one table of every numeric field of a scenario file
// and the values it may take, keyed by its path with [] for each index.
// The loader checks every number the file holds against it before anything
// else, so NaN, ±Inf and out-of-range values are refused the same way with
// the range named; TestEveryNumberHasARange fails on a numeric field of
// fileScenario missing here. docs/scenarios.md lists the same ranges.
var numberRanges = map[string]datacheck.Range{
	"start.soc":                 {Min: 0, Max: 100, Unit: "%"},
	"start.fuel":                {Min: 0, Max: 100, Unit: "%"},
	"start.parking.x":           {Min: -1000, Max: 1000, Unit: "m"},
	"start.parking.y":           {Min: -1000, Max: 1000, Unit: "m"},
	"start.parking.heading_deg": {Min: -360, Max: 360, Unit: "°"},

	"conditions.visibility_m":  {Min: 1, Max: 100000, Unit: "m"},
	"conditions.intensity":     {Min: 0, Max: 1},
	"conditions.temperature_c": {Min: -40, Max: 50, Unit: "°C"},

	"driver.reaction_s": {Min: 0.2, Max: 10, Unit: "s"},

	"drill.order": {Min: 1, Max: 1000},

	"parking.sensor_delay_s":      {Min: 0, Max: 5, Unit: "s"},
	"parking.manoeuvre_speed_kmh": {Min: 1, Max: 10, Unit: "km/h"},
	"parking.remote_range_m":      {Min: 1, Max: 500, Unit: "m"},
	"parking.pause_timeout_s":     {Min: 1, Max: 600, Unit: "s"},

	"events[].weather.visibility_m":       {Min: 1, Max: 100000, Unit: "m"},
	"events[].weather.intensity":          {Min: 0, Max: 1},
	"events[].incident.limit_kmh":         {Min: 1, Max: 150, Unit: "km/h"},
	"events[].incident.lanes_closed":      {Min: 0, Max: 6, Unit: "lanes"},
	"events[].cut_in.slower_kmh":          {Min: 0, Max: 100, Unit: "km/h"},
	"events[].obstacle.speed_kmh":         {Min: 0, Max: 130, Unit: "km/h"},
	"events[].driver.brake":               {Min: 0, Max: 1},
	"events[].driver.accel":               {Min: 0, Max: 1},
	"events[].driver.steer_nm":            {Min: -20, Max: 20, Unit: "Nm"},
	"events[].park_drive.gap_m":           {Min: 0.3, Max: 3, Unit: "m"},
	"events[].park_drive.past_m":          {Min: -10, Max: 15, Unit: "m"},
	"events[].park_drive.speed_kmh":       {Min: 1, Max: 29, Unit: "km/h"},
	"events[].pedestrian.ahead_on_path_m": {Min: 0, Max: 20, Unit: "m"},
	"events[].pedestrian.x":               {Min: -1000, Max: 1000, Unit: "m"},
	"events[].pedestrian.y":               {Min: -1000, Max: 1000, Unit: "m"},
	"events[].phone.distance_m":           {Min: 0, Max: 10000, Unit: "m"},

	"expect[].count":             {Min: 0, Max: 1e6},
	"expect[].speed.max_kmh":     {Min: 0, Max: 450, Unit: "km/h"},
	"expect[].speed.min_kmh":     {Min: 0, Max: 450, Unit: "km/h"},
	"expect[].drill.min_score":   {Min: 0, Max: 100},
	"expect[].drill.max_score":   {Min: 0, Max: 100},
	"expect[].end.soc_min":       {Min: 0, Max: 100, Unit: "%"},
	"expect[].end.soc_max":       {Min: 0, Max: 100, Unit: "%"},
	"expect[].end.fuel_min":      {Min: 0, Max: 100, Unit: "%"},
	"expect[].end.speed_max_kmh": {Min: 0, Max: 450, Unit: "km/h"},
	"expect[].end.min_ttc_s":     {Min: 0, Max: 1000, Unit: "s"},
	"expect[].end.max_decel":     {Min: 0, Max: 50, Unit: "m/s²"},
}

// unrangedNumbers are numeric fields any value of their type suits: the
// random seed.
var unrangedNumbers = []string{"seed"}

// checkValues applies the rules every value of a data file follows: each
// number within its range, each text free of control characters. A
// description may span lines; no other text may.
func (l *loader) checkValues(raw *fileScenario) {
	datacheck.CheckNumbers(raw, numberRanges, func(path, problem string) { l.errorf(path, "%s", problem) })
	datacheck.Check(raw, []string{"description"}, func(path, problem string) { l.errorf(path, "%s", problem) })
}
