package msg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// vocabulary are the files of built-in names people say (massage
// programmes, colours): data a designer's files extend, so they cannot be
// catalogue keys; each says so at its top. No sentence may go there.
var vocabulary = map[string]bool{
	"cabin/vocabulary.go": true,
}

// TestTheCoreWritesNoChinese keeps drive/ free of language: a Chinese
// string literal in the core is a sentence the catalogues in assets/ui
// cannot see, translate or check, so only the vocabulary files may hold one.
func TestTheCoreWritesNoChinese(t *testing.T) {
	root := ".."
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !hasHan(s) {
				return true
			}
			seen[rel] = true
			if !vocabulary[rel] {
				t.Errorf("%s: Chinese string literal %s in the core: give it a message key and put the sentence in assets/ui", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f := range vocabulary {
		if !seen[f] {
			t.Errorf("%s holds no Chinese names any more: take it off vocabulary", f)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
