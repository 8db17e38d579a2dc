package voice

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxParseRunes bounds how much of one utterance the parser looks at. Speech
// commands are short; a 100 KB line is an attack or a mistake, and reading
// only its head keeps the work per utterance linear and small.
const MaxParseRunes = 400

// MaxScanRunes bounds how many runes of the input normalize reads, kept or
// dropped (control characters, invalid bytes, spaces), so the same prefix
// of any input decides the answer.
const MaxScanRunes = 2 * MaxParseRunes

// normalize prepares text for tagging: valid UTF-8, control characters and
// unknown symbols turned into spaces, ASCII lower case, full-width forms
// folded to half-width, Chinese punctuation mapped to separators, white
// space collapsed, and no spaces left between two Han characters (speech
// recognisers insert them at random). At most MaxParseRunes runes are kept.
func normalize(s string) string {
	out, _ := normalizeMap(s, nil)
	return out
}

// span is where a byte of the normalised text came from in the original.
type span struct{ from, to int32 }

// normalizeMap is normalize that also records, for every byte of the
// result, the original bytes it came from, so free text can be returned as
// it was written ("Jay Chou", "APT") rather than lower-cased. With a nil
// buffer it records nothing.
func normalizeMap(s string, origin []span) (string, []span) {
	var b strings.Builder
	b.Grow(min(len(s), MaxParseRunes*3) + 8)
	n, seen := 0, 0
	pendingSpace := false
	var prev rune // last rune written, 0 at start
	for i := 0; i < len(s) && n < MaxParseRunes && seen < MaxScanRunes; seen++ {
		r, size := utf8.DecodeRuneInString(s[i:])
		start := i
		i += size
		if r == utf8.RuneError && size <= 1 {
			pendingSpace = true
			continue
		}
		r = foldRune(r)
		if r == ' ' {
			pendingSpace = true
			continue
		}
		if pendingSpace && prev != 0 && !(isHan(prev) && isHan(r)) && prev != ' ' {
			if n+1 >= MaxParseRunes {
				break
			}
			b.WriteByte(' ')
			if origin != nil {
				origin = append(origin, span{int32(start), int32(start)})
			}
			n++
		}
		pendingSpace = false
		w, _ := b.WriteRune(r)
		if origin != nil {
			for k := 0; k < w; k++ {
				origin = append(origin, span{int32(start), int32(i)})
			}
		}
		prev = r
		n++
	}
	return b.String(), origin
}

// cleanSpan tidies free text cut from the original utterance: what
// normalize does, except that letter case is kept.
func cleanSpan(s string) string {
	var b strings.Builder
	pendingSpace := false
	var prev rune
	for _, r := range s {
		if r == utf8.RuneError {
			pendingSpace = true
			continue
		}
		r = foldFullWidth(r)
		f := foldRune(r)
		if f == ' ' {
			pendingSpace = true
			continue
		}
		if unicode.ToLower(r) != f {
			r = f // a real change (punctuation), not only case
		}
		if pendingSpace && prev != 0 && !(isHan(prev) && isHan(r)) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// clip returns at most the first MaxParseRunes runes of s.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == MaxParseRunes {
			return s[:i]
		}
		n++
	}
	return s
}

// foldFullWidth maps full-width ASCII forms to ASCII, keeping case.
func foldFullWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

// foldRune maps one rune to its normalised form; ' ' means "white space".
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if r < 0x20 || r == 0x7f || r == '\t' {
			return ' '
		}
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		switch r {
		case '"', '(', ')', '[', ']', '{', '}', '<', '>', '*', '_', '=', '|', '\\', '~', '^', '`':
			return ' '
		}
		return r
	}
	switch r {
	case '，', '！', '？', '；': // full-width, but Chinese sentence punctuation
		if r == '，' {
			return '，'
		}
		return '。'
	}
	if r >= 0xFF01 && r <= 0xFF5E { // other full-width ASCII
		return foldRune(r - 0xFEE0)
	}
	switch r {
	case 0x3000, 0x00A0:
		return ' '
	case '，', '、':
		return '，'
	case '。', '…':
		return '。'
	case '：':
		return ':'
	case '’', '‘', '`', '´':
		return '\''
	case '“', '”', '「', '」', '《', '》', '【', '】', '（', '）':
		return ' '
	case '—', '–', '－':
		return '-'
	case '°':
		return '°'
	}
	if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
		return ' '
	}
	if unicode.IsUpper(r) {
		return unicode.ToLower(r)
	}
	return r
}

// isHan reports whether r is a CJK ideograph (the script of Chinese words).
func isHan(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF || r >= 0x20000 && r <= 0x2FFFF
}

// isWordRune reports whether r belongs to a Latin-script word or a number,
// where phrase matches must stop at word boundaries.
func isWordRune(r rune) bool {
	return r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') ||
		r >= 0x80 && unicode.IsLetter(r) && !isHan(r) && !unicode.Is(unicode.Hiragana, r) && !unicode.Is(unicode.Katakana, r)
}

// detectLang picks "zh" when the text holds Han characters at least as many
// as Latin words (so "打开 AC" is Chinese, "play 周杰伦 please" is Chinese
// too: the command words decide little, the reply should match the bulk of
// what was said), else "en".
func detectLang(norm string) string {
	han, words := 0, 0
	inWord := false
	for _, r := range norm {
		switch {
		case isHan(r):
			han++
			inWord = false
		case isWordRune(r) && !(r >= '0' && r <= '9'):
			if !inWord {
				words++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	if han > 0 && han >= words {
		return "zh"
	}
	return "en"
}
