package ui

import (
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// Every live log row's text starts in the same column, whatever its kind:
// the log is in a monospace font, and its kinds are a column.
func TestLogRowsLineUp(t *testing.T) {
	at := time.Date(2026, 12, 7, 17, 48, 20, 900e6, time.UTC)
	kinds := []session.EntryKind{session.KindReady, session.KindNavigated, session.KindLoadFailed, session.KindClosed,
		session.KindWindowErr, session.KindHostEvent, session.KindResult, session.KindLifecycle, session.KindCallback,
		session.KindTimeout, session.KindEnded, session.KindDropped, session.KindDialog, session.KindConsole,
		session.KindRequest, session.KindNavigation, session.KindScreenshot, session.KindProbe, session.KindStep}
	entries := []session.LogEntry{
		{Kind: session.KindFinding, Finding: &bridge.Finding{Code: "origin-port", Severity: bridge.SeverityWarning, Message: "m"}},
		{Kind: session.KindCall, Call: &session.CallRecord{API: "DataMart.notifyPurchaseResult", Accepted: true}},
		{Kind: session.KindCall, Call: &session.CallRecord{API: "DataMart.notifyPurchaseResult", Rejected: "r"}},
	}
	for _, k := range kinds {
		entries = append(entries, session.LogEntry{Kind: k, Text: "text"})
	}
	const start = len("17:48:20.900  ") + logKindWidth + 1
	for _, e := range entries {
		e.At = at
		row := formatLog(e)
		kind := logKind(e)
		if len(kind) > logKindWidth {
			t.Errorf("the kind %q is longer than the column (%d)", kind, logKindWidth)
			continue
		}
		if !strings.HasPrefix(row[start:], logSummary(e)) || row[start-1] != ' ' {
			t.Errorf("%q: its text does not start at column %d", row, start)
		}
	}
}
