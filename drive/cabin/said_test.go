package cabin_test

import (
	"testing"

	"github.com/nevsim/cockpit/cockpit/i18n/i18ntest"
	"github.com/nevsim/cockpit/drive/msg"
)

func said(t testing.TB, lang string, m msg.Msg) string {
	t.Helper()
	return i18ntest.Said(t, lang, m, nil)
}

// en and zh are what the driver reads of m.
func en(t testing.TB, m msg.Msg) string { t.Helper(); return said(t, "en", m) }
func zh(t testing.TB, m msg.Msg) string { t.Helper(); return said(t, "zh", m) }
