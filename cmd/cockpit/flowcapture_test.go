package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDocsPicturesAreCurrent: the README's and docs/ui.md's pictures are
// the product's own captures, made by the flows beside them; when the
// cockpit no longer draws them so, this fails and says how to make them
// again. The text blocks of docs/ui.md are the captures' text.
func TestDocsPicturesAreCurrent(t *testing.T) {
	const docs = "../../docs/captures"
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := runCapture([]string{docs, "--dir", out}, &stdout, &stderr); code != exitOK {
		t.Fatalf("cockpit capture docs/captures: exit %d: %s", code, stderr.String())
	}
	made := strings.Fields(stdout.String())
	if len(made) < 4 {
		t.Fatalf("made %d pictures, want the README's and docs/ui.md's: %q", len(made), made)
	}
	ui, err := os.ReadFile("../../docs/ui.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, stem := range made {
		name := filepath.Base(stem)
		for _, ext := range []string{".txt", ".svg"} {
			got, err := os.ReadFile(stem + ext)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(docs, name+ext))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("docs/captures/%s%s is not what the cockpit draws now: make the pictures again with\n"+
					"  go run ./cmd/cockpit capture docs/captures --dir docs/captures --force", name, ext)
			}
		}
		if !strings.HasPrefix(name, "ui-") || name == "ui-120x40-en" {
			continue
		}
		txt, _ := os.ReadFile(stem + ".txt")
		if !bytes.Contains(ui, append(append([]byte("```\n"), bytes.TrimRight(txt, "\n")...), "\n```"...)) {
			t.Errorf("docs/ui.md's text block of %s is not its capture's text (docs/captures/%s.txt)", name, name)
		}
	}
}

// TestCaptureCommand: cockpit capture writes a flow's named pictures, or
// one after its last step, or one after every step with --every; a name
// taken gets -2 unless --force replaces it, and --force never writes
// through a FIFO; a failing check still leaves the pictures taken before
// it and exits 1; a bad flow exits 2 with its position.
func TestCaptureCommand(t *testing.T) {
	dir := t.TempDir()
	flowFile := filepath.Join(dir, "tour.yaml")
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tour.yaml", "name: tour\nsize: 80x24\nsteps:\n  - key: \"2\"\n    capture: nav\n  - key: \"3\"\n    see: Cabin\n")
	write("plain.yaml", "name: plain\nsize: 80x24\nsteps:\n  - key: \"3\"\n")
	write("broken.yaml", "name: broken\nsize: 80x24\nsteps:\n  - key: \"2\"\n    see: Nowhere to be seen\n  - key: \"3\"\n    capture: never\n")
	write("bad.yaml", "name: bad\nsteps:\n  - capture: ../escape\n")
	pics := filepath.Join(dir, "pics")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := runCapture(args, &out, &errb)
		return code, out.String(), errb.String()
	}
	exists := func(stem string) bool {
		for _, ext := range []string{".txt", ".ans", ".svg"} {
			if _, err := os.Stat(filepath.Join(pics, stem+ext)); err != nil {
				return false
			}
		}
		return true
	}
	if code, out, errs := run(flowFile, filepath.Join(dir, "plain.yaml"), "--dir", pics); code != exitOK || !exists("nav") || !exists("plain-cabin") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if txt, _ := os.ReadFile(filepath.Join(pics, "nav.txt")); !strings.Contains(string(txt), "Navigation") {
		t.Errorf("the nav picture is not of the Navigation panel:\n%s", txt)
	}
	if code, _, _ := run(flowFile, "--dir", pics); code != exitOK || !exists("nav-2") {
		t.Errorf("a second run without --force: exit %d, nav-2 written %v", code, exists("nav-2"))
	}
	if code, _, _ := run(flowFile, "--dir", pics, "--force"); code != exitOK || exists("nav-3") {
		t.Errorf("--force: exit %d, nav-3 written %v", code, exists("nav-3"))
	}
	if code, out, _ := run(filepath.Join(dir, "plain.yaml"), "--dir", pics, "--every", "--force"); code != exitOK || !exists("plain-01-cabin") || strings.Count(out, "\n") != 1 {
		t.Errorf("--every: exit %d, stdout %q", code, out)
	}
	if err := os.Remove(filepath.Join(pics, "nav.svg")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(pics, "nav.svg"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(flowFile, "--dir", pics, "--force"); code != exitFailed || !strings.Contains(errs, "a FIFO is there") {
		t.Errorf("--force over a FIFO: exit %d, stderr %q", code, errs)
	}
	if code, _, errs := run(filepath.Join(dir, "broken.yaml"), "--dir", pics); code != exitFailed || exists("never") || !strings.Contains(errs, "Nowhere to be seen") {
		t.Errorf("a failing check: exit %d, the later capture written %v, stderr %q", code, exists("never"), errs)
	}
	if code, _, errs := run(filepath.Join(dir, "bad.yaml"), "--dir", pics); code != exitInvalid || !strings.Contains(errs, "bad.yaml:3:") || !strings.Contains(errs, "capture") {
		t.Errorf("a bad capture name: exit %d, stderr %q", code, errs)
	}
	if code, out, _ := run("--help"); code != exitOK || !strings.Contains(out, "--every") {
		t.Errorf("--help: exit %d", code)
	}
}
