package serve

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"alice":                          "alice",
		"":                               "visitor",
		"\x1b[31mred\x1b[0m":             "[31mred[0m",
		"bob\r\nINFO fake log line":      "bobINFO fake log line",
		"evil\u202egnp.exe":              "evilgnp.exe",
		"\x00\x07\x7f\u0085":             "visitor",
		strings.Repeat("张", 40):          strings.Repeat("张", 32) + "…",
		"   ":                            "visitor",
		"mallory\u200b\u2066x\ufeff\x9b": "malloryx",
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLangFromEnv(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want string
	}{
		{nil, "en"},
		{[]string{"LANG=zh_CN.UTF-8"}, "zh"},
		{[]string{"LANG=zh_CN.UTF-8", "LC_ALL=en_US.UTF-8"}, "en"},
		{[]string{"LANG=en_US.UTF-8", "LC_MESSAGES=zh_TW"}, "zh"},
		{[]string{"LC_ALL=", "LANG=ZH_cn"}, "zh"},
		{[]string{"TERM=xterm", "LANG=fr_FR"}, "en"},
	} {
		if got := LangFromEnv(c.env); got != c.want {
			t.Errorf("LangFromEnv(%q) = %s, want %s", c.env, got, c.want)
		}
	}
}

func TestBucket(t *testing.T) {
	t0 := time.Unix(1000, 0)
	b := newBucket(2, 3, t0)
	for i := range 3 {
		if !b.takeOne(t0) {
			t.Fatalf("token %d of the burst refused", i+1)
		}
	}
	if b.takeOne(t0) {
		t.Fatal("a token past the burst")
	}
	if b.takeOne(t0.Add(400 * time.Millisecond)) {
		t.Fatal("a token before one refilled (0.8 of one)")
	}
	if !b.takeOne(t0.Add(500 * time.Millisecond)) {
		t.Fatal("no token after half a second at 2/s")
	}
	if got := b.take(10, t0.Add(time.Hour)); got != 3 {
		t.Fatalf("take after an hour got %v, want the burst 3", got)
	}
}

func TestIPLimiter(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newIPLimiter(ConnRate{PerMinute: 6, Burst: 2}, func() time.Time { return now })
	a := &net.TCPAddr{IP: net.ParseIP("192.168.1.20"), Port: 50000}
	a2 := &net.TCPAddr{IP: net.ParseIP("192.168.1.20"), Port: 50001} // same address, other port
	b := &net.TCPAddr{IP: net.ParseIP("192.168.1.21"), Port: 50000}
	if !l.allow(a) || !l.allow(a2) {
		t.Fatal("the burst was refused")
	}
	if l.allow(a) {
		t.Fatal("a third connection from one address within the burst")
	}
	if !l.allow(b) {
		t.Fatal("another address was limited by the first's connections")
	}
	now = now.Add(10 * time.Second) // 6 a minute: one every 10 s
	if !l.allow(a) {
		t.Fatal("no connection after the refill")
	}
}

func TestIPLimiterIsBounded(t *testing.T) {
	now := time.Unix(1000, 0)
	l := newIPLimiter(ConnRate{PerMinute: 1, Burst: 1}, func() time.Time { return now })
	for i := range maxTracked {
		l.allow(&net.TCPAddr{IP: net.IPv4(10, byte(i>>16), byte(i>>8), byte(i)), Port: 1})
	}
	if l.allow(&net.TCPAddr{IP: net.ParseIP("10.200.0.1"), Port: 1}) {
		t.Fatal("a new address past the bound, with every bucket in use")
	}
	now = now.Add(time.Hour) // every bucket full again: forgotten
	if !l.allow(&net.TCPAddr{IP: net.ParseIP("10.200.0.1"), Port: 1}) {
		t.Fatal("a new address refused after the others refilled")
	}
	if len(l.addrs) > maxTracked {
		t.Fatalf("%d addresses tracked", len(l.addrs))
	}
}

// chunks is a reader giving its chunks one read each.
type chunks [][]byte

func (c *chunks) Read(p []byte) (int, error) {
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(p, (*c)[0])
	*c = (*c)[1:]
	return n, nil
}

func TestInputLimiterDropsTheExcess(t *testing.T) {
	now := time.Unix(1000, 0)
	src := chunks{[]byte("abcdef"), []byte("ghij"), []byte("kl")}
	l := newInputLimiter(&src, 10, 4, func() time.Time { return now })
	buf := make([]byte, 16)
	n, err := l.Read(buf)
	if err != nil || string(buf[:n]) != "abcd" {
		t.Fatalf("first read %q, %v; want the burst abcd", buf[:n], err)
	}
	// No time passed: "ghij" is dropped whole, and Read goes on to the
	// next chunk rather than returning nothing.
	now = now.Add(200 * time.Millisecond) // 2 tokens
	n, err = l.Read(buf)
	if err != nil || string(buf[:n]) != "gh" {
		t.Fatalf("second read %q, %v; want gh", buf[:n], err)
	}
	if _, err := l.Read(buf); !errors.Is(err, io.EOF) {
		t.Fatalf("third read: %v, want EOF (kl dropped, then the end)", err)
	}
	if d := l.dropped.Load(); d != 2+2+2 {
		t.Errorf("dropped %d bytes, want 6 (ef, ij, kl)", d)
	}
	if got := l.idleFor(now.Add(time.Second)); got != time.Second {
		t.Errorf("idle for %s, want 1s since the last input", got)
	}
}

func TestClampSize(t *testing.T) {
	for _, c := range [][6]int{{80, 24, 400, 200, 80, 24}, {5000, 10, 400, 200, 400, 10}, {10, 3000, 400, 200, 10, 200}, {-1, -5, 400, 200, 0, 0}} {
		if w, h := clampSize(c[0], c[1], c[2], c[3]); w != c[4] || h != c[5] {
			t.Errorf("clampSize(%d, %d) = %d×%d, want %d×%d", c[0], c[1], w, h, c[4], c[5])
		}
	}
}

func TestHostKeyMadeOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "cockpit")
	path := filepath.Join(dir, HostKeyName)
	s1, created, err := HostKey(path)
	if err != nil || !created {
		t.Fatalf("first HostKey: created %v, %v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", info.Mode(), err)
	}
	if d, _ := os.Stat(dir); d.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", d.Mode().Perm())
	}
	s2, created, err := HostKey(path)
	if err != nil || created {
		t.Fatalf("second HostKey: created %v, %v", created, err)
	}
	if Fingerprint(s1) != Fingerprint(s2) || !strings.HasPrefix(Fingerprint(s1), "SHA256:") {
		t.Fatalf("the key changed: %s then %s", Fingerprint(s1), Fingerprint(s2))
	}
	if s1.PublicKey().Type() != "ssh-ed25519" {
		t.Errorf("key type %s", s1.PublicKey().Type())
	}
	// A file that is not a key is an error, never replaced.
	if err := os.WriteFile(path, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := HostKey(path); err == nil {
		t.Fatal("a broken key file was accepted")
	}
	if data, _ := os.ReadFile(path); string(data) != "not a key" {
		t.Fatal("the broken key file was overwritten")
	}
}

func TestDefaultHostKeyPath(t *testing.T) {
	env := map[string]string{"XDG_DATA_HOME": "/x/data", "HOME": "/home/v"}
	get := func(k string) string { return env[k] }
	if p, _ := DefaultHostKeyPath(get); p != "/x/data/cockpit/ssh_host_ed25519_key" {
		t.Errorf("path %s", p)
	}
	env["XDG_DATA_HOME"] = "relative"
	if p, _ := DefaultHostKeyPath(get); p != "/home/v/.local/share/cockpit/ssh_host_ed25519_key" {
		t.Errorf("path %s", p)
	}
	env["HOME"] = ""
	if _, err := DefaultHostKeyPath(get); err == nil {
		t.Error("no error without a data folder")
	}
}

func TestAuthFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keys := write("keys", "# the presenter\n\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJwJ0XXbMf0JfZ1bJ7n9Zb3v0b2Wb5aU1kD6dP0t1i2X alice@laptop\n")
	if k, err := LoadAuthorizedKeys(keys); err != nil || len(k) != 1 {
		t.Fatalf("keys %v, %v", k, err)
	}
	if _, err := LoadAuthorizedKeys(write("bad", "ssh-ed25519 AAAA\n")); err == nil || !strings.Contains(err.Error(), ":1:") {
		t.Errorf("bad key: %v, want an error with its line", err)
	}
	if _, err := LoadAuthorizedKeys(write("empty", "# nobody\n")); err == nil {
		t.Error("an empty allow-list was accepted")
	}
	if _, err := LoadAuthorizedKeys(dir); err == nil {
		t.Error("a folder was accepted")
	}
	if p, err := ReadPasswordFile(write("pw", "meetup-2026\n")); err != nil || string(p) != "meetup-2026" {
		t.Errorf("password %q, %v", p, err)
	}
	if _, err := ReadPasswordFile(write("short", "abc\n")); err == nil {
		t.Error("a short password was accepted")
	}
	if _, err := ReadPasswordFile(write("two", "line-one-x\nline-two-y\n")); err == nil {
		t.Error("a two-line password was accepted")
	}
	if _, err := ParseAuthMode("guest"); err == nil {
		t.Error("an unknown mode was accepted")
	}
}
