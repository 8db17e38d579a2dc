package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	ossignal "os/signal"
	"time"

	"github.com/nevsim/cockpit/cockpit/i18n"
	"github.com/nevsim/cockpit/cockpit/viss"
	"github.com/nevsim/cockpit/drive/session"
	"github.com/nevsim/cockpit/drive/signal"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/world"
)

// maxSpeed bounds --speed: past it the steps come faster than a terminal
// or a VISS client follows them, and that is what a plain run is for.
const maxSpeed = 100

// checkRealtime refuses flag combinations of `cockpit run` that cannot do
// what they say: a VISS server of a drive that is over in a blink, a speed
// of a run that is not paced.
func checkRealtime(fset *flag.FlagSet, realtime bool, vf *vissFlags) error {
	if err := vf.check(); err != nil {
		return err
	}
	if *vf.addr != "" && !realtime {
		return errors.New("--viss needs --realtime: without it the drive is simulated as fast as possible and over before a client could connect")
	}
	speedSet := false
	fset.Visit(func(f *flag.Flag) { speedSet = speedSet || f.Name == "speed" })
	if speedSet && !realtime {
		return errors.New("--speed goes with --realtime")
	}
	return nil // --speed's range is checked as it is parsed (rangedInt)
}

// pacer plays a run at wall-clock pace (times speed) and, with --viss,
// serves it: before each step it waits for the step's time and hands the
// session the clients' writes; after it, it answers them and publishes
// the values. All of it on the run's goroutine, the session's own.
type pacer struct {
	step  time.Duration
	start time.Time
	n     int
	hub   *viss.Hub
	out   *bufio.Writer
	stop  chan os.Signal
	timer *time.Timer
	// sig is the stop signal (Ctrl-C, SIGTERM, SIGHUP) that ended the
	// run at stoppedAt; nil when the drive ran to its end.
	sig       os.Signal
	stoppedAt sim.Millis
	stderr    io.Writer
}

func newPacer(speed int, vf *vissFlags, afs fs.FS, en *i18n.Table, m *world.Map, out *bufio.Writer, stderr io.Writer) (*pacer, error) {
	p := &pacer{
		step:   time.Duration(sim.Step) * time.Millisecond / time.Duration(speed),
		out:    out,
		stop:   make(chan os.Signal, 1),
		timer:  time.NewTimer(time.Hour),
		stderr: stderr,
	}
	// Ctrl-C, SIGTERM and SIGHUP end the drive where it is (the server
	// tells its clients), rather than killing the process mid-line; from
	// before the address is printed, so a client never sees a server that
	// dies unannounced, until release, after the files are written.
	ossignal.Notify(p.stop, stopSignals...)
	if *vf.addr != "" {
		cat, err := signal.Load(afs)
		if err != nil {
			p.close()
			return nil, err
		}
		if p.hub, err = vf.open("cockpit run", cat, en, m, stderr); err != nil {
			p.close()
			return nil, err
		}
	}
	return p, nil
}

// hook puts the pacer around each step of the run, and gives the run the
// catalogue the server serves.
func (p *pacer) hook(opts *session.RunOptions) {
	opts.BeforeStep = p.before
	opts.AfterStep = p.after
	if p.hub != nil {
		opts.Signals = p.hub.Catalog()
	}
}

func (p *pacer) before(s *session.Session) bool {
	if p.n == 0 {
		p.start = time.Now()
		p.publish(s)
	}
	due := p.start.Add(time.Duration(p.n) * p.step)
	p.n++
	if wait := time.Until(due); wait > 0 {
		p.timer.Reset(wait)
		select {
		case sig := <-p.stop:
			p.sig, p.stoppedAt = sig, s.State().Time
			return false
		case <-p.timer.C:
		}
	} else {
		if wait < -time.Second { // far behind (a stalled machine): do not rush to catch up
			p.start, p.n = time.Now(), 1
		}
		select {
		case sig := <-p.stop:
			p.sig, p.stoppedAt = sig, s.State().Time
			return false
		default:
		}
	}
	if p.hub != nil {
		p.hub.Drain(s.SetSignal)
	}
	return true
}

func (p *pacer) after(s *session.Session, out *session.Output) {
	if p.hub != nil {
		// The new values first, then the answers: a client told its
		// write was carried out reads the written value at once.
		p.publish(s)
		p.hub.Settle(out.Sets)
	}
	if len(out.Events) > 0 {
		_ = p.out.Flush() // a paced timeline is read as it happens
	}
}

// release stops catching signals: call it once the run's files are
// written, so a second signal cannot kill the process half way through.
func (p *pacer) release() { ossignal.Stop(p.stop) }

// exit is the run's status after a stop signal (128 + its number), or
// status when the drive ran to its end.
func (p *pacer) exit(status int) int {
	if p == nil || p.sig == nil {
		return status
	}
	return signalExit(p.sig)
}

func (p *pacer) publish(s *session.Session) {
	if p.hub != nil {
		p.hub.Publish(s.State().Time, s.ReadSignals)
	}
}

// close stops the server (its clients are told) once the drive is over;
// the signal handler stays until release.
func (p *pacer) close() {
	p.timer.Stop()
	if p.sig != nil {
		fmt.Fprintf(p.stderr, "cockpit run: interrupted at %.1f s by %s; the files written and the expectations below are of the drive so far\n", p.stoppedAt.Seconds(), signalName(p.sig))
	}
	if p.hub != nil {
		_ = p.hub.Close()
	}
}
