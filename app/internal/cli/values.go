package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// The flag values below check what they are given and, when it is wrong,
// say so in words (a valueProblem); sentence puts the flag and the value
// in front.

// durationValue is a duration flag that refuses negative durations.
type durationValue time.Duration

func newDuration(p *time.Duration, def time.Duration) *durationValue {
	*p = def
	return (*durationValue)(p)
}

func (d *durationValue) String() string {
	if *d == 0 {
		return "0" // pflag shows no "(default …)" for 0
	}
	return time.Duration(*d).String()
}

func (d *durationValue) Set(s string) error {
	v, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			return valueProblem("has no unit; write it like 90s or 2m")
		}
		return valueProblem("is not a duration; write it like 90s or 2m")
	}
	if v < 0 {
		return valueProblem("is negative; give a duration like 90s or 2m")
	}
	*d = durationValue(v)
	return nil
}

func (d *durationValue) Type() string { return "duration" }

// positiveFloat is a number flag that must be above 0.
type positiveFloat struct {
	p    *float64
	what string // what the number counts, for the message
}

func newPositiveFloat(p *float64, def float64, what string) *positiveFloat {
	*p = def
	return &positiveFloat{p, what}
}

func (f *positiveFloat) String() string {
	if f.p == nil {
		return ""
	}
	return strconv.FormatFloat(*f.p, 'g', -1, 64)
}

func (f *positiveFloat) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return valueProblem("is not a number; give " + f.what + ", like 60")
	}
	if v <= 0 {
		return valueProblem("must be above 0; give " + f.what + ", like 60")
	}
	*f.p = v
	return nil
}

func (f *positiveFloat) Type() string { return "number" }

// seedFlag is an int64 flag that remembers whether it was given.
type seedFlag struct {
	v   int64
	set bool
}

func (s *seedFlag) String() string {
	if s == nil || !s.set {
		return ""
	}
	return strconv.FormatInt(s.v, 10)
}

func (s *seedFlag) Set(v string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		// CI QA: a seed of 20 digits was "not a whole number".
		return valueProblem(fmt.Sprintf("is out of range: give a whole number from %d to %d, like 42", int64(math.MinInt64), int64(math.MaxInt64)))
	}
	if err != nil {
		return valueProblem("is not a whole number; give a seed like 42")
	}
	s.v, s.set = n, true
	return nil
}

func (s *seedFlag) Type() string { return "int" }

// ptr returns the seed, or nil when it was not given.
func (s *seedFlag) ptr() *int64 {
	if !s.set {
		return nil
	}
	v := s.v
	return &v
}

// multiFlag is a repeatable string flag; each use adds one value (commas
// are kept, unlike pflag's StringSlice).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
func (m *multiFlag) Type() string       { return "stringArray" }

var (
	_ pflag.Value = (*durationValue)(nil)
	_ pflag.Value = (*positiveFloat)(nil)
	_ pflag.Value = (*seedFlag)(nil)
	_ pflag.Value = (*multiFlag)(nil)
)
