package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeHelpListsEveryFlag(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"serve", "--help"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	addServeFlags(fset)
	fset.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(errb.String(), "--"+f.Name+" ") {
			t.Errorf("--help does not list --%s", f.Name)
		}
	})
}

func TestServeBadConfigExits2(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen", "0.0.0.0:2222"}, "use --auth keys or --auth password"},
		{[]string{"--listen", "192.168.1.5:2222", "--auth", "open"}, "--trust-lan"},
		{[]string{"--auth", "keys"}, "--authorized-keys FILE"},
		{[]string{"--auth", "keys", "--authorized-keys", filepath.Join(dir, "none")}, "no such file"},
		{[]string{"--auth", "password"}, "COCKPIT_SERVE_PASSWORD"},
		{[]string{"--auth", "password", "--password-file", short}, "at least 8 characters"},
		{[]string{"--password-file", short}, "needs --auth password"},
		{[]string{"--auth", "guest"}, "expected open, keys or password"},
		{[]string{"--max-sessions", "0"}, "--max-sessions"},
		{[]string{"--idle", "0s"}, "--idle"},
		{[]string{"--conn-rate", "5"}, "--conn-rate"},
		{[]string{"--input-rate", "0/10"}, "--input-rate"},
		{[]string{"--max-size", "10x10"}, "--max-size"},
		{[]string{"--listen", "nowhere"}, "HOST:PORT"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			t.Setenv("COCKPIT_SERVE_PASSWORD", "")
			var out, errb bytes.Buffer
			if code := run(append([]string{"serve"}, c.args...), nil, &out, &errb); code != exitInvalid {
				t.Errorf("exit %d, want 2; stderr %q", code, errb.String())
			}
			if !strings.Contains(errb.String(), c.want) {
				t.Errorf("stderr %q, want %q", errb.String(), c.want)
			}
		})
	}
}

func TestServeLoopbackAddresses(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:2222": true, "localhost:2222": true, "[::1]:2222": true, "0.0.0.0:2222": false, ":2222": false, "192.168.1.5:22": false, "cockpit.local:2222": false} {
		if got, err := isLoopback(addr); err != nil || got != want {
			t.Errorf("isLoopback(%s) = %v, %v; want %v", addr, got, err, want)
		}
	}
}
