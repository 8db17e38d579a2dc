package hmifile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/assets/hmifile"
	"github.com/nevsim/cockpit/drive/hmi"
)

func TestLoadFile(t *testing.T) {
	data, err := datafile.ReadFile(assets.FS(), hmi.DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := hmifile.LoadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	def, err := hmi.Default(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	if h.Digest != def.Digest || h.File != good {
		t.Errorf("digest %s file %s; the shipped %s", h.Digest, h.File, def.Digest)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(data), "escalate_s: {value: 4,", "escalate_s: {value: 6,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = hmifile.LoadFile(bad)
	if err == nil || !strings.HasPrefix(err.Error(), bad+":27:23: timings.escalate_s.value: stage 2 at 6 s is later than allowed") {
		t.Errorf("%v", err)
	}
	for _, p := range []string{dir, filepath.Join(dir, "missing.yaml")} {
		if _, err := hmifile.LoadFile(p); err == nil || !strings.HasPrefix(err.Error(), p+":") {
			t.Errorf("%s: %v", p, err)
		}
	}
}
