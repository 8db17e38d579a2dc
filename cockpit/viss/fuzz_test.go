package viss

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/signal"
)

// FuzzDecodeRequest feeds arbitrary bytes through everything a client
// message meets before it touches the hub: the decoder, the path and
// filter resolution and the subscription filters. None may panic, and
// every refusal must be a VISS error with a number and a reason.
func FuzzDecodeRequest(f *testing.F) {
	cat, err := signal.Load(assets.FS())
	if err != nil {
		f.Fatal(err)
	}
	tr := newTree(cat)
	for _, s := range []string{
		`{"action":"get","path":"Vehicle.Speed","requestId":"1"}`,
		`{"action":"get","path":"Vehicle/Cabin","filter":{"type":"paths","value":["Seat.*.*.IsOccupied","Door.**"]},"requestId":2}`,
		`{"action":"set","path":"Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling","value":"100","requestId":"3","authorization":"x"}`,
		`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"timebased","value":{"period":"100"}},"requestId":"4"}`,
		`{"action":"subscribe","path":"Vehicle.Speed","filter":[{"type":"paths","value":"*"},{"type":"change","value":{"logic-op":"gt","diff":"5"}}]}`,
		`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"range","value":[{"logic-op":"gt","boundary":"50"},{"logic-op":"lt","boundary":"55"}]}}`,
		`{"action":"subscribe","path":"Vehicle.Speed","filter":{"type":"curvelog","value":{"maxerr":"0.5","bufsize":"100"}}}`,
		`{"action":"unsubscribe","subscriptionId":"12","requestId":"5"}`,
		`{"action":"get","path":"**"}`,
		`{"action":"get","path":"Vehicle","filter":{"type":"paths","value":"**"}}`,
		`[`, `{}`, `null`, `"get"`, `{"action":1}`, "{\"action\":\"get\",\"path\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, e := decode(data)
		if e != nil {
			if e.Number < 400 || e.Number > 599 || e.Reason == "" || e.Message == "" {
				t.Fatalf("%q: error %+v", data, *e)
			}
			return
		}
		if req.Action == "unsubscribe" {
			return
		}
		ids, e := tr.resolve(req.Path, req.Filter)
		if e != nil {
			return
		}
		for _, i := range ids {
			if i < 0 || i >= cat.Len() {
				t.Fatalf("%q: signal %d of %d", data, i, cat.Len())
			}
		}
		if len(ids) > 0 {
			if tg, e := parseTrigger(req.Filter, cat.Spec(ids[0]), DefaultMinPeriod); e == nil && tg.kind == "timebased" && tg.period < DefaultMinPeriod {
				t.Fatalf("%q: period %v below the minimum", data, tg.period)
			}
			if req.HasValue {
				_, _ = cat.Spec(ids[0]).Parse(req.Value)
			}
		}
	})
}

// TestAppendStringIsJSON checks the hand-written encoder against the
// standard one: every string comes back as it was (invalid UTF-8 as
// U+FFFD, as encoding/json does).
func TestAppendStringIsJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\r\x00\x1f", "北京大兴国际机场", "bad \xff utf8", "\u2028", strings.Repeat("é", 100)} {
		var back string
		if err := json.Unmarshal(appendString(nil, s), &back); err != nil {
			t.Fatalf("%q: %s is not JSON: %v", s, appendString(nil, s), err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if back != want || !utf8.ValidString(back) {
			t.Errorf("%q came back as %q", s, back)
		}
	}
}

// TestCurveLogKeepsTheShape checks the curve logging: a straight line
// keeps its ends only, a corner is kept, and no kept point is invented.
func TestCurveLogKeepsTheShape(t *testing.T) {
	line := func(vals ...float64) []sample {
		var s []sample
		for i, v := range vals {
			s = append(s, sample{t: float64(i), v: v})
		}
		return s
	}
	if got := curveLog(line(0, 1, 2, 3, 4), 0.01); len(got) != 2 || got[0].v != 0 || got[1].v != 4 {
		t.Errorf("a straight line: %v", got)
	}
	got := curveLog(line(0, 1, 2, 1, 0), 0.01)
	if len(got) != 3 || got[1].v != 2 {
		t.Errorf("a peak: %v", got)
	}
	if got := curveLog(line(0, 0.1, 0, 0.1, 0), 0.5); len(got) != 2 {
		t.Errorf("noise within maxerr: %v", got)
	}
}

// TestTimestampsAreVISS checks the timestamp format: ISO 8601 in UTC with
// a trailing Z.
func TestTimestampsAreVISS(t *testing.T) {
	at := time.Date(2026, 4, 15, 15, 37, 0, 123e6, time.FixedZone("CST", 8*3600))
	if got := formatTS(at); got != "2026-04-15T07:37:00.123Z" {
		t.Errorf("got %s", got)
	}
}
