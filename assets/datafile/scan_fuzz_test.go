package datafile

import (
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// treeSize measures a parsed tree the way the pre-scan means to bound it:
// how deeply collections nest, how many scalars it holds, and the most
// keys of one mapping.
func treeSize(n ast.Node, depth int, depthMax, scalars, keysMax *int) {
	if n == nil {
		return
	}
	switch v := n.(type) {
	case *ast.MappingNode:
		*depthMax = max(*depthMax, depth+1)
		*keysMax = max(*keysMax, len(v.Values))
		for _, mv := range v.Values {
			treeSize(mv.Key, depth+1, depthMax, scalars, keysMax)
			treeSize(mv.Value, depth+1, depthMax, scalars, keysMax)
		}
	case *ast.MappingValueNode:
		*depthMax = max(*depthMax, depth+1)
		*keysMax = max(*keysMax, 1)
		treeSize(v.Key, depth+1, depthMax, scalars, keysMax)
		treeSize(v.Value, depth+1, depthMax, scalars, keysMax)
	case *ast.SequenceNode:
		*depthMax = max(*depthMax, depth+1)
		for _, item := range v.Values {
			treeSize(item, depth+1, depthMax, scalars, keysMax)
		}
	case *ast.TagNode:
		treeSize(v.Value, depth, depthMax, scalars, keysMax)
	case *ast.AnchorNode:
		treeSize(v.Value, depth, depthMax, scalars, keysMax)
	case *ast.MappingKeyNode:
		treeSize(v.Value, depth, depthMax, scalars, keysMax)
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode, *ast.AliasNode, *ast.InfinityNode, *ast.NanNode:
		*scalars++
	}
}

// FuzzPrescanBoundsTheTree: for any file the YAML library parses, the
// pre-scan counted (but for a small slack) at least the nesting, the
// scalars and the keys of one mapping that the library found. A shape the scan undercounts would let a
// costly file past the limits; this is where it shows.
func FuzzPrescanBoundsTheTree(f *testing.F) {
	for _, seed := range []string{
		"a: [[[[{b: [c, 'd''[', \"e\\\"[\"]}]]]]\n",
		"- - - - x\n- |\n  [[[ k: v\n  ]\n# [[[\n",
		"a: \"x\n  [[\"\nb:\n  c:\n    d: >-\n      e: f\n",
		"a: {\n  k0: 1,\n  \"k1\":2,\n}\n",
		"? a\n: 1\n? b\n: 2\n",
		"a: &x [1, *x]\nb: !t {c: d}\n",
		"k0: 1\nk1: 1\nk2: 1\nk3: 1\n",
		"- a: 1\n  b: 2\n- a: 3\n  b: [4, {c: 5}]\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, e := prescanStats("f.yaml", data)
		if e != nil {
			return
		}
		file, err := parser.ParseBytes(data, 0)
		if err != nil {
			return
		}
		depth, scalars, keys := 0, 0, 0
		for _, d := range file.Docs {
			treeSize(d.Body, 0, &depth, &scalars, &keys)
		}
		// A slack of 2: a one-off quirk of the library's lenient parser
		// ("  0\n: 1:" is one mapping of two keys) may add a level or a
		// key; a way round a limit is a shape that repeats, and grows past
		// any constant.
		const slack = 2
		if depth > s.maxDepth+slack || scalars > s.values+slack || keys > s.maxKeys+slack {
			t.Fatalf("the scan counted depth %d, values %d, keys %d; the tree has depth %d, scalars %d, keys %d in one mapping",
				s.maxDepth, s.values, s.maxKeys, depth, scalars, keys)
		}
	})
}
