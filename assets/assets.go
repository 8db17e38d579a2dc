// Package assets embeds the data a designer may change without touching Go:
// vehicle profiles, maps, scenarios, voice lexicons, sounds and themes.
//
// Everything is read through an fs.FS so that tests and users can substitute
// their own files (os.DirFS) for the embedded ones.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed vehicles maps scenarios voice themes ui sounds cabin assistant automation signals controls flows hmi kiosk
var embedded embed.FS

// FS returns the embedded asset tree. Paths are relative to the assets
// folder, e.g. "vehicles/xiaomi-su7-max.yaml".
func FS() fs.FS { return embedded }
