package chime

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/wav"
)

// Bank maps sounds to their samples: the synthesised earcons, optionally
// overridden by a designer's WAV files. A Bank is immutable once built and
// may be shared by players.
type Bank struct {
	over map[Sound]*clip
}

// DefaultBank returns the synthesised sounds with no overrides.
func DefaultBank() *Bank { return &Bank{} }

func (b *Bank) clip(s Sound) *clip {
	if b != nil {
		if c, ok := b.over[s]; ok {
			return c
		}
	}
	return synthesised(s)
}

// Overridden reports whether s comes from a WAV file rather than synthesis.
func (b *Bank) Overridden(s Sound) bool {
	if b == nil {
		return false
	}
	_, ok := b.over[s]
	return ok
}

// LoadBank builds a Bank whose sounds are overridden by "<name>.wav" files
// in dir of fsys, where name is Sound.String() (e.g. "warning.wav",
// "takeover-stage-2.wav"). Missing files keep the synthesised sound, so a
// designer can replace one earcon at a time; a continuous sound's WAV is one
// loop period. The Bank is usable even when an error is returned: broken
// files are skipped and reported together.
func LoadBank(fsys fs.FS, dir string) (*Bank, error) {
	b := &Bank{over: map[Sound]*clip{}}
	var errs []error
	for _, s := range All() {
		name := path.Join(dir, s.String()+".wav")
		f, err := fsys.Open(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c, err := decodeClip(f, s.Continuous())
		_ = f.Close()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		b.over[s] = c
	}
	return b, errors.Join(errs...)
}

// decodeClip reads a WAV file into a mono clip at SampleRate, resampling
// and down-mixing as needed, and normalising nothing: the designer's level
// is kept.
func decodeClip(r io.Reader, loop bool) (c *clip, err error) {
	defer func() {
		// beep's decoders are not hardened against every malformed file;
		// a broken asset must not take the cockpit down.
		if p := recover(); p != nil {
			c, err = nil, fmt.Errorf("decoding WAV: %v", p)
		}
	}()
	st, format, err := wav.Decode(r)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var src beep.Streamer = st
	if format.SampleRate != SampleRate {
		src = beep.Resample(4, format.SampleRate, SampleRate, st)
	}
	var out []float32
	tmp := make([][2]float64, 512)
	const maxSamples = 30 * int(SampleRate) // an earcon longer than 30 s is a mistake
	for len(out) < maxSamples {
		n, ok := src.Stream(tmp)
		for _, x := range tmp[:n] {
			out = append(out, float32(min(max((x[0]+x[1])/2, -1), 1)))
		}
		if !ok {
			break
		}
	}
	if err := st.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no samples")
	}
	return newClip(out, loop), nil
}
