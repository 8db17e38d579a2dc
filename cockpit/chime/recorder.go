package chime

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

// Event is one Play or Stop call on a Recorder's timeline.
type Event struct {
	// At is the clock reading when the call was made.
	At time.Duration
	// Sound is what was played or stopped.
	Sound Sound
	// Stop is true for Stop calls.
	Stop bool
}

// String formats the event as "1.250s play warning".
func (e Event) String() string {
	verb := "play"
	if e.Stop {
		verb = "stop"
	}
	return fmt.Sprintf("%v %s %s", e.At, verb, e.Sound)
}

// RecorderConfig configures NewRecorder.
type RecorderConfig struct {
	// Inner receives every call as well; nil means Silent, which is what
	// tests want: no device at all.
	Inner Player
	// Clock returns the time since the start of the session. Nil means the
	// wall clock; tests pass ManualClock.Now for sample-exact timelines.
	Clock func() time.Duration
	// Path, if set, is where Close writes the WAV file (atomically).
	Path string
	// Bank provides the samples; nil means DefaultBank.
	Bank *Bank
}

// Recorder is a Player that logs every call on a timeline and can render
// that timeline to audio with the same mixing rules as the device. The
// result is exactly what the cockpit played, independent of whether a
// device was present and of its buffering latency.
//
// One-shots that are still ringing when the recording ends are kept to
// their natural end so that no chime is cut; continuous sounds end at the
// clock reading of the end.
type Recorder struct {
	mu      sync.Mutex
	inner   Player
	clock   func() time.Duration
	bank    *Bank
	path    string
	tmp     *os.File
	setup   error
	events  []Event
	closed  bool
	closeAt time.Duration
}

// NewRecorder returns a recorder. With a Path it creates the temporary file
// at once, so an unwritable path shows in Name and Reason at start-up rather
// than at exit.
func NewRecorder(cfg RecorderConfig) *Recorder {
	r := &Recorder{inner: cfg.Inner, clock: cfg.Clock, bank: cfg.Bank, path: cfg.Path}
	if r.inner == nil {
		r.inner = Silent{Short: "recording only"}
	}
	if r.clock == nil {
		start := time.Now()
		r.clock = func() time.Duration { return time.Since(start) }
	}
	if r.path != "" {
		if r.setup = checkTarget(r.path); r.setup == nil {
			r.tmp, r.setup = os.CreateTemp(filepath.Dir(r.path), "."+filepath.Base(r.path)+".*.tmp")
			if r.setup == nil {
				lockTemp(r.tmp)
			}
		}
	}
	return r
}

// checkTarget refuses a path that a rename would wrongly replace: anything
// that exists and is not a regular file (a device such as /dev/full, a
// FIFO, a folder, a link). The caller's flag checks say so at start; this
// holds again at the rename, whoever made the recorder.
func checkTarget(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%s); a recording only ever replaces a regular file", path, info.Mode().Type())
	}
	return nil
}

// Play forwards to the inner player and logs the call.
func (r *Recorder) Play(s Sound) { r.log(s, false) }

// Stop forwards to the inner player and logs the call.
func (r *Recorder) Stop(s Sound) { r.log(s, true) }

func (r *Recorder) log(s Sound, stop bool) {
	if s == None || !s.Valid() {
		return
	}
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	r.events = append(r.events, Event{At: r.clock(), Sound: s, Stop: stop})
	inner := r.inner
	r.mu.Unlock()
	if stop {
		inner.Stop(s)
	} else {
		inner.Play(s)
	}
}

// Name is the inner player's name with the recording noted.
func (r *Recorder) Name() string {
	n := r.inner.Name()
	switch {
	case r.setup != nil:
		return n + " · recording failed"
	case r.path != "":
		return n + " · rec " + filepath.Base(r.path)
	}
	return n + " · rec"
}

// Reason joins the inner player's reason with any recording error.
func (r *Recorder) Reason() string {
	parts := []string{}
	if s := Reason(r.inner); s != "" {
		parts = append(parts, s)
	}
	if r.setup != nil {
		parts = append(parts, "recording: "+r.setup.Error())
	}
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "; "
		}
		out += p
	}
	return out
}

// Events returns a copy of the timeline so far.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// Render returns the recording so far (up to the clock's current reading,
// or to Close) as mono samples at SampleRate.
func (r *Recorder) Render() []float32 {
	tl := r.timeline()
	out := make([]float32, tl.end)
	tl.readMono(out)
	return out
}

// RMS returns the root-mean-square level of the recording between from and
// to: 0 for silence, about 0.2–0.5 while an earcon plays.
func (r *Recorder) RMS(from, to time.Duration) float64 {
	return RMS(r.Render(), from, to)
}

// RMS returns the root-mean-square of samples (at SampleRate) between from
// and to, clamped to the slice.
func RMS(samples []float32, from, to time.Duration) float64 {
	a := min(max(SampleRate.N(from), 0), len(samples))
	b := min(max(SampleRate.N(to), a), len(samples))
	if b == a {
		return 0
	}
	var sum float64
	for _, x := range samples[a:b] {
		sum += float64(x) * float64(x)
	}
	return math.Sqrt(sum / float64(b-a))
}

// WAVFormat is the format of recordings: 16-bit mono, since every earcon
// is mono.
var WAVFormat = beep.Format{SampleRate: SampleRate, NumChannels: 1, Precision: 2}

// Close closes the inner player and, with a Path, writes the WAV file:
// into the temporary file first, then renamed over Path, so a crash never
// leaves half a file. Later calls return nil.
func (r *Recorder) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closeAt = r.clock()
	r.closed = true
	r.mu.Unlock()

	err := r.inner.Close()
	if r.path == "" {
		return err
	}
	if r.setup != nil {
		return errors.Join(err, fmt.Errorf("chime: recording to %s: %w", r.path, r.setup))
	}
	return errors.Join(err, r.write())
}

func (r *Recorder) write() (err error) {
	f := r.tmp
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
			err = fmt.Errorf("chime: recording to %s: %w", r.path, err)
		}
	}()
	// The WAV is an ordinary file of the user's, like a recording
	// (CreateTemp makes it private); a file it replaces keeps its
	// permissions.
	mode := os.FileMode(0o644)
	if info, err := os.Stat(r.path); err == nil {
		mode = info.Mode().Perm()
	}
	if err := f.Chmod(mode); err != nil {
		return err
	}
	if err := wav.Encode(f, r.timeline(), WAVFormat); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := checkTarget(r.path); err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), r.path)
}

// timeline snapshots the events into a streamer over the whole recording.
func (r *Recorder) timeline() *timeline {
	r.mu.Lock()
	evs := slices.Clone(r.events)
	now := r.closeAt
	if !r.closed {
		now = r.clock()
	}
	r.mu.Unlock()
	slices.SortStableFunc(evs, func(a, b Event) int { return int(a.At - b.At) })
	e := newEngine(r.bank)
	end := sampleAt(now)
	for _, ev := range evs {
		if ev.Stop || ev.Sound.Continuous() {
			continue
		}
		if c := e.bank.clip(ev.Sound); c != nil {
			end = max(end, sampleAt(ev.At)+len(c.samples))
		}
	}
	return &timeline{e: e, events: evs, end: end}
}

// sampleAt converts a clock reading to a sample index, rounding down.
func sampleAt(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(int64(d) / int64(time.Microsecond) * int64(SampleRate) / 1e6)
}

// timeline renders events through an engine, applying each one at its
// exact sample.
type timeline struct {
	e        *engine
	events   []Event
	next     int
	pos, end int
	mono     []float32
}

func (t *timeline) readMono(out []float32) int {
	n := min(len(out), t.end-t.pos)
	done := 0
	for done < n {
		for t.next < len(t.events) && sampleAt(t.events[t.next].At) <= t.pos {
			ev := t.events[t.next]
			if ev.Stop {
				t.e.stop(ev.Sound)
			} else {
				t.e.play(ev.Sound)
			}
			t.next++
		}
		chunk := n - done
		if t.next < len(t.events) {
			chunk = min(chunk, sampleAt(t.events[t.next].At)-t.pos)
		}
		t.e.read(out[done : done+chunk])
		done += chunk
		t.pos += chunk
	}
	return n
}

// Stream implements beep.Streamer for the WAV encoder.
func (t *timeline) Stream(samples [][2]float64) (int, bool) {
	if t.pos >= t.end {
		return 0, false
	}
	if cap(t.mono) < len(samples) {
		t.mono = make([]float32, len(samples))
	}
	n := t.readMono(t.mono[:len(samples)])
	for i, x := range t.mono[:n] {
		samples[i] = [2]float64{float64(x), float64(x)}
	}
	return n, true
}

// Err implements beep.Streamer.
func (t *timeline) Err() error { return nil }

// ManualClock is a clock for tests and deterministic recordings: it only
// moves when told to.
type ManualClock struct {
	mu sync.Mutex
	t  time.Duration
}

// Now returns the current reading; pass it as RecorderConfig.Clock.
func (c *ManualClock) Now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t += d
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Duration) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
