package kiosk

import (
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/cockpit/leaderboard"
	"github.com/nevsim/cockpit/drive/scenario"
)

type loaded struct {
	ui       *cockpit.Assets
	env      *scenario.Env
	voices   *launch.Voices
	playlist *Playlist
	drills   []cockpit.Drill
}

// the shipped assets, loaded once for every test
var shipped = sync.OnceValues(func() (*loaded, error) {
	afs := assets.FS()
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		return nil, err
	}
	env, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		return nil, err
	}
	voices, err := launch.LoadVoices(afs)
	if err != nil {
		return nil, err
	}
	pl, err := LoadPlaylist(afs, env, ui, voices)
	if err != nil {
		return nil, err
	}
	files, _ := fs.Glob(afs, "scenarios/drills/*.yaml")
	var drills []cockpit.Drill
	for _, f := range files {
		sc, err := scenario.Load(afs, f, env)
		if err != nil {
			return nil, err
		}
		if sc.Drill != nil {
			drills = append(drills, cockpit.Drill{ID: strings.TrimSuffix(path.Base(f), ".yaml"), Scenario: sc})
		}
	}
	sort.SliceStable(drills, func(i, j int) bool { return drills[i].Scenario.Drill.Order < drills[j].Scenario.Drill.Order })
	return &loaded{ui, env, voices, pl, drills}, nil
})

// newKiosk is a kiosk on the shipped assets with a board in a temporary
// folder, at w×h.
func newKiosk(t testing.TB, w, h int, edit func(*Options)) (*Model, *leaderboard.Board) {
	t.Helper()
	l, err := shipped()
	if err != nil {
		t.Fatal(err)
	}
	board, _, err := leaderboard.Open(filepath.Join(t.TempDir(), leaderboard.FileName))
	if err != nil {
		t.Fatal(err)
	}
	o := Options{UI: l.ui, Env: l.env, Playlist: l.playlist, Drills: l.drills, Voices: l.voices, Board: board,
		Lang: "en", Theme: "night", NoColor: true, Width: w, Height: h,
		Now: func() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) }}
	if edit != nil {
		edit(&o)
	}
	m := New(o)
	m.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return m, board
}

func press(m *Model, names ...string) {
	for _, name := range names {
		k, err := cockpit.ParseKey(name)
		if err != nil {
			panic(err)
		}
		m.Send(k)
	}
}

func typeText(m *Model, s string) {
	for _, r := range s {
		m.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func plain(m *Model) string { return ansi.Strip(m.View().Content) }

func tickFor(m *Model, d time.Duration) {
	for range ticks(d) {
		m.Tick()
	}
}

// openDrill1 picks drill 1 on the menu's last step and checks it opened.
func openDrill1(t *testing.T, m *Model) {
	t.Helper()
	press(m, "2")
	press(m, "enter")
	if m.mode != modeDrive || m.choice.Drill != m.o.Drills[0].ID {
		t.Fatalf("drill 1 opens: mode %d %+v", m.mode, m.choice)
	}
}

// checkFits fails the test when a frame is wider or taller than the
// terminal (in cells: a Chinese character takes two).
func checkFits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("at %dx%d line %d is %d cells wide: %q", w, h, i, n, l)
		}
	}
	if len(lines) > h {
		t.Errorf("at %dx%d the frame has %d lines", w, h, len(lines))
	}
}
