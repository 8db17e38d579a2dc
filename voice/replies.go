package voice

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/nevsim/cockpit/assets/datafile"
)

// replyText is one reply in both languages.
type replyText struct {
	EN string `yaml:"en"`
	ZH string `yaml:"zh"`
}

// replyFile is the YAML form of voice/replies.yaml.
type replyFile struct {
	Replies map[string]replyText `yaml:"replies"`
}

// requiredReplies are the reply keys the Session uses; a replies file
// missing one is rejected at load.
var requiredReplies = []string{
	"ok", "done", "not_understood", "which_seat", "which_zone", "which_window",
	"which_destination", "what_to_play", "who_to_call", "confirm", "confirmed", "cancelled",
	"nothing_to_confirm", "nothing_to_undo", "undone", "help", "navigating", "searching",
	"playing", "calling", "too_fast",
}

func (p *Parser) loadReplies(fsys fs.FS) error {
	var f replyFile
	doc, err := datafile.Decode(fsys, repliesFile, &f)
	if err != nil {
		return err
	}
	var missing []string
	for _, k := range requiredReplies {
		r, ok := f.Replies[k]
		if !ok {
			missing = append(missing, k)
			continue
		}
		if r.EN == "" || r.ZH == "" {
			return doc.Errorf("replies."+k, "reply %q needs both en and zh", k)
		}
	}
	if len(missing) > 0 {
		return doc.Errorf("replies", "missing replies: %s", strings.Join(missing, ", "))
	}
	p.replies = f.Replies
	return nil
}

// reply formats reply key in lang with {name} placeholders from args.
func (p *Parser) reply(lang, key string, args ...string) string {
	r, ok := p.replies[key]
	if !ok {
		return key
	}
	s := r.EN
	if lang == "zh" {
		s = r.ZH
	}
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+args[i]+"}", args[i+1])
	}
	return s
}

var _ = fmt.Sprintf
