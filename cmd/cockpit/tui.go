package main

import (
	"fmt"
	"io"
)

// runTUI opens the full-screen cockpit. Until the UI lands it prints the
// help, so `go run ./cmd/cockpit` always does something useful.
func runTUI(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fmt.Fprint(stdout, usage)
	return exitOK
}
