package datacheck

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Range is the allowed span of one numeric field, both ends included, and
// its unit as the message shows it ("s", "km/h", "%"; "" for none).
type Range struct {
	Min, Max float64
	Unit     string
}

// Problem says why v is not in the range, naming the range, or returns "".
// NaN and ±Inf are never in a range: a comparison with NaN is false, so a
// check written as "v < min || v > max" would let it through.
func (r Range) Problem(v float64) string {
	if !math.IsNaN(v) && v >= r.Min && v <= r.Max {
		return ""
	}
	return fmt.Sprintf("expected a number from %s to %s, got %s", fmtNum(r.Min), r.fmt(r.Max), fmtNum(v))
}

func (r Range) fmt(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if r.Unit != "" {
		if r.Unit == "%" || r.Unit == "°" {
			return s + r.Unit
		}
		return s + " " + r.Unit
	}
	return s
}

func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return ".nan (not a number)"
	case math.IsInf(v, 1):
		return ".inf (infinity)"
	case math.IsInf(v, -1):
		return "-.inf (infinity)"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Number is one numeric field of a decoded file: its path as
// datafile.Doc.Errorf takes it, the path with every index written [] (the
// key of a range table; a map's key is written *), and its value.
type Number struct {
	Path, Pattern string
	Value         float64
}

// Numbers lists every numeric field (integers and floats, behind pointers,
// in lists, arrays, maps and structs named by their yaml tags) that v
// holds. Interface values are left out: a field decoded as any is checked
// by the code that gives it a type.
func Numbers(v any) []Number {
	var out []Number
	walkNumbers(reflect.ValueOf(v), "", "", &out, 0)
	return out
}

func walkNumbers(v reflect.Value, path, pattern string, out *[]Number, depth int) {
	if depth > maxDepth || !v.IsValid() {
		return
	}
	add := func(x float64) {
		*out = append(*out, Number{Path: path, Pattern: pattern, Value: x})
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkNumbers(v.Elem(), path, pattern, out, depth+1)
		}
	case reflect.Float32, reflect.Float64:
		add(v.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		add(float64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		add(float64(v.Uint()))
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				switch key, inline := yamlKey(f); {
				case inline:
					walkNumbers(v.Field(i), path, pattern, out, depth+1)
				case key != "-":
					walkNumbers(v.Field(i), join(path, key), join(pattern, key), out, depth+1)
				}
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkNumbers(v.Index(i), path+"["+strconv.Itoa(i)+"]", pattern+"[]", out, depth+1)
		}
	case reflect.Map:
		// in key order: the problems are reported in the order found, and
		// the same file must give the same message every run
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			walkNumbers(v.MapIndex(k), join(path, fmt.Sprint(k.Interface())), join(pattern, "*"), out, depth+1)
		}
	}
}

// yamlKey is the key a struct field is written under, as the YAML library
// reads it: its tag's name, or its name in lower case; "-" for a field the
// file cannot set. An inline field (`yaml:",inline"`) has no key of its
// own: its fields sit in the parent's mapping.
func yamlKey(f reflect.StructField) (key string, inline bool) {
	key, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if strings.Contains(","+opts+",", ",inline,") {
		return "", true
	}
	if key == "" {
		key = strings.ToLower(f.Name)
	}
	return key, false
}

// NumberFields lists the patterns (paths with [] for every index) of every
// numeric field the type of v can hold, whether or not v sets it: a test
// walks it to prove each one has a range, so a field added later cannot go
// unchecked. Interface fields are left out as Numbers leaves them out.
func NumberFields(v any) []string {
	var out []string
	fieldsOf(reflect.TypeOf(v), "", &out, 0)
	return out
}

func fieldsOf(t reflect.Type, path string, out *[]string, depth int) {
	if depth > 30 {
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		fieldsOf(t.Elem(), path, out, depth+1)
	case reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		*out = append(*out, path)
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				switch key, inline := yamlKey(f); {
				case inline:
					fieldsOf(f.Type, path, out, depth+1)
				case key != "-":
					fieldsOf(f.Type, join(path, key), out, depth+1)
				}
			}
		}
	case reflect.Slice, reflect.Array:
		fieldsOf(t.Elem(), path+"[]", out, depth+1)
	case reflect.Map:
		fieldsOf(t.Elem(), join(path, "*"), out, depth+1)
	}
}

// CheckNumbers checks every number of v against its range in ranges (keyed
// by pattern, as NumberFields gives them) and reports each that is out of
// it. A number without a range must still be finite.
func CheckNumbers(v any, ranges map[string]Range, report func(path, problem string)) {
	for _, n := range Numbers(v) {
		r, ok := ranges[n.Pattern]
		if !ok {
			if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
				report(n.Path, "expected a finite number, got "+fmtNum(n.Value))
			}
			continue
		}
		if p := r.Problem(n.Value); p != "" {
			report(n.Path, p)
		}
	}
}
