package workspace

import (
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"mpsim/app/internal/session"
)

// recordedPathPrefix starts a path a report records as a file URL.
const recordedPathPrefix = "file:"

// RecordedPath is how a report (`mpsim run --report`, the history, the
// results of `mpsim test --json`) records the file path p: p itself, unless
// it is not valid UTF-8 (Linux allows any byte but '/' and NUL in a name;
// JSON holds only UTF-8, and Go's encoder writes each byte that is not as
// U+FFFD, after which no one finds the file) or starts with "file:"; those
// are recorded as a file URL of the absolute path, each byte of it outside
// ASCII's unreserved set percent-escaped (file:///tmp/shots%FF/a.png), which
// FilePathOf reads back byte for byte.
func RecordedPath(p string) string {
	if p == "" || (utf8.ValidString(p) && !strings.HasPrefix(p, recordedPathPrefix)) {
		return p
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// FilePathOf is the file path a report records as s (RecordedPath's
// inverse): a file URL's path, unescaped byte for byte; anything else as
// it is.
func FilePathOf(s string) string {
	if !strings.HasPrefix(s, recordedPathPrefix+"//") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return s
	}
	return u.Path
}

// RecordPaths returns rep with its file paths (screenshots, HAR and where
// the policies' evidence cites them) as RecordedPath records them, for
// writing it as JSON. The report's own slices are not changed.
func RecordPaths(rep session.Report) session.Report { return WithPaths(rep, RecordedPath) }

// ReadPaths returns rep, read from JSON, with the paths RecordPaths
// recorded as file paths again.
func ReadPaths(rep session.Report) session.Report { return WithPaths(rep, FilePathOf) }

// WithPaths returns rep with each attachment path (screenshots, HAR)
// replaced by to(path), also where the design policies' evidence cites it;
// the report's own slices are not changed.
func WithPaths(rep session.Report, to func(string) string) session.Report {
	var pairs []string // old, new, for the evidence
	rep.Screenshots = slices.Clone(rep.Screenshots)
	for i := range rep.Screenshots {
		if old := rep.Screenshots[i].Path; old != "" {
			rep.Screenshots[i].Path = to(old)
			if old != rep.Screenshots[i].Path {
				pairs = append(pairs, old, rep.Screenshots[i].Path)
			}
		}
	}
	if rep.HAR != "" {
		old := rep.HAR
		rep.HAR = to(rep.HAR)
		if old != rep.HAR {
			pairs = append(pairs, old, rep.HAR)
		}
	}
	if len(pairs) == 0 || len(rep.Policies) == 0 {
		return rep
	}
	r := strings.NewReplacer(pairs...)
	rep.Policies = slices.Clone(rep.Policies)
	for i := range rep.Policies {
		ev := slices.Clone(rep.Policies[i].Evidence)
		for j := range ev {
			ev[j] = r.Replace(ev[j])
		}
		rep.Policies[i].Evidence = ev
	}
	return rep
}
