package cli

import (
	"fmt"
	"strings"

	"mpsim/app/internal/suggest"
)

// oneOf checks value, given as flag, against the values it may take, as
// every such flag does: case is ignored (--demo-choice BUY is buy, as
// --sim ESIM is esim) and the documented spelling is returned; a value
// that is none of them is an error that lists them and names the closest
// (refused before, without a hint, for some flags and not others).
func oneOf(flag, value string, values []string) (string, error) {
	if c, ok := canonical(value, values); ok {
		return c, nil
	}
	msg := fmt.Sprintf("%s %q: use one of %s", flag, value, strings.Join(values, ", "))
	best, bestDist := "", 3
	for _, v := range values {
		if d := suggest.Distance(strings.ToLower(value), strings.ToLower(v)); d < bestDist {
			best, bestDist = v, d
		}
	}
	if best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	return "", fmt.Errorf("%s", msg)
}
