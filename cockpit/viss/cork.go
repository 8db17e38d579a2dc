package viss

import (
	"bufio"
	"net"
	"net/http"
	"sync"
	"time"
)

// corkConn is the socket under a client's WebSocket. The WebSocket library
// flushes every message to the socket, one system call each; a client's
// timebased subscriptions fall due together, so the loop corks the socket
// for a batch of notifications and writes them with one call (at 10,000
// notifications a second that is most of the server's CPU time). Every
// write to the socket has a deadline of WriteTimeout: a client that does
// not take what it is sent in that time is dropped.
type corkConn struct {
	net.Conn
	timeout time.Duration

	mu     sync.Mutex
	corked bool
	buf    []byte
	err    error
}

// Write buffers p while corked, else writes it to the socket.
func (c *corkConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	if c.corked {
		c.buf = append(c.buf, p...)
		return len(p), nil
	}
	return c.writeLocked(p)
}

func (c *corkConn) writeLocked(p []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	n, err := c.Conn.Write(p)
	if err != nil {
		c.err = err
	}
	return n, err
}

// cork holds writes until uncork.
func (c *corkConn) cork() {
	c.mu.Lock()
	c.corked = true
	c.mu.Unlock()
}

// uncork writes what was held, in one call.
func (c *corkConn) uncork() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.corked = false
	if c.err != nil || len(c.buf) == 0 {
		return c.err
	}
	_, err := c.writeLocked(c.buf)
	if cap(c.buf) > 1<<20 {
		c.buf = nil // a burst of whole-tree notifications: do not keep its memory
	} else {
		c.buf = c.buf[:0]
	}
	return err
}

// corkWriter hands the WebSocket library a corkConn when it hijacks the
// HTTP connection.
type corkWriter struct {
	http.ResponseWriter
	timeout time.Duration
	conn    *corkConn
}

// Hijack takes over the connection, with the socket wrapped.
func (w *corkWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	conn, brw, err := hj.Hijack()
	if err != nil {
		return nil, nil, err
	}
	if err := brw.Writer.Flush(); err != nil { // the 101 answer, if still buffered
		_ = conn.Close()
		return nil, nil, err
	}
	w.conn = &corkConn{Conn: conn, timeout: w.timeout}
	return w.conn, bufio.NewReadWriter(brw.Reader, bufio.NewWriterSize(w.conn, 4096)), nil
}
