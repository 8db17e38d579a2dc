//go:build noaudio

package chime

// openDevice is compiled without any device code under the noaudio tag, so
// the binary links neither oto nor pulse.
func openDevice(Options) Player {
	return Silent{Short: "built without audio", Detail: "built with -tags noaudio"}
}
