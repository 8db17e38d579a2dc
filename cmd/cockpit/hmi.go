package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/nevsim/cockpit/assets/hmifile"
	"github.com/nevsim/cockpit/drive/hmi"
	"github.com/nevsim/cockpit/drive/session"
)

// hmiHelp is the --hmi line of every command's help.
const hmiHelp = `  --hmi FILE          drive with this takeover HMI instead of the shipped
                      assets/hmi/takeover.yaml: the banner's texts, colours,
                      tones, vibration and the request's timings (docs/l3.md,
                      "The takeover HMI as data"); a file that breaks a UN R157
                      rule is refused with the rule, its source and its
                      file:line:column (exit 2)
`

// loadHMIFlag reads the --hmi file, if one was named: nil, nil without.
func loadHMIFlag(path string) (*hmi.Takeover, error) {
	if path == "" {
		return nil, nil
	}
	return hmifile.LoadFile(path)
}

// takeoverHMI is the HMI a command drives with: the --hmi file (given),
// else the asset tree's shipped one, else nil (a designer's asset folder
// without hmi/: the built-in one, which nil means).
func takeoverHMI(given *hmi.Takeover, afs fs.FS) (*hmi.Takeover, error) {
	if given != nil {
		return given, nil
	}
	if _, err := fs.Stat(afs, hmi.DefaultPath); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return hmi.Default(afs)
}

// withHMI names a --hmi file in the recording's start, so a replay asks for
// the same file; the asset tree's own is covered by the version's hash.
func withHMI(st session.Start, given *hmi.Takeover) session.Start {
	if given != nil {
		st.HMI, st.HMISHA256 = given.Name, given.Digest
	}
	return st
}

// replayHMI is the HMI a recording is replayed with: the one it names must
// be the --hmi file given, and one that names none is replayed with the
// asset tree's own.
func replayHMI(rec *session.Recording, given *hmi.Takeover, afs fs.FS) (*hmi.Takeover, error) {
	st := rec.Start
	switch {
	case st.HMISHA256 == "" && given != nil:
		return nil, fmt.Errorf("%s: the drive was recorded with the shipped takeover HMI; replay it without --hmi", rec.File)
	case st.HMISHA256 != "" && given == nil:
		return nil, fmt.Errorf("%s: the drive was recorded with the takeover HMI %q (sha256 %s): give that file with --hmi FILE", rec.File, st.HMI, st.HMISHA256)
	case st.HMISHA256 != "" && given.Digest != st.HMISHA256:
		return nil, fmt.Errorf("%s: the drive was recorded with the takeover HMI %q (sha256 %s), but --hmi %s is another file (sha256 %s)",
			rec.File, st.HMI, st.HMISHA256, given.File, given.Digest)
	}
	return takeoverHMI(given, afs)
}
