package i18n

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nevsim/cockpit/drive/msg"

	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// Describe renders a drive event in the table's language: its message
// (every producer says what happened by message key), or its kind for an
// event that carries none, so a producer that forgot one is seen at once.
// Every front end that shows events (the cockpit, `cockpit run --lang`,
// the replay) renders them here.
func (t *Table) Describe(ev sim.Event, m *world.Map) string {
	if ev.Msg.IsZero() {
		return string(ev.Kind)
	}
	return t.Render(ev.Msg, m)
}

// Render writes a drive message (drive/msg) in the table's language: the
// template of its key with each {placeholder} filled from its argument:
// text as it is, numbers with the producer's decimals, terms through
// their own keys, places and roads by their names on m, inner messages
// rendered the same way. A key missing from the catalogue shows as ⟦key⟧
// (T), and a placeholder without an argument stays as it is, so either
// mistake is seen on the first screen that shows it.
func (t *Table) Render(mg msg.Msg, m *world.Map) string {
	return t.render(mg, m, 0)
}

// maxDepth bounds messages inside messages: a reason inside a refusal is
// two; a cycle built by hand must not recurse for ever.
const maxDepth = 4

func (t *Table) render(mg msg.Msg, m *world.Map, depth int) string {
	s := t.T(mg.Key)
	if len(mg.Args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(mg.Args))
	for _, a := range mg.Args {
		var v string
		switch a.Kind {
		case msg.KindNum:
			v = a.FormatNum()
		case msg.KindTerm:
			v = t.T(a.Str)
		case msg.KindPlace:
			v = t.PlaceName(m, a.Str)
		case msg.KindRoad:
			v = t.roadName(m, a.Str)
		case msg.KindCarPark:
			v = t.carParkName(m, a.Str)
		case msg.KindNames:
			v = t.Pick(a.Str, a.Alt)
		case msg.KindList:
			items := make([]string, len(a.Items))
			for i, it := range a.Items {
				items[i] = t.item(it, m)
			}
			v = strings.Join(items, t.T("list.separator"))
		case msg.KindMsg:
			if a.Sub != nil && !a.Sub.IsZero() && depth < maxDepth {
				v = t.render(*a.Sub, m, depth+1)
			}
		default:
			v = a.Str
		}
		pairs = append(pairs, "{"+a.Name+"}", v)
	}
	out := strings.NewReplacer(pairs...).Replace(s)
	if depth == 0 && strings.HasPrefix(s, "{") {
		// A sentence that opens with a name ("{window} closed.") starts
		// with a capital, whatever the name's case inside a sentence.
		if r, n := utf8.DecodeRuneInString(out); unicode.IsLower(r) {
			out = string(unicode.ToUpper(r)) + out[n:]
		}
	}
	return out
}

// PlaceName is a place's name in the table's language, or the id when m
// has no such place.
func (t *Table) PlaceName(m *world.Map, id string) string {
	if m == nil {
		return id
	}
	p, err := m.Place(id)
	if err != nil || p == nil {
		return id
	}
	return t.Pick(p.NameEN, p.NameZH)
}

// item is one element of a list argument in the table's language.
func (t *Table) item(a msg.Arg, m *world.Map) string {
	switch a.Kind {
	case msg.KindNum:
		return a.FormatNum()
	case msg.KindTerm:
		return t.T(a.Str)
	case msg.KindPlace:
		return t.PlaceName(m, a.Str)
	case msg.KindNames:
		return t.Pick(a.Str, a.Alt)
	}
	return a.Str
}

// carParkName is a parking area's name in the table's language, or the id.
func (t *Table) carParkName(m *world.Map, id string) string {
	if m == nil {
		return id
	}
	a := m.ParkingArea(id)
	if a == nil {
		return id
	}
	return t.Pick(a.NameEN, a.NameZH)
}

// roadName is a road's name in the table's language, or the id.
func (t *Table) roadName(m *world.Map, id string) string {
	if m == nil {
		return id
	}
	r := m.Road(id)
	if r == nil {
		return id
	}
	return t.Pick(r.NameEN, r.NameZH)
}

// FormatNumber writes a whole number without decimals, others with one.
func FormatNumber(v float64) string {
	if v == math.Trunc(v) {
		return strconv.Itoa(int(v))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
