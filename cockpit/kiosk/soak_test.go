package kiosk

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// The soak test runs the kiosk headless, as fast as the machine goes,
// through simulated hours of meetup: attract loops, visitors who drive and
// walk away (the idle countdown), visitors who take a drill (posted to the
// board). Every simulated hour it samples the heap in use after a GC; the
// kiosk drops each scene's and visitor's session whole, so after the first
// hour (every kind of scene and session built once, caches warm) the heap
// must stay within 10 % of the first hour's.
//
// A short version (a few loops) runs in every go test. The long one:
//
//	COCKPIT_SOAK_HOURS=12 go test -run TestSoak -timeout 2h -v ./cockpit/kiosk/
//
// or the benchmark (one simulated hour an iteration):
//
//	go test -run XXX -bench Soak -benchtime 12x -timeout 2h ./cockpit/kiosk/

// soakHour plays one simulated hour: a pattern of attract time and
// visitors, rendering every tenth frame as a 10 Hz screen would draw some.
func soakHour(tb testing.TB, m *Model, hour int) {
	tb.Helper()
	hourTicks := ticks(time.Hour)
	done := 0
	step := func(n int) {
		for i := 0; i < n && done < hourTicks; i++ {
			m.Tick()
			if done%10 == 0 {
				_ = m.View()
			}
			done++
		}
	}
	for v := 0; done < hourTicks; v++ {
		step(ticks(4 * time.Minute)) // attract
		press(m, "x")
		press(m, "enter")
		press(m, "enter")
		typeText(m, fmt.Sprintf("v%d-%d", hour, v))
		press(m, "enter")
		if v%3 == 2 {
			// a drill that ends within ten minutes: 1, 2, 5 or 8
			press(m, []string{"2", "3", "6", "9"}[(v/3+hour)%4])
		}
		press(m, "enter")
		// two minutes of driving; a drill is driven to its end
		for i := 0; m.mode == modeDrive && (i < 12 || m.choice.Drill != "" && i < 60); i++ {
			press(m, []string{"w", "s", "a", "d", "3", "1"}[i%6])
			step(ticks(10 * time.Second))
		}
		if m.mode == modeResult {
			press(m, "enter")
		}
		step(ticks(m.idle + Countdown + time.Second)) // walks away
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func TestSoakShort(t *testing.T) {
	m, board := newKiosk(t, 120, 40, nil)
	// one attract loop, then visitors
	for m.Stats().Loops == 0 {
		m.Tick()
	}
	soakVisitors(t, m, 3)
	st := m.Stats()
	if st.Visitors != 3 || st.Resets != 3 || st.Scenes < len(m.o.Playlist.Scenes)+1 {
		t.Errorf("stats %+v", st)
	}
	if board.Len() != 1 {
		t.Errorf("one drill posted, the board has %d", board.Len())
	}
}

// soakVisitors plays n visitors: each drives (the third takes drill 1) and
// walks away.
func soakVisitors(t *testing.T, m *Model, n int) {
	for v := range n {
		press(m, "x")
		for range 3 {
			press(m, "enter")
		}
		if v == 2 {
			press(m, "2")
		}
		press(m, "enter")
		for i := 0; i < ticks(5*time.Minute) && m.mode == modeDrive; i++ {
			m.Tick()
			if i%100 == 0 {
				press(m, "w")
			}
		}
		for i := 0; i < ticks(m.idle+Countdown+time.Second) && m.mode != modeAttract; i++ {
			m.Tick()
		}
		if m.mode != modeAttract {
			t.Fatalf("visitor %d: the kiosk never went back to the attract loop", v)
		}
	}
}

func TestSoak(t *testing.T) {
	hours, _ := strconv.Atoi(os.Getenv("COCKPIT_SOAK_HOURS"))
	if hours < 2 {
		t.Skip("set COCKPIT_SOAK_HOURS=12 for the soak test (see soak_test.go)")
	}
	m, board := newKiosk(t, 120, 40, nil)
	var heap []uint64
	start := time.Now()
	for h := range hours {
		soakHour(t, m, h)
		heap = append(heap, heapInUse())
		t.Logf("simulated hour %2d: heap in use %6.1f MB, %+v, board %d, wall %s", h+1,
			float64(heap[h])/(1<<20), m.Stats(), board.Len(), time.Since(start).Round(time.Second))
	}
	base := heap[0]
	for h, v := range heap[1:] {
		if float64(v) > 1.10*float64(base) {
			t.Errorf("hour %d: heap %d bytes, more than 10 %% over the first hour's %d", h+2, v, base)
		}
	}
}

// BenchmarkSoak is one simulated hour of meetup an iteration; it reports
// the heap in use after each.
func BenchmarkSoak(b *testing.B) {
	m, _ := newKiosk(b, 120, 40, nil)
	h := 0
	var first, last uint64
	for b.Loop() {
		soakHour(b, m, h)
		b.StopTimer()
		last = heapInUse()
		if h == 0 {
			first = last
		}
		b.StartTimer()
		h++
	}
	b.ReportMetric(float64(last)/(1<<20), "MB-heap-last")
	b.ReportMetric(float64(first)/(1<<20), "MB-heap-hour1")
}
