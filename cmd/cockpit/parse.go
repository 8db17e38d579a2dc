package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nevsim/cockpit/assets/datacheck"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/voice"
)

// maxParseLine bounds one input line of `cockpit parse`. Longer lines are
// read to their end but only this much is kept: the answer is still one
// JSON line, and memory stays bounded whatever is piped in.
const maxParseLine = 1 << 20

// parseOutput is one JSON line of `cockpit parse`: SCHEMA.md's object, plus
// the dialogue's reply and resolved commands with --session.
type parseOutput struct {
	Text     string          `json:"text"`
	Lang     string          `json:"lang"`
	Intents  []voice.Intent  `json:"intents"`
	Reply    string          `json:"reply,omitempty"`
	Commands []voice.Command `json:"commands,omitempty"`
	Awaiting voice.Awaiting  `json:"awaiting,omitempty"`
	Explain  string          `json:"explain,omitempty"`
}

// maxParseSpeedKmh bounds parse's --speed: faster than any car the
// cockpit simulates, so nothing real is refused.
const maxParseSpeedKmh = 400

// runParse implements `cockpit parse [--lang en|zh|auto] [--session]
// [--zone SEAT] [--speed KMH] [--explain] [--assets DIR] [TEXT...]`: each argument, or
// with none each stdin line, is parsed on its own and printed as one JSON
// line (flushed at once, so a caller can talk to it line by line). With
// --session the lines form one conversation and each line also carries the
// assistant's reply and the resolved commands.
func runParse(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("cockpit parse", flag.ContinueOnError)
	fset.SetOutput(stderr)
	lang := fset.String("lang", "auto", "reported language: en, zh or auto (detect per utterance)")
	session := fset.Bool("session", false, "treat the lines as one conversation (dialogue replies, carry-over)")
	zone := fset.String("zone", voice.SeatDriver, "with --session: the speaker's seat (driver, passenger, rear_left, rear_right, or \"\" for unknown)")
	speed := rangedFloat(fset, "speed", 0, 0, maxParseSpeedKmh, "km/h", "with --session: vehicle speed in km/h, for safety confirmations (0 to 400)")
	explain := fset.Bool("explain", false, "add the tokens and command segments the parser saw")
	assetDir := fset.String("assets", "", "read the voice data (voice/…) from this folder instead of the built-in assets")
	var texts []string
	rest := args
	for {
		if err := fset.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitInvalid
		}
		if fset.NArg() == 0 {
			break
		}
		texts = append(texts, fset.Arg(0))
		rest = fset.Args()[1:]
	}
	switch *lang {
	case "auto", "":
		*lang = ""
	case "en", "zh":
	default:
		fmt.Fprintf(stderr, "cockpit parse: --lang must be en, zh or auto, not %q\n", *lang)
		return exitInvalid
	}
	// the speaker's seat names a cabin zone the session acts on: an unknown
	// one was taken as a seat ("Moon seat heating on.")
	switch *zone {
	case voice.SeatDriver, voice.SeatPassenger, voice.SeatRearLeft, voice.SeatRearRight, "":
	default:
		fmt.Fprintf(stderr, "cockpit parse: --zone: %s\n", datacheck.Unknown("seat", *zone,
			[]string{voice.SeatDriver, voice.SeatPassenger, voice.SeatRearLeft, voice.SeatRearRight}))
		return exitInvalid
	}
	var p *voice.Parser
	var err error
	if *assetDir != "" {
		p, err = voice.Load(os.DirFS(*assetDir))
	} else {
		p, err = voice.Default()
	}
	if err != nil {
		fmt.Fprintf(stderr, "cockpit parse: %v\n", err)
		return exitFailed
	}
	var sess *voice.Session
	if *session {
		// The car's confirmation rule, for a car at --speed (seated
		// driver, no parking, no automation): what the cockpit would ask.
		sess = voice.NewSession(p, voice.SessionOptions{Zone: *zone, Lang: *lang,
			NeedsConfirm: func(c voice.Command, ctx voice.Context) bool {
				var st sim.State
				st.Vehicle.SpeedMps = ctx.SpeedKmh / 3.6
				z := *zone
				if z == "" {
					z = voice.SeatDriver
				}
				return assistant.NeedsConfirm(c, z, &st)
			}})
	}

	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	emit := func(text string) error {
		var out parseOutput
		if sess != nil {
			t := sess.Handle(text, voice.Context{SpeedKmh: *speed})
			out = parseOutput{Text: t.Text, Lang: t.Lang, Intents: t.Heard, Reply: t.Reply, Commands: t.Commands, Awaiting: t.Awaiting}
		} else {
			r := p.ParseLang(text, *lang)
			out = parseOutput{Text: r.Text, Lang: r.Lang, Intents: r.Intents}
		}
		if *explain {
			out.Explain = p.Explain(text)
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
		return w.Flush()
	}

	if len(texts) > 0 {
		for _, t := range texts {
			if err := emit(t); err != nil {
				fmt.Fprintf(stderr, "cockpit parse: %v\n", err)
				return exitFailed
			}
		}
		return exitOK
	}
	r := bufio.NewReaderSize(stdin, 64<<10)
	for {
		line, err := readLine(r, maxParseLine)
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintf(stderr, "cockpit parse: reading input: %v\n", err)
			return exitFailed
		}
		if errors.Is(err, io.EOF) && line == "" {
			return exitOK
		}
		if werr := emit(line); werr != nil {
			fmt.Fprintf(stderr, "cockpit parse: %v\n", werr)
			return exitFailed
		}
		if errors.Is(err, io.EOF) {
			return exitOK
		}
	}
}

// readLine reads one line of any length, keeping at most limit bytes of it
// (bufio.Scanner would stop at 64 KB). A final line without a newline is
// returned with io.EOF; an empty input gives "" and io.EOF.
func readLine(r *bufio.Reader, limit int) (string, error) {
	var b strings.Builder
	for {
		chunk, err := r.ReadSlice('\n')
		if room := limit - b.Len(); room > 0 {
			b.Write(chunk[:min(len(chunk), room)])
		}
		switch {
		case err == nil:
			s := strings.TrimSuffix(b.String(), "\n")
			return strings.TrimSuffix(s, "\r"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return strings.TrimSuffix(b.String(), "\r"), io.EOF
		default:
			return b.String(), err
		}
	}
}
