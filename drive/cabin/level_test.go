package cabin

import "testing"

// A level read as VSS's percentage and written back is the same level,
// and every other percentage selects the nearest level, at least 1.
func TestLevelOfInvertsThePublishedPercentages(t *testing.T) {
	for k := 0; k <= MaxLevel; k++ {
		if got := LevelOfPct(LevelPct(k), MaxLevel); got != k {
			t.Errorf("seat level %d → %d %% → level %d", k, LevelPct(k), got)
		}
	}
	for k := MinFan; k <= MaxFan; k++ {
		if got := LevelOfPct(FanSpeedPct(k), MaxFan); got != k {
			t.Errorf("fan level %d → %d %% → level %d", k, FanSpeedPct(k), got)
		}
	}
	for pct, want := range map[int]int{1: 1, 16: 1, 17: 1, 50: 2, 83: 2, 84: 3, 100: 3, 0: 0, -5: 0} {
		if got := LevelOfPct(pct, MaxLevel); got != want {
			t.Errorf("%d %% → level %d, want %d", pct, got, want)
		}
	}
}
