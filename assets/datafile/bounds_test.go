package datafile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets/datafile"
)

// repeatLines is n lines made by line(i).
func repeatLines(n int, line func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(line(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestLimitsAcceptJustUnderAndRefuseJustOver: for each limit, a file at the
// limit decodes, and one a step past it is refused with the place where it
// went past and the limit it broke, before the YAML library spends time on
// it.
func TestLimitsAcceptJustUnderAndRefuseJustOver(t *testing.T) {
	const d, k = datafile.MaxDepth, datafile.MaxKeys
	blockDeep := func(n int) string {
		return repeatLines(n, func(i int) string { return strings.Repeat("  ", i) + "a:" }) + strings.Repeat("  ", n) + "b: 1\n"
	}
	valuesList := func(last string) string {
		// a key and (MaxValues-1)/2 entries of one number each
		return "a:\n" + strings.Repeat("  - 1\n", (datafile.MaxValues-1)/2) + last
	}
	flowMap := func(n int) string {
		return "a: {\n" + repeatLines(n, func(i int) string { return fmt.Sprintf("  k%d: 1,", i) }) + "}\n"
	}
	cases := []struct {
		name        string
		under, over string
		want        string // the refusal of over: position and limit
	}{
		{"brackets", "a: " + strings.Repeat("[", d-1) + strings.Repeat("]", d-1) + "\n",
			"a: " + strings.Repeat("[", d) + strings.Repeat("]", d) + "\n",
			fmt.Sprintf("x.yaml:1:%d: nested more than 64 levels deep (the limit for every data file", 3+d)},
		{"indentation", blockDeep(d - 1), blockDeep(d),
			fmt.Sprintf("x.yaml:%d:%d: nested more than 64 levels deep", d+1, 2*d+1)},
		{"list dashes", strings.Repeat("- ", d-1) + "x\n", strings.Repeat("- ", d) + "x\n",
			fmt.Sprintf("x.yaml:1:%d: nested more than 64 levels deep", 2*d+1)},
		// "-" alone, then "0:" at its column: the library nests each pair
		// in the one before (a 5-byte step of depth 2)
		{"empty entries", strings.Repeat("-\n0:\n", d/2), strings.Repeat("-\n0:\n", d/2) + "-\n0:\n",
			fmt.Sprintf("x.yaml:%d:1: nested more than 64 levels deep", d+1)},
		{"values", valuesList("  -\n"), valuesList("  - 1\n"),
			fmt.Sprintf("x.yaml:%d:5: more than 50000 values (keys, list entries and scalars) in one file (the limit", datafile.MaxValues/2+1)},
		{"keys", repeatLines(k, func(i int) string { return fmt.Sprintf("k%d: 1", i) }),
			repeatLines(k+1, func(i int) string { return fmt.Sprintf("k%d: 1", i) }),
			fmt.Sprintf("x.yaml:%d:1: more than 2000 keys in one mapping (the limit", k+1)},
		{"explicit keys", repeatLines(k, func(i int) string { return fmt.Sprintf("? k%d\n: 1", i) }),
			repeatLines(k+1, func(i int) string { return fmt.Sprintf("? k%d\n: 1", i) }),
			fmt.Sprintf("x.yaml:%d:1: more than 2000 keys in one mapping", 2*k+1)},
		{"keys with their colon on the next line", repeatLines(k, func(i int) string { return fmt.Sprintf("\"k%d\"\n : 1", i) }),
			repeatLines(k+1, func(i int) string { return fmt.Sprintf("\"k%d\"\n : 1", i) }),
			fmt.Sprintf("x.yaml:%d:2: more than 2000 keys in one mapping", 2*k+2)},
		// a comment at column 0 does not end a nested mapping
		{"keys between comments", "a:\n" + repeatLines(k, func(i int) string { return fmt.Sprintf("  k%d: 1\n#", i) }),
			"a:\n" + repeatLines(k+1, func(i int) string { return fmt.Sprintf("  k%d: 1\n#", i) }),
			fmt.Sprintf("x.yaml:%d:3: more than 2000 keys in one mapping", 2*k+2)},
		{"keys of a mapping in braces", flowMap(k), flowMap(k + 1),
			fmt.Sprintf("x.yaml:%d:3: more than 2000 keys in one mapping", k+2)},
		{"line length", "a: " + strings.Repeat("x", datafile.MaxLineBytes-3) + "\n",
			"a: " + strings.Repeat("x", datafile.MaxLineBytes-2) + "\n",
			fmt.Sprintf("x.yaml:1:%d: line longer than 16384 bytes (the limit", datafile.MaxLineBytes+1)},
		{"size", strings.Repeat("#2345678\n", datafile.MaxSize/9) + strings.Repeat("#", datafile.MaxSize%9),
			strings.Repeat("#2345678\n", datafile.MaxSize/9) + strings.Repeat("#", datafile.MaxSize%9+1),
			fmt.Sprintf("x.yaml:%d:%d: file is larger than 4194304 bytes (the limit", datafile.MaxSize/9+1, datafile.MaxSize%9+1)},
		{"control characters", "a: b\tc\n", "a: b\x00c\n",
			"x.yaml:1:5: control character U+0000; YAML allows none but tab and line breaks"},
		{"documents", "---\na: 1\n...\n", "---\na: 1\n---\nb: 2\n",
			"x.yaml:3:1: a second YAML document starts here; a data file holds one"},
	}
	for _, c := range cases {
		var v any
		if _, err := datafile.DecodeBytes("x.yaml", []byte(c.under), &v); err != nil {
			t.Errorf("%s: the file at the limit is refused: %v", c.name, err)
		}
		_, err := datafile.DecodeBytes("x.yaml", []byte(c.over), &v)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: past the limit:\n got %v\nwant %s…", c.name, err, c.want)
		}
	}
}

// TestLimitsCountOnlyStructure: brackets and keys inside quotes, comments
// and block text are words, not structure, and never count.
func TestLimitsCountOnlyStructure(t *testing.T) {
	deep := strings.Repeat("[", 2*datafile.MaxDepth)
	keys := repeatLines(datafile.MaxKeys+10, func(i int) string { return fmt.Sprintf("  k%d: {[", i) })
	cases := map[string]string{
		"double quotes":     `a: "` + deep + `\" [[" ` + "\n",
		"single quotes":     "a: 'it''s " + deep + "'\n",
		"quotes over lines": "a: \"" + deep + "\n  " + deep + "\"\nb: 1\n",
		"a comment":         "a: 1 # " + deep + "\n# " + deep + "\n",
		"a plain scalar":    "a: x" + deep + "\n",
		"a block scalar":    "a: |\n" + keys + "b: 1\n",
		"a folded scalar":   "- >-\n" + keys + "- x\n",
	}
	for name, src := range cases {
		var v any
		if _, err := datafile.DecodeBytes("x.yaml", []byte(src), &v); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
}

// TestShapesTheLibraryNestsCountAsNesting: goccy/go-yaml reads a tag at
// the end of a line as belonging to the next line, even at the same
// column, and a dash alone as taking the next line's mapping, so
// "k0: !t\nk1: !t\n…" nests a level a line. The scan counts those levels;
// one level short of the limit is not refused for its depth.
func TestShapesTheLibraryNestsCountAsNesting(t *testing.T) {
	const d = datafile.MaxDepth
	for name, line := range map[string]func(i int) string{
		"tags":    func(i int) string { return fmt.Sprintf("k%d: !t", i) },
		"entries": func(i int) string { return "- !t" },
	} {
		shape := func(n int) []byte { return []byte(repeatLines(n, line)) }
		var v any
		_, err := datafile.DecodeBytes("x.yaml", shape(d-2), &v)
		if err != nil && strings.Contains(err.Error(), "nested more than") {
			t.Errorf("%s × %d: refused for depth: %v", name, d-2, err)
		}
		_, err = datafile.DecodeBytes("x.yaml", shape(d+1), &v)
		if err == nil || !strings.Contains(err.Error(), "nested more than 64 levels deep (the limit") {
			t.Errorf("%s × %d: got %v, want refused for its depth", name, d+1, err)
		}
	}
}
