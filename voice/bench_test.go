package voice

import (
	"sort"
	"testing"
	"time"
)

// benchTexts are the dev-set utterances, or the table inputs when the dev
// set is absent.
func benchTexts(b *testing.B) []string {
	var texts []string
	files := loadDevSetOptional()
	for _, l := range files {
		texts = append(texts, l.Text)
	}
	if len(texts) == 0 {
		texts = append(texts, fuzzSeeds...)
	}
	return texts
}

// BenchmarkParse parses the dev-set utterances one after the other; one op
// is one utterance. It also reports the latency distribution (p50, p99 per
// utterance, measured one by one after the timed loop) and utterances/s.
func BenchmarkParse(b *testing.B) {
	p := mustDefault(b)
	texts := benchTexts(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Parse(texts[i%len(texts)])
	}
	b.StopTimer()
	lat := make([]time.Duration, 0, 3*len(texts))
	for pass := 0; pass < 3; pass++ {
		for _, t := range texts {
			start := time.Now()
			p.Parse(t)
			lat = append(lat, time.Since(start))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns/utt")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns/utt")
	if ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N); ns > 0 {
		b.ReportMetric(1e9/ns, "utt/s")
	}
}

// BenchmarkSession runs the dev-set utterances through one Session.
func BenchmarkSession(b *testing.B) {
	p := mustDefault(b)
	texts := benchTexts(b)
	s := NewSession(p, SessionOptions{Zone: SeatDriver, Places: testPlaces})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Handle(texts[i%len(texts)], Context{SpeedKmh: 60})
	}
}
