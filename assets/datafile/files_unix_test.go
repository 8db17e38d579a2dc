//go:build unix

package datafile_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nevsim/cockpit/assets/datafile"
)

// decodeSoon runs Decode and fails the test at once if it blocks (the
// timeout only makes a hang fail fast; it measures nothing).
func decodeSoon(t *testing.T, dir, name string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		var v any
		_, err := datafile.Decode(os.DirFS(dir), name, &v)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("Decode of %s blocked", name)
		return nil
	}
}

// TestDecodeRefusesWhatIsNotARegularFile: a named pipe would block the
// loader for ever, a device never ends, a folder is no file: each is
// refused at once, saying what it is.
func TestDecodeRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/null", filepath.Join(dir, "null.yaml")); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"pipe.yaml":   "pipe.yaml: is a named pipe, not a regular file",
		"folder.yaml": "folder.yaml: is a folder, not a file",
		"null.yaml":   "null.yaml: is a device, not a regular file",
	} {
		if err := decodeSoon(t, dir, name); err == nil || err.Error() != want {
			t.Errorf("%s: got %v, want %s", name, err, want)
		}
	}
}

// TestDecodeRefusesATooLargeFileOnDisk: a file past MaxSize is refused
// with the limit, without being read whole.
func TestDecodeRefusesATooLargeFileOnDisk(t *testing.T) {
	dir := t.TempDir()
	big := "a: " + strings.Repeat("x", datafile.MaxSize) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "big.yaml"), []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	err := decodeSoon(t, dir, "big.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "big.yaml: file is 4194308 bytes, larger than 4194304 (the limit") {
		t.Errorf("got %v", err)
	}
}
