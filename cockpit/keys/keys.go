// Package keys is the cockpit's one keymap. Every binding the UI reacts to
// is here, and the help overlay and the footer are rendered from it, so a
// key cannot work without being documented or be documented without working.
package keys

import (
	"charm.land/bubbles/v2/key"

	"github.com/nevsim/cockpit/cockpit/i18n"
)

// KeyMap holds every binding. Help texts come from the UI string table, so
// the map is rebuilt when the language changes.
type KeyMap struct {
	// Panels.
	Drive, Nav, Cabin, Vehicle key.Binding
	NextPanel                  key.Binding
	// Panels is the footer's summary of 1-6 (never matched; Drive…Signals are).
	Panels key.Binding
	// Driving (manual) and assistance.
	Accel, Brake, LaneLeft, LaneRight key.Binding
	Assist                            key.Binding
	// Driver state (for demos of the warnings and the handover drills):
	// belt, hands on the wheel, eyes on the road, the phone task.
	Belt, Hands, Eyes, Phone key.Binding
	// Conditional automation (L3): the button (engaging asks to confirm
	// with Confirm or Cancel), the takeover inputs (steer, mirror check,
	// indicator) and the ignition restart that clears an MRM's lock.
	L3, Confirm, Cancel                        key.Binding
	Steer, Mirror, IndicateLeft, IndicateRight key.Binding
	Restart                                    key.Binding
	// PhoneType is the phone task's reply (digits; never matched, the
	// phone reads the digits itself).
	PhoneType key.Binding
	// Drills: the curriculum (you drive or watch the scripted driver), end
	// a drill early, back to the curriculum from the debrief.
	DrillDrive, DrillWatch, DrillEnd, DrillBack key.Binding
	// DrillRetry plays the drill of the debrief again, the same way.
	DrillRetry key.Binding
	// Time.
	Pause, Faster, Slower key.Binding
	// Voice and search.
	Voice, Search, Send, Back key.Binding
	HistoryUp, HistoryDown    key.Binding
	Complete                  key.Binding
	// Navigation panel.
	Choose, RoutePrefer, AvoidTolls, AvoidExpressways, CancelRoute key.Binding
	// Display.
	Lang, Theme, Help, Quit key.Binding
	// Parking panel (5): its tab; search for slots, choose slot n (never
	// matched: the digits are read by the panel) or the left/right one,
	// start, pause/resume, cancel, hold-to-move remote parking and
	// stepping out of the car (remote parking works from outside only).
	Parking                                   key.Binding
	ParkSearch, ParkSlot, ParkLeft, ParkRight key.Binding
	ParkStart, ParkPause, ParkCancel          key.Binding
	ParkRemote, ParkExit                      key.Binding
	// Replay (cockpit replay): play/pause, seek back and forward (10 s,
	// shift 1 min), the previous and next event and takeover, and take
	// over (the replay becomes a live drive from that instant).
	ReplayPlay, SeekBack, SeekForward, SeekBackLong, SeekForwardLong key.Binding
	PrevEvent, NextEvent, PrevTakeover, NextTakeover, TakeOver       key.Binding
	// Signals panel (6, the signal inspector): its tab; moving through the
	// tree (a line, a page, the first and last), unfolding and folding a
	// branch, enter (fold a branch, set an actuator), the filter (start,
	// finish typing, clear), pinning to the watch list; while a value is
	// set: send, choose among allowed values, cancel. SigVoice is the
	// voice key that still works there (enter and / are the panel's).
	Signals                                 key.Binding
	SigMove, SigPage, SigEnds               key.Binding
	SigUnfold, SigFold, SigToggle, SigEnter key.Binding
	SigFilter, SigDone, SigClear, SigPin    key.Binding
	SigSend, SigChoose, SigCancel, SigVoice key.Binding
	// Palette opens the simulator's run-time controls (":", the command
	// palette: weather, traffic, energy, hazards, faults, the driver).
	Palette key.Binding
	// Capture writes the frame on screen as text, ANSI and SVG pictures.
	// It is ctrl+s, matched before any focus, so it works in every mode:
	// a control key never types into the voice bar, the search, the
	// palette or the inspector's filter, no mode binds it, it reads as
	// "save" everywhere, and raw mode turns off the XOFF it once meant.
	// (F12 was the alternative, but drop-down terminals and desktops take it.)
	Capture key.Binding
}

// New builds the keymap with help texts in the table's language.
func New(t *i18n.Table) *KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t.T(desc)))
	}
	return &KeyMap{
		Drive:            b("1", "key.drive", "1", "f1"),
		Nav:              b("2", "key.nav", "2", "f2"),
		Cabin:            b("3", "key.cabin", "3", "f3"),
		Vehicle:          b("4", "key.vehicle", "4", "f4"),
		NextPanel:        b("tab", "key.next_panel", "tab"),
		Panels:           key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-6", t.T("key.panels"))),
		Accel:            b("↑/w", "key.accel", "up", "w"),
		Brake:            b("↓/s", "key.brake", "down", "s"),
		LaneLeft:         b("←/a", "key.lane_left", "left", "a"),
		LaneRight:        b("→/d", "key.lane_right", "right", "d"),
		Assist:           b("m", "key.assist", "m"),
		Belt:             b("b", "key.belt", "b"),
		Hands:            b("h", "key.hands", "h"),
		Eyes:             b("i", "key.eyes", "i"),
		Phone:            b("r", "key.phone", "r"),
		L3:               b("u", "key.l3", "u"),
		Confirm:          b("y", "key.confirm", "y"),
		Cancel:           b("n", "key.cancel", "n", "esc"),
		Steer:            b("k", "key.steer", "k"),
		Mirror:           b("j", "key.mirror", "j"),
		IndicateLeft:     b(",", "key.indicate_left", ","),
		IndicateRight:    b(".", "key.indicate_right", "."),
		Restart:          b("z", "key.restart", "z"),
		PhoneType:        key.NewBinding(key.WithKeys("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("0-9", t.T("key.phone_type"))),
		DrillDrive:       b("enter", "key.drill_drive", "enter"),
		DrillWatch:       b("w", "key.drill_watch", "w"),
		DrillEnd:         b("q", "key.drill_end", "q"),
		DrillBack:        b("enter", "key.drill_back", "enter", "esc"),
		DrillRetry:       b("r", "key.drill_retry", "r"),
		Pause:            b("space", "key.pause", "space", "p"),
		Faster:           b("+", "key.faster", "+", "=", "]"),
		Slower:           b("-", "key.slower", "-", "["),
		Voice:            b("enter", "key.voice", "enter", "/", "v"),
		Search:           b("f", "key.search", "f"),
		Send:             b("enter", "key.send", "enter"),
		Back:             b("esc", "key.back", "esc"),
		HistoryUp:        b("↑", "key.history_up", "up"),
		HistoryDown:      b("↓", "key.history_down", "down"),
		Complete:         b("tab", "key.complete", "tab"),
		Choose:           b("↑/↓", "key.choose", "up", "down"),
		RoutePrefer:      b("o", "key.route_prefer", "o"),
		AvoidTolls:       b("x", "key.avoid_tolls", "x"),
		AvoidExpressways: b("e", "key.avoid_expressways", "e"),
		CancelRoute:      b("c", "key.cancel_route", "c"),
		Lang:             b("l", "key.lang", "l"),
		Theme:            b("t", "key.theme", "t"),
		Help:             b("?", "key.help", "?"),
		Quit:             b("q", "key.quit", "q", "ctrl+c"),
		Parking:          b("5", "key.parking", "5", "f5"),
		ParkSearch:       b("f", "key.park_search", "f"),
		ParkSlot:         key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", t.T("key.park_slot"))),
		ParkLeft:         b("←", "key.park_left", "left"),
		ParkRight:        b("→", "key.park_right", "right"),
		ParkStart:        b("g", "key.park_start", "g"),
		ParkPause:        b("x", "key.park_pause", "x"),
		ParkCancel:       b("c", "key.park_cancel", "c"),
		ParkRemote:       b("o", "key.park_remote", "o"),
		ParkExit:         b("e", "key.park_exit", "e"),
		ReplayPlay:       b("space", "key.replay_play", "space", "p"),
		SeekBack:         b("←", "key.seek_back", "left"),
		SeekForward:      b("→", "key.seek_forward", "right"),
		SeekBackLong:     b("shift+←", "key.seek_back_long", "shift+left"),
		SeekForwardLong:  b("shift+→", "key.seek_forward_long", "shift+right"),
		PrevEvent:        b(",", "key.prev_event", ","),
		NextEvent:        b(".", "key.next_event", "."),
		PrevTakeover:     b("<", "key.prev_takeover", "<"),
		NextTakeover:     b(">", "key.next_takeover", ">"),
		TakeOver:         b("t", "key.take_over", "t"),
		Signals:          b("6", "key.signals", "6", "f6"),
		Palette:          b(":", "key.palette", ":"),
		SigMove:          b("↑/↓", "key.sig_move", "up", "down"),
		SigPage:          b("pgup/pgdn", "key.sig_page", "pgup", "pgdown"),
		SigEnds:          b("home/end", "key.sig_ends", "home", "end"),
		SigUnfold:        b("→", "key.sig_unfold", "right"),
		SigFold:          b("←", "key.sig_fold", "left"),
		SigToggle:        b("space", "key.sig_toggle", "space"),
		SigEnter:         b("enter", "key.sig_enter", "enter"),
		SigFilter:        b("/", "key.sig_filter", "/"),
		SigDone:          b("enter", "key.sig_done", "enter"),
		SigClear:         b("esc", "key.sig_clear", "esc"),
		SigPin:           b("p", "key.sig_pin", "p"),
		SigSend:          b("enter", "key.sig_send", "enter"),
		SigChoose:        b("←/→", "key.sig_choose", "left", "right", "up", "down", "tab"),
		SigCancel:        b("esc", "key.sig_cancel", "esc"),
		SigVoice:         b("v", "key.voice", "v"),
		Capture:          b("ctrl+s", "key.capture", "ctrl+s"),
	}
}

// ReplayShort is the footer of a replay: play, seek, jump, take over.
func (k *KeyMap) ReplayShort() []key.Binding {
	return []key.Binding{k.ReplayPlay, k.SeekBack, k.SeekForward, k.NextEvent, k.NextTakeover, k.TakeOver, k.Help, k.Quit, k.Faster, k.Slower}
}

// ReplayHelp groups the replay's bindings for its help overlay.
func (k *KeyMap) ReplayHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.ReplayPlay, k.Faster, k.Slower, k.TakeOver},
		{k.SeekBack, k.SeekForward, k.SeekBackLong, k.SeekForwardLong},
		{k.PrevEvent, k.NextEvent, k.PrevTakeover, k.NextTakeover},
		{k.Drive, k.Nav, k.Cabin, k.Vehicle, k.Parking, k.Signals, k.NextPanel},
		{k.Lang, k.Help, k.Quit, k.Capture}, // t is take over here, not the theme
	}
}

// DrivingShort is the footer while driving: the few keys a first-time
// user needs.
func (k *KeyMap) DrivingShort() []key.Binding {
	// Most important first: the footer cuts from the right on narrow
	// terminals, and help and quit must survive at 80 columns.
	return []key.Binding{k.Voice, k.Panels, k.Help, k.Quit, k.Pause, k.Lang, k.Assist, k.Faster, k.Slower}
}

// TakeoverShort is the footer during a takeover request, an MRM or an
// availability warning: what completes a takeover, in the order to do it.
func (k *KeyMap) TakeoverShort() []key.Binding {
	return []key.Binding{k.Phone, k.Eyes, k.Hands, k.Steer, k.Brake, k.Restart, k.Help}
}

// AssistShort is the footer during a collision warning or an emergency
// brake: look ahead and brake, or press a pedal to leave the brake's hold.
func (k *KeyMap) AssistShort() []key.Binding {
	return []key.Binding{k.Brake, k.Eyes, k.Phone, k.Accel, k.Help}
}

// ConfirmShort is the footer while the cockpit asks to confirm engaging L3.
func (k *KeyMap) ConfirmShort() []key.Binding {
	return []key.Binding{k.Confirm, k.Cancel, k.Voice}
}

// PhoneShort is the footer while the phone task is open.
func (k *KeyMap) PhoneShort() []key.Binding {
	return []key.Binding{k.PhoneType, k.Phone, k.Eyes, k.Hands, k.Steer, k.Help}
}

// CurriculumShort is the footer of the drill list.
func (k *KeyMap) CurriculumShort() []key.Binding {
	return []key.Binding{k.Choose, k.DrillDrive, k.DrillWatch, k.Lang, k.Quit}
}

// DebriefShort is the footer of a drill's debrief.
func (k *KeyMap) DebriefShort() []key.Binding {
	return []key.Binding{k.DrillRetry, k.DrillBack, k.Lang, k.Quit}
}

// VoiceShort is the footer while typing in the voice bar.
func (k *KeyMap) VoiceShort() []key.Binding {
	return []key.Binding{k.Send, k.HistoryUp, k.HistoryDown, k.Complete, k.Back}
}

// SearchShort is the footer while typing a destination search.
func (k *KeyMap) SearchShort() []key.Binding {
	return []key.Binding{k.Choose, k.Send, k.Back}
}

// FullHelp groups every binding for the help overlay, one column per group.
func (k *KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Drive, k.Nav, k.Cabin, k.Vehicle, k.Parking, k.Signals, k.NextPanel},
		{k.Accel, k.Brake, k.LaneLeft, k.LaneRight, k.Assist, k.Belt, k.Hands},
		{k.L3, k.Eyes, k.Phone, k.Steer, k.Mirror, k.IndicateLeft, k.IndicateRight, k.Restart},
		{k.Pause, k.Faster, k.Slower, k.Lang, k.Theme, k.Palette, k.Capture},
		{k.Voice, k.HistoryUp, k.Complete, k.Back, k.Help, k.Quit},
		{k.Search, k.Choose, k.RoutePrefer, k.AvoidTolls, k.AvoidExpressways, k.CancelRoute},
		{k.ParkSearch, k.ParkSlot, k.ParkLeft, k.ParkRight, k.ParkStart, k.ParkPause, k.ParkCancel, k.ParkRemote, k.ParkExit},
		{k.SigMove, k.SigPage, k.SigEnds, k.SigUnfold, k.SigFold, k.SigEnter, k.SigFilter, k.SigClear, k.SigPin},
	}
}

// ParkingShort is the footer of the Parking panel: while a manoeuvre runs,
// what stops or holds it; otherwise how to find, choose and start one.
// Help and quit come before the rest so they survive at 80 columns.
func (k *KeyMap) ParkingShort(manoeuvring bool) []key.Binding {
	if manoeuvring {
		return []key.Binding{k.ParkPause, k.ParkCancel, k.ParkRemote, k.Help, k.Quit, k.Brake, k.Voice}
	}
	return []key.Binding{k.ParkSearch, k.ParkSlot, k.ParkStart, k.Help, k.Quit, k.ParkRemote, k.ParkExit, k.Voice}
}

// SignalsMode says what the signal inspector is doing, for its footer.
type SignalsMode int

// The inspector's modes.
const (
	// SignalsBrowse: moving through the tree.
	SignalsBrowse SignalsMode = iota
	// SignalsFilter: typing the filter.
	SignalsFilter
	// SignalsEdit: typing a value to set.
	SignalsEdit
	// SignalsChoose: choosing one of a string's allowed values.
	SignalsChoose
)

// SignalsShort is the footer of the Signals panel in each mode: how to
// move, set, filter and pin while browsing (help and quit early, so they
// survive at 80 columns); how to finish or clear the filter while typing
// it; how to send or cancel a value being set.
func (k *KeyMap) SignalsShort(mode SignalsMode) []key.Binding {
	switch mode {
	case SignalsFilter:
		return []key.Binding{k.SigDone, k.SigClear, k.SigMove, k.SigPage}
	case SignalsEdit:
		return []key.Binding{k.SigSend, k.SigCancel}
	case SignalsChoose:
		return []key.Binding{k.SigChoose, k.SigSend, k.SigCancel}
	}
	return []key.Binding{k.SigMove, k.SigEnter, k.SigFilter, k.SigPin, k.Help, k.Quit, k.SigUnfold, k.SigFold, k.SigVoice}
}
