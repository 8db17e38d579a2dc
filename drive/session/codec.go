package session

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/sim"
)

// The commands a recording can hold, by the name it writes ("sim.Navigate",
// "cabin.SetSeatHeat", "infotainment.Play"). Cabin and media commands are
// written by their inner command, since sim.CabinCommand and
// sim.MediaCommand only wrap them. A test checks that every command type of
// drive/sim, drive/cabin and drive/infotainment is here.
var (
	simCommands = []sim.Command{
		sim.CheckMirror{}, sim.Indicate{}, sim.Engage{}, sim.Disengage{}, sim.IgnitionRestart{},
		sim.HazardsOff{}, sim.IHaveControl{}, sim.InjectFault{}, sim.SetWeather{}, sim.SetTraffic{},
		sim.SetNight{}, sim.AddIncident{}, sim.CutIn{}, sim.Navigate{}, sim.CancelRoute{}, sim.SetControl{},
		sim.ChangeLane{}, sim.AddStop{}, sim.SetDriveMode{}, sim.ParkSearch{}, sim.ParkSelect{},
		sim.ParkConfirm{}, sim.ParkCancel{}, sim.ParkPause{}, sim.ParkResume{}, sim.RemotePark{},
		sim.ParkDrive{}, sim.AddPedestrian{}, sim.Confirm{}, sim.Obstacle{}, sim.SetEnergy{}, sim.SetClock{}, sim.SetParkingSafety{},
	}
	cabinCommands = []cabin.Command{
		cabin.SetWindow{}, cabin.SetChildLock{}, cabin.SetLight{}, cabin.SetHeadlights{}, cabin.SetDoorLock{},
		cabin.SetAutoLock{}, cabin.SetClimatePower{}, cabin.SetAC{}, cabin.SetTemp{}, cabin.StepTemp{},
		cabin.SetFan{}, cabin.StepFan{}, cabin.SetAirMode{}, cabin.SetSync{}, cabin.SetDefrost{},
		cabin.SetRecirc{}, cabin.SetSeatHeat{}, cabin.StepSeatHeat{}, cabin.SetSeatVent{}, cabin.StepSeatVent{},
		cabin.SetMassage{}, cabin.StepMassage{}, cabin.MoveSeat{}, cabin.SaveMemory{}, cabin.RecallMemory{},
		cabin.SetOccupied{},
	}
	mediaCommands = []infotainment.Command{
		infotainment.Play{}, infotainment.Pause{}, infotainment.Skip{}, infotainment.SetVolume{},
		infotainment.StepVolume{}, infotainment.Mute{}, infotainment.Call{}, infotainment.Answer{},
		infotainment.HangUp{}, infotainment.IncomingCall{},
	}
	commandTypes = map[string]reflect.Type{}
)

func init() {
	for _, c := range simCommands {
		commandTypes[reflect.TypeOf(c).String()] = reflect.TypeOf(c)
	}
	for _, c := range cabinCommands {
		commandTypes[reflect.TypeOf(c).String()] = reflect.TypeOf(c)
	}
	for _, c := range mediaCommands {
		commandTypes[reflect.TypeOf(c).String()] = reflect.TypeOf(c)
	}
}

// encodeCommand writes a command as its type name and its fields in JSON.
func encodeCommand(c sim.Command) (name string, fields []byte, err error) {
	var v any = c
	switch w := c.(type) {
	case sim.CabinCommand:
		v = w.Command
	case sim.MediaCommand:
		v = w.Command
	}
	if v == nil {
		return "", nil, fmt.Errorf("an empty %T", c)
	}
	name = reflect.TypeOf(v).String()
	if _, ok := commandTypes[name]; !ok {
		return "", nil, fmt.Errorf("the command %s cannot be recorded", name)
	}
	fields, err = json.Marshal(v)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", name, err)
	}
	return name, fields, nil
}

// decodeCommand reads what encodeCommand wrote.
func decodeCommand(name string, fields []byte) (sim.Command, error) {
	t, ok := commandTypes[name]
	if !ok {
		return nil, fmt.Errorf("unknown command %q", name)
	}
	p := reflect.New(t)
	dec := json.NewDecoder(bytes.NewReader(fields))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p.Interface()); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: text after the fields", name)
	}
	switch v := p.Elem().Interface().(type) {
	case sim.Command:
		return v, nil
	case cabin.Command:
		return sim.CabinCommand{Command: v}, nil
	case infotainment.Command:
		return sim.MediaCommand{Command: v}, nil
	}
	return nil, fmt.Errorf("unknown command %q", name)
}

// CanRecord reports whether a command type, named as a recording names it
// ("sim.Navigate", "cabin.SetSeatHeat"), can be written into a recording.
func CanRecord(name string) bool {
	_, ok := commandTypes[name]
	return ok
}
