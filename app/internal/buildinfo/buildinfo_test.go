package buildinfo

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		name string
		info Info
		want []string
	}{
		{"full", Info{Version: "1.2.3", Commit: "0123456789abcdef", Modified: true, BuildDate: "2026-12-01T10:00:00Z", GoVersion: "go1.26.8", WebKitAPI: "4.1"},
			[]string{"mpsim 1.2.3", "commit 0123456789ab+modified", "built 2026-12-01T10:00:00Z", "WebKitGTK 4.1", "go1.26.8"}},
		{"no vcs", Info{Version: "0.1.0", GoVersion: "go1.26.8", WebKitAPI: "4.0"}, []string{"mpsim 0.1.0 (WebKitGTK 4.0, go1.26.8)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.info.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("String() = %q, want it to contain %q", got, w)
				}
			}
		})
	}
}

func TestReadNamesTheWebKitAPI(t *testing.T) {
	if got := Read(); got.WebKitAPI != WebKitAPI || got.Version == "" {
		t.Fatalf("Read() = %+v", got)
	}
}
