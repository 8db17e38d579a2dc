package viss_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/nevsim/cockpit/cockpit/viss"
	"github.com/nevsim/cockpit/drive/sim"
)

const (
	seatDriver = "Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling"
	seatRear   = "Vehicle.Cabin.Seat.Row2.DriverSide.HeatingCooling" // empty on the airport run
)

func TestGetReturnsTheSessionsValue(t *testing.T) {
	r := newRig(t, viss.Config{})
	for i := 0; i < 40; i++ {
		r.step()
	}
	c := dial(t, r.hub.URL())
	for _, path := range []string{"Vehicle.Speed", "Vehicle/Speed"} {
		m := c.reply(`{"action":"get","path":"` + path + `","requestId":"r1"}`)
		if m.Action != "get" || m.RequestID != "r1" || m.Error != nil {
			t.Fatalf("get %s: %s", path, m.raw)
		}
		d := m.data(t)
		if len(d) != 1 || d[0].Path != "Vehicle.Speed" || d[0].DP.Value != r.value("Vehicle.Speed") || d[0].DP.TS == "" {
			t.Fatalf("get %s: %s, want Vehicle.Speed = %s", path, m.raw, r.value("Vehicle.Speed"))
		}
		if !strings.HasPrefix(m.raw, `{"action":"get","requestId":"r1","data":{"path"`) {
			t.Errorf("one signal's data is an object: %s", m.raw)
		}
	}
	// A number as requestId is echoed as its digits.
	if m := c.reply(`{"action":"get","path":"Vehicle.Speed","requestId":42}`); m.RequestID != "42" || m.Error != nil {
		t.Errorf("numeric requestId: %s", m.raw)
	}
}

func TestGetBranchAndPathsFilter(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())

	m := c.reply(`{"action":"get","path":"Vehicle.Cabin.Seat","requestId":"b"}`)
	d := m.data(t)
	if len(d) < 8 || m.Data[0] != '[' {
		t.Fatalf("a branch gives every signal below it, as an array: %s", m.raw)
	}
	for _, x := range d {
		if !strings.HasPrefix(x.Path, "Vehicle.Cabin.Seat.") {
			t.Errorf("%s is not below the branch", x.Path)
		}
	}

	m = c.reply(`{"action":"get","path":"Vehicle.Cabin.Seat","filter":{"type":"paths","value":"*.*.IsOccupied"},"requestId":"w"}`)
	got := map[string]string{}
	for _, x := range m.data(t) {
		got[x.Path] = x.DP.Value
	}
	want := map[string]string{
		"Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied": "true", "Vehicle.Cabin.Seat.Row1.PassengerSide.IsOccupied": "false",
		"Vehicle.Cabin.Seat.Row2.DriverSide.IsOccupied": "false", "Vehicle.Cabin.Seat.Row2.PassengerSide.IsOccupied": "false",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("wildcards: got %v, want %v", got, want)
	}

	// A trailing wildcard addresses the signals at that depth only; the
	// same signal named twice comes once.
	m = c.reply(`{"action":"get","path":"Vehicle","filter":[{"type":"paths","value":["Speed","Powertrain.TractionBattery.StateOfCharge.*","Speed"]}],"requestId":"t"}`)
	var paths []string
	for _, x := range m.data(t) {
		paths = append(paths, x.Path)
	}
	if strings.Join(paths, " ") != "Vehicle.Speed Vehicle.Powertrain.TractionBattery.StateOfCharge.Current Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed" {
		t.Errorf("paths filter gave %v", paths)
	}

	m = c.reply(`{"action":"get","path":"Vehicle","filter":{"type":"paths","value":["Speed","NoSuch.*"]},"requestId":"n"}`)
	wantError(t, m, 404, "invalid_path")
	if !strings.Contains(m.Error.Message, "Vehicle.NoSuch.*") {
		t.Errorf("the error names the path that addresses nothing: %s", m.Error.Message)
	}
}

func TestMalformedRequestsGetTheSpecsErrors(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())
	cases := []struct {
		req    string
		number int
		reason string
	}{
		{`{"action":"get","path":`, 400, "bad_request"},
		{`[1,2,3]`, 400, "bad_request"},
		{`{"action":"fly","path":"Vehicle.Speed","requestId":"1"}`, 400, "bad_request"},
		{`{"path":"Vehicle.Speed","requestId":"2"}`, 400, "bad_request"},
		{`{"action":"get","requestId":"3"}`, 400, "bad_request"},
		{`{"action":"get","path":"Vehicle.*","requestId":"4"}`, 400, "bad_request"},
		{`{"action":"get","path":"Vehicle.NoSuchThing","requestId":"5"}`, 404, "invalid_path"},
		{`{"action":"get","path":"Vehicle.Speed","filter":{"type":"history","value":"PT1H"},"requestId":"6"}`, 404, "unavailable_data"},
		{`{"action":"get","path":"Vehicle.Speed","filter":"nonsense","requestId":"7"}`, 400, "filter_invalid"},
		{`{"action":"get","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"100"}},"requestId":"8"}`, 400, "filter_invalid"},
		{`{"action":"get","path":"Vehicle.Speed","requestId":{"a":1}}`, 400, "bad_request"},
		{`{"action":"unsubscribe","requestId":"9"}`, 400, "bad_request"},
	}
	for _, tc := range cases {
		c.sendRaw(tc.req)
		m := c.read()
		wantError(t, m, tc.number, tc.reason)
		if m.Action == "fly" {
			t.Errorf("an unknown action is not echoed: %s", m.raw)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, websocket.MessageBinary, []byte{0, 1, 2}); err != nil {
		t.Fatal(err)
	}
	wantError(t, c.read(), 400, "bad_request")
	// The connection survives all of it.
	if m := c.reply(`{"action":"get","path":"Vehicle.Speed","requestId":"ok"}`); m.Error != nil {
		t.Fatalf("after bad requests: %s", m.raw)
	}
}

// waitQueued waits until the hub holds n writes for the next step.
func waitQueued(t *testing.T, h *viss.Hub, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for h.Queued() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", h.Queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestSetReachesTheCarWithinOneStep(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())
	if r.value(seatDriver) != "0" {
		t.Fatalf("the seat heats already: %s", r.value(seatDriver))
	}
	c.sendRaw(`{"action":"set","path":"` + seatDriver + `","value":"100","requestId":"heat"}`)
	waitQueued(t, r.hub, 1)
	before := r.s.State().Time
	out := r.step()
	if r.s.State().Time != before+sim.Step {
		t.Fatalf("one step is %v", r.s.State().Time-before)
	}
	if len(out.Sets) != 1 || out.Sets[0].Path != seatDriver || out.Sets[0].Refusal != nil {
		t.Fatalf("the step carried out %+v, want the seat heating", out.Sets)
	}
	if got := r.value(seatDriver); got != "100" {
		t.Fatalf("after one step the seat heating reads %s, want 100", got)
	}
	ok := c.read()
	if ok.Action != "set" || ok.RequestID != "heat" || ok.Error != nil {
		t.Fatalf("set answer %s", ok.raw)
	}
	m := c.reply(`{"action":"get","path":"` + seatDriver + `","requestId":"back"}`)
	if d := m.data(t); d[0].DP.Value != "100" {
		t.Fatalf("read back %s", m.raw)
	}
}

func TestRefusedSetCarriesTheCarsReason(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())
	c.sendRaw(`{"action":"set","path":"` + seatRear + `","value":"100","requestId":"rear"}`)
	waitQueued(t, r.hub, 1)
	r.step()
	m := c.read()
	wantError(t, m, 400, "invalid_value")
	if m.RequestID != "rear" || !strings.Contains(m.Error.Message, "Nobody is sitting") {
		t.Fatalf("the refusal should say why, as the car does: %s", m.raw)
	}
	if r.value(seatRear) != "0" {
		t.Errorf("the refused write changed the seat: %s", r.value(seatRear))
	}
}

func TestBadSetsAreRefusedAtOnce(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())
	cases := []struct {
		req    string
		number int
		reason string
	}{
		{`{"action":"set","path":"Vehicle.Speed","value":"200","requestId":"1"}`, 401, "read_only"},
		{`{"action":"set","path":"Vehicle.Powertrain.Type","value":"ELECTRIC","requestId":"2"}`, 401, "read_only"},
		{`{"action":"set","path":"` + seatDriver + `","value":"warm","requestId":"3"}`, 400, "invalid_value"},
		{`{"action":"set","path":"` + seatDriver + `","value":"500","requestId":"4"}`, 400, "invalid_value"},
		{`{"action":"set","path":"` + seatDriver + `","value":["1","2"],"requestId":"5"}`, 400, "invalid_value"},
		{`{"action":"set","path":"` + seatDriver + `","requestId":"6"}`, 400, "bad_request"},
		{`{"action":"set","path":"Vehicle.Cabin.NoSuchSeat","value":"1","requestId":"7"}`, 404, "invalid_path"},
		{`{"action":"set","path":"Vehicle.Cabin.Seat","value":"1","requestId":"8"}`, 400, "bad_request"},
	}
	for _, tc := range cases {
		m := c.reply(tc.req)
		wantError(t, m, tc.number, tc.reason)
	}
	if r.hub.Queued() != 0 {
		t.Errorf("%d bad writes reached the queue", r.hub.Queued())
	}
}

func TestSubscribeTimebasedAndUnsubscribe(t *testing.T) {
	r := newRig(t, viss.Config{})
	r.run(5 * time.Millisecond)
	c := dial(t, r.hub.URL())
	m := c.reply(`{"action":"subscribe","path":"Vehicle","filter":[{"type":"paths","value":["Speed","TraveledDistance"]},{"type":"timebased","value":{"period":"60"}}],"requestId":"s1"}`)
	if m.Action != "subscribe" || m.Error != nil || m.SubscriptionID == "" {
		t.Fatalf("subscribe: %s", m.raw)
	}
	id := m.SubscriptionID
	var stamps []string
	for len(stamps) < 4 {
		n := c.read()
		if n.Action != "subscription" || n.SubscriptionID != id {
			t.Fatalf("notification %s", n.raw)
		}
		d := n.data(t)
		if len(d) != 2 || d[0].Path != "Vehicle.Speed" || d[1].Path != "Vehicle.TraveledDistance" {
			t.Fatalf("notification data %s", n.raw)
		}
		stamps = append(stamps, d[0].DP.TS)
	}
	if stamps[0] == stamps[3] {
		t.Errorf("the values are not refreshed: %v", stamps)
	}
	u := c.reply(`{"action":"unsubscribe","subscriptionId":"` + id + `","requestId":"u1"}`)
	if u.Action != "unsubscribe" || u.SubscriptionID != id || u.Error != nil {
		t.Fatalf("unsubscribe: %s", u.raw)
	}
	// Nothing of the subscription comes after its unsubscribe answer: the
	// next message, a while later, is the answer to the next request.
	time.Sleep(300 * time.Millisecond)
	c.sendRaw(`{"action":"get","path":"Vehicle.Speed","requestId":"after"}`)
	if n := c.read(); n.RequestID != "after" {
		t.Fatalf("after unsubscribe: %s", n.raw)
	}
	m = c.reply(`{"action":"unsubscribe","subscriptionId":"` + id + `","requestId":"u2"}`)
	wantError(t, m, 404, "invalid_subscriptionId")
	if m.SubscriptionID != id {
		t.Errorf("the error names the subscription: %s", m.raw)
	}
}

// setSeat writes the driver's seat heating and waits for the answer (the
// rig is running).
func setSeat(t *testing.T, c *wsClient, value string) {
	t.Helper()
	id := "set-" + value
	c.sendRaw(`{"action":"set","path":"` + seatDriver + `","value":"` + value + `","requestId":"` + id + `"}`)
	m := c.readUntil("the answer to "+id, func(m *message) bool { return m.RequestID == id })
	if m.Error != nil {
		t.Fatalf("set %s: %s", value, m.raw)
	}
}

// nextValue reads the next notification of subscription id.
func nextValue(t *testing.T, c *wsClient, id string) string {
	t.Helper()
	m := c.readUntil("a notification of "+id, func(m *message) bool { return m.Action == "subscription" && m.SubscriptionID == id })
	return m.data(t)[0].DP.Value
}

func TestSubscribeChangeAndRange(t *testing.T) {
	r := newRig(t, viss.Config{})
	r.run(5 * time.Millisecond)
	c := dial(t, r.hub.URL())

	anyc := c.ok(`{"action":"subscribe","path":"` + seatDriver + `","filter":{"type":"change","value":{"logic-op":"ne","diff":"0"}},"requestId":"a"}`)
	if v := nextValue(t, c, anyc.SubscriptionID); v != "0" {
		t.Fatalf("first notification %s, want the value now (0)", v)
	}
	// Rises of more than 50 since the last notification only.
	up := c.reply(`{"action":"subscribe","path":"` + seatDriver + `","filter":{"type":"change","value":{"logic-op":"gt","diff":"50"}},"requestId":"b"}`)
	if v := nextValue(t, c, up.SubscriptionID); v != "0" {
		t.Fatalf("first notification %s", v)
	}
	hot := c.ok(`{"action":"subscribe","path":"` + seatDriver + `","filter":{"type":"range","value":[{"logic-op":"gte","boundary":"50"},{"logic-op":"lte","boundary":"100"}]},"requestId":"c"}`)

	// expect reads the next notification of a subscription.
	expect := func(sub *message, want, what string) {
		t.Helper()
		if v := nextValue(t, c, sub.SubscriptionID); v != want {
			t.Fatalf("%s: notified %s, want %s", what, v, want)
		}
	}
	setSeat(t, c, "33")
	expect(anyc, "33", "ne 0 after 33")
	setSeat(t, c, "100")
	expect(anyc, "100", "ne 0 after 100")
	expect(up, "100", "gt 50: the rise to 33 must not notify, the one to 100 must")
	expect(hot, "100", "range entered")
	setSeat(t, c, "0")
	expect(anyc, "0", "ne 0 after 0")
	expect(hot, "0", "range left")
	// Each notification is of a change since the last one it sent.
	setSeat(t, c, "33")
	setSeat(t, c, "100")
	expect(anyc, "33", "ne 0, first of two")
	expect(anyc, "100", "ne 0, second of two")
	expect(hot, "100", "range entered again")
}

func TestSubscribeCurveLog(t *testing.T) {
	r := newRig(t, viss.Config{})
	r.run(2 * time.Millisecond)
	c := dial(t, r.hub.URL())
	m := c.ok(`{"action":"subscribe","path":"Vehicle.TraveledDistance","filter":{"type":"curvelog","value":{"maxerr":"0","bufsize":"6"}},"requestId":"cl"}`)
	n := c.readUntil("a curve", func(x *message) bool { return x.SubscriptionID == m.SubscriptionID })
	var d struct {
		Path string `json:"path"`
		DP   []struct {
			Value string `json:"value"`
			TS    string `json:"ts"`
		} `json:"dp"`
	}
	if err := jsonUnmarshal(n.Data, &d); err != nil || d.Path != "Vehicle.TraveledDistance" || len(d.DP) < 2 || len(d.DP) > 6 {
		t.Fatalf("curve notification %s (%v)", n.raw, err)
	}
	m = c.reply(`{"action":"subscribe","path":"Cockpit.ADAS.Automation.State","filter":{"type":"curvelog","value":{"maxerr":"1","bufsize":"6"}},"requestId":"str"}`)
	wantError(t, m, 400, "filter_invalid")
}

func TestBadSubscriptionsAreRefused(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())
	cases := []struct {
		req    string
		number int
		reason string
	}{
		{`{"action":"subscribe","path":"Vehicle.Speed","requestId":"1"}`, 400, "bad_request"},
		{`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"10"}},"requestId":"2"}`, 400, "filter_invalid"},
		{`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"fast"}},"requestId":"3"}`, 400, "filter_invalid"},
		{`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"change","value":{"logic-op":"about","diff":"1"}},"requestId":"4"}`, 400, "filter_invalid"},
		{`{"action":"subscribe","path":"Cockpit.ADAS.Automation.State","filter":{"type":"change","value":{"logic-op":"gt","diff":"1"}},"requestId":"5"}`, 400, "filter_invalid"},
		{`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"teleport","value":{}},"requestId":"6"}`, 400, "filter_invalid"},
		{`{"action":"subscribe","path":"Vehicle.NoSuch","filter":{"type":"timebased","value":{"period":"100"}},"requestId":"7"}`, 404, "invalid_path"},
		{`{"action":"subscribe","path":"Vehicle.Speed","filter":[{"type":"change","value":{"logic-op":"ne","diff":"0"}},{"type":"timebased","value":{"period":"100"}}],"requestId":"8"}`, 400, "filter_invalid"},
		{`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"history","value":"PT1H"},"requestId":"9"}`, 404, "unavailable_data"},
	}
	for _, tc := range cases {
		wantError(t, c.reply(tc.req), tc.number, tc.reason)
	}
}

func TestSubscriptionCap(t *testing.T) {
	r := newRig(t, viss.Config{MaxSubscriptions: 3})
	c := dial(t, r.hub.URL())
	sub := `{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"1000"}},"requestId":"%d"}`
	for i := 0; i < 3; i++ {
		if m := c.reply(fmt.Sprintf(sub, i)); m.Error != nil {
			t.Fatalf("subscription %d: %s", i, m.raw)
		}
	}
	wantError(t, c.reply(fmt.Sprintf(sub, 3)), 429, "too_many_requests")
}

func TestClientCap(t *testing.T) {
	r := newRig(t, viss.Config{MaxClients: 2})
	a := dial(t, r.hub.URL())
	dial(t, r.hub.URL())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, r.hub.URL(), &websocket.DialOptions{Subprotocols: []string{viss.Subprotocol}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a third client: err %v, response %v; want HTTP 503", err, resp)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"service_unavailable"`) {
		t.Errorf("the refusal carries the VISS error: %s", body)
	}
	_ = a.conn.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(5 * time.Second)
	for r.hub.Clients() > 1 {
		if time.Now().After(deadline) {
			t.Fatalf("%d clients after one left", r.hub.Clients())
		}
		time.Sleep(5 * time.Millisecond)
	}
	dial(t, r.hub.URL()) // the freed place is taken
}

func TestOversizeMessageClosesOnlyThatClient(t *testing.T) {
	r := newRig(t, viss.Config{MaxMessageBytes: 1024})
	big := dial(t, r.hub.URL())
	other := dial(t, r.hub.URL())
	big.sendRaw(`{"action":"get","path":"Vehicle.Speed","requestId":"` + strings.Repeat("x", 2000) + `"}`)
	_, err := big.tryRead(5 * time.Second)
	if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Fatalf("an oversize message: %v, want close status 1009", err)
	}
	if m := other.reply(`{"action":"get","path":"Vehicle.Speed","requestId":"fine"}`); m.Error != nil {
		t.Fatalf("the other client: %s", m.raw)
	}
}

func TestTokenIsRequired(t *testing.T) {
	const token = "correct-horse-battery-staple"
	r := newRig(t, viss.Config{Token: token})
	c := dial(t, r.hub.URL())
	wantError(t, c.reply(`{"action":"get","path":"Vehicle.Speed","requestId":"1"}`), 401, "token_missing")
	wantError(t, c.reply(`{"action":"get","path":"Vehicle.Speed","authorization":"guess","requestId":"2"}`), 401, "token_invalid")
	if m := c.reply(`{"action":"get","path":"Vehicle.Speed","authorization":"` + token + `","requestId":"3"}`); m.Error != nil {
		t.Fatalf("with the token: %s", m.raw)
	}

	// The token can come with the connection instead (a browser cannot
	// set headers on a WebSocket, so as a query parameter too).
	q := dial(t, r.hub.URL()+"/?authorization="+token)
	if m := q.reply(`{"action":"get","path":"Vehicle.Speed","requestId":"4"}`); m.Error != nil {
		t.Fatalf("token in the query: %s", m.raw)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, r.hub.URL(), &websocket.DialOptions{
		Subprotocols: []string{viss.Subprotocol},
		HTTPHeader:   http.Header{"Authorization": {"Bearer wrong"}},
	})
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong bearer token: %v %v, want HTTP 401", err, resp)
	}

	// Guessing is cut short.
	g := dial(t, r.hub.URL())
	for i := 0; i < 2; i++ {
		wantError(t, g.reply(`{"action":"get","path":"Vehicle.Speed","authorization":"guess","requestId":"g"}`), 401, "token_invalid")
	}
	wantError(t, g.reply(`{"action":"get","path":"Vehicle.Speed","authorization":"guess","requestId":"g"}`), 401, "too_many_attempts")
	if _, err := g.tryRead(5 * time.Second); websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
		t.Fatalf("after too many attempts: %v, want close 1008", err)
	}
}

func TestRemoteBindNeedsAllowRemoteAndToken(t *testing.T) {
	load(t)
	for _, cfg := range []viss.Config{
		{Addr: "0.0.0.0:0"},
		{Addr: ":0"},
		{Addr: "0.0.0.0:0", Token: "0123456789abcdef-long-enough"},
		{Addr: "0.0.0.0:0", AllowRemote: true},
		{Addr: "0.0.0.0:0", AllowRemote: true, Token: "short"},
	} {
		cfg.Catalog = theCat
		h, err := viss.Listen(cfg)
		if err == nil {
			_ = h.Close()
			t.Fatalf("%+v: listened on %s", cfg, h.Addr())
		}
		if !errors.Is(err, viss.ErrNotLoopback) && !errors.Is(err, viss.ErrRemoteNeedsToken) {
			t.Errorf("%+v: %v", cfg, err)
		}
	}
	if _, err := viss.Listen(viss.Config{Addr: "nonsense", Catalog: theCat}); err == nil {
		t.Error("an address without a port was taken")
	}
}

func TestOriginOfAnotherSiteIsRefused(t *testing.T) {
	r := newRig(t, viss.Config{})
	try := func(origin string) int {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn, resp, err := websocket.Dial(ctx, r.hub.URL(), &websocket.DialOptions{
			Subprotocols: []string{viss.Subprotocol},
			HTTPHeader:   http.Header{"Origin": {origin}},
		})
		if err == nil {
			_ = conn.CloseNow()
			return http.StatusSwitchingProtocols
		}
		if resp == nil {
			t.Fatalf("origin %s: %v", origin, err)
		}
		return resp.StatusCode
	}
	if got := try("https://evil.example"); got != http.StatusForbidden {
		t.Errorf("a page of another site: HTTP %d, want 403", got)
	}
	if got := try("null"); got != http.StatusForbidden {
		t.Errorf("an opaque origin: HTTP %d, want 403", got)
	}
	if got := try("http://localhost:8000"); got != http.StatusSwitchingProtocols {
		t.Errorf("a page served from this machine: HTTP %d, want an upgrade", got)
	}
}

func TestPlainHTTPAndWrongSubprotocol(t *testing.T) {
	r := newRig(t, viss.Config{})
	resp, err := http.Get("http://" + r.hub.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUpgradeRequired || !strings.Contains(string(body), "VISSv2") {
		t.Errorf("plain GET: %d %s", resp.StatusCode, body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err = websocket.Dial(ctx, r.hub.URL(), &websocket.DialOptions{Subprotocols: []string{"mqtt"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a client offering another sub-protocol: %v %v, want HTTP 400", err, resp)
	}
}

func TestDisconnectMidSubscriptionLeavesOthersAlone(t *testing.T) {
	r := newRig(t, viss.Config{})
	r.run(5 * time.Millisecond)
	stay := dial(t, r.hub.URL())
	leave := dial(t, r.hub.URL())
	sub := `{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"50"}},"requestId":"s"}`
	a := stay.reply(sub)
	b := leave.reply(sub)
	nextValue(t, stay, a.SubscriptionID)
	nextValue(t, leave, b.SubscriptionID)
	_ = leave.conn.CloseNow() // gone without a close handshake, mid-stream
	deadline := time.Now().Add(5 * time.Second)
	for r.hub.Clients() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("%d clients after one vanished", r.hub.Clients())
		}
		time.Sleep(5 * time.Millisecond)
	}
	for i := 0; i < 5; i++ {
		nextValue(t, stay, a.SubscriptionID)
	}
	if m := stay.reply(`{"action":"get","path":"Vehicle.Speed","requestId":"g"}`); m.Error != nil {
		t.Fatal(m.raw)
	}
}

func TestSlowClientIsDroppedNotWaitedFor(t *testing.T) {
	r := newRig(t, viss.Config{WriteTimeout: 200 * time.Millisecond})
	r.run(5 * time.Millisecond)
	fast := dial(t, r.hub.URL())
	slow := dial(t, r.hub.URL())
	a := fast.reply(`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"50"}},"requestId":"f"}`)
	// The slow client asks for the whole tree, 20 times over, every 50 ms,
	// and never reads: its socket fills and its writes stall.
	for i := 0; i < 20; i++ {
		slow.sendRaw(fmt.Sprintf(`{"action":"subscribe","path":"Vehicle","filter":{"type":"timebased","value":{"period":"50"}},"requestId":"%d"}`, i))
	}
	deadline := time.Now().Add(20 * time.Second)
	for r.hub.Clients() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("the slow client was not dropped (%d clients)", r.hub.Clients())
		}
		nextValue(t, fast, a.SubscriptionID) // the fast one is served meanwhile
	}
	before := r.hub.Published()
	for i := 0; i < 5; i++ {
		nextValue(t, fast, a.SubscriptionID)
	}
	if r.hub.Published() == before {
		t.Error("the drive stopped stepping")
	}
}

func TestLimitsOfWrites(t *testing.T) {
	r := newRig(t, viss.Config{MaxQueuedSets: 1, MaxSetsInFlight: 2, SetTimeout: 300 * time.Millisecond})
	c := dial(t, r.hub.URL())
	other := dial(t, r.hub.URL())
	c.sendRaw(`{"action":"set","path":"` + seatDriver + `","value":"100","requestId":"1"}`)
	waitQueued(t, r.hub, 1)
	// The queue for the next step is full: the server is busy.
	wantError(t, other.reply(`{"action":"set","path":"`+seatDriver+`","value":"33","requestId":"2"}`), 503, "service_unavailable")
	// Nobody steps the drive (a paused cockpit): the write is withdrawn.
	m := c.read()
	wantError(t, m, 503, "service_unavailable")
	if m.RequestID != "1" {
		t.Fatalf("withdrawn: %s", m.raw)
	}
	r.step()
	if r.value(seatDriver) != "0" {
		t.Fatalf("a withdrawn write was carried out: %s", r.value(seatDriver))
	}

	// More writes in flight than a client may have: 429.
	r2 := newRig(t, viss.Config{MaxSetsInFlight: 1})
	d := dial(t, r2.hub.URL())
	d.sendRaw(`{"action":"set","path":"` + seatDriver + `","value":"100","requestId":"a"}`)
	waitQueued(t, r2.hub, 1)
	wantError(t, d.reply(`{"action":"set","path":"`+seatDriver+`","value":"33","requestId":"b"}`), 429, "too_many_requests")
}

func TestRequestRateIsLimited(t *testing.T) {
	r := newRig(t, viss.Config{MaxRequestsPerSecond: 5})
	c := dial(t, r.hub.URL())
	for i := 0; i < 40; i++ {
		c.sendRaw(fmt.Sprintf(`{"action":"get","path":"Vehicle.Speed","requestId":"%d"}`, i))
	}
	limited := 0
	for i := 0; i < 40; i++ {
		if m := c.read(); m.Error != nil && m.Error.Number == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Error("40 requests at once were all served with a limit of 5 a second")
	}
}

func TestCloseTellsClients(t *testing.T) {
	r := newRig(t, viss.Config{})
	c := dial(t, r.hub.URL())
	m := c.reply(`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"change","value":{"logic-op":"ne","diff":"0"}},"requestId":"s"}`)
	nextValue(t, c, m.SubscriptionID)
	c.sendRaw(`{"action":"set","path":"` + seatDriver + `","value":"100","requestId":"w"}`)
	waitQueued(t, r.hub, 1)
	closed := make(chan error, 1)
	go func() { closed <- r.hub.Close() }()
	gotSub, gotSet := false, false
	for !gotSub || !gotSet {
		n := c.read()
		switch {
		case n.Action == "subscription" && n.Error != nil:
			wantError(t, n, 503, "service_unavailable")
			gotSub = n.SubscriptionID == m.SubscriptionID
		case n.Action == "set":
			wantError(t, n, 503, "service_unavailable")
			gotSet = true
		}
	}
	if _, err := c.tryRead(5 * time.Second); websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("after the notices: %v, want close 1001", err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, _, err := websocket.Dial(ctx, r.hub.URL(), nil); err == nil {
		t.Error("a closed server accepted a client")
	}
}
