// Package matrix runs scenario files: it loads them (TOML, checked against
// the shipped JSON Schema), expands each scenario into cells (scenario × SIM
// kind × language), picks a shard of them, runs every cell isolated through
// the one session runner (workspace.Runner) and checks its expectations; it
// writes the results as JSON, JUnit XML and one self-contained HTML report.
// It never imports Fyne or WebKit: the portal windows come from the
// session.Opener the caller passes.
package matrix

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"mpsim/app/internal/suggest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/workspace"
	"mpsim/assets"
	"mpsim/bridge"
	"mpsim/simulator"
	"mpsim/simulator/urlhint"
)

// DefaultTimeout is a scenario's session timeout unless it says otherwise.
const DefaultTimeout = 60 * time.Second

// Duration is a TOML string like "90s" or "1m30s".
type Duration time.Duration

// UnmarshalText reads a Go duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is no duration; write it like 90s, 1m30s or 500ms", b)
	}
	if v < 0 {
		return fmt.Errorf("duration %q must not be negative", b)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration as Go prints it.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// Lifecycle is what the simulated eSIM reports in inline flows (like the
// --activation-result, --registration-state, --clock-speed and
// --download-time flags of mpsim run).
type Lifecycle struct {
	ActivationResult  string   `toml:"activation_result,omitempty" json:"activationResult,omitempty"`
	RegistrationState string   `toml:"registration_state,omitempty" json:"registrationState,omitempty"`
	ClockSpeed        float64  `toml:"clock_speed,omitempty" json:"clockSpeed,omitempty"`
	DownloadTime      Duration `toml:"download_time,omitempty" json:"downloadTime,omitempty"`
}

// Expect is what every cell of a scenario must show.
type Expect struct {
	// Verdict is the session verdict (pass, fail, no-callback, rejected).
	Verdict string `toml:"verdict,omitempty" json:"verdict,omitempty"`
	// Status are the moDirectStatus values the hand-back may carry.
	Status []string `toml:"status,omitempty" json:"status,omitempty"`
	// Success is the hand-back's success flag.
	Success *bool `toml:"success,omitempty" json:"success,omitempty"`
	// Ended is how the session ended (session.Ended*).
	Ended string `toml:"ended,omitempty" json:"ended,omitempty"`
	// Findings must appear; NoFindings must not.
	Findings   []string `toml:"findings,omitempty" json:"findings,omitempty"`
	NoFindings []string `toml:"no_findings,omitempty" json:"noFindings,omitempty"`
	// MaxDuration bounds the session's wall time.
	MaxDuration Duration `toml:"max_duration,omitempty" json:"maxDuration,omitempty"`
	// Policies are design-policy statuses the audit must give, by policy
	// ID (docs/policies.md): pass, fail, warn or manual.
	Policies map[string]string `toml:"policies,omitempty" json:"policies,omitempty"`
	// HTMLLang is what the <html lang> of the page at the end of the
	// session must be (Evaluate): "cell" for the cell's first language,
	// compared by base language and script (any region), or a language
	// tag, whose base language and script the page's must meet
	// (audit.MatchLang: a tag without a script takes any) and whose region
	// and variants it must have (sameRegion) — one for every cell, or a
	// table of them by language (Text).
	HTMLLang Text `toml:"html_lang,omitempty" json:"htmlLang,omitzero"`
	// PlanName is the plan name the hand-back must carry, exactly, both
	// in Unicode NFC: one for every cell, or a table by language (Text).
	PlanName Text `toml:"plan_name,omitempty" json:"planName,omitzero"`
}

// empty reports whether nothing is expected.
func (e Expect) empty() bool {
	return e.Verdict == "" && len(e.Status) == 0 && e.Success == nil && e.Ended == "" &&
		len(e.Findings) == 0 && len(e.NoFindings) == 0 && e.MaxDuration == 0 && len(e.Policies) == 0 &&
		!e.HTMLLang.Given() && !e.PlanName.Given()
}

// Scenario is one [[scenario]] table of a scenario file.
type Scenario struct {
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description,omitempty" json:"description,omitempty"`
	Preset      string `toml:"preset,omitempty" json:"preset,omitempty"`
	Operator    string `toml:"operator,omitempty" json:"operator,omitempty"` // Operator names an operator profile ('mpsim operators').
	Portal      string `toml:"portal,omitempty" json:"portal,omitempty"`
	DemoChoice  string `toml:"demo_choice,omitempty" json:"demoChoice,omitempty"`
	DemoAPI     string `toml:"demo_api,omitempty" json:"demoApi,omitempty"`
	// DemoBreakPolicies makes the demo portal break the design policies
	// (mpsim run --demo-break-policies).
	DemoBreakPolicies bool `toml:"demo_break_policies,omitempty" json:"demoBreakPolicies,omitempty"`
	// NoAxe records the cells' portals without axe-core (mpsim test
	// --no-axe for this scenario only).
	NoAxe     bool                `toml:"no_axe,omitempty" json:"noAxe,omitempty"`
	SIMs      []simulator.SIMKind `toml:"sims,omitempty" json:"sims,omitempty"`
	Languages []string            `toml:"languages,omitempty" json:"languages,omitempty"`
	// CompareLanguage runs each cell's launch first in this language (a
	// preference list like "fr-FR,fr"), as 'mpsim run --compare-lang'
	// does, so the localization policies compare the two.
	CompareLanguage string               `toml:"compare_language,omitempty" json:"compareLanguage,omitempty"`
	Market          string               `toml:"market,omitempty" json:"market,omitempty"`
	Location        string               `toml:"location,omitempty" json:"location,omitempty"`
	Generation      simulator.Generation `toml:"generation,omitempty" json:"generation,omitempty"`
	Params          []simulator.Param    `toml:"params,omitempty" json:"params,omitempty"`
	TrustCerts      []string             `toml:"trust_certs,omitempty" json:"trustCerts,omitempty"`
	NotifyHosts     []string             `toml:"notify_hosts,omitempty" json:"notifyHosts,omitempty"`
	// WalledGarden blocks every load outside the walled garden, as on a
	// device with no plan (mpsim run --walled-garden); AllowHosts add
	// hosts to it (--allow-host): an identity or payment provider's.
	WalledGarden bool      `toml:"walled_garden,omitempty" json:"walledGarden,omitempty"`
	AllowHosts   []string  `toml:"allow_hosts,omitempty" json:"allowHosts,omitempty"`
	Timeout      Duration  `toml:"timeout,omitempty" json:"timeout,omitempty"`
	Lifecycle    Lifecycle `toml:"lifecycle,omitempty" json:"lifecycle,omitempty"`
	// Steps are what the host does in the page after its first paint.
	Steps  []Step `toml:"steps,omitempty" json:"steps,omitempty"`
	Expect Expect `toml:"expect,omitempty" json:"expect,omitempty"`

	// File and Line say where the scenario is written.
	File string `toml:"-" json:"file"`
	Line int    `toml:"-" json:"line"`
	// Digest identifies what the scenario says, whatever its file's
	// comments, layout or path (ContentDigest), so that report merge can
	// tell shards run from different versions of it apart; "" in results
	// from before it.
	Digest string `toml:"-" json:"digest,omitempty"`
	// compareLine is the line of compare_language (0: unknown), for
	// Warnings; languagesLine that of languages, for LanguageNotes.
	compareLine, languagesLine int
	// expectLines are the lines of the expect keys (like "plan_name"),
	// for the errors of a cell's language (Cell.Request).
	expectLines map[string]int
}

// Where is file:line of the scenario.
func (s Scenario) Where() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// file is the layout of a scenario file.
type file struct {
	Scenarios []Scenario `toml:"scenario"`
}

// Presets answers whether a preset exists and what it is.
type Presets func(name string) (simulator.Preset, error)

// BuiltinPresets looks names up among the built-in presets only.
func BuiltinPresets(name string) (simulator.Preset, error) {
	var names []string
	for _, p := range simulator.BuiltinPresets() {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return simulator.Preset{}, simulator.UnknownPresetError(name, "among the built-ins", names)
}

// SkippedFile is a TOML file that a directory's walk came upon and did not
// read as a scenario file, with why: a user who misspelt the table name
// ([[scenarios]]) is told so instead of seeing the file silently left out.
type SkippedFile struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Found is what Find found: the scenario files to read and the TOML files
// it skipped that the user may have meant.
type Found struct {
	Files   []string
	Skipped []SkippedFile
}

// Files returns the scenario files that args name (Find's Files).
func Files(args []string) ([]string, error) {
	f, err := Find(args)
	return f.Files, err
}

// Find returns the scenario files that args name: files as given, and the
// *.toml files below directories (sorted, recursively, but not in hidden
// or testdata sub-directories, and only those with a [[scenario]] table:
// hidden files and other TOML files are left out), each file once
// however many arguments name it (a folder and a file in it, a file twice,
// ./a.toml and a.toml): read twice, its scenarios clashed with themselves.
// It also returns the other TOML files of the folders it read, with why
// each was skipped; not those in hidden or testdata folders, nor hidden
// files, which the user cannot have meant.
func Find(args []string) (Found, error) {
	out, skipped, err := filesOf(args)
	if err != nil {
		return Found{}, err
	}
	seen := map[string]bool{}
	kept := out[:0]
	for _, p := range out {
		if key := fileKey(p); !seen[key] {
			seen[key] = true
			kept = append(kept, p)
		}
	}
	var notes []SkippedFile
	for _, s := range skipped {
		if key := fileKey(s.File); !seen[key] { // named too, it is read: no note
			seen[key] = true
			notes = append(notes, s)
		}
	}
	return Found{Files: kept, Skipped: notes}, nil
}

// fileKey is what tells two names of one file apart from two files: its
// absolute path with symbolic links followed.
func fileKey(p string) string {
	key, err := filepath.Abs(p)
	if err != nil {
		key = p
	}
	if real, err := filepath.EvalSymlinks(key); err == nil {
		key = real
	}
	return key
}

// skippedDir reports the sub-directories a scenario directory's walk does
// not enter: hidden ones (.git, .cache) and Go's testdata.
func skippedDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "testdata"
}

// scenarioTable is the start of a [[scenario]] table in a TOML file (on
// its first line after a byte order mark, which Windows' Notepad writes).
var scenarioTable = regexp.MustCompile(`(?m)^\x{FEFF}?[ \t]*\[\[[ \t]*"?scenario"?[ \t]*\]\]`)

// tableHeader is a TOML table header, [name] or [[name]], at a line's start.
var tableHeader = regexp.MustCompile(`(?m)^[ \t]*(\[\[?)[ \t]*"?([A-Za-z0-9_.-]+)"?[ \t]*\]`)

// noScenarios says why the TOML file at path is no scenario file ("" when
// it holds a [[scenario]] table, or cannot be read: its error then comes
// when it is loaded). A directory's other TOML files (FyneApp.toml, a
// presets file) are no scenario files; a table named nearly so
// ([[scenarios]], [scenario]) is a misspelt one, and the reason says so.
func noScenarios(path string) string {
	data, err := os.ReadFile(path)
	if err != nil || scenarioTable.Match(data) {
		return ""
	}
	for _, m := range tableHeader.FindAllSubmatchIndex(data, -1) {
		brackets, name := string(data[m[2]:m[3]]), string(data[m[4]:m[5]])
		if !nearScenario(name) {
			continue
		}
		line := 1 + bytes.Count(data[:m[2]], []byte("\n"))
		if brackets == "[" {
			return fmt.Sprintf("no [[scenario]] table: line %d has [%s], one table; write each scenario as [[scenario]], with two brackets", line, name)
		}
		return fmt.Sprintf("no [[scenario]] table: line %d has [[%s]]; write [[scenario]]", line, name)
	}
	return "no [[scenario]] table"
}

// nearScenario reports whether a table name is "scenario" misspelt (or
// "scenario" itself, in a one-bracket [scenario] header).
func nearScenario(name string) bool {
	name = strings.ToLower(name)
	return suggest.Distance(name, "scenario") <= 2
}

// walk returns the scenario files below the directory dir, sorted, and the
// other TOML files it skipped with why (Find).
func walk(dir string) ([]string, []SkippedFile, error) {
	var found []string
	var skipped []SkippedFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p == dir:
			return nil
		case d.IsDir() && skippedDir(d.Name()):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(d.Name(), ".toml") || strings.HasPrefix(d.Name(), "."):
			return nil
		}
		if why := noScenarios(p); why != "" {
			skipped = append(skipped, SkippedFile{File: p, Reason: why})
		} else {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("scenario directory %s: %w", dir, err)
	}
	if len(found) == 0 {
		return nil, nil, noScenarioFileError(dir, skipped)
	}
	slices.Sort(found)
	return found, skipped, nil
}

// noScenarioFileError is the error of a scenario directory that holds no
// scenario file: it names the TOML files that were skipped, and why.
func noScenarioFileError(dir string, skipped []SkippedFile) error {
	msg := fmt.Sprintf("scenario directory %s holds no *.toml file with a [[scenario]] table (hidden and testdata folders are not read)", dir)
	for _, s := range skipped {
		msg += fmt.Sprintf("\n  %s: %s", s.File, s.Reason)
	}
	return errors.New(msg)
}

// outputFileHint is what a missing scenario file named like an output
// adds to its error: "mpsim test --json out.json" reads out.json as a
// scenario file, since --json is a switch.
func outputFileHint(path string, err error) string {
	if !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return " (--json is a switch that writes the results to the standard output: mpsim test … --json > " + path + ")"
	case ".xml", ".html", ".htm":
		return " (outputs are named after their flag: --junit FILE, --html FILE)"
	}
	return ""
}

func filesOf(args []string) ([]string, []SkippedFile, error) {
	var out []string
	var skipped []SkippedFile
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, nil, fmt.Errorf("scenario file %s: %w%s", a, unwrapPath(err), outputFileHint(a, err))
		}
		if !fi.IsDir() {
			out = append(out, cleanPath(a, fi))
			continue
		}
		found, skip, err := walk(a)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, found...)
		skipped = append(skipped, skip...)
	}
	if len(out) == 0 {
		return nil, nil, errors.New("no scenario file given")
	}
	return out, skipped, nil
}

// cleanPath is the file a, whose FileInfo is fi, named as a directory's
// walk names its files ("examples/x.toml", not "./examples//x.toml"), so
// that its cells and their places read alike however it was typed; a when
// the cleaned path is another file (a "link/.." path).
func cleanPath(a string, fi os.FileInfo) string {
	c := filepath.Clean(a)
	if c == a {
		return a
	}
	if ci, err := os.Stat(c); err != nil || !os.SameFile(fi, ci) {
		return a
	}
	return c
}

// Load reads the scenario files, checks each against the JSON Schema and
// the presets, and returns the scenarios in file order. Every problem names
// its file and line; all problems are returned together.
func Load(paths []string, presets Presets) ([]Scenario, error) {
	all, broken := LoadEach(paths, presets)
	if err := JoinBroken(broken); err != nil {
		return nil, err
	}
	return all, nil
}

// Parse reads scenarios from data, the content of the file called path:
// all of them, or every problem of the file.
func Parse(path string, data []byte, presets Presets) ([]Scenario, error) {
	ss, broken := ParseEach(path, data, presets)
	if err := JoinBroken(broken); err != nil {
		return nil, err
	}
	return ss, nil
}

// problem is an error with the key it is about (to find its line). It
// covers the schema's errors at the instance locations below its scenario
// that it says better ("languages/1": that entry's minLength; "languages":
// the array's uniqueItems), which are then left out. A problem with no err
// only covers: what it would say was said already.
type problem struct {
	key    string
	err    error
	covers []string
}

// check finds what the schema cannot: unknown presets and finding codes,
// languages, certificates that cannot be read.
func (s *Scenario) check(presets Presets, dir string) []problem {
	out := s.checkLaunch(presets)
	out = append(out, s.checkTrustCerts(dir)...)
	out = append(out, s.checkWalledGarden()...)
	out = append(out, s.checkSteps()...)
	out = append(out, s.checkExpectTexts()...)
	out = append(out, s.checkFindingCodes()...)
	return append(out, s.checkPolicies()...)
}

// checkWalledGarden checks allow_hosts: each entry is a host
// ("idp.example.com", "*.example.com"), not a URL, which the schema's
// pattern would refuse in its own words. Without walled_garden = true the
// hosts still count as the operator's own for the no-popups policy (as
// --allow-host does), so allow_hosts alone is no error.
func (s *Scenario) checkWalledGarden() []problem {
	var out []problem
	for i, h := range s.AllowHosts {
		if strings.Contains(h, "/") || strings.TrimSpace(h) != h || h == "" {
			host := h
			if u, err := url.Parse(strings.TrimSpace(h)); err == nil && u.Hostname() != "" {
				host = u.Hostname()
			}
			out = append(out, problem{key: "allow_hosts", err: fmt.Errorf("allow_hosts entry %q is no host name; give the host alone, like %q", h, host), covers: []string{fmt.Sprintf("allow_hosts/%d", i)}})
		}
	}
	return out
}

// checkPolicies checks that expect.policies names known policies and
// statuses.
func (s *Scenario) checkPolicies() []problem {
	var out []problem
	ids := audit.IDs()
	if _, ok := s.Expect.Policies["accessibility"]; ok && s.NoAxe {
		out = append(out, problem{key: "no_axe", err: errors.New("expect.policies.accessibility needs axe-core; drop no_axe or that expectation")})
	}
	for _, id := range slices.Sorted(maps.Keys(s.Expect.Policies)) {
		if !slices.Contains(ids, id) {
			out = append(out, problem{key: "expect.policies", err: fmt.Errorf("expect.policies: no policy %q; the policies are %s", id, strings.Join(ids, ", "))})
		}
		if st := audit.Status(s.Expect.Policies[id]); !slices.Contains(audit.Statuses(), st) {
			out = append(out, problem{key: "expect.policies", err: fmt.Errorf("expect.policies.%s: %q is no status; use pass, fail, warn or manual", id, st)})
		}
	}
	return out
}

// checkLaunch checks what the scenario launches: its preset, the demo
// portal keys, its languages and the launch request it makes.
func (s *Scenario) checkLaunch(presets Presets) []problem {
	var out []problem
	if s.Preset != "" {
		if _, err := presets(s.Preset); err != nil {
			out = append(out, problem{key: "preset", err: err})
		}
	}
	if s.Portal != "" && (s.DemoChoice != "" || s.DemoAPI != "" || s.DemoBreakPolicies) {
		out = append(out, problem{key: "demo_choice", err: errors.New("demo_choice, demo_api and demo_break_policies apply to the built-in demo portal only; drop them or drop portal")})
	}
	out = append(out, s.checkLanguages()...)
	if s.Portal != "" {
		if err := checkPortal(s.Portal); err != nil {
			out = append(out, problem{key: "portal", err: err, covers: []string{"portal"}})
		}
	}
	if s.Market != "" || s.Location != "" || s.Generation != "" || len(s.Params) > 0 {
		req := s.launch("", "")
		req.Preset, req.PortalURL = "", "" // the portal is checked above, at its line
		if err := req.Validate(); err != nil {
			out = append(out, problem{key: "", err: err})
		}
	}
	return out
}

// checkPortal checks a scenario's portal as --portal is checked: a URL
// without its scheme, with a mistyped one or with an IPv6 address out of
// its brackets is refused with the URL it likely meant (urlhint.Portal),
// in the words of the command line, rather than url.Parse's ("first path
// segment in URL cannot contain colon") or the schema's pattern; then as
// every launch's portal (workspace.CheckPortalURL: a host, a port
// browsers do not refuse).
func checkPortal(portal string) error {
	if err := urlhint.Portal(portal); err != nil {
		return fmt.Errorf("portal %q: %w", portal, err)
	}
	return workspace.CheckPortalURL(portal)
}

// checkLanguages checks the languages entries and compare_language: each
// must be a preference list, and no entry may launch the portal as an
// earlier one does (sameLanguages). Each problem covers what the schema
// says of the same entry (its minLength, the array's uniqueItems): it is
// said once, in these words.
func (s *Scenario) checkLanguages() []problem {
	var out []problem
	bad := map[string]bool{}
	firstAt := map[string]int{}
	for j, l := range s.Languages {
		entry := fmt.Sprintf("languages/%d", j)
		if _, err := workspace.ParseLanguages(l); err != nil {
			if bad[l] { // the same bad entry again: said once
				out = append(out, problem{key: "languages", covers: []string{entry, "languages"}})
				continue
			}
			bad[l] = true
			out = append(out, problem{key: "languages", err: fmt.Errorf("languages entry %q: %w", l, err), covers: []string{entry}})
			continue
		}
		list := strings.Join(entryTags(l), ",")
		if i, dup := firstAt[list]; dup {
			out = append(out, problem{key: "languages", err: sameLanguages(i, j, s.Languages[i], l, list), covers: []string{"languages"}})
			continue
		}
		firstAt[list] = j
	}
	if s.CompareLanguage != "" {
		if _, err := workspace.ParseLanguages(s.CompareLanguage); err != nil {
			out = append(out, problem{key: "compare_language", err: fmt.Errorf("compare_language %q: %w", s.CompareLanguage, err), covers: []string{"compare_language"}})
		}
	}
	return out
}

// sameLanguages is the error of languages entry j (b), which launches the
// portal as the earlier entry i (a) does: the same tags in the same order
// once spaces, empty tags and q-values (which the launch does not send:
// it gives Accept-Language its q-values from the order) are left out.
// Both would run one cell, under one name; entries are 1-based in the
// message, as the schema's errors count them.
func sameLanguages(i, j int, a, b, list string) error {
	if a == b {
		return fmt.Errorf("languages entry %d repeats entry %d (%q); each entry is one cell: drop it or write the language you meant", j+1, i+1, a)
	}
	return fmt.Errorf("languages entries %d (%q) and %d (%q) are the same list %q: spaces and q-values are not sent (Accept-Language gets its q-values from the order), so both would launch the portal alike; drop one or write the language you meant", i+1, a, j+1, b, list)
}

// checkTrustCerts makes the trust_certs paths absolute (relative ones are
// relative to dir, the scenario file's directory) and checks that each
// certificate can be read.
func (s *Scenario) checkTrustCerts(dir string) []problem {
	var out []problem
	for i, c := range s.TrustCerts {
		if !filepath.IsAbs(c) {
			c = filepath.Join(dir, c)
			s.TrustCerts[i] = c
		}
		if _, err := workspace.LoadTrustedCert(c); err != nil {
			out = append(out, problem{key: "trust_certs", err: err})
		}
	}
	return out
}

// checkFindingCodes checks that expect.findings and expect.no_findings name
// finding codes the bridge knows.
func (s *Scenario) checkFindingCodes() []problem {
	known := map[string]bool{}
	var names []string
	for _, c := range bridge.Codes() {
		known[c.Code] = true
		names = append(names, c.Code)
	}
	var out []problem
	for _, list := range []struct {
		key   string
		codes []string
	}{{"expect.findings", s.Expect.Findings}, {"expect.no_findings", s.Expect.NoFindings}} {
		for _, c := range list.codes {
			if !known[c] {
				out = append(out, problem{key: list.key, err: fmt.Errorf("%s: %q is no finding code%s", strings.TrimPrefix(list.key, "expect."), c, didYouMean(c, names))})
			}
		}
	}
	return out
}

// didYouMean says "; did you mean X?" for the finding code of names
// closest to s, if one is close (fewer edits than a third of s, or 4),
// else where the codes are listed (CI QA: "see docs for the codes" named
// no page).
func didYouMean(s string, names []string) string {
	best, bestD := "", max(4, len(s)/3+1)
	for _, n := range names {
		if d := suggest.Distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return "; docs/findings.md lists the codes"
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// lines locates the [[scenario]] headers and keys of a file.
type lines struct {
	headers []int            // line of each [[scenario]]
	keys    []map[string]int // per scenario: key (dotted below sub-tables, steps.N.key in steps) → line
	steps   []int            // per scenario: how many [[scenario.steps]] so far
}

var (
	scenarioHeader = regexp.MustCompile(`^\s*\[\[\s*scenario\s*\]\]`)
	subHeader      = regexp.MustCompile(`^\s*\[\s*scenario\.([A-Za-z_]+)\s*\]`)
	stepHeader     = regexp.MustCompile(`^\s*\[\[\s*scenario\.steps\s*\]\]`)
	keyLine        = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=`)
)

func locate(data []byte) lines {
	var l lines
	sub := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		t := sc.Text()
		switch {
		case scenarioHeader.MatchString(t):
			l.headers = append(l.headers, n)
			l.keys = append(l.keys, map[string]int{})
			l.steps = append(l.steps, 0)
			sub = ""
		case stepHeader.MatchString(t) && len(l.keys) > 0:
			last := len(l.keys) - 1
			sub = stepKey(l.steps[last], "")
			l.keys[last][sub] = n
			l.steps[last]++
		case subHeader.MatchString(t):
			sub = subHeader.FindStringSubmatch(t)[1]
			if len(l.keys) > 0 {
				l.keys[len(l.keys)-1][sub] = n
			}
		case keyLine.MatchString(t) && len(l.keys) > 0:
			k := keyLine.FindStringSubmatch(t)[1]
			if sub != "" {
				k = sub + "." + k
			}
			if _, ok := l.keys[len(l.keys)-1][k]; !ok {
				l.keys[len(l.keys)-1][k] = n
			}
		}
	}
	return l
}

// scenario returns the line of the i-th scenario's header (1 when unknown).
func (l lines) scenario(i int) int {
	if i < len(l.headers) {
		return l.headers[i]
	}
	return 1
}

// key returns the line of key (like "expect.status") in the i-th scenario,
// else of its table, else of the scenario's header.
func (l lines) key(i int, key string) int {
	if i < len(l.keys) && key != "" {
		for k := key; k != ""; {
			if n, ok := l.keys[i][k]; ok {
				return n
			}
			dot := strings.LastIndexByte(k, '.')
			if dot < 0 {
				break
			}
			k = k[:dot]
		}
	}
	return l.scenario(i)
}

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// SchemaPath is where the scenario schema is in the embedded assets.
const SchemaPath = "schema/scenario.schema.json"

// Schema returns the compiled JSON Schema of scenario files.
func Schema() (*jsonschema.Schema, error) {
	schemaOnce.Do(func() {
		raw, err := fs.ReadFile(assets.FS(), SchemaPath)
		if err != nil {
			schemaErr = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			schemaErr = fmt.Errorf("scenario schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("scenario.schema.json", doc); err != nil {
			schemaErr = err
			return
		}
		schema, schemaErr = c.Compile("scenario.schema.json")
	})
	return schema, schemaErr
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// pointer writes an instance location as people read it: scenario[1].expect.status.
func pointer(loc []string) string {
	if len(loc) == 0 {
		return "the file"
	}
	var b strings.Builder
	for _, k := range loc {
		if isIndex(k) {
			var i int
			fmt.Sscan(k, &i)
			fmt.Fprintf(&b, "[%d]", i+1)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(k)
	}
	return b.String()
}

// unwrapPath returns the reason of a *fs.PathError without the path.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
