package assistant

import (
	"fmt"
	"math"
	"strconv"

	"github.com/nevsim/cockpit/drive/parking"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

// park maps the schema's park.* intents to the drive loop's parking
// commands. What it may do depends on the assist's state, so that "park
// the car" starts a search, picks nothing while slots are still being
// measured, and confirms once a slot is chosen; "停到右边车位" and "park in
// slot 3" choose and confirm in one go (the drive loop waits for the car to
// stop before it starts). Remote parking is confirmed by the voice session
// before it gets here.
func (a *Assistant) park(c voice.Command, st *sim.State, lang string, r *session.Heard) string {
	say := func(key string, args ...string) string { return a.phrases.say(lang, key, args...) }
	if st.Parking.Area == "" {
		return say("park_no_area")
	}
	state := st.Parking.Output.State
	active := state == parking.StateExecuting || state == parking.StatePaused
	switch c.Intent {
	case voice.IntentParkPause:
		if !active {
			return say("park_nothing")
		}
		r.Commands = append(r.Commands, sim.ParkPause{})
		return say("park_paused")
	case voice.IntentParkResume:
		if state != parking.StatePaused {
			return say("park_nothing")
		}
		r.Commands = append(r.Commands, sim.ParkResume{})
		return say("park_resumed")
	case voice.IntentParkCancel:
		if !state.Active() {
			return say("park_nothing")
		}
		r.Commands = append(r.Commands, sim.ParkCancel{})
		return say("park_cancelled")
	case voice.IntentParkRemote:
		return a.parkRemote(c, st, lang, r)
	}
	if active {
		return say("park_busy")
	}
	side, _ := c.Slots["side"].(string)
	number := slotNumber(c.Slots["slot"])
	searching := state == parking.StateSearching || state == parking.StateSelected
	switch {
	case !searching:
		// slots must be measured first; the choice comes after. A side
		// said up front ("停进左边的车位") is the row to drive along.
		r.Commands = append(r.Commands, sim.ParkSearch{Side: parking.Side(side)})
		return say("park_search")
	case number > 0:
		if !slotOnScreen(st, number) {
			return say("park_no_slot", "slot", strconv.Itoa(number))
		}
		r.Commands = append(r.Commands, sim.ParkSelect{Number: number}, sim.ParkConfirm{})
		return say("park_slot", "slot", strconv.Itoa(number))
	case side == "left" || side == "right":
		r.Commands = append(r.Commands, sim.ParkSelect{Side: parking.Side(side)}, sim.ParkConfirm{})
		return say("park_side", "side", a.phrases.word(lang, side))
	case state == parking.StateSelected:
		r.Commands = append(r.Commands, sim.ParkConfirm{})
		return say("park_confirm", "slot", st.Parking.Output.SelectedSlot)
	}
	return say("park_which")
}

// parkRemote sends the phone app's command. The phone's hold-to-move
// control and distance stay as they are: a voice command never holds the
// button for the driver.
func (a *Assistant) parkRemote(c voice.Command, st *sim.State, lang string, r *session.Heard) string {
	if st.Driver.Seated {
		return a.phrases.say(lang, "park_remote_seated")
	}
	cmd, key := parking.RemoteParkOut, "park_remote_out"
	if action, _ := c.Slots["action"].(string); action == "in" {
		cmd, key = parking.RemotePark, "park_remote_in"
	}
	ph := st.Parking.Phone
	r.Commands = append(r.Commands, sim.RemotePark{Command: cmd, Held: ph.Held, DistanceM: ph.DistanceM})
	return a.phrases.say(lang, key)
}

// slotNumber reads the slot number the parser found (0 when none).
func slotNumber(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		if n == math.Trunc(n) && n > 0 && n < 1000 {
			return int(n)
		}
	case string:
		if i, err := strconv.Atoi(n); err == nil {
			return i
		}
	default:
		if v != nil {
			i, _ := strconv.Atoi(fmt.Sprint(v))
			return i
		}
	}
	return 0
}

// slotOnScreen reports whether slot n has been found (numbers are the
// order the detector measured them in).
func slotOnScreen(st *sim.State, n int) bool {
	for _, s := range st.Parking.Scene.Slots {
		if s.Number == n {
			return true
		}
	}
	return false
}
