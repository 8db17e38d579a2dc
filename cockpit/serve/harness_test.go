package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit"
	"github.com/nevsim/cockpit/cockpit/launch"
	"github.com/nevsim/cockpit/drive/scenario"
)

// The assets are loaded once for every test: loading is the slow part,
// and the server shares them read-only anyway.
var testAssets = sync.OnceValues(func() (*Assets, error) {
	afs := assets.FS()
	ui, err := cockpit.LoadAssets(afs)
	if err != nil {
		return nil, err
	}
	env, err := scenario.NewEnvWith(afs, ui.Signals)
	if err != nil {
		return nil, err
	}
	voices, err := launch.LoadVoices(afs)
	if err != nil {
		return nil, err
	}
	controls, err := launch.Controls(afs, env)
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(afs, "scenarios/drills/*.yaml")
	if err != nil {
		return nil, err
	}
	var drills []cockpit.Drill
	for _, f := range files {
		sc, err := scenario.Load(afs, f, env)
		if err != nil {
			return nil, err
		}
		if sc.Drill != nil {
			drills = append(drills, cockpit.Drill{ID: strings.TrimSuffix(path.Base(f), ".yaml"), Scenario: sc})
		}
	}
	sort.SliceStable(drills, func(i, j int) bool { return drills[i].Scenario.Drill.Order < drills[j].Scenario.Drill.Order })
	return &Assets{UI: ui, Env: env, Voices: voices, Controls: controls, Drills: drills}, nil
})

// syncBuf is a log the server writes while the test reads it.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testConfig is a server on a random loopback port with limits generous
// enough for tests; each test changes what it tests.
func testConfig(t testing.TB) Config {
	t.Helper()
	a, err := testAssets()
	if err != nil {
		t.Fatal(err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		Listen: "127.0.0.1:0", HostKey: signer, Auth: Auth{Mode: AuthOpen},
		MaxSessions: 20, Idle: time.Minute, ConnRate: ConnRate{PerMinute: 6000, Burst: 1000},
		InputRate: DefaultInputRate, InputBurst: DefaultInputBurst, MaxWidth: DefaultMaxWidth, MaxHeight: DefaultMaxHeight,
		Assets: a, Log: &syncBuf{},
	}
}

// start runs a server for the test; it is shut down at the end.
func start(t testing.TB, cfg Config) *Server {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve() }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Shutdown(ctx)
		select {
		case <-served:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Shutdown")
		}
	})
	return s
}

func logOf(s *Server) string { return s.cfg.Log.(*syncBuf).String() }

// dial connects as user with the given client auth (none: open).
func dial(t testing.TB, s *Server, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	t.Helper()
	return gossh.Dial("tcp", s.Addr().String(), &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
}

func mustDial(t testing.TB, s *Server, user string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := dial(t, s, user, auth...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// term is a visitor's terminal: a terminal emulator fed what the server
// wrote (the renderer writes only the cells that change, so the text is
// read from the screen, not the stream), and the keys.
type term struct {
	t    testing.TB
	sess *gossh.Session
	in   io.WriteCloser
	scr  *vt.SafeEmulator
	mu   sync.Mutex
	n    int // bytes received
	eof  chan struct{}
	// want and seen: the reader closes seen when the screen shows want
	// (the load test's frame that reflects a key).
	want string
	seen chan struct{}
}

// expect arms a wait for want; the channel closes when a frame shows it.
func (tm *term) expect(want string) <-chan struct{} {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	tm.want, tm.seen = want, make(chan struct{})
	return tm.seen
}

// shell opens a session with a pty of w×h and the environment env
// (name=value pairs), and starts the shell.
func shell(t testing.TB, c *gossh.Client, w, h int, env ...string) *term {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	// The server clamps the size, so the emulator never needs more.
	tm := &term{t: t, sess: sess, eof: make(chan struct{}), scr: vt.NewSafeEmulator(min(w, DefaultMaxWidth), min(h, DefaultMaxHeight))}
	if tm.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	// The emulator answers the program's queries as a terminal does.
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := tm.scr.Read(buf)
			if n > 0 {
				_, _ = tm.in.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	// The emulator is not closed: its Close is not safe beside a Read,
	// and the answering goroutine ends with the test binary.
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(tm.eof)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				_, _ = tm.scr.Write(buf[:n])
				tm.mu.Lock()
				tm.n += n
				if tm.want != "" && strings.Contains(tm.screen(), tm.want) {
					close(tm.seen)
					tm.want = ""
				}
				tm.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return tm
}

// screen is the text on the terminal's screen.
func (tm *term) screen() string { return ansi.Strip(tm.scr.Render()) }

// waitFor waits until the screen shows want; it fails the test after d.
func (tm *term) waitFor(want string, d time.Duration) {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	for {
		got := tm.screen()
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("no %q on the screen after %s; the screen:\n%s", want, d, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitLog waits until the server's log has want.
func waitLog(t testing.TB, s *Server, want string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(logOf(s), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log: %q", want, logOf(s))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitEOF waits until the server closed the session.
func (tm *term) waitEOF(d time.Duration) {
	tm.t.Helper()
	select {
	case <-tm.eof:
	case <-time.After(d):
		tm.t.Fatalf("the session was not closed after %s", d)
	}
}

func (tm *term) send(keys string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.in, keys); err != nil {
		tm.t.Fatal(err)
	}
}

const wait = 10 * time.Second

// drive takes a visitor from the menu to the cockpit's default drive.
func (tm *term) drive() {
	tm.t.Helper()
	tm.waitFor("Language", wait)
	tm.send("\r")
	tm.waitFor("Choose your car", wait)
	tm.send("\r")
	tm.waitFor("Your name for the leaderboard", wait)
	tm.send("\r")
	tm.waitFor("What would you like to do?", wait)
	tm.send("\r")
	tm.waitFor("Demo drive", wait)
}
