package matrix

import (
	"fmt"
	"slices"
	"strings"
)

// Build identifies the mpsim build that wrote a run's results
// (buildinfo.Info): report merge warns when the shards of one run were
// written by different builds, whose cells may not be comparable (a
// check added or changed between them).
type Build struct {
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Modified bool   `json:"modified,omitempty"`
}

// String is "0.1.0 (commit 0123456789ab+modified)", or the version alone
// for a build that recorded no commit (built without its git history).
func (b Build) String() string {
	if b.Commit == "" {
		return b.Version + " (no commit recorded)"
	}
	c := b.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if b.Modified {
		c += "+modified"
	}
	return fmt.Sprintf("%s (commit %s)", b.Version, c)
}

// buildOf names the build of p: its Build, or its version alone in
// results from before Build was recorded.
func buildOf(p Results) string {
	if p.Build != nil {
		return p.Build.String()
	}
	if p.Version == "" {
		return "an unknown build"
	}
	return p.Version + " (its commit not recorded)"
}

// buildNotes says, for report merge, whether the shards of a run were
// written by different builds of mpsim (differ: which shard by which; "" when
// not) and which results record no build, from an mpsim from before
// Build (unknown: "" when all do). Builds differ when their versions do,
// or when two results that record their build name different commits
// (or one a modified tree).
func buildNotes(parts []Results) (differ, unknown string) {
	var old []string
	byBuild := map[string][]string{}
	var order []string
	versions, commits := map[string]bool{}, map[string]bool{}
	for _, p := range parts {
		versions[p.Version] = true
		if p.Build == nil {
			old = append(old, p.From)
		} else {
			commits[fmt.Sprint(p.Build.Commit, p.Build.Modified)] = true
		}
		b := buildOf(p)
		if byBuild[b] == nil {
			order = append(order, b)
		}
		byBuild[b] = append(byBuild[b], partName(p))
	}
	if len(old) > 0 {
		unknown = fmt.Sprintf("%s %s no build of mpsim (written by an mpsim from before 2026-12-06): only %s version is compared with the other shards'",
			strings.Join(old, ", "), map[bool]string{true: "records", false: "record"}[len(old) == 1], map[bool]string{true: "its", false: "their"}[len(old) == 1])
	}
	if len(versions) < 2 && len(commits) < 2 {
		return "", unknown
	}
	slices.Sort(order)
	var groups []string
	for _, b := range order {
		groups = append(groups, fmt.Sprintf("%s by mpsim %s", strings.Join(byBuild[b], ", "), b))
	}
	differ = "the shards were written by different builds of mpsim: " + strings.Join(groups, "; ") +
		". Their cells are merged, but a check may differ between builds: build every shard's job from one commit"
	return differ, unknown
}
