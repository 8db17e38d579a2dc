// Package serve is `cockpit serve`: every SSH visitor drives a cockpit of
// their own. A wish server gives each session its own program, menu,
// drive session, model and voice conversation (nothing mutable is shared
// between visitors), in the visitor's terminal size, colour profile and
// language, and never a shell.
//
// The server's limits protect the presenter's laptop and the other
// visitors: a session cap, an idle timeout and a maximum session time, a
// per-address rate of new connections, an input rate per session (excess
// dropped, never buffered), a maximum terminal size; exec, subsystems,
// port forwarding, agent and X11 forwarding are refused. A visitor's
// panic, disconnect or killed client ends only their own session.
//
// The goroutines of the server live here; the drive core stays a
// functional core.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/charmbracelet/colorprofile"
	gossh "golang.org/x/crypto/ssh"

	"github.com/nevsim/cockpit/cockpit/i18n"
)

// The defaults of cockpit serve's flags.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultMaxSessions = 60
	DefaultIdle        = 10 * time.Minute
	DefaultMaxDuration = 30 * time.Minute
	DefaultMaxWidth    = 400
	DefaultMaxHeight   = 200
	// DefaultInputRate and DefaultInputBurst bound a visitor's key and
	// mouse events: fast typing and key repeat (about 30 a second) stay
	// below them, a paste does not. Each event costs the program an
	// Update and a View (about 1 ms at 120×40), so the bound is what one
	// visitor can cost the others.
	DefaultInputRate  = 40
	DefaultInputBurst = 100
	// bytesPerEvent sizes the byte bound read before parsing from the
	// event bound: a key in the kitty protocol with its release is under
	// 32 bytes.
	bytesPerEvent = 32
	// DefaultFPS is each visitor's frame rate: the cockpit ticks at 10 Hz,
	// so 20 frames a second shows every tick and answers a key within
	// 50 ms, at a third of Bubble Tea's default cost.
	DefaultFPS = 20
)

// DefaultConnRate is the per-address limit of new connections.
var DefaultConnRate = ConnRate{PerMinute: 5, Burst: 10}

// Config configures a server.
type Config struct {
	// Listen is the address to listen on (DefaultListen when empty).
	Listen string
	// HostKey is the server's host key (see HostKey); required.
	HostKey gossh.Signer
	// Auth is how visitors are let in.
	Auth Auth
	// MaxSessions caps the visitors at once.
	MaxSessions int
	// Idle ends a session after this long with no input; MaxDuration
	// ends any session after this long (0: no limit).
	Idle, MaxDuration time.Duration
	// ConnRate limits new connections per remote address.
	ConnRate ConnRate
	// InputRate and InputBurst limit a visitor's key and mouse events a
	// second; the bytes read are bounded to 32 times as many.
	InputRate, InputBurst int
	// MaxWidth and MaxHeight clamp a visitor's terminal size.
	MaxWidth, MaxHeight int
	// FPS is the frame rate of each visitor's program.
	FPS int
	// Assets build the visitors' cockpits; required.
	Assets *Assets
	// Log receives one line per connection and session event (nil:
	// os.Stderr). Visitors' input is never logged.
	Log io.Writer
	// NewModel builds a visitor's root model (nil: VisitorModel). The model
	// may have a Lang() string method: the server then says goodbye in
	// that language.
	NewModel func(v Visitor) tea.Model
	// Now is the clock of the limits (nil: time.Now); tests move it.
	Now func() time.Time
	// Tick is how often each session's limits are checked (nil: a
	// second, or Idle/4 when that is shorter).
	Tick time.Duration
}

// Visitor is what NewModel knows of a visitor.
type Visitor struct {
	// User is the sanitised SSH user name.
	User string
	// Lang is the language from the client's LC_ALL, LC_MESSAGES or LANG.
	Lang string
	// NoColor: the client sent NO_COLOR.
	NoColor bool
	// Width and Height are the terminal's size, clamped.
	Width, Height int
	// Assets are the server's assets.
	Assets *Assets
}

// Server is a running cockpit server.
type Server struct {
	cfg   Config
	srv   *ssh.Server
	ln    net.Listener
	slots chan struct{}
	ipl   *ipLimiter
	logMu sync.Mutex

	mu       sync.Mutex
	visitors map[*visitor]struct{}
	closing  bool
	handlers sync.WaitGroup
}

// visitor is one session being served.
type visitor struct {
	user, addr string
	p          *tea.Program
	// events bounds the key and mouse events the program handles; only
	// the program's event loop (the filter) uses it.
	events  bucket
	dropped int
	// reason is why the server ended the session (idle, time, shutdown);
	// empty when the visitor left or went away.
	reason atomic.Pointer[string]
}

// end records why the server ends the session, first reason wins, and
// quits its program in the background (Quit waits for the program's loop,
// which a client that stopped reading can hold up).
func (v *visitor) end(reason string) {
	if v.reason.CompareAndSwap(nil, &reason) {
		go v.p.Quit()
	}
}

func (s *Server) now() time.Time { return s.cfg.Now() }

// New checks the configuration and builds the server; Listen binds it.
func New(cfg Config) (*Server, error) {
	if cfg.HostKey == nil {
		return nil, errors.New("no host key")
	}
	if cfg.Assets == nil || cfg.Assets.UI == nil || cfg.Assets.Env == nil || len(cfg.Assets.Env.Profiles) == 0 {
		return nil, errors.New("no assets (vehicles, themes and tables are needed)")
	}
	if err := cfg.Auth.check(); err != nil {
		return nil, err
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.MaxSessions < 1 {
		return nil, fmt.Errorf("--max-sessions: at least 1, got %d", cfg.MaxSessions)
	}
	if cfg.Idle <= 0 {
		return nil, errors.New("--idle: must be positive")
	}
	if cfg.MaxDuration < 0 {
		return nil, errors.New("--max-duration: must not be negative")
	}
	if cfg.ConnRate.PerMinute <= 0 || cfg.ConnRate.Burst < 1 {
		return nil, errors.New("--conn-rate: expected a positive rate and a burst of at least 1")
	}
	if cfg.InputRate < 1 || cfg.InputBurst < 1 {
		return nil, errors.New("--input-rate: expected positive events a second and burst")
	}
	if cfg.MaxWidth < 80 || cfg.MaxHeight < 24 {
		return nil, errors.New("--max-size: at least 80x24, the cockpit's smallest screen")
	}
	if cfg.FPS <= 0 {
		cfg.FPS = DefaultFPS
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewModel == nil {
		cfg.NewModel = VisitorModel
	}
	if cfg.Tick <= 0 {
		cfg.Tick = min(time.Second, cfg.Idle/4)
		if cfg.MaxDuration > 0 {
			cfg.Tick = min(cfg.Tick, cfg.MaxDuration/4)
		}
	}
	s := &Server{cfg: cfg, slots: make(chan struct{}, cfg.MaxSessions), visitors: map[*visitor]struct{}{}}
	s.ipl = newIPLimiter(cfg.ConnRate, cfg.Now)
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithVersion("cockpit"),
		ssh.WrapConn(s.admit),
		func(srv *ssh.Server) error {
			srv.AddHostKey(cfg.HostKey)
			srv.Handler = s.handle
			// Only session channels: no direct-tcpip (local forwarding);
			// no global request handlers: tcpip-forward (remote
			// forwarding) is refused; no subsystems (sftp).
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": filteredSession}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			srv.LocalPortForwardingCallback = nil
			srv.ReversePortForwardingCallback = nil
			// A client that never finishes its handshake holds a slot of
			// nothing for long.
			srv.HandshakeTimeout = 20 * time.Second
			srv.ConnectionFailedCallback = func(c net.Conn, err error) {
				s.logf("refused %s: %s", c.RemoteAddr(), handshakeReason(err))
			}
			return nil
		},
	}
	opts = append(opts, cfg.Auth.options()...)
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	s.srv = srv
	return s, nil
}

// handshakeReason words a failed handshake for the log, without what the
// client sent.
func handshakeReason(err error) string {
	if strings.Contains(err.Error(), "no auth passed") || strings.Contains(err.Error(), "unable to authenticate") {
		return "authentication failed"
	}
	if errors.Is(err, io.EOF) {
		return "closed during the handshake"
	}
	return "handshake failed"
}

// admit is the connection callback: the per-address rate limit, before
// any handshake work is spent on the connection.
func (s *Server) admit(_ ssh.Context, c net.Conn) net.Conn {
	if !s.ipl.allow(c.RemoteAddr()) {
		s.logf("refused %s: too many connections from this address", c.RemoteAddr())
		return nil
	}
	return c
}

// Listen binds the address, so Addr is known before Serve.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// Addr is the address listened on (after Listen).
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve serves visitors until Shutdown; it returns nil after a shutdown.
func (s *Server) Serve() error {
	err := s.srv.Serve(s.ln)
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if errors.Is(err, ssh.ErrServerClosed) || closing {
		return nil // Shutdown closed the listener
	}
	return err
}

// Sessions is how many visitors are being served.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.visitors)
}

// Shutdown stops accepting visitors, tells every visitor the server is
// shutting down (in their language), ends their sessions and waits for
// them until ctx is done; then it closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	for v := range s.visitors {
		v.end(reasonShutdown)
	}
	s.mu.Unlock()
	// No new visitor from here on; the connections stay open until the
	// visitors have read their goodbye.
	lnErr := s.ln.Close()
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	// The handlers have written their goodbyes: close the listener and
	// every connection (clients that keep theirs open are not waited for).
	_ = s.srv.Close() // the listener is closed already: its error says so
	if err == nil && lnErr != nil && !errors.Is(lnErr, net.ErrClosed) {
		err = lnErr
	}
	return err
}

// Why the server ends a session.
const (
	reasonIdle     = "idle"
	reasonTime     = "time up"
	reasonShutdown = "shutdown"
)

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s cockpit serve: %s\n", s.now().UTC().Format(time.RFC3339), fmt.Sprintf(format, args...))
}

// register adds a visitor; false once the server is shutting down.
func (s *Server) register(v *visitor) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.visitors[v] = struct{}{}
	return true
}

func (s *Server) unregister(v *visitor) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.visitors, v)
}

// LangFromEnv picks a visitor's language from the environment the client
// sent, in POSIX precedence (LC_ALL, LC_MESSAGES, LANG): zh_* is Chinese,
// anything else English.
func LangFromEnv(env []string) string {
	vals := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vals[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := vals[k]; v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

func hasEnv(env []string, name string) bool {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); k == name && v != "" {
			return true
		}
	}
	return false
}

// say writes a line to the visitor's terminal (outside the program, after
// it restored the screen).
func say(sess ssh.Session, text string) {
	_, _ = io.WriteString(sess, "\r\n"+text+"\r\n")
}

func (s *Server) table(lang string) *i18n.Table {
	if t := s.cfg.Assets.UI.Tables[lang]; t != nil {
		return t
	}
	return s.cfg.Assets.UI.Tables["en"]
}

// handle serves one session: the visitor's own program, to its end.
func (s *Server) handle(sess ssh.Session) {
	// Added under the lock that Shutdown sets closing with, so no handler
	// is added once Shutdown waits for them.
	s.mu.Lock()
	closing := s.closing
	if !closing {
		s.handlers.Add(1)
	}
	s.mu.Unlock()
	if closing {
		say(sess, s.table(LangFromEnv(sess.Environ())).T("serve.shutdown"))
		_ = sess.Exit(0)
		return
	}
	defer s.handlers.Done()
	start := s.now()
	v := &visitor{user: Sanitize(sess.User()), addr: sess.RemoteAddr().String()}
	env := sess.Environ()
	lang := LangFromEnv(env)
	reason := "left"
	s.logf("connect %s from %s", v.user, v.addr)
	defer func() {
		if r := recover(); r != nil {
			// A panic outside the program (which catches its own): this
			// session ends, the server and the other visitors go on.
			reason = fmt.Sprintf("panic: %v", r)
			say(sess, s.table(lang).T("serve.crashed"))
			_ = sess.Exit(1)
		}
		s.logf("disconnect %s from %s after %s: %s", v.user, v.addr, s.now().Sub(start).Round(time.Second), reason)
	}()
	pty, winch, ok := sess.Pty()
	if !ok {
		reason = "no terminal"
		say(sess, s.table(lang).T("serve.no_pty"))
		_ = sess.Exit(1)
		return
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		reason = "full"
		say(sess, s.table("en").T("serve.full")+"\r\n"+s.table("zh").T("serve.full"))
		_ = sess.Exit(1)
		return
	}
	w, h := clampSize(pty.Window.Width, pty.Window.Height, s.cfg.MaxWidth, s.cfg.MaxHeight)
	model := s.cfg.NewModel(Visitor{User: v.user, Lang: lang, NoColor: hasEnv(env, "NO_COLOR"), Width: w, Height: h, Assets: s.cfg.Assets})
	in := newInputLimiter(sess, s.cfg.InputRate*bytesPerEvent, s.cfg.InputBurst*bytesPerEvent, s.cfg.Now)
	v.events = newBucket(float64(s.cfg.InputRate), float64(s.cfg.InputBurst), s.now())
	envs := append(append([]string(nil), env...), "TERM="+pty.Term)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	v.p = tea.NewProgram(model,
		tea.WithContext(ctx),
		tea.WithInput(in),
		tea.WithOutput(sess),
		tea.WithEnvironment(envs),
		tea.WithColorProfile(colorprofile.Env(envs)),
		tea.WithWindowSize(w, h),
		tea.WithFPS(s.cfg.FPS),
		// The server's signals are the server's: a program must not
		// install a handler that a SIGINT to the server would reach.
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg { return s.filter(v, msg) }),
	)
	if !s.register(v) {
		reason = reasonShutdown
		say(sess, s.table(lang).T("serve.shutdown"))
		_ = sess.Exit(0)
		return
	}
	defer s.unregister(v)
	done := make(chan struct{})
	go s.watch(v, in, winch, start, ctx, done)
	final, err := v.p.Run()
	close(done)
	// The program has ended: its model is read here with no race.
	if lm, ok := final.(interface{ Lang() string }); ok {
		lang = lm.Lang()
	}
	tr := s.table(lang)
	switch r := v.reason.Load(); {
	case r != nil:
		reason = *r
		switch *r {
		case reasonIdle:
			say(sess, tr.F("serve.idle", "d", s.cfg.Idle.String()))
		case reasonTime:
			say(sess, tr.F("serve.time_up", "d", s.cfg.MaxDuration.String()))
		case reasonShutdown:
			say(sess, tr.T("serve.shutdown"))
		}
	case errors.Is(err, tea.ErrProgramPanic):
		reason = "panic in the session (recovered)"
		say(sess, tr.T("serve.crashed"))
		_ = sess.Exit(1)
		return
	case sess.Context().Err() != nil:
		reason = "disconnected"
		return
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		reason = "error: " + err.Error()
	default:
		say(sess, tr.T("serve.bye"))
	}
	if d := in.dropped.Load(); d > 0 || v.dropped > 0 {
		reason += fmt.Sprintf(" (input over the rate dropped: %d bytes, %d events)", d, v.dropped)
	}
	_ = sess.Exit(0)
}

// filter drops the visitor's key and mouse events over the rate (before
// Update, so a dropped event costs no frame either), clamps the terminal
// size and keeps a visitor from suspending the program (ctrl+z would stop
// the visitor's session with nothing to resume it). It runs in the
// program's event loop only.
func (s *Server) filter(v *visitor, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.KeyPressMsg, tea.KeyReleaseMsg, tea.MouseMsg, tea.PasteMsg:
		if !v.events.takeOne(s.now()) {
			v.dropped++
			return nil
		}
	case tea.WindowSizeMsg:
		msg.Width, msg.Height = clampSize(msg.Width, msg.Height, s.cfg.MaxWidth, s.cfg.MaxHeight)
		return msg
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}

// watch forwards the client's window changes and ends the session when
// it has been idle or has lasted too long, until done or ctx ends.
func (s *Server) watch(v *visitor, in *inputLimiter, winch <-chan ssh.Window, start time.Time, ctx context.Context, done <-chan struct{}) {
	t := time.NewTicker(s.cfg.Tick)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case w, ok := <-winch:
			if !ok {
				winch = nil
				continue
			}
			// Send waits for the program's loop; it returns when the
			// program or the session has ended meanwhile.
			v.p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		case <-t.C:
			now := s.now()
			switch {
			case in.idleFor(now) >= s.cfg.Idle:
				v.end(reasonIdle)
			case s.cfg.MaxDuration > 0 && now.Sub(start) >= s.cfg.MaxDuration:
				v.end(reasonTime)
			}
		}
	}
}
