package voice

import (
	"strings"
	"unicode/utf8"
)

// number is a numeral read from the text: its value, the digits as said
// (for phone numbers and numbered slots, where "幺八幺" must stay "181"),
// how many bytes it spans and the unit glued to it ("22度半", "50%").
type number struct {
	value  float64
	digits string
	end    int    // byte offset just after the number (and its unit)
	unit   string // "deg", "percent" or ""
}

// readNumber reads a number starting at byte offset i of the normalised
// text s, in any of the supported forms; ok is false when there is none.
func readNumber(s string, i int) (n number, ok bool) {
	if i >= len(s) {
		return n, false
	}
	c := s[i]
	switch {
	case c >= '0' && c <= '9':
		if i > 0 && isWordByte(s[i-1]) {
			return n, false
		}
		return readDigits(s, i)
	case c >= 'a' && c <= 'z':
		if i > 0 && isWordByte(s[i-1]) {
			return n, false
		}
		return readEnglishNumber(s, i)
	}
	if strings.HasPrefix(s[i:], "百分之") {
		m, ok := readChineseNumber(s, i+len("百分之"))
		if !ok {
			return n, false
		}
		m.unit = "percent"
		return m, true
	}
	return readChineseNumber(s, i)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// readDigits reads 22, 22.5, 50% and phone-number digit strings.
func readDigits(s string, i int) (n number, ok bool) {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i > 18 { // not a quantity; keep the digits for phone numbers only
		n.digits = s[i:j]
		n.end = j
		n.value = 0
		return n, true
	}
	intEnd := j
	if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
		j++
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	}
	// "2nd", "33rd", "4x4": digits glued to letters are part of a name.
	if j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
		return n, false
	}
	n.value = parseDecimal(s[i:j])
	n.digits = s[i:intEnd]
	n.end = j
	switch rest := s[j:]; {
	case strings.HasPrefix(rest, "%"):
		n.unit = "percent"
		n.end = j + 1
	case strings.HasPrefix(rest, " and a half") && j == intEnd:
		n.value += 0.5
		n.end = j + len(" and a half")
	case strings.HasPrefix(rest, "度半") && j == intEnd:
		n.value += 0.5
		n.end = j + len("度半")
		n.unit = "deg"
	}
	return n, true
}

// parseDecimal parses a short ASCII decimal without allocating.
func parseDecimal(t string) float64 {
	var v, scale float64 = 0, 0
	for k := 0; k < len(t); k++ {
		c := t[k]
		if c == '.' {
			scale = 1
			continue
		}
		d := float64(c - '0')
		if scale > 0 {
			scale /= 10
			v += d * scale
		} else {
			v = v*10 + d
		}
	}
	return v
}

var englishUnits = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var englishTens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

// nextWord returns the Latin word at i (letters only) and the offset after it.
func nextWord(s string, i int) (string, int) {
	j := i
	for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
		j++
	}
	return s[i:j], j
}

// skipSpace skips one ASCII space or hyphen between number words.
func skipSep(s string, i int) int {
	if i < len(s) && (s[i] == ' ' || s[i] == '-') {
		return i + 1
	}
	return i
}

// readEnglishNumber reads "twenty two", "twenty-two and a half",
// "one hundred and five", "twenty two point five", "seventy five percent".
func readEnglishNumber(s string, i int) (n number, ok bool) {
	const (
		start = iota
		afterTens
		afterUnit
		afterHundred
	)
	total, cur, stage := 0, 0, start
	end, j := i, i
loop:
	for j < len(s) {
		w, k := nextWord(s, j)
		if w == "" || (k < len(s) && isWordByte(s[k])) {
			break
		}
		if v, isU := englishUnits[w]; isU {
			switch {
			case stage == start, stage == afterHundred && cur == 0:
				cur += v
			case stage == afterTens && v > 0 && v < 10:
				cur += v
			default:
				break loop
			}
			stage = afterUnit
		} else if v, isT := englishTens[w]; isT {
			if !(stage == start || stage == afterHundred && cur == 0) {
				break
			}
			cur += v
			stage = afterTens
		} else if w == "hundred" && stage == afterUnit && total == 0 && cur > 0 && cur < 10 {
			total, cur, stage = cur*100, 0, afterHundred
		} else if w == "and" && stage == afterHundred && cur == 0 {
			nw, _ := nextWord(s, skipSep(s, k))
			_, u := englishUnits[nw]
			_, t := englishTens[nw]
			if !u && !t {
				break
			}
			j = skipSep(s, k)
			continue
		} else {
			break
		}
		end = k
		j = skipSep(s, k)
	}
	if end == i {
		return n, false
	}
	n.value = float64(total + cur)
	n.end = end
	n.digits = itoa(total + cur)
	rest := s[end:]
	switch {
	case strings.HasPrefix(rest, " and a half"):
		n.value += 0.5
		n.end += len(" and a half")
	case strings.HasPrefix(rest, " and half"):
		n.value += 0.5
		n.end += len(" and half")
	case strings.HasPrefix(rest, " point "):
		w, k := nextWord(s, end+len(" point "))
		if v, ok := englishUnits[w]; ok && v < 10 {
			n.value += float64(v) / 10
			n.end = k
		}
	}
	if strings.HasPrefix(s[n.end:], " percent") {
		n.unit = "percent"
		n.end += len(" percent")
	}
	return n, true
}

func itoa(v int) string {
	if v == 0 {
		return "0"
	}
	var buf [20]byte
	k := len(buf)
	neg := v < 0
	if neg {
		v = -v
	}
	for v > 0 {
		k--
		buf[k] = byte('0' + v%10)
		v /= 10
	}
	if neg {
		k--
		buf[k] = '-'
	}
	return string(buf[k:])
}

// chineseDigit maps a Chinese numeral character to its digit; 幺 is the
// spoken "one" of phone numbers, 两 the counting "two".
func chineseDigit(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一', '幺':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

// readChineseNumber reads 二十二, 十九, 一百零五, 二点五, 二零二三 (digit by
// digit), 幺八幺… and the "度半" / "点五" endings, plus ASCII digits mixed
// in Chinese text (they are handled by readDigits when they come first).
func readChineseNumber(s string, i int) (n number, ok bool) {
	var digits strings.Builder
	total, section, last := 0, 0, -1
	hasUnit := false
	count := 0
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if d, isD := chineseDigit(r); isD {
			if d == 0 && hasUnit && last < 0 { // 一百零五: the 零 only marks a gap
				j += size
				count++
				continue
			}
			if last >= 0 && !hasUnit {
				// a run of digits: 二零二三, 幺八幺
				digits.WriteByte(byte('0' + d))
				last = d
				j += size
				count++
				continue
			}
			if last >= 0 && hasUnit {
				break // 二十二三: stop before the second digit
			}
			last = d
			digits.WriteByte(byte('0' + d))
		} else if r == '十' || r == '百' || r == '千' {
			mult := 10
			if r == '百' {
				mult = 100
			} else if r == '千' {
				mult = 1000
			}
			if digits.Len() > 1 && !hasUnit {
				break // 二零十: not a number we understand; stop
			}
			if last < 0 {
				if r != '十' {
					break
				}
				last = 1
			}
			section += last * mult
			last = -1
			hasUnit = true
			digits.Reset()
			digits.WriteByte('x')
		} else {
			break
		}
		j += size
		count++
	}
	if count == 0 {
		return n, false
	}
	if hasUnit {
		if last >= 0 {
			section += last
		}
		total += section
		n.value = float64(total)
		n.digits = itoa(total)
	} else {
		d := digits.String()
		n.digits = d
		n.value = parseDecimal(d)
		if len(d) > 15 {
			n.value = 0
		}
	}
	n.end = j
	// decimal part: 二点五, 二十二点五
	if strings.HasPrefix(s[j:], "点") {
		k := j + len("点")
		r, size := utf8.DecodeRuneInString(s[k:])
		if d, isD := chineseDigit(r); isD && r != '两' {
			frac := float64(d) / 10
			k += size
			r2, size2 := utf8.DecodeRuneInString(s[k:])
			if d2, isD2 := chineseDigit(r2); isD2 {
				frac += float64(d2) / 100
				k += size2
			}
			n.value += frac
			n.end = k
		}
	}
	if strings.HasPrefix(s[n.end:], "度半") {
		n.value += 0.5
		n.end += len("度半")
		n.unit = "deg"
	}
	return n, true
}
