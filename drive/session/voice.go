package session

import (
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// Voice is the voice layer a session talks to: it understands utterances
// and words replies. It is an interface because drive knows no language:
// voice/assistant (or cockpit/assistant) implements it and is injected.
//
// An utterance is handled in two phases so that a reply says what the car
// did, after it did it: Hear turns the words into commands against the
// state before the next step; the session applies them in that step; then
// Reply words the answer from what the step produced (its events, among
// them any refusal, and the state after it).
type Voice interface {
	// Hear understands an utterance in the car's current state.
	Hear(text string, st *sim.State) Heard
	// Reply words the answer to h once its commands have been applied:
	// evs are the events of the step that applied them and st the state
	// after it. An event's Cause counts h.Commands from 1 (0: not one of
	// them), so each command's reply can say what the car did with it.
	// With no commands it is called at once, with no events.
	Reply(h Heard, evs []sim.Event, st *sim.State) Reply
	// See tells the voice layer which labels are on screen (see-and-say).
	See(labels []Label)
}

// Heard is an utterance understood: what to do in the next step, and what
// only the front end can do.
type Heard struct {
	// Text is the utterance as the driver said it.
	Text string
	// Lang is the language of the utterance ("en", "zh").
	Lang string
	// Commands are for the next step, in order.
	Commands []sim.Command
	// UI lists what only a front end can do (show a panel, switch the
	// language); a headless run ignores them.
	UI []UIAction
	// Awaiting says the voice layer waits for an answer to its question.
	Awaiting bool
	// Pending is the voice layer's own note of what it meant to say; the
	// session hands it back to Reply untouched.
	Pending any
}

// Reply is what the assistant says after the car acted.
type Reply struct {
	Text string
	Lang string
}

// UIAction is something only a front end can do, asked for by voice.
type UIAction struct {
	// Kind is one of: "language" (Value en/zh), "theme" (day, night,
	// auto), "panel" (drive, nav, cabin, vehicle, parking, signals), "help",
	// "search" (Value: the query; Places: the places found).
	Kind   string
	Value  string
	Places []*world.Place
}

// Label is one thing on screen that can be said (see-and-say): its text
// and the intent and slots saying it means.
type Label struct {
	Text   string
	Intent string
	Slots  map[string]string
}
