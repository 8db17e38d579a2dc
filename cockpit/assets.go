package cockpit

import (
	"errors"
	"io/fs"
	"sync"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/theme"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
)

// Assets are the cockpit's data files, loaded and validated once before
// the program starts (never in Update).
type Assets struct {
	Themes map[string]*theme.Theme
	Tables map[string]*i18n.Table
	// Signals is the catalogue of the car's signals (assets/signals), which
	// the signal inspector shows and every session is given.
	Signals *signal.Catalog
	// HMI is the takeover HMI the tree ships (hmi/takeover.yaml): what
	// the banner shows and the cockpit sounds without --hmi. Nil for a
	// tree without one (a designer's folder of themes): the built-in.
	HMI *hmi.Takeover
}

// LoadAssets reads themes/*.yaml and ui/*.yaml from an asset tree
// (normally assets.FS()), reporting every problem as file:line:col.
func LoadAssets(fsys fs.FS) (*Assets, error) {
	th, err1 := theme.LoadAll(fsys)
	tb, err2 := i18n.LoadAll(fsys)
	sg, err3 := signal.Load(fsys)
	var h *hmi.Takeover
	var err4 error
	if _, err := fs.Stat(fsys, hmi.DefaultPath); !errors.Is(err, fs.ErrNotExist) {
		h, err4 = hmi.Default(fsys)
	}
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return nil, err
	}
	return &Assets{Themes: th, Tables: tb, Signals: sg, HMI: h}, nil
}

// builtinHMI is the embedded shipped HMI, read once: the fallback of a
// model given no HMI (tests, tools). The file is embedded and checked by
// the tests, so failing to read it is a broken build.
var builtinHMI = sync.OnceValue(func() *hmi.Takeover {
	h, err := hmi.Default(assets.FS())
	if err != nil {
		panic("cockpit: the built-in takeover HMI: " + err.Error())
	}
	return h
})

// takeoverHMI is the HMI a model of session s shows: the session's own
// (--hmi), else the asset tree's (given), else the built-in one.
func takeoverHMI(s *session.Session, given *hmi.Takeover) *hmi.Takeover {
	if s != nil {
		if h := s.Config().HMI; h != nil {
			return h
		}
	}
	if given != nil {
		return given
	}
	return builtinHMI()
}
