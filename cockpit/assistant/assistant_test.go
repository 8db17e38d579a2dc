package assistant_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nevsim/cockpit/assets"
	"github.com/nevsim/cockpit/cockpit/assistant"
	"github.com/nevsim/cockpit/drive/sim"
	"github.com/nevsim/cockpit/drive/vehicle"
	"github.com/nevsim/cockpit/drive/world"
	"github.com/nevsim/cockpit/voice"
)

type rig struct {
	a *assistant.Assistant
	s *sim.Sim
}

func newRig(t *testing.T, vehicleID string) *rig {
	t.Helper()
	p, err := voice.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := world.LoadDefault(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := vehicle.LoadAll(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	prof, err := vehicle.Find(profiles, vehicleID)
	if err != nil {
		t.Fatal(err)
	}
	phrases, err := assistant.LoadPhrases(assets.FS())
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.New(sim.Config{Profile: prof, Map: m, StartPlace: "home", StartClockS: 10 * 3600, SoC: 0.6, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{a: assistant.New(p, m, phrases, assistant.Options{}), s: s}
}

// say sends an utterance and applies its commands in the next step.
func (r *rig) say(text string) (assistant.Reply, []sim.Event) {
	rep := r.a.Handle(text, r.s.State())
	ev := r.s.Step(sim.Inputs{Driver: sim.AttentiveDriver, Commands: rep.Commands})
	return rep, append([]sim.Event(nil), ev...)
}

func hasEvent(ev []sim.Event, k sim.EventKind, subject string) bool {
	for _, e := range ev {
		if e.Kind == k && (subject == "" || e.Subject == subject) {
			return true
		}
	}
	return false
}

func TestNavigateByNameAndCategoryPlansTheRoute(t *testing.T) {
	r := newRig(t, "xiaomi-su7")
	rep, ev := r.say("navigate to Daxing Airport")
	if !hasEvent(ev, sim.EventRoutePlanned, "daxing-airport") {
		t.Fatalf("no route to the airport; reply %q, events %v", rep.Text, ev)
	}
	if !strings.Contains(rep.Text, "Daxing") {
		t.Errorf("reply %q", rep.Text)
	}
	rep, ev = r.say("导航到最近的充电站")
	if len(ev) == 0 || !hasEvent(ev, sim.EventRoutePlanned, "") || !strings.HasPrefix(ev[0].Subject, "cs-") {
		t.Fatalf("no route to a charger; reply %q, events %v", rep.Text, ev)
	}
	if rep.Lang != "zh" || !strings.Contains(rep.Text, "公里") {
		t.Errorf("a Chinese request got %q (%s)", rep.Text, rep.Lang)
	}
}

func TestQueriesAnswerFromTheCarsState(t *testing.T) {
	r := newRig(t, "xpeng-x9-erev")
	for text, want := range map[string]string{
		"how much range is left":    "km of range left",
		"还剩多少电":                     "电量还有60%",
		"what is the tire pressure": "2.5 bar",
		"how much fuel is left":     "The tank is",
		"how long until we arrive":  "There is no route",
	} {
		rep, _ := r.say(text)
		if !strings.Contains(rep.Text, want) {
			t.Errorf("%q → %q, want it to contain %q", text, rep.Text, want)
		}
	}
	r.say("take me to work")
	rep, _ := r.say("how long until we arrive")
	if !strings.Contains(rep.Text, "min to CBD Tower 3 office") {
		t.Errorf("ETA reply %q", rep.Text)
	}
}

func TestRoutePreferenceReroutes(t *testing.T) {
	r := newRig(t, "xiaomi-su7")
	_, ev := r.say("navigate to Daxing Airport")
	if !hasEvent(ev, sim.EventRoutePlanned, "") {
		t.Fatal("no route")
	}
	st := r.s.State()
	old := st.Route
	rep, _ := r.say("avoid tolls")
	if !strings.Contains(rep.Text, "avoiding tolls") {
		t.Errorf("reply %q", rep.Text)
	}
	// The new route takes over where the current road ends.
	for i := 0; i < 6000 && st.Route == old; i++ {
		r.s.Step(sim.Inputs{Driver: sim.AttentiveDriver})
	}
	if old.TollCNY == 0 || st.Route.TollCNY != 0 {
		t.Errorf("toll before %v, after %v", old.TollCNY, st.Route.TollCNY)
	}
}

func TestDriveModeLanguageAndUnsupportedFeatures(t *testing.T) {
	r := newRig(t, "xiaomi-su7")
	_, ev := r.say("switch to sport mode")
	if r.s.State().DriveMode != sim.DriveSport || !hasEvent(ev, sim.EventDriveMode, "sport") {
		t.Error("sport mode not set")
	}
	rep, _ := r.say("switch to Chinese")
	if len(rep.UI) == 0 || rep.UI[0].Kind != "language" || rep.UI[0].Value != "zh" {
		t.Errorf("UI actions %v", rep.UI)
	}
	rep, _ = r.say("set the following distance to 3")
	if !strings.Contains(rep.Text, "isn't available") && !strings.Contains(rep.Text, "暂不支持") {
		t.Errorf("an unsupported feature got %q", rep.Text)
	}
	// parking is simulated now: outside a car park it says where it works
	rep, _ = r.say("park in the spot on the left")
	if !strings.Contains(rep.Text, "car park") && !strings.Contains(rep.Text, "停车场") {
		t.Errorf("parking outside a car park got %q", rep.Text)
	}
}

func TestSearchShowsResultsWithoutGuidance(t *testing.T) {
	r := newRig(t, "xiaomi-su7")
	rep, ev := r.say("find a coffee shop nearby")
	if hasEvent(ev, sim.EventRoutePlanned, "") {
		t.Error("a search started guidance")
	}
	var search *assistant.UIAction
	for i := range rep.UI {
		if rep.UI[i].Kind == "search" {
			search = &rep.UI[i]
		}
	}
	if search == nil || len(search.Results) == 0 || search.Results[0].Category != "coffee" {
		t.Fatalf("search action %+v; reply %q", search, rep.Text)
	}
}

func TestPhrasesAreValidated(t *testing.T) {
	fsys := fstest.MapFS{"assistant/replies.yaml": {Data: []byte("replies:\n  eta: {en: x}\n")}}
	_, err := assistant.LoadPhrases(fsys)
	if err == nil || !strings.Contains(err.Error(), "assistant/replies.yaml") {
		t.Errorf("an incomplete phrase file loaded: %v", err)
	}
}

func TestCabinIntentsActOnTheCabin(t *testing.T) {
	r := newRig(t, "xiaomi-su7")
	st := r.s.State()
	cases := []struct {
		say   string
		check func() bool
	}{
		{"turn on seat heating", func() bool { return st.Cabin.Seats[0].Heat == 2 }},
		{"warmer", func() bool { return st.Cabin.Seats[0].Heat == 3 || st.Cabin.Climate.TempC[0] > 22 }},
		{"把空调温度调到二十四度", func() bool { return st.Cabin.Climate.On && st.Cabin.Climate.TempC[0] == 24 }},
		{"fan speed 5", func() bool { return st.Cabin.Climate.Fan == 5 }},
		{"open the driver window halfway", func() bool { return st.Cabin.Windows.Pos[0] == 50 }},
		{"turn on ambient lights blue", func() bool { return st.Cabin.Lights.Ambient && st.Cabin.Lights.AmbientColor == "blue" }},
	}
	for _, c := range cases {
		rep, ev := r.say(c.say)
		if !c.check() {
			t.Errorf("%q: cabin unchanged; reply %q, events %v", c.say, rep.Text, ev)
		}
	}
	rep, ev := r.say("turn on seat heating for rear left")
	if !strings.Contains(rep.Text, "rear left") || hasEvent(ev, "seat.heat", "rear_left") {
		t.Errorf("an empty seat: reply %q, events %v", rep.Text, ev)
	}
	rep, _ = r.say("打开左后座椅加热")
	if rep.Lang != "zh" || strings.Contains(rep.Text, "Nobody") {
		t.Errorf("the refusal is not in Chinese: %q", rep.Text)
	}
}

func TestMediaAndPhoneIntentsAct(t *testing.T) {
	r := newRig(t, "xiaomi-su7")
	st := r.s.State()
	r.say("播放周杰伦的歌")
	if !st.Infotainment.Media.Playing || st.Infotainment.Media.Title != "周杰伦" {
		t.Errorf("media %+v", st.Infotainment.Media)
	}
	r.say("next song")
	r.say("volume up")
	if st.Infotainment.Media.Track != 2 || st.Infotainment.Media.Volume != 40 {
		t.Errorf("media %+v", st.Infotainment.Media)
	}
	r.say("call Mom")
	if st.Infotainment.Phone.State == "idle" {
		t.Errorf("phone %+v", st.Infotainment.Phone)
	}
	rep, _ := r.say("接听")
	if rep.Lang != "zh" || !strings.Contains(rep.Text, "来电") {
		t.Errorf("answering with nobody calling: %q", rep.Text)
	}
}

// TestBrokenReplyTemplateIsRefused: a reply with a broken placeholder would
// reach the driver as "{what."; the bundled file with one such edit is
// refused at the text's line.
func TestBrokenReplyTemplateIsRefused(t *testing.T) {
	data, err := fs.ReadFile(assets.FS(), "assistant/replies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "About {min} min to {place}", "About {min} min to {what.", 1)
	if broken == string(data) {
		t.Fatal("the eta reply changed: update the test's edit")
	}
	fsys := fstest.MapFS{"assistant/replies.yaml": {Data: []byte(broken)}}
	for _, f := range []string{"ui/en.yaml", "ui/zh.yaml"} {
		if b, err := fs.ReadFile(assets.FS(), f); err == nil {
			fsys[f] = &fstest.MapFile{Data: b}
		}
	}
	_, err = assistant.LoadPhrases(fsys)
	if err == nil || !strings.Contains(err.Error(), "assistant/replies.yaml:5:") {
		t.Errorf("a broken template loaded, or not at its line: %v", err)
	}
}
