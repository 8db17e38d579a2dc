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

// normalize prepares text for tagging: valid UTF-8, control characters and
// unknown symbols turned into spaces, ASCII lower case, full-width forms
// folded to half-width, Chinese punctuation mapped to separators, white
// space collapsed, and no spaces left between two Han characters (speech
// recognisers insert them at random). At most MaxParseRunes runes are kept.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), MaxParseRunes*3) + 8)
	n := 0
	pendingSpace := false
	var prev rune // last rune written, 0 at start
	for i := 0; i < len(s) && n < MaxParseRunes; {
		r, size := utf8.DecodeRuneInString(s[i:])
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
			n++
		}
		pendingSpace = false
		b.WriteRune(r)
		prev = r
		n++
	}
	return b.String()
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
