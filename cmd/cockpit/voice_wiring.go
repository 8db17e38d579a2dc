package main

import (
	"io/fs"

	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/world"
)

// voiceMaker gives each drive a fresh voice layer (launch.Voices): every
// command (the cockpit, run, drill, replay, test) makes its voice there,
// so a replay hears with the same words as the drive it replays.
type voiceMaker struct{ *launch.Voices }

func newVoiceMaker(afs fs.FS) (*voiceMaker, error) {
	v, err := launch.LoadVoices(afs)
	if err != nil {
		return nil, err
	}
	return &voiceMaker{v}, nil
}

// voice is a new conversation for a drive on map m.
func (v *voiceMaker) voice(m *world.Map) session.Voice { return v.For(m) }
