package voice

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets/datafile"
)

// A reply template with a broken or unknown placeholder was shown to the
// user as it was ("{what."); Load refuses it at its position.
func TestBrokenReplyTemplatesAreRefusedAtLoad(t *testing.T) {
	base := fstest.MapFS{}
	for _, name := range []string{"voice/intents.yaml", "voice/replies.yaml", "voice/lexicon/common.yaml"} {
		b, err := fsReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base[name] = &fstest.MapFile{Data: b}
	}
	replies := string(base["voice/replies.yaml"].Data)
	cases := []struct {
		name, old, new, want string
	}{
		{"an unclosed brace", `done: {en: "{what}."`, `done: {en: "{what."`,
			`voice/replies.yaml:6:14: replies.done.en: template has a { without its } at character 1`},
		{"a stray closing brace", `not_understood: {en: "Sorry, I didn't catch that."`, `not_understood: {en: "Sorry}, I didn't catch that."`,
			`replies.not_understood.en: template has a } without its { at character 6`},
		{"a placeholder the code never fills", `confirm: {en: "{what}: are you sure?", zh: "确定要{what}吗？"}`, `confirm: {en: "{what}: are you sure?", zh: "确定要{where}吗？"}`,
			`replies.confirm.zh: placeholder {where} is never filled in confirm; it may use {what}`},
		{"a placeholder in a reply that takes none", `cancelled: {en: "Cancelled."`, `cancelled: {en: "Cancelled {what}."`,
			`replies.cancelled.en: placeholder {what} is never filled in cancelled; it takes no placeholders`},
		{"an escape code", `undone: {en: "Undone."`, `undone: {en: "\e[2JUndone."`,
			`replies.undone.en: contains the control character U+001B (ESC)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(replies, c.old) {
				t.Fatalf("replies.yaml no longer has %q", c.old)
			}
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			fsys["voice/replies.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(replies, c.old, c.new, 1))}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant an error containing %q", err, c.want)
			}
		})
	}
}

// CheckTemplates serves other reply files too: the cockpit assistant's
// bundled replies pass it, and a broken one is caught at its position.
func TestCheckTemplatesOfAnotherReplyFile(t *testing.T) {
	data, err := fsReadFile("assistant/replies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		Replies map[string]Text `yaml:"replies"`
		Words   map[string]Text `yaml:"words"`
	}
	check := func(src string) []error {
		var f file
		doc, err := datafile.DecodeBytes("assistant/replies.yaml", []byte(src), &f)
		if err != nil {
			t.Fatal(err)
		}
		return append(CheckTemplates(doc, "replies", f.Replies, nil), CheckTemplates(doc, "words", f.Words, nil)...)
	}
	if errs := check(string(data)); len(errs) > 0 {
		t.Errorf("the bundled assistant replies: %v", errs)
	}
	broken := strings.Replace(string(data), "{min} min to {place}", "{min} min to {place", 1)
	if errs := check(broken); len(errs) != 1 || !strings.Contains(errs[0].Error(), "assistant/replies.yaml:5:") || !strings.Contains(errs[0].Error(), "replies.eta.en: template has a { without its }") {
		t.Errorf("a broken assistant reply: %v", errs)
	}
}
