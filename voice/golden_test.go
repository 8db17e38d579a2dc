package voice

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden parses testdata/golden_*.txt (one utterance a line) and
// compares with the recorded JSON lines in testdata/golden_*.jsonl. After an
// intended change, review `go test ./voice -run Golden -update` with git diff.
func TestGolden(t *testing.T) {
	p := mustDefault(t)
	inputs, _ := filepath.Glob("testdata/golden_*.txt")
	if len(inputs) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range inputs {
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		enc := json.NewEncoder(&got)
		enc.SetEscapeHTML(false)
		for _, line := range strings.Split(strings.TrimRight(string(src), "\n"), "\n") {
			if err := enc.Encode(p.Parse(line)); err != nil {
				t.Fatal(err)
			}
		}
		golden := strings.TrimSuffix(in, ".txt") + ".jsonl"
		if *update {
			if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("%s line %d:\n got %s\nwant %s", golden, i+1, g, w)
			}
		}
	}
}
