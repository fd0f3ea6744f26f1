package inspect_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mpsim/assets"
)

// maxText is the inspection script's MAX_TEXT: how many UTF-16 units of a
// page's text it sends.
const maxText = 4000

// consoleMessage is one console.error call for testdata/inspect-harness.js:
// its arguments, or a text made of repeat times times, then then; or a
// call of another method (Level) with arguments of any type (Values).
type consoleMessage struct {
	Args []string `json:"-"`
	// Level and Values: a call of console[Level] with Values, of any JSON
	// type.
	Level  string `json:"level,omitempty"`
	Values []any  `json:"args,omitempty"`
	Repeat string `json:"repeat,omitempty"`
	Times  int    `json:"times,omitempty"`
	Then   string `json:"then,omitempty"`
	// Refused is, instead, a load refused after a successful answer.
	Refused *refusedLoad `json:"refused,omitempty"`
	// Worker is, instead, the page's construction of a worker.
	Worker *workerCall `json:"worker,omitempty"`
}

// MarshalJSON writes the arguments as a list, or the repeat as an object.
func (m consoleMessage) MarshalJSON() ([]byte, error) {
	if m.Args != nil {
		return json.Marshal(m.Args)
	}
	type plain consoleMessage
	return json.Marshal(plain(m))
}

// postedTexts runs the inspection script in node with a fake page
// (testdata/inspect-harness.js), has the page call console.error with
// each of msgs, and returns the text the script posted for each. It skips
// when node is not installed, except in CI (scripts/install-deps.sh
// installs it).
func postedTexts(t *testing.T, msgs []consoleMessage) []string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed; scripts/install-deps.sh installs it (nodejs)")
		}
		t.Skip("node not installed: run scripts/install-deps.sh")
	}
	script, err := fs.ReadFile(assets.FS(), "inspect/inspect.js")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	scriptPath, msgsPath := filepath.Join(dir, "inspect.js"), filepath.Join(dir, "messages.json")
	raw, err := json.Marshal(msgs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scriptPath, script, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(msgsPath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(node, filepath.Join("testdata", "inspect-harness.js"), scriptPath, msgsPath)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var texts []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s string
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("node printed %q: %v", sc.Text(), err)
		}
		texts = append(texts, s)
	}
	if len(texts) != len(msgs) {
		t.Fatalf("node printed %d texts for %d messages:\n%s", len(texts), len(msgs), out)
	}
	return texts
}

// TestScriptJoinsLinesBeforeItCuts: a page text longer than the script
// sends (MAX_TEXT, in UTF-8 bytes as the window keeps it) has its runs of
// line breaks and white-space-only lines made one line break, its other
// runs of white space one space, and none at its start or end, before it
// is cut to MAX_TEXT UTF-16 units: a message of 5,000 blank lines and then its words
// kept only line breaks, which the finding's one line (session's
// pageLine) leaves out, so the finding quoted "…". U+2028, U+2029 and
// NEL break lines as \n does. A text within the limit is sent as it
// came. A 10 MB message is read once (a quadratic join would not end in
// the test's time).
func TestScriptJoinsLinesBeforeItCuts(t *testing.T) {
	words := strings.Repeat("word ", 1000) // 5,000 units
	cases := []struct {
		name string
		msg  consoleMessage
		want string // the text posted
	}{
		{"short text as it came", consoleMessage{Args: []string{"Error: a\n\n    at f (app.js:1:2)\u2028x"}}, "Error: a\n\n    at f (app.js:1:2)\u2028x"},
		{"two arguments as they came", consoleMessage{Args: []string{"a\n", "\nb"}}, "a\n \nb"},
		{"5,000 newlines", consoleMessage{Repeat: "\n", Times: 5000, Then: "Error: the real text"}, "Error: the real text"},
		{"5,000 white-space-only CRLF lines", consoleMessage{Repeat: "  \t\r\n", Times: 5000, Then: "Error: the real text"}, "Error: the real text"},
		{"U+2028", consoleMessage{Repeat: "\u2028", Times: 5000, Then: "Error: the real text"}, "Error: the real text"},
		{"U+2029 and NEL", consoleMessage{Repeat: "\u2029 \u0085", Times: 2000, Then: "Error: the real text"}, "Error: the real text"},
		// Within MAX_TEXT units, but more bytes than the window keeps.
		{"3,000 U+2028", consoleMessage{Repeat: "\u2028", Times: 3000, Then: "Error: the real text"}, "Error: the real text"},
		{"1,900 no-break spaces and newlines", consoleMessage{Repeat: "\u00a0\n", Times: 1900, Then: "Error: the real text"}, "Error: the real text"},
		{"1,000 CJK characters as they came", consoleMessage{Repeat: "\u4e2d\n", Times: 1000, Then: "end"}, strings.Repeat("\u4e2d\n", 1000) + "end"},
		{"trailing blank lines", consoleMessage{Args: []string{"Error: the real text" + strings.Repeat(" \n", 3000)}}, "Error: the real text"},
		{"spaces", consoleMessage{Repeat: " ", Times: 5000, Then: "Error: the real text"}, "Error: the real text"},
		{"lines between words", consoleMessage{Repeat: "a\n\n\n", Times: 2000, Then: "end"}, strings.Repeat("a\n", 2000)[:maxText] + "…"},
		{"a long text is cut", consoleMessage{Repeat: "word ", Times: 1000, Then: "end"}, words[:maxText] + "…"},
		{"10 MB of newlines", consoleMessage{Repeat: "\n", Times: 10 << 20, Then: "Error: the real text"}, "Error: the real text"},
		{"10 MB of blank lines and spaces", consoleMessage{Repeat: " \n\u2028 ", Times: 3 << 20, Then: "Error: the real text"}, "Error: the real text"},
		{"10 MB of text", consoleMessage{Repeat: "ab ", Times: 4 << 20, Then: "end"}, strings.Repeat("ab ", maxText/3+1)[:maxText] + "…"},
	}
	msgs := make([]consoleMessage, len(cases))
	for i, c := range cases {
		msgs[i] = c.msg
	}
	texts := postedTexts(t, msgs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := texts[i]
			if len([]rune(got)) > maxText+1 {
				t.Errorf("posted %d runes, more than %d and the mark of the cut", len([]rune(got)), maxText)
			}
			if got != c.want {
				t.Errorf("posted %.200q (%d bytes), want %.200q", got, len(got), c.want)
			}
		})
	}
}

// TestScriptFormatsLikeAConsole: a console call whose first argument is a
// format is recorded as a browser's console shows it, the format applied
// (%s, %d, %i, %f, %o, %O; %% a percent sign) and %c's styles dropped;
// until 2026-12-06 the record held the raw format and then each argument
// ("%c styled color: red").
func TestScriptFormatsLikeAConsole(t *testing.T) {
	log := func(args ...any) consoleMessage { return consoleMessage{Level: "log", Values: args} }
	cases := []struct {
		name string
		msg  consoleMessage
		want string
	}{
		{"%c drops its style", log("%c styled", "color: red"), " styled"},
		{"two styles", log("%cred%c plain", "color: red", ""), "red plain"},
		{"%c alone", log("%c", "color: blue"), ""},
		{"%s %d %i %f", log("%s is %d years, %i and %f pi", "Bob", 42.7, 7.9, 3.5), "Bob is 42 years, 7 and 3.5 pi"},
		{"%d of a string", log("%d items", "12abc"), "12 items"},
		{"%d of an object", log("%d items", map[string]any{"a": 1}), "NaN items"},
		{"%o and %O", log("%o and %O", map[string]any{"a": 1}, []any{1, 2}), `{"a":1} and [1,2]`},
		{"%% and the arguments left", log("100%% sure: %s", "yes", "extra", 3), "100% sure: yes extra 3"},
		{"a directive with no argument left stays", log("%s and %s", "one"), "one and %s"},
		{"an unknown directive stays", log("%x %s", "a"), "%x a"},
		{"a trailing %", log("50%", "off"), "50% off"},
		{"no format", log("no format", 5), "no format 5"},
		{"a single argument is not a format", log("100%% %s"), "100%% %s"},
		{"a format that is not the first argument", log(1, "%s", "x"), "1 %s x"},
		{"assert's message is a format", consoleMessage{Level: "assert", Values: []any{false, "%s failed %d times", "login", 3}}, "Assertion failed: login failed 3 times"},
		{"assert with no message", consoleMessage{Level: "assert", Values: []any{false}}, "Assertion failed:"},
	}
	msgs := make([]consoleMessage, len(cases))
	for i, c := range cases {
		msgs[i] = c.msg
	}
	texts := postedTexts(t, msgs)
	for i, c := range cases {
		if texts[i] != c.want {
			t.Errorf("%s: posted %q, want %q", c.name, texts[i], c.want)
		}
	}
}

// refusedLoad is, for testdata/inspect-harness.js, an element whose load
// of Src fired an error event though Src has a Resource Timing entry with
// Timing (fetchStart, requestStart, responseStart, redirectStart, ms):
// the page's document is https://portal.example/.
type refusedLoad struct {
	Tag    string             `json:"tag"`
	Src    string             `json:"src"`
	Attrs  map[string]string  `json:"attrs,omitempty"`
	Timing map[string]float64 `json:"timing,omitempty"`
}

// TestScriptNamesTheRefusedIntegrityLoadsCause: the console error of a
// script or style sheet with an integrity attribute that WebKit refused
// after a successful answer names the cause its Resource Timing entry
// shows. A URL of the page's origin with no crossorigin attribute whose
// entry hides the answer's timing (requestStart and responseStart 0: an
// answer of another origin, so a redirect to one) was refused for the
// redirect, whatever its body: until 2026-12-07 the error said that its
// body did not match its integrity attribute. A redirect the page cannot
// follow (redirectStart) names both causes; no redirect, or a
// crossorigin attribute (a CORS answer, whose body WebKit checks), the
// mismatch; another origin's URL without crossorigin, the missing
// attribute.
func TestScriptNamesTheRefusedIntegrityLoadsCause(t *testing.T) {
	const (
		mismatch = "its body does not match its integrity attribute (Subresource Integrity)"
		redirect = "redirected to another origin (the network record names it), whose answer is opaque without CORS"
		maybe    = mismatch + ", or, as it was redirected and has no crossorigin attribute, the redirect led to another origin"
		noCORS   = "is of another origin and has no crossorigin attribute"
	)
	sri := map[string]string{"integrity": "sha256-AAAA"}
	withCORS := map[string]string{"integrity": "sha256-AAAA", "crossorigin": "anonymous"}
	hidden := map[string]float64{"fetchStart": 255}
	shown := map[string]float64{"fetchStart": 255, "requestStart": 260, "responseStart": 270}
	redirected := map[string]float64{"fetchStart": 505, "requestStart": 506, "responseStart": 509, "redirectStart": 329}
	cases := []struct {
		name string
		load refusedLoad
		want string // in the error's reason; "" for no error
		not  string // not in it
	}{
		{"same origin, redirected to another", refusedLoad{"script", "https://portal.example/lib.js", sri, hidden}, redirect, "does not match"},
		{"a sheet redirected to another origin", refusedLoad{"link", "https://portal.example/a.css", sri, hidden}, redirect, "does not match"},
		{"a URL of the origin with a query", refusedLoad{"script", "https://portal.example/r/x.js?v=1", sri, hidden}, redirect, "does not match"},
		{"same origin, no redirect", refusedLoad{"script", "https://portal.example/lib.js", sri, shown}, mismatch, "redirect"},
		{"same origin, a redirect the page cannot follow", refusedLoad{"script", "https://portal.example/lib.js", sri, redirected}, maybe, redirect},
		{"crossorigin: a CORS answer whose body WebKit checked", refusedLoad{"script", "https://portal.example/lib.js", withCORS, hidden}, mismatch, "redirect"},
		{"another origin without crossorigin", refusedLoad{"script", "https://cdn.example/lib.js", sri, hidden}, noCORS, "does not match"},
		{"another origin with crossorigin", refusedLoad{"script", "https://cdn.example/lib.js", withCORS, hidden}, mismatch, "redirect"},
		{"no integrity: the type", refusedLoad{"script", "https://portal.example/lib.js", nil, hidden}, "X-Content-Type-Options: nosniff", "integrity"},
	}
	msgs := make([]consoleMessage, len(cases))
	for i, c := range cases {
		msgs[i] = consoleMessage{Refused: &c.load}
	}
	texts := postedTexts(t, msgs)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := texts[i]
			if !strings.Contains(got, c.load.Src+" was refused after a successful answer") {
				t.Fatalf("posted %q, want the refused error of %s", got, c.load.Src)
			}
			if !strings.Contains(got, c.want) || (c.not != "" && strings.Contains(got, c.not)) {
				t.Errorf("posted %q, want it to say %q and not %q", got, c.want, c.not)
			}
		})
	}
}

// workerCall is, for testdata/inspect-harness.js, the page's construction
// of a worker: Ctor (Worker or SharedWorker) with URL, a string, or Href,
// a URL object's ("throw" makes the constructor throw).
type workerCall struct {
	Ctor string `json:"ctor"`
	URL  any    `json:"url"`
}

// TestScriptNotesTheFirstWorkerOfEachKind: the first dedicated Worker and
// the first SharedWorker a document starts are each told as an info
// console message naming the script's URL and what the record misses of
// that kind of worker (WebKit runs the inspection script only in
// documents): the console and uncaught errors of both, a dedicated
// worker's WebSockets, any request of a shared worker. Later workers of a kind tell nothing, a constructor that throws
// tells nothing, and the page gets the engine's object. Until 2026-12-07
// nothing said that a worker's requests could be missing.
func TestScriptNotesTheFirstWorkerOfEachKind(t *testing.T) {
	cases := []struct {
		name string
		call workerCall
		want []string // in the note; nil for no note
	}{
		{"a constructor that throws", workerCall{"Worker", "throw"}, nil},
		{"the first dedicated worker", workerCall{"Worker", "/js/w.js"},
			[]string{"info: The page started a dedicated Worker (https://portal.example/js/w.js)", "console messages, uncaught errors and WebSockets are not recorded at all", `"Workers" in docs/inspection.md`}},
		{"a second dedicated worker", workerCall{"Worker", "/js/other.js"}, nil},
		{"the first shared worker, from a URL object", workerCall{"SharedWorker", map[string]string{"href": "https://portal.example/s.js?v=2"}},
			[]string{"info: The page started a SharedWorker (https://portal.example/s.js?v=2)", "requests (fetch(), XMLHttpRequest, EventSource, WebSocket) are not recorded at all"}},
		{"a second shared worker", workerCall{"SharedWorker", "/s.js"}, nil},
	}
	msgs := make([]consoleMessage, len(cases))
	for i, c := range cases {
		msgs[i] = consoleMessage{Worker: &c.call}
	}
	texts := postedTexts(t, msgs)
	for i, c := range cases {
		got := texts[i]
		if c.want == nil && got != "" {
			t.Errorf("%s: posted %q, want nothing", c.name, got)
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: posted %q, want it to say %q", c.name, got, w)
			}
		}
	}
}
