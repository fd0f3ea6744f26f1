package ui

import "golang.org/x/text/unicode/bidi"

// golang.org/x/text/unicode/bidi resolves levels internally, but its
// public API (v0.44) only hands back runs of one direction in logical
// order: it neither reports levels nor does the reordering of rule L2, so
// a number inside a right-to-left name inside a left-to-right paragraph
// cannot be placed from it. The resolution below is UAX #9 for one
// paragraph without explicit embeddings (explicit formatting characters
// are ignored, as rule X9 removes them), with the character classes and
// brackets of x/text's tables.

// bidiLevels returns the embedding level of each rune of one line.
func bidiLevels(runes []rune) []uint8 {
	orig := make([]bidi.Class, len(runes))
	for i, r := range runes {
		p, _ := bidi.LookupRune(r)
		orig[i] = p.Class()
	}
	para := paragraphLevel(orig)
	e := bidi.L
	if para == 1 {
		e = bidi.R
	}
	// X9: explicit formatting characters and boundary neutrals take no
	// part; they get the level of the character before them at the end.
	var idx []int
	for i, c := range orig {
		if !removedByX9(c) {
			idx = append(idx, i)
		}
	}
	t := make([]bidi.Class, len(idx))
	for k, i := range idx {
		t[k] = orig[i]
	}
	resolveWeak(t, e)
	resolveBrackets(t, runes, idx, e)
	resolveNeutrals(t, e)
	levels := make([]uint8, len(runes))
	for i := range levels {
		levels[i] = para
	}
	for k, i := range idx {
		levels[i] = implicitLevel(para, t[k])
	}
	for i := 1; i < len(runes); i++ {
		if removedByX9(orig[i]) {
			levels[i] = levels[i-1]
		}
	}
	resetWhitespace(levels, orig, para)
	return levels
}

// paragraphLevel is rules P2 and P3: 1 when the first strong character is
// right-to-left, else 0.
func paragraphLevel(classes []bidi.Class) uint8 {
	for _, c := range classes {
		switch c {
		case bidi.L:
			return 0
		case bidi.R, bidi.AL:
			return 1
		}
	}
	return 0
}

// removedByX9 reports whether rule X9 removes characters of class c.
func removedByX9(c bidi.Class) bool {
	switch c {
	case bidi.BN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
		return true
	}
	return false
}

// resolveWeak is rules W1 to W7 for one level run starting and ending at
// the paragraph's direction sos.
func resolveWeak(t []bidi.Class, sos bidi.Class) {
	resolveMarksAndArabic(t, sos)
	// W4: one separator between two numbers of the same type.
	for i := 1; i+1 < len(t); i++ {
		if t[i-1] == t[i+1] && (t[i] == bidi.CS && (t[i-1] == bidi.EN || t[i-1] == bidi.AN) ||
			t[i] == bidi.ES && t[i-1] == bidi.EN) {
			t[i] = t[i-1]
		}
	}
	resolveTerminators(t)
	// W6 and W7.
	strong := sos
	for i, c := range t {
		switch c {
		case bidi.ES, bidi.ET, bidi.CS:
			t[i] = bidi.ON
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L {
				t[i] = bidi.L
			}
		}
	}
}

// resolveMarksAndArabic is rules W1 to W3: a non-spacing mark takes the
// type before it, a European number after Arabic letters is an Arabic
// number, and Arabic letters are right-to-left.
func resolveMarksAndArabic(t []bidi.Class, sos bidi.Class) {
	prev, strong := sos, sos
	for i, c := range t {
		if c == bidi.NSM {
			c = prev
		}
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL {
				c = bidi.AN
			}
		}
		prev = c
		if c == bidi.AL {
			c = bidi.R
		}
		t[i] = c
	}
}

// resolveTerminators is rule W5: a sequence of European terminators next
// to a European number becomes European numbers.
func resolveTerminators(t []bidi.Class) {
	for i := 0; i < len(t); {
		if t[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == bidi.ET {
			j++
		}
		if i > 0 && t[i-1] == bidi.EN || j < len(t) && t[j] == bidi.EN {
			for k := i; k < j; k++ {
				t[k] = bidi.EN
			}
		}
		i = j
	}
}

// strongOf is the direction a resolved class counts as for rules N0 to N2
// (numbers count as right-to-left), or ON for a neutral.
func strongOf(c bidi.Class) bidi.Class {
	switch c {
	case bidi.L:
		return bidi.L
	case bidi.R, bidi.AL, bidi.EN, bidi.AN:
		return bidi.R
	}
	return bidi.ON
}

// resolveBrackets is rule N0: a pair of brackets takes the embedding
// direction e when the text inside has a strong character of that
// direction, else the opposite direction when both the text inside and the
// context before the pair have it. t holds the classes of the runes at the
// positions idx.
func resolveBrackets(t []bidi.Class, runes []rune, idx []int, e bidi.Class) {
	for _, pair := range bracketPairs(t, runes, idx) {
		open, closing := pair[0], pair[1]
		inside := bidi.ON
		for k := open + 1; k < closing && inside != e; k++ {
			if s := strongOf(t[k]); s != bidi.ON {
				inside = s
			}
		}
		dir := inside
		if inside != bidi.ON && inside != e {
			before := e
			for k := open - 1; k >= 0; k-- {
				if s := strongOf(t[k]); s != bidi.ON {
					before = s
					break
				}
			}
			if before != inside {
				dir = e
			}
		}
		if dir == bidi.ON {
			continue
		}
		t[open], t[closing] = dir, dir
	}
}

// bracketPairs is rule BD16: the positions in t of each opening bracket
// and the closing bracket that pairs with it, in the order of the opening
// brackets.
func bracketPairs(t []bidi.Class, runes []rune, idx []int) [][2]int {
	type opener struct {
		closing rune
		pos     int
	}
	var stack []opener
	var pairs [][2]int
	for k, i := range idx {
		if t[k] != bidi.ON {
			continue
		}
		p, _ := bidi.LookupRune(runes[i])
		switch {
		case p.IsOpeningBracket():
			if len(stack) == 63 {
				return sortPairs(pairs)
			}
			stack = append(stack, opener{[]rune(bidi.ReverseString(string(runes[i])))[0], k})
		case p.IsBracket():
			for s := len(stack) - 1; s >= 0; s-- {
				if stack[s].closing == runes[i] {
					pairs = append(pairs, [2]int{stack[s].pos, k})
					stack = stack[:s]
					break
				}
			}
		}
	}
	return sortPairs(pairs)
}

// sortPairs orders bracket pairs by the position of their opening bracket.
func sortPairs(pairs [][2]int) [][2]int {
	for i := 1; i < len(pairs); i++ {
		for j := i; j > 0 && pairs[j][0] < pairs[j-1][0]; j-- {
			pairs[j], pairs[j-1] = pairs[j-1], pairs[j]
		}
	}
	return pairs
}

// resolveNeutrals is rules N1 and N2: a sequence of neutrals between two
// strong characters of one direction (numbers counting as right-to-left)
// takes that direction, any other the embedding direction e; the
// paragraph's edges count as e.
func resolveNeutrals(t []bidi.Class, e bidi.Class) {
	for i := 0; i < len(t); {
		if strongOf(t[i]) != bidi.ON {
			i++
			continue
		}
		j := i
		for j < len(t) && strongOf(t[j]) == bidi.ON {
			j++
		}
		before, after := e, e
		if i > 0 {
			before = strongOf(t[i-1])
		}
		if j < len(t) {
			after = strongOf(t[j])
		}
		dir := e
		if before == after {
			dir = before
		}
		for k := i; k < j; k++ {
			t[k] = dir
		}
		i = j
	}
}

// implicitLevel is rules I1 and I2.
func implicitLevel(para uint8, c bidi.Class) uint8 {
	switch {
	case para%2 == 0 && c == bidi.R:
		return para + 1
	case para%2 == 0 && (c == bidi.EN || c == bidi.AN):
		return para + 2
	case para%2 == 1 && (c == bidi.L || c == bidi.EN || c == bidi.AN):
		return para + 1
	}
	return para
}

// resetWhitespace is rule L1 for one line: segment separators, and the
// whitespace before them and at the end of the line, go back to the
// paragraph level.
func resetWhitespace(levels []uint8, orig []bidi.Class, para uint8) {
	trailing := true
	for i := len(orig) - 1; i >= 0; i-- {
		switch c := orig[i]; {
		case c == bidi.S || c == bidi.B:
			levels[i] = para
			trailing = true
		case trailing && (c == bidi.WS || removedByX9(c)):
			levels[i] = para
		default:
			trailing = false
		}
	}
}
