// Package i18n holds the cockpit's UI string tables (assets/ui/en.yaml and
// zh.yaml) and looks strings up by key. The drive loop speaks English only;
// every word the UI shows in Chinese comes from these tables.
package i18n

import (
	"errors"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/assets/datafile"
)

// Langs are the UI languages, in toggle order.
var Langs = []string{"en", "zh"}

// Table is one language's strings.
type Table struct {
	Lang    string
	Name    string // the language's own name: "English", "中文"
	strings map[string]string
}

type rawTable struct {
	Lang    string            `yaml:"lang"`
	Name    string            `yaml:"name"`
	Strings map[string]string `yaml:"strings"`
}

var placeholder = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// Parse validates one table file.
func Parse(name string, data []byte) (*Table, *datafile.Doc, error) {
	var raw rawTable
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return nil, nil, err
	}
	var errs []error
	if raw.Lang == "" {
		errs = append(errs, doc.Errorf("lang", "a language code (en, zh) is required"))
	}
	if raw.Name == "" {
		errs = append(errs, doc.Errorf("name", "the language's own name is required"))
	}
	if len(raw.Strings) == 0 {
		errs = append(errs, doc.Errorf("strings", "no strings"))
	}
	for _, k := range sortedKeys(raw.Strings) {
		if strings.TrimSpace(raw.Strings[k]) == "" {
			errs = append(errs, doc.Errorf("strings."+k, "empty string"))
		}
	}
	errs = append(errs, checkText(doc, &raw)...)
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return &Table{Lang: raw.Lang, Name: raw.Name, strings: raw.Strings}, doc, nil
}

// LoadAll reads every language's catalogue: ui/<lang>.yaml (the UI's
// strings) and the files of ui/<lang>/ (the drive core's messages, one file
// per producer, so a designer finds "what the cabin says" in one place). A
// key may be defined once per language. The tables must have the same keys
// and the same placeholders, so a string added in one language cannot be
// forgotten in the other.
func LoadAll(fsys fs.FS) (map[string]*Table, error) {
	out := map[string]*Table{}
	// where is the file that defines each key, for errors at its line
	where := map[string]map[string]*datafile.Doc{}
	var errs []error
	for _, lang := range Langs {
		name := "ui/" + lang + ".yaml"
		data, err := datafile.ReadFile(fsys, name) // a regular file only; the error names it
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t, doc, err := Parse(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if t.Lang != lang {
			errs = append(errs, doc.Errorf("lang", "expected %q to match the file name", lang))
			continue
		}
		w := map[string]*datafile.Doc{}
		for k := range t.strings {
			w[k] = doc
		}
		parts, _ := fs.Glob(fsys, "ui/"+lang+"/*.yaml")
		for _, pname := range parts {
			if err := t.addPart(fsys, pname, w); err != nil {
				errs = append(errs, err)
			}
		}
		out[lang], where[lang] = t, w
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	base := out[Langs[0]]
	for _, lang := range Langs[1:] {
		t, w := out[lang], where[lang]
		for _, k := range sortedKeys(base.strings) {
			v, ok := t.strings[k]
			if !ok {
				errs = append(errs, where[base.Lang][k].Errorf("strings."+k, "has no %s translation (add it to ui/%s.yaml or ui/%s/)", lang, lang, lang))
				continue
			}
			if a, b := holes(base.strings[k]), holes(v); a != b {
				errs = append(errs, w[k].Errorf("strings."+k, "placeholders %s differ from %s's %s", b, where[base.Lang][k].Name, a))
			}
		}
		for _, k := range sortedKeys(t.strings) {
			if _, ok := base.strings[k]; !ok {
				errs = append(errs, w[k].Errorf("strings."+k, "not in the %s catalogue", base.Lang))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// addPart merges one file of ui/<lang>/ into t: it names its language and
// holds strings only, none of them already defined.
func (t *Table) addPart(fsys fs.FS, name string, where map[string]*datafile.Doc) error {
	data, err := datafile.ReadFile(fsys, name) // a regular file only; the error names it
	if err != nil {
		return err
	}
	var raw rawTable
	doc, err := datafile.DecodeBytes(name, data, &raw)
	if err != nil {
		return err
	}
	var errs []error
	if raw.Lang != t.Lang {
		errs = append(errs, doc.Errorf("lang", "expected %q, the language of the folder", t.Lang))
	}
	errs = append(errs, checkText(doc, &raw)...)
	for _, k := range sortedKeys(raw.Strings) {
		switch {
		case strings.TrimSpace(raw.Strings[k]) == "":
			errs = append(errs, doc.Errorf("strings."+k, "empty string"))
		case where[k] != nil:
			errs = append(errs, doc.Errorf("strings."+k, "already defined in %s", where[k].Name))
		default:
			t.strings[k], where[k] = raw.Strings[k], doc
		}
	}
	return errors.Join(errs...)
}

// checkText refuses what a catalogue string may not show: control
// characters and escape codes (a string may span lines), and a broken
// template, "{what." or "{Place}", which the UI would show as it is. The
// other language's table must have the same placeholders (LoadAll).
func checkText(doc *datafile.Doc, raw *rawTable) []error {
	var errs []error
	for _, f := range []struct{ path, s string }{{"lang", raw.Lang}, {"name", raw.Name}} {
		if p := datacheck.Problem(f.s, false); p != "" {
			errs = append(errs, doc.Errorf(f.path, "%s", p))
		}
	}
	for _, k := range sortedKeys(raw.Strings) {
		if p := datacheck.Problem(k, false); p != "" {
			errs = append(errs, doc.Errorf("strings", "key %q %s", k, p))
			continue
		}
		if p := datacheck.Problem(raw.Strings[k], true); p != "" {
			errs = append(errs, doc.Errorf("strings."+k, "%s", p))
		} else if _, p := datacheck.Template(raw.Strings[k]); p != "" {
			errs = append(errs, doc.Errorf("strings."+k, "template %s", p))
		}
	}
	return errs
}

func holes(s string) string {
	h := placeholder.FindAllString(s, -1)
	sort.Strings(h)
	return "[" + strings.Join(h, " ") + "]"
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Has reports whether the table defines key.
func (t *Table) Has(key string) bool { _, ok := t.strings[key]; return ok }

// Keys lists the table's keys, sorted.
func (t *Table) Keys() []string { return sortedKeys(t.strings) }

// T returns the string for key. A missing key shows as ⟦key⟧ so that a
// golden frame or a user spots it at once instead of seeing a blank.
func (t *Table) T(key string) string {
	if s, ok := t.strings[key]; ok {
		return s
	}
	return "⟦" + key + "⟧"
}

// F returns the string for key with its {placeholders} replaced by the
// name/value pairs given.
func (t *Table) F(key string, pairs ...string) string {
	s := t.T(key)
	if len(pairs) == 0 || !strings.Contains(s, "{") {
		return s
	}
	args := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args = append(args, "{"+pairs[i]+"}", pairs[i+1])
	}
	return strings.NewReplacer(args...).Replace(s)
}

// zh reports whether the table is Chinese. It is not exported: a view that
// asked "is this Chinese?" would grow its own Chinese beside the catalogue's.
// The methods below say what depends on the language instead.
func (t *Table) zh() bool { return t != nil && t.Lang == "zh" }

// Pick chooses one of a bilingual pair (a place, road, vehicle, scenario, car
// park, cabin programme or colour, drill label…) for the table's language.
// Data files carry both names next to each other rather than a key into
// these tables, so this is the one place that chooses between them. A
// missing Chinese name falls back to the English one, never to a blank;
// a nil table is English, as a model without tables is.
func (t *Table) Pick(en, zh string) string {
	if t.zh() && zh != "" {
		return zh
	}
	return en
}

// Names is Pick with the other language's name second, for lists that show
// both (navigation results: 北京首都国际机场  Beijing Capital Airport).
func (t *Table) Names(en, zh string) (primary, secondary string) {
	if t.zh() && zh != "" {
		return zh, en
	}
	return en, zh
}

// BreaksAnywhere reports whether text in this language wraps at any
// character: Chinese has no spaces, and a word wrap would push whole
// sentences to the next line.
func (t *Table) BreaksAnywhere() bool { return t.zh() }

// Other is the language after lang in toggle order (the l key).
func Other(lang string) string {
	for i, l := range Langs {
		if l == lang {
			return Langs[(i+1)%len(Langs)]
		}
	}
	return Langs[0]
}

// Known reports whether lang is one of the UI languages.
func Known(lang string) bool {
	for _, l := range Langs {
		if l == lang {
			return true
		}
	}
	return false
}
