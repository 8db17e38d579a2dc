// Package common holds what every part of the cockpit UI shares: the screen
// size, the styles of the current theme, the keymap and the string table of
// the current language. The root model owns one Context and passes it by
// pointer to components when they render (like soft-serve's common.Common).
package common

import (
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/keys"
	"github.com/nevsim/cockpit/cockpit/theme"
)

// Layout sizes the cockpit by terminal size.
type Layout int

// Layouts, from the smallest usable terminal up.
const (
	// TooSmall is below MinWidth×MinHeight: only a message is shown.
	TooSmall Layout = iota
	// Compact is 80×24 up to just under Wide: one column.
	Compact
	// Wide adds a side column (notifications) next to the centre panel.
	Wide
)

// The minimum and the width from which the side column appears.
const (
	MinWidth, MinHeight = 80, 24
	WideWidth           = 120
	WideHeight          = 30
)

// Context is the shared, read-mostly state of the UI.
type Context struct {
	Width, Height int
	Styles        *theme.Styles
	Keys          *keys.KeyMap
	Tr            *i18n.Table
}

// Layout returns the layout for the current size.
func (c *Context) Layout() Layout {
	switch {
	case c.Width < MinWidth || c.Height < MinHeight:
		return TooSmall
	case c.Width >= WideWidth && c.Height >= WideHeight:
		return Wide
	}
	return Compact
}

// T is shorthand for c.Tr.T.
func (c *Context) T(key string) string { return c.Tr.T(key) }

// F is shorthand for c.Tr.F.
func (c *Context) F(key string, pairs ...string) string { return c.Tr.F(key, pairs...) }
