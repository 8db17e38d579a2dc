// Package statechart is a state machine's transition table as data, and
// its rendering as a Mermaid stateDiagram-v2.
//
// The machines of drive (drive/automation, drive/parking) keep their
// transitions in a table and change state only by naming an edge of it;
// they hand the table to this package as a Chart, so the diagram a designer
// reviews is drawn from the rules the code runs and cannot drift from them.
// The package does no I/O: Mermaid returns the text.
package statechart

import (
	"fmt"
	"strconv"
	"strings"
)

// Any as an edge's From means the edge leaves every state of the machine
// (an ignition restart). Mermaid has no arrow for that, so it is drawn as a
// note on the edge's target.
const Any = "*"

// State is one state of a chart: its id (the machine's State constant, so
// the diagram, the logs and the code use one name) and a title for people.
type State struct {
	ID    string
	Title string
}

// Timer is a parameter whose duration triggers or bounds an edge: its
// name as a preset file writes it ("escalate_s", "l2.hands_off_prompt_s";
// for parking the Config field, "PauseTimeoutS") and, when the chart was
// made for given parameters, its value.
type Timer struct {
	Param string
	// Seconds is the value when Valued.
	Seconds float64
	Valued  bool
	// Off: the parameters switch this timer off (an eyes-off prompt of
	// 0 s means eyes are not monitored).
	Off bool
}

// Edge is one transition rule. One rule may leave several states (the same
// switch-off from every L2 state); it is one arrow per state it leaves.
type Edge struct {
	// Name is the code's name of the edge (edgeEscalate is "escalate").
	Name string
	// From are the states the edge leaves, or Any alone.
	From []string
	To   string
	// Event is the kind of the event the transition emits, "" if none.
	Event string
	// Guard says in a few words when the edge is taken.
	Guard string
	// Within, when true, writes the timers as "within" (a lead time that
	// fires the edge ahead of something) instead of "after".
	Within bool
	// Timers are the durations of the guard, any one of which fires it.
	Timers []Timer
}

// Chart is a machine's table, or the part of it one diagram shows.
type Chart struct {
	// Name is what the diagram is of ("automation", "l2", "parking").
	Name string
	// Title heads the diagram.
	Title string
	// Initial is the state the machine starts in.
	Initial string
	States  []State
	Edges   []Edge
}

// Arrow is one drawn transition: an edge leaving one of its states.
type Arrow struct {
	Edge int // index into Chart.Edges
	From string
}

// Arrows lists every (edge, from) pair in table order; an Any edge is one
// arrow with From Any.
func (c *Chart) Arrows() []Arrow {
	var out []Arrow
	for i := range c.Edges {
		for _, f := range c.Edges[i].From {
			out = append(out, Arrow{Edge: i, From: f})
		}
	}
	return out
}

// Leaves reports whether e leaves state s.
func (e *Edge) Leaves(s string) bool {
	for _, f := range e.From {
		if f == s || f == Any {
			return true
		}
	}
	return false
}

// Prune drops the states no edge touches (the initial state stays), so a
// diagram of part of a machine shows only its part.
func (c *Chart) Prune() {
	used := map[string]bool{c.Initial: true}
	for _, e := range c.Edges {
		used[e.To] = true
		for _, f := range e.From {
			used[f] = true
		}
	}
	kept := c.States[:0:0]
	for _, s := range c.States {
		if used[s.ID] {
			kept = append(kept, s)
		}
	}
	c.States = kept
}

// TimerText is the timer part of an edge's label: "after escalate_s (4 s)",
// "" without timers.
func (e *Edge) TimerText() string {
	if len(e.Timers) == 0 {
		return ""
	}
	parts := make([]string, len(e.Timers))
	for i, t := range e.Timers {
		switch {
		case t.Off:
			parts[i] = t.Param + " (off)"
		case t.Valued:
			parts[i] = t.Param + " (" + seconds(t.Seconds) + ")"
		default:
			parts[i] = t.Param
		}
	}
	word := "after "
	if e.Within {
		word = "within "
	}
	return word + strings.Join(parts, " or ")
}

// seconds writes a duration as the presets do: "4 s", "0.5 s", "1800 s".
func seconds(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) + " s" }

// Label is an edge's label: event / guard / timer, the parts it has.
func (e *Edge) Label() string {
	var parts []string
	for _, p := range []string{e.Event, e.Guard, e.TimerText()} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " / ")
}

// unsafe are the character sequences that end or break a Mermaid label,
// state title or note: ":" starts a label, ";" ends a statement, quotes
// end a title, "#" starts an entity code, "<" ">" "{" "}" "[" "]" and
// "--" are markup or arrows, "%%" starts a comment, a backtick starts
// markdown, a newline ends the line.
var unsafe = []string{":", ";", "\"", "'", "`", "#", "<", ">", "{", "}", "[", "]", "--", "%%", "\n", "\r", "\\"}

// Unsafe returns the first sequence in s that would break a Mermaid label,
// or "" when s is safe to write as one.
func Unsafe(s string) string {
	for _, u := range unsafe {
		if strings.Contains(s, u) {
			return u
		}
	}
	return ""
}

// escape makes s safe for a label, title or note: the table's texts are
// written safe (Check fails otherwise), so this only guards against
// values that come from elsewhere.
func escape(s string) string {
	r := strings.NewReplacer(":", " -", ";", ",", "\"", "", "'", "", "`", "", "#", "no.", "<", "below", ">", "above",
		"{", "(", "}", ")", "[", "(", "]", ")", "--", "-", "%%", "%", "\n", " ", "\r", " ", "\\", "/")
	for Unsafe(s) != "" {
		s = r.Replace(s)
	}
	return s
}

// validID is the grammar of a state id the renderer relies on: lower-case
// letters, digits and underscores, starting with a letter (Mermaid would
// take more, but a State constant needs no more).
func validID(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// Check reports the first problem that would make the chart wrong or its
// Mermaid unsafe: an edge naming an unknown state, an invalid id, a text
// with a character that breaks Mermaid, an edge without a name or source.
func (c *Chart) Check() error {
	known := map[string]bool{}
	for _, s := range c.States {
		if !validID(s.ID) {
			return fmt.Errorf("%s: state id %q is not lower_case", c.Name, s.ID)
		}
		if known[s.ID] {
			return fmt.Errorf("%s: state %s listed twice", c.Name, s.ID)
		}
		known[s.ID] = true
		if u := Unsafe(s.Title); u != "" {
			return fmt.Errorf("%s: state %s: title %q has %q", c.Name, s.ID, s.Title, u)
		}
	}
	if !known[c.Initial] {
		return fmt.Errorf("%s: initial state %q is not a state", c.Name, c.Initial)
	}
	if u := Unsafe(c.Title); u != "" {
		return fmt.Errorf("%s: title %q has %q", c.Name, c.Title, u)
	}
	names := map[string]bool{}
	for _, e := range c.Edges {
		if e.Name == "" || names[e.Name] {
			return fmt.Errorf("%s: edge name %q empty or repeated", c.Name, e.Name)
		}
		names[e.Name] = true
		if len(e.From) == 0 {
			return fmt.Errorf("%s: edge %s leaves no state", c.Name, e.Name)
		}
		for _, f := range e.From {
			if f == Any && len(e.From) > 1 {
				return fmt.Errorf("%s: edge %s: Any must stand alone", c.Name, e.Name)
			}
			if f != Any && !known[f] {
				return fmt.Errorf("%s: edge %s leaves unknown state %q", c.Name, e.Name, f)
			}
		}
		if !known[e.To] {
			return fmt.Errorf("%s: edge %s enters unknown state %q", c.Name, e.Name, e.To)
		}
		if e.Guard == "" {
			return fmt.Errorf("%s: edge %s has no guard", c.Name, e.Name)
		}
		if u := Unsafe(e.Label()); u != "" {
			return fmt.Errorf("%s: edge %s: label %q has %q", c.Name, e.Name, e.Label(), u)
		}
	}
	return nil
}

// Mermaid renders the chart as a Mermaid stateDiagram-v2: a title, the
// states with their titles, "[*] --> initial", one arrow per state an edge
// leaves, labelled "event / guard / timer", in table order, and a note for
// every Any edge. The same chart gives the same text byte for byte.
func (c *Chart) Mermaid() string {
	var b strings.Builder
	if c.Title != "" {
		fmt.Fprintf(&b, "---\ntitle: %s\n---\n", escape(c.Title))
	}
	b.WriteString("stateDiagram-v2\n")
	for _, s := range c.States {
		if s.Title != "" {
			fmt.Fprintf(&b, "    state \"%s\" as %s\n", escape(s.Title), s.ID)
		} else {
			fmt.Fprintf(&b, "    %s\n", s.ID)
		}
	}
	fmt.Fprintf(&b, "    [*] --> %s\n", c.Initial)
	for _, e := range c.Edges {
		for _, f := range e.From {
			if f == Any {
				continue
			}
			fmt.Fprintf(&b, "    %s --> %s : %s\n", f, e.To, escape(e.Label()))
		}
	}
	for _, e := range c.Edges {
		if len(e.From) == 1 && e.From[0] == Any {
			fmt.Fprintf(&b, "    note right of %s\n        from any state %s\n    end note\n", e.To, escape(e.Label()))
		}
	}
	return b.String()
}

// Explain finds the edges one step of a machine took, seen from outside:
// it was in from, is now in to, and emitted events (in order). It returns
// the shortest path of at most maxHops edges from from to to whose edges'
// events are the step's events that some edge emits, in the same order
// (events no edge emits, such as a notice, are skipped; an edge without an
// event matches none). ok is false when no path explains the step: the
// machine took a transition its table lacks. A step without a change of
// state and without an edge event is explained by the empty path.
func (c *Chart) Explain(from, to string, events []string) (path []int, ok bool) {
	emitted := map[string]bool{}
	for _, e := range c.Edges {
		if e.Event != "" {
			emitted[e.Event] = true
		}
	}
	var evs []string
	for _, k := range events {
		if emitted[k] {
			evs = append(evs, k)
		}
	}
	const maxHops = 4
	for hops := 0; hops <= maxHops; hops++ {
		if p, ok := c.explain(from, to, evs, hops, nil); ok {
			return p, true
		}
	}
	return nil, false
}

// explain is Explain's search for a path of exactly hops edges.
func (c *Chart) explain(at, to string, evs []string, hops int, path []int) ([]int, bool) {
	if hops == 0 {
		return path, at == to && len(evs) == 0
	}
	for i := range c.Edges {
		e := &c.Edges[i]
		if !e.Leaves(at) {
			continue
		}
		rest := evs
		if e.Event != "" {
			if len(evs) == 0 || evs[0] != e.Event {
				continue
			}
			rest = evs[1:]
		}
		if p, ok := c.explain(e.To, to, rest, hops-1, append(path[:len(path):len(path)], i)); ok {
			return p, true
		}
	}
	return nil, false
}
