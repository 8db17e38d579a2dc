package viss_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/viss"
	"github.com/nevsim/cockpit/drive/scenario"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
)

// The catalogue and the English table are loaded once for the package.
var (
	loadOnce sync.Once
	theCat   *signal.Catalog
	theEnv   *scenario.Env
	theEN    *i18n.Table
	loadErr  error
)

func load(t testing.TB) {
	t.Helper()
	loadOnce.Do(func() {
		fsys := assets.FS()
		if theCat, loadErr = signal.Load(fsys); loadErr != nil {
			return
		}
		if theEnv, loadErr = scenario.NewEnv(fsys); loadErr != nil {
			return
		}
		var tables map[string]*i18n.Table
		tables, loadErr = i18n.LoadAll(fsys)
		if loadErr == nil {
			theEN = tables["en"]
		}
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
}

// rig is a real drive (a bundled scenario, built as cmd/cockpit builds it)
// with a VISS server in front of it. The test goroutine is the front end:
// it alone touches the session, through step (or run, which steps it on a
// goroutine of its own until stop).
type rig struct {
	t    testing.TB
	hub  *viss.Hub
	s    *session.Session
	sc   *scenario.Scenario
	stop chan struct{}
	done chan struct{}
}

func newRig(t testing.TB, cfg viss.Config) *rig {
	t.Helper()
	load(t)
	sc, err := scenario.Load(assets.FS(), "scenarios/airport-run.yaml", theEnv)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(session.Setup{Scenario: sc, Signals: theCat})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	cfg.Catalog = theCat
	cfg.Describe = func(ev sim.Event) string { return theEN.Render(ev.Msg, sc.Config.Map) }
	hub, err := viss.Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, hub: hub, s: s, sc: sc}
	hub.Publish(s.State().Time, s.ReadSignals)
	t.Cleanup(func() {
		r.halt()
		_ = hub.Close()
	})
	return r
}

// step is one step of the front end: the queued writes, the step, the
// new values, the answers.
func (r *rig) step() *session.Output {
	r.hub.Drain(r.s.SetSignal)
	out := r.s.Advance()
	r.hub.Publish(r.s.State().Time, r.s.ReadSignals)
	r.hub.Settle(out.Sets)
	return out
}

// run steps the drive every interval on a goroutine until halt.
func (r *rig) run(interval time.Duration) {
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(r.done)
		tk := time.NewTicker(interval)
		defer tk.Stop()
		for {
			select {
			case <-r.stop:
				return
			case <-tk.C:
				r.step()
			}
		}
	}()
}

func (r *rig) halt() {
	if r.stop != nil {
		close(r.stop)
		<-r.done
		r.stop = nil
	}
}

// value is a signal's value in the session now, as VISS writes it.
func (r *rig) value(path string) string {
	i, ok := theCat.Index(path)
	if !ok {
		r.t.Fatalf("no signal %s", path)
	}
	return signal.Format(r.s.ReadSignals(nil)[i])
}

var jsonUnmarshal = json.Unmarshal

// wsClient is a VISS client over coder/websocket.
type wsClient struct {
	t    testing.TB
	conn *websocket.Conn
	// backlog holds the messages readUntil passed over, oldest first, so
	// no notification is lost to a test that waited for something else.
	backlog []*message
}

func dial(t testing.TB, url string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{viss.Subprotocol}})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (HTTP %d)", url, err, status)
	}
	if conn.Subprotocol() != viss.Subprotocol {
		t.Fatalf("sub-protocol %q, want %q", conn.Subprotocol(), viss.Subprotocol)
	}
	conn.SetReadLimit(1 << 20)
	c := &wsClient{t: t, conn: conn}
	t.Cleanup(func() { _ = conn.CloseNow() })
	return c
}

func (c *wsClient) sendRaw(msg string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// message is a decoded server message.
type message struct {
	Action         string          `json:"action"`
	RequestID      string          `json:"requestId"`
	SubscriptionID string          `json:"subscriptionId"`
	TS             string          `json:"ts"`
	Data           json.RawMessage `json:"data"`
	Error          *viss.Error     `json:"error"`
	raw            string
}

// datum is one {"path","dp"} of a message's data.
type datum struct {
	Path string `json:"path"`
	DP   struct {
		Value string `json:"value"`
		TS    string `json:"ts"`
	} `json:"dp"`
}

// data returns the message's data as a list (one object or an array).
func (m *message) data(t testing.TB) []datum {
	t.Helper()
	if len(m.Data) == 0 {
		t.Fatalf("no data in %s", m.raw)
	}
	if m.Data[0] == '[' {
		var list []datum
		if err := json.Unmarshal(m.Data, &list); err != nil {
			t.Fatalf("data of %s: %v", m.raw, err)
		}
		return list
	}
	var one datum
	if err := json.Unmarshal(m.Data, &one); err != nil {
		t.Fatalf("data of %s: %v", m.raw, err)
	}
	return []datum{one}
}

func (c *wsClient) read() *message {
	c.t.Helper()
	if len(c.backlog) > 0 {
		m := c.backlog[0]
		c.backlog = c.backlog[1:]
		return m
	}
	m, err := c.tryRead(5 * time.Second)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return m
}

func (c *wsClient) tryRead(wait time.Duration) (*message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	_, b, err := c.conn.Read(ctx)
	if err != nil {
		return nil, err
	}
	m := &message{raw: string(b)}
	if err := json.Unmarshal(b, m); err != nil {
		c.t.Fatalf("server sent %q: not JSON: %v", b, err)
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", m.TS); err != nil {
		c.t.Fatalf("server sent %s: ts is not an ISO 8601 UTC time: %v", b, err)
	}
	return m, nil
}

// readUntil reads messages until one satisfies ok (notifications of other
// subscriptions may come first).
func (c *wsClient) readUntil(what string, ok func(*message) bool) *message {
	c.t.Helper()
	for k, m := range c.backlog {
		if ok(m) {
			c.backlog = append(c.backlog[:k], c.backlog[k+1:]...)
			return m
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		m, err := c.tryRead(time.Until(deadline))
		if err != nil {
			c.t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok(m) {
			return m
		}
		c.backlog = append(c.backlog, m)
	}
	c.t.Fatalf("no %s within 5 s", what)
	return nil
}

// reply sends a request and reads the answer with its requestId.
func (c *wsClient) reply(req string) *message {
	c.t.Helper()
	var id struct {
		RequestID json.RawMessage `json:"requestId"`
	}
	_ = json.Unmarshal([]byte(req), &id)
	want := strings.Trim(string(id.RequestID), `"`)
	c.sendRaw(req)
	return c.readUntil("the answer to "+req, func(m *message) bool {
		return m.RequestID == want && m.Action != "subscription"
	})
}

// ok sends a request and returns its answer, which must not be an error.
func (c *wsClient) ok(req string) *message {
	c.t.Helper()
	m := c.reply(req)
	if m.Error != nil {
		c.t.Fatalf("%s: %s", req, m.raw)
	}
	return m
}

// wantError checks an error answer's number and reason.
func wantError(t testing.TB, m *message, number int, reason string) {
	t.Helper()
	if m.Error == nil {
		t.Fatalf("got %s, want error %d %s", m.raw, number, reason)
	}
	if m.Error.Number != number || m.Error.Reason != reason || m.Error.Message == "" {
		t.Fatalf("got error %+v, want %d %s with a message", *m.Error, number, reason)
	}
}
