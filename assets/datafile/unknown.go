package datafile

import (
	"reflect"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// firstUnknownField finds, in document order, the first mapping key of node
// that the Go type t has no field for. The YAML library reports an unknown
// field from a walk over a Go map, so in a file with several it names a
// different one from run to run; a designer fixing them one by one, or a
// test comparing the message, needs the same answer every time: the first.
// It returns nil when it finds none, or when the library's own choice (lib)
// is not among those it finds: a type it models differently from the
// library then gets the library's answer, never an invented one.
func firstUnknownField(node ast.Node, t reflect.Type, lib *token.Token) *token.Token {
	var all []*token.Token
	unknownFields(node, t, &all)
	for _, tok := range all {
		if lib != nil && tok.Position.Offset == lib.Position.Offset && tok.Value == lib.Value {
			return all[0]
		}
	}
	return nil
}

// unknownFields appends to out, in document order, every mapping key of node
// that the Go type t has no field for.
func unknownFields(node ast.Node, t reflect.Type, out *[]*token.Token) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if node == nil || t == nil || customDecoded(t) {
		return
	}
	switch n := node.(type) {
	case *ast.DocumentNode:
		unknownFields(n.Body, t, out)
	case *ast.AnchorNode:
		unknownFields(n.Value, t, out)
	case *ast.TagNode:
		unknownFields(n.Value, t, out)
	case *ast.MappingValueNode:
		unknownFields(&ast.MappingNode{Values: []*ast.MappingValueNode{n}}, t, out)
	case *ast.MappingNode:
		switch t.Kind() {
		case reflect.Struct:
			fields := yamlFields(t)
			for _, mv := range n.Values {
				key, ok := mv.Key.(ast.ScalarNode)
				if !ok || mv.Key.GetToken() == nil {
					continue
				}
				if _, merge := mv.Key.(*ast.MergeKeyNode); merge {
					continue
				}
				ft, known := fields[keyString(key)]
				if !known {
					*out = append(*out, mv.Key.GetToken())
					continue
				}
				unknownFields(mv.Value, ft, out)
			}
		case reflect.Map:
			for _, mv := range n.Values {
				unknownFields(mv.Value, t.Elem(), out)
			}
		}
	case *ast.SequenceNode:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for _, item := range n.Values {
				unknownFields(item, t.Elem(), out)
			}
		}
	}
}

// customDecoded says whether t decodes itself (an unmarshaler of its own),
// whose keys only it knows.
func customDecoded(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	for _, name := range []string{"UnmarshalYAML", "UnmarshalText"} {
		if _, ok := p.MethodByName(name); ok {
			return true
		}
		if _, ok := t.MethodByName(name); ok {
			return true
		}
	}
	return false
}

func keyString(key ast.ScalarNode) string {
	if s, ok := key.GetValue().(string); ok {
		return s
	}
	return key.GetToken().Value
}

// yamlFields maps the YAML names of t's fields to their types, following
// `yaml:",inline"` and embedded structs as the library does.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("yaml")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if strings.Contains(","+opts+",", ",inline,") || (f.Anonymous && name == "" && ft.Kind() == reflect.Struct) {
				if ft.Kind() == reflect.Struct {
					add(ft)
				}
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			out[name] = f.Type
		}
	}
	add(t)
	return out
}
