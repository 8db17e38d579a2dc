package compare

import (
	"math"
)

// Paired is how a variant did against the baseline (variant A) driver by
// driver. Every driver of a drill meets both HMIs with the same sampled
// reactions in the same traffic, so a difference between the two drives
// of one driver comes from the HMI alone; counting the drivers it helped
// and the drivers it hurt says more than two medians do.
type Paired struct {
	// Pairs is how many drivers drove both variants (drives with a
	// request in both).
	Pairs int
	// Faster, Slower and Same count the drivers whose takeover came
	// earlier, later or within one 50 ms step with the variant. A driver
	// who never took over counts as infinitely slow.
	Faster, Slower, Same int
	// MedianDeltaS is the median of the per-driver differences (variant
	// minus baseline, seconds; negative: the variant is quicker). NaN
	// when no pair has both times finite.
	MedianDeltaS float64
	// MRMDelta and ScoreDelta are the variant's MRMs minus the baseline's
	// and its mean score minus the baseline's.
	MRMDelta   int
	ScoreDelta float64
	// SignP is the two-sided exact sign test's p-value for "the variant
	// makes no difference" over the drivers it changed (Faster against
	// Slower, ties left out): below 0.05 the difference is unlikely to
	// be chance in this population.
	SignP float64
}

// sameS is the difference below which two takeovers count as the same:
// one simulation step.
const sameS = 0.05

// Compare pairs variant v's drives with the baseline's (variant 0), drill
// d's or all drills' (d < 0).
func (r *Result) Compare(v, d int) Paired {
	base, other := r.Select(0, d), r.Select(v, d)
	var p Paired
	deltas := make([]float64, 0, len(base))
	for i := range base {
		a, b := &base[i].Outcome, &other[i].Outcome
		if !a.Requested || !b.Requested {
			continue
		}
		p.Pairs++
		ta, tb := takeoverOrInf(a.TakeoverS), takeoverOrInf(b.TakeoverS)
		switch {
		case math.IsInf(ta, 1) && math.IsInf(tb, 1), math.Abs(tb-ta) < sameS:
			p.Same++
		case tb < ta:
			p.Faster++
		default:
			p.Slower++
		}
		if !math.IsInf(ta, 1) && !math.IsInf(tb, 1) {
			deltas = append(deltas, tb-ta)
		}
	}
	p.MedianDeltaS = Percentile(deltas, 0.5)
	sa, sb := Summarise(base), Summarise(other)
	p.MRMDelta, p.ScoreDelta = sb.MRMs-sa.MRMs, sb.MeanScore-sa.MeanScore
	p.SignP = SignTest(p.Faster, p.Slower)
	return p
}

func takeoverOrInf(t float64) float64 {
	if t < 0 {
		return math.Inf(1)
	}
	return t
}

// SignTest is the two-sided exact binomial sign test of k successes
// against n-k failures under p = ½: the probability of a split at least
// this uneven by chance. It is 1 with no trials. Terms are summed in log
// space, so populations of thousands neither overflow nor underflow.
func SignTest(k, m int) float64 {
	n := k + m
	if n == 0 {
		return 1
	}
	low := min(k, m)
	// P(X ≤ low) for X ~ Bin(n, ½), doubled, capped at 1.
	lnHalfN := float64(n) * math.Log(0.5)
	lgN, _ := math.Lgamma(float64(n + 1))
	sum := 0.0
	for i := 0; i <= low; i++ {
		lgI, _ := math.Lgamma(float64(i + 1))
		lgNI, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lgN - lgI - lgNI + lnHalfN)
	}
	return math.Min(1, 2*sum)
}
