package kiosk

import (
	"testing"
	"time"
)

// TestTappingThePedalIsNotATakeover: a visitor who taps the accelerator
// through drill 1 switches L3 off before the car ever asks; the board
// must not call that a perfect takeover (it did: 100 / 100).
func TestTappingThePedalIsNotATakeover(t *testing.T) {
	m, board := newKiosk(t, 120, 40, nil)
	press(m, "x")
	for range 3 {
		press(m, "enter")
	}
	press(m, "2") // drill 1: the planned exit
	press(m, "enter")
	for i := 0; i < ticks(8*time.Minute) && m.mode == modeDrive; i++ {
		m.Tick()
		if i%100 == 0 {
			press(m, "w")
		}
	}
	if m.mode != modeResult {
		t.Fatalf("the drill never ended (mode %v)", m.mode)
	}
	top := board.Top(1, "01-planned-exit")
	if len(top) != 1 || top[0].Score > 40 {
		t.Errorf("a visitor who never answered a request is on the board with %+v", top)
	}
}
