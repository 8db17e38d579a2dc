// Package capture writes a frame of the cockpit as pictures people can
// keep: plain text (to diff and paste), ANSI (to cat in a terminal) and SVG
// (to look at in a browser, a README or a design review), named by time
// and panel. It reads the frame the way a terminal does, so the SVG has
// the terminal's grid: every cell at its column, CJK characters two cells
// wide, colours as the theme drew them.
//
// The package does no I/O except in Dir and Save; SVG, Text and ANSI are
// pure, so a Bubble Tea Update can render the frame and a Cmd can write it.
package capture

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nevsim/cockpit/cockpit/theme"
)

// Extensions are the files one capture writes, in the order Save returns
// their paths: the text, the ANSI and the SVG.
var Extensions = []string{".txt", ".ans", ".svg"}

// OptionsFor draws captures in a theme's colours and font. A nil theme
// gives the defaults (white on black, theme.DefaultFont).
func OptionsFor(t *theme.Theme) Options {
	if t == nil {
		return Options{}.withDefaults()
	}
	o := Options{Background: t.Colors["background"], Foreground: t.Colors["foreground"], Font: t.Font}
	return o.withDefaults()
}

// Stem names a capture by the wall-clock time it was taken (to the second,
// in t's zone, sortable) and the panel shown: cockpit-2026-12-04T04-12-05-drive.
// The panel is reduced to lower-case letters, digits and dashes, so no name
// can leave the folder or trouble a shell.
func Stem(t time.Time, panel string) string {
	s := "cockpit-" + t.Format("2006-01-02T15-04-05")
	if p := clean(panel); p != "" {
		s += "-" + p
	}
	return s
}

// ReplayStem names a capture of a replay: the wall-clock time, then the
// instant of the drive shown (hours, minutes, seconds into it), then the
// panel: cockpit-2026-12-04T04-12-05-replay-00-12-30-drive.
func ReplayStem(t time.Time, at time.Duration, panel string) string {
	at = max(at, 0)
	sec := int64(at / time.Second)
	return Stem(t, fmt.Sprintf("replay-%02d-%02d-%02d-%s", sec/3600, sec/60%60, sec%60, panel))
}

func clean(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// ErrNoHome: no folder for captures can be found (no XDG setting and no
// home folder).
var ErrNoHome = errors.New("capture: no pictures folder: set XDG_PICTURES_DIR or HOME, or give --capture-dir")

// Dir is the folder captures go to when none is given: the XDG pictures
// folder ($XDG_PICTURES_DIR, else XDG_PICTURES_DIR in
// $XDG_CONFIG_HOME/user-dirs.dirs (default ~/.config), else ~/Pictures),
// in a "cockpit" subfolder. Relative settings are ignored, as the XDG
// specification says; a pictures folder set to the home folder itself
// (xdg-user-dirs' way of disabling it) falls back to ~/Pictures. getenv
// reads the environment (os.Getenv); home is the user's home folder
// (os.UserHomeDir), used for ~ and $HOME. Dir does not create the folder;
// Save does.
func Dir(getenv func(string) string, home string) (string, error) {
	pics := ""
	if v := getenv("XDG_PICTURES_DIR"); filepath.IsAbs(v) {
		pics = v
	}
	if pics == "" {
		pics = userDirsPictures(getenv, home)
	}
	if pics == "" || (home != "" && filepath.Clean(pics) == filepath.Clean(home)) {
		if !filepath.IsAbs(home) {
			return "", ErrNoHome
		}
		pics = filepath.Join(home, "Pictures")
	}
	return filepath.Join(filepath.Clean(pics), "cockpit"), nil
}

// userDirsPictures reads XDG_PICTURES_DIR from user-dirs.dirs, the shell
// fragment xdg-user-dirs writes (XDG_PICTURES_DIR="$HOME/Pictures"); ""
// when there is none, it is unreadable or the value is not a path.
func userDirsPictures(getenv func(string) string, home string) string {
	cfg := getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(cfg) {
		if !filepath.IsAbs(home) {
			return ""
		}
		cfg = filepath.Join(home, ".config")
	}
	data, err := readRegular(filepath.Join(cfg, "user-dirs.dirs"), 64<<10)
	if err != nil {
		return ""
	}
	val := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		name, v, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") || strings.TrimSpace(name) != "XDG_PICTURES_DIR" {
			continue
		}
		val = unquote(strings.TrimSpace(v)) // the last assignment wins, as in a shell
	}
	switch {
	case val == "$HOME" || strings.HasPrefix(val, "$HOME/"):
		if !filepath.IsAbs(home) {
			return ""
		}
		return filepath.Join(home, strings.TrimPrefix(val, "$HOME"))
	case filepath.IsAbs(val):
		return val
	}
	return ""
}

// unquote reads a value as the shell would for the forms xdg-user-dirs
// writes: "…" with \" \\ \$ \` escapes, or a bare word.
func unquote(v string) string {
	if len(v) < 2 || v[0] != '"' {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			return b.String()
		case c == '\\' && i+1 < len(v) && strings.IndexByte("\"\\$`", v[i+1]) >= 0:
			i++
			b.WriteByte(v[i])
		default:
			b.WriteByte(c)
		}
	}
	return "" // unterminated: not a value
}

// readRegular reads a regular file of at most limit bytes (never a FIFO,
// which would block, nor a device).
func readRegular(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > limit {
		return nil, fmt.Errorf("%s: not a regular file of at most %d bytes", path, limit)
	}
	return os.ReadFile(path)
}

// maxSuffix bounds the names tried for one capture (stem, stem-2, …).
const maxSuffix = 999

// Save writes a capture of frame into dir (created if missing) as
// stem.txt, stem.ans and stem.svg, and returns their paths in that order.
// An existing capture is never replaced: when any of the three names is
// taken (by anything: a file, a folder, a FIFO, a link), the next free
// stem-2, stem-3, … is used. Each file is written to a temporary file in
// dir and then linked or renamed into place, so a reader never sees half
// a picture. On error no capture file is left behind.
func Save(dir, stem string, frame string, o Options) (paths []string, err error) {
	if stem == "" || stem != filepath.Base(stem) || strings.HasPrefix(stem, ".") {
		return nil, fmt.Errorf("capture: %q is not a file name", stem)
	}
	svg, err := SVG(frame, o)
	if err != nil {
		return nil, err
	}
	data := [][]byte{[]byte(Text(frame)), ANSI(frame), svg}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("capture: %s is not a folder", dir)
	}
	for n := 1; n <= maxSuffix; n++ {
		s := stem
		if n > 1 {
			s += "-" + strconv.Itoa(n)
		}
		paths = paths[:0]
		taken := false
		for _, ext := range Extensions {
			p := filepath.Join(dir, s+ext)
			if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
				taken = true
				break
			}
			paths = append(paths, p)
		}
		if taken {
			continue
		}
		var written []string
		for i, p := range paths {
			if err := WriteNew(p, data[i]); err != nil {
				for _, w := range written {
					os.Remove(w)
				}
				if errors.Is(err, fs.ErrExist) {
					break // taken meanwhile: try the next name
				}
				return nil, err
			}
			written = append(written, p)
		}
		if len(written) == len(paths) {
			return paths, nil
		}
	}
	return nil, fmt.Errorf("capture: %s: %d captures named %s already", dir, maxSuffix, stem)
}

// WriteNew writes data to path, which must not exist: through a temporary
// file in the same folder, then a hard link to path (which fails if
// anything appeared there meanwhile, so nothing is ever replaced); where
// the file system has no hard links, a rename after checking again. A
// FIFO, a folder, a device or a link at path is refused, never written
// through or replaced; the error wraps fs.ErrExist.
func WriteNew(path string, data []byte) error {
	if err := refuseExisting(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	defer os.Remove(tmp.Name())
	// A picture is an ordinary file of the user's (CreateTemp makes it
	// private).
	merr := tmp.Chmod(0o644)
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(merr, werr, serr, cerr); err != nil {
		return fmt.Errorf("capture: %s: %w", path, err)
	}
	lerr := os.Link(tmp.Name(), path)
	if lerr == nil {
		return nil
	}
	if errors.Is(lerr, fs.ErrExist) {
		return refuseExisting(path)
	}
	// No hard links here (FAT, some network file systems): rename, which
	// replaces silently, after looking once more.
	if err := refuseExisting(path); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	return nil
}

// refuseExisting is nil when nothing is at path, else an error that says
// what is there and wraps fs.ErrExist.
func refuseExisting(path string) error {
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("capture: %w", err)
	}
	return fmt.Errorf("capture: %s: %s is there already: %w", path, kind(info.Mode()), fs.ErrExist)
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsRegular():
		return "a file"
	}
	return "a special file"
}

// Replace writes a capture of frame into dir (created if missing) as
// stem.txt, stem.ans and stem.svg like Save, but replaces a capture of
// that name already there: for pictures made again from a flow (the
// docs' and the README's), whose names must stay put. Only regular files
// are replaced; a folder, a FIFO, a device or a link at one of the names
// is refused, and nothing is written. Each file is written to a temporary
// file in dir and renamed into place, so a reader sees the old picture or
// the new one, never half of either.
func Replace(dir, stem string, frame string, o Options) (paths []string, err error) {
	if stem == "" || stem != filepath.Base(stem) || strings.HasPrefix(stem, ".") {
		return nil, fmt.Errorf("capture: %q is not a file name", stem)
	}
	svg, err := SVG(frame, o)
	if err != nil {
		return nil, err
	}
	data := [][]byte{[]byte(Text(frame)), ANSI(frame), svg}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("capture: %w", err)
	}
	for _, ext := range Extensions {
		p := filepath.Join(dir, stem+ext)
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("capture: %w", err)
		case !info.Mode().IsRegular():
			return nil, fmt.Errorf("capture: %s: %s is there, not a capture to replace", p, kind(info.Mode()))
		}
		paths = append(paths, p)
	}
	for i, p := range paths {
		if err := replaceFile(p, data[i]); err != nil {
			return nil, err
		}
	}
	return paths, nil
}

// replaceFile writes data to path through a temporary file and a rename.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	defer os.Remove(tmp.Name())
	merr := tmp.Chmod(0o644)
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(merr, werr, serr, cerr); err != nil {
		return fmt.Errorf("capture: %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("capture: %w", err)
	}
	return nil
}
