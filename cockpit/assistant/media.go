package assistant

import (
	"strconv"

	"github.com/nevsim/cockpit/drive/infotainment"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

// mediaCommands turns a media or phone intent into commands for the car's
// infotainment; ok is false for other intents.
func mediaCommands(c voice.Command) (cmds []sim.Command, ok bool) {
	str := func(k string) string { v, _ := c.Slots[k].(string); return v }
	one := func(cmd infotainment.Command) ([]sim.Command, bool) {
		return []sim.Command{sim.MediaCommand{Command: cmd}}, true
	}
	switch c.Intent {
	case voice.IntentMediaPlay:
		return one(infotainment.Play{Query: str("query"), Source: infotainment.Source(str("source"))})
	case voice.IntentMediaPause:
		return one(infotainment.Pause{})
	case voice.IntentMediaNext:
		return one(infotainment.Skip{Delta: 1})
	case voice.IntentMediaPrevious:
		return one(infotainment.Skip{Delta: -1})
	case voice.IntentMediaVolume:
		switch str("action") {
		case "up":
			return one(infotainment.StepVolume{Delta: 1})
		case "down":
			return one(infotainment.StepVolume{Delta: -1})
		case "mute":
			return one(infotainment.Mute{On: true})
		case "unmute":
			return one(infotainment.Mute{On: false})
		}
		switch v := c.Slots["level"].(type) {
		case int:
			return one(infotainment.SetVolume{Level: v})
		case float64:
			return one(infotainment.SetVolume{Level: int(v)})
		case string:
			if n, err := strconv.Atoi(v); err == nil {
				return one(infotainment.SetVolume{Level: n})
			}
		}
		return nil, false
	case voice.IntentPhoneCall:
		return one(infotainment.Call{Contact: str("contact"), Number: str("number")})
	case voice.IntentPhoneAnswer:
		return one(infotainment.Answer{})
	case voice.IntentPhoneHangup:
		return one(infotainment.HangUp{})
	}
	return nil, false
}
