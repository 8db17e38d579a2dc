package serve

import (
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/kiosk"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
	"github.com/nevsim/cockpit/drive/scenario"
)

// Assets are what every visitor's cockpit is built from: loaded once
// when the server starts and only read afterwards, so sessions share them
// without locks. Everything a visitor changes (the drive, the voice
// conversation, the model) is made per visitor.
type Assets struct {
	// UI holds the themes, string tables, signal catalogue and takeover
	// HMI.
	UI *cockpit.Assets
	// Env holds the vehicle profiles and maps.
	Env *scenario.Env
	// Voices makes each drive its own conversation (nil: no voice).
	Voices *launch.Voices
	// Controls are the command palette's run-time controls.
	Controls []scenario.Control
	// Drills are the handover drills in curriculum order.
	Drills []cockpit.Drill
	// Board is the leaderboard visitors' drills are posted to and their
	// menu shows (nil: none). It is safe for every session at once, and
	// shares its file with a kiosk that runs beside the server.
	Board *leaderboard.Board
}

// VisitorModel is a visitor's program: the kiosk's visitor menu, drives,
// drills and leaderboard, as the kiosk gives them to the person at its
// keyboard, without the attract loop or the presenter's keys (the
// presenter is at the server). Its captures are off (ctrl+s is inert) and
// it opens no sound device: a visitor's keys never reach the host's files
// or speakers, except the leaderboard the server writes.
func VisitorModel(v Visitor) tea.Model {
	a := v.Assets
	return kiosk.New(kiosk.Options{UI: a.UI, Env: a.Env, Drills: a.Drills, Voices: a.Voices, Controls: a.Controls, Board: a.Board,
		Remote: true, Name: v.User, Lang: v.Lang, Theme: "night", NoColor: v.NoColor, Width: v.Width, Height: v.Height})
}
