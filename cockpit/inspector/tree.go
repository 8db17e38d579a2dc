package inspector

import (
	"strings"

	"github.com/nevsim/cockpit/drive/signal"
)

// node is one entry of the VSS tree: a branch (a path segment with signals
// below it) or a leaf (a signal). Nodes are stored in preorder, so a
// node's subtree is the run of nodes from it up to end, and showing the
// tree is one pass over the slice that skips the runs of folded branches.
type node struct {
	name   string // the path segment ("Speed")
	depth  int
	parent int // -1 for a root
	end    int // one past the last node of the subtree
	sig    int // the signal's catalogue index; -1 for a branch
	leaves int // signals in the subtree
}

func (n *node) branch() bool { return n.sig < 0 }

// tree is the catalogue's VSS tree, built once when the panel is created:
// nodes in preorder, each branch's children in the order their first
// signal has in the catalogue (the file's order, which groups signals by
// topic: Vehicle.Speed first), and a lower-case haystack per signal for
// the filter.
type tree struct {
	nodes []node
	// hay is each signal's path and description in lower case, for the
	// case-insensitive filter.
	hay []string
	// leafOf is each signal's node.
	leafOf []int
}

// trie is the tree while it is being built.
type trie struct {
	name     string
	sig      int
	children []*trie
	index    map[string]*trie
}

func (t *trie) child(name string) *trie {
	if c := t.index[name]; c != nil {
		return c
	}
	c := &trie{name: name, sig: -1, index: map[string]*trie{}}
	t.children = append(t.children, c)
	t.index[name] = c
	return c
}

// buildTree builds the tree of a catalogue (empty for nil).
func buildTree(cat *signal.Catalog) tree {
	var t tree
	if cat == nil {
		return t
	}
	root := &trie{sig: -1, index: map[string]*trie{}}
	t.hay = make([]string, cat.Len())
	t.leafOf = make([]int, cat.Len())
	for i := 0; i < cat.Len(); i++ {
		sp := cat.Spec(i)
		at := root
		for _, seg := range strings.Split(sp.Path, ".") {
			at = at.child(seg)
		}
		at.sig = i
		t.hay[i] = strings.ToLower(sp.Path + "\n" + sp.Description)
	}
	var walk func(n *trie, depth, parent int)
	walk = func(n *trie, depth, parent int) {
		at := len(t.nodes)
		t.nodes = append(t.nodes, node{name: n.name, depth: depth, parent: parent, sig: n.sig})
		if n.sig >= 0 {
			t.leafOf[n.sig] = at
		}
		for _, c := range n.children {
			walk(c, depth+1, at)
		}
		t.nodes[at].end = len(t.nodes)
		// The subtree is the run at+1..end: its leaves are the signals
		// appended since this node.
		for j := at; j < len(t.nodes); j++ {
			if !t.nodes[j].branch() {
				t.nodes[at].leaves++
			}
		}
	}
	for _, c := range root.children {
		walk(c, 0, -1)
	}
	return t
}

// path is the dotted path of node i.
func (t *tree) path(i int) string {
	var segs []string
	for ; i >= 0; i = t.nodes[i].parent {
		segs = append(segs, t.nodes[i].name)
	}
	for a, b := 0, len(segs)-1; a < b; a, b = a+1, b-1 {
		segs[a], segs[b] = segs[b], segs[a]
	}
	return strings.Join(segs, ".")
}

// visible lists the nodes to show, in order. Without a filter that is
// every node whose ancestors are all open; with one (lower case), every
// matching signal with its branches, unfolded whatever the folds say.
// matches is the number of matching signals (every signal without a
// filter).
func (t *tree) visible(open []bool, query string, dst []int) (rows []int, matches int) {
	rows = dst[:0]
	if query == "" {
		for i := 0; i < len(t.nodes); {
			rows = append(rows, i)
			if n := &t.nodes[i]; n.branch() && !open[i] {
				i = n.end
				continue
			}
			i++
		}
		return rows, len(t.hay)
	}
	for i := 0; i < len(t.nodes); {
		n := &t.nodes[i]
		if !n.branch() {
			if strings.Contains(t.hay[n.sig], query) {
				rows = append(rows, i)
				matches++
			}
			i++
			continue
		}
		if t.anyMatch(i, query) {
			rows = append(rows, i)
			i++
			continue
		}
		i = n.end
	}
	return rows, matches
}

// anyMatch reports whether a signal below branch b matches the query.
func (t *tree) anyMatch(b int, query string) bool {
	for j := b + 1; j < t.nodes[b].end; j++ {
		if n := &t.nodes[j]; !n.branch() && strings.Contains(t.hay[n.sig], query) {
			return true
		}
	}
	return false
}
