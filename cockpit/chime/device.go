//go:build !noaudio

package chime

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/ebitengine/oto/v3"
	"github.com/jfreymuth/pulse"
)

// oto allows one context per process, and a failed one cannot be retried,
// so the context (or its failure) is shared by every Open.
var shared struct {
	mu      sync.Mutex
	created bool
	ctx     *oto.Context
	err     error
	short   string
}

// probeTimeout bounds the PulseAudio/PipeWire probe. A local socket answers
// in milliseconds; a dead TCP PULSE_SERVER must not hold the cockpit up.
const probeTimeout = time.Second

// openDevice probes for a sound server, then opens oto. Every failure and
// every timeout becomes Silent with the reason.
func openDevice(opts Options) (p Player) {
	defer func() {
		// Drivers reach into C libraries through purego; whatever goes wrong
		// in there must cost the cockpit its sound, not its life.
		if r := recover(); r != nil {
			p = Silent{Short: "audio failed", Detail: fmt.Sprint("audio start-up panicked: ", r)}
		}
	}()
	if err := probePulse(min(probeTimeout, opts.timeout())); err != nil && opts.Mode != ModeALSA {
		// Without a server oto would fall back to ALSA, and libasound prints
		// to stderr while it probes: only on request (ModeALSA).
		return Silent{Short: "no sound server", Detail: "no PulseAudio/PipeWire server: " + err.Error()}
	}
	if opts.Mode == ModeALSA {
		// oto may fall back to ALSA here; keep libasound's chatter off the
		// screen. The restore waits for the start-up to finish or time out.
		defer quietStderr()()
	}
	ctx, short, err := otoContext(opts.timeout())
	if err != nil {
		return Silent{Short: short, Detail: err.Error()}
	}
	return newDevice(ctx, opts.Bank)
}

// probePulse connects to the server the way oto will ($PULSE_SERVER, else
// $XDG_RUNTIME_DIR/pulse/native) and hangs up.
func probePulse(timeout time.Duration) error {
	done := make(chan error, 1)
	go func() {
		c, err := pulse.NewClient(pulse.ClientApplicationName("cockpit"), pulse.ClientTimeout(timeout))
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		// The goroutine ends when its dial or request times out; it touches
		// nothing shared.
		return fmt.Errorf("no answer within %v", timeout)
	}
}

// otoContext returns the shared oto context, creating it on first use and
// waiting at most timeout for it to become ready.
func otoContext(timeout time.Duration) (*oto.Context, string, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.created {
		return shared.ctx, shared.short, shared.err
	}
	shared.created = true
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{
		SampleRate:      int(SampleRate),
		ChannelCount:    2,
		Format:          oto.FormatFloat32LE,
		BufferSize:      50 * time.Millisecond, // short, so a warning is heard at once
		ApplicationName: "cockpit",
	})
	if err == nil {
		select {
		case <-ready:
			// beep's speaker.Init stops here and hangs later on a dead
			// device; the error only shows through Err.
			err = ctx.Err()
		case <-time.After(timeout):
			err = fmt.Errorf("sound device not ready within %v", timeout)
			shared.short = "audio timeout"
		}
	}
	if err != nil {
		if shared.short == "" {
			shared.short = "audio failed"
		}
		shared.err = err
		return nil, shared.short, err
	}
	shared.ctx = ctx
	return ctx, "", nil
}

// device plays through oto. oto pulls samples by calling Read from its own
// goroutine; Play and Stop only edit the engine under the lock, so they
// never wait for the device.
type device struct {
	mu     sync.Mutex
	e      *engine
	mono   []float32
	closed bool

	ctx    *oto.Context
	player *oto.Player
	once   sync.Once
}

func newDevice(ctx *oto.Context, b *Bank) *device {
	d := &device{e: newEngine(b), ctx: ctx}
	d.player = ctx.NewPlayer(d)
	// The stream runs for the whole session, silent when nothing plays.
	// Suspending the context when idle saves about 1 % of a core, but on
	// PulseAudio 16 the next sound then came ~0.9 s late with stale
	// fragments (measured here), and a late takeover request is worse than
	// a busy core.
	d.player.Play()
	return d
}

// Play starts s; it only takes the mixer lock.
func (d *device) Play(s Sound) {
	d.mu.Lock()
	if !d.closed {
		d.e.play(s)
	}
	d.mu.Unlock()
}

// Stop fades out s's group.
func (d *device) Stop(s Sound) {
	d.mu.Lock()
	d.e.stop(s)
	d.mu.Unlock()
}

// Name reports the device, or its failure once the stream has broken.
func (d *device) Name() string {
	if d.ctx.Err() != nil {
		return "silent (audio failed)"
	}
	return "sound: PulseAudio"
}

// Reason returns the stream error, if any.
func (d *device) Reason() string {
	if err := d.ctx.Err(); err != nil {
		return err.Error()
	}
	return "playing through PulseAudio/PipeWire (oto v3.5.0)"
}

// Read is called by oto: it mixes the engine into float32 LE stereo.
func (d *device) Read(p []byte) (int, error) {
	frames := len(p) / 8
	if frames == 0 {
		return 0, nil
	}
	d.mu.Lock()
	if cap(d.mono) < frames {
		d.mono = make([]float32, frames)
	}
	m := d.mono[:frames]
	d.e.read(m)
	d.mu.Unlock()
	for i, x := range m {
		b := math.Float32bits(x)
		binary.LittleEndian.PutUint32(p[8*i:], b)
		binary.LittleEndian.PutUint32(p[8*i+4:], b)
	}
	return frames * 8, nil
}

// Close stops the sounds and the player; the shared context stays open for
// a later Open (oto cannot create a second one).
func (d *device) Close() error {
	d.once.Do(func() {
		d.mu.Lock()
		d.closed = true
		d.e.stopAll()
		d.mu.Unlock()
		// oto closes a player when it becomes unreachable (Close is
		// deprecated); stop it reading now so the sound ends at once.
		d.player.PauseAndStopReading()
	})
	return nil
}

// The helpers below serve only the device, so they live under its build
// tag.

func (e *engine) stopAll() {
	for _, v := range e.voices {
		if v.fadeOut < 0 {
			v.fadeOut = fadeSamples
		}
	}
}

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}
