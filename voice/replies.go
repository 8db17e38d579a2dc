package voice

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
)

// Text is a text in both languages, as the reply files give it. In is the
// one place that picks a language: the voice layer and the cockpit's
// assistant render every reply, word and name through it.
type Text struct {
	EN string `yaml:"en"`
	ZH string `yaml:"zh"`
}

// supported reports whether replies can be rendered in lang.
func supported(lang string) bool { return lang == "en" || lang == "zh" }

// In returns the text in lang ("en" or "zh"). A text without its Chinese
// (a place named only in English) falls back to English, and one without
// its English to Chinese.
func (t Text) In(lang string) string {
	if lang == "zh" && t.ZH != "" || t.EN == "" {
		return t.ZH
	}
	return t.EN
}

// replyFile is the YAML form of voice/replies.yaml.
type replyFile struct {
	Replies  map[string]Text `yaml:"replies"`
	Describe map[string]Text `yaml:"describe"`
	Words    map[string]Text `yaml:"words"`
}

// requiredReplies are the reply keys the Session uses; a replies file
// missing one is rejected at load.
var requiredReplies = []string{
	"ok", "done", "not_understood", "which_seat", "which_zone", "which_window",
	"which_destination", "what_to_play", "who_to_call", "confirm", "confirmed", "cancelled",
	"nothing_to_confirm", "nothing_to_undo", "undone", "help", "navigating", "searching",
	"playing", "calling", "showing", "list_sep",
}

// replyArgs are the placeholders the Session fills in each reply it words
// with arguments (session.go); a reply not listed gets none. A template
// with another placeholder would show it to the user as {name}.
var replyArgs = map[string][]string{
	"done": {"what"}, "confirm": {"what"}, "confirmed": {"what"},
	"navigating": {"where"}, "searching": {"where"},
	"playing": {"what"}, "showing": {"what"}, "calling": {"who"},
}

// checkTemplates refuses a broken template ("{what." is shown as it is)
// and a placeholder the code does not fill, for each text of the file, at
// its position; and control characters in any text.
func checkTemplates(doc *datafile.Doc, f *replyFile) error {
	var errs []error
	datacheck.Check(f, nil, func(path, problem string) { errs = append(errs, doc.Errorf(path, "%s", problem)) })
	errs = append(errs, CheckTemplates(doc, "replies", f.Replies, func(k string) ([]string, bool) {
		return replyArgs[k], slices.Contains(requiredReplies, k)
	})...)
	errs = append(errs, CheckTemplates(doc, "describe", f.Describe, func(k string) ([]string, bool) {
		schema, ok := schemaSlots[k]
		return append(append([]string(nil), schema...), "place"), ok
	})...)
	errs = append(errs, CheckTemplates(doc, "words", f.Words, func(string) ([]string, bool) { return nil, true })...)
	return errors.Join(errs...)
}

// CheckTemplates checks the en and zh templates of a section of a reply
// file (section.key.en): braces balanced and placeholder names well formed
// (datacheck.Template), and, for a key known says it knows, only the
// placeholders it lists (the ones the code fills). known may be nil when
// the code cannot tell. Each problem is an error at the text's position.
// The cockpit's assistant replies use the same rules through it.
func CheckTemplates(doc *datafile.Doc, section string, texts map[string]Text, known func(key string) (placeholders []string, ok bool)) []error {
	var errs []error
	for _, k := range sortedKeys(texts) {
		for _, lt := range []struct{ lang, t string }{{"en", texts[k].EN}, {"zh", texts[k].ZH}} {
			field := section + "." + k + "." + lt.lang
			names, problem := datacheck.Template(lt.t)
			if problem != "" {
				errs = append(errs, doc.Errorf(field, "template %s", problem))
				continue
			}
			if known == nil {
				continue
			}
			allowed, ok := known(k)
			if !ok {
				continue
			}
			for _, n := range names {
				if !slices.Contains(allowed, n) {
					errs = append(errs, doc.Errorf(field, "placeholder {%s} is never filled in %s; %s", n, k, fills(allowed)))
				}
			}
		}
	}
	return errs
}

// fills says which placeholders a template may use.
func fills(names []string) string {
	if len(names) == 0 {
		return "it takes no placeholders"
	}
	return "it may use {" + strings.Join(names, "}, {") + "}"
}

func (p *Parser) loadReplies(fsys fs.FS) error {
	var f replyFile
	doc, err := datafile.Decode(fsys, repliesFile, &f)
	if err != nil {
		return err
	}
	if err := checkTemplates(doc, &f); err != nil {
		return err
	}
	var missing []string
	for _, k := range requiredReplies {
		r, ok := f.Replies[k]
		if !ok {
			missing = append(missing, k)
			continue
		}
		if r.EN == "" || r.ZH == "" {
			return doc.Errorf("replies."+k, "reply %q needs both en and zh", k)
		}
	}
	if len(missing) > 0 {
		return doc.Errorf("replies", "missing replies: %s", strings.Join(missing, ", "))
	}
	for _, intent := range sortedKeys(f.Describe) {
		tpl := f.Describe[intent]
		schema, ok := schemaSlots[intent]
		if !ok {
			return doc.Errorf("describe."+intent, "unknown intent %q", intent)
		}
		for _, t := range []string{tpl.EN, tpl.ZH} {
			if t == "" {
				return doc.Errorf("describe."+intent, "template needs both en and zh")
			}
			for _, ph := range placeholders(t) {
				if !slices.Contains(schema, ph) && ph != "place" {
					return doc.Errorf("describe."+intent, "placeholder {%s} is not a slot of %s", ph, intent)
				}
			}
		}
	}
	for _, k := range sortedKeys(f.Words) {
		if !strings.Contains(k, ".") {
			return doc.Errorf("words."+k, "word key %q must be slot.value", k)
		}
	}
	p.replies, p.describes, p.words = f.Replies, f.Describe, f.Words
	return nil
}

// reply formats reply key in lang with {name} placeholders from args.
func (p *Parser) reply(lang, key string, args ...string) string {
	r, ok := p.replies[key]
	if !ok {
		return key
	}
	return Fill(r.In(lang), args...)
}

// Fill replaces the {name} placeholders of a reply template with values
// given as name, value pairs. The cockpit's assistant fills its own
// templates with it, so both speak with the same template rules.
func Fill(template string, args ...string) string {
	for i := 0; i+1 < len(args); i += 2 {
		template = strings.ReplaceAll(template, "{"+args[i]+"}", args[i+1])
	}
	return template
}

// placeholders lists the {names} in a template.
func placeholders(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, t[i+1:i+j])
		t = t[i+j+1:]
	}
}
