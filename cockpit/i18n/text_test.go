package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A catalogue string with a broken placeholder or an escape code was shown
// as it was; LoadAll refuses it at its line, in the main table and in the
// files of ui/<lang>/ alike.
func TestBrokenCatalogueTextIsRefusedAtLoad(t *testing.T) {
	cases := []struct {
		name, en, part, want string
	}{
		{"an unclosed brace", `  a: "Arriving at {place."`, "", `ui/en.yaml:4:6: strings.a: template has a { without its } at character 13`},
		{"a stray brace", `  a: "Arriving}"`, "", `strings.a: template has a } without its {`},
		{"a capitalised name", `  a: "Arriving at {Place}"`, "", `strings.a: template has the placeholder {Place}`},
		{"an escape code", `  a: "\e[5mArriving"`, "", `ui/en.yaml:4:6: strings.a: contains the control character U+001B (ESC) at character 1`},
		{"a bidi override", "  a: \"\u202eArriving\"", "", `strings.a: contains the bidirectional override U+202E`},
		{"in a part file", `  a: "Arriving"`, "lang: en\nstrings:\n  b: \"{what\"\n", `ui/en/sim.yaml:3:6: strings.b: template has a { without its }`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"ui/en.yaml": {Data: []byte("lang: en\nname: English\nstrings:\n" + c.en + "\n")},
				"ui/zh.yaml": {Data: []byte("lang: zh\nname: 中文\nstrings:\n  a: 到达\n")},
			}
			if c.part != "" {
				fsys["ui/en/sim.yaml"] = &fstest.MapFile{Data: []byte(c.part)}
			}
			_, err := LoadAll(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant an error containing %q", err, c.want)
			}
		})
	}
	// A string may span lines.
	fsys := fstest.MapFS{
		"ui/en.yaml": {Data: []byte("lang: en\nname: English\nstrings:\n  a: \"one\\ntwo {n}\"\n")},
		"ui/zh.yaml": {Data: []byte("lang: zh\nname: 中文\nstrings:\n  a: \"一\\n二 {n}\"\n")},
	}
	if _, err := LoadAll(fsys); err != nil {
		t.Errorf("a two-line string: %v", err)
	}
}
