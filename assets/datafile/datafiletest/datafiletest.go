// Package datafiletest helps the tests of data-file loaders edit a file by
// the path of a field, so a test can feed each field bad values (NaN,
// infinities, out of range) in the file's own text, where a loader's
// position and message are checked as a designer would see them.
package datafiletest

import (
	"strconv"
	"strings"

	"github.com/nevsim/cockpit/assets/datafile"
)

// ReplaceNumber writes value in place of the number at path (as
// datafile.Doc.Errorf takes it) in src, the text doc was decoded from. It
// reports false when path does not point at a number written in the file.
func ReplaceNumber(doc *datafile.Doc, src, path, value string) (string, bool) {
	line, col := doc.Position(path)
	if line == 0 {
		return "", false
	}
	lines := strings.Split(src, "\n")
	l := lines[line-1]
	start := len(string([]rune(l)[:col-1]))
	end := start
	for end < len(l) && !strings.ContainsRune(",]} ", rune(l[end])) {
		end++
	}
	if _, err := strconv.ParseFloat(l[start:end], 64); err != nil {
		return "", false
	}
	lines[line-1] = l[:start] + value + l[end:]
	return strings.Join(lines, "\n"), true
}
