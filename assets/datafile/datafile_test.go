package datafile_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets/datafile"
)

type event struct {
	At  string `yaml:"at"`
	Say string `yaml:"say"`
}

type doc struct {
	Vehicle string  `yaml:"vehicle"`
	Seed    int64   `yaml:"seed"`
	Events  []event `yaml:"events"`
}

func TestDecodeReportsFileLineColumnFieldAndExpectation(t *testing.T) {
	cases := []struct{ src, want string }{
		{"vehicle: su7\nseed: abc\n", `x.yaml:2:7: seed: expected a whole number, got "abc"`},
		{"vehicle: su7\nseeds: 3\n", `x.yaml:2:1: seeds: unknown field "seeds"`},
		{"vehicle: su7\nevents:\n  - at: 10s\n    sya: hi\n", `x.yaml:4:5: events[0].sya: unknown field "sya"`},
		{"vehicle: su7\nevents:\n  - at: 10s\n    say: [1, 2]\n", `x.yaml:4:10: events[0].say: expected text, got a list`},
		{"vehicle: [\n", `x.yaml:1:10: YAML syntax:`},
		{"vehicle: su7\nvehicle: x\n", `x.yaml:2:1: YAML syntax: mapping key "vehicle" already defined`},
		{"a: 1\n---\nb: 2\n", `x.yaml:2:1: a second YAML document starts here; a data file holds one`},
	}
	for _, c := range cases {
		var d doc
		_, err := datafile.DecodeBytes("x.yaml", []byte(c.src), &d)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s…", c.src, err, c.want)
		}
	}
}

func TestErrorfPointsAtTheField(t *testing.T) {
	src := "vehicle: su7\nevents:\n  - at: 10s\n  - at: 20s\n    say: hi\n"
	var d doc
	file, err := datafile.DecodeBytes("x.yaml", []byte(src), &d)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"events[1].say":     "x.yaml:5:10: events[1].say: bad",
		"events[1].missing": "x.yaml:4:7: events[1].missing: bad",
		"seed":              "x.yaml: seed: bad",
		"vehicle":           "x.yaml:1:10: vehicle: bad",
	} {
		if got := file.Errorf(path, "bad").Error(); got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
}

func TestDecodeFromFSAndSizeLimit(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.yaml":  {Data: []byte("vehicle: su7\n")},
		"big.yaml": {Data: []byte("vehicle: " + strings.Repeat("x", datafile.MaxSize) + "\n")},
	}
	var d doc
	if _, err := datafile.Decode(fsys, "ok.yaml", &d); err != nil || d.Vehicle != "su7" {
		t.Errorf("ok.yaml: %v %+v", err, d)
	}
	if _, err := datafile.Decode(fsys, "big.yaml", &d); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big.yaml: %v", err)
	}
	if _, err := datafile.Decode(fsys, "none.yaml", &d); err == nil || !strings.HasPrefix(err.Error(), "none.yaml: cannot open") {
		t.Errorf("none.yaml: %v", err)
	}
}

// FuzzDecode: any bytes decode, or are refused with a *datafile.Error that
// names the file; never a panic. The seeds are the shapes the limits are
// about, so the fuzzer starts next to each boundary of the pre-scan.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("vehicle: su7\nseed: 3\nevents:\n  - at: 10s\n    say: hi\n"))
	f.Add([]byte("a: &x [1, *x]\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Add([]byte("a: [[[[{b: [c, 'd''[', \"e\\\"[\"]}]]]]\n"))
	f.Add([]byte("- - - - x\n- |\n  [[[ k: v\n  ]\n# [[[\n"))
	f.Add([]byte("a: \"x\n  [[\"\nb:\n  c:\n    d: >-\n      e: f\n---\ng: 1\n"))
	f.Add([]byte("a: {\n  k0: 1,\n  \"k1\":2,\n}\n...\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		file, err := datafile.DecodeBytes("f.yaml", data, &d)
		if err != nil {
			var e *datafile.Error
			if !errors.As(err, &e) || e.File != "f.yaml" {
				t.Fatalf("a refusal that is not a *datafile.Error naming the file: %#v", err)
			}
			return
		}
		_ = file.Errorf("events[0].at", "x")
	})
}

func TestAliasBombIsRefused(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\nvehicle: *h\n"
	var d map[string]any
	_, err := datafile.DecodeBytes("b.yaml", []byte(src), &d)
	// refused where the budget ran out: the third *e of line 6
	want := "b.yaml:6:16: aliases (*name) expand the file past 200000 values"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("an alias bomb:\n got %v\nwant %s…", err, want)
	}
	var ok doc
	if _, err := datafile.DecodeBytes("ok.yaml", []byte("vehicle: &v su7\nevents: [{at: 1s, say: *v}]\n"), &ok); err != nil || len(ok.Events) != 1 || ok.Events[0].Say != "su7" {
		t.Errorf("a plain alias is refused: %v %+v", err, ok)
	}
}

// TestDeepFileWithoutAliasesIsNotBlamedOnAliases: a file nested deep but
// within the limits has no alias to blame; it decodes (before, 33 levels of
// mappings were refused with "aliases (*name) expand the file past 200000
// values" and no line).
func TestDeepFileWithoutAliasesIsNotBlamedOnAliases(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	var v any
	if _, err := datafile.DecodeBytes("d.yaml", []byte(b.String()), &v); err != nil {
		t.Errorf("refused: %v", err)
	}
}

// TestYAMLTagsAreRefusedAtTheTag: a tag (`!`, `!!str`, `!custom`) is no
// part of any data file of ours, and the YAML library panics decoding a
// tagged scalar into a list; either way the user gets the tag's line and
// column and what to do, never a position-less "cannot parse".
func TestYAMLTagsAreRefusedAtTheTag(t *testing.T) {
	type file struct {
		Name  string           `yaml:"name"`
		Steps []map[string]any `yaml:"steps"`
	}
	for _, c := range []struct{ text, want string }{
		{"steps:\n  ! 0\n", `x.yaml:2:3: YAML tags are not used in these files: remove "!" and write the value alone`},
		{"name: !!str fog\nsteps: []\n", `x.yaml:1:7: YAML tags are not used in these files: remove "!!str"`},
		{"steps:\n  - !custom {key: u}\n", `x.yaml:2:5: YAML tags are not used in these files: remove "!custom"`},
	} {
		var v file
		_, err := datafile.DecodeBytes("x.yaml", []byte(c.text), &v)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v, want %s…", c.text, err, c.want)
		}
	}
}
