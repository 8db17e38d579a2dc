package serve

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// envInt reads a load-test setting.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// rssKB is a process's resident memory (Linux /proc), 0 when unknown.
func rssKB(pid string) int {
	data, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

// procCPU is a process's user+system CPU time (Linux /proc, 100 Hz ticks).
func procCPU(pid string) time.Duration {
	data, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return time.Duration(u+s) * 10 * time.Millisecond
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestLoad drives N visitors at once, each switching panels (1 and 2) at
// a human rate, and measures keypress→frame: from writing the key to the
// first frame whose screen shows the panel it asked for. By default a
// short version runs (3 visitors, 2 s) so every go test runs it; the
// measurement recorded in docs/BENCHMARKS.md is
//
//	COCKPIT_LOAD=50 COCKPIT_LOAD_SECONDS=20 go test ./cockpit/serve -run TestLoad -v
//
// (COCKPIT_LOAD_SIZE=120x40 for the larger terminal). With
// COCKPIT_LOAD_ADDR=HOST:PORT it drives a server already running (the
// built binary: its memory is then read from /proc with
// COCKPIT_LOAD_PID, free of the test's own clients). It asserts only that
// every visitor got its frames; the latency is a measurement.
func TestLoad(t *testing.T) {
	n := envInt("COCKPIT_LOAD", 3)
	secs := envInt("COCKPIT_LOAD_SECONDS", 2)
	w, h := 80, 24
	if sz := os.Getenv("COCKPIT_LOAD_SIZE"); sz != "" {
		if _, err := fmt.Sscanf(sz, "%dx%d", &w, &h); err != nil {
			t.Fatalf("COCKPIT_LOAD_SIZE %q: %v", sz, err)
		}
	}
	addr := os.Getenv("COCKPIT_LOAD_ADDR")
	pid := os.Getenv("COCKPIT_LOAD_PID")
	var s *Server
	if addr == "" {
		cfg := testConfig(t)
		cfg.MaxSessions = n + 10
		s = start(t, cfg)
		addr = s.Addr().String()
	}
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	rss0 := rssKB(pid)

	type result struct {
		lat      []time.Duration
		timeouts int
		err      error
	}
	results := make([]result, n)
	var ready, wg sync.WaitGroup
	ready.Add(n)
	startMeasure := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A failed wait (t.Fatal ends this goroutine) must not leave
			// the test waiting for this visitor to be ready.
			var once sync.Once
			defer once.Do(ready.Done)
			r := &results[i]
			c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: fmt.Sprintf("load%d", i), HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 30 * time.Second})
			if err != nil {
				r.err = err
				return
			}
			defer c.Close()
			tm := shell(t, c, w, h)
			tm.drive()
			once.Do(ready.Done)
			<-startMeasure
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			end := time.Now().Add(time.Duration(secs) * time.Second)
			panel := 1
			for time.Now().Before(end) {
				time.Sleep(time.Duration(250+rng.IntN(500)) * time.Millisecond) // a human's pace
				key, want := "2", "─ Navigation"
				if panel == 2 {
					key, want = "1", "─ Drive"
				}
				seen := tm.expect(want)
				t0 := time.Now()
				tm.send(key)
				select {
				case <-seen:
					r.lat = append(r.lat, time.Since(t0))
					panel = 3 - panel
				case <-time.After(5 * time.Second):
					r.timeouts++
				}
			}
		}()
		// Arrivals a little apart, as at a meetup: each drive opens with
		// an eight-minute preroll (about 0.1 s of CPU).
		time.Sleep(50 * time.Millisecond)
	}
	ready.Wait()
	runtime.GC()
	runtime.ReadMemStats(&ms1)
	rss1 := rssKB(pid)
	cpu0, wall0, srv0 := cpuTime(), time.Now(), procCPU(pid)
	close(startMeasure)
	wg.Wait()
	cpu, wall, srvCPU := cpuTime()-cpu0, time.Since(wall0), procCPU(pid)-srv0

	var all []time.Duration
	timeouts := 0
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("visitor %d: %v", i, r.err)
		}
		if len(r.lat) == 0 {
			t.Errorf("visitor %d got no frame for any key (%d timeouts)", i, r.timeouts)
		}
		all = append(all, r.lat...)
		timeouts += r.timeouts
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))]
	}
	t.Logf("%d visitors at %d×%d for %d s: %d keys, %d timeouts (5 s); keypress→frame p50 %s, p90 %s, p99 %s, max %s",
		n, w, h, secs, len(all), timeouts, pct(0.50).Round(time.Millisecond), pct(0.90).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), pct(1).Round(time.Millisecond))
	t.Logf("CPU of this process %.2f cores over the measurement (%s of %s)", cpu.Seconds()/wall.Seconds(), cpu.Round(time.Millisecond), wall.Round(time.Millisecond))
	if s != nil {
		t.Logf("heap in use +%.1f MB for %d sessions = %.2f MB a session (server and the test's clients: ssh client and terminal emulator each)",
			float64(ms1.HeapInuse-ms0.HeapInuse)/1e6, n, float64(ms1.HeapInuse-ms0.HeapInuse)/1e6/float64(n))
	}
	if pid != "" {
		t.Logf("server RSS %d → %d KB: %.2f MB a session; server CPU %.2f cores", rss0, rss1, float64(rss1-rss0)/1024/float64(n), srvCPU.Seconds()/wall.Seconds())
	}
}
