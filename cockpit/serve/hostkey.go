package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyName is the host key's file name under the XDG data directory's
// cockpit folder.
const HostKeyName = "ssh_host_ed25519_key"

// DefaultHostKeyPath is $XDG_DATA_HOME/cockpit/ssh_host_ed25519_key, or
// ~/.local/share/cockpit/… when XDG_DATA_HOME is unset or relative (the
// XDG rule: a relative value is ignored), beside the drills' progress.
func DefaultHostKeyPath(getenv func(string) string) (string, error) {
	dir := getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home := getenv("HOME")
		if home == "" || !filepath.IsAbs(home) {
			return "", errors.New("no data folder: neither XDG_DATA_HOME nor HOME is an absolute path (give --host-key FILE)")
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "cockpit", HostKeyName), nil
}

// HostKey reads the server's host key from path, or makes one (ed25519)
// when there is none: the folder 0700 if it has to be made, the file 0600
// and created exclusively, so a key the visitors already trust is never
// replaced. created says the key is new (the command prints its
// fingerprint either way, for the presenter to read out).
func HostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		s, err := gossh.ParsePrivateKey(data)
		if err != nil {
			return nil, false, fmt.Errorf("host key %s: %w", path, err)
		}
		return s, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "cockpit serve host key")
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	// O_EXCL: two servers starting at once must not both write a key,
	// the second one reading a half-written file.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	_, werr := f.Write(pem.EncodeToMemory(block))
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(path)
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	return s, true, nil
}

// Fingerprint is the key's SHA256 fingerprint as ssh prints it
// ("SHA256:…"), for visitors to check on their first connection.
func Fingerprint(s gossh.Signer) string { return gossh.FingerprintSHA256(s.PublicKey()) }
