package cabin_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/drive/msg"
)

// catalogues are assets/ui's, loaded once: the cabin speaks by message key
// and its tests read what the driver reads, in both languages.
var catalogues = sync.OnceValues(func() (map[string]*i18n.Table, error) { return i18n.LoadAll(assets.FS()) })

func said(t testing.TB, lang string, m msg.Msg) string {
	t.Helper()
	tables, err := catalogues()
	if err != nil {
		t.Fatal(err)
	}
	s := tables[lang].Render(m, nil)
	if s == "" || strings.Contains(s, "⟦") || strings.Contains(s, "{") {
		t.Errorf("%s: %s renders as %q", lang, m, s)
	}
	return s
}

// en and zh are what the driver reads of m.
func en(t testing.TB, m msg.Msg) string { t.Helper(); return said(t, "en", m) }
func zh(t testing.TB, m msg.Msg) string { t.Helper(); return said(t, "zh", m) }
