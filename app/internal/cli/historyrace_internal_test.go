package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/app/internal/history"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// A session deleted (renamed away, then removed) between `mpsim history
// show`'s resolving its ID and reading its files is no such session, not
// a damaged one that the user is told to delete (found by QA racing show
// against delete); a session whose file is missing while the session is
// there is damaged, as before.
func TestHistorySessionDeletedAsItIsRead(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		remove   func(dir, id string) error
		noSuch   bool
		wantText string
	}{
		{"deleted before its report was read", history.ReportFile,
			func(dir, id string) error { return os.Rename(filepath.Join(dir, id), filepath.Join(dir, ".del-"+id)) }, true, "no such session"},
		{"deleted before its entry was read", history.EntryFile,
			func(dir, id string) error { return os.RemoveAll(filepath.Join(dir, id)) }, true, "no such session"},
		{"its report removed, the session there", history.ReportFile,
			func(dir, id string) error { return os.Remove(filepath.Join(dir, id, history.ReportFile)) }, false, "is damaged: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &history.Store{Dir: t.TempDir()}
			e, err := s.Save(history.Record{Entry: history.Entry{Source: history.SourceRun}, Report: session.Report{Verdict: bridge.VerdictPass}})
			if err != nil {
				t.Fatal(err)
			}
			id, err := s.Resolve(e.ID[:20])
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.remove(s.Dir, id); err != nil {
				t.Fatal(err)
			}
			var readErr error
			if tt.file == history.EntryFile {
				_, readErr = s.Entry(id)
			} else {
				_, readErr = s.Report(id)
			}
			if readErr == nil {
				t.Fatal("the read did not fail")
			}
			got := damagedSession(s, id, tt.file, readErr)
			if errors.Is(got, history.ErrNoSession) != tt.noSuch || !strings.Contains(got.Error(), tt.wantText) {
				t.Errorf("error %q; want one saying %q", got, tt.wantText)
			}
			if tt.noSuch && strings.Contains(got.Error(), "damaged") {
				t.Errorf("a deleted session is called damaged: %q", got)
			}
		})
	}
}
