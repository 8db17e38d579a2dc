package viss

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nevsim/cockpit/drive/signal"
)

// Messages are written by appending to a reused buffer rather than with
// encoding/json: a notification is the server's hot path (20 clients with
// 50 subscriptions at 10 Hz are 10,000 a second), and its shape is fixed.

// tsLayout is VISS's timestamp: ISO 8601 in UTC with a trailing Z, here
// to the millisecond (VISS core, "Timestamps").
const tsLayout = "2006-01-02T15:04:05.000Z"

// formatTS renders a wall-clock instant as a VISS timestamp.
func formatTS(t time.Time) string { return t.UTC().Format(tsLayout) }

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD, the rest as it is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendValue appends a signal value as VISS carries it: always a string.
func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case bool:
		return strconv.AppendQuote(b, strconv.FormatBool(v)) // plain ASCII: quoting is JSON's
	case int:
		b = append(b, '"')
		b = strconv.AppendInt(b, int64(v), 10)
		return append(b, '"')
	}
	return appendString(b, signal.Format(v))
}

// appendHead starts a message: {"action":A,"requestId":R,"subscriptionId":S,
// each only when given, and the comma before what follows.
func appendHead(b []byte, action, requestID, subID string) []byte {
	b = append(b, '{')
	for _, m := range [...]struct{ key, value string }{{`"action":`, action}, {`"requestId":`, requestID}, {`"subscriptionId":`, subID}} {
		if m.value != "" {
			b = append(b, m.key...)
			b = appendString(b, m.value)
			b = append(b, ',')
		}
	}
	return b
}

// appendTail ends a message with its timestamp, the time the server
// executed it.
func appendTail(b []byte, ts string) []byte {
	b = append(b, `"ts":"`...)
	b = append(b, ts...)
	return append(b, `"}`...)
}

// appendError appends the "error" member and the timestamp.
func appendError(b []byte, e *Error, ts string) []byte {
	b = append(b, `"error":{"number":`...)
	b = strconv.AppendInt(b, int64(e.Number), 10)
	b = append(b, `,"reason":`...)
	b = appendString(b, e.Reason)
	b = append(b, `,"message":`...)
	b = appendString(b, e.Message)
	b = append(b, "},"...)
	return appendTail(b, ts)
}

// appendData appends the "data" member for the signals ids at snapshot s:
// one {"path","dp"} object for one signal, an array of them for several.
func (t *tree) appendData(b []byte, ids []int, s *snapshot) []byte {
	b = append(b, `"data":`...)
	if len(ids) != 1 {
		b = append(b, '[')
	}
	for k, i := range ids {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = append(b, t.quoted[i]...)
		b = append(b, `,"dp":{"value":`...)
		b = appendValue(b, s.value(i))
		b = append(b, `,"ts":"`...)
		b = append(b, s.ts...)
		b = append(b, `"}}`...)
	}
	if len(ids) != 1 {
		b = append(b, ']')
	}
	return append(b, ',')
}

// appendCurve appends the "data" member of a curve-logging notification:
// one signal with an array of data points.
func (t *tree) appendCurve(b []byte, id int, points []sample) []byte {
	b = append(b, `"data":{"path":`...)
	b = append(b, t.quoted[id]...)
	b = append(b, `,"dp":[`...)
	for k, p := range points {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"value":`...)
		b = appendValue(b, p.at.value(id))
		b = append(b, `,"ts":"`...)
		b = append(b, p.at.ts...)
		b = append(b, `"}`...)
	}
	return append(b, "]},"...)
}
