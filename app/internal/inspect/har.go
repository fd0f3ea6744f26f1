package inspect

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// HARMeta describes the session a HAR file records.
type HARMeta struct {
	// Creator and Version name the program that wrote the file ("mpsim" and
	// its build version).
	Creator, Version string
	// PageURL is the launch URL; PageTitle the page's title (may be empty,
	// then the URL is the page's title).
	PageURL, PageTitle string
	// Started is the wall-clock time of the window process's clock 0: every
	// Request.StartMs is relative to it.
	Started time.Time
	// OnLoadMs is the time from Started to the page's load event, -1 when
	// unknown.
	OnLoadMs float64
}

// harPageID is the id of the n-th page (from 1) of a HAR file written by
// WriteHAR.
func harPageID(n int) string { return fmt.Sprintf("page_%d", n) }

// harTimeLayout is RFC 3339 with milliseconds, as HAR's ISO 8601 dates.
const harTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// maxHARMs bounds a clock value (±10^12 ms, about 31 years) so that adding
// it to Started can neither overflow a time.Duration nor leave the years
// RFC 3339 can write.
const maxHARMs = 1e12

// The HAR 1.2 document (http://www.softwareishard.com/blog/har-12-spec/).
// Fields the spec makes optional and mpsim does not know are left out;
// fields it requires are always written, -1 where the spec allows "unknown".
type (
	harFile struct {
		Log harLog `json:"log"`
	}
	harLog struct {
		Version string     `json:"version"`
		Creator harCreator `json:"creator"`
		Pages   []harPage  `json:"pages"`
		Entries []harEntry `json:"entries"`
	}
	harCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harPage struct {
		StartedDateTime string         `json:"startedDateTime"`
		ID              string         `json:"id"`
		Title           string         `json:"title"`
		PageTimings     harPageTimings `json:"pageTimings"`
	}
	harPageTimings struct {
		OnContentLoad float64 `json:"onContentLoad"`
		OnLoad        float64 `json:"onLoad"`
	}
	harEntry struct {
		PageRef         string      `json:"pageref"`
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"`
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		Cache           struct{}    `json:"cache"`
		Timings         harTimings  `json:"timings"`
		// ResourceType is Chrome's custom field (document, script, …).
		ResourceType string `json:"_resourceType"`
		// Error says why a request got no complete response, as Chrome's
		// HAR export does.
		Error string `json:"_error,omitempty"`
		// Initiator is Chrome's custom field (what made the request);
		// Frame, TopFrame and InitiatorType are mpsim's: the document
		// that made it, whether that is the top frame, and the Resource
		// Timing initiatorType (Request.Frame, TopFrame, Initiator).
		Initiator     *harInitiator `json:"_initiator,omitempty"`
		Frame         string        `json:"_frame,omitempty"`
		TopFrame      bool          `json:"_topFrame,omitempty"`
		InitiatorType string        `json:"_initiatorType,omitempty"`
		// Comment is HAR 1.2's: a WebSocket's close code (Request.CloseCode)
		// and its meaning (harComment).
		Comment string `json:"comment,omitempty"`
	}
	// harInitiator is Chrome's _initiator: type parser, script or other,
	// and the URL of the document (Chrome: of the document or script).
	harInitiator struct {
		Type string `json:"type"`
		URL  string `json:"url,omitempty"`
	}
	harRequest struct {
		Method      string      `json:"method"`
		URL         string      `json:"url"`
		HTTPVersion string      `json:"httpVersion"`
		Cookies     []harCookie `json:"cookies"`
		Headers     []harNV     `json:"headers"`
		QueryString []harNV     `json:"queryString"`
		HeadersSize int         `json:"headersSize"`
		BodySize    int64       `json:"bodySize"`
	}
	harResponse struct {
		Status      int         `json:"status"`
		StatusText  string      `json:"statusText"`
		HTTPVersion string      `json:"httpVersion"`
		Cookies     []harCookie `json:"cookies"`
		Headers     []harNV     `json:"headers"`
		Content     harContent  `json:"content"`
		RedirectURL string      `json:"redirectURL"`
		HeadersSize int64       `json:"headersSize"`
		BodySize    int64       `json:"bodySize"`
		// TransferSize is Chrome's custom field: the bytes on the wire,
		// headers included (Request.WireBytes).
		TransferSize int64 `json:"_transferSize,omitempty"`
	}
	harCookie struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	harNV struct {
		Name    string `json:"name"`
		Value   string `json:"value"`
		Comment string `json:"comment,omitempty"`
	}
	harContent struct {
		Size     int64  `json:"size"`
		MimeType string `json:"mimeType"`
	}
	harTimings struct {
		Blocked float64 `json:"blocked"`
		DNS     float64 `json:"dns"`
		Connect float64 `json:"connect"`
		SSL     float64 `json:"ssl"`
		Send    float64 `json:"send"`
		Wait    float64 `json:"wait"`
		Receive float64 `json:"receive"`
	}
)

// WriteHAR writes reqs as an indented HAR 1.2 document to w, with a page
// for each top-level document the window loaded (the launch first; the
// hops of a redirect are one page, titled with the document that
// answered), each entry on the page that was loaded when it started.
// Entries are in the order the requests started. Every
// request becomes a valid entry, whatever its state: a failed or cancelled
// one has status 0 and an _error saying why, a pending one (the window
// closed first) has the timings known so far. WebKit does not report the
// HTTP version, the header sizes or the request body, so those are "" and
// -1 (unknown); the only timings known are when the request started, when
// its response arrived and when it ended (wait and receive).
func WriteHAR(w io.Writer, meta HARMeta, reqs []Request) error {
	doc := harFile{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: meta.Creator, Version: meta.Version},
		Pages: []harPage{{
			StartedDateTime: harTime(meta.Started, 0),
			ID:              harPageID(1),
			Title:           cmp.Or(meta.PageTitle, meta.PageURL),
			PageTimings:     harPageTimings{OnContentLoad: -1, OnLoad: harOptionalMs(meta.OnLoadMs)},
		}},
		Entries: make([]harEntry, 0, len(reqs)),
	}}
	order := make([]int, len(reqs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(finiteMs(reqs[a].StartMs), finiteMs(reqs[b].StartMs)),
			cmp.Compare(reqs[a].ID, reqs[b].ID))
	})
	pages := &doc.Log.Pages
	redirectedTo := "" // the Location the last top-level hop gave, still to come
	for n, i := range order {
		r := &reqs[i]
		if r.Main {
			switch {
			case n == 0, redirectedTo != "" && SameDocumentURL(r.URL, redirectedTo):
				// The launch, or the next hop of a redirect: the same page.
			default:
				*pages = append(*pages, harPage{StartedDateTime: harTime(meta.Started, r.StartMs), ID: harPageID(len(*pages) + 1),
					Title: r.URL, PageTimings: harPageTimings{OnContentLoad: -1, OnLoad: -1}})
			}
			redirectedTo = r.RedirectURL
			if r.RedirectURL == "" && len(*pages) > 1 {
				(*pages)[len(*pages)-1].Title = r.URL // the document that answered
			}
		}
		e := harEntryOf(meta.Started, r)
		e.PageRef = harPageID(len(*pages))
		doc.Log.Entries = append(doc.Log.Entries, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write HAR: %w", err)
	}
	return nil
}

// harEntryOf is the HAR entry of one request.
func harEntryOf(started time.Time, r *Request) harEntry {
	timings := harTimingsOf(r)
	size := int64(-1)
	if r.Bytes >= 0 {
		size = r.Bytes
	}
	return harEntry{
		PageRef:         harPageID(1),
		StartedDateTime: harTime(started, r.StartMs),
		Time:            timings.total(),
		Request: harRequest{
			Method:      r.Method,
			URL:         r.URL,
			Cookies:     []harCookie{},
			Headers:     harHeaders(r.RequestHeaders),
			QueryString: harQuery(r.URL),
			HeadersSize: -1,
			BodySize:    -1,
		},
		Response: harResponse{
			Status:       max(r.Status, 0),
			StatusText:   r.StatusText,
			Cookies:      []harCookie{},
			Headers:      harHeaders(r.ResponseHeaders),
			Content:      harContent{Size: size, MimeType: cmp.Or(r.MimeType, "x-unknown")},
			RedirectURL:  r.RedirectURL,
			HeadersSize:  harHeadersSize(r),
			BodySize:     cmp.Or(r.EncodedBytes, size),
			TransferSize: r.WireBytes,
		},
		Timings:       timings,
		ResourceType:  cmp.Or(r.Type, TypeOther),
		Error:         harError(r),
		Initiator:     harInitiatorOf(r),
		Frame:         r.Frame,
		TopFrame:      r.TopFrame,
		InitiatorType: r.Initiator,
		Comment:       harComment(r),
	}
}

// harComment is an entry's comment: how a WebSocket closed, its close
// code and what the code means ("the WebSocket closed with code 1000
// (normal closure)"; WebSocketClose, as the host's Network panel says it).
func harComment(r *Request) string {
	if r.Type != TypeWebSocket || r.CloseCode == 0 {
		return ""
	}
	return "the WebSocket " + WebSocketClose(r.CloseCode)
}

// harHeadersSize is the size of a response's headers on the wire when the
// frame's Resource Timing entry says it (what went on the wire less the
// body as sent), else -1 (unknown).
func harHeadersSize(r *Request) int64 {
	if r.WireBytes > 0 && r.EncodedBytes >= 0 && r.WireBytes > r.EncodedBytes {
		return r.WireBytes - r.EncodedBytes
	}
	return -1
}

// harInitiatorOf is Chrome's _initiator of a request: "other" for a
// top-level document; for a request whose frame is known, "script" when a
// script made it (fetch, XHR, beacon, WebSocket, EventSource) and "parser" for an element's or a
// stylesheet's load (WebKit does not say whether a script made the
// element), with the frame's URL; nil when it is not known.
func harInitiatorOf(r *Request) *harInitiator {
	switch {
	case r.Main:
		return &harInitiator{Type: "other"}
	case r.Frame == "":
		return nil
	}
	switch r.Initiator {
	case "fetch", "xmlhttprequest", "beacon", "websocket", "eventsource":
		return &harInitiator{Type: "script", URL: r.Frame}
	}
	return &harInitiator{Type: "parser", URL: r.Frame}
}

// harError is the _error of a request: why it failed, or that it never got
// a response; empty for a request that got one and completed.
func harError(r *Request) string {
	switch {
	case r.Failure() != "":
		return r.Failure()
	case r.Pending && r.Type == TypeWebSocket && r.Status == 101:
		return "pending: the WebSocket was still open when the window closed"
	case r.Pending && r.Status <= 0:
		return "pending: the window closed before a response arrived"
	case r.Pending:
		return "pending: the window closed before the response ended"
	case r.Status <= 0:
		return "no response"
	}
	return ""
}

// harTimingsOf splits a request's time into HAR's phases. Only three
// instants are known (start, response, end), so send is 0, wait runs from
// the start to the response (or to the end, when there was no response),
// receive from the response to the end, and the phases WebKit does not
// report are -1. A pending request counts up to the last instant known.
func harTimingsOf(r *Request) harTimings {
	t := harTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1}
	start := finiteMs(r.StartMs)
	resp := finiteMs(r.ResponseMs)
	end := finiteMs(r.EndMs)
	switch {
	case resp > 0:
		t.Wait = nonNegative(resp - start)
		if end > 0 {
			t.Receive = nonNegative(end - max(resp, start))
		}
	case end > 0:
		t.Wait = nonNegative(end - start)
	}
	return t
}

// total is the entry's time: the sum of the timings that are known.
func (t harTimings) total() float64 {
	var sum float64
	for _, v := range []float64{t.Blocked, t.DNS, t.Connect, t.Send, t.Wait, t.Receive} {
		if v > 0 {
			sum += v
		}
	}
	// ssl is part of connect (HAR 1.2), so it is not added again.
	return roundMs(sum)
}

// harHeaders is the HAR form of headers; never nil, as the spec requires a
// list.
func harHeaders(hs []Header) []harNV {
	out := make([]harNV, 0, len(hs))
	for _, h := range hs {
		out = append(out, harNV{Name: h.Name, Value: h.Value, Comment: h.Note})
	}
	return out
}

// harQuery is the query string of rawURL as HAR name/value pairs, in the
// URL's order, each decoded (kept as written when it does not decode). A
// URL that does not parse has no query string.
func harQuery(rawURL string) []harNV {
	out := []harNV{}
	u, err := url.Parse(rawURL)
	if err != nil || u.RawQuery == "" {
		return out
	}
	for part := range strings.SplitSeq(u.RawQuery, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		out = append(out, harNV{Name: unescapeQuery(name), Value: unescapeQuery(value)})
	}
	return out
}

// unescapeQuery decodes one query component, or returns it unchanged when
// it is not valid percent-encoding.
func unescapeQuery(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// harTime is started plus ms as a HAR date (UTC, with milliseconds).
func harTime(started time.Time, ms float64) string {
	t := started.Add(time.Duration(math.Round(clampMs(ms) * float64(time.Millisecond))))
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		t = started
	}
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(harTimeLayout)
}

// harOptionalMs is a page timing: ms rounded, or -1 when it is unknown
// (negative or not a number).
func harOptionalMs(ms float64) float64 {
	if math.IsNaN(ms) || math.IsInf(ms, 0) || ms < 0 {
		return -1
	}
	return roundMs(min(ms, maxHARMs))
}

// finiteMs is a clock value that JSON can carry and time can add: NaN is 0
// and infinities are clamped.
func finiteMs(ms float64) float64 {
	if math.IsNaN(ms) {
		return 0
	}
	return clampMs(ms)
}

// clampMs bounds ms to ±maxHARMs (NaN becomes 0).
func clampMs(ms float64) float64 {
	if math.IsNaN(ms) {
		return 0
	}
	return max(-maxHARMs, min(ms, maxHARMs))
}

// nonNegative is ms rounded, or 0 when it is negative.
func nonNegative(ms float64) float64 {
	return roundMs(max(ms, 0))
}

// roundMs rounds to microseconds, so that the file says 12.345 and not
// 12.345000000001.
func roundMs(ms float64) float64 {
	return math.Round(ms*1000) / 1000
}

// Summarize counts the requests and console messages of one session. It
// fills every field of Summary but DroppedConsole and DroppedRequests,
// which only the recorder knows. A request failed when Request.Failure
// says so (a WebSocket the server closed with an error code too); a
// cancelled one is neither failed nor an HTTP error; a pending one counts
// only as a request (and its bytes).
func Summarize(reqs []Request, console []ConsoleMessage) Summary {
	s := Summary{Requests: len(reqs), ByType: map[string]int{}}
	for i := range reqs {
		r := &reqs[i]
		s.ByType[cmp.Or(r.Type, TypeOther)]++
		if r.Bytes > 0 {
			s.Bytes += r.Bytes
		}
		switch {
		case r.Status >= 400 && r.Status <= 599:
			// Also when WebKit then cancelled it: a stylesheet whose 404
			// page came as text/html is refused after its answer.
			s.HTTPErrors++
		case r.Cancelled:
		case r.Failure() != "" || r.TLS:
			s.Failed++
		}
	}
	for i := range console {
		c := &console[i]
		switch {
		case c.Kind == ConsoleError || c.Kind == ConsoleRejection:
			s.PageErrors++
		case c.Level == "error":
			s.ConsoleErrors++
		case c.Level == "warn" || c.Level == "warning":
			s.ConsoleWarnings++
		}
	}
	return s
}

// SameDocumentURL says whether two URLs name the same document: they are
// compared without their fragments, which the network never sees and a
// timing entry or a navigation may keep.
func SameDocumentURL(a, b string) bool {
	a, _, _ = strings.Cut(a, "#")
	b, _, _ = strings.Cut(b, "#")
	return a == b
}

// SchemelessAddress recognises a web address written without its scheme,
// such as "localhost:8443/done.html", which a browser reads as a URL of
// the scheme "localhost" (another app's) rather than as a host and port:
// a "scheme" that is localhost or a dotted name of letters, digits and
// hyphens, followed by a port number (so tel:911 and sms:12345 are not). It returns the address with "https://" in front and the part a
// relative URL would name (the path, query and fragment, or "/").
func SchemelessAddress(uri string) (withScheme, relative string, ok bool) {
	scheme, rest, found := strings.Cut(uri, ":")
	if !found || strings.HasPrefix(rest, "//") || !hostLike(scheme) {
		return "", "", false
	}
	port := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
	if port == 0 || port > 5 || (port < len(rest) && !strings.ContainsRune("/?#", rune(rest[port]))) {
		return "", "", false
	}
	relative = rest[port:]
	if !strings.HasPrefix(relative, "/") {
		relative = "/" + relative
	}
	return "https://" + uri, relative, true
}

// hostLike says whether a URL's scheme looks like a host name instead:
// localhost, or a dotted name of letters, digits and hyphens.
func hostLike(scheme string) bool {
	if !strings.EqualFold(scheme, "localhost") && !strings.Contains(scheme, ".") {
		return false
	}
	return strings.Trim(strings.ToLower(scheme), "abcdefghijklmnopqrstuvwxyz0123456789.-") == ""
}
