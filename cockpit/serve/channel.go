package serve

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Session requests a visitor may make. Everything else (exec, subsystem
// such as sftp, auth-agent-req@openssh.com, x11-req, and any request not
// listed) is answered no before charm.land/ssh sees it: that library
// answers agent forwarding yes, and an exec would run the cockpit with a
// command line nobody reads.
var allowedRequests = map[string]bool{
	"pty-req":       true,
	"shell":         true,
	"env":           true,
	"window-change": true,
	"signal":        true,
	"break":         true,
}

// Bounds on what a client may send before its shell starts: charm.land/ssh
// keeps every env request, so a client looping on them would grow the
// server's memory without end.
const (
	maxEnv     = 64
	maxEnvSize = 4096
)

// filteredSession is the "session" channel handler: the library's own,
// given the channel's requests through filterRequests.
func filteredSession(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, filterChannel{newChan}, ctx)
}

type filterChannel struct{ gossh.NewChannel }

// Accept accepts the channel and filters its requests.
func (c filterChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go filterRequests(reqs, out)
	return ch, out, nil
}

// filterRequests passes on the allowed requests and refuses the rest.
// It closes out when in closes, which ends the library's session loop.
func filterRequests(in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	envs := 0
	for req := range in {
		ok := allowedRequests[req.Type]
		if req.Type == "env" {
			envs++
			ok = envs <= maxEnv && len(req.Payload) <= maxEnvSize
		}
		if !ok {
			if req.WantReply {
				_ = req.Reply(false, nil)
			}
			continue
		}
		out <- req
	}
}
