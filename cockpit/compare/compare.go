// Package compare runs an A/B comparison of takeover HMIs: every drill with
// a population of simulated drivers (drive/population) for each HMI
// variant, on the machine's cores, and summarises, charts and exports the
// results (`cockpit compare`, docs/l3.md "Comparing takeover HMIs").
//
// Each variant drives each drill once up to its takeover request (the part
// every driver shares: no one has reacted yet) and every driver continues a
// clone of that drive (population.Prefix, session.Clone): the same drives
// as from the start, byte for byte, at a fraction of the cost. The drives
// run in parallel, but every result has its slot, so the output is the same
// byte for byte whatever the scheduling: the same seed gives the same
// comparison.
package compare

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/nevsim/cockpit/drive/population"
	"github.com/nevsim/cockpit/drive/session"
)

// Variant is one HMI under test.
type Variant struct {
	// Name is how the report names it (the HMI's name or file).
	Name string
	// Digest identifies the HMI's content (empty for the shipped one when
	// it has none), so a CSV row says exactly what was tested.
	Digest string
	// Setup applies the HMI to a drive's session setup (nil: the shipped
	// HMI as the scenario configures it).
	Setup func(*session.Setup)
}

// Options is what a comparison runs.
type Options struct {
	Variants []Variant
	Drills   []*population.Drill
	// Drivers is the population's size, the same drivers for every
	// variant (MaxDrivers at most).
	Drivers int
	// Seed seeds the population (not the drills' worlds, which keep their
	// own seeds so every driver meets the same traffic).
	Seed  uint64
	Model population.Model
	// Workers is how many drives run at once (0: one per core).
	Workers int
}

// MaxDrivers bounds the population, so a typo cannot start a run of days.
const MaxDrivers = 10000

// Row is one drive.
type Row struct {
	Variant, Drill int
	Outcome        population.Outcome
}

// Result is a finished comparison: every drive, ordered by variant, drill
// and driver.
type Result struct {
	Options Options
	Rows    []Row
}

// Run runs every variant × drill × driver. The first error (a drill that
// cannot start) stops it.
func Run(opts Options) (*Result, error) {
	if len(opts.Variants) == 0 || len(opts.Drills) == 0 {
		return nil, errors.New("compare: nothing to run (no variant or no drill)")
	}
	if opts.Drivers < 1 || opts.Drivers > MaxDrivers {
		return nil, fmt.Errorf("compare: the population must have 1 to %d drivers, got %d", MaxDrivers, opts.Drivers)
	}
	if err := opts.Model.Check(); err != nil {
		return nil, err
	}
	// The drivers are drawn once per drill, so every variant meets them.
	drivers := make([][]population.Driver, len(opts.Drills))
	for d, dr := range opts.Drills {
		drivers[d] = make([]population.Driver, opts.Drivers)
		for i := range drivers[d] {
			drivers[d][i] = opts.Model.Sample(opts.Seed, dr.Name, i)
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// First each variant's drive of each drill up to its request, which
	// every driver shares; then each driver continues a clone of it.
	nd := len(opts.Drills)
	prefixes := make([]*population.Prefix, len(opts.Variants)*nd)
	err := parallel(len(prefixes), workers, func(j int) error {
		p, err := opts.Drills[j%nd].Prefix(opts.Variants[j/nd].Setup)
		prefixes[j] = p
		return err
	})
	if err != nil {
		return nil, err
	}
	rows := make([]Row, len(prefixes)*opts.Drivers)
	err = parallel(len(rows), workers, func(j int) error {
		vd, i := j/opts.Drivers, j%opts.Drivers
		o, err := prefixes[vd].Run(opts.Model, drivers[vd%nd][i])
		rows[j] = Row{Variant: vd / nd, Drill: vd % nd, Outcome: o}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Result{Options: opts, Rows: rows}, nil
}

// parallel runs job(0..n-1) on workers goroutines, each result in its
// own slot; the error of the lowest job that failed is returned, so the
// outcome does not depend on the scheduling.
func parallel(n, workers int, job func(int) error) error {
	jobs := make(chan int)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				errs[j] = job(j)
			}
		}()
	}
	for j := range n {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Summary is what a set of drives came to.
type Summary struct {
	// Drives is how many were run; Requests how many had a takeover
	// request (all, for the L3 drills).
	Drives, Requests int
	// MedianS and P90S are the takeover time's median and 90th
	// percentile over the drives with a request, in seconds after it
	// (nearest rank). A drive where the driver never took over counts as
	// an infinite time, so a percentile may be +Inf ("never").
	MedianS, P90S float64
	// MRMs and Collisions count drives with a minimal-risk manoeuvre and
	// with a collision.
	MRMs, Collisions int
	// MeanScore is the mean drill score out of 100.
	MeanScore float64
}

// Summarise sums up drives.
func Summarise(rows []Row) Summary {
	var s Summary
	times := make([]float64, 0, len(rows))
	total := 0.0
	for _, r := range rows {
		o := &r.Outcome
		s.Drives++
		total += o.Score
		if o.MRM {
			s.MRMs++
		}
		if o.Collision {
			s.Collisions++
		}
		if !o.Requested {
			continue
		}
		s.Requests++
		t := o.TakeoverS
		if t < 0 {
			t = math.Inf(1)
		}
		times = append(times, t)
	}
	if s.Drives > 0 {
		s.MeanScore = total / float64(s.Drives)
	}
	s.MedianS, s.P90S = Percentile(times, 0.5), Percentile(times, 0.9)
	return s
}

// Percentile is the nearest-rank p-quantile of values (NaN when there are
// none); values is sorted in place.
func Percentile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	sort.Float64s(values)
	k := int(math.Ceil(p*float64(len(values)))) - 1
	return values[min(max(k, 0), len(values)-1)]
}

// Select is the rows of variant v (and of drill d, when d ≥ 0).
func (r *Result) Select(v, d int) []Row {
	per := len(r.Options.Drills) * r.Options.Drivers
	rows := r.Rows[v*per : (v+1)*per]
	if d < 0 {
		return rows
	}
	return rows[d*r.Options.Drivers : (d+1)*r.Options.Drivers]
}

// TakeoverTimes is the takeover times of rows with a request (+Inf for
// never), in row order.
func TakeoverTimes(rows []Row) []float64 {
	out := make([]float64, 0, len(rows))
	for _, r := range rows {
		if !r.Outcome.Requested {
			continue
		}
		t := r.Outcome.TakeoverS
		if t < 0 {
			t = math.Inf(1)
		}
		out = append(out, t)
	}
	return out
}
