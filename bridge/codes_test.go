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
// with the same severities, and that each code's summary is where its row
// starts (summaryAgrees): the row may say more after it, not otherwise.
//
// Run with MPSIM_UPDATE_FINDINGS_DOC=1 to regenerate the table rows; a row
// that already agrees with its summary is kept as it is, richer text and
// all, and only the others are rewritten from the summaries.
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
		old := findingsDocMeanings(string(b))
		var sb strings.Builder
		sb.WriteString(head + sep)
		for _, c := range Codes() {
			meaning, ok := old[c.Code]
			if !ok || !summaryAgrees(c.Summary, meaning) {
				meaning = strings.ReplaceAll(c.Summary, "|", "\\|")
			}
			fmt.Fprintf(&sb, "| `%s` | %s | %s | %s |\n", c.Code, c.Severity, c.Section, meaning)
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
	meanings := findingsDocMeanings(string(b))
	var want []string
	for _, c := range Codes() {
		want = append(want, c.Code)
		sev, ok := doc[c.Code]
		if !ok {
			t.Errorf("docs/findings.md does not list %s", c.Code)
			continue
		} else if sev != string(c.Severity) {
			t.Errorf("docs/findings.md gives %s severity %s, code says %s", c.Code, sev, c.Severity)
		}
		if !summaryAgrees(c.Summary, meanings[c.Code]) {
			t.Errorf("%s: the summary in bridge/findings.go is not how its docs/findings.md row starts (bring the summary up to the row, or the row's first sentences down to the summary):\n summary: %s\n row:     %s", c.Code, c.Summary, meanings[c.Code])
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

// findingsDocMeanings are the Meaning cells of docs/findings.md's table by
// code, as written (markdown, "\\|" for a bar).
func findingsDocMeanings(doc string) map[string]string {
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (?:error|warning|info) \\| [^|]*\\| (.*) \\|$")
	out := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(doc, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// summaryAgrees is the rule that keeps a code's one-line summary (the
// table in findings.go, which `mpsim help findings` and the reports' code
// list print) and its richer docs/findings.md row from drifting apart:
// the row, read as plain text (backticks dropped, "\\|" read as "|"), is
// the summary, or starts with it and goes on after a space with more
// sentences. The summary ends a sentence (a full stop, or one in
// parentheses), so the row's
// first sentence or two are the summary word for word.
func summaryAgrees(summary, meaning string) bool {
	plain := strings.ReplaceAll(strings.ReplaceAll(meaning, "`", ""), "\\|", "|")
	if !strings.HasSuffix(summary, ".") && !strings.HasSuffix(summary, ".)") {
		return false
	}
	return plain == summary || strings.HasPrefix(plain, summary+" ")
}

// TestSummaryAgrees pins the rule of TestFindingsDoc.
func TestSummaryAgrees(t *testing.T) {
	tests := []struct {
		summary, row string
		want         bool
	}{
		{"A thing went wrong.", "A thing went wrong.", true},
		{"A thing went wrong.", "A thing went wrong. More on it (`--flag`).", true},
		{"The `a` code.", "The `a` code.", false}, // backticks stay out of summaries
		{"A thing uses a.", "A thing uses `a`.", true},
		{"A bar | in it.", "A bar \\| in it.", true},
		{"A thing went wrong.", "A thing went wrong, badly.", false},
		{"A thing went wrong", "A thing went wrong and more.", false},
		{"A thing.", "Another thing. A thing.", false},
	}
	for _, tc := range tests {
		if got := summaryAgrees(tc.summary, tc.row); got != tc.want {
			t.Errorf("summaryAgrees(%q, %q) = %v, want %v", tc.summary, tc.row, got, tc.want)
		}
	}
}
