package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func TestVissFlagsThatCannotWorkAreRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "airport-run", "--viss", "127.0.0.1:0"}, "--viss needs --realtime"},
		{[]string{"run", "airport-run", "--speed", "5"}, "--speed goes with --realtime"},
		{[]string{"run", "airport-run", "--realtime", "--speed", "0"}, "flag -speed: expected a number from 1 to 100, got 0"},
		{[]string{"run", "airport-run", "--viss-token", "secret"}, "go with --viss ADDR"},
		{[]string{"run", "airport-run", "commute", "--realtime"}, "--realtime plays one drive"},
		{[]string{"run", "airport-run", "--realtime", "--viss", "0.0.0.0:0"}, "--viss-allow-remote"},
		{[]string{"run", "airport-run", "--realtime", "--viss", "0.0.0.0:0", "--viss-allow-remote"}, "--viss-token"},
		{[]string{"--viss-allow-remote"}, "go with --viss ADDR"},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestHelpMentionsVISS(t *testing.T) {
	_, out, _ := runCLI(t, "help")
	// The cockpit's own flags are shown when it cannot open (no terminal).
	_, _, tuiHelp := runCLI(t, "--theme", "night")
	for _, text := range []string{out, tuiHelp} {
		if !strings.Contains(text, "--viss ADDR") || !strings.Contains(text, "docs/viss.md") {
			t.Errorf("the help does not tell of --viss:\n%s", text)
		}
	}
}

// lineWriter is a stderr that tells a test the line it waits for.
type lineWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	re   *regexp.Regexp
	got  chan string
	sent bool
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := w.re.FindStringSubmatch(w.buf.String()); m != nil && !w.sent {
		w.sent = true
		w.got <- m[1]
	}
	return len(p), nil
}

// TestRealtimeRunServesVISS plays a short drive at ten times the wall
// clock with a VISS server, as a user would: the address on stderr, a
// client that subscribes, sets the seat heating and reads it back, and is
// told when the drive ends.
func TestRealtimeRunServesVISS(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "short.yaml")
	scenario := "name: Short\ndescription: twenty seconds from home.\nvehicle: xiaomi-su7-max\nseed: 1\n" +
		"start: {place: home, time: \"07:00\", soc: 70}\ndestination: {place: daxing-airport}\nlimit: 20s\n"
	if err := os.WriteFile(file, []byte(scenario), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, done, out, _ := startRealtime(t, ctx, file, "--realtime", "--speed", "10", "--viss", "127.0.0.1:0", "--quiet")
	send := func(msg string) {
		if err := conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatal(err)
		}
	}
	type reply struct {
		Action    string          `json:"action"`
		RequestID string          `json:"requestId"`
		Data      json.RawMessage `json:"data"`
		Error     json.RawMessage `json:"error"`
	}
	wait := func(id string) reply {
		for {
			_, b, err := conn.Read(ctx)
			if err != nil {
				t.Fatalf("waiting for %s: %v", id, err)
			}
			var r reply
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			if r.RequestID == id {
				if r.Error != nil {
					t.Fatalf("%s: %s", id, b)
				}
				return r
			}
		}
	}
	const seat = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
	send(`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"100"}},"requestId":"s"}`)
	wait("s")
	send(`{"action":"set","path":"` + seat + `","value":"100","requestId":"w"}`)
	wait("w")
	send(`{"action":"get","path":"` + seat + `","requestId":"g"}`)
	if r := wait("g"); !strings.Contains(string(r.Data), `"value":"100"`) {
		t.Fatalf("read back %s", r.Data)
	}
	// The drive ends at its limit; the server says it is going.
	waitGoingAway(t, ctx, conn, "at the end of the drive")
	select {
	case code := <-done:
		if !strings.Contains(out.String(), "Short") {
			t.Errorf("exit %d, no summary:\n%s", code, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not end")
	}
}

// TestRealtimeRunStopsOnInterrupt: Ctrl-C ends a paced drive where it is;
// the server tells its clients it is going, and the run says so.
func TestRealtimeRunStopsOnInterrupt(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, done, _, errw := startRealtime(t, ctx, "airport-run", "--realtime", "--viss", "127.0.0.1:0", "--quiet")
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	waitGoingAway(t, ctx, conn, "after Ctrl-C")
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not end")
	}
	errw.mu.Lock()
	defer errw.mu.Unlock()
	if !strings.Contains(errw.buf.String(), "interrupted at") {
		t.Errorf("stderr: %s", errw.buf.String())
	}
}

// startRealtime runs `cockpit run ARGS` on a goroutine and returns the
// VISS address it prints, a client connected to it, the run's exit
// status to come, and its stdout and stderr.
func startRealtime(t *testing.T, ctx context.Context, args ...string) (*websocket.Conn, chan int, *bytes.Buffer, *lineWriter) {
	t.Helper()
	errw := &lineWriter{re: regexp.MustCompile(`VISS v2 server at (ws://\S+)`), got: make(chan string, 1)}
	out := &bytes.Buffer{}
	done := make(chan int, 1)
	go func() { done <- run(append([]string{"run"}, args...), strings.NewReader(""), out, errw) }()
	var url string
	select {
	case url = <-errw.got:
	case code := <-done:
		t.Fatalf("exit %d before serving: %s", code, errw.buf.String())
	case <-time.After(10 * time.Second):
		t.Fatal("no address on stderr")
	}
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"VISSv2"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	return conn, done, out, errw
}

// waitGoingAway reads until the server closes, which must be with 1001.
func waitGoingAway(t *testing.T, ctx context.Context, conn *websocket.Conn, when string) {
	t.Helper()
	for {
		if _, _, err := conn.Read(ctx); err != nil {
			if websocket.CloseStatus(err) != websocket.StatusGoingAway {
				t.Fatalf("%s: %v, want close 1001", when, err)
			}
			return
		}
	}
}
