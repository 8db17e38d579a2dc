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
