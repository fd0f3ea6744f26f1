package matrix

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"mpsim/app/internal/session"
)

// ContentDigest identifies what the scenario says: the first 16 bytes of
// the SHA-256 of its JSON, in hex, without where it is written (its file,
// its lines) or the digest itself, and with the value of each fill that
// is secret from the start (value_env names only their variable;
// NamesPasswordField) as session.Masked, so that no password is hashed.
// Two files that say the same scenario in other words (comments, key
// order, layout) give it the same digest; any change of a key's value
// another.
func (s Scenario) ContentDigest() string {
	s.File, s.Line, s.Digest = "", 0, ""
	s.Steps = slices.Clone(s.Steps)
	for i := range s.Steps {
		s.Steps[i].Line = 0
		if s.Steps[i].Fill != "" && s.Steps[i].Value.Given() && s.Steps[i].Session().Secret {
			s.Steps[i].Value = Plain(session.Masked)
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// ContentFingerprint identifies what cells run: the first 16 bytes of
// the SHA-256 of their IDs, each with its scenario's digest
// (Scenario.Digest), one a
// line, sorted, in hex (a cell of a file that could not be read has no
// digest). Shards split from runs of different versions of
// the same scenario files have the same cell list (CellsFingerprint) but
// not the same ContentFingerprint.
func ContentFingerprint(cells []Cell) string {
	lines := make([]string, len(cells))
	for i, c := range cells {
		lines[i] = c.ID + " " + c.Scenario.Digest
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:16])
}

// checkSameScenarios says which scenario the shards in parts ran in
// different versions: each cell carries its scenario's digest
// (Scenario.Digest), and the cells of one scenario in two shards must
// carry the same. (Cells of results from before the digest carry none
// and are not compared.)
func checkSameScenarios(parts []Results) error {
	type seen struct{ digest, part string }
	first := map[string]seen{}
	var names []string
	differ := map[string]string{}
	for _, p := range parts {
		for _, c := range p.Cells {
			name, d := c.Scenario.Name, c.Scenario.Digest
			if d == "" {
				continue
			}
			f, ok := first[name]
			switch {
			case !ok:
				first[name] = seen{d, partName(p)}
				names = append(names, name)
			case f.digest != d && differ[name] == "":
				differ[name] = fmt.Sprintf("scenario %q of %s is not the one of %s (digest %s, not %s): the files changed between the shards' runs", name, partName(p), f.part, d, f.digest)
			}
		}
	}
	var out []string
	for _, name := range names {
		if differ[name] != "" {
			out = append(out, differ[name])
		}
	}
	if len(out) == 0 {
		return nil
	}
	return fmt.Errorf("%s; run every shard on the same version of the scenario files", strings.Join(out, "; "))
}
