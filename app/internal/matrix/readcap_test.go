package matrix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A results file is read up to a limit: one over it is refused before it
// is read, with what to do (hostile QA: report merge read a crafted 300 MB
// file whole, 2.6 GB of memory).
func TestReadAtMost(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name    string
		size    int
		wantErr bool
	}{
		{"under the limit", 9, false},
		{"at the limit", 10, false},
		{"over the limit", 11, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name+".json")
			if err := os.WriteFile(p, []byte(strings.Repeat("x", tt.size)), 0o600); err != nil {
				t.Fatal(err)
			}
			data, err := readAtMost(p, 10)
			if (err != nil) != tt.wantErr {
				t.Fatalf("readAtMost(%d bytes, 10) = %d bytes, %v", tt.size, len(data), err)
			}
			if err != nil && !strings.Contains(err.Error(), "split the matrix into more shards") {
				t.Errorf("error %q does not say what to do", err)
			}
			if err == nil && len(data) != tt.size {
				t.Errorf("read %d bytes of %d", len(data), tt.size)
			}
		})
	}
}

// report merge refuses a results file larger than maxResultsFile without
// reading it: a sparse file of that size takes no disk and no memory.
func TestReadResultsRefusesAHugeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxResultsFile + 1); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	_, err = ReadResults([]string{p})
	if err == nil || !strings.Contains(err.Error(), "is larger than the 256 MiB") {
		t.Errorf("ReadResults of a %d-byte file: %v, want it refused as too large", maxResultsFile+1, err)
	}
}
