package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestCaptureDirIsCheckedAtStart: a --capture-dir that names a file or a
// FIFO would fail every ctrl+s; the cockpit and the drills say so before
// anything opens (status 2). A folder that does not exist yet is fine: the
// first capture makes it.
func TestCaptureDirIsCheckedAtStart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	run := map[string]func(args []string) (int, string){
		"cockpit": func(args []string) (int, string) {
			var out, errb bytes.Buffer
			return runTUI(args, strings.NewReader(""), &out, &errb), errb.String()
		},
		"cockpit drill": func(args []string) (int, string) {
			var out, errb bytes.Buffer
			return runDrill(args, strings.NewReader(""), &out, &errb), errb.String()
		},
	}
	for name, f := range run {
		for path, want := range map[string]string{file: "a file, not a folder", fifo: "a FIFO, not a folder"} {
			code, stderr := f([]string{"--audio", "off", "--capture-dir", path})
			if code != exitInvalid || !strings.Contains(stderr, name+": --capture-dir "+path+": "+want) {
				t.Errorf("%s --capture-dir %s: exit %d, stderr %q", name, filepath.Base(path), code, stderr)
			}
		}
		code, stderr := f([]string{"--audio", "off", "--capture-dir", filepath.Join(dir, "new", "captures")})
		if strings.Contains(stderr, name+": --capture-dir") {
			t.Errorf("%s: a folder to be made was refused (exit %d): %s", name, code, stderr)
		}
	}
}
