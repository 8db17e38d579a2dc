package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

type parsedLine struct {
	Text    string `json:"text"`
	Lang    string `json:"lang"`
	Intents []struct {
		Intent     string         `json:"intent"`
		Slots      map[string]any `json:"slots"`
		Confidence float64        `json:"confidence"`
	} `json:"intents"`
	Reply    string `json:"reply"`
	Awaiting string `json:"awaiting"`
}

func runParseLines(t *testing.T, args []string, stdin string) []parsedLine {
	t.Helper()
	var out, errb bytes.Buffer
	if code := runParse(args, strings.NewReader(stdin), &out, &errb); code != exitOK {
		t.Fatalf("runParse(%q) = %d, stderr %s", args, code, errb.String())
	}
	var lines []parsedLine
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if l == "" {
			continue
		}
		var pl parsedLine
		if err := json.Unmarshal([]byte(l), &pl); err != nil {
			t.Fatalf("output line is not JSON: %q: %v", l, err)
		}
		if pl.Intents == nil {
			t.Fatalf("intents must be a list, never null: %q", l)
		}
		lines = append(lines, pl)
	}
	return lines
}

func TestParseArgsAndStdin(t *testing.T) {
	got := runParseLines(t, []string{"打开主驾座椅加热然后导航回家", "set 22 degrees"}, "")
	if len(got) != 2 || got[0].Lang != "zh" || len(got[0].Intents) != 2 || got[1].Intents[0].Intent != "climate.temp" {
		t.Fatalf("args: %+v", got)
	}
	if v, _ := got[1].Intents[0].Slots["value"].(float64); v != 22 {
		t.Errorf("value: %v", got[1].Intents[0].Slots)
	}
	got = runParseLines(t, nil, "turn on the ac\n\n打开 AC\r\nlast line without newline")
	if len(got) != 4 {
		t.Fatalf("stdin: want 4 lines (one per input line, empty included), got %d", len(got))
	}
	if got[1].Text != "" || len(got[1].Intents) != 0 {
		t.Errorf("empty line: %+v", got[1])
	}
	if got[2].Text != "打开 AC" || got[2].Intents[0].Intent != "climate.ac" {
		t.Errorf("CRLF line: %+v", got[2])
	}
}

func TestParseLangFlag(t *testing.T) {
	got := runParseLines(t, []string{"--lang", "zh", "turn on the ac"}, "")
	if got[0].Lang != "zh" || got[0].Intents[0].Intent != "climate.ac" {
		t.Errorf("--lang zh: %+v", got[0])
	}
	var out, errb bytes.Buffer
	if code := runParse([]string{"--lang", "fr"}, strings.NewReader(""), &out, &errb); code != exitInvalid {
		t.Errorf("--lang fr: exit %d, want %d", code, exitInvalid)
	}
}

// TestParseHostileInput: every line gives one JSON answer, whatever it
// holds.
func TestParseHostileInput(t *testing.T) {
	long := strings.Repeat("turn on the ac and ", 6000) // ~114 KB on one line
	in := strings.Join([]string{
		"",
		long,
		"\x00\x01\x1b[31mred\x7f",
		"bad \xff\xfe utf-8 打开\xe6空调",
		"打开 AC and play 周杰伦",
		strings.Repeat("打", 50000),
		"\t \t",
	}, "\n") + "\n"
	got := runParseLines(t, nil, in)
	if len(got) != 7 {
		t.Fatalf("want 7 answers, got %d", len(got))
	}
	for i, l := range got {
		if !utf8.ValidString(l.Text) {
			t.Errorf("line %d: text is not valid UTF-8", i)
		}
	}
	if len(got[1].Text) != len(long) {
		t.Errorf("long line text: %d bytes, want %d", len(got[1].Text), len(long))
	}
}

func TestParseSession(t *testing.T) {
	got := runParseLines(t, []string{"--session", "--zone", "passenger", "--speed", "100"},
		"turn on my seat heating\nwarmer\nthe driver too\nengage l3\nyes\n")
	if len(got) != 5 {
		t.Fatalf("want 5 turns, got %d", len(got))
	}
	if got[0].Reply == "" || got[3].Awaiting != "confirm" || got[4].Awaiting != "" {
		t.Errorf("session turns: %+v", got)
	}
}

func TestParseExplain(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runParse([]string{"--explain", "打开空调"}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Fatal(errb.String())
	}
	if !strings.Contains(out.String(), "device=climate") {
		t.Errorf("--explain output lacks tags: %s", out.String())
	}
}

func TestParseAssetsFlag(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runParse([]string{"--assets", t.TempDir(), "hi"}, strings.NewReader(""), &out, &errb); code != exitFailed {
		t.Errorf("empty asset folder: exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(errb.String(), "lexicon") {
		t.Errorf("error should name what is missing: %s", errb.String())
	}
	if code := runParse([]string{"--assets", "../../assets", "打开空调"}, strings.NewReader(""), &out, &errb); code != exitOK {
		t.Errorf("assets folder: exit %d: %s", code, errb.String())
	}
}

// TestParseZoneFlag: the speaker's seat is one of the cabin's; any other
// word was taken as a seat ("Moon seat heating on.", exit 0).
func TestParseZoneFlag(t *testing.T) {
	code, out, errOut := runCLI(t, "parse", "--session", "--zone", "moon", "turn on seat heating")
	if code != exitInvalid || out != "" || !strings.Contains(errOut, `--zone: unknown seat "moon"; valid: driver, passenger, rear_left, rear_right`) {
		t.Errorf("--zone moon: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, _, errOut := runCLI(t, "parse", "--session", "--zone", "pasenger", "hi"); !strings.Contains(errOut, "did you mean passenger?") {
		t.Errorf("--zone pasenger: %q", errOut)
	}
	if code, out, _ := runCLI(t, "parse", "--session", "--zone", "passenger", "turn on seat heating"); code != exitOK || !strings.Contains(out, `"seat":"passenger"`) {
		t.Errorf("--zone passenger: exit %d, %s", code, out)
	}
}
