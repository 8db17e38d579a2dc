package scenario_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/cabin"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/sim"
)

// overlay is an asset tree with some files replaced.
type overlay struct {
	base  fs.FS
	files fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.base.Open(name)
}

func withCabin(t *testing.T, old, new string) fs.FS {
	t.Helper()
	data, err := fs.ReadFile(assets.FS(), scenario.CabinFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("cabin.yaml no longer has %q", old)
	}
	return overlay{assets.FS(), fstest.MapFS{scenario.CabinFile: {Data: []byte(strings.Replace(string(data), old, new, 1))}}}
}

// assets/cabin/cabin.yaml is documented as editable, but main never read
// it: the drive used the built-in catalog whatever the file said. An edit
// now shows in the drive, and a mistake stops the start with its position.
func TestTheCabinFileOfTheAssetsIsWhatTheDriveUses(t *testing.T) {
	afs := withCabin(t, "{id: wave,    name_zh: 波浪, minutes: 15", "{id: wave,    name_zh: 波浪, minutes: 42")
	env, err := scenario.NewEnv(afs)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(afs, "scenarios/airport-run.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := s.State().Cabin.Apply(cabin.SetMassage{Seat: cabin.SeatDriver, Mode: cabin.MassageWave, Level: 2}, cabin.Context{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range evs {
		found = found || strings.Contains(ev.Msg.String(), "min=42")
	}
	if !found {
		t.Errorf("the massage started from the edited file should run 42 minutes; events: %v", evs)
	}

	_, err = scenario.NewEnv(withCabin(t, `hex: "#1E6BFF"`, `hex: "blue"`))
	if err == nil || !strings.Contains(err.Error(), `cabin/cabin.yaml:34:42: palette[9].hex: expected "#RRGGBB", got "blue"`) {
		t.Errorf("a broken cabin.yaml: %v", err)
	}
}
