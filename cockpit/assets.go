package cockpit

import (
	"errors"
	"io/fs"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/theme"
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
}

// LoadAssets reads themes/*.yaml and ui/*.yaml from an asset tree
// (normally assets.FS()), reporting every problem as file:line:col.
func LoadAssets(fsys fs.FS) (*Assets, error) {
	th, err1 := theme.LoadAll(fsys)
	tb, err2 := i18n.LoadAll(fsys)
	sg, err3 := signal.Load(fsys)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	return &Assets{Themes: th, Tables: tb, Signals: sg}, nil
}
