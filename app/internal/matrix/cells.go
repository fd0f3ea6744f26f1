package matrix

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/simulator"
)

// Cell is one run of a scenario: one SIM kind and one language list.
type Cell struct {
	// ID is scenario/sim/language, unique in a run and stable between runs.
	ID       string            `json:"id"`
	Scenario Scenario          `json:"scenario"`
	SIM      simulator.SIMKind `json:"sim"`
	// Languages is the language entry of the scenario ("fr-FR,fr,en"); Lang
	// its first tag, the column of the summary matrix.
	Languages string `json:"languages"`
	Lang      string `json:"lang"`
}

// Column names the summary matrix column of the cell: language · SIM ("—"
// for the one cell of a scenario file that could not be read).
func (c Cell) Column() string {
	if c.Lang == "" && c.SIM == "" {
		return "—"
	}
	return c.Lang + " · " + string(c.SIM)
}

// Expand turns scenarios into cells: each scenario × its SIM kinds × its
// languages, sorted by ID. A scenario without sims runs with its preset's
// kind, else esim; without languages, with its preset's, else en-US.
func Expand(scenarios []Scenario, presets Presets) []Cell {
	if presets == nil {
		presets = BuiltinPresets
	}
	var cells []Cell
	for _, s := range scenarios {
		var p simulator.Preset
		if s.Preset != "" {
			p, _ = presets(s.Preset) // checked by Load
		}
		sims := s.SIMs
		if len(sims) == 0 {
			k := p.SIM
			if k == "" {
				k = simulator.KindESIM
			}
			sims = []simulator.SIMKind{k}
		}
		langs := s.Languages
		if len(langs) == 0 {
			if len(p.Languages) > 0 {
				langs = []string{strings.Join(p.Languages, ",")}
			} else {
				langs = []string{workspace.DefaultLanguage}
			}
		}
		for _, k := range sims {
			for _, l := range langs {
				first := strings.TrimSpace(strings.SplitN(strings.SplitN(l, ",", 2)[0], ";", 2)[0])
				cells = append(cells, Cell{
					ID:       s.Name + "/" + string(k) + "/" + first,
					Scenario: s, SIM: k, Languages: l, Lang: first,
				})
			}
		}
	}
	slices.SortStableFunc(cells, func(a, b Cell) int { return cmp.Compare(a.ID, b.ID) })
	// Two entries with the same first tag ("fr-FR" and "fr-FR,en") get
	// the whole list in their ID.
	for i := 1; i < len(cells); i++ {
		if cells[i].ID == cells[i-1].ID {
			for _, j := range []int{i - 1, i} {
				c := &cells[j]
				c.ID = c.Scenario.Name + "/" + string(c.SIM) + "/" + strings.ReplaceAll(c.Languages, " ", "")
			}
		}
	}
	slices.SortStableFunc(cells, func(a, b Cell) int { return cmp.Compare(a.ID, b.ID) })
	return cells
}

// Shard is the part I of N of a run (1 ≤ I ≤ N); the zero Shard is all.
type Shard struct{ I, N int }

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	if s == "" {
		return Shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("%q is no shard; write I/N with 1 ≤ I ≤ N, like 2/3", s)
	}
	return Shard{I: i, N: n}, nil
}

// String writes the shard as I/N ("" for all).
func (s Shard) String() string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.I, s.N)
}

// Matching returns the cells whose ID (scenario/sim/language) re matches
// anywhere, in their order: mpsim test --run.
func Matching(cells []Cell, re *regexp.Regexp) []Cell {
	var out []Cell
	for _, c := range cells {
		if re.MatchString(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// Pick returns the cells of the shard: of the cells sorted by ID, those
// whose index is I-1 modulo N. Shards 1/N … N/N cover every cell exactly
// once, whatever order the cells came in.
func (s Shard) Pick(cells []Cell) []Cell {
	sorted := slices.Clone(cells)
	slices.SortStableFunc(sorted, func(a, b Cell) int { return cmp.Compare(a.ID, b.ID) })
	if s.N <= 1 {
		return sorted
	}
	var out []Cell
	for i, c := range sorted {
		if i%s.N == s.I-1 {
			out = append(out, c)
		}
	}
	return out
}

// Seed is the device seed of a cell: the run's seed and the cell's ID, so
// a cell gets the same device whatever else runs and in which order.
func (c Cell) Seed(runSeed int64) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", runSeed, c.ID)
	v := int64(h.Sum64() &^ (1 << 63))
	if v == 0 {
		v = 1
	}
	return v
}

// launch is the launch request of the scenario for a SIM kind and a
// language entry ("" keeps the preset's or the default).
func (s Scenario) launch(kind simulator.SIMKind, langs string) workspace.LaunchRequest {
	r := workspace.LaunchRequest{
		SIM: kind, PortalURL: s.Portal, Market: s.Market, Location: s.Location,
		Generation: s.Generation, Extra: slices.Clone(s.Params), Preset: s.Preset, Operator: s.Operator,
	}
	if langs != "" {
		r.Languages, _ = workspace.ParseLanguages(langs)
	}
	return r
}

// Request is the session request of the cell; seed makes its transaction
// ID reproducible.
func (c Cell) Request(seed int64) (workspace.Request, error) {
	s := c.Scenario
	launch := s.launch(c.SIM, c.Languages)
	launch.TransactionID = simulator.NewGenerator(seed).TransactionID()
	timeout := time.Duration(s.Timeout)
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	lc := session.Lifecycle{
		ActivationResult: s.Lifecycle.ActivationResult, RegistrationState: s.Lifecycle.RegistrationState,
		ClockSpeed: s.Lifecycle.ClockSpeed, DownloadTime: time.Duration(s.Lifecycle.DownloadTime),
	}
	var certs []session.TrustedCert
	var errs []error
	for _, p := range s.TrustCerts {
		tc, err := workspace.LoadTrustedCert(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		certs = append(certs, tc)
	}
	var compare []string
	if s.CompareLanguage != "" {
		var err error
		if compare, err = workspace.ParseLanguages(s.CompareLanguage); err != nil {
			errs = append(errs, fmt.Errorf("compare_language: %w", err))
		}
	}
	return workspace.Request{
		Launch: launch, Trusted: certs, NotifyHosts: slices.Clone(s.NotifyHosts),
		Lifecycle: lc, Timeout: timeout, Steps: s.sessionSteps(), CompareLanguages: compare, NoAxe: s.NoAxe,
	}, errors.Join(errs...)
}
