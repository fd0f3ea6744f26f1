package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CI QA: "mpsim test … --junit /dev/stdout > junit.xml" wrote the summary
// over the start of the XML and exited 0.
func TestOutputFileThatIsStdoutIsRefused(t *testing.T) {
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	other := filepath.Join(dir, "junit.xml")
	tests := []struct {
		name, path string
		stdout     io.Writer
		refused    bool
	}{
		{"the file stdout goes to, by its name", out.Name(), out, true},
		{"stdout's descriptor", fmt.Sprintf("/proc/self/fd/%d", out.Fd()), out, true},
		{"another file", other, out, false},
		{"a file not there yet", filepath.Join(dir, "new.xml"), out, false},
		{"stdout no file (a test's buffer)", out.Name(), &bytes.Buffer{}, false},
		{"no flag", "", out, false},
	}
	if err := os.WriteFile(other, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkFilesNotStdout(tc.path, "", tc.stdout)
			if (err != nil) != tc.refused {
				t.Fatalf("checkFilesNotStdout(%q) = %v, want refused %v", tc.path, err, tc.refused)
			}
			if err != nil && !strings.Contains(err.Error(), "--junit "+tc.path+" is this command's standard output") {
				t.Errorf("message = %q", err)
			}
		})
	}
}
