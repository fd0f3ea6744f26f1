package session

import (
	"strings"
	"testing"
)

// TestDialogFloodNamesPrint: the flood finding counts print() calls with
// the dialogs (the window answers them alike), so it names print() among
// them: QA read "JavaScript dialogs" for a page that only printed.
func TestDialogFloodNamesPrint(t *testing.T) {
	fs := dropFindings(DropCounts{Dialogs: 3})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "3 more JavaScript dialog(s)") || !strings.Contains(fs[0].Message, "print()") {
		t.Errorf("findings %+v, want one naming 3 dialogs and print()", fs)
	}
}
