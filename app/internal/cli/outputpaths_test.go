package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// What --watch ignores of the outputs is each output path and, for a
// symbolic link, the file it leads to, which is the file a run now
// writes: a linked --junit in the watched folder ran the cells again after
// each run when only the link was ignored.
func TestOutputPathsNameTheFilesARunWrites(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target.xml")
	link := filepath.Join(dir, "link.xml")
	if err := os.Symlink("target.xml", link); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "report.html")
	tests := []struct {
		paths []string
		want  []string
	}{
		{[]string{link, plain}, []string{link, target, plain}},
		{[]string{"", "-", plain}, []string{plain}},
	}
	for _, tc := range tests {
		if got := outputPaths(tc.paths...); !slices.Equal(got, tc.want) {
			t.Errorf("outputPaths(%q) = %q, want %q", tc.paths, got, tc.want)
		}
	}
}
