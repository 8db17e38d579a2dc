package main

import (
	"os"
	"syscall"
)

// stopSignals end a session the way quitting does: what is in progress is
// saved (the recording, the sound, the drill's record) and the terminal
// restored. SIGINT is Ctrl-C where the terminal is not in raw mode (in the
// cockpit Ctrl-C is a key), SIGTERM is kill's default, SIGHUP a closed
// terminal or ssh session.
var stopSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// Exit statuses of a session ended by a signal: 128 + the signal's
// number, as a shell reports a process the signal killed, so a script
// sees the same status whether or not the program had time to save.
const (
	exitSIGHUP  = 128 + 1  // 129
	exitSIGINT  = 128 + 2  // 130
	exitSIGTERM = 128 + 15 // 143
)

// signalExit is the exit status for a session ended by sig.
func signalExit(sig os.Signal) int {
	switch sig {
	case syscall.SIGHUP:
		return exitSIGHUP
	case syscall.SIGINT:
		return exitSIGINT
	case syscall.SIGTERM:
		return exitSIGTERM
	}
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitFailed
}

// signalName is how messages name a signal (the Go name, "terminated",
// means less to a user than the one kill takes).
func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// signalHelp is the exit-status paragraph of every command that runs a
// session, for its --help.
const signalHelp = `SIGINT, SIGTERM and SIGHUP end the session as quitting does: what is in
progress (the recording, --record, --audio-out, a drill's record) is saved,
or stderr says what was lost, the terminal is restored, and the exit status
is 128 + the signal's number: 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP).
`
