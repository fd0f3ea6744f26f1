package session_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"mpsim/app/internal/session"
	"mpsim/app/internal/sessiontest"
	"mpsim/bridge"
)

// TestMisspeltEnumMemberIsOneFinding: a page that sets a purchase-metadata
// property from a misspelt enum member (MobilePlansMoDirectStatus.Completed:
// undefined, noted by the shim as an enum lookup) and passes the metadata
// to the app gets one finding, the metadata's, which says which member
// was read and which was meant; a missing moDirectStatus stays an error.
// Before (QA loop m17), the session reported enum-member-unknown and then
// metadata-status-missing, the second adding nothing. A read that is not
// the property's (another enum) stays a finding of its own.
func TestMisspeltEnumMemberIsOneFinding(t *testing.T) {
	const page = "https://portal.example/buy"
	tests := []struct {
		name, read, key string
		wantCode        string   // the metadata finding
		wantRead        bool     // enum-member-unknown stays
		want            []string // in the metadata finding's message
	}{
		{"misspelt status", "MobilePlansMoDirectStatus.Completed", "moDirectStatus", bridge.CodeMetadataStatusMissing, false,
			[]string{"set it from MobilePlansMoDirectStatus.Completed", "Did you mean MobilePlansMoDirectStatus.complete?"}},
		{"misspelt line type", "MobilePlansLineType.New", "line", bridge.CodeMetadataEnumMissing, false,
			[]string{"set it from MobilePlansLineType.New", "Did you mean MobilePlansLineType.new?"}},
		{"a read of another enum", "MobilePlansLineType.New", "moDirectStatus", bridge.CodeMetadataStatusMissing, true,
			[]string{"to a value that does not exist"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			md := map[string]any{"userAccount": "Bailed", "purchaseInstrument": "None", "line": "None", "moDirectStatus": "Cancelled", "planName": ""}
			md[tc.key] = map[string]bool{"$undefined": true}
			arg, err := json.Marshal(md)
			if err != nil {
				t.Fatal(err)
			}
			opener := &sessiontest.FakeOpener{OnOpen: func(w *sessiontest.FakeWindow) {
				w.Envelope(envelope(t, "mpsim:firstPaint", page))
				w.Envelope(envelope(t, bridge.EventEnumLookup, page, map[string]string{"name": tc.read}))
				w.Envelope(inlineEnvelope(t, "MobilePlans.notifyCancelledPurchase", "", json.RawMessage(arg)))
			}}
			cfg := testConfig()
			rep, err := session.Run(context.Background(), opener, cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			var reads, missing []bridge.Finding
			for _, f := range rep.Findings {
				switch f.Code {
				case bridge.CodeEnumMemberUnknown:
					reads = append(reads, f)
				case tc.wantCode:
					missing = append(missing, f)
				}
			}
			if len(missing) != 1 {
				t.Fatalf("%d %s findings, want 1; findings %+v", len(missing), tc.wantCode, rep.Findings)
			}
			if (len(reads) == 1) != tc.wantRead || len(reads) > 1 {
				t.Errorf("enum-member-unknown findings %+v, want kept: %v", reads, tc.wantRead)
			}
			for _, w := range tc.want {
				if !strings.Contains(missing[0].Message, w) {
					t.Errorf("message %q lacks %q", missing[0].Message, w)
				}
			}
			// The metadata finding's log entry names the read it takes
			// the place of (LogEntry.Replaces), for live views.
			for _, e := range rep.Log {
				if e.Finding == nil || e.Finding.Code != tc.wantCode {
					continue
				}
				if folded := !tc.wantRead; (e.Replaces != nil) != folded || (folded && (e.Replaces.Code != bridge.CodeEnumMemberUnknown || e.Replaces.Field != tc.read)) {
					t.Errorf("the log entry of %s replaces %+v, want the read of %s: %v", tc.wantCode, e.Replaces, tc.read, folded)
				}
			}
			if tc.wantCode == bridge.CodeMetadataStatusMissing && rep.Verdict != bridge.VerdictFail {
				t.Errorf("verdict %s: metadata without moDirectStatus must fail", rep.Verdict)
			}
		})
	}
}
