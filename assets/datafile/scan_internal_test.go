package datafile

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
)

// TestBundledFilesAreWellWithinTheLimits: every data file shipped uses less
// than a third of each limit, so the limits never bite a designer who
// grows a file the way the bundled ones are written, and a new file that
// comes near one is noticed here first.
func TestBundledFilesAreWellWithinTheLimits(t *testing.T) {
	var top struct{ depth, keys, values, line int }
	err := fs.WalkDir(assets.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := fs.ReadFile(assets.FS(), p)
		if err != nil {
			return err
		}
		s, e := prescanStats(p, data)
		if e != nil {
			t.Errorf("a bundled file is refused: %v", e)
			return nil
		}
		longest := 0
		for _, l := range strings.Split(string(data), "\n") {
			longest = max(longest, len(l))
		}
		if s.maxDepth*3 > MaxDepth || s.maxKeys*3 > MaxKeys || s.values*3 > MaxValues || longest*3 > MaxLineBytes {
			t.Errorf("%s: depth %d, keys %d, values %d, longest line %d: within a third of a limit (%d, %d, %d, %d)",
				p, s.maxDepth, s.maxKeys, s.values, longest, MaxDepth, MaxKeys, MaxValues, MaxLineBytes)
		}
		top.depth, top.keys = max(top.depth, s.maxDepth), max(top.keys, s.maxKeys)
		top.values, top.line = max(top.values, s.values), max(top.line, longest)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the most any bundled file uses: depth %d, keys in a mapping %d, values %d, line %d bytes", top.depth, top.keys, top.values, top.line)
}
