package viss

import (
	"context"
	"errors"
	"time"

	"github.com/coder/websocket"

	"github.com/nevsim/cockpit/drive/session"
)

// maxAuthFailures is how many wrong tokens a connection may send before
// it is closed (VISS's too_many_attempts).
const maxAuthFailures = 3

// setIDBase marks the hub's write ids, so they never equal the ids of
// another writer of the same session (the inspector counts from 1).
const setIDBase = session.SetID(1) << 63

// client is one connection. Its reader goroutine only reads and hands
// each message over; everything else (answers, subscriptions, writes to
// the socket) happens on its loop goroutine, so a client's state needs no
// lock and a slow socket stalls that client alone.
type client struct {
	h      *Hub
	conn   *websocket.Conn
	sock   *corkConn
	authed bool

	msgs    chan []byte
	answers chan setAnswer
	done    chan struct{}

	subs     map[string]*subscription
	order    []*subscription // subscription order, for stable notifications
	pending  map[*setReq]time.Time
	failures int

	lastSnap *snapshot
	lastSeen time.Time
	window   time.Time
	inWindow int

	buf []byte
}

// subscription is one subscribe request in force.
type subscription struct {
	id   string
	ids  []int
	trig *trigger
	// due is when a timebased subscription notifies next.
	due time.Time
	// last is the watched value last notified (change); inside whether
	// the range held at the last snapshot (range).
	last   any
	inside bool
	// start and samples are a curve-logging subscription's clock origin
	// and buffer.
	start   time.Time
	samples []sample
}

func newClient(h *Hub) *client {
	return &client{
		h:       h,
		msgs:    make(chan []byte, 4),
		answers: make(chan setAnswer, h.cfg.MaxSetsInFlight),
		done:    make(chan struct{}),
		subs:    map[string]*subscription{},
		pending: map[*setReq]time.Time{},
	}
}

// answer hands a client the result of one of its writes. It never blocks:
// the channel holds as many answers as the client may have writes in
// flight, and a client that has left no longer reads it.
func (c *client) answer(a setAnswer) {
	select {
	case c.answers <- a:
	default:
	}
}

// start runs the connection until it ends.
func (c *client) start() {
	conn := c.conn
	defer c.h.leave(c)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.read(ctx)
	err := c.loop()
	close(c.done)
	for r := range c.pending {
		r.state.CompareAndSwap(setQueued, setWithdrawn) // a write Drain never took is not carried out
	}
	if err != nil {
		_ = conn.CloseNow()
	}
}

// read hands each message of the socket to the loop; it ends when the
// socket does.
func (c *client) read(ctx context.Context) {
	defer close(c.msgs)
	for {
		typ, data, err := c.conn.Read(ctx)
		if err != nil {
			return
		}
		if typ != websocket.MessageText {
			data = nil // answered as a bad request
		}
		select {
		case c.msgs <- data:
		case <-c.done:
			return
		}
	}
}

// errClosed ends the loop without an error of the socket's.
var errClosed = errors.New("closed")

// loop serves the connection: requests, answers of writes, notifications
// on new snapshots and on timers, and the server's shutdown.
func (c *client) loop() error {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	c.lastSeen = time.Now()
	for {
		var changed <-chan struct{}
		if c.watchesValues() {
			ch := c.h.changed.Load()
			changed = *ch
			if s := c.h.snap.Load(); s != nil && s != c.lastSnap {
				if err := c.batch(func() error { return c.onSnapshot(s) }); err != nil {
					return err
				}
				continue // a newer snapshot may have come meanwhile
			}
		}
		timer.Reset(time.Until(c.nextDeadline()))
		var err error
		select {
		case data, ok := <-c.msgs:
			if !ok {
				return errClosed
			}
			err = c.handle(data)
		case a := <-c.answers:
			err = c.onAnswer(a)
		case <-changed:
		case <-timer.C:
			if c.idle() {
				_ = c.conn.Close(websocket.StatusNormalClosure, "idle: no request for "+c.h.cfg.IdleTimeout.String())
				return errClosed
			}
			err = c.batch(c.onTimer)
		case <-c.h.closing:
			c.shutdown()
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// watchesValues reports whether a subscription depends on the values
// (change, range, curvelog), so the loop wakes for every snapshot.
func (c *client) watchesValues() bool {
	for _, s := range c.order {
		if s.trig.kind != "timebased" {
			return true
		}
	}
	return false
}

// nextDeadline is the earliest of: a timebased notification, a write that
// waits too long, closing an idle connection.
func (c *client) nextDeadline() time.Time {
	next := c.lastSeen.Add(c.h.cfg.IdleTimeout)
	if len(c.subs) > 0 {
		next = time.Now().Add(time.Hour)
	}
	for _, s := range c.order {
		if s.trig.kind == "timebased" && s.due.Before(next) {
			next = s.due
		}
	}
	for _, d := range c.pending {
		if d.Before(next) {
			next = d
		}
	}
	return next
}

// idle reports whether the connection has neither sent anything for
// IdleTimeout nor anything in force (a subscription, a write).
func (c *client) idle() bool {
	return len(c.subs) == 0 && len(c.pending) == 0 && time.Since(c.lastSeen) >= c.h.cfg.IdleTimeout
}

// batch runs f with the socket corked, so what it sends goes out in one
// write.
func (c *client) batch(f func() error) error {
	c.sock.cork()
	err := f()
	if uerr := c.sock.uncork(); err == nil {
		err = uerr
	}
	return err
}

// onTimer sends the timebased notifications that are due (and those due
// within a few milliseconds, so subscriptions made together are written
// together), withdraws writes that waited too long and closes an idle
// connection.
func (c *client) onTimer() error {
	now := time.Now()
	ts := formatTS(now)
	for r, d := range c.pending {
		if now.Before(d) {
			continue
		}
		if r.state.CompareAndSwap(setQueued, setWithdrawn) {
			delete(c.pending, r)
			e := errUnavailableService("the drive did not step for %s (is it paused?); the write was withdrawn", c.h.cfg.SetTimeout)
			if err := c.send(appendError(appendHead(c.buf[:0], "set", r.requestID, ""), e, ts)); err != nil {
				return err
			}
			continue
		}
		c.pending[r] = now.Add(time.Hour) // applied: Settle answers after the step
	}
	snap := c.h.snap.Load()
	for _, s := range c.order {
		if s.trig.kind != "timebased" {
			continue
		}
		slack := min(5*time.Millisecond, s.trig.period/10)
		if s.due.After(now.Add(slack)) {
			continue
		}
		s.due = nextTick(now, s.trig.period)
		if snap == nil {
			continue
		}
		if err := c.notify(s, snap, ts); err != nil {
			return err
		}
	}
	return nil
}

// nextTick is when a timebased subscription that notified at now notifies
// next: on the wall clock's grid of its period, so that every subscription
// of a period, on every connection, falls due at the same instant and a
// client's loop wakes once a period, not once a subscription. The first
// gap after the subscription's start is between half a period and one and
// a half; the rest are one period (a stalled loop skips, never bursts).
func nextTick(now time.Time, period time.Duration) time.Time {
	return now.Add(period / 2).Truncate(period).Add(period)
}

// onSnapshot evaluates the value-dependent subscriptions on a new snapshot.
func (c *client) onSnapshot(snap *snapshot) error {
	c.lastSnap = snap
	ts := formatTS(time.Now())
	for _, s := range c.order {
		v := snap.value(s.ids[0])
		switch s.trig.kind {
		case "change":
			if s.last == nil || s.trig.changed(s.last, v) {
				s.last = v
				if err := c.notify(s, snap, ts); err != nil {
					return err
				}
			}
		case "range":
			in := s.trig.inRange(v)
			if in == s.inside {
				continue
			}
			s.inside = in
			if err := c.notify(s, snap, ts); err != nil {
				return err
			}
		case "curvelog":
			f, ok := asNumber(v)
			if !ok {
				continue
			}
			s.samples = append(s.samples, sample{t: snap.wall.Sub(s.start).Seconds(), v: f, at: snap})
			if len(s.samples) < s.trig.bufSize {
				continue
			}
			b := appendHead(c.buf[:0], "subscription", "", s.id)
			b = c.h.tree.appendCurve(b, s.ids[0], curveLog(s.samples, s.trig.maxErr))
			s.samples = s.samples[:0]
			if err := c.send(appendTail(b, ts)); err != nil {
				return err
			}
		}
	}
	return nil
}

// notify writes one subscription notification with the values of snap.
func (c *client) notify(s *subscription, snap *snapshot, ts string) error {
	b := appendHead(c.buf[:0], "subscription", "", s.id)
	b = c.h.tree.appendData(b, s.ids, snap)
	return c.send(appendTail(b, ts))
}

// send writes one message. The socket's write deadline (corkConn) drops
// a client that does not take it within WriteTimeout: a slow reader must
// never hold up the others.
func (c *client) send(b []byte) error {
	c.buf = b[:0]
	return c.conn.Write(context.Background(), websocket.MessageText, b)
}

// sendError answers a request with an error.
func (c *client) sendError(action, requestID, subID string, e *Error) error {
	switch action {
	case "get", "set", "subscribe", "unsubscribe":
	default:
		action = "" // never echo an action the spec does not have
	}
	return c.send(appendError(appendHead(c.buf[:0], action, requestID, subID), e, formatTS(time.Now())))
}

// handle answers one request.
func (c *client) handle(data []byte) error {
	now := time.Now()
	c.lastSeen = now
	if now.Sub(c.window) >= time.Second {
		c.window, c.inWindow = now, 0
	}
	c.inWindow++
	if data == nil {
		return c.sendError("", "", "", errBadRequest("send VISS requests as text messages of JSON"))
	}
	req, e := decode(data)
	if e != nil {
		var id, action string
		if req != nil {
			id, action = req.RequestID, req.Action
		}
		return c.sendError(action, id, "", e)
	}
	if c.inWindow > c.h.cfg.MaxRequestsPerSecond {
		return c.sendError(req.Action, req.RequestID, "", errTooMany("at most %d requests a second", c.h.cfg.MaxRequestsPerSecond))
	}
	if !c.authed {
		switch {
		case !req.HasAuth:
			return c.sendError(req.Action, req.RequestID, "", errToken("token_missing", `this server needs a token: send it as "authorization" in each request, or with the connection (?authorization=TOKEN)`))
		case !c.h.tokenOK(req.Authorization):
			c.failures++
			if c.failures >= maxAuthFailures {
				_ = c.sendError(req.Action, req.RequestID, "", errToken("too_many_attempts", "too many wrong tokens; the connection is closed"))
				_ = c.conn.Close(websocket.StatusPolicyViolation, "too many wrong tokens")
				return errClosed
			}
			return c.sendError(req.Action, req.RequestID, "", errToken("token_invalid", "the access token is not this server's"))
		}
		c.authed = true // the connection has shown the token
	}
	switch req.Action {
	case "get":
		return c.get(req)
	case "set":
		return c.set(req)
	case "subscribe":
		return c.subscribe(req)
	}
	return c.unsubscribe(req)
}

// get answers a read of one or more signals.
func (c *client) get(req *request) error {
	for _, f := range req.Filter {
		switch f.Type {
		case "paths":
		case "history":
			return c.sendError("get", req.RequestID, "", errUnavailable("this server keeps no history: it has the latest value of each signal only"))
		default:
			return c.sendError("get", req.RequestID, "", errFilterInvalid("a get takes a paths filter only; %q is not supported here", clip(f.Type)))
		}
	}
	ids, e := c.h.tree.resolve(req.Path, req.Filter)
	if e != nil {
		return c.sendError("get", req.RequestID, "", e)
	}
	snap := c.h.snap.Load()
	if snap == nil {
		return c.sendError("get", req.RequestID, "", errUnavailableService("no values yet: the drive has not taken its first step"))
	}
	b := appendHead(c.buf[:0], "get", req.RequestID, "")
	b = c.h.tree.appendData(b, ids, snap)
	return c.send(appendTail(b, formatTS(time.Now())))
}

// set checks a write and queues it for the front end's next step; the
// answer comes when the step has carried it out (onAnswer).
func (c *client) set(req *request) error {
	fail := func(e *Error) error { return c.sendError("set", req.RequestID, "", e) }
	if len(req.Filter) > 0 {
		return fail(errBadRequest("a set names one signal by its path, without a filter"))
	}
	path := normalize(req.Path)
	cat := c.h.cfg.Catalog
	i, ok := cat.Index(path)
	if !ok {
		if cat.IsBranch(path) {
			return fail(errBadRequest("%s is a branch of the tree; set one signal below it", clip(path)))
		}
		return fail(errInvalidPath("no signal %q (docs/signals.md lists them)", clip(path)))
	}
	sp := cat.Spec(i)
	if !sp.Writable() {
		return fail(errReadOnly("%s is a %s: it can be read, not set", sp.Path, sp.Kind))
	}
	if _, err := sp.Parse(req.Value); err != nil {
		return fail(setError(err))
	}
	if len(c.pending) >= c.h.cfg.MaxSetsInFlight {
		return fail(errTooMany("at most %d writes of a connection wait for the car at once", c.h.cfg.MaxSetsInFlight))
	}
	r := &setReq{id: setIDBase | session.SetID(c.h.nextSet.Add(1)), path: path, value: req.Value, requestID: req.RequestID, client: c}
	select {
	case c.h.sets <- r:
	default:
		return fail(errUnavailableService("%d writes already wait for the next step; try again", c.h.cfg.MaxQueuedSets))
	}
	c.pending[r] = time.Now().Add(c.h.cfg.SetTimeout)
	return nil
}

// onAnswer tells the client what the car did with its write.
func (c *client) onAnswer(a setAnswer) error {
	if _, ok := c.pending[a.req]; !ok {
		return nil // answered already (withdrawn)
	}
	delete(c.pending, a.req)
	if a.err != nil {
		return c.sendError("set", a.req.requestID, "", a.err)
	}
	return c.send(appendTail(appendHead(c.buf[:0], "set", a.req.requestID, ""), formatTS(time.Now())))
}

// subscribe starts a subscription and sends its first notification: the
// values at once for timebased and change, for range when it holds.
func (c *client) subscribe(req *request) error {
	fail := func(e *Error) error { return c.sendError("subscribe", req.RequestID, "", e) }
	ids, e := c.h.tree.resolve(req.Path, req.Filter)
	if e == nil && len(ids) == 0 {
		e = errInvalidPath("%q addresses no signal", clip(req.Path))
	}
	if e != nil {
		return fail(e)
	}
	trig, e := parseTrigger(req.Filter, c.h.cfg.Catalog.Spec(ids[0]), c.h.cfg.MinPeriod)
	if e != nil {
		return fail(e)
	}
	if len(c.subs) >= c.h.cfg.MaxSubscriptions {
		return fail(errTooMany("at most %d subscriptions a connection; unsubscribe one first", c.h.cfg.MaxSubscriptions))
	}
	now := time.Now()
	s := &subscription{id: c.h.newSubID(), ids: ids, trig: trig, due: now, start: now}
	c.subs[s.id] = s
	c.order = append(c.order, s)
	if err := c.send(appendTail(appendHead(c.buf[:0], "subscribe", req.RequestID, s.id), formatTS(now))); err != nil {
		return err
	}
	snap := c.h.snap.Load()
	if snap == nil {
		return nil
	}
	ts := formatTS(now)
	switch trig.kind {
	case "change":
		s.last = snap.value(ids[0])
		return c.notify(s, snap, ts)
	case "range":
		s.inside = trig.inRange(snap.value(ids[0]))
		if s.inside {
			return c.notify(s, snap, ts)
		}
	}
	return nil
}

// unsubscribe ends one of this connection's subscriptions.
func (c *client) unsubscribe(req *request) error {
	s := c.subs[req.SubscriptionID]
	if s == nil {
		return c.sendError("unsubscribe", req.RequestID, req.SubscriptionID, errNoSubscription(req.SubscriptionID))
	}
	delete(c.subs, s.id)
	for k, o := range c.order {
		if o == s {
			c.order = append(c.order[:k], c.order[k+1:]...)
			break
		}
	}
	return c.send(appendTail(appendHead(c.buf[:0], "unsubscribe", req.RequestID, s.id), formatTS(time.Now())))
}

// shutdown tells the client the server is going: each subscription ends
// with an error notification, each waiting write with 503, and the socket
// closes with 1001 "going away".
func (c *client) shutdown() {
	e := errUnavailableService("the server is shutting down")
	ts := formatTS(time.Now())
	for _, s := range c.order {
		if c.send(appendError(appendHead(c.buf[:0], "subscription", "", s.id), e, ts)) != nil {
			return
		}
	}
	for r := range c.pending {
		r.state.CompareAndSwap(setQueued, setWithdrawn) // one Drain took is carried out all the same
		if c.send(appendError(appendHead(c.buf[:0], "set", r.requestID, ""), e, ts)) != nil {
			return
		}
	}
	c.pending = map[*setReq]time.Time{}
	_ = c.conn.Close(websocket.StatusGoingAway, "server shutting down")
}
