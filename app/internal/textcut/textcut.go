// Package textcut shortens text for messages, reports and terminal tables
// without breaking a character: it cuts only between grapheme clusters, so
// a combining accent, a Thai vowel mark or an emoji sequence joined by
// zero-width joiners stays with its base, and no cut leaves invalid UTF-8.
package textcut

import "github.com/rivo/uniseg"

// Fit keeps of s the longest start of whole grapheme clusters whose length
// in bytes and width in terminal columns fit, and marks the cut with "…"
// after it; s as it is when all of it fits.
func Fit(s string, fit func(bytes, columns int) bool) string {
	end, used, state := 0, 0, -1
	for rest := s; rest != ""; {
		var c string
		var w int
		c, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if !fit(end+len(c), used+w) {
			return s[:end] + "…"
		}
		used += w
		end += len(c)
	}
	return s
}

// Bytes cuts s to at most n bytes (the "…" after them), between grapheme
// clusters: it bounds how much of a long text (a URL, a finding's message,
// a hand-back field) is kept.
func Bytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return Fit(s, func(bytes, _ int) bool { return bytes <= n })
}

// Columns cuts s to n terminal columns (the "…" after them), between
// grapheme clusters: a wide character is never halved.
func Columns(s string, n int) string {
	return Fit(s, func(_, columns int) bool { return columns <= n })
}
