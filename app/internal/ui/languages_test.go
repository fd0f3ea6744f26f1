package ui

import (
	"strings"
	"testing"
)

// The Languages field follows the rule of --lang (workspace.ParseLanguages):
// q-values are accepted, a list that cannot be sent says why, and what the
// list was changed into shows under the launch as the CLI's warnings do.
func TestLanguagesFieldRule(t *testing.T) {
	tests := []struct {
		value   string
		problem string   // "" when the field is fine
		notes   []string // substrings of the language notes among the warnings
	}{
		{"fr-FR,fr,en", "", nil},
		{"fr-FR;q=0.5,en", "", []string{"The q-values put the languages in the order en, fr-FR"}},
		{"ja;q=0,en", "", []string{"ja has q=0"}},
		{"de,de,de", "", []string{"de is given 3 times"}},
		{"fr,not a tag!", `Languages: "not a tag!" is not a language tag (like fr-FR)`, nil},
		{"ja;q=0", "Languages: every language has q=0", nil},
		{"fr;q=7", `Languages: "fr;q=7": the q-value "7" is not a number from 0 to 1`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			err := checkLanguagesField(tt.value)
			switch {
			case tt.problem == "" && err != nil:
				t.Errorf("checkLanguagesField = %v, want none", err)
			case tt.problem != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.problem)):
				t.Errorf("checkLanguagesField = %v, want %q", err, tt.problem)
			}
			p := newLaunchPanel(nil, nil)
			_ = p.langs.Set(tt.value)
			var notes []string
			for _, w := range p.warnings() {
				if !strings.Contains(w, "font") {
					notes = append(notes, w)
				}
			}
			if len(notes) != len(tt.notes) {
				t.Fatalf("warnings %q, want %d containing %q", notes, len(tt.notes), tt.notes)
			}
			for i, n := range tt.notes {
				if !strings.Contains(notes[i], n) {
					t.Errorf("warning %d = %q, want containing %q", i+1, notes[i], n)
				}
			}
		})
	}
}
