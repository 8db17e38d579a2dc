//go:build !unix

package chime

import "os"

// lockTemp does nothing where there is no flock: the clean-up of stale
// temporary files then goes by their age alone.
func lockTemp(*os.File) {}
