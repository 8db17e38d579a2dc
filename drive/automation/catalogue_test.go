package automation

import (
	"io/fs"
	"regexp"
	"sync"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/drive/msg"
)

// catalogues are the strings of assets/ui by language. The machine's
// messages are only keys: every test that steps it checks that each
// message it emitted is a sentence in every language (checkSaid), so a key
// built at run time ("automation.reason." + code) cannot go missing
// unseen. cockpit/i18n tests how they read.
var catalogues = sync.OnceValues(func() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, lang := range []string{"en", "zh"} {
		names, err := fs.Glob(assets.FS(), "ui/"+lang+"/*.yaml")
		if err != nil {
			return nil, err
		}
		strs := map[string]string{}
		for _, name := range append(names, "ui/"+lang+".yaml") {
			data, err := fs.ReadFile(assets.FS(), name)
			if err != nil {
				return nil, err
			}
			var f struct {
				Strings map[string]string `yaml:"strings"`
			}
			if err := yaml.Unmarshal(data, &f); err != nil {
				return nil, err
			}
			for k, v := range f.Strings {
				strs[k] = v
			}
		}
		out[lang] = strs
	}
	return out, nil
})

var placeholderRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// checkSaid fails t unless every language has m's key, every placeholder
// of its sentence is one of m's arguments, and its terms and inner
// messages are there too.
func checkSaid(t testing.TB, m msg.Msg) {
	t.Helper()
	cats, err := catalogues()
	if err != nil {
		t.Fatal(err)
	}
	if m.IsZero() {
		t.Errorf("a message without a key")
		return
	}
	for lang, strs := range cats {
		s, ok := strs[m.Key]
		if !ok {
			t.Errorf("%s: %q is not in the catalogue (%s)", lang, m.Key, m)
			continue
		}
		for _, p := range placeholderRE.FindAllStringSubmatch(s, -1) {
			found := false
			for _, a := range m.Args {
				found = found || a.Name == p[1]
			}
			if !found {
				t.Errorf("%s: %s needs {%s}; the message has %s", lang, m.Key, p[1], m)
			}
		}
		for _, a := range m.Args {
			if _, ok := strs[a.Str]; a.Kind == msg.KindTerm && !ok {
				t.Errorf("%s: term %q of %s is not in the catalogue", lang, a.Str, m)
			}
		}
	}
	for _, a := range m.Args {
		if a.Kind == msg.KindMsg && a.Sub != nil {
			checkSaid(t, *a.Sub)
		}
	}
}

// Every reason, in each of its forms, is a phrase in every language.
func TestEveryReasonIsInTheCatalogues(t *testing.T) {
	codes := []ReasonCode{ReasonRoadType, ReasonNotDivided, ReasonMixedTraffic, ReasonMarkings, ReasonVisibility,
		ReasonWeather, ReasonNight, ReasonSpeed, ReasonNoLead, ReasonNotCongested, ReasonFault, ReasonBoundary, ReasonFogAhead,
		ReasonRoadworks, ReasonCrashAhead, ReasonLostMarkings, ReasonEmergencyVehicle, ReasonNotSeated,
		ReasonBeltOff, ReasonLocked, ReasonStabilising, ReasonL2Locked, ReasonPlannedExit, ReasonUnavailable,
		ReasonOutOfSeat, ReasonPedalOverride, ReasonEyesOffOverride, ReasonDisengageNoHands, ReasonSevereFault,
		"a_code_of_a_newer_build"}
	words := append(append(append([]string{"", "landslide"}, RoadTypeNames...), WeatherNames...), markingNames...)
	for _, c := range codes {
		for _, w := range words {
			for _, v := range []float64{0, 12.4} {
				r := rawReason{code: c, value: v, limit: 50, word: w}.reason()
				checkSaid(t, r.Msg)
				checkSaid(t, msg.New("automation.takeover_requested", msg.Sub("reason", r.Msg)))
			}
		}
	}
}
