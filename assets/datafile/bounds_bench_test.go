package datafile_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
)

// The shapes of file that cost the YAML library more than their size
// suggests: deep flow brackets, deep indentation, many sibling keys, many
// documents. They are built here rather than checked in so their sizes can
// follow the limits.

func deepFlow(n int) []byte {
	return []byte("name: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n")
}

func deepBlock(n int) []byte {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "b: 1\n")
	return []byte(b.String())
}

func manyKeys(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	return []byte(b.String())
}

func manyDocs(n int) []byte {
	return []byte(strings.Repeat("---\na: 1\n", n))
}

func benchDecode(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		_, _ = datafile.DecodeBytes("b.yaml", data, &v)
	}
}

func BenchmarkDecodeDeepFlow8000(b *testing.B)  { benchDecode(b, deepFlow(8000)) }
func BenchmarkDecodeDeepBlock2000(b *testing.B) { benchDecode(b, deepBlock(2000)) }
func BenchmarkDecodeManyKeys30000(b *testing.B) { benchDecode(b, manyKeys(30000)) }
func BenchmarkDecodeManyDocs20000(b *testing.B) { benchDecode(b, manyDocs(20000)) }

// BenchmarkDecodeBeijing is the largest bundled data file: what a legal file
// of today costs, and what the limits must leave room for.
func BenchmarkDecodeBeijing(b *testing.B) {
	data, err := fs.ReadFile(assets.FS(), "maps/beijing.yaml")
	if err != nil {
		b.Fatal(err)
	}
	benchDecode(b, data)
}

// The worst files the limits let through: each is as large in one
// dimension as the limits allow, and must decode (or be refused by the
// library) in well under a second.

// worstKeys is as many mappings of MaxKeys keys as MaxValues allows.
func worstKeys() []byte {
	var b strings.Builder
	for m := 0; m < datafile.MaxValues/(2*datafile.MaxKeys+1); m++ {
		fmt.Fprintf(&b, "m%d:\n", m)
		for i := range datafile.MaxKeys {
			fmt.Fprintf(&b, "  k%d: 1\n", i)
		}
	}
	return []byte(b.String())
}

// worstValues is MaxValues values: a key and list entries of one number,
// 1,000 to a bracketed line.
func worstValues() []byte {
	var b strings.Builder
	b.WriteString("a:\n")
	left := datafile.MaxValues - 1
	for left > 0 {
		n := min(left/2, 999)
		if n == 0 {
			break
		}
		b.WriteString("  - [" + strings.Repeat("1,", n-1) + "1]\n")
		left -= 2 + n
	}
	return []byte(b.String())
}

// worstDeep is nesting MaxDepth deep (a key, a dash and brackets),
// repeated up to MaxValues.
func worstDeep() []byte {
	one := "  - " + strings.Repeat("[", datafile.MaxDepth-3) + strings.Repeat("]", datafile.MaxDepth-3) + "\n"
	return []byte("a:\n" + strings.Repeat(one, datafile.MaxValues/(datafile.MaxDepth-1)-1))
}

// worstSize is a file of MaxSize bytes: long text lines under MaxValues.
func worstSize() []byte {
	text := strings.Repeat("x", datafile.MaxLineBytes-12)
	var b strings.Builder
	for i := 0; b.Len()+len(text)+20 < datafile.MaxSize; i++ {
		fmt.Fprintf(&b, "k%d: %s\n", i, text)
	}
	return []byte(b.String())
}

// benchLegal is benchDecode for a file the limits accept.
func benchLegal(b *testing.B, data []byte) {
	var v any
	if _, err := datafile.DecodeBytes("b.yaml", data, &v); err != nil {
		b.Fatalf("the worst legal file is refused: %v", err)
	}
	benchDecode(b, data)
}

func BenchmarkDecodeWorstKeys(b *testing.B)   { benchLegal(b, worstKeys()) }
func BenchmarkDecodeWorstValues(b *testing.B) { benchLegal(b, worstValues()) }
func BenchmarkDecodeWorstDeep(b *testing.B)   { benchLegal(b, worstDeep()) }
func BenchmarkDecodeWorstSize(b *testing.B)   { benchLegal(b, worstSize()) }
