// Package hmifile loads a takeover HMI file (drive/hmi) from a path on
// disk, as `--hmi FILE` names it. It is the one place that touches the file
// system for it: drive does no I/O and reads through an fs.FS.
package hmifile

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/nevsim/cockpit/assets/datafile"
	"github.com/nevsim/cockpit/drive/hmi"
)

// LoadFile reads and checks the HMI file at path: a regular file of at most
// datafile.MaxSize bytes (a FIFO or a device is refused before it is
// opened), with errors as path:line:column: field: message.
func LoadFile(path string) (*hmi.Takeover, error) {
	data, err := datafile.ReadFile(pathFS{}, path)
	if err != nil {
		return nil, err
	}
	return hmi.Parse(path, data)
}

// pathFS opens the path it is given as it was written on the command line,
// so errors quote the user's own path (os.DirFS would refuse "../x.yaml"
// and absolute paths).
type pathFS struct{}

// Open opens the file at name.
func (pathFS) Open(name string) (fs.File, error) { return os.Open(filepath.FromSlash(name)) }

// Stat looks at the file without opening it: datafile.ReadFile refuses a
// named pipe before an Open that would block.
func (pathFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(filepath.FromSlash(name)) }
