// Package suggest finds what a user probably meant: the edit distance
// between two words, for the "did you mean" of mistyped flags, help topics,
// presets, scenario keys and finding codes.
package suggest

import "github.com/agnivade/levenshtein"

// Distance is the Levenshtein distance of a and b, in characters.
func Distance(a, b string) int {
	return levenshtein.ComputeDistance(a, b)
}
