package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// harSchemaPath is the HAR 1.2 JSON Schema, written from the spec.
const harSchemaPath = "testdata/har-1.2.schema.json"

var (
	harSchemaOnce sync.Once
	harSchema     *jsonschema.Schema
	harSchemaErr  error
)

// compiledHARSchema compiles the HAR schema once per test binary, with
// formats (date-time) asserted.
func compiledHARSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	harSchemaOnce.Do(func() {
		f, err := os.Open(harSchemaPath)
		if err != nil {
			harSchemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			harSchemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource("har-1.2.schema.json", doc); err != nil {
			harSchemaErr = err
			return
		}
		harSchema, harSchemaErr = c.Compile("har-1.2.schema.json")
	})
	if harSchemaErr != nil {
		t.Fatalf("HAR schema: %v", harSchemaErr)
	}
	return harSchema
}

// validHAR writes reqs as HAR, checks the document against the schema and
// the rules the schema cannot say (time is the sum of the timings, every
// pageref names a page), and returns the decoded document.
func validHAR(t testing.TB, meta HARMeta, reqs []Request) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHAR(&buf, meta, reqs); err != nil {
		t.Fatalf("WriteHAR: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("HAR is not JSON: %v\n%s", err, buf.String())
	}
	if err := compiledHARSchema(t).Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			t.Fatalf("HAR does not validate: %v\n%s", ve, buf.String())
		}
		t.Fatalf("validate: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	log := doc["log"].(map[string]any)
	pages := map[string]bool{}
	for _, p := range log["pages"].([]any) {
		pages[p.(map[string]any)["id"].(string)] = true
	}
	entries := log["entries"].([]any)
	if len(entries) != len(reqs) {
		t.Fatalf("%d entries for %d requests", len(entries), len(reqs))
	}
	for i, e := range entries {
		e := e.(map[string]any)
		if !pages[e["pageref"].(string)] {
			t.Errorf("entry %d: pageref %q names no page", i, e["pageref"])
		}
		var sum float64
		for _, v := range e["timings"].(map[string]any) {
			if f := v.(float64); f > 0 {
				sum += f
			}
		}
		sum -= math.Max(e["timings"].(map[string]any)["ssl"].(float64), 0) // ssl is inside connect
		if got := e["time"].(float64); math.Abs(got-sum) > 0.002 {
			t.Errorf("entry %d: time %v, sum of timings %v", i, got, sum)
		}
	}
	return doc
}

var testStarted = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func testMeta() HARMeta {
	return HARMeta{Creator: "mpsim", Version: "1.2.3", PageURL: "https://portal.example/?a=1",
		PageTitle: "Plans", Started: testStarted, OnLoadMs: 250.5}
}

func TestWriteHAREntries(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		// want are paths into the entry ("response.status") and their
		// values as JSON decodes them.
		want map[string]any
		// absent are paths that must not be there.
		absent []string
	}{
		{
			name: "completed document",
			req: Request{ID: 1, Method: "GET", URL: "https://portal.example/plans?sim=esim&lang=en-US#top",
				Status: 200, StatusText: "OK", MimeType: "text/html", Type: TypeDocument, Main: true, Bytes: 5120,
				RequestHeaders:  []Header{{Name: "Accept-Language", Value: "en-US"}},
				ResponseHeaders: []Header{{Name: "Content-Type", Value: "text/html"}},
				StartMs:         100, ResponseMs: 130.25, EndMs: 150.5},
			want: map[string]any{
				"startedDateTime":           "2026-03-01T10:00:00.100Z",
				"time":                      50.5,
				"pageref":                   "page_1",
				"_resourceType":             "document",
				"request.method":            "GET",
				"request.url":               "https://portal.example/plans?sim=esim&lang=en-US#top",
				"request.headersSize":       -1.0,
				"request.bodySize":          -1.0,
				"request.headers.0.name":    "Accept-Language",
				"request.queryString.0":     map[string]any{"name": "sim", "value": "esim"},
				"request.queryString.1":     map[string]any{"name": "lang", "value": "en-US"},
				"response.status":           200.0,
				"response.statusText":       "OK",
				"response.content.size":     5120.0,
				"response.content.mimeType": "text/html",
				"response.bodySize":         5120.0,
				"response.headersSize":      -1.0,
				"response.headers.0.value":  "text/html",
				"timings.send":              0.0,
				"timings.wait":              30.25,
				"timings.receive":           20.25,
				"timings.dns":               -1.0,
				"timings.blocked":           -1.0,
				"timings.connect":           -1.0,
				"timings.ssl":               -1.0,
			},
			absent: []string{"_error"},
		},
		{
			// A header WebKit did not report, added by the window with a
			// note: the HAR keeps the note as the header's comment.
			name: "an added header's note is its comment",
			req: Request{ID: 11, Method: "GET", URL: "https://portal.example/api", Status: 200, Type: TypeFetch, Bytes: 2,
				RequestHeaders: []Header{{Name: "Accept", Value: "*/*"}, {Name: "Accept-Language", Value: "fr-FR,fr;q=0.90", Note: AcceptLanguageNote}},
				StartMs:        10, ResponseMs: 20, EndMs: 30},
			want: map[string]any{
				"request.headers.0":         map[string]any{"name": "Accept", "value": "*/*"},
				"request.headers.1.value":   "fr-FR,fr;q=0.90",
				"request.headers.1.comment": AcceptLanguageNote,
			},
			absent: []string{"request.headers.0.comment"},
		},
		{
			name: "sizes on the wire from the frame's timing entry",
			req: Request{ID: 9, Method: "GET", URL: "https://portal.example/app.js", Status: 200, Type: TypeScript,
				Bytes: 31000, WireBytes: 9300, EncodedBytes: 9000, StartMs: 10, ResponseMs: 20, EndMs: 30},
			want: map[string]any{"response.content.size": 31000.0, "response.bodySize": 9000.0,
				"response.headersSize": 300.0, "response._transferSize": 9300.0},
		},
		{
			name: "no sizes on the wire: unknown",
			req: Request{ID: 10, Method: "GET", URL: "https://cdn.example/app.js", Status: 200, Type: TypeScript,
				Bytes: 31000, StartMs: 10, ResponseMs: 20, EndMs: 30},
			want:   map[string]any{"response.bodySize": 31000.0, "response.headersSize": -1.0},
			absent: []string{"response._transferSize"},
		},
		{
			name: "404 is a response, not an error",
			req: Request{ID: 2, Method: "GET", URL: "https://portal.example/api/plans", Status: 404,
				StatusText: "Not Found", MimeType: "application/json", Type: TypeFetch, Bytes: 20,
				StartMs: 200, ResponseMs: 210, EndMs: 211},
			want:   map[string]any{"response.status": 404.0, "_resourceType": "fetch", "time": 11.0},
			absent: []string{"_error"},
		},
		{
			name: "TLS failure",
			req: Request{ID: 3, Method: "GET", URL: "https://bad-cert.example/x.js", Type: TypeScript,
				Bytes: -1, StartMs: 300, EndMs: 340, Failed: "TLS: unknown certificate authority", TLS: true},
			want: map[string]any{
				"response.status":           0.0,
				"response.statusText":       "",
				"response.content.size":     -1.0,
				"response.bodySize":         -1.0,
				"response.content.mimeType": "x-unknown",
				"_error":                    "TLS: unknown certificate authority",
				"timings.wait":              40.0,
				"timings.receive":           0.0,
				"time":                      40.0,
				"request.queryString":       []any{},
			},
		},
		{
			name: "a WebSocket that closed",
			req: Request{ID: 11, Method: "GET", URL: "wss://portal.example/live", Status: 101, StatusText: "Switching Protocols",
				Type: TypeWebSocket, Bytes: -1, StartMs: 10, ResponseMs: 20, EndMs: 900, CloseCode: 1000, Initiator: "websocket",
				Frame: "https://portal.example/plans", TopFrame: true},
			want: map[string]any{"response.status": 101.0, "_resourceType": "websocket", "comment": "the WebSocket closed with code 1000 (normal closure)",
				"_initiatorType": "websocket", "_initiator.type": "script"},
			absent: []string{"_error"},
		},
		{
			name: "a WebSocket the server closed with an error code",
			req: Request{ID: 14, Method: "GET", URL: "wss://portal.example/live", Status: 101, StatusText: "Switching Protocols",
				Type: TypeWebSocket, Bytes: -1, StartMs: 10, ResponseMs: 20, EndMs: 900, CloseCode: 1011},
			want: map[string]any{"response.status": 101.0,
				"comment": "the WebSocket closed with code 1011 (internal error: the server met a condition it could not handle)",
				"_error":  "the server closed it with code 1011 (internal error: the server met a condition it could not handle)"},
		},
		{
			name: "a WebSocket still open",
			req: Request{ID: 12, Method: "GET", URL: "wss://portal.example/live", Status: 101, Type: TypeWebSocket, Bytes: -1,
				StartMs: 10, ResponseMs: 20, Pending: true},
			want:   map[string]any{"_error": "pending: the WebSocket was still open when the window closed"},
			absent: []string{"comment"},
		},
		{
			name: "a beacon keeps its type",
			req:  Request{ID: 13, Method: "POST", URL: "https://portal.example/beacon", Status: 204, Type: TypePing, Bytes: 0, StartMs: 10, EndMs: 20},
			want: map[string]any{"_resourceType": "ping"},
		},
		{
			name: "pending without a response",
			req:  Request{ID: 4, Method: "POST", URL: "https://portal.example/slow", Bytes: -1, StartMs: 400, Pending: true},
			want: map[string]any{
				"response.status": 0.0,
				"_error":          "pending: the window closed before a response arrived",
				"_resourceType":   "other",
				"time":            0.0,
				"timings.wait":    0.0,
			},
		},
		{
			name: "pending after the response",
			req: Request{ID: 5, Method: "GET", URL: "https://portal.example/stream", Status: 200, Type: TypeMedia,
				Bytes: 100, StartMs: 500, ResponseMs: 520, Pending: true},
			want: map[string]any{
				"response.status": 200.0,
				"_error":          "pending: the window closed before the response ended",
				"timings.wait":    20.0,
				"timings.receive": 0.0,
				"time":            20.0,
			},
		},
		{
			name: "redirect",
			req: Request{ID: 6, Method: "GET", URL: "http://portal.example/", Status: 301, Type: TypeDocument,
				Bytes: 0, StartMs: 1, ResponseMs: 2, EndMs: 2, RedirectURL: "https://portal.example/"},
			want: map[string]any{"response.redirectURL": "https://portal.example/", "response.content.size": 0.0},
		},
		{
			name: "query string decoded in order, repeated and bare names kept",
			req: Request{ID: 7, Method: "GET", URL: "https://p.example/?b=2&a=%20x&a=y+z&flag&bad=%zz&=v",
				Status: 200, Bytes: 1, StartMs: 1, ResponseMs: 1, EndMs: 1},
			want: map[string]any{
				"request.queryString": []any{
					map[string]any{"name": "b", "value": "2"},
					map[string]any{"name": "a", "value": " x"},
					map[string]any{"name": "a", "value": "y z"},
					map[string]any{"name": "flag", "value": ""},
					map[string]any{"name": "bad", "value": "%zz"},
					map[string]any{"name": "", "value": "v"},
				},
			},
		},
		{
			name: "cancelled",
			req: Request{ID: 8, Method: "GET", URL: "https://portal.example/a.png", Type: TypeImage, Bytes: -1,
				StartMs: 10, EndMs: 12, Failed: "cancelled", Cancelled: true},
			want: map[string]any{"_error": "cancelled", "response.status": 0.0},
		},
		{
			name:   "no response and no reason",
			req:    Request{ID: 9, Method: "GET", URL: "https://portal.example/b", Bytes: -1, StartMs: 10, EndMs: 15},
			want:   map[string]any{"_error": "no response", "time": 5.0},
			absent: []string{"_initiator", "_frame", "_topFrame", "_initiatorType"},
		},
		{
			name: "top-level document: initiator other, no frame",
			req: Request{ID: 10, Method: "GET", URL: "https://portal.example/", Status: 200, Main: true, Type: TypeDocument,
				Initiator: "navigation", Bytes: 1, StartMs: 1, ResponseMs: 2, EndMs: 3},
			want:   map[string]any{"_initiator": map[string]any{"type": "other"}, "_initiatorType": "navigation"},
			absent: []string{"_frame", "_topFrame"},
		},
		{
			name: "fetch of the top frame: script",
			req: Request{ID: 11, Method: "GET", URL: "https://portal.example/api", Status: 200, Type: TypeFetch,
				Frame: "https://portal.example/", TopFrame: true, Initiator: "fetch", Bytes: 1, StartMs: 1, ResponseMs: 2, EndMs: 3},
			want: map[string]any{"_initiator": map[string]any{"type": "script", "url": "https://portal.example/"},
				"_frame": "https://portal.example/", "_topFrame": true, "_initiatorType": "fetch"},
		},
		{
			name: "image of an iframe: parser",
			req: Request{ID: 12, Method: "GET", URL: "https://pay.example/logo.png", Status: 200, Type: TypeImage,
				Frame: "https://pay.example/frame.html", Initiator: "img", Bytes: 1, StartMs: 1, ResponseMs: 2, EndMs: 3},
			want: map[string]any{"_initiator": map[string]any{"type": "parser", "url": "https://pay.example/frame.html"},
				"_frame": "https://pay.example/frame.html", "_initiatorType": "img"},
			absent: []string{"_topFrame"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := validHAR(t, testMeta(), []Request{tt.req})
			entry := doc["log"].(map[string]any)["entries"].([]any)[0]
			for path, want := range tt.want {
				got, ok := lookup(entry, path)
				if !ok {
					t.Errorf("%s: missing", path)
					continue
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", path, got, want)
				}
			}
			for _, path := range tt.absent {
				if got, ok := lookup(entry, path); ok {
					t.Errorf("%s = %#v, want it absent", path, got)
				}
			}
		})
	}
}

// lookup follows a dotted path of object keys and list indices.
func lookup(v any, path string) (any, bool) {
	for key := range strings.SplitSeq(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[key]; !ok {
				return nil, false
			}
		case []any:
			i := 0
			for _, c := range key {
				if c < '0' || c > '9' {
					return nil, false
				}
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func TestWriteHARLog(t *testing.T) {
	tests := []struct {
		name string
		meta HARMeta
		reqs []Request
		want map[string]any
	}{
		{
			name: "page and creator",
			meta: testMeta(),
			want: map[string]any{
				"version":                           "1.2",
				"creator":                           map[string]any{"name": "mpsim", "version": "1.2.3"},
				"pages.0.id":                        "page_1",
				"pages.0.title":                     "Plans",
				"pages.0.startedDateTime":           "2026-03-01T10:00:00.000Z",
				"pages.0.pageTimings.onContentLoad": -1.0,
				"pages.0.pageTimings.onLoad":        250.5,
				"entries":                           []any{},
			},
		},
		{
			name: "no title: the URL; unknown load: -1; local time written as UTC",
			meta: HARMeta{Creator: "mpsim", Version: "dev", PageURL: "https://p.example/",
				Started: time.Date(2026, 3, 1, 11, 0, 0, 0, time.FixedZone("CET", 3600)), OnLoadMs: -1},
			want: map[string]any{
				"pages.0.title":              "https://p.example/",
				"pages.0.pageTimings.onLoad": -1.0,
				"pages.0.startedDateTime":    "2026-03-01T10:00:00.000Z",
			},
		},
		{
			name: "NaN load is unknown",
			meta: HARMeta{Started: testStarted, OnLoadMs: math.NaN()},
			want: map[string]any{"pages.0.pageTimings.onLoad": -1.0},
		},
		{
			name: "entries in start order, ties by id",
			meta: testMeta(),
			reqs: []Request{
				{ID: 3, URL: "https://p.example/c", StartMs: 30, Bytes: -1},
				{ID: 2, URL: "https://p.example/b", StartMs: 10, Bytes: -1},
				{ID: 1, URL: "https://p.example/a", StartMs: 10, Bytes: -1},
			},
			want: map[string]any{
				"entries.0.request.url": "https://p.example/a",
				"entries.1.request.url": "https://p.example/b",
				"entries.2.request.url": "https://p.example/c",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := validHAR(t, tt.meta, tt.reqs)
			for path, want := range tt.want {
				got, ok := lookup(doc["log"], path)
				if !ok {
					t.Errorf("%s: missing", path)
					continue
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %#v, want %#v", path, got, want)
				}
			}
		})
	}
}

// TestWriteHARPagePerDocument: a session that moves to other top-level
// documents has a page for each, the hops of a redirect (a form's POST and
// its 303) are one page titled with the document that answered, and each
// entry is on the page loaded when it started (network/console QA: every
// entry of done.html and page2.html was on the first page).
func TestWriteHARPagePerDocument(t *testing.T) {
	reqs := []Request{
		{ID: 1, Method: "GET", URL: "https://portal.example/?a=1", Main: true, Status: 200, StartMs: 0, EndMs: 20, Bytes: 10},
		{ID: 2, Method: "GET", URL: "https://portal.example/app.js", Status: 200, StartMs: 30, EndMs: 40, Bytes: 10},
		{ID: 3, Method: "POST", URL: "https://portal.example/buy", Main: true, Status: 303, RedirectURL: "https://portal.example/done", StartMs: 100, EndMs: 110},
		{ID: 4, Method: "GET", URL: "https://portal.example/done", Main: true, Status: 200, StartMs: 111, EndMs: 130, Bytes: 10},
		{ID: 5, Method: "GET", URL: "https://portal.example/done.png", Status: 200, StartMs: 140, EndMs: 150, Bytes: 10},
		{ID: 6, Method: "GET", URL: "https://portal.example/done", Main: true, Status: 200, StartMs: 400, EndMs: 420, Bytes: 10}, // a reload
	}
	doc := validHAR(t, testMeta(), reqs)
	log := doc["log"].(map[string]any)
	var titles []string
	for _, p := range log["pages"].([]any) {
		titles = append(titles, p.(map[string]any)["title"].(string))
	}
	if want := []string{"Plans", "https://portal.example/done", "https://portal.example/done"}; !slices.Equal(titles, want) {
		t.Errorf("pages %q, want %q", titles, want)
	}
	var refs []string
	for _, e := range log["entries"].([]any) {
		refs = append(refs, e.(map[string]any)["pageref"].(string))
	}
	if want := []string{"page_1", "page_1", "page_2", "page_2", "page_2", "page_3"}; !slices.Equal(refs, want) {
		t.Errorf("pagerefs %q, want %q", refs, want)
	}
}

func TestWriteHARDoesNotReorderInput(t *testing.T) {
	reqs := []Request{{ID: 2, StartMs: 20}, {ID: 1, StartMs: 10}}
	validHAR(t, testMeta(), reqs)
	if reqs[0].ID != 2 || reqs[1].ID != 1 {
		t.Errorf("WriteHAR reordered its input: %+v", reqs)
	}
}

func TestWriteHARIndented(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHAR(&buf, testMeta(), []Request{{URL: "https://p.example/?a=<b>&c"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "{\n  \"log\": {\n") {
		t.Errorf("not indented:\n%s", out)
	}
	if !strings.Contains(out, `"https://p.example/?a=<b>&c"`) {
		t.Errorf("URL escaped for HTML, want it as written:\n%s", out)
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteHARWriteError(t *testing.T) {
	err := WriteHAR(failingWriter{}, testMeta(), nil)
	if err == nil || !strings.Contains(err.Error(), "write HAR") || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteHAR to a failing writer: %v, want the cause wrapped", err)
	}
}

// oddFloats are clock values a buggy or hostile recorder could produce.
var oddFloats = []float64{0, -1, -1e6, 1e-9, 12.3456789, 1e15, -1e15, math.MaxFloat64,
	-math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN()}

// oddStrings are URLs, methods and texts a page could produce.
var oddStrings = []string{"", "https://p.example/?a=1&b=%", "::not a url", "javascript:alert(1)",
	"data:text/html,<b>x</b>", "https://p.example/" + strings.Repeat("x", 5000), "http://[::1]:namedport/",
	"https://user:pa ss@p.example/?q=\x00\x01", "\xff\xfe invalid utf-8", "ms-windows-store://pdp/?ProductId=1",
	"https://p.example/?&&=&%%%=%ZZ;a;b", "ÜNICODE/日本?キー=値", "\u2028\u2029"}

// randomRequest is an arbitrary Request drawn from the odd values.
func randomRequest(r *rand.Rand, id int) Request {
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	f := func() float64 {
		if r.IntN(3) == 0 {
			return oddFloats[r.IntN(len(oddFloats))]
		}
		return r.Float64() * 10000
	}
	var hs []Header
	for range r.IntN(3) {
		hs = append(hs, Header{Name: pick(oddStrings), Value: pick(oddStrings)})
	}
	return Request{
		ID: id, Method: pick([]string{"GET", "POST", "", "weird method"}), URL: pick(oddStrings),
		Status: r.IntN(700) - 100, StatusText: pick(oddStrings), MimeType: pick(oddStrings),
		Type: pick([]string{TypeDocument, TypeFetch, "", "🙂"}), Main: r.IntN(2) == 0,
		Bytes:          []int64{-1, -2, 0, 1, math.MaxInt64, math.MinInt64}[r.IntN(6)],
		RequestHeaders: hs, ResponseHeaders: hs,
		StartMs: f(), ResponseMs: f(), EndMs: f(),
		Failed: pick([]string{"", "refused", "cancelled"}), TLS: r.IntN(2) == 0,
		Cancelled: r.IntN(2) == 0, Pending: r.IntN(2) == 0, RedirectURL: pick(oddStrings),
	}
}

// TestWriteHARArbitraryRequests draws thousands of arbitrary requests
// (weird URLs, negative and huge sizes, NaN and infinite times) and checks
// that every file is valid HAR 1.2.
func TestWriteHARArbitraryRequests(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 1))
	for run := range 200 {
		reqs := make([]Request, r.IntN(20))
		for i := range reqs {
			reqs[i] = randomRequest(r, i)
		}
		meta := HARMeta{Creator: "mpsim", Version: "dev", PageURL: oddStrings[run%len(oddStrings)],
			Started: time.Unix(r.Int64N(1<<34)-(1<<33), 0), OnLoadMs: oddFloats[run%len(oddFloats)]}
		if run%17 == 0 {
			meta.Started = time.Time{}
		}
		validHAR(t, meta, reqs)
		if t.Failed() {
			t.Fatalf("run %d: %+v", run, reqs)
		}
	}
}

// FuzzWriteHAR checks that any one request makes a valid HAR file.
func FuzzWriteHAR(f *testing.F) {
	f.Add("GET", "https://p.example/?a=1", 200, int64(10), 1.0, 2.0, 3.0, "", false)
	f.Add("", "::", -5, int64(-7), math.NaN(), math.Inf(1), -1e300, "refused", true)
	f.Add("POST", "\xff?%=%&&", 0, int64(math.MinInt64), 1e15, 0.0, math.Copysign(0, -1), "cancelled", true)
	f.Fuzz(func(t *testing.T, method, rawURL string, status int, bytes int64, start, resp, end float64, failed string, pending bool) {
		req := Request{Method: method, URL: rawURL, Status: status, Bytes: bytes, StartMs: start,
			ResponseMs: resp, EndMs: end, Failed: failed, Pending: pending}
		validHAR(t, HARMeta{Started: testStarted, OnLoadMs: end}, []Request{req})
	})
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name    string
		reqs    []Request
		console []ConsoleMessage
		want    Summary
	}{
		{
			name: "nothing",
			want: Summary{ByType: map[string]int{}},
		},
		{
			name: "requests",
			reqs: []Request{
				{Type: TypeDocument, Status: 200, Bytes: 1000},
				{Type: TypeFetch, Status: 404, Bytes: 20},
				{Type: TypeFetch, Status: 503, Bytes: -1},
				{Type: TypeScript, Failed: "refused", Bytes: -1},
				{Type: TypeScript, TLS: true, Failed: "TLS: expired"},
				{Type: TypeImage, Failed: "cancelled", Cancelled: true},
				{Type: TypeImage, Status: 404, Cancelled: true}, // answered 404, then refused: an HTTP error
				{Type: "", Pending: true, Bytes: 5},
				{Type: TypeFont, Status: 302},
			},
			want: Summary{Requests: 9, Failed: 2, HTTPErrors: 3, Bytes: 1025,
				ByType: map[string]int{"document": 1, "fetch": 2, "script": 2, "image": 2, "other": 1, "font": 1}},
		},
		{
			// A socket the server closed with an error code failed, with
			// no error event (no Failed); 1000, 1001 and 1005 are clean.
			name: "websockets",
			reqs: []Request{
				{Type: TypeWebSocket, Status: 101, EndMs: 9, CloseCode: 1011},
				{Type: TypeWebSocket, Status: 101, EndMs: 9, CloseCode: 4001},
				{Type: TypeWebSocket, Status: 101, EndMs: 9, CloseCode: 1006, Failed: "lost (close code 1006)"},
				{Type: TypeWebSocket, Status: 101, EndMs: 9, CloseCode: 1000},
				{Type: TypeWebSocket, Status: 101, EndMs: 9, CloseCode: 1001},
				{Type: TypeWebSocket, Status: 101, EndMs: 9, CloseCode: 1005},
				{Type: TypeWebSocket, Status: 101, Pending: true},
			},
			want: Summary{Requests: 7, Failed: 3, ByType: map[string]int{"websocket": 7}},
		},
		{
			name: "console",
			console: []ConsoleMessage{
				{Kind: ConsoleCall, Level: "log"},
				{Kind: ConsoleCall, Level: "error"},
				{Kind: ConsoleCall, Level: "error"},
				{Kind: ConsoleCall, Level: "warn"},
				{Kind: ConsoleCall, Level: "info"},
				{Kind: ConsoleError, Level: "error"},
				{Kind: ConsoleRejection, Level: "error"},
				{Kind: ConsoleCall, Level: "debug"},
			},
			want: Summary{ByType: map[string]int{}, ConsoleErrors: 2, ConsoleWarnings: 1, PageErrors: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(tt.reqs, tt.console)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestHARSchemaRejects shows the schema is strict enough to catch the
// mistakes WriteHAR must not make.
func TestHARSchemaRejects(t *testing.T) {
	var buf bytes.Buffer
	req := Request{ID: 1, Method: "GET", URL: "https://p.example/", Status: 200, Bytes: 1, StartMs: 1, ResponseMs: 2, EndMs: 3}
	if err := WriteHAR(&buf, testMeta(), []Request{req}); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	tests := []struct{ name, old, new string }{
		{"wait -1", `"wait": 1`, `"wait": -1`},
		{"size -2", `"bodySize": 1`, `"bodySize": -2`},
		{"date without zone", `00.000Z"`, `00.000"`},
		{"headers null", `"headers": [],`, `"headers": null,`},
		{"unknown field", `"pageref"`, `"pageRef": "x", "pageref"`},
		{"missing cache", `"cache": {},`, ``},
		{"version 2", `"version": "1.2"`, `"version": "2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(good, tt.old, tt.new, 1)
			if bad == good {
				t.Fatalf("%q is not in the HAR:\n%s", tt.old, good)
			}
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
			if err != nil {
				t.Fatal(err)
			}
			if compiledHARSchema(t).Validate(inst) == nil {
				t.Errorf("schema accepts:\n%s", bad)
			}
		})
	}
}

func TestSameDocumentURL(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://mo.example/plans", "https://mo.example/plans", true},
		{"https://mo.example/plans#buy", "https://mo.example/plans", true},
		{"https://mo.example/plans#buy", "https://mo.example/plans#done", true},
		{"https://mo.example/plans?x=1", "https://mo.example/plans", false},
		{"https://mo.example/plans", "https://mo.example/plans/", false},
		{"", "#top", true},
	}
	for _, tt := range tests {
		if got := SameDocumentURL(tt.a, tt.b); got != tt.want {
			t.Errorf("SameDocumentURL(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSchemelessAddress(t *testing.T) {
	tests := []struct {
		uri, withScheme, relative string
		ok                        bool
	}{
		{"localhost:18443/done.html?tx=1", "https://localhost:18443/done.html?tx=1", "/done.html?tx=1", true},
		{"portal.contoso.example:443", "https://portal.contoso.example:443", "/", true},
		{"my-host.test:8080#done", "https://my-host.test:8080#done", "/#done", true},
		{"my-host:8080", "", "", false},
		{"ms-windows-store://pdp/?productid=9WZ", "", "", false},
		{"tel:+15551234", "", "", false},
		{"mailto:help@contoso.example", "", "", false},
		{"market:123456/x", "https://market:123456/x", "", false},
		{"https://localhost:8443/", "", "", false},
		{"done.html", "", "", false},
		{"sms:12345", "", "", false},
		{"tel:911", "", "", false},
	}
	for _, tt := range tests {
		w, r, ok := SchemelessAddress(tt.uri)
		if ok != tt.ok || (ok && (w != tt.withScheme || r != tt.relative)) {
			t.Errorf("SchemelessAddress(%q) = %q, %q, %v; want %q, %q, %v", tt.uri, w, r, ok, tt.withScheme, tt.relative, tt.ok)
		}
	}
}
