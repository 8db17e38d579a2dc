// Package chime gives the cockpit its sounds: earcons for information,
// warnings and critical alerts, the takeover-request stages, the
// minimal-risk manoeuvre, parking proximity beeps, and the output behind
// them.
//
// Sounds are synthesised in Go (no binary assets) from
// github.com/gopxl/beep/v2 generators, deterministically: the same Sound
// always renders to the same samples, so tests can compare audio as data.
//
// Output is hidden behind Player. Open probes for a sound server and falls
// back to Silent whenever anything is missing, so the UI never blocks, never
// fails and never gets text printed over its screen because of audio.
// Recorder writes what was played to a WAV file (--audio-out) and lets tests
// assert on audio without any device.
package chime

import "fmt"

// Sound names one earcon. The zero value None plays nothing, so a UI can map
// "no event" to a Sound without a special case.
type Sound uint8

// The earcons. Their meaning and design are documented in docs/sound.md.
const (
	// None is silence; playing it is a no-op.
	None Sound = iota
	// Info is a soft ascending two-tone chime for notifications that need
	// no action (route recalculated, charging started).
	Info
	// Warning is three insistent beeps for a condition the driver should
	// act on soon (seat belt, low battery).
	Warning
	// Critical is a fast, alternating beep train for imminent danger
	// (forward collision, system failure).
	Critical
	// TakeoverStage1 is the first takeover-request stage: a descending
	// "ding-dong" repeated every 1.5 s until stopped or replaced.
	TakeoverStage1
	// TakeoverStage2 is the escalated takeover request: a loud continuous
	// two-tone alarm (8 notes/s) until stopped. It replaces stage 1.
	TakeoverStage2
	// MinimalRisk announces the start of the minimal-risk manoeuvre: two
	// falling three-note figures. The UI keeps TakeoverStage2 running beside it.
	MinimalRisk
	// TakeoverAck confirms that the driver has taken over: a short, soft
	// rising interval. Playing it does not stop the takeover tones; Stop does.
	TakeoverAck
	// ParkingComplete is the gentle three-note arpeggio played when
	// automated parking finishes.
	ParkingComplete
	// ProximityContinuous is the parking-sensor tone for an obstacle closer
	// than ProximityContinuousM: a steady tone until stopped.
	ProximityContinuous

	// proximityFirst is the first of the repeating parking beeps; Proximity
	// maps a distance onto it and the following values.
	proximityFirst
)

// Continuous reports whether s loops until Stop (or until another sound of
// its group replaces it). All other sounds end by themselves.
func (s Sound) Continuous() bool {
	return s == TakeoverStage1 || s == TakeoverStage2 || s.IsProximity()
}

// IsProximity reports whether s is one of the parking proximity sounds.
func (s Sound) IsProximity() bool {
	return s == ProximityContinuous || (s >= proximityFirst && s <= proximityLast)
}

// Valid reports whether s is a sound this package can render.
func (s Sound) Valid() bool { return s <= proximityLast }

// String returns a stable, file-name friendly name ("takeover-stage-2",
// "proximity-350ms"); it names WAV overrides and recorder events.
func (s Sound) String() string {
	switch s {
	case None:
		return "none"
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	case TakeoverStage1:
		return "takeover-stage-1"
	case TakeoverStage2:
		return "takeover-stage-2"
	case MinimalRisk:
		return "minimal-risk"
	case TakeoverAck:
		return "takeover-ack"
	case ParkingComplete:
		return "parking-complete"
	case ProximityContinuous:
		return "proximity-continuous"
	}
	if s.IsProximity() {
		return fmt.Sprintf("proximity-%dms", proximityPeriod(s).Milliseconds())
	}
	return fmt.Sprintf("sound-%d", uint8(s))
}

// Earcons lists the named earcons (not the individual proximity rates) in a
// stable order, for documentation, tests and override loading.
func Earcons() []Sound {
	return []Sound{Info, Warning, Critical, TakeoverStage1, TakeoverStage2,
		MinimalRisk, TakeoverAck, ParkingComplete, ProximityContinuous}
}

// All lists every renderable sound, proximity rates included.
func All() []Sound {
	out := make([]Sound, 0, int(proximityLast))
	for s := Info; s <= proximityLast; s++ {
		out = append(out, s)
	}
	return out
}

// group is the channel a sound plays on. Sounds of one group replace each
// other, which is what lets the UI simply Play the current takeover stage or
// the current proximity rate on every frame.
type group uint8

const (
	groupTakeover group = iota + 200
	groupProximity
)

func (s Sound) group() group {
	switch {
	case s == TakeoverStage1 || s == TakeoverStage2:
		return groupTakeover
	case s.IsProximity():
		return groupProximity
	}
	// Every one-shot is its own group: replaying it restarts it rather than
	// stacking two copies, which would only sound louder and phasey.
	return group(s)
}

// Player plays sounds. Implementations never block for long, never panic
// and never write to the terminal; they are safe for concurrent use.
type Player interface {
	// Play starts s. A one-shot restarts if it is already playing. A
	// continuous sound keeps playing if it is already playing (so calling
	// Play on every frame is fine) and replaces any other sound of its group
	// (stage 2 replaces stage 1; a new proximity rate replaces the old).
	Play(s Sound)
	// Stop fades out whatever plays in s's group: Stop(TakeoverStage1)
	// also silences stage 2, Stop of any proximity sound silences parking
	// beeps.
	Stop(s Sound)
	// Name is a short description of the output for the UI's audio state
	// ("sound: PulseAudio", "silent (audio off)").
	Name() string
	// Close releases the device and, for a recorder, writes its file.
	Close() error
}

// Reasoner is implemented by players that can say in full why they are
// what they are (typically why the output fell back to silence).
type Reasoner interface {
	Reason() string
}

// Reason returns p's reason if it has one, and "" otherwise.
func Reason(p Player) string {
	if r, ok := p.(Reasoner); ok {
		return r.Reason()
	}
	return ""
}

// Silent plays nothing. It is the fallback whenever there is no usable
// output, and a fine Player for tests that do not care about sound.
type Silent struct {
	// Short is shown by Name, e.g. "audio off", "no sound server".
	Short string
	// Detail is the full reason (an error message), returned by Reason.
	Detail string
}

// Play does nothing.
func (Silent) Play(Sound) {}

// Stop does nothing.
func (Silent) Stop(Sound) {}

// Name returns "silent" with the short reason.
func (s Silent) Name() string {
	if s.Short == "" {
		return "silent"
	}
	return "silent (" + s.Short + ")"
}

// Reason returns the full reason, or the short one when there is no detail.
func (s Silent) Reason() string {
	if s.Detail == "" {
		return s.Short
	}
	return s.Detail
}

// Close does nothing and returns nil.
func (Silent) Close() error { return nil }
