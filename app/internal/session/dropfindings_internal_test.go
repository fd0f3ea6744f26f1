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

// TestDropTextNamesWhatWasDropped is QA hostile: a page logging 50,000
// lines (or opening 2,000 windows) filled the live log with "the window
// refused 0 oversize message(s) (largest 0 bytes), 0 malformed, none over
// a per-second budget; 0 dialog report(s)", as the window reports its
// inspection caps too. The text now names the counts that are not zero
// (the console messages, requests and navigations not recorded among
// them) and leaves out the rest; bridge-message-dropped with only
// malformed messages no longer says "0 message(s) … over its limit".
func TestDropTextNamesWhatWasDropped(t *testing.T) {
	tests := []struct {
		name string
		d    DropCounts
		want string
	}{
		{"console capped", DropCounts{Console: 49930},
			"the window did not record 49930 console messages over the recording's caps (totals so far)"},
		{"navigations and requests capped", DropCounts{Requests: 1, Navigations: 1501},
			"the window did not record 1 request and 1501 navigations over the recording's caps (totals so far)"},
		{"refused and flooded", DropCounts{Oversize: 3, Largest: 2097152, Malformed: 40000, FloodUntrusted: 19750, PerSecond: 500, Dialogs: 2},
			"the window refused 3 oversize message(s) (largest 2097152 bytes) and 40000 malformed message(s); dropped 19750 message(s) without the session token (posted to the native handler directly) over their budget of 50 per second; answered 2 dialog(s) without reporting each (totals so far)"},
		{"only malformed", DropCounts{Malformed: 1}, "the window refused 1 malformed message(s) (totals so far)"},
		{"nothing", DropCounts{}, "the window dropped nothing so far"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := dropText(tc.d)
			if got != tc.want {
				t.Errorf("dropText(%+v)\n got %q\nwant %q", tc.d, got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		d         DropCounts
		want, not string
	}{
		{DropCounts{Malformed: 1, MaxBytes: 1114112}, "The portal window refused 1 message(s) that were not bridge calls to the native bridge handler", "limit"},
		{DropCounts{Oversize: 2, Largest: 2097152, MaxBytes: 1114112}, "The portal window refused 2 message(s) over its 1114112-byte limit (largest 2097152 bytes) to the native bridge handler", "not bridge calls"},
	} {
		fs := dropFindings(tc.d)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want) || strings.Contains(fs[0].Message, tc.not) || strings.Contains(fs[0].Message, " 0 ") {
			t.Errorf("dropFindings(%+v) = %+v, want one saying %q and not %q", tc.d, fs, tc.want, tc.not)
		}
	}
}
