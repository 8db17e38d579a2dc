package viss_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/nevsim/cockpit/cockpit/viss"
	"github.com/nevsim/cockpit/drive/sim"
)

// The load measurement of docs/BENCHMARKS.md: 20 clients, each with 50
// subscriptions of one signal at 10 Hz (10,000 notifications a second),
// against a drive stepped at wall-clock pace. The clients run in a child
// process, so the server process's CPU time (getrusage) is the server's
// alone. It is a measurement, not a test: it runs only when asked, and
// asserts nothing about time.
//
//	VISS_LOAD_SECONDS=20 go test -run TestLoadTwentyDashboards -v ./cockpit/viss/
const (
	loadClients = 20
	loadSubs    = 50
	loadPeriod  = 100 // ms
)

func TestLoadTwentyDashboards(t *testing.T) {
	if url := os.Getenv("VISS_LOAD_CLIENT"); url != "" {
		loadClientProcess(t, url)
		return
	}
	secs, _ := strconv.Atoi(os.Getenv("VISS_LOAD_SECONDS"))
	if secs <= 0 {
		t.Skip("a measurement, not a test: set VISS_LOAD_SECONDS=20 to run it (docs/BENCHMARKS.md)")
	}
	r := newRig(t, viss.Config{MaxClients: loadClients}) // the default is 16
	r.run(time.Duration(sim.Step) * time.Millisecond)    // wall-clock pace, as `cockpit run --realtime`
	window := time.Duration(secs) * time.Second

	idle := cpuShare(window)
	t.Logf("the drive alone, no client: %.2f%% of a core", idle*100)

	child := exec.Command(os.Args[0], "-test.run=^TestLoadTwentyDashboards$", "-test.v")
	child.Env = append(os.Environ(), "VISS_LOAD_CLIENT="+r.hub.URL())
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() && !strings.Contains(sc.Text(), "subscribed") {
	}
	time.Sleep(2 * time.Second) // let the subscriptions settle into their rhythm
	loaded := cpuShare(window)
	var got string
	for sc.Scan() {
		switch line := strings.TrimSpace(sc.Text()); {
		case strings.Contains(line, "notifications"):
			got = line
		case strings.HasPrefix(line, "dial:"), strings.HasPrefix(line, "subscribe:"):
			t.Error("client:", line)
		}
	}
	_ = child.Wait()
	t.Logf("%d clients × %d subscriptions at %d ms: %.2f%% of a core (the VISS server's share: %.2f%%); client side: %s",
		loadClients, loadSubs, loadPeriod, loaded*100, (loaded-idle)*100, got)
}

// cpuShare is the process's CPU time (user and system) over a window of
// wall time, as a share of one core.
func cpuShare(window time.Duration) float64 {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	c0, w0 := cpu(), time.Now()
	time.Sleep(window)
	return float64(cpu()-c0) / float64(time.Since(w0))
}

// loadClientProcess is the child: it opens the clients, subscribes each to
// 50 signals one by one, reads for the parent's window and reports.
func loadClientProcess(t *testing.T, url string) {
	load(t)
	secs, _ := strconv.Atoi(os.Getenv("VISS_LOAD_SECONDS"))
	var n atomic.Int64
	var wg sync.WaitGroup
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs+6)*time.Second)
	defer cancel()
	ready := make(chan struct{}, loadClients)
	for k := 0; k < loadClients; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{viss.Subprotocol}})
			if err != nil {
				fmt.Println("dial:", err)
				ready <- struct{}{}
				return
			}
			defer conn.CloseNow()
			conn.SetReadLimit(1 << 20)
			for i := 0; i < loadSubs; i++ {
				path := theCat.Spec((k*loadSubs + i) % theCat.Len()).Path
				req := fmt.Sprintf(`{"action":"subscribe","path":%q,"filter":{"type":"timebased","value":{"period":"%d"}},"requestId":"%d"}`, path, loadPeriod, i)
				if err := conn.Write(ctx, websocket.MessageText, []byte(req)); err != nil {
					fmt.Println("subscribe:", err)
					return
				}
			}
			ready <- struct{}{}
			for {
				if _, _, err := conn.Read(ctx); err != nil {
					return
				}
				n.Add(1)
			}
		}(k)
	}
	for k := 0; k < loadClients; k++ {
		<-ready
	}
	fmt.Println("subscribed")
	// The same window as the parent's measurement.
	time.Sleep(2 * time.Second)
	n0, t0 := n.Load(), time.Now()
	time.Sleep(time.Duration(secs) * time.Second)
	got, took := n.Load()-n0, time.Since(t0)
	cancel()
	wg.Wait()
	fmt.Printf("%d notifications in %.1f s: %.0f a second\n", got, took.Seconds(), float64(got)/took.Seconds())
}

// BenchmarkPublish is what serving costs the front end's goroutine a
// step: reading every signal of the session and storing the snapshot
// (Drain and Settle with nothing queued are a channel poll).
func BenchmarkPublish(b *testing.B) {
	r := newRig(b, viss.Config{})
	b.ReportAllocs()
	for b.Loop() {
		r.hub.Drain(r.s.SetSignal)
		r.hub.Settle(nil)
		r.hub.Publish(r.s.State().Time, r.s.ReadSignals)
	}
}
