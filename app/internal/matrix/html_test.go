package matrix

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/app/internal/session"
	"mpsim/app/internal/workspace"
	"mpsim/bridge"
)

// A cell's details show what the recording saw, so that the report alone
// tells a stakeholder what the portal did: the design policies with their
// evidence, the console errors, the failed requests, the network summary
// and the screenshots embedded (one gone from the machine says so).
func TestHTMLShowsWhatTheRecordingSaw(t *testing.T) {
	dir := t.TempDir()
	shot := filepath.Join(dir, "01-first-paint.png")
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, pngBytes.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	notPNG := filepath.Join(dir, "02-fake.png")
	if err := os.WriteFile(notPNG, []byte("<script>alert(1)</script>"), 0o600); err != nil {
		t.Fatal(err)
	}
	res := sampleResults()
	rep := res.Cells[1].Report
	rep.Policies = []audit.Policy{
		{ID: "usability-frame-size", Area: "Usability", Level: "Required", Status: audit.StatusFail, Evidence: []string{"handback: 1180 px wide"}, Look: "the frame"},
		{ID: "accessibility", Area: "Accessibility", Level: "Recommended", Status: audit.StatusWarn, Evidence: []string{"first-paint: critical image-alt"}},
		{ID: "localization-locale", Area: "Localization", Level: "Required", Status: audit.StatusPass},
	}
	rep.Console = []inspect.ConsoleMessage{
		{Kind: "console", Level: "log", Text: "hello"},
		{Kind: "error", Level: "error", Text: "TypeError: x is undefined", Source: "https://127.0.0.1/app.js", Line: 12},
	}
	rep.Network = []inspect.Request{
		{Method: "GET", URL: "https://127.0.0.1/ok.css", Status: 200},
		{Method: "GET", URL: "https://127.0.0.1/missing.png", Status: 404, StatusText: "Not Found"},
		{Method: "POST", URL: "https://127.0.0.1/api", Failed: "connection refused"},
		{Method: "GET", URL: "https://127.0.0.1/gone", Failed: "cancelled", Cancelled: true},
		// A failed WebSocket's outcome says what its close code means.
		{Method: "GET", URL: "wss://127.0.0.1/live", Type: inspect.TypeWebSocket, CloseCode: 1006,
			Failed: "the WebSocket connection failed before it opened; WebKit tells the page no reason (close code 1006)"},
		{Method: "GET", URL: "wss://127.0.0.1/fine", Type: inspect.TypeWebSocket, Status: 101, CloseCode: 1000},
		// One the server closed cleanly with 1011 (no error event, no
		// Failed) failed too.
		{Method: "GET", URL: "wss://127.0.0.1/broken", Type: inspect.TypeWebSocket, Status: 101, CloseCode: 1011},
	}
	rep.NetworkSummary = &inspect.Summary{Requests: 4, Failed: 1, HTTPErrors: 1, Bytes: 20480, ConsoleErrors: 1}
	rep.Screenshots = []inspect.Screenshot{
		{Label: "first-paint", Path: shot, URL: "https://127.0.0.1/"},
		{Label: "handback", Path: filepath.Join(dir, "gone.png")},
		{Label: "fake", Path: notPNG},
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"Design policies: 1 fail, 1 warn, 1 pass",
		`<td class="status-fail">fail</td>`, "handback: 1180 px wide", "first-paint: critical image-alt",
		"TypeError: x is undefined", "<bdi>https://127.0.0.1/app.js</bdi>:12",
		"GET <bdi>https://127.0.0.1/missing.png</bdi>", "404 <bdi>Not Found</bdi>", "POST <bdi>https://127.0.0.1/api</bdi>", "connection refused",
		"GET <bdi>wss://127.0.0.1/live</bdi>", "<bdi>the WebSocket connection failed before it opened; WebKit tells the page no reason; " +
			"it closed with code 1006 (abnormal closure: the connection was lost or never made, with no closing handshake)</bdi>",
		"GET <bdi>wss://127.0.0.1/broken</bdi></td><td><bdi>the server closed it with code 1011 (internal error: the server met a condition it could not handle)</bdi>",
		"Network: 4 requests, 20 KB, 1 failed, 1 with an HTTP error",
		`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(pngBytes.Bytes()) + `"`,
		"not on this machine", "is not a PNG",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, not := range []string{">hello<", "https://127.0.0.1/gone", "ok.css", "wss://127.0.0.1/fine", "<script>alert(1)"} {
		if strings.Contains(page, not) {
			t.Errorf("report shows %q (a log line, a cancelled or good request, a file that is not a PNG)", not)
		}
	}
}

// A merged report embeds the screenshots its shards carry (mpsim test
// --json --embed-screenshots, through the JSON files) and those in this
// machine's screenshot cache, but no other file its shards name: a crafted
// shard could name any picture on the merging machine. A screenshot it
// cannot have says why in its cell, and the header then claims none.
func TestHTMLOfAMergeEmbedsCarriedAndCachedScreenshots(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root, err := workspace.ScreenshotRoot()
	if err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\nshot")
	write := func(dir, name string) string {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, png, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	secret := write(t.TempDir(), "secret.png")
	cached := write(filepath.Join(root, "20260101T000000Z-1", "cell"), "01-first-paint.png")
	shard := func(path string, carry bool) Results {
		res := sampleResults()
		res.Cells[1].Report.Screenshots = []inspect.Screenshot{{Label: "first-paint", Path: path}}
		if carry {
			if errs := EmbedScreenshots(&res); len(errs) > 0 {
				t.Fatal(errs)
			}
		}
		// Through a results file, as report merge reads it.
		return mergeThroughFile(t, res)
	}
	own := sampleResults()
	own.Cells[1].Report.Screenshots = []inspect.Screenshot{{Label: "first-paint", Path: secret}}
	carried := shard(secret, true)
	for _, tc := range []struct {
		name  string
		r     Results
		embed bool
		say   string
	}{
		{"the run's own", own, true, ""},
		{"merged, a file outside the cache", shard(secret, false), false, "not carried in the shard&#39;s results (run the shards with mpsim test --json --embed-screenshots) and not in this machine&#39;s screenshot cache: secret.png"},
		{"merged, a file of the cache", shard(cached, false), true, ""},
		{"merged, carried in the results", carried, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Redact(&tc.r); err != nil {
				t.Fatal(err)
			}
			if err := WriteHTML(&buf, tc.r); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			if got := strings.Contains(page, "data:image/png"); got != tc.embed {
				t.Errorf("report embeds the screenshot: %v, want %v", got, tc.embed)
			}
			if tc.say != "" && !strings.Contains(page, tc.say) {
				t.Errorf("report does not say why the screenshot is missing (%q)", tc.say)
			}
			if n, want := ShotsNotCarried(tc.r), map[bool]int{true: 0, false: 1}[tc.embed]; tc.r.Merged && n != want {
				t.Errorf("ShotsNotCarried = %d, want %d", n, want)
			}
			// CI QA: the mailed report named the runner's cache directory.
			if strings.HasPrefix(tc.name, "merged") && strings.Contains(page, filepath.Dir(secret)) {
				t.Errorf("a merged report names the shard's directory %s", filepath.Dir(secret))
			}
			if claim := strings.Contains(page, "the screenshots show the pages as they were"); claim != tc.embed {
				t.Errorf("header speaks of screenshots: %v, want %v", claim, tc.embed)
			}
		})
	}
	if err := os.Remove(secret); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, carried); err != nil || !strings.Contains(buf.String(), "data:image/png") {
		t.Errorf("a carried screenshot needs its file (%v)", err)
	}
}

// The HTML report shows the characters a page may put in its strings and
// a reader would not see (controls, noncharacters) or that reorder the text
// (bidirectional controls) as escapes; tabs and newlines stay.
func TestHTMLShowsControlCharactersAsEscapes(t *testing.T) {
	res := sampleResults()
	res.Cells[1].Report.Result.PurchaseResult.PlanName = "a\x01b\x1b[2Jc\uffffd\u202ee\u0085f\tg"
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if !strings.Contains(page, `a\x01b\x1b[2Jc\uffffd\u202ee\u0085f`+"\tg") {
		t.Errorf("report does not show the plan name's controls as escapes")
	}
	for _, raw := range []string{"\x01", "\x1b", "\uffff", "\u202e", "\u0085"} {
		if strings.Contains(page, raw) {
			t.Errorf("report has %q raw", raw)
		}
	}
}

// The report isolates the direction of every text a portal, a page or a
// scenario file controls: each in a <bdi>, and each quoted part of a
// message in one of its own, so that Hebrew and Arabic read right to left
// in the English report and do not carry the numbers and punctuation after
// them (a plan name "א 30 בבבב", a message quoting page text). No Hebrew or
// Arabic letter is left outside a <bdi>.
func TestHTMLIsolatesRightToLeftText(t *testing.T) {
	res := sampleResults()
	res.Cells[0].Scenario.Description = "קניית חבילה — شراء باقة"
	res.Cells[0].Earlier = []Attempt{{Status: StatusUnmet, Reason: `planName: want "א 30", got "ב 40"`}}
	res.Cells[0].Checks = append(res.Cells[0].Checks, Check{Name: "steps", Want: "every step done", Got: `step 1 (wait_text "בחרו חבילה") failed`})
	rep := res.Cells[1].Report
	rep.Expectation = "לסיים את הרכישה"
	rep.Result.PurchaseResult.PlanName = "א 30 בבבב"
	rep.Result.PurchaseResult.UserAccount = "חשבון 7"
	rep.Findings = append(rep.Findings, bridge.Finding{Code: "plan-name", Severity: bridge.SeverityWarning, Field: "purchaseResult.planName",
		Message: `planName "א 30 בבבב" has 2 digits; the page said “שלום 3” and «مرحبا 4»`})
	rep.Console = []inspect.ConsoleMessage{{Kind: "error", Level: "error", Text: "خطأ 404: الصفحة", Source: "https://127.0.0.1/ע.js", Line: 3}}
	rep.Network = []inspect.Request{{Method: "GET", URL: "https://127.0.0.1/חבילה", Failed: "נכשל 2"}}
	rep.Policies = []audit.Policy{{ID: "localization-languages", Area: "Localization", Level: "Required", Status: audit.StatusFail,
		Evidence: []string{`handback: <html lang="he"> "בחרו חבילת גלישה" 3 lines`}, Look: "הטקסט"}}
	rep.Screenshots = []inspect.Screenshot{{Label: "שלב 1", Path: filepath.Join(t.TempDir(), "gone.png"), URL: "https://127.0.0.1/ע"}}
	rep.Log = append(rep.Log, session.LogEntry{Kind: session.KindStep, Step: &session.StepResult{Index: 1,
		Step: session.Step{Action: session.StepWaitText, Target: "בחרו חבילה"}, Error: `no visible text "בחרו חבילה" within 4 s`}})
	rep.Calls = []session.CallRecord{{API: "purchaseResult", PageURL: "https://127.0.0.1/ע", Rejected: "לא"}}
	rep.Server = &session.ServerObservation{AcceptLanguage: "he-IL,he;q=0.90", Requests: 1}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		`<th scope="row">planName</th><td><bdi>א 30 בבבב</bdi></td>`,
		`<td class="msg"><bdi>planName &#34;<bdi>א 30 בבבב</bdi>&#34; has 2 digits; the page said “<bdi>שלום 3</bdi>” and «<bdi>مرحبا 4</bdi>»</bdi></td>`,
		`<small><bdi>קניית חבילה — شراء باقة</bdi></small>`,
		`<code><bdi>wait_text &#34;<bdi>בחרו חבילה</bdi>&#34;</bdi></code>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	if outside := rtlOutsideBdi(page); len(outside) > 0 {
		t.Errorf("right-to-left text outside a <bdi>: %q", outside)
	}
	for _, external := range []string{"<script", "<link ", "@import", "src=\"http"} {
		if strings.Contains(page, external) {
			t.Errorf("report refers to an external resource: %q", external)
		}
	}
}

// rtlOutsideBdi returns the runs of text of page, outside its tags, that
// hold a Hebrew or Arabic letter and are in no <bdi>.
func rtlOutsideBdi(page string) []string {
	var out []string
	depth := 0
	for _, part := range regexp.MustCompile(`<[^>]*>|[^<]+`).FindAllString(page, -1) {
		switch {
		case strings.HasPrefix(part, "<bdi"):
			depth++
		case part == "</bdi>":
			depth--
		case strings.HasPrefix(part, "<"):
		case depth == 0 && strings.ContainsFunc(part, func(r rune) bool { return unicode.In(r, unicode.Hebrew, unicode.Arabic) }):
			out = append(out, part)
		}
	}
	return out
}

// The HTML report names a screenshot by its label and file name, not by
// its path in the runner's screenshot cache, which means nothing once the
// report is a CI artefact and shows the runner's layout: the brand
// policy's evidence lists the screenshots so. A screenshot the report
// cannot embed still names the file it lacks.
func TestHTMLShowsNoScreenshotPaths(t *testing.T) {
	dir := t.TempDir()
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, image.NewRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		shots   []inspect.Screenshot
		want    []string
		missing string // the path the report names as missing ("" for none)
	}{
		{"embedded", []inspect.Screenshot{
			{Label: "first-load", Path: filepath.Join(dir, "20261205T172814Z-1", "cell-1", "01-first-load.png")},
			{Label: "handback", Path: filepath.Join(dir, "20261205T172814Z-1", "cell-1", "02-handback.png")},
		}, []string{"screenshot first-load: 01-first-load.png", "screenshot handback: 02-handback.png"}, ""},
		{"one gone", []inspect.Screenshot{
			{Label: "first-load", Path: filepath.Join(dir, "20261205T172814Z-1", "cell-1", "01-first-load.png")},
			{Label: "timeout", Path: filepath.Join(dir, "gone", "03-timeout.png")},
		}, []string{"screenshot first-load: 01-first-load.png", "screenshot timeout: 03-timeout.png"}, filepath.Join(dir, "gone", "03-timeout.png")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := sampleResults()
			rep := res.Cells[1].Report
			rep.Screenshots = tt.shots
			var evidence []string
			for _, sc := range tt.shots {
				if sc.Path != tt.missing {
					if err := os.MkdirAll(filepath.Dir(sc.Path), 0o700); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(sc.Path, pngBytes.Bytes(), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				evidence = append(evidence, "screenshot "+sc.Label+": "+sc.Path)
			}
			rep.Policies = []audit.Policy{{ID: "brand", Area: "Brand", Level: "Required", Status: audit.StatusManual, Evidence: evidence}}
			var buf bytes.Buffer
			if err := WriteHTML(&buf, res); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			rest := page
			if tt.missing != "" {
				if !strings.Contains(page, "not on this machine ("+tt.missing+")") {
					t.Errorf("report does not name the missing %s", tt.missing)
				}
				rest = strings.ReplaceAll(page, "not on this machine ("+tt.missing+")", "")
			}
			if strings.Contains(rest, dir) {
				i := strings.Index(rest, dir)
				t.Errorf("report shows a screenshot's path: …%s…", rest[max(0, i-80):min(len(rest), i+120)])
			}
			if got := rep.Policies[0].Evidence[0]; got != evidence[0] {
				t.Errorf("the report's own evidence changed: %q", got)
			}
		})
	}
}

// CI QA: the HTML report never said why a cell was skipped (the JUnit
// file did), and a cell cut short read "Verdict no-callback" alone.
func TestHTMLSaysWhyCellsDidNotRun(t *testing.T) {
	cut := &session.Report{Verdict: bridge.VerdictNoCallback, Ended: session.EndedCancelled}
	tests := []struct {
		stopped string
		want    []string
	}{
		{StoppedInterrupted, []string{
			"Not run: <bdi>the run was interrupted (SIGINT or SIGTERM)</bdi>",
			"Not run: <bdi>cancelled while running: the run was interrupted (SIGINT or SIGTERM)</bdi>",
		}},
		{StoppedBail, []string{
			"Not run: <bdi>--bail stopped the run after a cell failed</bdi>",
			"Not run: <bdi>cancelled while running: --bail stopped the run after another cell failed</bdi>",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.stopped, func(t *testing.T) {
			res := Results{Stopped: tc.stopped, Cells: []CellResult{
				{Cell: Cell{ID: "buy/esim/en-US", Scenario: Scenario{Name: "buy"}, SIM: "esim", Languages: "en-US"}, Status: StatusSkipped},
				{Cell: Cell{ID: "cancel/esim/en-US", Scenario: Scenario{Name: "cancel"}, SIM: "esim", Languages: "en-US"}, Status: StatusSkipped, Cancelled: true, Report: cut},
			}}
			var page strings.Builder
			if err := WriteHTML(&page, res); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(page.String(), w) {
					t.Errorf("the report lacks %q", w)
				}
			}
		})
	}
}

// A cell run in the walled garden says so, with the hosts it let through
// beyond its documented ones, so that a reader of its walled-garden-blocked
// finding knows the setting (QA 'pay'); a cell without it says nothing.
func TestHTMLSaysTheWalledGarden(t *testing.T) {
	res := sampleResults()
	res.Cells[1].Report.WalledGarden = &session.WalledGardenSetting{On: true, Hosts: []string{"login.live.com", "127.0.0.1", "idp.example"}, Allowed: []string{"127.0.0.1", "idp.example"}}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	want := "Walled garden on: beyond its documented hosts it let through <code><bdi>127.0.0.1</bdi></code>, <code><bdi>idp.example</bdi></code>"
	if n := strings.Count(page, "Walled garden on"); n != 1 || !strings.Contains(page, want) {
		t.Errorf("report says the walled garden %d times, want once as %q", n, want)
	}
}
