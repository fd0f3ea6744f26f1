package ui

import (
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// golang.org/x/text/unicode/bidi resolves levels internally, but its
// public API (v0.44) only hands back runs of one direction in logical
// order: it neither reports levels nor does the reordering of rule L2, so
// a number inside a right-to-left name inside a left-to-right paragraph
// cannot be placed from it. The resolution below is UAX #9 with the
// character classes and brackets of x/text's tables: the split into
// paragraphs at each paragraph separator (P1, CR LF counting as one), and
// for each paragraph on its own the paragraph level (P2, P3, skipping
// isolates; the host never gives one), the explicit embeddings,
// overrides and isolates (X1 to X8, at most 125 levels deep, all ended by
// the paragraph's end), the removal of embedding characters and the
// isolating run sequences (X9, X10), and on each sequence the weak types,
// paired brackets (a bracket pairs with the canonical equivalent of its
// counterpart, BD16), neutrals and implicit levels (W1 to I2). Rule L1 is
// done per line (lineLevels).

// maxDepth is the deepest explicit embedding level (BD2).
const maxDepth = 125

// A bidiParagraph is one paragraph as its levels are being resolved.
type bidiParagraph struct {
	runes []rune
	// orig holds the characters' classes, types the classes as the
	// rules change them.
	orig, types []bidi.Class
	// explicit holds the levels of rules X1 to X8, levels the resolved
	// ones.
	explicit, levels []uint8
	// matchingPDI is, for an isolate initiator, the position of its
	// matching PDI, or len(runes) when it has none (BD9); matched marks
	// the PDIs that match an initiator.
	matchingPDI []int
	matched     []bool
	para        uint8
}

// bidiLevels returns the embedding level of each rune of a text whose
// paragraphs (rule P1) are each laid out as one line: each paragraph is
// resolved on its own, with the level its own first strong character
// gives it (P2, P3), and its separator at that level (rule L1, included).
func bidiLevels(runes []rune) []uint8 {
	levels := make([]uint8, 0, len(runes))
	for _, p := range paragraphs(runes) {
		text := runes[p.start:p.end]
		l, para := paragraphLevels(text)
		lineLevels(text, l, para)
		levels = append(levels, l...)
	}
	return levels
}

// A paragraph is the runes [start, end) of a text that rule P1 makes one
// paragraph; [sep, end) is the paragraph separator that ends it, empty
// for a last paragraph that has none.
type paragraph struct{ start, sep, end int }

// paragraphs is rule P1: it splits runes into paragraphs after each
// paragraph separator (bidi class B: U+2029 PARAGRAPH SEPARATOR, LF, CR,
// NEL, U+001C to U+001E), which stays with the paragraph it ends. CR LF is
// one separator, one newline function (UAX #9 section 3 leaves CR, LF
// and CR LF to the Newline Guidelines of the Unicode Standard, section
// 5.8), so its LF is no empty paragraph of its own. An empty text has no
// paragraph.
func paragraphs(runes []rune) []paragraph {
	var ps []paragraph
	start := 0
	for i := 0; i < len(runes); i++ {
		if !isParagraphSeparator(runes[i]) {
			continue
		}
		end := i + 1
		if runes[i] == '\r' && end < len(runes) && runes[end] == '\n' {
			end++
		}
		ps = append(ps, paragraph{start, i, end})
		start, i = end, end-1
	}
	if start < len(runes) {
		ps = append(ps, paragraph{start, len(runes), len(runes)})
	}
	return ps
}

// isParagraphSeparator reports whether r is of bidi class B.
func isParagraphSeparator(r rune) bool {
	p, _ := bidi.LookupRune(r)
	return p.Class() == bidi.B
}

// paragraphLevels returns the level of each rune of one paragraph (rule
// P1 done: a paragraph separator only at its end) before rule L1 (which
// is per line), and the paragraph's level. The embedding and override
// characters that rule X9 removes, and boundary neutrals, get the level
// of the character before them.
func paragraphLevels(runes []rune) ([]uint8, uint8) {
	n := len(runes)
	p := &bidiParagraph{
		runes: runes, orig: make([]bidi.Class, n), types: make([]bidi.Class, n),
		explicit: make([]uint8, n), levels: make([]uint8, n),
	}
	for i, r := range runes {
		prop, _ := bidi.LookupRune(r)
		p.orig[i] = prop.Class()
	}
	copy(p.types, p.orig)
	p.matchIsolates()
	if p.firstStrong(0, n) == bidi.R {
		p.para = 1
	}
	p.explicitLevels()
	copy(p.levels, p.explicit)
	for _, seq := range p.isolatingRunSequences() {
		p.resolveSequence(seq)
	}
	for i := range p.levels {
		if removedByX9(p.orig[i]) {
			p.levels[i] = p.para
			if i > 0 {
				p.levels[i] = p.levels[i-1]
			}
		}
	}
	return p.levels, p.para
}

// matchIsolates is rule BD9: it pairs each isolate initiator with the PDI
// that closes it.
func (p *bidiParagraph) matchIsolates() {
	n := len(p.runes)
	p.matchingPDI = make([]int, n)
	p.matched = make([]bool, n)
	var open []int
	for i, c := range p.orig {
		switch {
		case isIsolateInitiator(c):
			p.matchingPDI[i] = n
			open = append(open, i)
		case c == bidi.PDI && len(open) > 0:
			p.matchingPDI[open[len(open)-1]] = i
			p.matched[i] = true
			open = open[:len(open)-1]
		}
	}
}

// firstStrong is rule P2 on the runes [from, to): the direction (L or R)
// of the first strong character that is not inside an isolate, or ON when
// there is none.
func (p *bidiParagraph) firstStrong(from, to int) bidi.Class {
	for i := from; i < to; i++ {
		switch c := p.orig[i]; {
		case c == bidi.L:
			return bidi.L
		case c == bidi.R || c == bidi.AL:
			return bidi.R
		case isIsolateInitiator(c):
			i = p.matchingPDI[i]
		}
	}
	return bidi.ON
}

// isIsolateInitiator reports whether c is LRI, RLI or FSI.
func isIsolateInitiator(c bidi.Class) bool {
	return c == bidi.LRI || c == bidi.RLI || c == bidi.FSI
}

// removedByX9 reports whether rule X9 removes characters of class c: the
// embedding and override characters and boundary neutrals (isolate
// initiators and PDIs stay, as neutrals).
func removedByX9(c bidi.Class) bool {
	switch c {
	case bidi.BN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF:
		return true
	}
	return false
}

// An embedding is an entry of the directional status stack of rules X1 to
// X8.
type embedding struct {
	level uint8
	// override is L or R for a directional override, else ON.
	override bidi.Class
	isolate  bool
}

// explicitState is the directional status stack and the overflow counters
// of rules X1 to X8.
type explicitState struct {
	stack                                               []embedding
	overflowIsolates, overflowEmbeddings, validIsolates int
}

func (s *explicitState) top() embedding { return s.stack[len(s.stack)-1] }

// nextLevel is the least odd (rtl) or even level above level.
func nextLevel(level uint8, rtl bool) uint8 {
	if rtl {
		return (level + 1) | 1
	}
	return (level + 2) &^ 1
}

// push is rules X2 to X5c: it enters an embedding, override or isolate
// when the level is not too deep and no embedding has overflowed, and
// counts an overflow otherwise.
func (s *explicitState) push(rtl bool, override bidi.Class, isolate bool) {
	level := nextLevel(s.top().level, rtl)
	if level <= maxDepth && s.overflowIsolates == 0 && s.overflowEmbeddings == 0 {
		if isolate {
			s.validIsolates++
		}
		s.stack = append(s.stack, embedding{level, override, isolate})
		return
	}
	switch {
	case isolate:
		s.overflowIsolates++
	case s.overflowIsolates == 0:
		s.overflowEmbeddings++
	}
}

// popIsolate is rule X6a: a PDI closes the isolate it matches and every
// embedding inside it.
func (s *explicitState) popIsolate() {
	switch {
	case s.overflowIsolates > 0:
		s.overflowIsolates--
	case s.validIsolates == 0:
	default:
		s.overflowEmbeddings = 0
		for !s.top().isolate {
			s.stack = s.stack[:len(s.stack)-1]
		}
		s.stack = s.stack[:len(s.stack)-1]
		s.validIsolates--
	}
}

// popEmbedding is rule X7: a PDF closes the last embedding or override,
// not an isolate.
func (s *explicitState) popEmbedding() {
	switch {
	case s.overflowIsolates > 0:
	case s.overflowEmbeddings > 0:
		s.overflowEmbeddings--
	case !s.top().isolate && len(s.stack) >= 2:
		s.stack = s.stack[:len(s.stack)-1]
	}
}

// explicitLevels is rules X1 to X8: the explicit level of each rune, and
// the class an override gives it.
func (p *bidiParagraph) explicitLevels() {
	s := explicitState{stack: []embedding{{level: p.para, override: bidi.ON}}}
	for i, c := range p.orig {
		switch c {
		case bidi.RLE, bidi.LRE, bidi.RLO, bidi.LRO:
			p.explicit[i] = s.top().level
			s.push(c == bidi.RLE || c == bidi.RLO, overrideOf(c), false)
		case bidi.RLI, bidi.LRI, bidi.FSI:
			p.setExplicit(i, s.top())
			rtl := c == bidi.RLI || c == bidi.FSI && p.firstStrong(i+1, p.matchingPDI[i]) == bidi.R
			s.push(rtl, bidi.ON, true)
		case bidi.PDI:
			s.popIsolate()
			p.setExplicit(i, s.top())
		case bidi.PDF:
			s.popEmbedding()
			p.explicit[i] = s.top().level
		case bidi.B:
			p.explicit[i] = p.para
		case bidi.BN:
			p.explicit[i] = s.top().level
		default:
			p.setExplicit(i, s.top())
		}
	}
}

// overrideOf is the direction an override character forces (L or R), or
// ON for an embedding character.
func overrideOf(c bidi.Class) bidi.Class {
	switch c {
	case bidi.LRO:
		return bidi.L
	case bidi.RLO:
		return bidi.R
	}
	return bidi.ON
}

// setExplicit gives rune i the level of the embedding e and, inside an
// override, its direction (rules X5a to X6).
func (p *bidiParagraph) setExplicit(i int, e embedding) {
	p.explicit[i] = e.level
	if e.override != bidi.ON {
		p.types[i] = e.override
	}
}

// levelRuns is rule BD7 after X9: the positions of the runes that rule X9
// keeps, in maximal runs of one explicit level.
func (p *bidiParagraph) levelRuns() [][]int {
	var runs [][]int
	var prev uint8
	for i, c := range p.orig {
		if removedByX9(c) {
			continue
		}
		if n := len(runs); n > 0 && p.explicit[i] == prev {
			runs[n-1] = append(runs[n-1], i)
			continue
		}
		runs = append(runs, []int{i})
		prev = p.explicit[i]
	}
	return runs
}

// isolatingRunSequences is rule X10 (BD13): level runs joined across an
// isolate, from the run that ends with its initiator to the one that
// starts with its matching PDI.
func (p *bidiParagraph) isolatingRunSequences() [][]int {
	runs := p.levelRuns()
	startingAt := make(map[int]int, len(runs))
	for k, r := range runs {
		startingAt[r[0]] = k
	}
	var seqs [][]int
	for _, r := range runs {
		if p.matched[r[0]] {
			continue
		}
		seq := append([]int(nil), r...)
		for {
			last := seq[len(seq)-1]
			if !isIsolateInitiator(p.orig[last]) {
				break
			}
			k, ok := startingAt[p.matchingPDI[last]]
			if !ok {
				break
			}
			seq = append(seq, runs[k]...)
		}
		seqs = append(seqs, seq)
	}
	return seqs
}

// directionOf is the embedding direction of level: L when even, R when
// odd.
func directionOf(level uint8) bidi.Class {
	if level%2 == 1 {
		return bidi.R
	}
	return bidi.L
}

// sequenceEdges is the sos and eos of an isolating run sequence at level
// (rule X10): the direction of the higher of its level and the level of
// the rune kept next to it (the paragraph's at the edges, and after an
// isolate initiator that has no matching PDI).
func (p *bidiParagraph) sequenceEdges(seq []int, level uint8) (sos, eos bidi.Class) {
	before, after := p.para, p.para
	for i := seq[0] - 1; i >= 0; i-- {
		if !removedByX9(p.orig[i]) {
			before = p.explicit[i]
			break
		}
	}
	if last := seq[len(seq)-1]; !isIsolateInitiator(p.orig[last]) {
		for i := last + 1; i < len(p.orig); i++ {
			if !removedByX9(p.orig[i]) {
				after = p.explicit[i]
				break
			}
		}
	}
	return directionOf(max(before, level)), directionOf(max(after, level))
}

// resolveSequence is rules W1 to I2 on one isolating run sequence, given
// as the positions of its runes.
func (p *bidiParagraph) resolveSequence(seq []int) {
	level := p.explicit[seq[0]]
	sos, eos := p.sequenceEdges(seq, level)
	t := make([]bidi.Class, len(seq))
	for k, i := range seq {
		t[k] = p.types[i]
	}
	e := directionOf(level)
	resolveWeak(t, sos)
	p.resolveBrackets(t, seq, e, sos)
	resolveNeutrals(t, sos, eos, e)
	for k, i := range seq {
		p.types[i] = t[k]
		p.levels[i] = implicitLevel(level, t[k])
	}
}

// resolveWeak is rules W1 to W7 for one isolating run sequence starting
// at sos.
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
// type before it (a neutral's after an isolate initiator or a PDI), a
// European number after Arabic letters is an Arabic number, and Arabic
// letters are right-to-left.
func resolveMarksAndArabic(t []bidi.Class, sos bidi.Class) {
	prev, strong := sos, sos
	for i, c := range t {
		if c == bidi.NSM {
			c = prev
			if isIsolateInitiator(prev) || prev == bidi.PDI {
				c = bidi.ON
			}
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
// (numbers count as right-to-left), or ON for a neutral (isolate
// initiators and PDIs included).
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
// context before the pair (back to sos) have it; non-spacing marks after a
// bracket follow it. t holds the classes of the runes at the positions
// seq.
func (p *bidiParagraph) resolveBrackets(t []bidi.Class, seq []int, e, sos bidi.Class) {
	for _, pair := range bracketPairs(t, p.runes, seq) {
		dir := bracketDirection(t, pair, e, sos)
		if dir == bidi.ON {
			continue
		}
		for _, k := range pair {
			t[k] = dir
			for k++; k < len(t) && p.orig[seq[k]] == bidi.NSM; k++ {
				t[k] = dir
			}
		}
	}
}

// bracketDirection is the direction rule N0 gives the bracket pair, or ON
// when the text inside has no strong character.
func bracketDirection(t []bidi.Class, pair [2]int, e, sos bidi.Class) bidi.Class {
	open, closing := pair[0], pair[1]
	inside := bidi.ON
	for k := open + 1; k < closing && inside != e; k++ {
		if s := strongOf(t[k]); s != bidi.ON {
			inside = s
		}
	}
	if inside == bidi.ON || inside == e {
		return inside
	}
	before := sos
	for k := open - 1; k >= 0; k-- {
		if s := strongOf(t[k]); s != bidi.ON {
			before = s
			break
		}
	}
	if before != inside {
		return e
	}
	return inside
}

// bracketPairs is rule BD16: the positions in t of each opening bracket
// and the closing bracket that pairs with it, in the order of the opening
// brackets. A closing bracket pairs with an opening one when it is the
// opening one's Bidi_Paired_Bracket or canonically equivalent to it: an
// opening U+2329 pairs with a closing U+3009 as with U+232A, and U+3008
// with U+232A as with U+3009.
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
			closing := []rune(bidi.ReverseString(string(runes[i])))[0]
			stack = append(stack, opener{canonicalBracket(closing), k})
		case p.IsBracket():
			closing := canonicalBracket(runes[i])
			for s := len(stack) - 1; s >= 0; s-- {
				if stack[s].closing == closing {
					pairs = append(pairs, [2]int{stack[s].pos, k})
					stack = stack[:s]
					break
				}
			}
		}
	}
	return sortPairs(pairs)
}

// canonicalBracket is the bracket r is canonically equivalent to (its
// canonical decomposition, a single character: U+3008 for U+2329, U+3009
// for U+232A), or r itself.
func canonicalBracket(r rune) rune {
	if d := []rune(norm.NFD.String(string(r))); len(d) == 1 {
		return d[0]
	}
	return r
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
// sequence's edges count as sos and eos.
func resolveNeutrals(t []bidi.Class, sos, eos, e bidi.Class) {
	for i := 0; i < len(t); {
		if strongOf(t[i]) != bidi.ON {
			i++
			continue
		}
		j := i
		for j < len(t) && strongOf(t[j]) == bidi.ON {
			j++
		}
		before, after := sos, eos
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

// implicitLevel is rules I1 and I2 for a rune of resolved class c in a
// sequence at level.
func implicitLevel(level uint8, c bidi.Class) uint8 {
	switch {
	case level%2 == 0 && c == bidi.R:
		return level + 1
	case level%2 == 0 && (c == bidi.EN || c == bidi.AN):
		return level + 2
	case level%2 == 1 && (c == bidi.L || c == bidi.EN || c == bidi.AN):
		return level + 1
	}
	return level
}

// lineLevels is rule L1 for one line of a paragraph at level para:
// segment separators, and the whitespace and isolate formatting
// characters before them and at the end of the line, go back to the
// paragraph level.
func lineLevels(runes []rune, levels []uint8, para uint8) {
	trailing := true
	for i := len(runes) - 1; i >= 0; i-- {
		prop, _ := bidi.LookupRune(runes[i])
		switch c := prop.Class(); {
		case c == bidi.S || c == bidi.B:
			levels[i] = para
			trailing = true
		case trailing && (c == bidi.WS || isIsolateInitiator(c) || c == bidi.PDI || removedByX9(c)):
			levels[i] = para
		default:
			trailing = false
		}
	}
}
