// Package datacheck holds the rules every loader of a data file applies to
// its values, so that a scenario name, a map's road name, a reply template
// and a number are refused for the same reasons with the same words:
//
//   - no control characters (C0 except a newline or tab where a field is
//     multi-line text, DEL, C1), no bidirectional overrides or isolates and
//     no invalid UTF-8: such text would reach the terminal raw, where an
//     escape sequence recolours, moves or clears the screen and an override
//     makes the text read differently from what it says;
//   - {placeholder} templates with balanced braces and well-formed names, so
//     a broken template is refused at load instead of being shown;
//   - one edit distance for every "did you mean" of an unknown word;
//   - numbers: NaN and ±Inf are never values, and every number has a range
//     that the message names (Range, Numbers).
//
// The package knows nothing about YAML: the loaders report what it finds
// through datafile.Doc.Errorf at the field's position.
package datacheck

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem says why s may not be shown to a user, or returns "" when it may.
// multiline allows newlines and tabs (a description); elsewhere they are
// refused too, since a name that breaks a line breaks the layout it is in.
func Problem(s string, multiline bool) string {
	for i, r := range s {
		pos := utf8.RuneCountInString(s[:i]) + 1
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("is not valid UTF-8 at character %d", pos)
		case (r == '\n' || r == '\t') && multiline:
		case r == '\n' || r == '\t':
			return fmt.Sprintf("contains %s at character %d: this field is one line of text", name(r), pos)
		case r < 0x20 || r == 0x7F || r >= 0x80 && r <= 0x9F:
			return fmt.Sprintf("contains the control character %s at character %d: control characters (escape codes) are not allowed in text", name(r), pos)
		case r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069:
			return fmt.Sprintf("contains the bidirectional override %s at character %d: it would make the text read differently from what it says", name(r), pos)
		}
	}
	return ""
}

func name(r rune) string {
	switch r {
	case '\n':
		return "a newline"
	case '\t':
		return "a tab"
	case 0x1B:
		return "U+001B (ESC)"
	}
	return fmt.Sprintf("U+%04X", r)
}

// Strings calls visit with every string of v (a decoded data file: structs,
// pointers, slices, arrays, maps and interfaces) and every map key, each
// with its path in the form datafile.Doc.Errorf takes ("events[2].say",
// "strings.panel.drive"). Struct fields are named by their yaml tag. The
// walk is how a loader covers every text field, including one added later.
func Strings(v any, visit func(path, s string)) {
	walk(reflect.ValueOf(v), "", visit, 0)
}

// maxDepth bounds the walk; decoded files are far shallower, and the YAML
// decoder bounds the depth before this runs.
const maxDepth = 200

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func walk(v reflect.Value, path string, visit func(path, s string), depth int) {
	if depth > maxDepth || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), path, visit, depth+1)
		}
	case reflect.String:
		visit(path, v.String())
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			switch key, inline := yamlKey(f); {
			case inline:
				walk(v.Field(i), path, visit, depth+1)
			case key != "-":
				walk(v.Field(i), join(path, key), visit, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes, not text
		}
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), path+"["+strconv.Itoa(i)+"]", visit, depth+1)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			ks := fmt.Sprint(k.Interface())
			p := join(path, ks)
			if k.Kind() == reflect.String {
				visit(p, ks)
			}
			walk(v.MapIndex(k), p, visit, depth+1)
		}
	}
}

// Check applies Problem to every string of v (see Strings) and reports each
// problem with its path. Fields whose last path element is listed in
// multiline may hold newlines and tabs.
func Check(v any, multiline []string, report func(path, problem string)) {
	Strings(v, func(path, s string) {
		last := path
		if i := strings.LastIndexByte(path, '.'); i >= 0 {
			last = path[i+1:]
		}
		if j := strings.IndexByte(last, '['); j >= 0 {
			last = last[:j]
		}
		ml := false
		for _, m := range multiline {
			ml = ml || m == last
		}
		if p := Problem(s, ml); p != "" {
			report(path, p)
		}
	})
}

// Template parses a text with {name} placeholders and returns the names in
// order, or a problem: an unclosed or stray brace, or a name that is not
// lowercase letters, digits and underscores starting with a letter.
func Template(s string) (names []string, problem string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '}':
			return nil, fmt.Sprintf("has a } without its { at character %d", utf8.RuneCountInString(s[:i])+1)
		case '{':
			j := strings.IndexAny(s[i+1:], "{}")
			if j < 0 || s[i+1+j] == '{' {
				return nil, fmt.Sprintf("has a { without its } at character %d", utf8.RuneCountInString(s[:i])+1)
			}
			n := s[i+1 : i+1+j]
			if !placeholderName(n) {
				return nil, fmt.Sprintf("has the placeholder {%s}: a name is lowercase letters, digits and _ (e.g. {place})", n)
			}
			names = append(names, n)
			i += j + 1
		}
	}
	return names, ""
}

func placeholderName(n string) bool {
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Distance is the edit distance between a and b, counted in characters:
// insertions, deletions, substitutions and swaps of two neighbours ("claer"
// for "clear") each count one (optimal string alignment). Words longer
// than 64 characters are compared by their first 64, which is plenty for
// an enum and bounds the work.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 {
		ra = ra[:64]
	}
	if len(rb) > 64 {
		rb = rb[:64]
	}
	// three rows: the one before the previous is needed for a swap
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				c = min(c, prev2[j-2]+1)
			}
			cur[j] = c
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest s when it is near enough to be a
// typo (at most about a third of its length away, and at most 3 edits),
// else "".
// Ties go to the first candidate in order.
func Closest(s string, cands []string) string {
	best, bestD := "", 0
	for _, c := range cands {
		d := Distance(strings.ToLower(s), strings.ToLower(c))
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	limit := min(3, max(1, (utf8.RuneCountInString(s)+1)/3))
	if best == "" || bestD > limit {
		return ""
	}
	return best
}

// Unknown words the message for a word that is not one of valid: what it
// is, the word, a "did you mean" when one is close, and the valid words.
// what is e.g. "event kind".
func Unknown(what, s string, valid []string) string {
	m := fmt.Sprintf("unknown %s %q", what, s)
	if c := Closest(s, valid); c != "" {
		m += fmt.Sprintf(" (did you mean %s?)", c)
	}
	return m + "; valid: " + strings.Join(valid, ", ")
}
