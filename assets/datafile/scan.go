package datafile

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// The limits every data file shares. The YAML library spends time and
// memory out of proportion to a file's size on some shapes (its parser
// recurses once per sibling key and copies the rest, so a mapping of n keys
// costs n² and 30,000 keys took 7 s and 7.5 GB; each nesting level and each
// document costs the same way), so a cheap scan of the bytes enforces these
// before the library sees them. Each is far above what a designer writes:
// the largest bundled files use a tenth or less (see docs/BENCHMARKS.md).
const (
	// MaxDepth bounds nesting: indentation steps, list dashes and
	// brackets all count one level each.
	MaxDepth = 64
	// MaxValues bounds the values of one file: every key, list entry,
	// scalar, alias and bracketed list or mapping counts one.
	MaxValues = 50_000
	// MaxKeys bounds the keys (or entries of a bracketed mapping) of any one
	// mapping, the shape whose cost grows with the square of its size.
	MaxKeys = 2_000
	// MaxLineBytes bounds one line, so a value cannot hide megabytes on a
	// single line.
	MaxLineBytes = 16 << 10
)

// limit words a refusal so a designer sees which limit was hit and that it
// is a rule of every data file, not of this one.
func limit(what string) string {
	return what + " (the limit for every data file; see docs/scenarios.md)"
}

// level is one open block node: the column its content starts at and the
// keys counted in it so far. explicit is set by an explicit key ("? k"),
// whose ": value" on a later line is then not a key of its own.
//
// A list may sit at the column of the key it belongs to ("a:\n- x"):
// then sameCol marks its level, which shares the column of the mapping
// below it and ends at the next line there that is not a list entry. seq
// marks a level of list entries; itemOpen one whose last entry was a dash
// alone on its line, whose content the YAML library also takes from the
// next line at the same column ("-\na: 1" is a list of one mapping).
type level struct {
	col, keys int
	explicit  bool
	sameCol   bool
	seq       bool
	itemOpen  bool
}

// flowLevel is one open bracket, [ or {. In a mapping ({) every entry is a
// key, with a colon or without; entry is set once the current entry (since
// the bracket or the last comma) has begun.
type flowLevel struct {
	keys         int
	isMap, entry bool
}

// scan is the lexical pre-check. It knows just enough YAML (quotes,
// comments, block scalars, brackets, indentation, list dashes and
// "key:" indicators) not to count a "[" inside a string or a comment; it
// never decides whether the file is valid YAML: the library does that
// afterwards, on a file now known to be small enough in every dimension.
type scan struct {
	name   string
	values int
	block  []level
	flow   []flowLevel
	quote  byte // ' or " while inside a quoted scalar that spans lines

	// A block scalar (| or >) runs over the lines indented deeper than
	// blockOver.
	inBlockScalar bool
	blockOver     int

	// A plain scalar (unquoted text) may go on over the next lines: those
	// indented deeper than plainOver (any, inside brackets), where a quote
	// or a bracket is just text.
	plainOpen bool
	plainOver int

	// propOpen is set when a line ended with a tag: the library takes the
	// next line as the node it belongs to, even at the same column
	// ("a: !t\nb: 1" is a: !t {b: 1}; after an anchor it does not).
	propOpen bool

	docStarted, docEnded, content bool
	// linePushed is set when the current line opened a block level by its
	// indentation.
	linePushed bool

	// the most seen, so a test can show the bundled files' margin
	maxDepth, maxKeys int

	line    int    // 1-based number of the current line
	text    []byte // the current line, without its line break
	lastQuo int    // index just past the last closing quote on this line, or -1
}

// prescan checks data against the limits above and returns the first one
// it breaks, with the line and column where the file went past it.
func prescan(name string, data []byte) *Error {
	_, e := prescanStats(name, data)
	return e
}

// prescanStats is prescan that also returns what it counted.
func prescanStats(name string, data []byte) (*scan, *Error) {
	s := &scan{name: name}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for len(data) > 0 {
		s.line++
		// A line ends at \n, \r\n or a lone \r, as for the YAML library.
		text := data
		if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
			text = data[:i]
			if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			data = data[i+1:]
		} else {
			data = nil
		}
		s.text = text
		s.lastQuo = -1
		if len(text) > MaxLineBytes {
			return s, s.errAt(MaxLineBytes, limit(fmt.Sprintf("line longer than %d bytes", MaxLineBytes)))
		}
		for i, c := range text {
			// YAML allows no control character but tab and line breaks;
			// the library reads some (a NUL after "-") as structure.
			if (c < 0x20 && c != '\t') || c == 0x7f {
				return s, s.errAt(i, fmt.Sprintf("control character U+%04X; YAML allows none but tab and line breaks", c))
			}
		}
		if e := s.scanLine(); e != nil {
			return s, e
		}
	}
	return s, nil
}

func (s *scan) errAt(i int, msg string) *Error {
	if i > len(s.text) {
		i = len(s.text)
	}
	return &Error{File: s.name, Line: s.line, Column: utf8.RuneCount(s.text[:i]) + 1, Msg: msg}
}

func (s *scan) depth() int { return len(s.block) + len(s.flow) }

func (s *scan) tooDeep(i int) *Error {
	s.maxDepth = max(s.maxDepth, s.depth())
	if s.depth() > MaxDepth {
		return s.errAt(i, limit(fmt.Sprintf("nested more than %d levels deep", MaxDepth)))
	}
	return nil
}

// value counts one value starting at i; the first of an entry of a
// bracketed mapping is its key.
func (s *scan) value(i int) *Error {
	s.values++
	if s.values > MaxValues {
		return s.errAt(i, limit(fmt.Sprintf("more than %d values (keys, list entries and scalars) in one file", MaxValues)))
	}
	if n := len(s.flow); n > 0 {
		top := &s.flow[n-1]
		if top.isMap && !top.entry {
			top.entry = true
			return s.keyAt(&top.keys, i)
		}
		top.entry = true
	}
	return nil
}

// key counts a key of the innermost open mapping; start is where the key
// began, for the message.
func (s *scan) key(start int) *Error {
	if n := len(s.flow); n > 0 {
		top := &s.flow[n-1]
		switch {
		case !top.isMap:
			// a pair in a list ([a: 1]) is a mapping of one key, a level
			s.maxKeys = max(s.maxKeys, 1)
			s.maxDepth = max(s.maxDepth, s.depth()+1)
			if s.depth()+1 > MaxDepth {
				return s.errAt(start, limit(fmt.Sprintf("nested more than %d levels deep", MaxDepth)))
			}
			return nil
		case !top.entry: // an empty key ({: 1})
			top.entry = true
			return s.keyAt(&top.keys, start)
		}
		return nil // the entry's first value was its key
	}
	if n := len(s.block); n > 0 {
		return s.keyAt(&s.block[n-1].keys, start)
	}
	return nil
}

// keyAt counts a key in the count n.
func (s *scan) keyAt(n *int, start int) *Error {
	*n++
	s.maxKeys = max(s.maxKeys, *n)
	if *n > MaxKeys {
		return s.errAt(start, limit(fmt.Sprintf("more than %d keys in one mapping", MaxKeys)))
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// endsIndicator reports whether an indicator (- ? :) at i is one: followed
// by a space or the end of the line.
func (s *scan) endsIndicator(i int) bool {
	return i+1 >= len(s.text) || isSpace(s.text[i+1])
}

func (s *scan) scanLine() *Error {
	t := s.text
	indent := 0
	for indent < len(t) && t[indent] == ' ' {
		indent++
	}
	j := indent
	for j < len(t) && isSpace(t[j]) {
		j++
	}
	blank := j == len(t) || t[j] == '#' // nothing, or only a comment
	if s.inBlockScalar {
		if blank || indent > s.blockOver {
			return nil
		}
		s.inBlockScalar = false
	}
	cont := false
	if s.plainOpen && s.quote == 0 {
		if blank {
			// an empty line folds into the scalar; a comment ends it
			s.plainOpen = bytes.IndexByte(t, '#') < 0
			return nil
		}
		cont = len(s.flow) > 0 || indent > s.plainOver
		if cont && len(s.flow) == 0 {
			// text up to a colon is a key (the library reads "a\n : b"
			// as a: b): a line of structure, not of the same scalar
			if j := s.plainStop(indent); j < len(t) && t[j] == ':' {
				cont = false
			}
		}
		s.plainOpen = false
	}
	if cont && len(s.flow) == 0 {
		return s.scanContent(indent, false, true)
	}
	if s.quote != 0 || len(s.flow) > 0 {
		return s.scanContent(0, false, cont)
	}
	if blank {
		return nil
	}
	if indent == 0 && len(t) > 0 && t[0] == '%' {
		return nil // a directive (%YAML 1.2)
	}
	if indent == 0 && (bytes.HasPrefix(t, []byte("---")) || bytes.HasPrefix(t, []byte("..."))) &&
		(len(t) == 3 || isSpace(t[3])) {
		if t[0] == '.' {
			s.docEnded = true
			return nil
		}
		if s.docStarted || s.content {
			return s.errAt(0, "a second YAML document starts here; a data file holds one")
		}
		s.docStarted = true
		s.block = s.block[:0]
		return s.scanContent(3, false, false)
	}
	if s.docEnded {
		return s.errAt(indent, "a second YAML document starts here; a data file holds one")
	}
	for len(s.block) > 0 && s.block[len(s.block)-1].col > indent {
		s.block = s.block[:len(s.block)-1]
	}
	dash := t[indent] == '-' && s.endsIndicator(indent)
	s.linePushed = false
	push := func(l level) *Error {
		s.block = append(s.block, l)
		return s.tooDeep(indent)
	}
	if n := len(s.block); n > 0 && s.block[n-1].col == indent {
		top := &s.block[n-1]
		switch {
		case top.itemOpen:
			top.itemOpen = false
			if !dash { // the content of the empty entry above
				if e := push(level{col: indent, sameCol: true}); e != nil {
					return e
				}
			}
		case top.sameCol && top.seq && !dash:
			s.block = s.block[:n-1] // the list at the mapping's column has ended
		}
	}
	if s.propOpen {
		s.propOpen = false
		if n := len(s.block); n > 0 && s.block[n-1].col == indent {
			if e := push(level{col: indent, sameCol: true}); e != nil {
				return e
			}
		}
	}
	switch n := len(s.block); {
	case n == 0 || s.block[n-1].col < indent:
		if n > 0 {
			s.block[n-1].itemOpen = false
		}
		s.linePushed = true
		if e := push(level{col: indent, seq: dash}); e != nil {
			return e
		}
	case dash && !s.block[n-1].seq && s.block[n-1].keys > 0:
		if e := push(level{col: indent, sameCol: true, seq: true}); e != nil {
			return e
		}
	case dash:
		s.block[n-1].seq = true
	}
	return s.scanContent(indent, true, false)
}

// scanContent scans the line from i. lineStart is set when i is the first
// thing on a line of the block context, where list dashes ("- ") and
// explicit keys ("? ") open a level each; cont when the line goes on with
// the plain scalar of the line before.
func (s *scan) scanContent(i int, lineStart, cont bool) *Error {
	t := s.text
	// parent is the column a block scalar's lines must be indented past.
	parent := i - 1
	valued := false // a "key:" or a "- " came before on this line
	if len(s.block) > 0 {
		parent = s.block[len(s.block)-1].col - 1
	}
	for lineStart && i < len(t) && (t[i] == '-' || t[i] == '?' || t[i] == ':') && s.endsIndicator(i) {
		switch t[i] {
		case '-':
			if e := s.value(i); e != nil {
				return e
			}
		case '?': // an explicit key of the mapping at this column
			if e := s.key(i); e != nil {
				return e
			}
			if e := s.value(i); e != nil {
				return e
			}
			if len(s.block) > 0 {
				s.block[len(s.block)-1].explicit = true
			}
		case ':':
			// The value of an explicit key, or (the YAML library allows
			// it) of a key on the line above: a key of the mapping that
			// line is in, not of the level this indentation opened.
			lv := len(s.block) - 1
			if s.linePushed && lv > 0 && i == s.block[lv].col {
				lv--
			}
			if lv >= 0 && s.block[lv].explicit {
				s.block[lv].explicit = false
			} else if lv >= 0 {
				if e := s.keyAt(&s.block[lv].keys, i); e != nil {
					return e
				}
			}
		}
		parent = i
		if t[i] == ':' && len(s.block) > 1 && s.linePushed {
			// the value of the key above goes on under that key's column
			parent = s.block[len(s.block)-2].col
		}
		valued = true
		i++
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		if i == len(t) || t[i] == '#' {
			if n := len(s.block); n > 0 && t[parent] == '-' && s.block[n-1].col == parent {
				s.block[n-1].itemOpen = true
			}
			return nil
		}
		s.block = append(s.block, level{col: i})
		if e := s.tooDeep(i); e != nil {
			return e
		}
	}
	if i < len(t) {
		s.content = true
	}
	keyStart := i // where the scalar that may turn out a key began
	space := true // the previous byte was a space (or the line start)
	// plain is set while the last thing on the line is a plain scalar
	plain := false
	if cont {
		for i < len(t) && isSpace(t[i]) {
			i++
		}
		if j := s.plainStop(i); j > i {
			i, plain, space = j, true, isSpace(t[j-1])
		}
	}
	prop := false       // the last thing on the line is a tag
	over := s.plainOver // a scalar going on keeps the column it began under
	defer func() {
		s.propOpen = prop && s.quote == 0 && len(s.flow) == 0 && !s.inBlockScalar
		s.plainOpen = plain && s.quote == 0 && !s.inBlockScalar
		s.plainOver = parent
		if !valued && !cont && len(s.block) > 0 {
			// a scalar that begins a line goes on only on lines deeper
			// than itself
			s.plainOver = s.block[len(s.block)-1].col
		}
		if cont {
			s.plainOver = over
		}
	}()
	for i < len(t) {
		if s.quote != 0 {
			i = s.closeQuote(i)
			space = false
			continue
		}
		c := t[i]
		flow := len(s.flow) > 0
		switch {
		case isSpace(c):
			space = true
			i++
			continue
		case c == '#' && space:
			plain = false
			return nil
		case c == ':' && (s.colon(i) || (flow && s.lastQuo == i)):
			if e := s.key(keyStart); e != nil {
				return e
			}
			if !flow && len(s.block) > 0 {
				parent = s.block[len(s.block)-1].col
			}
			valued = true
			i++
		case flow && c == ',':
			s.flow[len(s.flow)-1].entry = false
			i++
			keyStart = i
		case flow && (c == ']' || c == '}'):
			s.flow = s.flow[:len(s.flow)-1]
			i++
		case c == '[' || c == '{':
			if e := s.value(i); e != nil {
				return e
			}
			s.flow = append(s.flow, flowLevel{isMap: c == '{'})
			if e := s.tooDeep(i); e != nil {
				return e
			}
			i++
			keyStart = i
		case c == '\'' || c == '"':
			if e := s.value(i); e != nil {
				return e
			}
			keyStart = i
			s.quote = c
			i = s.closeQuote(i + 1)
		case !flow && (c == '|' || c == '>'):
			s.inBlockScalar, s.blockOver = true, parent
			if e := s.value(i); e != nil {
				return e
			}
			return nil // the rest of the line is indicators or a comment
		case c == '&' || c == '!':
			// counted too: the library may read part of one as a scalar
			if e := s.value(i); e != nil {
				return e
			}
			i = skipToken(t, i)
			plain, space, prop = false, false, c == '!'
			continue
		case !flow && c == '-' && s.endsIndicator(i):
			// a list entry after a tag or an anchor ("!t - a"): a level
			if e := s.value(i); e != nil {
				return e
			}
			s.block = append(s.block, level{col: i + 1, seq: true})
			if e := s.tooDeep(i); e != nil {
				return e
			}
			i++
		case c == '?' && s.endsIndicator(i):
			if !flow {
				if e := s.key(i); e != nil {
					return e
				}
			}
			if e := s.value(i); e != nil {
				return e
			}
			i++
		default:
			if e := s.value(i); e != nil {
				return e
			}
			keyStart = i
			i = s.plainEnd(i)
			plain, space, prop = true, false, false
			continue
		}
		plain, space, prop = false, false, false
	}
	return nil
}

// colon reports whether the ':' at i separates a key from its value: when a
// space or the line's end follows, inside brackets also a bracket or comma,
// and inside a {} mapping anything but '/' (the library reads {a:b} as
// a: b, and keeps "http://" whole).
func (s *scan) colon(i int) bool {
	t := s.text
	if s.endsIndicator(i) {
		return true
	}
	n := len(s.flow)
	if n == 0 {
		return false
	}
	return isFlowPunct(t, i+1) || (s.flow[n-1].isMap && t[i+1] != '/')
}

// isFlowPunct reports whether t[i] ends a plain scalar inside brackets (or
// i is the end of the line).
func isFlowPunct(t []byte, i int) bool {
	if i >= len(t) {
		return true
	}
	switch t[i] {
	case ',', '[', ']', '{', '}':
		return true
	}
	return false
}

// skipToken skips an anchor (&name) or a tag (!tag) up to the next space
// or bracket.
func skipToken(t []byte, i int) int {
	for i < len(t) && !isSpace(t[i]) && !isFlowPunct(t, i) {
		i++
	}
	return i
}

// plainEnd returns where the plain scalar starting at i ends: at ": ", at
// " #", or (inside brackets) at a bracket or comma.
func (s *scan) plainEnd(i int) int {
	t := s.text
	flow := len(s.flow) > 0
	for i++; i < len(t); i++ {
		c := t[i]
		if c == ':' && s.colon(i) {
			return i
		}
		if c == '#' && isSpace(t[i-1]) {
			return i
		}
		if flow && isFlowPunct(t, i) {
			return i
		}
	}
	return i
}

// plainStop returns where plain text from i (which may begin with a
// bracket or a quote: the text of a scalar going on) ends: at ": ", at a
// comment, inside brackets at a bracket or comma; i itself if it is one.
func (s *scan) plainStop(i int) int {
	t := s.text
	flow := len(s.flow) > 0
	if i >= len(t) || t[i] == '#' || (flow && isFlowPunct(t, i)) ||
		(t[i] == ':' && s.colon(i)) {
		return i
	}
	return s.plainEnd(i)
}

// closeQuote scans a quoted scalar from i (just past the opening quote or
// at the start of a continued line) and returns the index past the closing
// quote, or the end of the line while the quote stays open.
func (s *scan) closeQuote(i int) int {
	t := s.text
	for i < len(t) {
		c := t[i]
		switch {
		case s.quote == '"' && c == '\\':
			i += 2
			continue
		case c == s.quote && s.quote == '\'' && i+1 < len(t) && t[i+1] == '\'':
			i += 2
			continue
		case c == s.quote:
			s.quote = 0
			s.lastQuo = i + 1
			return i + 1
		}
		i++
	}
	return len(t)
}
