package chime

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

const sec = time.Second

// decodeWAV reads a recording back as mono samples.
func decodeWAV(t *testing.T, path string) ([]float32, beep.Format) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, format, err := wav.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []float32
	buf := make([][2]float64, 4096)
	for {
		n, ok := st.Stream(buf)
		for _, x := range buf[:n] {
			out = append(out, float32(x[0]))
		}
		if !ok {
			break
		}
	}
	return out, format
}

func TestRecorderWritesWhatWasPlayed(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "session.wav")
	clock := new(ManualClock)
	r := NewRecorder(RecorderConfig{Clock: clock.Now, Path: out})

	clock.Set(1 * sec)
	r.Play(Info)
	clock.Set(3 * sec)
	r.Play(TakeoverStage1)
	clock.Set(5 * sec)
	r.Play(TakeoverStage2) // replaces stage 1
	clock.Set(6 * sec)
	r.Stop(TakeoverStage2)
	clock.Set(8 * sec)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}

	got, format := decodeWAV(t, out)
	if format.SampleRate != SampleRate || format.NumChannels != 1 {
		t.Errorf("format %+v", format)
	}
	if want := SampleRate.N(8 * sec); len(got) != want {
		t.Errorf("%d samples, want %d (8 s)", len(got), want)
	}
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	for _, w := range []struct {
		from, to time.Duration
		loud     bool
	}{
		{0, 1 * sec, false},                       // before the chime: digital silence
		{1 * sec, 1*sec + ms(500), true},          // the info chime
		{1*sec + ms(650), 3 * sec, false},         // between
		{3 * sec, 3*sec + ms(900), true},          // stage 1 ding-dong
		{4*sec + ms(500), 4*sec + ms(1400), true}, // …repeated 1.5 s later
		{5 * sec, 6 * sec, true},                  // stage 2, continuous
		{6*sec + ms(10), 8 * sec, false},          // stopped (5 ms fade)
	} {
		rms := RMS(got, w.from, w.to)
		if w.loud && rms < 0.05 || !w.loud && rms != 0 {
			t.Errorf("RMS %v–%v = %.4f, want loud=%v", w.from, w.to, rms, w.loud)
		}
	}
	// Stage 1 began exactly at 3 s: silence up to that sample, sound after.
	if rms := RMS(got, 3*sec-ms(10), 3*sec); rms != 0 {
		t.Errorf("sound before stage 1 onset: %.4f", rms)
	}
	if rms := RMS(got, 3*sec, 3*sec+ms(10)); rms < 0.05 {
		t.Errorf("stage 1 not at its onset: %.4f", rms)
	}
	// 16-bit quantisation aside, the file is exactly the in-memory render.
	clone := r.Render()
	for i := range got {
		if d := got[i] - clone[i]; d > 1.0/16384 || d < -1.0/16384 {
			t.Fatalf("sample %d: file %.5f, render %.5f", i, got[i], clone[i])
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	evs := r.Events()
	if len(evs) != 4 || evs[2].String() != "5s play takeover-stage-2" || !evs[3].Stop {
		t.Errorf("events %v", evs)
	}
}

func TestRecorderKeepsTheLastChimeWhole(t *testing.T) {
	clock := new(ManualClock)
	r := NewRecorder(RecorderConfig{Clock: clock.Now})
	r.Play(Warning)
	clock.Advance(100 * time.Millisecond) // the session ends mid-chime
	got := r.Render()
	if !slices.Equal(got, Samples(Warning)) {
		t.Errorf("a chime alone on the timeline must render to exactly its samples (%d vs %d)", len(got), len(Samples(Warning)))
	}
	_ = r.Close()
	r.Play(Critical) // after Close: ignored, no panic
	if len(r.Events()) != 1 {
		t.Error("played after Close")
	}
}

func TestRecorderForwardsToInner(t *testing.T) {
	inner := NewRecorder(RecorderConfig{Clock: new(ManualClock).Now})
	r := NewRecorder(RecorderConfig{Inner: inner, Clock: new(ManualClock).Now})
	r.Play(Warning)
	r.Stop(Warning)
	r.Play(None) // nothing to log
	if got := inner.Events(); len(got) != 2 {
		t.Errorf("inner saw %v", got)
	}
	if !strings.Contains(r.Name(), "rec") {
		t.Errorf("Name %q should show the recording", r.Name())
	}
}

func TestRecorderUnwritablePath(t *testing.T) {
	r := NewRecorder(RecorderConfig{Path: filepath.Join(t.TempDir(), "missing", "dir", "x.wav")})
	if !strings.Contains(r.Name(), "recording failed") || !strings.Contains(Reason(r), "recording:") {
		t.Errorf("Name %q, Reason %q: the failure must show at start-up", r.Name(), Reason(r))
	}
	r.Play(Info)
	if err := r.Close(); err == nil {
		t.Error("Close must report the failed recording")
	}
}

func TestOpenWithOutRecords(t *testing.T) {
	noServer(t)
	out := filepath.Join(t.TempDir(), "out.wav")
	clock := new(ManualClock)
	p := Open(Options{Mode: ModeOff, Out: out, Clock: clock.Now})
	p.Play(Critical)
	clock.Advance(sec)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := decodeWAV(t, out)
	if RMS(got, 0, 600*time.Millisecond) < 0.1 || RMS(got, 700*time.Millisecond, sec) != 0 {
		t.Error("recording does not hold the critical alert where it played")
	}
}

func TestEngineRules(t *testing.T) {
	render := func(evs ...Event) []float32 {
		clock := new(ManualClock)
		r := NewRecorder(RecorderConfig{Clock: clock.Now})
		for _, e := range evs {
			clock.Set(e.At)
			if e.Stop {
				r.Stop(e.Sound)
			} else {
				r.Play(e.Sound)
			}
		}
		clock.Set(3 * sec)
		return r.Render()
	}
	once := render(Event{At: 0, Sound: TakeoverStage1})
	again := render(Event{At: 0, Sound: TakeoverStage1}, Event{At: 700 * time.Millisecond, Sound: TakeoverStage1})
	if !slices.Equal(once, again) {
		t.Error("replaying a continuous sound must not restart its rhythm")
	}
	restart := render(Event{At: 0, Sound: Warning}, Event{At: 100 * time.Millisecond, Sound: Warning})
	if RMS(restart, 600*time.Millisecond, 620*time.Millisecond) == 0 {
		t.Error("replaying a one-shot must restart it")
	}
	// Once the old copy has faded out (5 ms), only the new one sounds.
	at := SampleRate.N(100 * time.Millisecond)
	tail := restart[at+fadeSamples+1 : at+len(Samples(Warning))]
	if !slices.Equal(tail, Samples(Warning)[fadeSamples+1:]) {
		t.Error("a restarted one-shot stacked on its previous copy")
	}
	stop := render(Event{At: 0, Sound: Proximity(0.2)}, Event{At: sec, Sound: Proximity(1.4), Stop: true})
	if RMS(stop, sec+5*time.Millisecond+23*time.Microsecond, 3*sec) != 0 {
		t.Error("Stop of any proximity sound must silence parking beeps within the fade")
	}
}

func TestLoadBankOverrides(t *testing.T) {
	// A designer's warning: 0.1 s of a constant level at 22.05 kHz.
	var buf bytes.Buffer
	ws := &memWS{}
	level := beep.StreamerFunc(func(s [][2]float64) (int, bool) {
		for i := range s {
			s[i] = [2]float64{0.25, 0.25}
		}
		return len(s), true
	})
	if err := wav.Encode(ws, beep.Take(2205, level), beep.Format{SampleRate: 22050, NumChannels: 2, Precision: 2}); err != nil {
		t.Fatal(err)
	}
	buf.Write(ws.b)
	fsys := fstest.MapFS{
		"sounds/warning.wav":  {Data: buf.Bytes()},
		"sounds/critical.wav": {Data: []byte("not a wav")},
	}
	b, err := LoadBank(fsys, "sounds")
	if err == nil || !strings.Contains(err.Error(), "critical.wav") {
		t.Errorf("broken file not reported: %v", err)
	}
	if !b.Overridden(Warning) || b.Overridden(Critical) || b.Overridden(Info) {
		t.Error("override set wrong")
	}
	c := b.clip(Warning)
	if d := c.duration(); d < 99*time.Millisecond || d > 101*time.Millisecond {
		t.Errorf("resampled override lasts %v, want 100 ms", d)
	}
	// Played through a recorder, it fades in (it starts at 0.25, not 0).
	r := NewRecorder(RecorderConfig{Clock: new(ManualClock).Now, Bank: b})
	r.Play(Warning)
	got := r.Render()
	if got[0] != 0 || got[len(got)/2] < 0.24 {
		t.Errorf("override rendered %.3f … %.3f", got[0], got[len(got)/2])
	}
	if DefaultBank().Overridden(Warning) || (*Bank)(nil).Overridden(Warning) {
		t.Error("default bank overrides nothing")
	}
}

// memWS is an in-memory io.WriteSeeker for the WAV encoder.
type memWS struct {
	b   []byte
	pos int
}

func (m *memWS) Write(p []byte) (int, error) {
	if n := m.pos + len(p); n > len(m.b) {
		m.b = append(m.b, make([]byte, n-len(m.b))...)
	}
	copy(m.b[m.pos:], p)
	m.pos += len(p)
	return len(p), nil
}

func (m *memWS) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case 0:
		m.pos = int(off)
	case 1:
		m.pos += int(off)
	case 2:
		m.pos = len(m.b) + int(off)
	}
	return int64(m.pos), nil
}

func BenchmarkRecorderRender10s(b *testing.B) {
	clock := new(ManualClock)
	r := NewRecorder(RecorderConfig{Clock: clock.Now})
	for i := range 10 {
		clock.Set(time.Duration(i) * sec)
		r.Play(Earcons()[i%len(Earcons())])
	}
	clock.Set(10 * sec)
	for b.Loop() {
		r.Render()
	}
}

// TestRecorderNeverReplacesASpecialFile: --audio-out naming a FIFO, a
// folder or a link (as /dev/full is a device) fails at start-up, and the
// file there is still what it was after Close, with no temporary file left
// beside it; a FIFO made there during the drive is not replaced either.
func TestRecorderNeverReplacesASpecialFile(t *testing.T) {
	noServer(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	folder := filepath.Join(dir, "folder.wav")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.wav")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{fifo, folder, link} {
		r := NewRecorder(RecorderConfig{Path: target, Clock: new(ManualClock).Now})
		if !strings.Contains(r.Name(), "recording failed") || !strings.Contains(Reason(r), "not a regular file") {
			t.Errorf("%s: Name %q, Reason %q: the refusal must show at start-up", target, r.Name(), Reason(r))
		}
		r.Play(Info)
		if err := r.Close(); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: Close = %v, want it refused", target, err)
		}
	}
	late := filepath.Join(dir, "late.wav")
	r := NewRecorder(RecorderConfig{Path: late, Clock: new(ManualClock).Now})
	if err := syscall.Mkfifo(late, 0o600); err != nil {
		t.Fatal(err)
	}
	r.Play(Info)
	if err := r.Close(); err == nil {
		t.Error("Close replaced a FIFO made during the drive")
	}
	for name, want := range map[string]os.FileMode{fifo: os.ModeNamedPipe, folder: os.ModeDir, link: os.ModeSymlink, late: os.ModeNamedPipe} {
		if fi, err := os.Lstat(name); err != nil || fi.Mode().Type() != want {
			t.Errorf("%s was replaced: %v %v", name, fi.Mode(), err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
}

// TestRecordedWAVIsAnOrdinaryFile: the WAV is the user's file like a
// recording (0644), not private as its temporary file was; one it replaces
// keeps its permissions.
func TestRecordedWAVIsAnOrdinaryFile(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.wav")
	kept := filepath.Join(dir, "kept.wav")
	if err := os.WriteFile(kept, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{fresh: 0o644, kept: 0o640} {
		clock := new(ManualClock)
		r := NewRecorder(RecorderConfig{Clock: clock.Now, Path: path})
		clock.Set(1 * sec)
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
		}
	}
}
