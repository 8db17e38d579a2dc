package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/viss"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// vissFlags are the flags that put a VISS v2 server in front of a drive
// (the cockpit's and `cockpit run --realtime`'s).
type vissFlags struct {
	addr, token *string
	remote      *bool
}

func addVissFlags(fset *flag.FlagSet) *vissFlags {
	return &vissFlags{
		addr:   fset.String("viss", "", "serve the car's signals over W3C VISS v2 (WebSocket) at ADDR, e.g. 127.0.0.1:8090 (docs/viss.md)"),
		token:  fset.String("viss-token", "", "require this token of every VISS client (needed with --viss-allow-remote)"),
		remote: fset.Bool("viss-allow-remote", false, "let --viss listen on an address other machines reach (needs --viss-token)"),
	}
}

// check refuses the VISS flags that make no sense without --viss.
func (f *vissFlags) check() error {
	if *f.addr == "" && (*f.token != "" || *f.remote) {
		return errors.New("--viss-token and --viss-allow-remote go with --viss ADDR")
	}
	return nil
}

// open starts the server when --viss was given (nil otherwise) and says
// where it listens on stderr; the car's refusals of a write are worded
// in English (the catalogue's en table) for the clients.
func (f *vissFlags) open(cmd string, cat *signal.Catalog, en *i18n.Table, m *world.Map, stderr io.Writer) (*viss.Hub, error) {
	if *f.addr == "" {
		return nil, nil
	}
	hub, err := viss.Listen(viss.Config{
		Addr:        *f.addr,
		Catalog:     cat,
		AllowRemote: *f.remote,
		Token:       *f.token,
		Describe:    func(ev sim.Event) string { return en.Describe(ev, m) },
	})
	if err != nil {
		return nil, fmt.Errorf("--viss: %w", err)
	}
	fmt.Fprintf(stderr, "%s: VISS v2 server at %s (sub-protocol %s; docs/viss.md)\n", cmd, hub.URL(), viss.Subprotocol)
	return hub, nil
}
