// Package i18ntest lets the drive core's tests read what a driver reads:
// the core speaks by message key, and a test that asserts a sentence
// renders it through the shipped catalogues (assets/ui), in each language.
// Only tests import it.
package i18ntest

import (
	"strings"
	"sync"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/msg"
	"github.com/nevsim/cockpit/drive/world"
)

// Catalogues are assets/ui's, loaded once for every test of the binary.
var Catalogues = sync.OnceValues(func() (map[string]*i18n.Table, error) { return i18n.LoadAll(assets.FS()) })

// Table is the shipped catalogue of lang; a catalogue that does not load
// fails the test.
func Table(t testing.TB, lang string) *i18n.Table {
	t.Helper()
	tables, err := Catalogues()
	if err != nil {
		t.Fatal(err)
	}
	tb := tables[lang]
	if tb == nil {
		t.Fatalf("no %s catalogue", lang)
	}
	return tb
}

// Said is m as a driver reads it in lang, names from m's map (nil for
// none). A message that says nothing, a key missing from the catalogue
// (⟦key⟧) or a placeholder left unfilled fails the test.
func Said(t testing.TB, lang string, m msg.Msg, on *world.Map) string {
	t.Helper()
	s := Table(t, lang).Render(m, on)
	if m.IsZero() || s == "" || strings.Contains(s, "⟦") || strings.Contains(s, "{") {
		t.Errorf("%s: %s renders as %q", lang, m, s)
	}
	return s
}
