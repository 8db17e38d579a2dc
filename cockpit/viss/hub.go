package viss

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// Config sets up a server. Zero limits take the defaults below.
type Config struct {
	// Addr is where to listen, host:port ("127.0.0.1:8090"; port 0 picks
	// a free one, Addr reports it). A host that is not a loopback
	// address (an empty host or 0.0.0.0 listen on every interface) needs
	// AllowRemote and a Token.
	Addr string
	// Catalog is the car's signals; required.
	Catalog *signal.Catalog
	// AllowRemote lets Addr be an address other machines reach. The
	// server speaks plain ws:// (no TLS), so a token is then required.
	AllowRemote bool
	// Token, when set, must come with every connection (an
	// "Authorization: Bearer TOKEN" header or an authorization=TOKEN
	// query parameter of the upgrade) or with every request (VISS's
	// "authorization" member); otherwise the answer is 401.
	Token string
	// Describe words the car's refusal of a write for the client (the
	// cockpit's English catalogue); nil gives the event's message key.
	Describe func(ev sim.Event) string

	MaxClients int // connections at once (16)
	// MaxSubscriptions is per connection (64).
	MaxSubscriptions int
	// MaxMessageBytes bounds one client message (64 KiB); a larger one
	// closes the connection with status 1009.
	MaxMessageBytes int64
	// MinPeriod is the shortest timebased period a client may ask (50 ms).
	MinPeriod time.Duration
	// MaxRequestsPerSecond is per connection (200); past it, 429.
	MaxRequestsPerSecond int
	// MaxQueuedSets bounds the writes waiting for the next step, all
	// clients together (64); past it, 503. Each client may have
	// MaxSetsInFlight (8) of them; past that, 429.
	MaxQueuedSets   int
	MaxSetsInFlight int
	// SetTimeout is how long a write waits for a step (5 s; the front end
	// may be paused); then it is withdrawn and answered 503.
	SetTimeout time.Duration
	// WriteTimeout is how long a client may take to accept what the
	// server writes (2 s); a slower one is dropped.
	WriteTimeout time.Duration
	// IdleTimeout closes a connection that has sent nothing for that long
	// and has no subscription (5 min).
	IdleTimeout time.Duration
	// HandshakeTimeout bounds reading the upgrade request (5 s).
	HandshakeTimeout time.Duration
}

// The defaults of Config's limits.
const (
	DefaultMaxClients           = 16
	DefaultMaxSubscriptions     = 64
	DefaultMaxMessageBytes      = 64 << 10
	DefaultMinPeriod            = 50 * time.Millisecond
	DefaultMaxRequestsPerSecond = 200
	DefaultMaxQueuedSets        = 64
	DefaultMaxSetsInFlight      = 8
	DefaultSetTimeout           = 5 * time.Second
	DefaultWriteTimeout         = 2 * time.Second
	DefaultIdleTimeout          = 5 * time.Minute
	DefaultHandshakeTimeout     = 5 * time.Second
	// MinTokenLength keeps a token for a remote bind from being guessable.
	MinTokenLength = 16
)

func (c *Config) defaults() {
	set := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	setD := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	set(&c.MaxClients, DefaultMaxClients)
	set(&c.MaxSubscriptions, DefaultMaxSubscriptions)
	set(&c.MaxRequestsPerSecond, DefaultMaxRequestsPerSecond)
	set(&c.MaxQueuedSets, DefaultMaxQueuedSets)
	set(&c.MaxSetsInFlight, DefaultMaxSetsInFlight)
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	setD(&c.MinPeriod, DefaultMinPeriod)
	setD(&c.SetTimeout, DefaultSetTimeout)
	setD(&c.WriteTimeout, DefaultWriteTimeout)
	setD(&c.IdleTimeout, DefaultIdleTimeout)
	setD(&c.HandshakeTimeout, DefaultHandshakeTimeout)
}

// snapshot is the car's values after one step, shared read-only by every
// client goroutine.
type snapshot struct {
	at     sim.Millis
	wall   time.Time
	ts     string
	values []any
}

func (s *snapshot) value(i int) any {
	if i < len(s.values) {
		return s.values[i]
	}
	return nil
}

// setState is where a write is: queued for Drain, taken by it, or
// withdrawn by its client after SetTimeout. Whichever of Drain and the
// client moves it on first decides.
const (
	setQueued int32 = iota
	setTaken
	setWithdrawn
)

// setReq is one write a client asked for.
type setReq struct {
	id        session.SetID
	path      string
	value     any
	requestID string
	client    *client
	state     atomic.Int32
}

// setAnswer is what the front end's goroutine tells a client about a write.
type setAnswer struct {
	req *setReq
	err *Error // nil: done
}

// Hub is a running VISS server and the front end's handle on it. Drain,
// Settle and Publish are for the goroutine that steps the session; the
// rest may be called from any goroutine.
type Hub struct {
	cfg  Config
	tree *tree
	ln   net.Listener
	srv  *http.Server

	snap      atomic.Pointer[snapshot]
	changed   atomic.Pointer[chan struct{}]
	published atomic.Uint64

	sets    chan *setReq
	nextSet atomic.Uint64
	// applied are the writes Drain gave the session, until Settle answers
	// them (the front end's goroutine only).
	applied map[session.SetID]*setReq

	nextSub atomic.Uint64

	mu      sync.Mutex
	clients map[*client]struct{}
	closed  bool
	closing chan struct{}
	wg      sync.WaitGroup
	served  chan struct{}
}

// ErrRemoteNeedsToken and ErrNotLoopback are Listen's refusals of an
// address other machines could reach.
var (
	ErrNotLoopback      = errors.New("is not a loopback address: listening where other machines reach the car needs AllowRemote (--viss-allow-remote) and a token (--viss-token)")
	ErrRemoteNeedsToken = fmt.Errorf("a remote bind needs a token of at least %d characters (--viss-token): the server speaks plain ws://", MinTokenLength)
)

// Listen checks the configuration, binds the address and starts serving.
// Close stops it.
func Listen(cfg Config) (*Hub, error) {
	if cfg.Catalog == nil {
		return nil, errors.New("viss: no signal catalogue")
	}
	cfg.defaults()
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("viss: address %q: expected host:port such as 127.0.0.1:8090", cfg.Addr)
	}
	if !isLoopback(host) {
		if !cfg.AllowRemote {
			return nil, fmt.Errorf("viss: %q %w", cfg.Addr, ErrNotLoopback)
		}
		if len(cfg.Token) < MinTokenLength {
			return nil, fmt.Errorf("viss: %w", ErrRemoteNeedsToken)
		}
	}
	lc := net.ListenConfig{KeepAlive: 30 * time.Second} // finds half-open peers of idle subscribers
	ln, err := lc.Listen(context.Background(), "tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("viss: %w", err)
	}
	h := &Hub{
		cfg:     cfg,
		tree:    newTree(cfg.Catalog),
		ln:      ln,
		sets:    make(chan *setReq, cfg.MaxQueuedSets),
		applied: map[session.SetID]*setReq{},
		clients: map[*client]struct{}{},
		closing: make(chan struct{}),
		served:  make(chan struct{}),
	}
	ch := make(chan struct{})
	h.changed.Store(&ch)
	h.srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.HandshakeTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          nil,
	}
	go func() {
		defer close(h.served)
		_ = h.srv.Serve(ln) // returns when Close closes the listener
	}()
	return h, nil
}

// isLoopback reports whether a listening host is reachable from this
// machine only: "localhost" or a loopback IP (not "" or 0.0.0.0, which
// are every interface).
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Catalog is the catalogue the server serves (the session must be given
// the same one).
func (h *Hub) Catalog() *signal.Catalog { return h.cfg.Catalog }

// Addr is the address the server listens on (with the port it picked).
func (h *Hub) Addr() string { return h.ln.Addr().String() }

// URL is the ws:// address a client connects to.
func (h *Hub) URL() string { return "ws://" + h.Addr() }

// Publish stores the car's values after a step (read fills dst with every
// signal's value in catalogue order, as Session.ReadSignals does) and
// wakes the clients. It copies nothing the caller keeps and never blocks.
func (h *Hub) Publish(at sim.Millis, read func(dst []any) []any) {
	select {
	case <-h.closing:
		return
	default:
	}
	now := time.Now()
	s := &snapshot{at: at, wall: now, ts: formatTS(now), values: read(make([]any, 0, h.cfg.Catalog.Len()))}
	h.snap.Store(s)
	h.published.Add(1)
	next := make(chan struct{})
	old := h.changed.Swap(&next)
	close(*old)
}

// Drain applies the writes the clients queued since the last step, on the
// caller's goroutine, before the step that is to carry them out. apply is
// Session.SetSignal; an error it returns (an unknown path, a sensor, a bad
// value, a write the car cannot do now) is the client's answer at once,
// the rest are answered by Settle after the step.
func (h *Hub) Drain(apply func(id session.SetID, path string, value any) error) {
	for {
		select {
		case r := <-h.sets:
			if !r.state.CompareAndSwap(setQueued, setTaken) {
				continue // withdrawn after SetTimeout: the client has its answer
			}
			if err := apply(r.id, r.path, r.value); err != nil {
				r.client.answer(setAnswer{req: r, err: setError(err)})
				continue
			}
			h.applied[r.id] = r
		default:
			return
		}
	}
}

// Settle answers the writes a step carried out: done, or refused with the
// car's reason. A write Drain applied that the step did not report (the
// drive is over and no longer steps) is answered 503.
func (h *Hub) Settle(sets []session.SetResult) {
	for _, res := range sets {
		r := h.applied[res.ID]
		if r == nil {
			continue // someone else's write (the inspector)
		}
		delete(h.applied, res.ID)
		var err *Error
		if res.Refusal != nil {
			why := res.Refusal.Msg.Key
			if h.cfg.Describe != nil {
				why = h.cfg.Describe(*res.Refusal)
			}
			err = errInvalidValue("the car refused it: %s", why)
		}
		r.client.answer(setAnswer{req: r, err: err})
	}
	for id, r := range h.applied {
		delete(h.applied, id)
		r.client.answer(setAnswer{req: r, err: errUnavailableService("the drive did not carry the write out: it is over")})
	}
}

// setError turns a write's refusal by the catalogue or the session into
// the VISS error a client understands.
func setError(err error) *Error {
	var se *signal.Error
	if errors.As(err, &se) {
		switch se.Code {
		case signal.ErrUnknownPath:
			return errInvalidPath("%s", se.Error())
		case signal.ErrReadOnly:
			return errReadOnly("%s", se.Error())
		case signal.ErrBadValue:
			return errInvalidValue("%s", se.Error())
		case signal.ErrNotNow:
			return errInvalidValue("the car cannot do it now: %s", se.Error())
		}
	}
	return errUnavailableService("%v", err)
}

// Close tells every client the server is going (an error notification for
// each subscription, 503 for each write still waiting, then the close
// status 1001 "going away"), stops listening and waits for the client
// goroutines. It is safe to call more than once.
func (h *Hub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	close(h.closing)
	h.mu.Unlock()
	err := h.ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = h.srv.Shutdown(ctx) // the upgrades under way; hijacked connections are the clients'
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		// A client that does not answer the close handshake is cut.
		h.mu.Lock()
		for c := range h.clients {
			if c.conn != nil {
				_ = c.conn.CloseNow()
			}
		}
		h.mu.Unlock()
		<-done
	}
	<-h.served
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

// Published counts the snapshots Publish has stored (the steps served).
func (h *Hub) Published() uint64 { return h.published.Load() }

// Queued is the number of writes waiting for the front end's next Drain.
func (h *Hub) Queued() int { return len(h.sets) }

// Clients is the number of connected clients.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// ServeHTTP accepts a VISS WebSocket connection: it checks the origin,
// the token, the client limit and the sub-protocol before it upgrades, and
// answers a refusal with the VISS error as JSON.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	refuse := func(e *Error) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if e.Number == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "5")
		}
		if e.Number == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="cockpit VISS"`)
		}
		w.WriteHeader(e.Number)
		b := appendHead(nil, "", "", "")
		_, _ = w.Write(append(appendError(b, e, formatTS(time.Now())), '\n'))
	}
	if r.URL.Path != "/" {
		refuse(&Error{404, "invalid_path", "the VISS server is at /"})
		return
	}
	if !headerHas(r.Header, "Connection", "upgrade") || !headerHas(r.Header, "Upgrade", "websocket") {
		w.Header().Set("Upgrade", "websocket")
		refuse(&Error{426, "bad_request", `this is a VISS v2 WebSocket server: connect with new WebSocket(url, "VISSv2") (docs/viss.md)`})
		return
	}
	if !h.originAllowed(r) {
		refuse(&Error{403, "user_forbidden", "a web page of another site may not use the car: serve it from this machine (http://127.0.0.1/…), or set a token"})
		return
	}
	authed, aerr := h.upgradeAuth(r)
	if aerr != nil {
		refuse(aerr)
		return
	}
	if offered := r.Header.Values("Sec-WebSocket-Protocol"); len(offered) > 0 && !headerHas(r.Header, "Sec-WebSocket-Protocol", Subprotocol) {
		refuse(errBadRequest("the WebSocket sub-protocol is %q (offered: %s)", Subprotocol, clip(strings.Join(offered, ", "))))
		return
	}
	c, err := h.join()
	if err != nil {
		refuse(err)
		return
	}
	cw := &corkWriter{ResponseWriter: w, timeout: h.cfg.WriteTimeout}
	conn, aErr := websocket.Accept(cw, r, &websocket.AcceptOptions{
		Subprotocols:       []string{Subprotocol},
		InsecureSkipVerify: true, // originAllowed decided
		CompressionMode:    websocket.CompressionDisabled,
	})
	if aErr != nil || cw.conn == nil {
		h.leave(c)
		return // Accept answered the client
	}
	conn.SetReadLimit(h.cfg.MaxMessageBytes)
	h.mu.Lock() // Close may cut the connection from its goroutine
	c.conn, c.sock, c.authed = conn, cw.conn, authed
	h.mu.Unlock()
	c.start()
}

// join counts a client in, unless the server is closing or full.
func (h *Hub) join() (*client, *Error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, errUnavailableService("the server is shutting down")
	}
	if len(h.clients) >= h.cfg.MaxClients {
		return nil, errUnavailableService("the server has its %d clients; try again when one leaves", h.cfg.MaxClients)
	}
	c := newClient(h)
	h.clients[c] = struct{}{}
	h.wg.Add(1)
	return c, nil
}

// leave counts a client out.
func (h *Hub) leave(c *client) {
	h.mu.Lock()
	delete(h.clients, c)
	h.mu.Unlock()
	h.wg.Done()
}

// originAllowed refuses a browser page of another site (a WebSocket is
// not bound by CORS, so any page the user opens could otherwise drive
// the car): a client without an Origin (a program), a page served from
// this machine or from the server's own host may connect; with a token,
// any origin may, since the token decides.
func (h *Hub) originAllowed(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || h.cfg.Token != "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null": a file:// page or a sandboxed frame of any site
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return isLoopback(u.Hostname())
}

// upgradeAuth checks a token that comes with the upgrade. No token there
// leaves each request to carry one (authed false); a wrong one is refused.
func (h *Hub) upgradeAuth(r *http.Request) (authed bool, _ *Error) {
	if h.cfg.Token == "" {
		return true, nil
	}
	got, given := "", false
	if a := r.Header.Get("Authorization"); a != "" {
		got, given = strings.TrimSpace(strings.TrimPrefix(a, "Bearer ")), true
	} else if q := r.URL.Query(); q.Has("authorization") {
		got, given = q.Get("authorization"), true
	}
	if !given {
		return false, nil
	}
	if !h.tokenOK(got) {
		return false, errToken("token_invalid", "the access token is not this server's")
	}
	return true, nil
}

// tokenOK compares a token in constant time.
func (h *Hub) tokenOK(got string) bool {
	got = strings.TrimSpace(strings.TrimPrefix(got, "Bearer "))
	return subtle.ConstantTimeCompare([]byte(got), []byte(h.cfg.Token)) == 1
}

// headerHas reports whether a comma-separated header lists a token.
func headerHas(hd http.Header, key, token string) bool {
	for _, v := range hd.Values(key) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// newSubID is a server-wide subscription id.
func (h *Hub) newSubID() string { return strconv.FormatUint(h.nextSub.Add(1), 10) }
