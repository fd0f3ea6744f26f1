package bridge

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestShimPlaceholdersAreSaidInWords is QA hostile: purchase metadata
// nested 50,000 arrays deep reached the host as the shim's placeholder
// {"$unserializable":"arguments nested more than 200 levels deep"}, and
// metadata-not-object read "The purchase metadata argument is a
// unserializable", losing the reason. Each placeholder is now said in
// words, with what it carries, wherever an argument is described: the
// metadata, the legacy payload and a MobilePlans API's other arguments.
func TestShimPlaceholdersAreSaidInWords(t *testing.T) {
	tests := []struct {
		marker, want string
	}{
		{`{"$unserializable":"arguments nested more than 200 levels deep"}`, "a value the bridge could not pass on as JSON (arguments nested more than 200 levels deep)"},
		{`{"$unserializable":""}`, "a value the bridge could not pass on as JSON"},
		{`{"$function":"pay"}`, `a function named "pay"`},
		{`{"$function":""}`, "a function"},
		{`{"$symbol":"id"}`, "a Symbol (id)"},
		{`{"$bigint":"12345678901234567890"}`, "a BigInt (12345678901234567890)"},
		{`{"$unserializable":"` + strings.Repeat("x", 600) + `"}`, "a value the bridge could not pass on as JSON (" + strings.Repeat("x", maxReason-3) + "...)"},
	}
	for _, tc := range tests {
		t.Run(tc.marker[:min(len(tc.marker), 30)], func(t *testing.T) {
			raw := json.RawMessage(tc.marker)
			if got := markerText(raw); got != tc.want {
				t.Errorf("markerText = %q, want %q", got, tc.want)
			}
			_, fs := DecodeMetadata(raw)
			if len(fs) != 1 || fs[0].Code != CodeMetadataNotObject || fs[0].Message != "The purchase metadata argument is "+tc.want+"; pass the object from MobilePlans.createPurchaseMetaData()." {
				t.Errorf("metadata findings %+v", fs)
			}
			_, fs = DecodeLegacy(raw, Expectation{})
			if len(fs) != 1 || fs[0].Code != CodePayloadNotObject || !strings.Contains(fs[0].Message, "called with "+tc.want+"; pass") {
				t.Errorf("legacy findings %+v", fs)
			}
			if got := describeArg(raw); got != tc.want {
				t.Errorf("describeArg = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRepeatedHandBacksCountTheFlood is QA hostile: a page that handed
// back 100 times in a loop read "handed control back 50 times", as the
// portal window had dropped the other 50 over the per-second budget. With
// calls dropped the finding says "at least" and counts them.
func TestRepeatedHandBacksCountTheFlood(t *testing.T) {
	tests := []struct {
		handBacks, flooded int
		want               string
	}{
		{2, 0, "The portal handed control back 2 times; the real app"},
		{50, 50, "The portal handed control back at least 50 times (50 reached mpsim; the portal window dropped 50 more hand-back or inline call(s) over their per-second budget, see bridge-flood-dropped); the real app"},
		{1, 50, ""},
		{1, 0, ""},
	}
	for _, tc := range tests {
		fs := SessionFindingsFlooded(tc.handBacks, tc.flooded)
		if tc.want == "" {
			if len(fs) != 0 {
				t.Errorf("SessionFindingsFlooded(%d, %d) = %+v, want none", tc.handBacks, tc.flooded, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Code != CodeHandbackRepeated || !strings.HasPrefix(fs[0].Message, tc.want) {
			t.Errorf("SessionFindingsFlooded(%d, %d) = %+v, want %q", tc.handBacks, tc.flooded, fs, tc.want)
		}
	}
}
