package main

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// staleTempAge is how old a temporary file of ours must be before it is
// taken for an orphan: writeFileAtomic's live for milliseconds, and a
// recording's (the --audio-out WAV's) is locked while its session runs.
const staleTempAge = time.Minute

// removeStaleTemps deletes the temporary files a killed cockpit left next
// to path (".NAME.*.tmp", the pattern writeFileAtomic and the WAV recorder
// use): regular files only, older than staleTempAge, and not locked by a
// session still writing one. It returns what it removed. Without it every
// SIGKILL during a save left a hidden file behind for ever.
func removeStaleTemps(path string, now time.Time) []string {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	prefix := "." + base + "."
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".tmp") || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, name)
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < staleTempAge || tempInUse(p) {
			continue
		}
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}
