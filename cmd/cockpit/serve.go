package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	ossignal "os/signal"
	"strconv"
	"strings"
	"time"

	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/cockpit/serve"
	"github.com/nevsim/cockpit/drive/scenario"
)

const serveUsage = `Usage: cockpit serve [flags]

Serves the cockpit over SSH: every visitor gets a cockpit of their own in
their own terminal's size, colours and language (from the LANG or LC_ALL
their ssh client sends), never a shell. It opens on the kiosk's visitor
menu: language, car, a name for the leaderboard (their SSH name to start
with), then a free drive or a drill, with the leaderboard beside it. A
finished drill's score goes on the leaderboard, which a cockpit kiosk
running on the same machine shares (both read the file every few seconds).
Visitors connect with
  ssh -p 2222 NAME@ADDRESS
The step-by-step guide for a meetup and the security model: docs/meetup.md.

Flags:
  --listen ADDR           address to listen on (default 127.0.0.1:2222, this
                          machine only). An address other machines reach
                          (e.g. 0.0.0.0:2222) needs --auth keys or password,
                          or --auth open with --trust-lan
  --auth MODE             open (any name, no password), keys or password
                          (default open)
  --trust-lan             allow --auth open on an address other machines reach:
                          you vouch for everyone on that network
  --authorized-keys FILE  with --auth keys: the public keys let in (OpenSSH
                          authorized_keys format)
  --password-file FILE    with --auth password: a file whose first line is the
                          shared password (at least 8 characters); or set
                          COCKPIT_SERVE_PASSWORD (never a flag: ps shows flags)
  --host-key FILE         the server's ed25519 host key (default
                          $XDG_DATA_HOME/cockpit/ssh_host_ed25519_key; made
                          once, 0600, never replaced; its fingerprint is
                          printed at start for visitors to check)
  --max-sessions N        visitors at once (default 60); the next one reads
                          "The cockpit is full, try again in a minute"
  --idle D                end a session after D with no key typed (default 10m)
  --max-duration D        end any session after D (default 30m; 0: no limit)
  --conn-rate N/BURST     new connections a minute from one address, and the
                          burst allowed at once (default 5/10)
  --input-rate N/BURST    a visitor's key and mouse events a second, and the
                          burst (default 40/100); more are dropped (a big
                          paste), never queued
  --max-size WxH          largest terminal served; larger is clamped (default
                          400x200)
  --leaderboard FILE      the leaderboard's file (default
                          $XDG_DATA_HOME/cockpit/leaderboard.json, the one
                          cockpit kiosk and cockpit leaderboard use)
  --assets DIR            read assets from a folder instead of the built-in ones

One line per connection goes to stderr (time, name, address, reason);
nothing a visitor types is logged. A visitor's q or ctrl+c ends only their
drive or drill (back to their menu); ctrl+c in the menu ends their
connection.

SIGINT or SIGTERM tells every visitor "The server is shutting down" in
their language, closes the sessions (at most 10 s) and exits 0.

Exit status: 0 after a shutdown, 1 when the address cannot be listened on
or the host key cannot be read or made, 2 when the flags are invalid.
`

// shutdownGrace bounds how long a shutdown waits for visitors' sessions
// to end before closing their connections.
const shutdownGrace = 10 * time.Second

// serveFlags are cockpit serve's flags.
type serveFlags struct {
	listen, auth, keys, passwordFile, hostKey, assets *string
	connRate, inputRate, maxSize, board               *string
	trustLAN                                          *bool
	maxSessions                                       *int
	idle, maxDuration                                 *time.Duration
}

func addServeFlags(fset *flag.FlagSet) *serveFlags {
	return &serveFlags{
		listen:       fset.String("listen", serve.DefaultListen, "address to listen on"),
		auth:         fset.String("auth", "open", "open, keys or password"),
		trustLAN:     fset.Bool("trust-lan", false, "allow --auth open on a non-loopback address"),
		keys:         fset.String("authorized-keys", "", "authorized_keys file (--auth keys)"),
		passwordFile: fset.String("password-file", "", "file holding the shared password (--auth password)"),
		hostKey:      fset.String("host-key", "", "host key file"),
		maxSessions:  fset.Int("max-sessions", serve.DefaultMaxSessions, "visitors at once"),
		idle:         fset.Duration("idle", serve.DefaultIdle, "idle timeout"),
		maxDuration:  fset.Duration("max-duration", serve.DefaultMaxDuration, "longest session (0: no limit)"),
		connRate:     fset.String("conn-rate", fmt.Sprintf("%g/%d", serve.DefaultConnRate.PerMinute, serve.DefaultConnRate.Burst), "connections a minute per address / burst"),
		inputRate:    fset.String("input-rate", fmt.Sprintf("%d/%d", serve.DefaultInputRate, serve.DefaultInputBurst), "key and mouse events a second / burst"),
		maxSize:      fset.String("max-size", fmt.Sprintf("%dx%d", serve.DefaultMaxWidth, serve.DefaultMaxHeight), "largest terminal WxH"),
		assets:       fset.String("assets", "", "assets folder"),
		board:        fset.String("leaderboard", "", "the leaderboard's file"),
	}
}

// pair reads "A/B" (two positive numbers).
func pair(flagName, s string) (float64, int, error) {
	a, b, ok := strings.Cut(s, "/")
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || x <= 0 || y < 1 {
		return 0, 0, fmt.Errorf("%s: expected RATE/BURST with positive numbers (e.g. 5/10), got %q", flagName, s)
	}
	return x, y, nil
}

// isLoopback reports whether a listen address is reached from this
// machine only: a loopback IP or localhost. An empty host (":2222") or
// 0.0.0.0 listens on every interface.
func isLoopback(addr string) (bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("--listen: expected HOST:PORT, got %q", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return false, fmt.Errorf("--listen: bad port %q", port)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// config turns the flags into the server's configuration (no assets or
// host key yet); an error is a usage error (exit 2).
func (f *serveFlags) config(getenv func(string) string) (serve.Config, error) {
	cfg := serve.Config{Listen: *f.listen, MaxSessions: *f.maxSessions, Idle: *f.idle, MaxDuration: *f.maxDuration}
	mode, err := serve.ParseAuthMode(*f.auth)
	if err != nil {
		return cfg, err
	}
	cfg.Auth.Mode = mode
	loop, err := isLoopback(*f.listen)
	if err != nil {
		return cfg, err
	}
	if !loop && mode == serve.AuthOpen && !*f.trustLAN {
		return cfg, fmt.Errorf("--listen %s is reached from other machines: use --auth keys or --auth password, or --trust-lan to let anyone on that network in with --auth open", *f.listen)
	}
	if *f.keys != "" && mode != serve.AuthKeys {
		return cfg, errors.New("--authorized-keys needs --auth keys")
	}
	if *f.passwordFile != "" && mode != serve.AuthPassword {
		return cfg, errors.New("--password-file needs --auth password")
	}
	switch mode {
	case serve.AuthKeys:
		if *f.keys == "" {
			return cfg, errors.New("--auth keys needs --authorized-keys FILE")
		}
		if cfg.Auth.Keys, err = serve.LoadAuthorizedKeys(*f.keys); err != nil {
			return cfg, err
		}
	case serve.AuthPassword:
		switch {
		case *f.passwordFile != "":
			cfg.Auth.Password, err = serve.ReadPasswordFile(*f.passwordFile)
		case getenv(serve.PasswordEnv) != "":
			cfg.Auth.Password, err = serve.ParsePassword([]byte(getenv(serve.PasswordEnv)), serve.PasswordEnv)
		default:
			err = errors.New("--auth password needs --password-file FILE or " + serve.PasswordEnv)
		}
		if err != nil {
			return cfg, err
		}
	}
	if cfg.MaxSessions < 1 {
		return cfg, fmt.Errorf("--max-sessions: at least 1, got %d", cfg.MaxSessions)
	}
	if cfg.Idle <= 0 {
		return cfg, fmt.Errorf("--idle: must be positive, got %s", cfg.Idle)
	}
	if cfg.MaxDuration < 0 {
		return cfg, fmt.Errorf("--max-duration: must not be negative, got %s", cfg.MaxDuration)
	}
	perMin, burst, err := pair("--conn-rate", *f.connRate)
	if err != nil {
		return cfg, err
	}
	cfg.ConnRate = serve.ConnRate{PerMinute: perMin, Burst: burst}
	rate, ib, err := pair("--input-rate", *f.inputRate)
	if err != nil {
		return cfg, err
	}
	cfg.InputRate, cfg.InputBurst = int(rate), ib
	if cfg.InputRate < 1 {
		return cfg, fmt.Errorf("--input-rate: at least 1 event a second, got %q", *f.inputRate)
	}
	ws, hs, ok := strings.Cut(strings.ToLower(*f.maxSize), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w < 80 || h < 24 || w > 2000 || h > 1000 {
		return cfg, fmt.Errorf("--max-size: expected WxH from 80x24 to 2000x1000, got %q", *f.maxSize)
	}
	cfg.MaxWidth, cfg.MaxHeight = w, h
	return cfg, nil
}

// runServe runs `cockpit serve`.
func runServe(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cockpit serve", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, serveUsage) }
	f := addServeFlags(fset)
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "cockpit serve: unexpected argument %q\n\n%s", fset.Arg(0), serveUsage)
		return exitInvalid
	}
	cfg, err := f.config(os.Getenv)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return exitInvalid
	}
	assets, err := loadServeAssets(*f.assets, stderr)
	if err != nil {
		return exitInvalid
	}
	board, code := openBoard("cockpit serve", *f.board, assets.UI.Tables[langFromEnv(os.Getenv)], stderr)
	if board == nil {
		return code
	}
	assets.Board = board
	cfg.Assets = assets
	keyPath := *f.hostKey
	if keyPath == "" {
		if keyPath, err = serve.DefaultHostKeyPath(os.Getenv); err != nil {
			fmt.Fprintln(stderr, "cockpit serve:", err)
			return exitFailed
		}
	}
	signer, created, err := serve.HostKey(keyPath)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return exitFailed
	}
	cfg.HostKey = signer
	cfg.Log = stderr
	srv, err := serve.New(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return exitInvalid
	}
	if err := srv.Listen(); err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return exitFailed
	}
	// Signals are caught from here on: before, the default action (exit)
	// loses nothing.
	sigs := make(chan os.Signal, 1)
	ossignal.Notify(sigs, stopSignals...)
	defer ossignal.Stop(sigs)
	state := "kept"
	if created {
		state = "new"
	}
	addr := srv.Addr().(*net.TCPAddr)
	// The address as given, with the port chosen (":0"): Go reports a
	// listener on 0.0.0.0 as [::], which reads like IPv6 only.
	host, _, _ := net.SplitHostPort(cfg.Listen)
	shown := net.JoinHostPort(host, strconv.Itoa(addr.Port))
	fmt.Fprintf(stdout, "cockpit serve: listening on %s (auth %s, at most %d visitors)\n", shown, cfg.Auth.Mode, cfg.MaxSessions)
	fmt.Fprintf(stdout, "host key %s (%s), fingerprint %s\n", keyPath, state, serve.Fingerprint(signer))
	for _, h := range visitorHosts(addr) {
		fmt.Fprintf(stdout, "visitors connect with: ssh -p %d NAME@%s\n", addr.Port, h)
	}
	if loop, _ := isLoopback(cfg.Listen); !loop {
		fmt.Fprintf(stderr, "cockpit serve: WARNING: %s is reached from other machines (auth %s): anyone who can reach it and pass the auth gets a cockpit (docs/meetup.md)\n", cfg.Listen, cfg.Auth.Mode)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		if err != nil {
			fmt.Fprintln(stderr, "cockpit serve:", err)
			board.Save()
			return exitFailed
		}
		return exitOK
	case sig := <-sigs:
		fmt.Fprintf(stderr, "cockpit serve: %s: telling %d visitors and shutting down\n", signalName(sig), srv.Sessions())
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		fmt.Fprintln(stderr, "cockpit serve: shutdown:", err, "(the sessions left were closed)")
	}
	<-served
	if err := board.Save(); err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return exitFailed
	}
	fmt.Fprintln(stderr, "cockpit serve: stopped")
	return exitOK
}

// visitorHosts are the hosts to give visitors: the address listened on,
// or, listening on every interface, this machine's IPv4 addresses other
// machines reach (the meetup's first question: which address?).
func visitorHosts(a *net.TCPAddr) []string {
	if !a.IP.IsUnspecified() {
		if a.IP.To4() == nil {
			return []string{"[" + a.IP.String() + "]"}
		}
		return []string{a.IP.String()}
	}
	var out []string
	addrs, _ := net.InterfaceAddrs()
	for _, ad := range addrs {
		if n, ok := ad.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			out = append(out, n.IP.String())
		}
	}
	if len(out) == 0 {
		out = []string{"THIS-MACHINE'S-ADDRESS (see docs/meetup.md)"}
	}
	return out
}

// loadServeAssets reads what every visitor's cockpit is built from, once.
func loadServeAssets(dir string, stderr io.Writer) (*serve.Assets, error) {
	afs, err := assetFS(dir)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return nil, err
	}
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		printLoadError(stderr, err)
		return nil, err
	}
	env, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit serve: assets:", err)
		return nil, err
	}
	voices, err := launch.LoadVoices(afs)
	if err != nil {
		fmt.Fprintln(stderr, "cockpit serve:", err)
		return nil, err
	}
	controls, err := launch.Controls(afs, env)
	if err != nil {
		printLoadError(stderr, err)
		return nil, err
	}
	drills, err := loadDrills(afs)
	if err != nil {
		printLoadError(stderr, err)
		return nil, err
	}
	return &serve.Assets{UI: ui, Env: env, Voices: voices, Controls: controls, Drills: drills}, nil
}
