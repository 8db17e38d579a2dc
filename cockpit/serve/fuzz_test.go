package serve

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSanitize: whatever name a client sends, what is shown and logged is
// valid UTF-8, bounded, and has no control or bidi-formatting character.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"alice", "", "\x1b]0;title\a", "a\u202eb", "\xff\xfe", "张伟"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := Sanitize(name)
		if !utf8.ValidString(got) {
			t.Fatalf("Sanitize(%q) = %q: not UTF-8", name, got)
		}
		if n := utf8.RuneCountInString(got); n == 0 || n > sanitizeMax+1 {
			t.Fatalf("Sanitize(%q) = %q: %d characters", name, got, n)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("Sanitize(%q) = %q: has %U", name, got, r)
			}
		}
	})
}
