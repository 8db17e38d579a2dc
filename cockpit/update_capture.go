package cockpit

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/capture"
	"github.com/nevsim/cockpit/drive/sim"
)

// capturedMsg reports a capture its Cmd wrote: where (the files' common
// path without extension, the home folder as ~) or why not.
type capturedMsg struct {
	path string
	err  error
}

// captureJob is a capture as Update prepares it: the frame the user sees
// (rendered in Update, before the notice the capture causes), how to draw
// it, where it goes and what names it. Its Cmd does the I/O and only
// reads the job, never the model.
type captureJob struct {
	frame string
	opts  capture.Options
	// dir is --capture-dir; "" is the XDG pictures folder (capture.Dir).
	dir   string
	panel string
	// replay names the capture by at, the instant of the replay shown.
	replay bool
	at     sim.Millis
}

// cmd writes the capture and reports it.
func (j captureJob) cmd() tea.Cmd {
	return func() tea.Msg {
		home, _ := os.UserHomeDir()
		dir := j.dir
		if dir == "" {
			d, err := capture.Dir(os.Getenv, home)
			if err != nil {
				return capturedMsg{err: err}
			}
			dir = d
		}
		now := time.Now()
		stem := capture.Stem(now, j.panel)
		if j.replay {
			stem = capture.ReplayStem(now, time.Duration(j.at)*time.Millisecond, j.panel)
		}
		paths, err := capture.Save(dir, stem, j.frame, j.opts)
		if err != nil {
			return capturedMsg{err: err}
		}
		return capturedMsg{path: tildeHome(strings.TrimSuffix(paths[0], capture.Extensions[0]), home)}
	}
}

// tildeHome writes a path in the home folder as ~/…, so the notice shows
// the part that tells captures apart.
func tildeHome(path, home string) string {
	if home == "" || !filepath.IsAbs(home) {
		return path
	}
	if rel, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
		return "~" + string(filepath.Separator) + rel
	}
	return path
}

// captureJob prepares a capture of the screen as it is now.
func (m *Model) captureJob() captureJob {
	return captureJob{frame: m.render(), opts: capture.OptionsFor(m.themes[m.themeName]), dir: m.captureDir, panel: m.panel.String()}
}

// onCaptured tells where the capture went, or why it failed.
func (m *Model) onCaptured(msg capturedMsg) {
	if msg.err != nil {
		m.say("capture.failed", true, "err", captureError(msg.err))
	} else {
		m.say("capture.done", false, "path", msg.path)
	}
	m.noticeTicks = explainTicksDefault // a path takes longer to read
}

// captureError is the error as a notice shows it, without the package's
// prefix (the notice says it was the capture).
func captureError(err error) string {
	return strings.TrimPrefix(err.Error(), "capture: ")
}
