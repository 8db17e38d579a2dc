package cockpit

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nevsim/cockpit/cockpit/chime"
	"github.com/nevsim/cockpit/drive/sim"
)

// TestAudioOutRecordsChimes: the drive's events sound the right earcons,
// and the --audio-out recording (a chime.Recorder) is a non-silent WAV.
func TestAudioOutRecordsChimes(t *testing.T) {
	m := newTestModel(t, "en", "day", 120, 40)
	clock := &chime.ManualClock{}
	wav := filepath.Join(t.TempDir(), "out.wav")
	rec := chime.NewRecorder(chime.RecorderConfig{Clock: clock.Now, Path: wav})
	m.handleAudioReady(audioReadyMsg{rec})
	m.advance(1) // the route is planned: an information chime
	clock.Advance(2 * time.Second)
	m.queue(sim.CutIn{Kind: "car", GapM: 15, SpeedDeltaKmh: 10}) // a warning
	clock.Advance(2 * time.Second)
	evs := rec.Events()
	var got []chime.Sound
	for _, e := range evs {
		got = append(got, e.Sound)
	}
	if len(got) < 2 || got[0] != chime.Info || got[len(got)-1] != chime.Warning {
		t.Fatalf("sounds %v, want info first and a warning for the cut-in", got)
	}
	if rms := rec.RMS(0, 4*time.Second); rms <= 0.001 {
		t.Errorf("recording RMS %.4f: silent", rms)
	}
	if m.audio != rec.Name() {
		t.Errorf("the audio state shows %q, want the player's name %q", m.audio, rec.Name())
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(wav); err != nil || fi.Size() < 1000 {
		t.Fatalf("no WAV written: %v", err)
	}
}
