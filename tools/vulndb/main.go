// Command vulndb turns the OSV reports that the golang.org/x/vulndb module
// carries (its data/osv folder) into a local vulnerability database in the
// layout vuln.go.dev serves, so that govulncheck can run with
// -db file:///path when vuln.go.dev cannot be reached.
//
// The database it writes has index/db.json (the time the data was published,
// given by -modified), index/modules.json (every module with the reports
// that name it) and ID/<id>.json (each report, copied unchanged). The output
// depends only on the input folder and -modified, so the same module version
// always gives the same database.
//
// The "fixed" hint of index/modules.json is left empty: govulncheck then
// reads every report of a module it uses and filters by version itself,
// which is slower by a few file reads and never misses a report.
//
// Usage:
//
//	go run ./vulndb -osv $(go env GOMODCACHE)/golang.org/x/vulndb@VERSION/data/osv \
//		-modified 2026-11-05T23:49:57Z -out DIR
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// entry is the part of an OSV report the index needs.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
	} `json:"affected"`
}

// moduleVuln is one report in a module's entry of index/modules.json.
type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
}

// moduleMeta is one module of index/modules.json.
type moduleMeta struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

func main() {
	osvDir := flag.String("osv", "", "folder of OSV JSON reports (data/osv of golang.org/x/vulndb)")
	out := flag.String("out", "", "folder to write the database to (replaced if it exists)")
	modified := flag.String("modified", "", "time the data was published, RFC 3339")
	flag.Parse()
	if err := run(*osvDir, *out, *modified); err != nil {
		fmt.Fprintln(os.Stderr, "vulndb:", err)
		os.Exit(1)
	}
}

// run builds the database from osvDir into out, through a temporary folder
// next to it so that a half-written database is never left behind.
func run(osvDir, out, modified string) error {
	if osvDir == "" || out == "" || modified == "" {
		return errors.New("-osv, -out and -modified are all required")
	}
	when, err := time.Parse(time.RFC3339, modified)
	if err != nil {
		return fmt.Errorf("reading -modified: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("creating the parent of %s: %w", out, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".vulndb-*")
	if err != nil {
		return fmt.Errorf("creating a temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	n, err := build(osvDir, tmp, when.UTC())
	if err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return fmt.Errorf("removing the old database %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("moving the database into place: %w", err)
	}
	fmt.Printf("vulndb: %d reports from %s, published %s, written to %s\n",
		n, osvDir, when.UTC().Format(time.RFC3339), out)
	return nil
}

// build writes the database into dir and returns how many reports it holds.
func build(osvDir, dir string, modified time.Time) (int, error) {
	names, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, fmt.Errorf("listing %s: %w", osvDir, err)
	}
	if len(names) == 0 {
		return 0, fmt.Errorf("no OSV reports in %s", osvDir)
	}
	sort.Strings(names)
	if err := os.MkdirAll(filepath.Join(dir, "ID"), 0o755); err != nil {
		return 0, fmt.Errorf("creating the ID folder: %w", err)
	}
	modules := map[string]*moduleMeta{}
	for _, name := range names {
		e, err := copyReport(name, dir)
		if err != nil {
			return 0, err
		}
		seen := map[string]bool{}
		for _, a := range e.Affected {
			path := a.Package.Name
			if path == "" || seen[path] {
				continue
			}
			seen[path] = true
			m := modules[path]
			if m == nil {
				m = &moduleMeta{Path: path}
				modules[path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified})
		}
	}
	if err := writeIndex(dir, modules, modified); err != nil {
		return 0, err
	}
	return len(names), nil
}

// copyReport checks one OSV report, copies it to ID/<id>.json and returns
// what the index needs from it.
func copyReport(name, dir string) (entry, error) {
	var e entry
	b, err := os.ReadFile(name)
	if err != nil {
		return e, fmt.Errorf("reading %s: %w", name, err)
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("decoding %s: %w", name, err)
	}
	if e.ID == "" || strings.ContainsAny(e.ID, `/\`) || e.ID+".json" != filepath.Base(name) {
		return e, fmt.Errorf("%s: report id %q does not match the file name", name, e.ID)
	}
	if err := os.WriteFile(filepath.Join(dir, "ID", e.ID+".json"), b, 0o644); err != nil {
		return e, fmt.Errorf("writing report %s: %w", e.ID, err)
	}
	return e, nil
}

// writeIndex writes index/modules.json, sorted by module path and report
// id, and index/db.json.
func writeIndex(dir string, modules map[string]*moduleMeta, modified time.Time) error {
	list := make([]*moduleMeta, 0, len(modules))
	for _, m := range modules {
		sort.Slice(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	if err := os.MkdirAll(filepath.Join(dir, "index"), 0o755); err != nil {
		return fmt.Errorf("creating the index folder: %w", err)
	}
	if err := writeJSON(filepath.Join(dir, "index", "modules.json"), list); err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, "index", "db.json"), struct {
		Modified time.Time `json:"modified"`
	}{modified})
}

// writeJSON writes v as JSON to name.
func writeJSON(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
