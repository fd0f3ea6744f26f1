package session

import (
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
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

// TestCORSRefusalSaysWhereToLook: a request CORS refused names what was
// refused: the answer itself for a GET, possibly the preflight for a POST,
// whose status WebKit gives (SPA QA: a refused OPTIONS read as a POST that
// failed with 204).
func TestCORSRefusalSaysWhereToLook(t *testing.T) {
	const refused = "Origin https://127.0.0.1:18443 is not allowed by Access-Control-Allow-Origin. Status code: 204."
	tests := []struct {
		method, failed, want string
	}{
		{"POST", refused, "Status code: 204 (a CORS refusal: when the request needed a preflight, as a POST with a JSON body or custom headers does, the status is the OPTIONS preflight's and the POST itself never reached the server; check the server's OPTIONS answer)."},
		{"GET", refused, "Status code: 204 (a CORS refusal: the answer lacked an Access-Control-Allow-Origin for this origin)."},
		{"GET", "Could not connect: Connection refused", "failed: Could not connect: Connection refused."},
	}
	for _, tc := range tests {
		f := failedRequest(inspect.Request{Method: tc.method, URL: "https://127.0.0.1:18444/api/order", Failed: tc.failed}, "with --trust-cert")
		if !strings.HasSuffix(f.Message, tc.want) {
			t.Errorf("%s: %q, want it to end %q", tc.method, f.Message, tc.want)
		}
	}
}

// TestScreenshotsNotSavedLine: the screenshots a full disk kept from being
// saved are told in one line for a warning; skipped ones of another kind
// (a hand-back before the first paint) are not.
func TestScreenshotsNotSavedLine(t *testing.T) {
	full := inspect.SkippedNotSaved + ": writing the PNG: write x.png: no space left on device"
	tests := []struct {
		skipped []inspect.Screenshot
		want    string
	}{
		{nil, ""},
		{[]inspect.Screenshot{{Label: "first-paint", Skipped: inspect.SkippedHandBackBeforePaint}}, ""},
		{[]inspect.Screenshot{{Label: "handback", Skipped: full}}, "the screenshot handback was not saved: writing the PNG: write x.png: no space left on device"},
		{[]inspect.Screenshot{{Label: "first-paint", Skipped: full}, {Label: "handback", Skipped: full}},
			"2 screenshots were not saved (first-paint, handback): writing the PNG: write x.png: no space left on device"},
	}
	for _, tc := range tests {
		if got := (Report{ScreenshotsSkipped: tc.skipped}).ScreenshotsNotSaved(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.skipped, got, tc.want)
		}
	}
}
