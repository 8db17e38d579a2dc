package main

import (
	"fmt"
	"io/fs"

	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

// voiceMaker gives each drive a fresh voice layer: the same parser,
// dialogue and car actions as the cockpit's voice bar, read once from the
// assets, with a new conversation for each drive. Every command (the
// cockpit, run, drill, replay) makes its voice here, so a replay hears
// with the same words as the drive it replays.
type voiceMaker struct {
	parser  *voice.Parser
	phrases *assistant.Phrases
}

func newVoiceMaker(afs fs.FS) (*voiceMaker, error) {
	p, err := voice.Load(afs)
	if err != nil {
		return nil, fmt.Errorf("voice: %w", err)
	}
	phrases, err := assistant.LoadPhrases(afs)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	return &voiceMaker{parser: p, phrases: phrases}, nil
}

// voice is a new conversation for a drive on map m.
func (v *voiceMaker) voice(m *world.Map) session.Voice {
	return assistant.New(v.parser, m, v.phrases, assistant.Options{})
}
