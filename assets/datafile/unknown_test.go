package datafile

import (
	"strings"
	"testing"
)

// TestTheFirstUnknownFieldIsReported: with several unknown fields the YAML
// library named a different one from run to run (it walks a Go map); the
// report is the first in the file, every time, nested ones included.
func TestTheFirstUnknownFieldIsReported(t *testing.T) {
	type inner struct {
		Speed float64 `yaml:"speed"`
	}
	type file struct {
		Name   string           `yaml:"name"`
		Legs   []inner          `yaml:"legs"`
		ByName map[string]inner `yaml:"by_name"`
		Plain  inner            `yaml:",inline"`
	}
	cases := []struct {
		yaml, want string
	}{
		{"name: x\nm1: 1\nm2: 2\nm3: 3\nm4: 4\nm5: 5\nm6: 6\n", `f.yaml:2:1: m1: unknown field "m1"`},
		{"name: x\nlegs:\n  - {speed: 1, sped: 2}\nm1: 1\nm2: 2\nm3: 3\n", `unknown field "sped"`},
		{"by_name:\n  a: {speed: 1}\n  b: {spede: 1, sp: 2, s: 3}\nm9: 1\n", `unknown field "spede"`},
		{"speed: 3\nname: x\nzz: 1\naa: 2\nmm: 3\n", `f.yaml:3:1: zz: unknown field "zz"`},
	}
	for _, c := range cases {
		for i := 0; i < 40; i++ {
			var v file
			_, err := DecodeBytes("f.yaml", []byte(c.yaml), &v)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%q (try %d): got %v, want %q", c.yaml, i, err, c.want)
			}
		}
	}
}
