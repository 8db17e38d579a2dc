package parking

import "testing"

// BenchmarkMachineStepManoeuvre is one Step of the machine while it drives
// a path (the mall garage's slot 3 from where the driver stops after
// passing it): the step the drive loop runs every 50 ms in a manoeuvre.
func BenchmarkMachineStepManoeuvre(b *testing.B) {
	a := loadMap(b).ParkingArea("mall-garage")
	g := loadGeometry(b, "xiaomi-su7")
	s := a.Slot("3")
	start, ok := PassingPose(a, s, g, 1.0, 3.5)
	if !ok {
		b.Fatal("no passing pose")
	}
	begin := func() (*Machine, Input) {
		m := NewMachine(g)
		in := Input{Pose: start, Area: a, DriverInSeat: true, ChooseSlot: "3"}
		m.Step(in, 0.05)
		in.ChooseSlot, in.Confirm = "", true
		if out := m.Step(in, 0.05); out.State != StateExecuting {
			b.Fatalf("not executing: %s", out.State)
		}
		in.Confirm = false
		return m, in
	}
	m, in := begin()
	b.ReportAllocs()
	for b.Loop() {
		out := m.Step(in, 0.05)
		in.Pose, in.SpeedKmh = out.Pose, out.SpeedKmh
		if out.State != StateExecuting {
			b.StopTimer()
			m, in = begin()
			b.StartTimer()
		}
	}
}
