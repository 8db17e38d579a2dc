package main

import "github.com/nevsim/cockpit/drive/scenario"

// newScenarioVoice returns the voice assistant that scenario `say:` events
// talk to. Until the dialogue layer is wired, utterances are only logged.
func newScenarioVoice(env *scenario.Env) scenario.Voice { return nil }
