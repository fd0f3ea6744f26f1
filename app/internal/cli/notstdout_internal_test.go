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
// over the start of the XML and exited 0; "--junit /dev/stderr" put the XML
// in the middle of the progress lines. Both streams are refused, whether
// named by a /proc/self/fd path or by the file they are redirected to; the
// null device is not.
func TestOutputFileThatIsStdoutIsRefused(t *testing.T) {
	dir := t.TempDir()
	open := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	out, errOut := open("out.txt"), open("err.txt")
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	other := filepath.Join(dir, "junit.xml")
	const isStdout, isStderr = "is this command's standard output", "is this command's standard error"
	tests := []struct {
		name, path     string
		stdout, stderr io.Writer
		refused        string // what the message says, "" for none
	}{
		{"the file stdout goes to, by its name", out.Name(), out, errOut, isStdout},
		{"stdout's descriptor", fmt.Sprintf("/proc/self/fd/%d", out.Fd()), out, errOut, isStdout},
		{"the file stderr goes to, by its name", errOut.Name(), out, errOut, isStderr},
		{"stderr's descriptor", fmt.Sprintf("/proc/self/fd/%d", errOut.Fd()), out, errOut, isStderr},
		{"another file", other, out, errOut, ""},
		{"a file not there yet", filepath.Join(dir, "new.xml"), out, errOut, ""},
		{"stdout no file (a test's buffer)", out.Name(), &bytes.Buffer{}, &bytes.Buffer{}, ""},
		{"the null device, where both go", os.DevNull, null, null, ""},
		{"no flag", "", out, errOut, ""},
	}
	if err := os.WriteFile(other, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkFilesNotStdout(tc.path, "", tc.stdout, tc.stderr)
			if (err != nil) != (tc.refused != "") {
				t.Fatalf("checkFilesNotStdout(%q) = %v, want refused %v", tc.path, err, tc.refused != "")
			}
			if err != nil && !strings.Contains(err.Error(), "--junit "+tc.path+" "+tc.refused) {
				t.Errorf("message = %q, want it to say %q", err, tc.refused)
			}
		})
	}
}
