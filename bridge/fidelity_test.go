package bridge

import (
	"os"
	"strings"
	"testing"
)

// TestFidelityDoc keeps docs/fidelity.md true: every finding code and every
// JavaScript API has a row (a table line starting with the name in
// backquotes) saying how faithfully mpsim simulates it.
func TestFidelityDoc(t *testing.T) {
	b, err := os.ReadFile("../docs/fidelity.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(line, "| `"), "`")
		rows[name] = true
		if !strings.Contains(line, "| simulated |") && !strings.Contains(line, "| partly |") && !strings.Contains(line, "| not simulated |") {
			t.Errorf("docs/fidelity.md row %q says neither simulated, partly nor not simulated", name)
		}
	}
	var names []string
	for _, c := range Codes() {
		names = append(names, c.Code)
	}
	names = append(names, APINames()...)
	for _, n := range names {
		if !rows[n] {
			t.Errorf("docs/fidelity.md has no row for %s", n)
		}
	}
}
