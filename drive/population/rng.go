package population

import (
	"hash/fnv"
	"math"
)

// DriverSeed is the seed of one driver of a population: the population's
// seed, the drill's name and the driver's index mixed, so that a driver
// is the same whatever else is run (another HMI, more drivers, other
// drills) and two drills never share drivers by accident.
func DriverSeed(seed uint64, drill string, index int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(drill))
	s := splitmix(seed ^ splitmix(h.Sum64()))
	return splitmix(s ^ splitmix(uint64(index)+0x632be59bd9b4e019))
}

// splitmix is SplitMix64's output function (Steele, Lea, Flood 2014): a
// bijection that spreads every input bit over the output.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// rng is a SplitMix64 stream. It is written out here, not taken from
// math/rand, so the draws stay the same byte for byte across Go releases.
type rng struct{ s uint64 }

func newRNG(seed uint64) *rng { return &rng{s: seed} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return splitmix(r.s - 0x9e3779b97f4a7c15)
}

// float is uniform in [0, 1) with 53 bits.
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// normal is a standard normal draw (Box–Muller; the uniform is kept off
// 0 so the log is finite).
func (r *rng) normal() float64 {
	u := (float64(r.next()>>11) + 0.5) / (1 << 53)
	v := r.float()
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*v)
}
