package matrix

import (
	"bytes"
	"html/template"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/bridge"
)

// A cell not met whose session did not end in a hand-back says how it
// ended, and what became of the main document when it never answered or
// answered with an error, in its JUnit failure (message and body), its
// HTML cell and its reason (the terminal's summary): "verdict: want pass,
// got no-callback" alone does not tell a portal that never answered from
// one that never called back. A portal that did not load keeps its
// portal-load-failed finding's text alone.
func TestAFailureSaysHowTheSessionEnded(t *testing.T) {
	opened := time.Date(2026, 12, 5, 17, 0, 0, 0, time.UTC)
	const query = "?market=US&eid=XXXXXXXX4988"
	tests := []struct {
		name     string
		ended    string
		timeout  time.Duration // the scenario's; 0 for the default
		network  []inspect.Request
		findings []bridge.Finding
		want     string // the note; "" for none
		// Without a recording (--no-inspect, no network): the launch URL and
		// the log entries before the timeout; painted gives the report a
		// first paint.
		launch  string
		log     []session.LogEntry
		painted bool
	}{
		{"a main document that never answered", session.EndedTimeout, 20 * time.Second,
			[]inspect.Request{{Method: "GET", URL: "http://127.0.0.1:18931/slow" + query, Main: true, StartMs: 1100, Bytes: -1, Pending: true}},
			[]bridge.Finding{bridge.NewFinding(bridge.CodeHandbackMissing, "", "The portal did not hand back within the session's timeout (20s).")},
			"the session ended at its 20 s timeout with no hand-back; the main document http://127.0.0.1:18931/slow had not answered after 19 s", "", nil, false},
		{"the default timeout, the page answered", session.EndedTimeout, 0,
			[]inspect.Request{{Method: "GET", URL: "http://127.0.0.1:18931/" + query, Main: true, Status: 200, StartMs: 100}},
			nil, "the session ended at its 60 s timeout with no hand-back", "", nil, false},
		{"a main document that answered an error", session.EndedClosed, 0,
			[]inspect.Request{
				{Method: "GET", URL: "http://127.0.0.1:18931/" + query, Main: true, Status: 200},
				{Method: "GET", URL: "http://127.0.0.1:18931/pay" + query, Main: true, Status: 502, StatusText: "Bad Gateway"},
			},
			nil, "the session ended with its window closed, with no hand-back; the main document http://127.0.0.1:18931/pay answered HTTP 502 Bad Gateway", "", nil, false},
		{"a main document that failed", session.EndedCrashed, 0,
			[]inspect.Request{{Method: "GET", URL: "http://127.0.0.1:18931/" + query, Main: true, Failed: "network: connection reset"}},
			nil, "the session ended when the portal's window process died, with no hand-back; the main document http://127.0.0.1:18931/ failed: network: connection reset", "", nil, false},
		{"a portal that did not load", session.EndedLoadFailed, 0,
			[]inspect.Request{{Method: "GET", URL: "http://127.0.0.1:18939/x" + query, Main: true, Failed: "network: Could not connect to 127.0.0.1: Connection refused"}},
			[]bridge.Finding{bridge.NewFinding(bridge.CodePortalLoadFailed, "url", "The portal did not load: network: Could not connect to 127.0.0.1: Connection refused")},
			"", "", nil, false},
		{"no recording: the first page never loaded", session.EndedTimeout, 20 * time.Second, nil,
			[]bridge.Finding{bridge.NewFinding(bridge.CodeHandbackMissing, "", "The portal did not hand back within the session's timeout (20s).")},
			"the session ended at its 20 s timeout with no hand-back; the portal's first page http://127.0.0.1:18931/slow had not loaded after 20 s: no page was committed",
			"http://127.0.0.1:18931/slow" + query, nil, false},
		{"no recording: a navigation that stopped", session.EndedTimeout, 20 * time.Second, nil, nil,
			"the session ended at its 20 s timeout with no hand-back; the portal's first page http://127.0.0.1:18931/slow had not loaded after 20 s (navigation stopped: cancelled)",
			"http://127.0.0.1:18931/slow" + query,
			[]session.LogEntry{{At: opened.Add(3 * time.Second), Kind: session.KindLoadFailed, URL: "http://127.0.0.1:18931/slow" + query, Text: "navigation stopped: cancelled"}}, false},
		{"no recording: the page was committed", session.EndedTimeout, 20 * time.Second, nil, nil,
			"the session ended at its 20 s timeout with no hand-back",
			"http://127.0.0.1:18931/" + query,
			[]session.LogEntry{{At: opened.Add(time.Second), Kind: session.KindNavigated, URL: "http://127.0.0.1:18931/" + query}}, false},
		{"no recording: the page painted", session.EndedTimeout, 20 * time.Second, nil, nil,
			"the session ended at its 20 s timeout with no hand-back",
			"http://127.0.0.1:18931/" + query, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sampleResults()
			c := &res.Cells[0]
			c.Scenario.Timeout = Duration(tt.timeout)
			c.Checks = []Check{{Name: "verdict", Want: "pass", Got: "no-callback"}}
			c.Report.Verdict, c.Report.Ended, c.Report.Network, c.Report.Findings = bridge.VerdictNoCallback, tt.ended, tt.network, tt.findings
			c.Report.Opened = opened
			c.Report.Log = append(slices.Clone(tt.log),
				session.LogEntry{At: opened.Add(20100 * time.Millisecond), Kind: session.KindTimeout, Text: "no hand-back within 20s"},
				session.LogEntry{At: opened.Add(20200 * time.Millisecond), Kind: session.KindClosed, Text: "requested"},
			)
			if tt.launch != "" {
				c.Report.Launch.URL = tt.launch
			}
			if tt.painted {
				ms := 800.0
				c.Report.Timings.LaunchToFirstPaintMs = &ms
			}
			if got := c.EndNote(); got != tt.want {
				t.Errorf("EndNote() = %q, want %q", got, tt.want)
			}
			tc := junitCase(t, res)
			if tc.Failure == nil {
				t.Fatalf("testcase = %+v", tc)
			}
			var page bytes.Buffer
			if err := WriteHTML(&page, res); err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if tc.Failure.Message != "verdict: want pass, got no-callback" || strings.Contains(tc.Failure.Text, "How it ended") || strings.Contains(page.String(), "How it ended") {
					t.Errorf("a portal that did not load has a note: message %q, body %q", tc.Failure.Message, tc.Failure.Text)
				}
				return
			}
			if want := "verdict: want pass, got no-callback; " + tt.want; tc.Failure.Message != want {
				t.Errorf("failure message = %q, want %q", tc.Failure.Message, want)
			}
			if !strings.Contains(tc.Failure.Text, "How it ended: "+tt.want+".\n") {
				t.Errorf("failure body lacks the note:\n%s", tc.Failure.Text)
			}
			if want := "verdict want pass, got no-callback; " + tt.want; c.Reason() != want {
				t.Errorf("Reason() = %q, want %q", c.Reason(), want)
			}
			if html := "How it ended: <bdi>" + template.HTMLEscapeString(tt.want) + "</bdi>."; !strings.Contains(page.String(), html) {
				t.Errorf("HTML report lacks %q", html)
			}
			if strings.Contains(tc.Failure.Message, "eid=") {
				t.Errorf("the note shows the query: %q", tc.Failure.Message)
			}
		})
	}
}

// A cell whose session ended with no hand-back names the page's last
// uncaught error in its end note, on one line and cut, its place without
// the query (which holds the identifiers): a page whose script did not
// parse never hands back, and its page-error finding is only a warning,
// which the progress lines do not show. Without console records, the last
// page-error finding says it.
func TestAFailureNamesThePagesLastError(t *testing.T) {
	const timedOut = "the session ended at its 30 s timeout with no hand-back"
	long := strings.Repeat("x", 300)
	tests := []struct {
		name     string
		console  []inspect.ConsoleMessage
		findings []bridge.Finding
		want     string
	}{
		{"a syntax error",
			[]inspect.ConsoleMessage{
				{Kind: inspect.ConsoleCall, Level: "error", Text: "not this one"},
				{Kind: inspect.ConsoleError, Level: "error", Text: "SyntaxError: Unexpected end of script", Source: "http://127.0.0.1:18931/app.js?eid=89049032000000000000000000004988", Line: 17},
				{Kind: inspect.ConsoleCall, Level: "log", Text: "later"},
			}, nil,
			timedOut + "; the page's last error at http://127.0.0.1:18931/app.js:17:0: SyntaxError: Unexpected end of script"},
		{"a rejection on two lines, cut",
			[]inspect.ConsoleMessage{{Kind: inspect.ConsoleRejection, Level: "error", Text: "TypeError:\n  " + long}}, nil,
			timedOut + "; the page's last error: TypeError: " + long[:200-len("TypeError: ")] + "…"},
		{"a page-error finding without console records", nil,
			[]bridge.Finding{bridge.NewFinding(bridge.CodePageError, "console", "The page threw an uncaught exception at app.js:17:0: SyntaxError: Unexpected end of script")},
			timedOut + "; the page's last error (page-error): The page threw an uncaught exception at app.js:17:0: SyntaxError: Unexpected end of script"},
		{"only console.error calls",
			[]inspect.ConsoleMessage{{Kind: inspect.ConsoleCall, Level: "error", Text: "oops"}}, nil, timedOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sampleResults()
			c := &res.Cells[0]
			c.Scenario.Timeout = Duration(30 * time.Second)
			c.Checks = []Check{{Name: "verdict", Want: "pass", Got: "no-callback"}}
			c.Report.Verdict, c.Report.Ended, c.Report.Console, c.Report.Findings = bridge.VerdictNoCallback, session.EndedTimeout, tt.console, tt.findings
			c.Report.Network = []inspect.Request{{Method: "GET", URL: "http://127.0.0.1:18931/", Main: true, Status: 200}}
			if got := c.EndNote(); got != tt.want {
				t.Errorf("EndNote() =\n%q, want\n%q", got, tt.want)
			}
		})
	}
}
