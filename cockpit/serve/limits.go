package serve

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// bucket is a token bucket: capacity burst, refilled at rate tokens per
// second. It is not safe for concurrent use; its owners lock around it.
type bucket struct {
	tokens, burst, rate float64
	last                time.Time
}

func newBucket(rate, burst float64, now time.Time) bucket {
	return bucket{tokens: burst, burst: burst, rate: rate, last: now}
}

func (b *bucket) refill(now time.Time) {
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = min(b.burst, b.tokens+dt*b.rate)
	}
	b.last = now
}

// take takes up to n tokens and returns how many it got.
func (b *bucket) take(n float64, now time.Time) float64 {
	b.refill(now)
	got := min(n, b.tokens)
	if got < 0 {
		got = 0
	}
	b.tokens -= got
	return got
}

// takeOne takes one whole token if there is one.
func (b *bucket) takeOne(now time.Time) bool {
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// full reports whether the bucket has refilled completely (an address
// whose bucket is full can be forgotten: a new one would be the same).
func (b *bucket) full(now time.Time) bool {
	b.refill(now)
	return b.tokens >= b.burst
}

// ConnRate is the per-address rate of new connections: Burst at once,
// then PerMinute a minute.
type ConnRate struct {
	PerMinute float64
	Burst     int
}

// maxTracked bounds the addresses the connection limiter remembers; past
// it, addresses whose buckets are full are forgotten, and if none is, new
// addresses are refused until some are (a flood from many addresses must
// not grow the map without bound).
const maxTracked = 10000

// ipLimiter limits new connections per remote IP address.
type ipLimiter struct {
	mu    sync.Mutex
	rate  ConnRate
	now   func() time.Time
	addrs map[string]*bucket
}

func newIPLimiter(r ConnRate, now func() time.Time) *ipLimiter {
	return &ipLimiter{rate: r, now: now, addrs: map[string]*bucket{}}
}

// allow takes a token for the connection's address.
func (l *ipLimiter) allow(addr net.Addr) bool {
	host := addr.String()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.addrs[host]
	if b == nil {
		if len(l.addrs) >= maxTracked {
			for k, v := range l.addrs {
				if v.full(now) {
					delete(l.addrs, k)
				}
			}
			if len(l.addrs) >= maxTracked {
				return false
			}
		}
		nb := newBucket(l.rate.PerMinute/60, float64(l.rate.Burst), now)
		b = &nb
		l.addrs[host] = b
	}
	return b.takeOne(now)
}

// inputLimiter reads a visitor's input at a bounded rate: bytes over the
// budget are read from the connection and dropped, never buffered, so a
// megabyte paste costs its copy and nothing else, and the SSH channel
// keeps flowing. It also stamps the time of the last input, for the idle
// timeout.
type inputLimiter struct {
	r   io.Reader
	now func() time.Time

	mu sync.Mutex
	b  bucket

	last    atomic.Int64 // unix nanoseconds of the last input read
	dropped atomic.Int64 // bytes dropped so far
}

func newInputLimiter(r io.Reader, bytesPerSecond, burst int, now func() time.Time) *inputLimiter {
	l := &inputLimiter{r: r, now: now, b: newBucket(float64(bytesPerSecond), float64(burst), now())}
	l.last.Store(now().UnixNano())
	return l
}

// Read returns the part of the next chunk the budget allows; a chunk
// dropped whole is followed by the next read, so Read never returns 0
// bytes with no error.
func (l *inputLimiter) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		if n > 0 {
			now := l.now()
			l.last.Store(now.UnixNano())
			l.mu.Lock()
			got := int(l.b.take(float64(n), now))
			l.mu.Unlock()
			if got < n {
				l.dropped.Add(int64(n - got))
			}
			if got > 0 || err != nil {
				return got, err
			}
			continue
		}
		if err != nil {
			return 0, err
		}
	}
}

// idleFor is how long the visitor has sent nothing.
func (l *inputLimiter) idleFor(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, l.last.Load()))
}

// clampSize bounds a terminal size to the maximum (a 5000×5000 window
// would make every frame cost megabytes of cells).
func clampSize(w, h, maxW, maxH int) (int, int) {
	return max(0, min(w, maxW)), max(0, min(h, maxH))
}
