package automation

import (
	"math"
	"testing"
)

const stepMs = 50

func goodODD() ODD {
	return ODD{RoadType: "expressway", Divided: true, Markings: "good", VisibilityM: 10000, Weather: "clear",
		SpeedKmh: 72, LeadPresent: true, BoundaryAheadM: math.Inf(1)}
}

// readyDriver is seated and belted, eyes on the road, hands in the lap.
func readyDriver() Driver { return Driver{Seated: true, BeltOn: true, EyesOnRoad: true} }

// takeoverDriver is a valid takeover: hands, eyes and a steering input.
func takeoverDriver() Driver {
	return Driver{Seated: true, BeltOn: true, EyesOnRoad: true, HandsOnWheel: true, Steering: true}
}

// harness steps a machine in 50 ms steps and keeps every event.
type harness struct {
	t      *testing.T
	m      *Machine
	now    int64
	odd    ODD
	driver Driver
	out    Output
	events []Event
}

func newHarness(t *testing.T, p Params) *harness {
	h := &harness{t: t, m: New(p), odd: goodODD(), driver: readyDriver()}
	h.step(Input{})
	return h
}

// step runs one step with the harness's ODD and driver unless in sets them.
func (h *harness) step(in Input) Output {
	h.now += stepMs
	in.NowMs = h.now
	if in.ODD == (ODD{}) {
		in.ODD = h.odd
	}
	if in.Driver == (Driver{}) {
		in.Driver = h.driver
	}
	h.out = h.m.Step(in)
	checkStep(h.t, h.m, h.out)
	for _, e := range h.out.Events {
		h.events = append(h.events, e)
		checkSaid(h.t, e.Msg)
	}
	return h.out
}

// run advances by ms of plain steps.
func (h *harness) run(ms int64) {
	for end := h.now + ms; h.now < end; {
		h.step(Input{})
	}
}

func (h *harness) engage() {
	h.t.Helper()
	h.step(Input{EngageRequest: LevelL3})
	if h.out.State != StateActive {
		h.t.Fatalf("engage: state %s, events %v", h.out.State, h.events)
	}
}

func (h *harness) last(kind string) *Event {
	for i := len(h.events) - 1; i >= 0; i-- {
		if h.events[i].Kind == kind {
			return &h.events[i]
		}
	}
	return nil
}

func (h *harness) want(state State) {
	h.t.Helper()
	if h.out.State != state {
		h.t.Fatalf("at %d ms: state %s, want %s; events: %v", h.now, h.out.State, state, kinds(h.events))
	}
}

func kinds(evs []Event) []string {
	var s []string
	for _, e := range evs {
		s = append(s, e.Kind+"/"+e.Subject)
	}
	return s
}

func TestStartsOffThenAvailable(t *testing.T) {
	m := New(R157())
	out := m.Step(Input{NowMs: 0, ODD: ODD{}, Driver: Driver{}})
	if out.State != StateOff || len(out.Events) != 0 || out.Active {
		t.Fatalf("first step: %+v", out)
	}
	out = m.Step(Input{NowMs: 50, ODD: goodODD(), Driver: readyDriver()})
	if out.State != StateAvailable || len(out.Events) != 1 || out.Events[0].Kind != EventAvailable {
		t.Fatalf("available: %+v", out)
	}
	out = m.Step(Input{NowMs: 100, ODD: ODD{RoadType: "arterial"}, Driver: readyDriver()})
	if out.State != StateOff || len(out.Events) != 1 || out.Events[0].Kind != EventUnavailable || out.Events[0].Subject != string(ReasonRoadType) {
		t.Fatalf("unavailable: %+v", out)
	}
}

// TestPreconditions: each ODD or driver condition alone makes L3
// unavailable, an engage request is refused with that reason, and the
// refusal explains it in both languages.
func TestPreconditions(t *testing.T) {
	china50 := R157()
	china50.MaxSpeedKmh, china50.RequireLead, china50.CongestedBelowKmh = 50, true, 50
	dp := R157()
	dp.DaylightOnly, dp.MaxSpeedKmh = true, 95
	cases := []struct {
		name   string
		p      Params
		odd    func(*ODD)
		driver func(*Driver)
		want   ReasonCode
		text   string
	}{
		{"arterial", R157(), func(o *ODD) { o.RoadType = "arterial" }, nil, ReasonRoadType, "automation.reason.road_type(road=sim.road_type.arterial)"},
		{"not divided", R157(), func(o *ODD) { o.Divided = false }, nil, ReasonNotDivided, "automation.reason.not_divided"},
		{"mixed traffic", R157(), func(o *ODD) { o.MixedTraffic = true }, nil, ReasonMixedTraffic, "automation.reason.mixed_traffic"},
		{"worn markings", R157(), func(o *ODD) { o.Markings = "worn" }, nil, ReasonMarkings, "automation.reason.markings(state=automation.markings.worn)"},
		{"snow", R157(), func(o *ODD) { o.Weather = "snow" }, nil, ReasonWeather, "automation.reason.weather(weather=automation.weather.snow)"},
		{"fog 12 m", R157(), func(o *ODD) { o.Weather, o.VisibilityM = "rain", 12 }, nil, ReasonVisibility, "automation.reason.visibility(value=12, limit=50)"},
		{"night, Drive Pilot", dp, func(o *ODD) { o.Night = true }, nil, ReasonNight, "automation.reason.night"},
		{"too fast", R157(), func(o *ODD) { o.SpeedKmh = 131 }, nil, ReasonSpeed, "automation.reason.speed(value=131, limit=130)"},
		{"no lead, China 50", china50, func(o *ODD) { o.LeadPresent, o.SpeedKmh = false, 30 }, nil, ReasonNoLead, "automation.reason.no_lead"},
		{"traffic not congested, China 50", china50, func(o *ODD) { o.LeadPresent, o.LeadSpeedKmh, o.SpeedKmh = true, 72, 45 }, nil, ReasonNotCongested, "automation.reason.not_congested(value=72, limit=50)"},
		{"fault", R157(), func(o *ODD) { o.SystemFault = true }, nil, ReasonFault, "automation.reason.fault"},
		{"exit in 300 m at 72 km/h", R157(), func(o *ODD) { o.BoundaryAheadM = 300 }, nil, ReasonBoundary, "automation.reason.boundary(m=300)"},
		{"roadworks ahead", R157(), func(o *ODD) { o.UnplannedAhead, o.UnplannedAheadM = "roadworks", 800 }, nil, ReasonRoadworks, "automation.reason.roadworks.at(m=800)"},
		{"not seated", R157(), nil, func(d *Driver) { d.Seated = false }, ReasonNotSeated, "automation.reason.not_seated"},
		{"belt off", R157(), nil, func(d *Driver) { d.BeltOn = false }, ReasonBeltOff, "automation.reason.belt_off"},
		{"eyes closed", R157(), nil, func(d *Driver) { d.EyesClosed = true }, ReasonUnavailable, "automation.reason.driver_unavailable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.p)
			if c.odd != nil {
				c.odd(&h.odd)
			}
			if c.driver != nil {
				c.driver(&h.driver)
			}
			ok, rs := h.m.Availability(h.odd, h.driver)
			if ok || len(rs) != 1 || rs[0].Code != c.want || rs[0].Msg.String() != c.text {
				t.Fatalf("Availability = %v %+v, want only %s containing %q", ok, rs, c.want, c.text)
			}
			h.step(Input{EngageRequest: LevelL3})
			h.want(StateOff)
			e := h.last(EventRefused)
			if e == nil || e.Subject != string(c.want) || e.Msg.String() != "automation.engage_refused.l3(reason="+c.text+")" {
				t.Fatalf("refusal: %+v", e)
			}
		})
	}
}

func TestEngage(t *testing.T) {
	h := newHarness(t, R157())
	h.want(StateAvailable)
	h.engage()
	if !h.out.Active || h.out.MaxSpeedKmh != 130 || h.out.Level != LevelL3 || h.out.SuspendScreens || h.out.Alert != AlertNone {
		t.Fatalf("active output: %+v", h.out)
	}
	if e := h.last(EventEngaged); e == nil || e.Subject != "l3" || e.Value != 130 {
		t.Fatalf("engaged event: %+v", e)
	}
}

// TestImmediateRequests: while active, each of these starts a takeover
// request at once (in the same step) with its reason.
func TestImmediateRequests(t *testing.T) {
	cases := []struct {
		name string
		in   func(*harness) Input
		want ReasonCode
		text string
	}{
		{"fog at the car", func(h *harness) Input { h.odd.Weather, h.odd.VisibilityM = "fog", 12; return Input{} }, ReasonVisibility, "automation.reason.visibility.fog(value=12, limit=50)"},
		{"thin fog, outside the weather list", func(h *harness) Input { h.odd.Weather, h.odd.VisibilityM = "fog", 300; return Input{} }, ReasonWeather, "automation.reason.weather(weather=automation.weather.fog)"},
		{"fog bank ahead", func(h *harness) Input { h.odd.UnplannedAhead = "fog"; return Input{} }, ReasonFogAhead, "automation.reason.fog"},
		{"roadworks", func(h *harness) Input { h.odd.UnplannedAhead = "roadworks"; return Input{} }, ReasonRoadworks, "automation.reason.roadworks"},
		{"crash", func(h *harness) Input { h.odd.UnplannedAhead = "crash"; return Input{} }, ReasonCrashAhead, "automation.reason.crash"},
		{"lost markings", func(h *harness) Input { h.odd.Markings = "none"; return Input{} }, ReasonMarkings, "automation.reason.markings(state=automation.markings.none)"},
		{"markings end ahead", func(h *harness) Input { h.odd.UnplannedAhead = "lost_markings"; return Input{} }, ReasonLostMarkings, "automation.reason.lost_markings"},
		{"emergency vehicle", func(h *harness) Input { h.odd.UnplannedAhead = "emergency_vehicle"; return Input{} }, ReasonEmergencyVehicle, "automation.reason.emergency_vehicle"},
		{"unknown hazard fails safe", func(h *harness) Input { h.odd.UnplannedAhead = "landslide"; return Input{} }, ReasonRoadworks, "automation.reason.roadworks"},
		{"leaves the expressway", func(h *harness) Input { h.odd.RoadType = "ramp"; return Input{} }, ReasonRoadType, "automation.reason.road_type(road=sim.road_type.ramp)"},
		{"fault", func(h *harness) Input { h.odd.SystemFault = true; return Input{} }, ReasonFault, "automation.reason.fault"},
		{"belt off", func(h *harness) Input { h.driver.BeltOn = false; return Input{} }, ReasonBeltOff, "automation.reason.belt_off"},
		{"brake without hands", func(h *harness) Input { h.driver.Braking = true; return Input{} }, ReasonPedalOverride, "automation.reason.pedal_override"},
		{"accelerator without hands", func(h *harness) Input { h.driver.Accelerating = true; return Input{} }, ReasonPedalOverride, "automation.reason.pedal_override"},
		{"steer without looking", func(h *harness) Input {
			h.driver.HandsOnWheel, h.driver.Steering, h.driver.EyesOnRoad = true, true, false
			return Input{}
		}, ReasonEyesOffOverride, "automation.reason.eyes_off_override"},
		{"switch off without hands", func(h *harness) Input { return Input{DisengageRequest: true} }, ReasonDisengageNoHands, "automation.reason.disengage_no_hands"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, R157())
			h.engage()
			h.run(1000)
			h.want(StateActive)
			h.step(c.in(h))
			h.want(StateTakeover1)
			e := h.last(EventTakeoverRequested)
			if e == nil || e.Subject != string(c.want) || e.Value != 10 || e.Msg.String() != "automation.takeover_requested(reason="+c.text+")" {
				t.Fatalf("request event %+v, want %s with %q", e, c.want, c.text)
			}
			if !h.out.Active || !h.out.SuspendScreens || h.out.Alert != AlertStage1 || h.out.Haptic || h.out.BudgetS != 10 || h.out.Reason != c.want {
				t.Fatalf("stage 1 output: %+v", h.out)
			}
		})
	}
}

func TestFogExplanation(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.odd.Weather, h.odd.VisibilityM = "rain", 12
	h.step(Input{})
	e := h.last(EventTakeoverRequested)
	if e == nil || e.Msg.String() != "automation.takeover_requested(reason=automation.reason.visibility(value=12, limit=50))" {
		t.Fatalf("%+v", e)
	}
	p := R157()
	p.Weathers = append(p.Weathers, "fog")
	h = newHarness(t, p)
	h.engage()
	h.odd.Weather, h.odd.VisibilityM = "fog", 12
	h.step(Input{})
	if e := h.last(EventTakeoverRequested); e == nil || e.Msg.String() != "automation.takeover_requested(reason=automation.reason.visibility.fog(value=12, limit=50))" {
		t.Fatalf("%+v", e)
	}
}

func TestOutOfSeatTimer(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.driver.Seated = false
	h.run(1050) // exactly 1 s out (the first step out counts as 0): not yet "more than 1 s"
	h.want(StateActive)
	h.step(Input{})
	h.want(StateTakeover1)
	if e := h.last(EventTakeoverRequested); e.Subject != string(ReasonOutOfSeat) {
		t.Fatalf("%+v", e)
	}
	// Back in the seat within 1 s resets the timer.
	h = newHarness(t, R157())
	h.engage()
	h.driver.Seated = false
	h.run(900)
	h.driver.Seated = true
	h.step(Input{})
	h.driver.Seated = false
	h.run(900)
	h.want(StateActive)
}

// TestPlannedExit: a boundary ahead requests takeover when it is
// PlannedLeadS away at the current speed, after a notice at ExitNoticeS.
func TestPlannedExit(t *testing.T) {
	h := newHarness(t, R157())
	h.odd.SpeedKmh = 72 // 20 m/s
	h.odd.BoundaryAheadM = 2000
	h.engage()
	h.odd.BoundaryAheadM = 1201 // 60.05 s
	h.step(Input{})
	if h.last(EventExitNotice) != nil {
		t.Fatal("notice too early")
	}
	h.odd.BoundaryAheadM = 1200
	h.step(Input{})
	if e := h.last(EventExitNotice); e == nil || e.Value != 1200 || h.out.Alert != AlertInfo {
		t.Fatalf("notice: %+v %+v", e, h.out)
	}
	h.step(Input{})
	if n := len(h.events); h.events[n-1].Kind == EventExitNotice && h.events[n-2].Kind == EventExitNotice {
		t.Fatal("notice twice")
	}
	h.odd.BoundaryAheadM = 401
	h.step(Input{})
	h.want(StateActive)
	h.odd.BoundaryAheadM = 400 // 20 s
	h.step(Input{})
	h.want(StateTakeover1)
	if e := h.last(EventTakeoverRequested); e.Subject != string(ReasonPlannedExit) || e.Msg.String() != "automation.takeover_requested(reason=automation.reason.boundary(m=400))" {
		t.Fatalf("%+v", e)
	}
	// In a crawl the speed is floored at 1 m/s: 15 m ahead requests.
	h = newHarness(t, R157())
	h.odd.SpeedKmh = 0
	h.engage()
	h.odd.BoundaryAheadM = 21
	h.step(Input{})
	h.want(StateActive)
	h.odd.BoundaryAheadM = 20
	h.step(Input{})
	h.want(StateTakeover1)
}

// TestRequestTimers: stage 2 at exactly EscalateS, MRM at exactly the
// budget, the countdown in between.
func TestRequestTimers(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{}) // t0
	h.want(StateTakeover1)
	h.run(3950)
	h.want(StateTakeover1)
	if math.Abs(h.out.BudgetS-6.05) > 1e-9 {
		t.Fatalf("budget %v", h.out.BudgetS)
	}
	h.step(Input{}) // 4.000 s
	h.want(StateTakeover2)
	if h.out.Alert != AlertStage2 || !h.out.Haptic || h.out.BudgetS != 6 {
		t.Fatalf("stage 2: %+v", h.out)
	}
	if e := h.last(EventTakeoverEscalated); e == nil || e.Value != 6 || e.Msg.String() != "automation.takeover_escalated(s=6)" {
		t.Fatalf("%+v", e)
	}
	// The request is not withdrawn when the hazard goes away.
	h.odd.UnplannedAhead = ""
	h.run(5950)
	h.want(StateTakeover2)
	h.step(Input{}) // 10.000 s
	h.want(StateMRM)
	if h.out.DecelMps2 != 2 || !h.out.Hazards || !h.out.Active || h.out.MaxSpeedKmh != 0 {
		t.Fatalf("mrm: %+v", h.out)
	}
	if e := h.last(EventMRM); e == nil || e.Subject != string(ReasonRoadworks) || e.Value != 2 {
		t.Fatalf("%+v", e)
	}
}

func TestAvailabilityWarning(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.driver = Driver{Seated: true, BeltOn: true} // eyes off, hands off, no task: no evidence
	h.run(29950)
	h.want(StateActive)
	h.step(Input{}) // 30 s
	h.want(StateAvailabilityWarning)
	if h.out.Alert != AlertInfo || h.out.BudgetS != 15 || !h.out.Active {
		t.Fatalf("%+v", h.out)
	}
	// Evidence restores.
	h.step(Input{Driver: Driver{Seated: true, BeltOn: true, PhoneTask: true}})
	h.want(StateActive)
	if h.last(EventAvailabilityRestored) == nil {
		t.Fatal("no restored event")
	}
	// Again, and this time the warning runs out.
	h.run(30000)
	h.want(StateAvailabilityWarning)
	h.run(14950)
	h.want(StateAvailabilityWarning)
	h.step(Input{})
	h.want(StateTakeover1)
	if e := h.last(EventTakeoverRequested); e.Subject != string(ReasonUnavailable) || e.Msg.String() != "automation.takeover_requested(reason=automation.reason.driver_unavailable.for(s=45))" {
		t.Fatalf("%+v", e)
	}
	// Eyes closed is never evidence, even on the phone.
	h = newHarness(t, R157())
	h.engage()
	h.driver = Driver{Seated: true, BeltOn: true, PhoneTask: true, EyesClosed: true}
	h.run(30000)
	h.want(StateAvailabilityWarning)
}

func TestTakeover(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.run(1000)
	// "I have control" acknowledges only.
	h.step(Input{Driver: Driver{Seated: true, BeltOn: true, SaidIHaveControl: true}})
	h.want(StateTakeover1)
	if h.last(EventAcknowledged) == nil {
		t.Fatal("no acknowledgement")
	}
	// Brake alone continues the request, and says what is missing once.
	h.driver = Driver{Seated: true, BeltOn: true, EyesOnRoad: true, Braking: true}
	h.run(500)
	h.want(StateTakeover1)
	if e := h.last(EventTakeoverIncomplete); e == nil || e.Subject != "hands" {
		t.Fatalf("%+v", e)
	}
	n := 0
	for _, e := range h.events {
		if e.Kind == EventTakeoverIncomplete {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d incomplete events", n)
	}
	// Hands and steering without eyes: still not a takeover.
	h.step(Input{Driver: Driver{Seated: true, BeltOn: true, HandsOnWheel: true, Steering: true}})
	h.want(StateTakeover1)
	if e := h.last(EventTakeoverIncomplete); e.Subject != "eyes" {
		t.Fatalf("%+v", e)
	}
	// Hands on the wheel and eyes on the road without any input: not yet.
	h.step(Input{Driver: Driver{Seated: true, BeltOn: true, HandsOnWheel: true, EyesOnRoad: true}})
	h.want(StateTakeover1)
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateManual)
	if e := h.last(EventTakeover); e == nil || e.Subject != string(ReasonRoadworks) || math.Abs(e.Value-1.7) > 1e-9 || e.Msg.String() != "automation.takeover.done(s=1.7)" {
		t.Fatalf("%+v", e)
	}
	if h.out.Active || h.out.Level != LevelNone || h.out.Hazards {
		t.Fatalf("%+v", h.out)
	}
	// Braking with hands and eyes is a takeover too.
	h = newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.step(Input{Driver: Driver{Seated: true, BeltOn: true, EyesOnRoad: true, HandsOnWheel: true, Braking: true}})
	h.want(StateManual)
}

func TestStabiliseWindow(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateManual)
	if e := h.last(EventDisengaged); e == nil || e.Subject != "override" {
		t.Fatalf("%+v", e)
	}
	h.run(19900)
	h.step(Input{EngageRequest: LevelL3})
	h.want(StateManual)
	if e := h.last(EventRefused); e == nil || e.Subject != string(ReasonStabilising) {
		t.Fatalf("%+v", e)
	}
	h.step(Input{}) // 20 s
	h.want(StateAvailable)
	h.engage()
}

func TestDisengageButton(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	d := readyDriver()
	d.HandsOnWheel = true
	h.step(Input{Driver: d, DisengageRequest: true})
	h.want(StateManual)
	if e := h.last(EventDisengaged); e == nil || e.Subject != "button" {
		t.Fatalf("%+v", e)
	}
}

func TestMRMToMRCAndRestart(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "emergency_vehicle"
	h.step(Input{})
	h.run(10000)
	h.want(StateMRM)
	// Standstill: MRC, doors unlocked, emergency call, hold.
	h.odd.SpeedKmh = 0.4
	h.odd.UnplannedAhead = ""
	h.step(Input{})
	h.want(StateMRC)
	o := h.out
	if !o.Hazards || !o.UnlockDoors || !o.EmergencyCall || !o.HoldStandstill || o.Active || o.DecelMps2 != 0 {
		t.Fatalf("mrc: %+v", o)
	}
	if e := h.last(EventMRC); e == nil || e.Msg.Key != "automation.mrc.doors_ecall" {
		t.Fatalf("%+v", e)
	}
	// Locked: no re-engagement, even after the driver takes over.
	h.odd.SpeedKmh = 72
	h.step(Input{EngageRequest: LevelL3})
	h.want(StateMRC)
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateManual)
	if h.out.HoldStandstill || !h.out.Hazards {
		t.Fatalf("after takeover: %+v", h.out)
	}
	h.run(30000)
	h.want(StateOff)
	h.step(Input{EngageRequest: LevelL3})
	if e := h.last(EventRefused); e == nil || e.Subject != string(ReasonLocked) {
		t.Fatalf("%+v", e)
	}
	h.step(Input{HazardsOff: true})
	if h.out.Hazards {
		t.Fatal("hazards stay on after the switch")
	}
	// An ignition cycle needs a standstill: at 72 km/h it is refused.
	h.step(Input{IgnitionRestart: true})
	if e := h.last(EventRestartRefused); e == nil || h.last(EventReset) != nil {
		t.Fatalf("a restart at %v km/h: %+v", h.odd.SpeedKmh, h.last(EventReset))
	}
	h.odd.SpeedKmh = 0
	h.step(Input{IgnitionRestart: true})
	if e := h.last(EventReset); e == nil {
		t.Fatal("no reset event")
	}
	h.want(StateAvailable)
	h.odd.SpeedKmh = 72
	h.engage()
}

// TestARestartWhileMovingNeverEndsTheMRM: the restart key pressed during
// the MRM changes nothing; the car keeps braking with its hazards on.
func TestARestartWhileMovingNeverEndsTheMRM(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.run(12000)
	h.want(StateMRM)
	h.step(Input{IgnitionRestart: true})
	h.want(StateMRM)
	if !h.out.Hazards || h.out.DecelMps2 <= 0 || h.last(EventRestartRefused) == nil {
		t.Fatalf("after a restart during the MRM: %+v", h.out)
	}
}

func TestTakeoverDuringMRM(t *testing.T) {
	h := newHarness(t, R157())
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.run(12000)
	h.want(StateMRM)
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateManual)
	if e := h.last(EventTakeover); e == nil || math.Abs(e.Value-12.05) > 1e-9 {
		t.Fatalf("%+v", e)
	}
	h.odd.UnplannedAhead = ""
	h.run(21000)
	h.want(StateOff) // locked until restart
}

func TestSevereFaultStartsMRM(t *testing.T) {
	for _, during := range []bool{false, true} {
		h := newHarness(t, R157())
		h.engage()
		if during {
			h.odd.UnplannedAhead = "roadworks"
			h.step(Input{})
			h.want(StateTakeover1)
		}
		h.odd.SevereFault = true
		h.step(Input{})
		h.want(StateMRM)
		if e := h.last(EventMRM); e.Subject != string(ReasonSevereFault) {
			t.Fatalf("%+v", e)
		}
	}
}

func TestMRMAtStandstillEndsAtOnce(t *testing.T) {
	h := newHarness(t, R157())
	h.odd.SpeedKmh = 0
	h.engage()
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	h.run(10000)
	h.want(StateMRM)
	h.step(Input{})
	h.want(StateMRC)
}

func TestL2R79(t *testing.T) {
	h := newHarness(t, R157())
	h.driver.HandsOnWheel = true
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
	if !h.out.Active || h.out.Level != LevelL2 {
		t.Fatalf("%+v", h.out)
	}
	h.driver.HandsOnWheel = false
	h.driver.EyesOnRoad = false // R79 does not watch the eyes
	h.step(Input{})
	h.run(14950)
	h.want(StateL2Active)
	h.step(Input{}) // 15 s
	h.want(StateL2Prompt)
	h.run(14950)
	h.want(StateL2Prompt)
	h.step(Input{}) // 30 s
	h.want(StateL2Warning)
	if h.out.Alert != AlertStage2 || h.out.BudgetS != 30 {
		t.Fatalf("%+v", h.out)
	}
	h.run(29950)
	h.want(StateL2Warning)
	h.step(Input{})
	h.want(StateOff)
	if e := h.last(EventL2Fallback); e == nil || e.Subject != string(L2Deactivate) {
		t.Fatalf("%+v", e)
	}
	// Brake switches L2 off.
	h.driver = readyDriver()
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
	h.step(Input{Driver: Driver{Seated: true, BeltOn: true, Braking: true}})
	h.want(StateOff)
	if e := h.last(EventDisengaged); e.Subject != "brake" {
		t.Fatalf("%+v", e)
	}
}

func chinaParams() Params {
	p := R157()
	p.L2 = L2ChinaDraft()
	return p
}

func TestL2ChinaCascadeAndStop(t *testing.T) {
	h := newHarness(t, chinaParams())
	h.driver.HandsOnWheel = true
	h.step(Input{EngageRequest: LevelL2})
	h.driver.EyesOnRoad = false
	h.step(Input{})
	h.run(4950)
	h.want(StateL2Active)
	h.step(Input{})
	h.want(StateL2Prompt)
	if e := h.last(EventL2Prompt); e.Subject != "eyes" || e.Msg.Key != "automation.l2_prompt.eyes" {
		t.Fatalf("%+v", e)
	}
	h.run(5000)
	h.want(StateL2Warning)
	h.run(10000)
	h.want(StateL2Stop)
	if h.out.DecelMps2 != 2 || !h.out.Hazards {
		t.Fatalf("%+v", h.out)
	}
	h.odd.SpeedKmh = 0
	h.step(Input{})
	h.want(StateOff)
	if e := h.last(EventL2Locked); e == nil || e.Value != 30 {
		t.Fatalf("%+v", h.events)
	}
	h.driver = readyDriver()
	h.odd.SpeedKmh = 60
	h.step(Input{EngageRequest: LevelL2})
	if e := h.last(EventRefused); e == nil || e.Subject != string(ReasonL2Locked) || e.Msg.String() != "automation.engage_refused.l2(reason=automation.reason.l2_locked(min=30))" {
		t.Fatalf("%+v", e)
	}
	if h.out.L2LockS <= 1799 {
		t.Fatalf("%+v", h.out)
	}
	// L3 is a different system and stays available.
	h.want(StateAvailable)
	h.run(1800 * 1000)
	if h.last(EventL2Unlocked) == nil {
		t.Fatal("never unlocked")
	}
	h.step(Input{EngageRequest: LevelL2})
	h.want(StateL2Active)
}

func TestL2ChinaThreeEscalationsLock(t *testing.T) {
	h := newHarness(t, chinaParams())
	h.step(Input{EngageRequest: LevelL2})
	for i := 1; i <= 3; i++ {
		h.driver.HandsOnWheel = false
		h.run(10050)
		h.want(StateL2Warning)
		if e := h.last(EventL2Warning); e.Value != float64(i) {
			t.Fatalf("escalation %d: %+v", i, e)
		}
		h.driver.HandsOnWheel = true
		h.step(Input{})
		if i < 3 {
			h.want(StateL2Active)
		}
	}
	h.want(StateOff)
	if h.last(EventL2Locked) == nil {
		t.Fatal("not locked after three escalations")
	}
}

func TestL2HandsBackToL3(t *testing.T) {
	h := newHarness(t, R157())
	h.step(Input{EngageRequest: LevelL2})
	h.step(Input{EngageRequest: LevelL3})
	h.want(StateActive)
	h.odd.Markings = "none"
	h.step(Input{})
	h.want(StateTakeover1)
	h = newHarness(t, R157())
	h.step(Input{EngageRequest: LevelL2})
	h.odd.Markings = "none"
	h.step(Input{})
	h.want(StateOff)
	if e := h.last(EventL2Unavailable); e == nil || e.Subject != string(ReasonMarkings) {
		t.Fatalf("%+v", e)
	}
}

// TestZeroAllocs: steady state (no transition) allocates nothing.
func TestZeroAllocs(t *testing.T) {
	m := New(R157())
	in := Input{ODD: goodODD(), Driver: readyDriver()}
	m.Step(in)
	in.EngageRequest = LevelL3
	in.NowMs = 50
	m.Step(in)
	in.EngageRequest = LevelNone
	now := int64(100)
	allocs := testing.AllocsPerRun(1000, func() {
		in.NowMs = now
		now += 50
		m.Step(in)
	})
	if allocs != 0 || m.State() != StateActive {
		t.Fatalf("%v allocs per step in %s", allocs, m.State())
	}
	idle := New(R157())
	in2 := Input{ODD: ODD{RoadType: "street"}, Driver: readyDriver()}
	allocs = testing.AllocsPerRun(1000, func() {
		in2.NowMs += 50
		idle.Step(in2)
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per idle step", allocs)
	}
}

func BenchmarkMachineStep(b *testing.B) {
	m := New(R157())
	in := Input{ODD: goodODD(), Driver: Driver{Seated: true, BeltOn: true, PhoneTask: true}, EngageRequest: LevelL3}
	m.Step(in)
	in.EngageRequest = LevelNone
	b.ReportAllocs()
	for b.Loop() {
		in.NowMs += 50
		m.Step(in)
	}
}

// TestAttentionAndTone: through the L3 cascade the output says, itself,
// when the HMI must take the screen and when a takeover tone sounds: an
// exit notice is an alert without a banner, the request and the MRM ask
// for the driver with a tone, the MRC keeps the banner silent, and the
// takeover ends both.
func TestAttentionAndTone(t *testing.T) {
	check := func(h *harness, what string, alert Alert, attention, tone bool) {
		t.Helper()
		if h.out.Alert != alert || h.out.Attention != attention || h.out.Tone != tone {
			t.Errorf("%s (%s): alert %q attention %v tone %v, want %q %v %v", what, h.out.State,
				h.out.Alert, h.out.Attention, h.out.Tone, alert, attention, tone)
		}
	}
	h := newHarness(t, R157())
	h.engage()
	check(h, "active", AlertNone, false, false)
	h.odd.BoundaryAheadM = 1200
	h.step(Input{})
	check(h, "exit notice", AlertInfo, false, false)
	h.odd.BoundaryAheadM = math.Inf(1)
	h.odd.UnplannedAhead = "roadworks"
	h.step(Input{})
	check(h, "stage 1", AlertStage1, true, true)
	h.run(4000)
	check(h, "stage 2", AlertStage2, true, true)
	h.run(6000)
	h.want(StateMRM)
	check(h, "mrm", AlertStage2, true, true)
	h.odd.SpeedKmh = 0
	h.step(Input{})
	h.want(StateMRC)
	check(h, "mrc", AlertStage2, true, false)
	h.step(Input{Driver: takeoverDriver()})
	h.want(StateManual)
	check(h, "manual", AlertNone, false, false)

	h = newHarness(t, R157())
	h.engage()
	h.driver = Driver{Seated: true, BeltOn: true}
	h.run(30000)
	h.want(StateAvailabilityWarning)
	check(h, "availability warning", AlertInfo, true, false)

	// L2: the prompt and the warning take the screen; the warning is red
	// (R79's acoustic stage) and its chime is its own, not a takeover
	// tone.
	h = newHarness(t, R157())
	h.driver.HandsOnWheel = true
	h.step(Input{EngageRequest: LevelL2})
	check(h, "l2 active", AlertNone, false, false)
	h.driver.HandsOnWheel = false
	h.step(Input{})
	h.run(15000)
	h.want(StateL2Prompt)
	check(h, "l2 prompt", AlertInfo, true, false)
	h.run(15000)
	h.want(StateL2Warning)
	check(h, "l2 warning", AlertStage2, true, false)
}

// TestEventLevel: the feed grades each transition by the output's levels:
// red for what the output shows red (stage 2, MRM, MRC, the L2 acoustic
// warning), amber for what asks something of the driver, plain news
// otherwise.
func TestEventLevel(t *testing.T) {
	for kind, want := range map[string]Alert{
		EventTakeoverEscalated: AlertStage2, EventMRM: AlertStage2, EventMRC: AlertStage2,
		EventL2Warning: AlertStage2, EventL2Fallback: AlertStage2,
		EventTakeoverRequested: AlertStage1, EventAvailabilityWarning: AlertStage1, EventL2Prompt: AlertStage1,
		EventRefused: AlertStage1, EventTakeoverIncomplete: AlertStage1, EventL2Unavailable: AlertStage1,
		EventL2Locked:  AlertStage1,
		EventAvailable: AlertNone, EventEngaged: AlertNone, EventExitNotice: AlertNone, EventTakeover: AlertNone,
		EventAcknowledged: AlertNone, EventDisengaged: AlertNone, EventL2Restored: AlertNone,
	} {
		if got := EventLevel(kind); got != want {
			t.Errorf("%s: %q, want %q", kind, got, want)
		}
	}
}

// TestEngagedAndTheButton: which states make a pedal a takeover input, and
// when the assistance button switches off rather than asks to engage.
func TestEngagedAndTheButton(t *testing.T) {
	for s, want := range map[State]bool{StateOff: false, StateAvailable: false, StateManual: false,
		StateActive: true, StateTakeover1: true, StateTakeover2: true, StateMRM: true, StateMRC: true, StateL2Active: true, StateL2Stop: true} {
		if s.Engaged() != want {
			t.Errorf("%s: engaged %v", s, !want)
		}
	}
	for _, c := range []struct {
		out  Output
		want bool
	}{
		{Output{Level: LevelL3, State: StateActive}, true},
		{Output{Level: LevelL2, State: StateL2Active}, true},
		{Output{Level: LevelL3, State: StateMRC}, false}, // locked: the press asks, and is refused with the reason
		{Output{Level: LevelL3, State: StateManual}, false},
		{Output{State: StateAvailable}, false},
	} {
		if got := c.out.ButtonDisengages(); got != c.want {
			t.Errorf("%+v: button disengages %v", c.out.State, got)
		}
	}
}
