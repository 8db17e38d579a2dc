package serve

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"
)

// AuthMode is how visitors are let in.
type AuthMode string

// The auth modes of cockpit serve.
const (
	// AuthOpen lets anyone in under any name with no password: for a
	// meetup on a network the presenter trusts.
	AuthOpen AuthMode = "open"
	// AuthKeys lets in the public keys of an authorized_keys file.
	AuthKeys AuthMode = "keys"
	// AuthPassword lets in whoever knows the shared password.
	AuthPassword AuthMode = "password"
)

// ParseAuthMode reads --auth.
func ParseAuthMode(s string) (AuthMode, error) {
	switch m := AuthMode(s); m {
	case AuthOpen, AuthKeys, AuthPassword:
		return m, nil
	}
	return "", fmt.Errorf("--auth: expected open, keys or password, got %q", s)
}

// Auth is the server's authentication.
type Auth struct {
	Mode AuthMode
	// Keys are the allowed public keys (AuthKeys).
	Keys []gossh.PublicKey
	// Password is the shared password (AuthPassword).
	Password []byte
}

// maxAuthFile bounds an authorized_keys or password file: a typo naming a
// huge file must fail, not fill the memory.
const maxAuthFile = 1 << 20

func readSmall(path, what string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s %s: not a regular file", what, path)
	}
	if info.Size() > maxAuthFile {
		return nil, fmt.Errorf("%s %s: larger than 1 MB", what, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return data, nil
}

// LoadAuthorizedKeys reads an OpenSSH authorized_keys file (comments and
// blank lines allowed; options before a key are ignored). A file with no
// key, or a line that is not a key, is an error with its line number.
func LoadAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	data, err := readSmall(path, "--authorized-keys")
	if err != nil {
		return nil, err
	}
	var keys []gossh.PublicKey
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("--authorized-keys %s:%d: not a public key: %w", path, i+1, err)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("--authorized-keys %s: no public key in the file", path)
	}
	return keys, nil
}

// MinPassword is the shortest shared password accepted: it is said aloud
// at a meetup, but a three-letter one is guessed by the first script.
const MinPassword = 8

// ParsePassword checks a shared password read from a file or the
// environment: one line (a final newline is dropped), at least
// MinPassword characters.
func ParsePassword(raw []byte, from string) ([]byte, error) {
	p := bytes.TrimRight(raw, "\r\n")
	if bytes.ContainsAny(p, "\r\n") {
		return nil, fmt.Errorf("%s: the password must be one line", from)
	}
	if len([]rune(string(p))) < MinPassword {
		return nil, fmt.Errorf("%s: the password must have at least %d characters", from, MinPassword)
	}
	return p, nil
}

// ReadPasswordFile reads --password-file.
func ReadPasswordFile(path string) ([]byte, error) {
	data, err := readSmall(path, "--password-file")
	if err != nil {
		return nil, err
	}
	return ParsePassword(data, "--password-file "+path)
}

// check reports whether the configuration is complete.
func (a Auth) check() error {
	switch a.Mode {
	case AuthOpen:
	case AuthKeys:
		if len(a.Keys) == 0 {
			return errors.New("--auth keys needs --authorized-keys FILE")
		}
	case AuthPassword:
		if len(a.Password) == 0 {
			return errors.New("--auth password needs --password-file FILE or " + PasswordEnv)
		}
	default:
		return fmt.Errorf("unknown auth mode %q", a.Mode)
	}
	return nil
}

// PasswordEnv is the environment variable that may hold the shared
// password (never a flag: ps shows every process's command line).
const PasswordEnv = "COCKPIT_SERVE_PASSWORD"

// options are the server options of the mode. Open sets no handler:
// charm.land/ssh then accepts every client with no authentication.
func (a Auth) options() []ssh.Option {
	switch a.Mode {
	case AuthKeys:
		allowed := make([][]byte, len(a.Keys))
		for i, k := range a.Keys {
			allowed[i] = k.Marshal()
		}
		return []ssh.Option{wish.WithPublicKeyAuth(func(_ ssh.Context, key ssh.PublicKey) bool {
			got := key.Marshal()
			ok := 0
			for _, k := range allowed {
				ok |= subtle.ConstantTimeCompare(k, got)
			}
			return ok == 1
		})}
	case AuthPassword:
		// Comparing digests keeps the time independent of the length too.
		want := sha256.Sum256(a.Password)
		return []ssh.Option{wish.WithPasswordAuth(func(_ ssh.Context, password string) bool {
			got := sha256.Sum256([]byte(password))
			return subtle.ConstantTimeCompare(want[:], got[:]) == 1
		})}
	}
	return nil
}

// sanitizeMax bounds a visitor's name where it is shown or logged.
const sanitizeMax = 32

// Sanitize makes a visitor's SSH user name safe to show and log: control
// characters (C0, C1, DEL, and the bidi and zero-width formatting ones a
// name could hide or reorder text with) and invalid bytes become nothing, the length is bounded, and
// an empty name is "visitor".
func Sanitize(name string) string {
	var b strings.Builder
	n := 0
	for _, r := range name {
		// Cc: C0, DEL, C1; Cf: zero-width and bidi formatting (U+200B,
		// U+202E, U+2066, U+061C, the BOM…); U+FFFD: bytes not UTF-8.
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Bidi_Control, r) || r == utf8.RuneError {
			continue
		}
		if n == sanitizeMax {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	if strings.TrimSpace(b.String()) == "" {
		return "visitor"
	}
	return b.String()
}
