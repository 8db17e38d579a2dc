package main

import (
	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/voice"
)

// newScenarioVoice returns the voice layer that a scenario's `say:` events
// talk to: the same parser, dialogue and car actions as the cockpit's voice
// bar, with a fresh conversation for each run.
func newScenarioVoice(sc *scenario.Scenario) (session.Voice, error) {
	p, err := voice.Default()
	if err != nil {
		return nil, err
	}
	phrases, err := assistant.LoadPhrases(assets.FS())
	if err != nil {
		return nil, err
	}
	return assistant.New(p, sc.Config.Map, phrases, assistant.Options{}).Voice(), nil
}
