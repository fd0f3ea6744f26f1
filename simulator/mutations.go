package simulator

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
)

// Mutation is one parsed launch mutation. Mutations change a built Launch after the fact, bypassing every
// validation, so that presets can send what a correct host never would (a bad check digit, a missing
// iccid, an over-long transactionId …) and check how a portal copes.
//
// The textual forms are:
//
//	drop:NAME          remove every parameter NAME
//	set:NAME=VALUE     set every parameter NAME to VALUE, or append it if absent (VALUE may be empty)
//	add:NAME=VALUE     append a parameter, even if one with that name exists
//	dup:NAME           append a copy of the first parameter NAME
//	bad-check:NAME     change the last digit of the value (of the first ICCID for iccids), breaking its check digit
//	chop:NAME          remove the first character of the value (of the first ICCID for iccids), e.g. an 18-digit ICCID
//	pad-f:NAME         append the padding F the app should have stripped (to every ICCID for iccids)
//	spaces:NAME        put a space after every comma of the value (contract §5 #12)
//	length:NAME=N      cut or extend the value to N characters (extension repeats the value, or uses "x")
//	lower:NAME         lower-case the value
//	upper:NAME         upper-case the value
//	header:NAME=VALUE  set a request header
//	drop-header:NAME   remove a request header
type Mutation struct {
	Op, Name, Value string
}

// String returns the textual form of m.
func (m Mutation) String() string {
	switch m.Op {
	case "set", "add", "length", "header":
		return m.Op + ":" + m.Name + "=" + m.Value
	}
	return m.Op + ":" + m.Name
}

// ParseMutation parses the textual form of a mutation (see Mutation).
func ParseMutation(s string) (Mutation, error) {
	op, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Mutation{}, fmt.Errorf("mutation %q: want OP:NAME[=VALUE]", s)
	}
	m := Mutation{Op: op, Name: rest}
	switch op {
	case "set", "add", "length", "header":
		name, value, ok := strings.Cut(rest, "=")
		if !ok {
			return Mutation{}, fmt.Errorf("mutation %q: %s needs NAME=VALUE", s, op)
		}
		m.Name, m.Value = name, value
		if op == "length" {
			if n, err := strconv.Atoi(value); err != nil || n < 0 || n > 4096 {
				return Mutation{}, fmt.Errorf("mutation %q: length must be a number from 0 to 4096", s)
			}
		}
	case "drop", "dup", "bad-check", "chop", "pad-f", "spaces", "lower", "upper", "drop-header":
	default:
		return Mutation{}, fmt.Errorf("mutation %q: unknown operation %q (want drop, set, add, dup, bad-check, chop, pad-f, spaces, length, lower, upper, header or drop-header)", s, op)
	}
	if m.Name == "" {
		return Mutation{}, fmt.Errorf("mutation %q: empty name", s)
	}
	return m, nil
}

// CheckMutations returns an error describing every mutation that does not parse.
func CheckMutations(muts []string) error {
	var errs []error
	for _, s := range muts {
		if _, err := ParseMutation(s); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ApplyMutations returns a copy of l with the mutations applied in order and its URL rebuilt from
// l.PortalURL and the mutated parameters. Mutations that do not parse are skipped; use CheckMutations or
// ApplyMutationsChecked to see them. l itself is not modified.
func ApplyMutations(l Launch, muts []string) Launch {
	out, _ := applyMutations(l, muts)
	return out
}

// ApplyMutationsChecked is ApplyMutations that also reports the mutations it had to skip.
func ApplyMutationsChecked(l Launch, muts []string) (Launch, error) {
	return applyMutations(l, muts)
}

func applyMutations(l Launch, muts []string) (Launch, error) {
	portal := l.PortalURL
	if portal == "" {
		portal = portalOf(l)
	}
	params := append([]Param(nil), l.Params...)
	headers := maps.Clone(l.Headers)
	if headers == nil {
		headers = map[string]string{}
	}
	var errs []error
	for _, s := range muts {
		m, err := ParseMutation(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		params = m.apply(params, headers)
	}
	return Launch{URL: composeURL(portal, params), PortalURL: portal, Params: params, Headers: headers}, errors.Join(errs...)
}

// portalOf recovers the portal URL of a launch that lacks PortalURL by removing the encoded parameters
// from the end of its query.
func portalOf(l Launch) string {
	base, frag, hasFrag := strings.Cut(l.URL, "#")
	base = strings.TrimSuffix(base, EncodeParams(l.Params))
	base = strings.TrimSuffix(strings.TrimSuffix(base, "&"), "?")
	if hasFrag {
		base += "#" + frag
	}
	return base
}

func (m Mutation) apply(params []Param, headers map[string]string) []Param {
	// each rewrites the value of every parameter named m.Name.
	each := func(f func(string) string) {
		for i := range params {
			if params[i].Name == m.Name {
				params[i].Value = f(params[i].Value)
			}
		}
	}
	// firstItem applies f to the first comma-separated item for iccids, to the whole value otherwise.
	firstItem := func(f func(string) string) func(string) string {
		return func(v string) string {
			if m.Name != "iccids" {
				return f(v)
			}
			first, rest, found := strings.Cut(v, ",")
			if found {
				return f(first) + "," + rest
			}
			return f(first)
		}
	}
	switch m.Op {
	case "drop":
		kept := params[:0]
		for _, p := range params {
			if p.Name != m.Name {
				kept = append(kept, p)
			}
		}
		params = kept
	case "set":
		found := false
		for i := range params {
			if params[i].Name == m.Name {
				params[i].Value, found = m.Value, true
			}
		}
		if !found {
			params = append(params, Param{m.Name, m.Value})
		}
	case "add":
		params = append(params, Param{m.Name, m.Value})
	case "dup":
		for _, p := range params {
			if p.Name == m.Name {
				params = append(params, p)
				break
			}
		}
	case "bad-check":
		each(firstItem(breakLastDigit))
	case "chop":
		each(firstItem(func(v string) string {
			if v == "" {
				return v
			}
			return v[1:]
		}))
	case "pad-f":
		each(func(v string) string {
			if v == "" {
				return v
			}
			return strings.ReplaceAll(v, ",", "F,") + "F"
		})
	case "spaces":
		each(func(v string) string { return strings.ReplaceAll(v, ",", ", ") })
	case "length":
		n, _ := strconv.Atoi(m.Value)
		each(func(v string) string { return toLength(v, n) })
	case "lower":
		each(strings.ToLower)
	case "upper":
		each(strings.ToUpper)
	case "header":
		headers[m.Name] = m.Value
	case "drop-header":
		delete(headers, m.Name)
	}
	return params
}

// breakLastDigit changes the last digit of v (to the next digit, modulo 10); a value without a trailing
// digit gets "0" appended. A single changed digit always breaks a Luhn or mod-97 check.
func breakLastDigit(v string) string {
	if n := len(v); n > 0 && v[n-1] >= '0' && v[n-1] <= '9' {
		return v[:n-1] + string(rune('0'+(v[n-1]-'0'+1)%10))
	}
	return v + "0"
}

// toLength cuts v to n runes or extends it to n runes by repeating it ("x" if empty).
func toLength(v string, n int) string {
	r := []rune(v)
	if len(r) >= n {
		return string(r[:n])
	}
	fill := r
	if len(fill) == 0 {
		fill = []rune("x")
	}
	for i := 0; len(r) < n; i++ {
		r = append(r, fill[i%len(fill)])
	}
	return string(r)
}
