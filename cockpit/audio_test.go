package cockpit

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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

// closeCounter is a sound output that counts its Close calls.
type closeCounter struct {
	chime.Silent
	closes *int32
}

func (c closeCounter) Close() error { atomic.AddInt32(c.closes, 1); return nil }

// TestAudioOpenedAfterTheProgramEndedIsClosed quits before the sound output
// has finished opening: the Cmd's message is never delivered (the program
// has ended), so only Close can write the --audio-out recording. It must
// wait for the opening and close what it opened; before, the recorder was
// never closed, its WAV never written and its temporary file left behind.
func TestAudioOpenedAfterTheProgramEndedIsClosed(t *testing.T) {
	for _, front := range []string{"cockpit", "drills"} {
		t.Run(front, func(t *testing.T) {
			var closes int32
			release := make(chan struct{})
			open := func() chime.Player {
				<-release // a sound server slow to answer
				return closeCounter{closes: &closes}
			}
			var init tea.Cmd
			var closer interface{ Close() error }
			if front == "cockpit" {
				m := newTestModel(t, "en", "night", 120, 40)
				m.openAudio, m.opening = open, newAudioOpening()
				init, closer = m.Init(), m
			} else {
				tr := newTestTrainer(t, "en", 120, 40, filepath.Join(t.TempDir(), "progress.json"), nil)
				tr.o.OpenAudio, tr.opening = open, newAudioOpening()
				init, closer = tr.Init(), tr
			}
			// The runtime runs the Cmds; their messages go nowhere.
			runCmds(init)
			close(release)
			if err := closer.Close(); err != nil {
				t.Fatal(err)
			}
			if got := atomic.LoadInt32(&closes); got != 1 {
				t.Fatalf("the sound output opened after the end was closed %d times, want 1", got)
			}
		})
	}
}

// runCmds starts every command of cmd (a batch or one) in its own
// goroutine and discards the messages, as a program that has ended does.
func runCmds(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				runCmds(c)
			}
		}
	}()
}
