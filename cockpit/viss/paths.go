package viss

import (
	"encoding/json"
	"strings"

	"github.com/nevsim/cockpit/drive/signal"
)

// tree is the catalogue as VISS addresses it, built once: each signal's
// path in segments (for the paths filter's wildcards) and as a JSON string
// (so a notification is written without escaping the path again).
type tree struct {
	cat    *signal.Catalog
	segs   [][]string
	quoted [][]byte
}

func newTree(cat *signal.Catalog) *tree {
	t := &tree{cat: cat}
	for i := 0; i < cat.Len(); i++ {
		p := cat.Spec(i).Path
		t.segs = append(t.segs, strings.Split(p, "."))
		t.quoted = append(t.quoted, appendString(nil, p))
	}
	return t
}

// normalize turns a VISS path into the catalogue's dotted form: VISS
// allows "/" as the delimiter too ("Vehicle/Cabin/Door").
func normalize(p string) string {
	p = strings.TrimSpace(p)
	p = strings.ReplaceAll(p, "/", ".")
	return strings.Trim(p, ".")
}

// resolve returns the signals a request addresses, in order and each once:
// the path alone names a signal or, for a branch, every signal below it;
// with a paths filter, each relative path below the path does, "*"
// standing for one segment. VISS core: a path has no wildcards, every
// relative path must address at least one signal, and one ending in "*"
// addresses only the signals at exactly that depth. A final "**" (this
// server's extension) addresses everything below.
func (t *tree) resolve(path string, filter []filterPart) ([]int, *Error) {
	base := normalize(path)
	if strings.Contains(base, "*") {
		return nil, errBadRequest("a path has no wildcards (VISS core); put %q in a paths filter", clip(path))
	}
	if base == "" || strings.Contains(base, "..") {
		return nil, errBadRequest("%q is not a VSS path such as Vehicle.Speed", clip(path))
	}
	var rel []string
	for _, f := range filter {
		if f.Type != "paths" {
			continue
		}
		list, err := pathsValue(f.Value)
		if err != nil {
			return nil, err
		}
		rel = list
	}
	if rel == nil {
		if i, ok := t.cat.Index(base); ok {
			return []int{i}, nil
		}
		if !t.cat.IsBranch(base) {
			return nil, errInvalidPath("no signal or branch %q (docs/signals.md lists them)", clip(base))
		}
		return t.match(strings.Split(base, ".")), nil
	}
	var out []int
	seen := map[int]bool{}
	for _, r := range rel {
		r = normalize(r)
		if r == "" || strings.Contains(r, "..") {
			return nil, errFilterInvalid("%q is not a relative VSS path such as Row1.*.IsOpen", clip(r))
		}
		full := base + "." + r
		found := t.match(strings.Split(full, "."))
		if len(found) == 0 {
			return nil, errInvalidPath("%q addresses no signal", clip(full))
		}
		for _, i := range found {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	return out, nil
}

// pathsValue reads a paths filter's value: one relative path, or an array
// of them.
func pathsValue(raw json.RawMessage) ([]string, *Error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errFilterInvalid(`a paths filter's value is a relative path or an array of them, such as ["Speed", "Cabin.Seat.*.IsOccupied"]`)
	}
	if len(list) == 0 || len(list) > maxFilterPaths {
		return nil, errFilterInvalid("a paths filter names 1 to %d paths, got %d", maxFilterPaths, len(list))
	}
	return list, nil
}

// match returns the signals under a pattern of segments, in catalogue order.
func (t *tree) match(pat []string) []int {
	var out []int
	for i, s := range t.segs {
		if segmentsMatch(pat, s) {
			out = append(out, i)
		}
	}
	return out
}

// segmentsMatch reports whether a signal's path falls under a pattern:
// each segment equal or "*"; a pattern that ends in "*" matches a path of
// its own length only, one that ends in "**" every path below, and one
// that ends in a name the signal itself or every signal below that branch.
func segmentsMatch(pat, path []string) bool {
	n := len(pat)
	if n == 0 {
		return false
	}
	deep := pat[n-1] == "**"
	if deep {
		n--
	}
	if len(path) < n || deep && len(path) == n {
		return false
	}
	for k := 0; k < n; k++ {
		if pat[k] != "*" && pat[k] != path[k] {
			return false
		}
	}
	if !deep && pat[n-1] == "*" {
		return len(path) == n
	}
	return true
}
