package viss

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Subprotocol is the WebSocket sub-protocol the VISS v2 transport names
// ("The sub-protocol name SHALL be 'VISSv2'").
const Subprotocol = "VISSv2"

// Error is a VISS error object: the HTTP status number, the reason of the
// transport's status table and a message for a developer.
type Error struct {
	Number  int    `json:"number"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// Error formats the error as "number reason: message".
func (e *Error) Error() string { return strconv.Itoa(e.Number) + " " + e.Reason + ": " + e.Message }

// The rows of the VISS v2 transport's status table this server uses. Each
// constructor keeps the table's number and reason and says in the message
// what was wrong with this request.
func errBadRequest(format string, a ...any) *Error {
	return &Error{400, "bad_request", fmt.Sprintf(format, a...)}
}
func errFilterInvalid(format string, a ...any) *Error {
	return &Error{400, "filter_invalid", fmt.Sprintf(format, a...)}
}
func errInvalidValue(format string, a ...any) *Error {
	return &Error{400, "invalid_value", fmt.Sprintf(format, a...)}
}
func errInvalidPath(format string, a ...any) *Error {
	return &Error{404, "invalid_path", fmt.Sprintf(format, a...)}
}
func errUnavailable(format string, a ...any) *Error {
	return &Error{404, "unavailable_data", fmt.Sprintf(format, a...)}
}
func errNoSubscription(id string) *Error {
	return &Error{404, "invalid_subscriptionId", fmt.Sprintf("no subscription %q on this connection", id)}
}
func errReadOnly(format string, a ...any) *Error {
	return &Error{401, "read_only", fmt.Sprintf(format, a...)}
}
func errTooMany(format string, a ...any) *Error {
	return &Error{429, "too_many_requests", fmt.Sprintf(format, a...)}
}
func errUnavailableService(format string, a ...any) *Error {
	return &Error{503, "service_unavailable", fmt.Sprintf(format, a...)}
}
func errToken(reason, message string) *Error { return &Error{401, reason, message} }

// Limits of a request's parts, so that no message makes the server do or
// keep an unbounded amount of work.
const (
	maxRequestID    = 128
	maxPathLen      = 512
	maxFilterPaths  = 64
	maxFilterParts  = 2
	maxTokenLen     = 4096
	maxSubID        = 32
	maxPeriod       = 24 * time.Hour
	maxCurveBufSize = 1000
)

// request is one decoded client message.
type request struct {
	Action string
	// RequestID is echoed as the client sent it (a string, or a number
	// given as its digits).
	RequestID      string
	Path           string
	Filter         []filterPart
	Value          any
	HasValue       bool
	SubscriptionID string
	Authorization  string
	HasAuth        bool
}

// filterPart is one {"type": …, "value": …} object of a filter.
type filterPart struct {
	Type  string
	Value json.RawMessage
}

// wireRequest is the JSON shape of a request.
type wireRequest struct {
	Action         *string         `json:"action"`
	Path           *string         `json:"path"`
	Filter         json.RawMessage `json:"filter"`
	Value          json.RawMessage `json:"value"`
	RequestID      json.RawMessage `json:"requestId"`
	SubscriptionID json.RawMessage `json:"subscriptionId"`
	Authorization  *string         `json:"authorization"`
}

// decode parses one client message. It never panics; whatever is wrong
// is a VISS error (400 bad_request or filter_invalid) that says what.
// The request id is returned even with an error, when it could be read,
// so the error answer can echo it.
func decode(data []byte) (*request, *Error) {
	var w wireRequest
	if !utf8.Valid(data) {
		return nil, errBadRequest("the message is not valid UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&w); err != nil {
		return nil, errBadRequest("the message is not a JSON object: %v", err)
	}
	if dec.More() {
		return nil, errBadRequest("one JSON object a message, got more after it")
	}
	r := &request{}
	id, err := idString(w.RequestID, "requestId", maxRequestID)
	r.RequestID = id
	if err != nil {
		return r, err
	}
	if w.Action == nil {
		return r, errBadRequest(`"action" is missing: one of get, set, subscribe, unsubscribe`)
	}
	r.Action = *w.Action
	switch r.Action {
	case "get", "set", "subscribe", "unsubscribe":
	default:
		return r, errBadRequest("unknown action %q: one of get, set, subscribe, unsubscribe", clip(r.Action))
	}
	if w.Authorization != nil {
		if len(*w.Authorization) > maxTokenLen {
			return r, errToken("token_invalid", "the authorization token is too long")
		}
		r.Authorization, r.HasAuth = *w.Authorization, true
	}
	if r.Action == "unsubscribe" {
		sid, err := idString(w.SubscriptionID, "subscriptionId", maxSubID)
		if err != nil {
			return r, err
		}
		if sid == "" {
			return r, errBadRequest(`"subscriptionId" is missing: the id the subscribe answer gave`)
		}
		r.SubscriptionID = sid
		return r, nil
	}
	if w.Path == nil || *w.Path == "" {
		return r, errBadRequest(`"path" is missing: a VSS path such as Vehicle.Speed`)
	}
	if len(*w.Path) > maxPathLen {
		return r, errBadRequest("the path is longer than %d bytes", maxPathLen)
	}
	r.Path = *w.Path
	if len(w.Filter) > 0 && !bytes.Equal(w.Filter, []byte("null")) {
		parts, err := decodeFilter(w.Filter)
		if err != nil {
			return r, err
		}
		r.Filter = parts
	}
	if r.Action == "set" {
		if len(w.Value) == 0 || bytes.Equal(w.Value, []byte("null")) {
			return r, errBadRequest(`"value" is missing: the value to set, as a string ("true", "21.5", "SPORT")`)
		}
		var v any
		if err := json.Unmarshal(w.Value, &v); err != nil {
			return r, errBadRequest("the value is not JSON: %v", err)
		}
		switch v.(type) {
		case string, bool, float64:
		default:
			return r, errInvalidValue("set one value, as a string (or a JSON boolean or number), got %s", jsonKind(v))
		}
		r.Value, r.HasValue = v, true
	}
	return r, nil
}

// idString reads a requestId or subscriptionId: a string, or a number
// written as its digits; absent is "".
func idString(raw json.RawMessage, name string, max int) (string, *Error) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", errBadRequest("%q is not JSON: %v", name, err)
	}
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case float64:
		s = string(bytes.TrimSpace(raw))
	default:
		return "", errBadRequest("%q must be a string, got %s", name, jsonKind(v))
	}
	if len(s) > max {
		return "", errBadRequest("%q is longer than %d bytes", name, max)
	}
	return s, nil
}

// decodeFilter reads a filter: one {"type","value"} object or an array of
// at most two (one "paths" and one other type), as VISS core allows.
func decodeFilter(raw json.RawMessage) ([]filterPart, *Error) {
	type wirePart struct {
		Type  *string         `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	var list []wirePart
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '[':
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, errFilterInvalid("the filter must be an object {\"type\",\"value\"} or an array of two: %v", err)
		}
	case len(trimmed) > 0 && trimmed[0] == '{':
		var one wirePart
		if err := json.Unmarshal(trimmed, &one); err != nil {
			return nil, errFilterInvalid("the filter must be an object {\"type\",\"value\"}: %v", err)
		}
		list = []wirePart{one}
	default:
		return nil, errFilterInvalid("the filter must be an object {\"type\",\"value\"} or an array of two")
	}
	if len(list) == 0 || len(list) > maxFilterParts {
		return nil, errFilterInvalid("a filter has one or two parts, got %d", len(list))
	}
	out := make([]filterPart, 0, len(list))
	seen := map[string]bool{}
	others := 0
	for _, p := range list {
		if p.Type == nil || len(p.Value) == 0 {
			return nil, errFilterInvalid(`each filter part needs "type" and "value"`)
		}
		if seen[*p.Type] {
			return nil, errFilterInvalid("filter type %q is given twice", clip(*p.Type))
		}
		seen[*p.Type] = true
		if *p.Type != "paths" {
			others++
		}
		out = append(out, filterPart{Type: *p.Type, Value: p.Value})
	}
	if others > 1 {
		return nil, errFilterInvalid(`a filter combines at most one "paths" part with one other type`)
	}
	return out, nil
}

// jsonKind names the JSON type of a decoded value for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// clip shortens a client's string for an error message, so a long input
// is not echoed back whole.
func clip(s string) string {
	if len(s) <= 64 {
		return s
	}
	cut := 64
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// numberOrString reads a filter parameter the spec writes as a string
// ("500") and clients often send as a JSON number.
func numberOrString(raw json.RawMessage, name string) (float64, *Error) {
	var v any
	if len(raw) == 0 {
		return 0, errFilterInvalid("%q is missing", name)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, errFilterInvalid("%q is not JSON: %v", name, err)
	}
	switch v := v.(type) {
	case float64:
		return v, nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return 0, errFilterInvalid("%q must be a number, got %q", name, clip(v))
		}
		return f, nil
	}
	return 0, errFilterInvalid("%q must be a number (as a string), got %s", name, jsonKind(v))
}
