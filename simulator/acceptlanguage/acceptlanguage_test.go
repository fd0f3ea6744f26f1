package acceptlanguage

import (
	"fmt"
	"strings"
	"testing"
)

func TestFromTags(t *testing.T) {
	tags := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("t%d", i+1)
		}
		return s
	}
	tests := []struct {
		name string
		in   []string
		want string // the whole value, or its end after "…"
	}{
		{"one", []string{"en-US"}, "en-US"},
		{"three", []string{"fr-FR", "fr", "en"}, "fr-FR,fr;q=0.90,en;q=0.80"},
		{"underscore, case kept", []string{"pt_BR", "EN"}, "pt-BR,EN;q=0.90"},
		{"nine: steps of 0.10", tags(9), "…,t8;q=0.30,t9;q=0.20"},
		{"ten: steps of 0.05", tags(10), "…,t9;q=0.60,t10;q=0.55"},
		{"twenty: steps of 0.01", tags(20), "…,t19;q=0.82,t20;q=0.81"},
		{"a hundred: the last 0.01", tags(100), "…,t99;q=0.02,t100;q=0.01"},
		{"past a hundred: no q-value, as WebKit", tags(101), "…,t100;q=0.01,t101"},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromTags(tt.in)
			if end, ok := strings.CutPrefix(tt.want, "…"); ok {
				if !strings.HasSuffix(got, end) {
					t.Errorf("FromTags = %q, want ending %q", got, end)
				}
				return
			}
			if got != tt.want {
				t.Errorf("FromTags = %q, want %q", got, tt.want)
			}
		})
	}
}
