package viss_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/nevsim/cockpit/cockpit/viss"
)

// browser finds a Chromium to run headless, or "" (the test then skips).
func browser() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// cdp is a minimal Chrome DevTools Protocol client for one page: enough
// to evaluate JavaScript in it.
type cdp struct {
	conn *websocket.Conn
	next int
}

func (c *cdp) eval(ctx context.Context, expr string) (any, error) {
	c.next++
	req, _ := json.Marshal(map[string]any{"id": c.next, "method": "Runtime.evaluate",
		"params": map[string]any{"expression": expr, "returnByValue": true}})
	if err := c.conn.Write(ctx, websocket.MessageText, req); err != nil {
		return nil, err
	}
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return nil, err
		}
		var resp struct {
			ID     int `json:"id"`
			Result struct {
				Result struct {
					Value any `json:"value"`
				} `json:"result"`
				ExceptionDetails any `json:"exceptionDetails"`
			} `json:"result"`
		}
		if json.Unmarshal(b, &resp) != nil || resp.ID != c.next {
			continue // an event
		}
		if resp.Result.ExceptionDetails != nil {
			return nil, fmt.Errorf("%s: %v", expr, resp.Result.ExceptionDetails)
		}
		return resp.Result.Result.Value, nil
	}
}

// openPage starts a headless Chromium on pageURL and connects to the page.
func openPage(t *testing.T, ctx context.Context, bin, pageURL string) *cdp {
	t.Helper()
	// The flags the machine's notes give for a closed network: no
	// background connections, a fresh profile.
	// The profile is removed by hand after the browser's whole process
	// group is gone: its helpers write into it until then, which
	// t.TempDir's cleanup would fail on.
	profile, err := os.MkdirTemp("", "viss-dashboard-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", pageURL)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the browser we started and its helpers
		_ = cmd.Wait()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	var browserWS string
	select {
	case browserWS = <-found:
	case <-ctx.Done():
		t.Fatal("Chromium did not open its DevTools port")
	}
	u, _ := url.Parse(browserWS)
	var pageWS string
	for pageWS == "" {
		resp, err := http.Get("http://" + u.Host + "/json/list")
		if err == nil {
			var targets []struct {
				Type, URL, WebSocketDebuggerURL string
			}
			_ = json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
			for _, tg := range targets {
				if tg.Type == "page" && strings.HasPrefix(tg.URL, "http://127.0.0.1") {
					pageWS = tg.WebSocketDebuggerURL
				}
			}
		}
		if pageWS == "" {
			select {
			case <-ctx.Done():
				t.Fatal("no page in Chromium")
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	conn, _, err := websocket.Dial(ctx, pageWS, nil)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(16 << 20)
	t.Cleanup(func() { _ = conn.CloseNow() })
	return &cdp{conn: conn}
}

// TestDashboardShowsTheSession opens docs/examples/viss-dashboard in a
// headless Chromium against a real drive and checks what a person would
// see: the drive's values on the page, and the seat heating set by the
// page's button and read back.
func TestDashboardShowsTheSession(t *testing.T) {
	bin := browser()
	if bin == "" {
		t.Skip("no chromium or chromium-browser on PATH: the dashboard's browser test is skipped (apt-get install chromium; .ci/run installs it in CI)")
	}
	r := newRig(t, viss.Config{})
	for i := 0; i < 200; i++ { // ten seconds into the drive: moving, the battery shown
		r.step()
	}
	pages := httptest.NewServer(http.FileServer(http.Dir("../../docs/examples/viss-dashboard")))
	defer pages.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	page := openPage(t, ctx, bin, pages.URL+"/?url="+url.QueryEscape(r.hub.URL()))

	text := func(id string) string {
		// Empty until the page has loaded.
		v, err := page.eval(ctx, `(document.getElementById("`+id+`") || {}).textContent || ""`)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := v.(string)
		return s
	}
	// The drive stands still (nobody steps it), so the page must show
	// exactly the session's values.
	want := map[string]string{
		"speed":      r.value("Vehicle.Speed"),
		"gear":       r.value("Cockpit.Powertrain.Transmission.Gear"),
		"soc":        r.value("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"),
		"automation": r.value("Cockpit.ADAS.Automation.State"),
		"seat":       "0",
	}
	for id, w := range want {
		for text(id) != w {
			select {
			case <-ctx.Done():
				t.Fatalf("the page shows %s = %q, the drive has %q (status: %s)", id, text(id), w, text("status"))
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	if _, err := page.eval(ctx, `document.getElementById("heat-on").click()`); err != nil {
		t.Fatal(err)
	}
	// The front end steps the drive again; the write reaches the car and
	// the page reads it back.
	for text("seat") != "100" || text("set-result") != "done" {
		select {
		case <-ctx.Done():
			t.Fatalf("after the click the page shows seat %q, result %q", text("seat"), text("set-result"))
		case <-time.After(20 * time.Millisecond):
			r.step()
		}
	}
	if got := r.value(seatDriver); got != "100" {
		t.Errorf("the page says 100, the car has %s", got)
	}
}
