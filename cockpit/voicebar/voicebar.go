// Package voicebar is the cockpit's voice bar: a one-line text input where
// the driver types what they would say, with ↑/↓ history, Tab completion
// from the phrases the assistant knows and the labels on screen, and a
// short transcript of the conversation. It does not interpret anything:
// the root model sends submitted text to the assistant and adds replies.
package voicebar

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/nevsim/cockpit/cockpit/common"
	"github.com/nevsim/cockpit/cockpit/widget"
)

// Speaker says who said a transcript line.
type Speaker int

// Speakers of the transcript.
const (
	User Speaker = iota
	Assistant
)

// Line is one transcript entry.
type Line struct {
	Who  Speaker
	Text string
}

// maxHistory and maxTranscript bound memory for long sessions.
const (
	maxHistory    = 50
	maxTranscript = 20
)

// Model is the voice bar. Its zero value is not usable; call New.
type Model struct {
	input      textinput.Model
	history    []string
	histIdx    int    // len(history) = editing a new line
	draft      string // the line being typed before browsing history
	transcript []Line
	listening  bool // the assistant awaits an answer (confirm, clarify)
	// hint is the string key shown while the conversation is empty ("":
	// voice.try, what one can say).
	hint string
}

// SetHint changes what an empty conversation shows (a string key; "" for
// the examples of what one can say).
func (m *Model) SetHint(key string) { m.hint = key }

// New returns a blurred voice bar.
func New() Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 200
	in.ShowSuggestions = true
	in.SetVirtualCursor(false) // the real cursor, so IMEs place Chinese input correctly
	// ↑/↓ browse history here; suggestions cycle with ctrl+n/ctrl+p only.
	in.KeyMap.NextSuggestion = key.NewBinding(key.WithKeys("ctrl+n"))
	in.KeyMap.PrevSuggestion = key.NewBinding(key.WithKeys("ctrl+p"))
	return Model{input: in}
}

// Focused reports whether keys go to the voice bar.
func (m *Model) Focused() bool { return m.input.Focused() }

// Focus starts typing (push-to-talk).
func (m *Model) Focus() { _ = m.input.Focus() }

// Blur stops typing; the draft is kept.
func (m *Model) Blur() { m.input.Blur() }

// Value is the text typed so far.
func (m *Model) Value() string { return m.input.Value() }

// SetValue replaces the typed text (tests, see-and-say clicks).
func (m *Model) SetValue(s string) { m.input.SetValue(s); m.input.CursorEnd() }

// SetSuggestions sets the completions Tab offers.
func (m *Model) SetSuggestions(s []string) { m.input.SetSuggestions(s) }

// SetListening marks that the assistant waits for an answer, which the
// bar shows so the driver knows to reply.
func (m *Model) SetListening(v bool) { m.listening = v }

// Listening reports whether the assistant waits for an answer.
func (m *Model) Listening() bool { return m.listening }

// Transcript returns the conversation so far, oldest first.
func (m *Model) Transcript() []Line { return m.transcript }

// Add appends a line to the transcript.
func (m *Model) Add(who Speaker, text string) {
	m.transcript = append(m.transcript, Line{who, text})
	if len(m.transcript) > maxTranscript {
		m.transcript = m.transcript[len(m.transcript)-maxTranscript:]
	}
}

// HandleKey processes a key while focused. It returns the submitted text
// and true when Enter sent a non-empty line.
func (m *Model) HandleKey(msg tea.KeyPressMsg) (string, bool) {
	switch msg.String() {
	case "enter":
		text := strings.TrimSpace(m.input.Value())
		if text == "" {
			return "", false
		}
		if n := len(m.history); n == 0 || m.history[n-1] != text {
			m.history = append(m.history, text)
			if len(m.history) > maxHistory {
				m.history = m.history[1:]
			}
		}
		m.histIdx = len(m.history)
		m.draft = ""
		m.input.Reset()
		return text, true
	case "up":
		if m.histIdx > 0 {
			if m.histIdx == len(m.history) {
				m.draft = m.input.Value()
			}
			m.histIdx--
			m.SetValue(m.history[m.histIdx])
		}
		return "", false
	case "down":
		if m.histIdx < len(m.history) {
			m.histIdx++
			if m.histIdx == len(m.history) {
				m.SetValue(m.draft)
			} else {
				m.SetValue(m.history[m.histIdx])
			}
		}
		return "", false
	}
	m.input, _ = m.input.Update(msg)
	return "", false
}

// HandlePaste inserts pasted text.
func (m *Model) HandlePaste(msg tea.PasteMsg) { m.input, _ = m.input.Update(msg) }

// Suggestion is the completion Tab would accept now, or "".
func (m *Model) Suggestion() string {
	if !m.input.Focused() {
		return ""
	}
	return m.input.CurrentSuggestion()
}

// InputLine renders the prompt line to exactly w cells and returns the
// cursor column within it (-1 when not focused).
func (m *Model) InputLine(c *common.Context, w int) (string, int) {
	s := c.Styles
	icon := "◉ "
	prompt := s.Prompt.Render(icon + c.T("voice.prompt") + " ")
	pw := widget.Width(prompt)
	fieldW := max(w-pw, 1)
	var field string
	cursor := -1
	switch {
	case m.input.Focused():
		styles := m.input.Styles()
		styles.Focused.Text = s.UserText
		styles.Focused.Suggestion = s.Faint
		styles.Focused.Placeholder = s.Muted
		styles.Cursor.Color = c.Styles.Foreground
		m.input.SetStyles(styles)
		m.input.SetWidth(fieldW - 1)
		field = m.input.View()
		val := []rune(m.input.Value())
		pos := min(m.input.Position(), len(val))
		cursor = pw + min(widget.Width(string(val[:pos])), fieldW-1)
	case m.input.Value() != "":
		field = s.Muted.Render(m.input.Value())
	default:
		hint := c.T("voice.hint")
		if m.listening {
			hint = c.T("voice.listening")
		}
		field = s.Muted.Render(hint)
	}
	return prompt + widget.Clip(field, fieldW), cursor
}

// TranscriptLines renders the last n transcript entries, oldest first, each
// fitted to w cells.
func (m *Model) TranscriptLines(c *common.Context, w, n int) []string {
	s := c.Styles
	out := make([]string, 0, n)
	start := max(len(m.transcript)-n, 0)
	for _, l := range m.transcript[start:] {
		var line string
		if l.Who == User {
			line = s.Muted.Render(c.T("voice.you")+" › ") + s.UserText.Render(l.Text)
		} else {
			line = s.ReplyText.Render(c.T("voice.assistant") + " › " + l.Text)
		}
		out = append(out, widget.Fit(line, w))
	}
	if len(out) == 0 && n > 0 {
		// An empty conversation shows what one can say, which is what a
		// first-time user at a demo needs most.
		hint := m.hint
		if hint == "" {
			hint = "voice.try"
		}
		out = append(out, widget.Fit(s.Faint.Render(" "+c.T(hint)), w))
	}
	for len(out) < n {
		out = append([]string{widget.Fit("", w)}, out...)
	}
	return out
}
