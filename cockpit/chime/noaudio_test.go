//go:build noaudio

package chime

import "testing"

// Run with: go test -tags noaudio ./cockpit/chime/
func TestNoAudioBuildIsSilent(t *testing.T) {
	t.Setenv(EnvVar, "")
	p := Open(Options{Mode: ModeAuto})
	if s, ok := p.(Silent); !ok || s.Short != "built without audio" {
		t.Fatalf("Open = %s, want the noaudio Silent", p.Name())
	}
}

// noServerShort: under noaudio, Open never looks for a server.
const noServerShort = "built without audio"
