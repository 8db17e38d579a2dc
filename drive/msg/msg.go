// Package msg is how the drive core says something without a language: a
// message is a catalogue key and its named arguments. The one renderer
// (cockpit/i18n, from assets/ui/<lang>.yaml and assets/ui/<lang>/*.yaml)
// turns it into English or Chinese; the core never writes a sentence, so a
// wording is changed, or a language added, in the catalogue alone and the
// event log of a drive does not change with it.
package msg

import (
	"math"
	"strconv"
)

// Msg is one sentence the core means: Key names it in the catalogue,
// Args fill its {placeholders}. The zero Msg says nothing.
type Msg struct {
	Key  string
	Args []Arg
}

// ArgKind says how the renderer turns an argument into words.
type ArgKind uint8

// The kinds of argument.
const (
	// KindText is shown as it is (a name the user typed, an id).
	KindText ArgKind = iota
	// KindNum is a number shown with Prec decimals.
	KindNum
	// KindTerm is a catalogue key rendered in the language ("word.fog").
	KindTerm
	// KindPlace is a place id of the map, shown by its name.
	KindPlace
	// KindRoad is a road id of the map, shown by its name.
	KindRoad
	// KindMsg is a whole message inside another (a reason in a refusal).
	KindMsg
	// KindCarPark is a parking area id of the map, shown by its name.
	KindCarPark
	// KindNames is a name from a data file that carries its own
	// translation (a massage programme or ambient colour of
	// assets/cabin/cabin.yaml): Str, or Alt where the reader's language is
	// the data's other one.
	KindNames
	// KindList is a list of arguments (Items), shown one after the other
	// with the language's list separator (", ", "、").
	KindList
)

// Arg is one named argument of a message.
type Arg struct {
	Name string
	Kind ArgKind
	// Str is the text, the term's key, the place or road id, or a
	// KindNames argument's English name.
	Str string
	// Alt is a KindNames argument's Chinese name, as the data file gives it.
	Alt string
	// Num and Prec are a KindNum argument's value and decimals.
	Num  float64
	Prec int
	// NoValue marks a KindNum argument its producer gave NaN or an
	// infinity: no sentence can mean one, so it is shown as "—" rather
	// than as a number the car never measured, and the drive's invariant
	// checker reports it as the defect it is.
	NoValue bool
	// Sub is a KindMsg argument's message.
	Sub *Msg
	// Items are a KindList argument's elements (their names are unused).
	Items []Arg
}

// New is the message key with args.
func New(key string, args ...Arg) Msg { return Msg{Key: key, Args: args} }

// Text is an argument shown verbatim.
func Text(name, s string) Arg { return Arg{Name: name, Kind: KindText, Str: s} }

// Num is a number shown with prec decimals. NaN and infinities, which no
// sentence can mean, are kept out of Num (0, so the log stays encodable)
// and marked NoValue: shown as "—", never as a false 0.
func Num(name string, v float64, prec int) Arg {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Arg{Name: name, Kind: KindNum, Prec: prec, NoValue: true}
	}
	return Arg{Name: name, Kind: KindNum, Num: v, Prec: prec}
}

// Int is a whole number.
func Int(name string, v int) Arg { return Arg{Name: name, Kind: KindNum, Num: float64(v)} }

// Term is a word of the catalogue (its key), shown in the language.
func Term(name, key string) Arg { return Arg{Name: name, Kind: KindTerm, Str: key} }

// Place is a place of the map, shown by its name.
func Place(name, id string) Arg { return Arg{Name: name, Kind: KindPlace, Str: id} }

// Road is a road of the map, shown by its name.
func Road(name, id string) Arg { return Arg{Name: name, Kind: KindRoad, Str: id} }

// CarPark is an argument naming a parking area of the map by its id, so the
// renderer shows the garage by its name in the reader's language.
func CarPark(name, id string) Arg { return Arg{Name: name, Kind: KindCarPark, Str: id} }

// Names is an argument naming something of a data file by the names the
// file gives it (English and Chinese), for the renderer to pick one.
func Names(name, en, zh string) Arg { return Arg{Name: name, Kind: KindNames, Str: en, Alt: zh} }

// List is an argument listing items (the massage programmes a car offers)
// for the renderer to join in the reader's language.
func List(name string, items ...Arg) Arg { return Arg{Name: name, Kind: KindList, Items: items} }

// Sub is a message inside another. A zero m is an optional part left out
// (a note that does not apply) and renders as nothing.
func Sub(name string, m Msg) Arg { return Arg{Name: name, Kind: KindMsg, Sub: &m} }

// IsZero reports whether the message says nothing.
func (m Msg) IsZero() bool { return m.Key == "" }

// FormatNum writes a number argument the way every language shows it:
// fixed decimals, no grouping.
func (a Arg) FormatNum() string {
	if a.NoValue {
		return "—"
	}
	return strconv.FormatFloat(a.Num, 'f', a.Prec, 64)
}

// String is the message in a form for logs and tests, not for people:
// key(name=value, ...) with inner messages the same way, so a test can say
// what was meant without going through a catalogue.
func (m Msg) String() string { return string(m.appendString(nil)) }

func (m Msg) appendString(b []byte) []byte {
	b = append(b, m.Key...)
	if len(m.Args) == 0 {
		return b
	}
	b = append(b, '(')
	for i, a := range m.Args {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, a.Name...)
		b = append(b, '=')
		switch a.Kind {
		case KindNum:
			b = append(b, a.FormatNum()...)
		case KindMsg:
			if a.Sub != nil {
				b = a.Sub.appendString(b)
			}
		case KindList:
			b = append(b, '[')
			for j, it := range a.Items {
				if j > 0 {
					b = append(b, ", "...)
				}
				b = appendValue(b, it)
			}
			b = append(b, ']')
		default:
			b = append(b, a.Str...)
		}
	}
	return append(b, ')')
}

// appendValue is a list item in String's form.
func appendValue(b []byte, a Arg) []byte {
	if a.Kind == KindNum {
		return append(b, a.FormatNum()...)
	}
	return append(b, a.Str...)
}

// appendJSONNum is a number argument in JSON: as rendered, or null for a
// NoValue one (JSON has no NaN, and "—" is not a number).
func appendJSONNum(b []byte, a Arg) []byte {
	if a.NoValue {
		return append(b, "null"...)
	}
	return append(b, a.FormatNum()...)
}

// AppendJSON appends the message as JSON: {"key":…,"args":{…}} with the
// arguments in the producer's order, numbers as rendered, so two logs of
// the same drive compare byte for byte.
func (m Msg) AppendJSON(b []byte) []byte {
	b = append(b, `{"key":`...)
	b = strconv.AppendQuote(b, m.Key)
	if len(m.Args) > 0 {
		b = append(b, `,"args":{`...)
		for i, a := range m.Args {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, a.Name)
			b = append(b, ':')
			switch a.Kind {
			case KindNum:
				b = appendJSONNum(b, a)
			case KindMsg:
				if a.Sub == nil {
					b = append(b, "null"...)
				} else {
					b = a.Sub.AppendJSON(b)
				}
			case KindList:
				b = append(b, '[')
				for j, it := range a.Items {
					if j > 0 {
						b = append(b, ',')
					}
					if it.Kind == KindNum {
						b = appendJSONNum(b, it)
					} else {
						b = strconv.AppendQuote(b, it.Str)
					}
				}
				b = append(b, ']')
			default:
				b = strconv.AppendQuote(b, a.Str)
			}
		}
		b = append(b, '}')
	}
	return append(b, '}')
}
