package flow

import (
	"io/fs"
	"testing"

	"github.com/nevsim/cockpit/assets"
)

// BenchmarkBundledFlows runs every bundled flow once per iteration: what
// `cockpit test assets/flows` costs, assets loaded once.
func BenchmarkBundledFlows(b *testing.B) {
	e := env(b)
	files, err := fs.Glob(assets.FS(), "flows/*.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var flows []*Flow
	for _, file := range files {
		f, err := LoadFS(assets.FS(), file, e)
		if err != nil {
			b.Fatal(err)
		}
		flows = append(flows, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range flows {
			res, _, err := Run(f, e, Options{})
			if err != nil || !res.Passed {
				b.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
}
