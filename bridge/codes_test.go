package bridge

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCodeTable(t *testing.T) {
	seen := map[string]bool{}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, c := range Codes() {
		if seen[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seen[c.Code] = true
		if !kebab.MatchString(c.Code) {
			t.Errorf("code %q is not kebab-case", c.Code)
		}
		switch c.Severity {
		case SeverityError, SeverityWarning, SeverityInfo:
		default:
			t.Errorf("code %s has severity %q", c.Code, c.Severity)
		}
		if !strings.HasPrefix(c.Section, "§") || c.Summary == "" {
			t.Errorf("code %s lacks section or summary", c.Code)
		}
	}
	c := Codes()
	c[0].Code = "mutated"
	if Codes()[0].Code == "mutated" {
		t.Error("Codes returns the table itself")
	}
}

// TestFindingsDoc checks docs/findings.md lists exactly the codes of Codes(),
// with the same severities.
//
// Run with MPSIM_UPDATE_FINDINGS_DOC=1 to regenerate the table rows.
func TestFindingsDoc(t *testing.T) {
	b, err := os.ReadFile("../docs/findings.md")
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("MPSIM_UPDATE_FINDINGS_DOC") != "" {
		const sep = "|---|---|---|---|\n"
		head, _, ok := strings.Cut(string(b), sep)
		if !ok {
			t.Fatal("table header not found in docs/findings.md")
		}
		var sb strings.Builder
		sb.WriteString(head + sep)
		for _, c := range Codes() {
			fmt.Fprintf(&sb, "| `%s` | %s | %s | %s |\n", c.Code, c.Severity, c.Section, strings.ReplaceAll(c.Summary, "|", "\\|"))
		}
		if err := os.WriteFile("../docs/findings.md", []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		b = []byte(sb.String())
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (error|warning|info) \\|")
	doc := map[string]string{}
	var order []string
	for _, m := range row.FindAllStringSubmatch(string(b), -1) {
		if _, dup := doc[m[1]]; dup {
			t.Errorf("docs/findings.md lists %s twice", m[1])
		}
		doc[m[1]] = m[2]
		order = append(order, m[1])
	}
	var want []string
	for _, c := range Codes() {
		want = append(want, c.Code)
		sev, ok := doc[c.Code]
		if !ok {
			t.Errorf("docs/findings.md does not list %s", c.Code)
		} else if sev != string(c.Severity) {
			t.Errorf("docs/findings.md gives %s severity %s, code says %s", c.Code, sev, c.Severity)
		}
	}
	for code := range doc {
		if !slices.Contains(want, code) {
			t.Errorf("docs/findings.md lists unknown code %s", code)
		}
	}
	if !slices.Equal(order, want) && len(order) == len(want) {
		t.Errorf("docs/findings.md lists the codes in the order %q; the table has %q", order, want)
	}
}

// TestCodeConstantsInTable checks that every Code* constant declared in
// findings.go is in the table (newFinding panics on an unknown code, so every
// emitted code is in the table by construction).
func TestCodeConstantsInTable(t *testing.T) {
	src, err := os.ReadFile("findings.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s+Code\w+\s+= "([^"]+)"`)
	consts := re.FindAllStringSubmatch(string(src), -1)
	if len(consts) != len(Codes()) {
		t.Errorf("%d Code constants, %d table entries", len(consts), len(Codes()))
	}
	for _, m := range consts {
		codeInfo(m[1]) // panics if missing
	}
}
