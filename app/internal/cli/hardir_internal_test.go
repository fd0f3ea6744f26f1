package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/matrix"
	"mpsim/app/internal/session"
)

// mpsim test --har-dir DIR writes a HAR per cell that ran, named after
// the cell, and the cell's report names it; a cell that could not run
// has none, and a directory that cannot take the files is said.
func TestWriteCellHAR(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hars")
	if err := checkHARDir(dir, false); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("--har-dir was not made: %v", err)
	}
	rep := &session.Report{Network: []inspect.Request{
		{ID: 1, Method: "GET", URL: "https://portal.localhost:9443/r/", Status: 200, Type: "document", Main: true},
		{ID: 2, Method: "GET", URL: "https://idp.localhost:9444/authorize?state=x", Status: 302, Type: "document", Main: true},
	}}
	ran := matrix.CellResult{Cell: matrix.Cell{ID: "redirect-buy/psim/en-US"}, Report: rep}
	var stderr bytes.Buffer
	writeCellHAR(dir, ran, &stderr)
	writeCellHAR(dir, matrix.CellResult{Cell: matrix.Cell{ID: "broken/esim/en-US"}}, &stderr)
	path := filepath.Join(dir, "redirect-buy_psim_en-US.har")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no HAR for the cell: %v (stderr %q)", err, stderr.String())
	}
	var har struct {
		Log struct {
			Entries []struct {
				Request struct{ URL string } `json:"request"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(data, &har); err != nil || len(har.Log.Entries) != 2 || har.Log.Entries[1].Request.URL != rep.Network[1].URL {
		t.Errorf("HAR = %s (%v)", data, err)
	}
	if rep.HAR != path {
		t.Errorf("the cell's report names %q, want %q", rep.HAR, path)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in --har-dir, want 1 (none for a cell that could not run)", len(entries))
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr: %s", stderr.String())
	}

	// A file where the directory should be; --no-inspect records nothing.
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkHARDir(file, false); err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Errorf("a file as --har-dir: %v", err)
	}
	if err := checkHARDir(dir, true); err == nil || !strings.Contains(err.Error(), "drop --no-inspect") {
		t.Errorf("--har-dir with --no-inspect: %v", err)
	}
}
