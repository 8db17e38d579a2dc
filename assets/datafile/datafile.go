// Package datafile decodes the YAML data files under assets/ strictly and
// reports every problem as "file:line:column: field: what was expected", so a
// designer editing a profile, map or scenario can find the mistake at once.
//
// Decoding is two-phase: Decode fills plain Go structs (strings, numbers,
// lists) and rejects unknown fields and wrong types; the caller then validates
// meaning (ranges, references, enums) and reports through Doc.Errorf, which
// looks up the position of the offending field by its path.
package datafile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// MaxSize bounds a data file so a pathological input cannot exhaust memory.
const MaxSize = 4 << 20

// MaxExpandedNodes bounds how large a document may grow once its aliases
// (*name) are expanded, so a "billion laughs" file cannot hang the loader.
const MaxExpandedNodes = 200_000

// Error is one problem in a data file. Line and Column are 1-based; zero
// when the position is unknown (for example a missing required field of the
// whole document).
type Error struct {
	File   string
	Line   int
	Column int
	Field  string // dotted path such as "events[2].at"; empty for the document
	Msg    string
}

// Error formats the problem as file:line:col: field: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Doc is a decoded data file, kept so that later validation can point at the
// node a problem comes from.
type Doc struct {
	Name string
	file *ast.File
}

// Decode reads name from fsys (see ReadFile) and decodes it strictly into v.
func Decode(fsys fs.FS, name string, v any) (*Doc, error) {
	data, err := ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return DecodeBytes(name, data, v)
}

// ReadFile reads a data file: a regular file of at most MaxSize bytes.
// It looks at the file before opening it (fs.Stat), because opening a named
// pipe blocks until someone writes to it and a device may never end; it
// looks again at the file it opened, in case the name changed in between,
// and never reads more than MaxSize+1 bytes whatever the file claims.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot open: " + unwrapPathError(err)}
	}
	if e := checkRegular(name, info); e != nil {
		return nil, e
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot open: " + unwrapPathError(err)}
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, &Error{File: name, Msg: "cannot read: " + unwrapPathError(err)}
	}
	if e := checkRegular(name, info); e != nil {
		return nil, e
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, &Error{File: name, Msg: "cannot read: " + unwrapPathError(err)}
	}
	if len(data) > MaxSize {
		return nil, tooLarge(name, data)
	}
	return data, nil
}

// checkRegular refuses anything but a regular file of at most MaxSize
// bytes, saying what it is instead.
func checkRegular(name string, info fs.FileInfo) *Error {
	m := info.Mode()
	if m.IsRegular() {
		if info.Size() > MaxSize {
			e := tooLarge(name, nil)
			e.Msg = limit(fmt.Sprintf("file is %d bytes, larger than %d", info.Size(), MaxSize))
			return e
		}
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a folder, not a file"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe, not a regular file"
	case m&fs.ModeSocket != 0:
		what = "a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		what = "a device, not a regular file"
	}
	return &Error{File: name, Msg: "is " + what}
}

// tooLarge refuses a file past MaxSize at the place where it went past,
// when its bytes are at hand.
func tooLarge(name string, data []byte) *Error {
	e := &Error{File: name, Msg: limit(fmt.Sprintf("file is larger than %d bytes", MaxSize))}
	if len(data) > MaxSize {
		head := data[:MaxSize]
		start := bytes.LastIndexByte(head, '\n') + 1
		e.Line = bytes.Count(head, []byte("\n")) + 1
		e.Column = utf8.RuneCount(head[start:]) + 1
	}
	return e
}

// DecodeBytes decodes data (named name in errors) strictly into v: unknown
// fields, duplicate keys and type mismatches are errors with a position.
func DecodeBytes(name string, data []byte, v any) (doc *Doc, err error) {
	if len(data) > MaxSize {
		return nil, tooLarge(name, data)
	}
	// The YAML library is third-party code fed with user input: a panic in it
	// must surface as a clear error, never crash the simulator.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, &Error{File: name, Msg: fmt.Sprintf("cannot parse YAML (%v)", r)}
		}
	}()
	// The library's cost grows faster than the file on some shapes: refuse
	// those from a scan of the bytes before it sees them.
	if e := prescan(name, data); e != nil {
		return nil, e
	}
	file, perr := parser.ParseBytes(data, 0)
	if perr != nil {
		return nil, convert(name, nil, perr)
	}
	doc = &Doc{Name: name, file: file}
	if e := checkAliases(name, file); e != nil {
		return nil, e
	}
	if e := checkTags(name, file); e != nil {
		return nil, e
	}
	if len(file.Docs) > 1 {
		return nil, &Error{File: name, Line: firstLine(file.Docs[1]), Msg: "expected one YAML document, found several"}
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return doc, nil // an empty file (or only comments) leaves v as it is
	}
	// Decode from the tree already parsed: UnmarshalWithOptions would lex
	// and parse the bytes a second time (half of the time of a large file).
	if err := yaml.NodeToValue(file.Docs[0].Body, v, yaml.Strict()); err != nil {
		var unk *yaml.UnknownFieldError
		if errors.As(err, &unk) {
			if tok := firstUnknownField(file.Docs[0].Body, reflect.TypeOf(v), unk.Token); tok != nil {
				err = &yaml.UnknownFieldError{Message: fmt.Sprintf("unknown field %q", tok.Value), Token: tok}
			}
		}
		return nil, convert(name, file, err)
	}
	return doc, nil
}

func firstLine(d *ast.DocumentNode) int {
	if d == nil || d.GetToken() == nil {
		return 0
	}
	return d.GetToken().Position.Line
}

// Errorf reports a problem with the field at path, e.g. "events[2].at" or
// "roads[0].speed_limit". When the field is absent the nearest existing
// parent gives the position.
func (d *Doc) Errorf(path string, format string, args ...any) *Error {
	e := &Error{File: d.Name, Field: path, Msg: fmt.Sprintf(format, args...)}
	if d.file != nil {
		e.Line, e.Column = d.Position(path)
	}
	return e
}

// Position returns the 1-based line and column of the node at path, or of
// its nearest existing ancestor; 0, 0 when nothing matches.
func (d *Doc) Position(path string) (line, col int) {
	if d == nil || d.file == nil || len(d.file.Docs) == 0 {
		return 0, 0
	}
	node := d.file.Docs[0].Body
	matched := 0
	parts := splitPath(path)
	for i, part := range parts {
		next := child(node, part)
		if next == nil && i+1 < len(parts) {
			// a key that holds dots itself ("strings.panel.drive")
			next = child(node, strings.Join(parts[i:], "."))
			if next != nil {
				node = next
				matched++
				break
			}
		}
		if next == nil {
			break
		}
		node = next
		matched++
	}
	// A top-level field that is absent has no better place than the file.
	if matched == 0 && path != "" {
		return 0, 0
	}
	if node == nil || node.GetToken() == nil {
		return 0, 0
	}
	p := node.GetToken().Position
	return p.Line, p.Column
}

// splitPath turns "a.b[2].c" into ["a", "b", "[2]", "c"].
func splitPath(path string) []string {
	var parts []string
	for _, dotted := range strings.Split(path, ".") {
		for dotted != "" {
			i := strings.IndexByte(dotted, '[')
			switch {
			case i < 0:
				parts = append(parts, dotted)
				dotted = ""
			case i == 0:
				j := strings.IndexByte(dotted, ']')
				if j < 0 {
					parts = append(parts, dotted)
					dotted = ""
					continue
				}
				parts = append(parts, dotted[:j+1])
				dotted = dotted[j+1:]
			default:
				parts = append(parts, dotted[:i])
				dotted = dotted[i:]
			}
		}
	}
	return parts
}

func child(node ast.Node, part string) ast.Node {
	if node == nil {
		return nil
	}
	if strings.HasPrefix(part, "[") {
		idx, err := strconv.Atoi(strings.Trim(part, "[]"))
		if err != nil {
			return nil
		}
		if seq, ok := node.(*ast.SequenceNode); ok && idx >= 0 && idx < len(seq.Values) {
			return seq.Values[idx]
		}
		return nil
	}
	for _, mv := range mappingValues(node) {
		if mv.Key != nil && mv.Key.GetToken() != nil && mv.Key.GetToken().Value == part {
			// Point at the value when it is on the same line, else at the key.
			if mv.Value != nil && mv.Value.GetToken() != nil && mv.Value.GetToken().Position.Line == mv.Key.GetToken().Position.Line {
				return mv.Value
			}
			if _, isMap := mv.Value.(*ast.MappingNode); isMap {
				return mv.Value
			}
			if _, isSeq := mv.Value.(*ast.SequenceNode); isSeq {
				return mv.Value
			}
			return mv.Key
		}
	}
	return nil
}

func mappingValues(node ast.Node) []*ast.MappingValueNode {
	switch n := node.(type) {
	case *ast.MappingNode:
		return n.Values
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}
	case *ast.TagNode:
		return mappingValues(n.Value)
	case *ast.AnchorNode:
		return mappingValues(n.Value)
	}
	return nil
}

// convert turns a go-yaml error into an *Error with position, field path and
// a message in the vocabulary of the file rather than of Go types.
func convert(name string, file *ast.File, err error) *Error {
	e := &Error{File: name, Msg: err.Error()}
	var tok *token.Token
	var (
		syn   *yaml.SyntaxError
		typ   *yaml.TypeError
		unk   *yaml.UnknownFieldError
		dup   *yaml.DuplicateKeyError
		over  *yaml.OverflowError
		unexp *yaml.UnexpectedNodeTypeError
	)
	switch {
	case errors.As(err, &unk):
		tok = unk.Token
		e.Msg = unk.Message
	case errors.As(err, &typ):
		tok = typ.Token
		e.Msg = "expected " + describeType(typ.DstType) + ", got " + describeValue(typ.Token)
	case errors.As(err, &dup):
		tok = dup.Token
		e.Msg = dup.Message
	case errors.As(err, &over):
		tok = over.Token
		e.Msg = "number " + over.SrcNum + " is out of range for " + describeType(over.DstType)
	case errors.As(err, &unexp):
		tok = unexp.Token
		e.Msg = fmt.Sprintf("expected %s, got %s", describeNodeType(unexp.Expected), describeNodeType(unexp.Actual))
	case errors.As(err, &syn):
		tok = syn.Token
		e.Msg = "YAML syntax: " + syn.Message
	}
	if tok != nil {
		e.Line, e.Column = tok.Position.Line, tok.Position.Column
		if file != nil {
			e.Field = pathOfToken(file, tok)
		}
	}
	return e
}

func describeType(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping of fields"
	}
	return t.String()
}

func describeValue(tok *token.Token) string {
	if tok == nil {
		return "something else"
	}
	v := tok.Value
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	switch tok.Type {
	case token.MappingStartType, token.MappingValueType:
		return "a mapping"
	case token.SequenceStartType, token.SequenceEntryType:
		return "a list"
	}
	return strconv.Quote(v)
}

func describeNodeType(t ast.NodeType) string {
	switch t {
	case ast.MappingType, ast.MappingValueType:
		return "a mapping of fields"
	case ast.SequenceType:
		return "a list"
	case ast.StringType:
		return "text"
	case ast.IntegerType:
		return "a whole number"
	case ast.FloatType:
		return "a number"
	case ast.BoolType:
		return "true or false"
	case ast.NullType:
		return "nothing"
	}
	return strings.ToLower(t.String())
}

// pathOfToken finds the dotted path of the node holding tok.
func pathOfToken(file *ast.File, tok *token.Token) string {
	if len(file.Docs) == 0 {
		return ""
	}
	var found string
	var walk func(n ast.Node, path string) bool
	walk = func(n ast.Node, path string) bool {
		if n == nil {
			return false
		}
		switch v := n.(type) {
		case *ast.MappingNode:
			for _, mv := range v.Values {
				if walk(mv, path) {
					return true
				}
			}
			return false
		case *ast.MappingValueNode:
			key := ""
			if v.Key != nil && v.Key.GetToken() != nil {
				key = v.Key.GetToken().Value
			}
			p := key
			if path != "" {
				p = path + "." + key
			}
			if samePos(v.Key, tok) || samePos(v, tok) {
				found = p
				return true
			}
			return walk(v.Value, p)
		case *ast.SequenceNode:
			for i, item := range v.Values {
				if walk(item, fmt.Sprintf("%s[%d]", path, i)) {
					return true
				}
			}
			if samePos(v, tok) {
				found = path
				return true
			}
			return false
		case *ast.TagNode:
			return walk(v.Value, path)
		case *ast.AnchorNode:
			return walk(v.Value, path)
		}
		if samePos(n, tok) {
			found = path
			return true
		}
		return false
	}
	walk(file.Docs[0].Body, "")
	return found
}

func samePos(n ast.Node, tok *token.Token) bool {
	if n == nil || tok == nil {
		return false
	}
	t := n.GetToken()
	return t != nil && t.Position.Line == tok.Position.Line && t.Position.Column == tok.Position.Column
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// checkAliases measures the document with every alias expanded and refuses
// one that would grow past MaxExpandedNodes, at the alias where the budget
// ran out. A file without aliases is not measured: it is as large as the
// scan before parsing allowed. Recursion is bounded by MaxDepth (the scan)
// and by the memo (each node is measured once; a cycle counts as too large).
// tagFinder is an ast.Visitor that keeps the first YAML tag it meets.
type tagFinder struct{ first *ast.TagNode }

// Visit implements ast.Visitor.
func (f *tagFinder) Visit(n ast.Node) ast.Visitor {
	if f.first != nil {
		return nil
	}
	if t, ok := n.(*ast.TagNode); ok {
		f.first = t
		return nil
	}
	return f
}

// checkTags refuses YAML tags (`!name`, `!!str`), at the first one. No data
// file of ours has a use for them (every field has one type), and the YAML
// library panics decoding some of them into a list (`steps: ! 0`), which
// would reach the user as an error without a position.
func checkTags(name string, file *ast.File) *Error {
	var f tagFinder
	for _, d := range file.Docs {
		if d.Body == nil {
			continue
		}
		if ast.Walk(&f, d.Body); f.first != nil {
			break
		}
	}
	if f.first == nil {
		return nil
	}
	tok := f.first.GetToken()
	e := &Error{File: name, Msg: fmt.Sprintf("YAML tags are not used in these files: remove %q and write the value alone", tok.Value)}
	if tok.Position != nil {
		e.Line, e.Column = tok.Position.Line, tok.Position.Column
	}
	return e
}

func checkAliases(name string, file *ast.File) *Error {
	anchors := map[string]ast.Node{}
	var firstAlias *token.Token
	var collect func(n ast.Node)
	collect = func(n ast.Node) {
		if n == nil {
			return
		}
		switch v := n.(type) {
		case *ast.AliasNode:
			if firstAlias == nil {
				firstAlias = v.GetToken()
			}
		case *ast.AnchorNode:
			if v.Name != nil && v.Name.GetToken() != nil {
				anchors[v.Name.GetToken().Value] = v.Value
			}
			collect(v.Value)
		case *ast.MappingNode:
			for _, mv := range v.Values {
				collect(mv)
			}
		case *ast.MappingValueNode:
			collect(v.Key)
			collect(v.Value)
		case *ast.SequenceNode:
			for _, item := range v.Values {
				collect(item)
			}
		case *ast.TagNode:
			collect(v.Value)
		}
	}
	for _, d := range file.Docs {
		collect(d.Body)
	}
	if firstAlias == nil {
		return nil
	}
	memo := map[ast.Node]int{}
	var lastAlias, where *token.Token
	var size func(n ast.Node) int
	size = func(n ast.Node) int {
		if n == nil {
			return 0
		}
		if v, ok := memo[n]; ok {
			return v
		}
		memo[n] = MaxExpandedNodes + 1 // a cycle counts as too large
		total := 1
		add := func(k int) {
			total += k
			if total > MaxExpandedNodes {
				total = MaxExpandedNodes + 1
				if where == nil {
					where = lastAlias
				}
			}
		}
		switch v := n.(type) {
		case *ast.AliasNode:
			lastAlias = v.GetToken()
			if v.Value != nil && v.Value.GetToken() != nil {
				add(size(anchors[v.Value.GetToken().Value]))
			}
		case *ast.AnchorNode:
			add(size(v.Value))
		case *ast.MappingNode:
			for _, mv := range v.Values {
				add(size(mv))
			}
		case *ast.MappingValueNode:
			add(size(v.Key))
			add(size(v.Value))
		case *ast.SequenceNode:
			for _, item := range v.Values {
				add(size(item))
			}
		case *ast.TagNode:
			add(size(v.Value))
		}
		memo[n] = total
		return total
	}
	for _, d := range file.Docs {
		if size(d.Body) > MaxExpandedNodes {
			if where == nil {
				where = firstAlias
			}
			e := &Error{File: name, Msg: fmt.Sprintf("aliases (*name) expand the file past %d values (the limit for every data file); write the values out or use fewer aliases", MaxExpandedNodes)}
			if where != nil {
				e.Line, e.Column = where.Position.Line, where.Position.Column
			}
			return e
		}
	}
	return nil
}
