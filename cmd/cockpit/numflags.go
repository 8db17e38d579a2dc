package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// checkRange is the one rule for a number a user gives a flag: finite
// (NaN and ±Inf are refused, since every comparison with NaN is false and
// a check would pass vacuously) and within [lo, hi], the range said in the
// message. unit, when not empty, follows the range ("km/h").
func checkRange(v, lo, hi float64, unit string) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		return fmt.Errorf("expected a number from %s to %s%s, got %s", fmtNum(lo), fmtNum(hi), unitSuffix(unit), fmtNum(v))
	}
	return nil
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func unitSuffix(unit string) string {
	if unit == "" {
		return ""
	}
	return " " + unit
}

// floatFlag is a float64 flag checked by checkRange when it is set, so a
// bad value is refused by the flag parser with the flag's name (exit 2).
type floatFlag struct {
	v      *float64
	lo, hi float64
	unit   string
}

func (f *floatFlag) String() string {
	if f.v == nil {
		return ""
	}
	return fmtNum(*f.v)
}

func (f *floatFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return fmt.Errorf("expected a number from %s to %s%s, got %q", fmtNum(f.lo), fmtNum(f.hi), unitSuffix(f.unit), s)
	}
	if err := checkRange(v, f.lo, f.hi, f.unit); err != nil {
		return err
	}
	*f.v = v
	return nil
}

// rangedFloat defines a float64 flag that only takes finite values in
// [lo, hi].
func rangedFloat(fset *flag.FlagSet, name string, def, lo, hi float64, unit, usage string) *float64 {
	v := def
	fset.Var(&floatFlag{v: &v, lo: lo, hi: hi, unit: unit}, name, usage)
	return &v
}

// intFlag is an int flag checked by checkRange when it is set.
type intFlag struct {
	v      *int
	lo, hi int
	unit   string
}

func (f *intFlag) String() string {
	if f.v == nil {
		return ""
	}
	return strconv.Itoa(*f.v)
}

func (f *intFlag) Set(s string) error {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("expected a whole number from %d to %d%s, got %q", f.lo, f.hi, unitSuffix(f.unit), s)
	}
	if err := checkRange(float64(v), float64(f.lo), float64(f.hi), f.unit); err != nil {
		return err
	}
	*f.v = v
	return nil
}

// rangedInt defines an int flag that only takes values in [lo, hi].
func rangedInt(fset *flag.FlagSet, name string, def, lo, hi int, unit, usage string) *int {
	v := def
	fset.Var(&intFlag{v: &v, lo: lo, hi: hi, unit: unit}, name, usage)
	return &v
}

// seedFlag is a drive's random seed: any whole number from 0 to 2⁶⁴−1.
// The flag package's own uint64 says only "parse error" for -1 or 1.5.
type seedFlag struct{ v *uint64 }

func (f *seedFlag) String() string {
	if f.v == nil {
		return ""
	}
	return strconv.FormatUint(*f.v, 10)
}

func (f *seedFlag) Set(s string) error {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return fmt.Errorf("expected a whole number from 0 to %d, got %q", uint64(math.MaxUint64), s)
	}
	*f.v = v
	return nil
}

// seedVar defines the --seed flag.
func seedVar(fset *flag.FlagSet, usage string) *uint64 {
	var v uint64
	fset.Var(&seedFlag{v: &v}, "seed", usage)
	return &v
}
