package statechart

import (
	"regexp"
	"strings"
	"testing"
)

func sample() Chart {
	return Chart{Name: "door", Title: "A door", Initial: "closed",
		States: []State{{"closed", "Closed (latched)"}, {"open", "Open"}, {"locked", ""}},
		Edges: []Edge{
			{Name: "open", From: []string{"closed"}, To: "open", Event: "door.opened", Guard: "handle pulled"},
			{Name: "close", From: []string{"open"}, To: "closed", Event: "door.closed", Guard: "pushed",
				Timers: []Timer{{Param: "auto_close_s", Seconds: 4.5, Valued: true}, {Param: "eyes_s", Off: true}}},
			{Name: "lock", From: []string{"closed", "open"}, To: "locked", Guard: "key turned", Within: true,
				Timers: []Timer{{Param: "lead_s"}}},
			{Name: "reset", From: []string{Any}, To: "closed", Guard: "power cycle"},
		}}
}

func TestMermaid(t *testing.T) {
	c := sample()
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	want := `---
title: A door
---
stateDiagram-v2
    state "Closed (latched)" as closed
    state "Open" as open
    locked
    [*] --> closed
    closed --> open : door.opened / handle pulled
    open --> closed : door.closed / pushed / after auto_close_s (4.5 s) or eyes_s (off)
    closed --> locked : key turned / within lead_s
    open --> locked : key turned / within lead_s
    note right of closed
        from any state power cycle
    end note
`
	if got := c.Mermaid(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// The grammar the renderer relies on, line by line: a title in front
// matter, the header, state declarations with a quoted title, the initial
// arrow, arrows with a label after " : ", and notes; every label free of
// what ends or breaks one.
func TestMermaidLinesFollowTheGrammar(t *testing.T) {
	c := sample()
	id := `[a-z][a-z0-9_]*`
	label := `[^:;"'#<>{}\[\]` + "`" + `]+`
	grammar := []*regexp.Regexp{
		regexp.MustCompile(`^---$`),
		regexp.MustCompile(`^title: [^:;"#]+$`),
		regexp.MustCompile(`^stateDiagram-v2$`),
		regexp.MustCompile(`^    state "[^"]+" as ` + id + `$`),
		regexp.MustCompile(`^    ` + id + `$`),
		regexp.MustCompile(`^    \[\*\] --> ` + id + `$`),
		regexp.MustCompile(`^    ` + id + ` --> ` + id + ` : ` + label + `$`),
		regexp.MustCompile(`^    note right of ` + id + `$`),
		regexp.MustCompile(`^        ` + label + `$`),
		regexp.MustCompile(`^    end note$`),
	}
	for _, line := range strings.Split(strings.TrimSuffix(c.Mermaid(), "\n"), "\n") {
		ok := false
		for _, g := range grammar {
			ok = ok || g.MatchString(line)
		}
		if !ok {
			t.Errorf("line outside the grammar: %q", line)
		}
		if strings.Contains(line, " : ") && strings.Contains(strings.SplitN(line, " : ", 2)[1], "--") {
			t.Errorf("an arrow inside a label: %q", line)
		}
	}
}

func TestUnsafeTextIsCaughtAndEscaped(t *testing.T) {
	for _, s := range []string{"a: b", "a; b", `say "hi"`, "it's", "#1", "a<b", "a > b", "{x}", "[x]", "a -- b", "a %% b", "two\nlines", "a\\b", "`x`"} {
		if Unsafe(s) == "" {
			t.Errorf("%q passed as safe", s)
		}
		if e := escape(s); Unsafe(e) != "" {
			t.Errorf("escape(%q) = %q, still has %q", s, e, Unsafe(e))
		}
		c := sample()
		c.Edges[0].Guard = s
		if c.Check() == nil {
			t.Errorf("Check passed a guard %q", s)
		}
		c = sample()
		c.States[1].Title = s
		if c.Check() == nil {
			t.Errorf("Check passed a title %q", s)
		}
	}
	if u := Unsafe("valid takeover, hands on wheel, eyes on road (4 s) / after x_s"); u != "" {
		t.Errorf("a plain label has %q", u)
	}
}

func TestCheckFindsBrokenTables(t *testing.T) {
	for what, edit := range map[string]func(*Chart){
		"unknown from":     func(c *Chart) { c.Edges[0].From = []string{"ajar"} },
		"unknown to":       func(c *Chart) { c.Edges[0].To = "ajar" },
		"no from":          func(c *Chart) { c.Edges[0].From = nil },
		"any with others":  func(c *Chart) { c.Edges[3].From = []string{Any, "open"} },
		"repeated name":    func(c *Chart) { c.Edges[1].Name = "open" },
		"no guard":         func(c *Chart) { c.Edges[1].Guard = "" },
		"bad id":           func(c *Chart) { c.States[0].ID = "Closed" },
		"repeated state":   func(c *Chart) { c.States[1].ID = "closed" },
		"unknown initial":  func(c *Chart) { c.Initial = "ajar" },
		"unsafe chart ttl": func(c *Chart) { c.Title = "a: b" },
	} {
		c := sample()
		edit(&c)
		if c.Check() == nil {
			t.Errorf("%s: Check passed", what)
		}
	}
}

func TestPrune(t *testing.T) {
	c := sample()
	c.Edges = c.Edges[:1]
	c.Prune()
	if len(c.States) != 2 || c.States[0].ID != "closed" || c.States[1].ID != "open" {
		t.Errorf("pruned to %v", c.States)
	}
}

func TestExplain(t *testing.T) {
	c := sample()
	for _, tc := range []struct {
		from, to string
		events   []string
		want     []int
		ok       bool
	}{
		{"closed", "closed", nil, []int{}, true},
		{"closed", "open", []string{"door.opened"}, []int{0}, true},
		{"closed", "open", []string{"other.notice", "door.opened"}, []int{0}, true},
		{"open", "locked", nil, []int{2}, true},
		{"closed", "closed", []string{"door.opened", "door.closed"}, []int{0, 1}, true},
		{"open", "closed", nil, []int{3}, true}, // only the Any edge explains it
		{"closed", "open", nil, nil, false},     // opened without its event
		{"locked", "open", []string{"door.opened"}, []int{3, 0}, true},
		{"open", "open", []string{"door.closed"}, nil, false},
	} {
		got, ok := c.Explain(tc.from, tc.to, tc.events)
		if ok != tc.ok || ok && !equal(got, tc.want) {
			t.Errorf("Explain(%s, %s, %v) = %v %v, want %v %v", tc.from, tc.to, tc.events, got, ok, tc.want, tc.ok)
		}
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestArrowsAndLeaves(t *testing.T) {
	c := sample()
	if n := len(c.Arrows()); n != 5 {
		t.Errorf("%d arrows, want 5", n)
	}
	if !c.Edges[3].Leaves("locked") || c.Edges[0].Leaves("open") {
		t.Error("Leaves")
	}
}
