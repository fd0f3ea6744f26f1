package demoportal

import (
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestRequestHistoryIsBounded is issue 12 item 5: 400 requests with 900 KB
// headers used to stay in memory for good (the GUI grew from 243 MB to
// 864 MB); now the server keeps the last MaxKeptRequests, each with at most
// MaxKeptHeaderBytes of headers, and still counts them all.
func TestRequestHistoryIsBounded(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	const n, headerSize = 400, 900 << 10
	for i := range n {
		req := httptest.NewRequest("GET", "/favicon.ico?i="+strconv.Itoa(i), nil)
		req.Header.Set("X-Big", strings.Repeat(strconv.Itoa(i%10), headerSize)) // a new 900 KB string each time
		req.Header.Set("Accept-Language", strings.Repeat("en,", 100_000))
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	grown := int64(heap()) - int64(before)
	reqs := s.Requests()
	t.Logf("%d requests with %d KB headers: heap grew %d KB; %d kept, %d counted", n, headerSize>>10, grown>>10, len(reqs), s.RequestCount())
	if len(reqs) != MaxKeptRequests || s.RequestCount() != n {
		t.Errorf("kept %d, counted %d; want %d kept and %d counted", len(reqs), s.RequestCount(), MaxKeptRequests, n)
	}
	if last := reqs[len(reqs)-1]; last.RawQuery != "i=399" || !last.Truncated {
		t.Errorf("last record %q truncated=%v; want the newest, marked truncated", last.RawQuery, last.Truncated)
	}
	for _, r := range reqs {
		size := 0
		for k, vs := range r.Header {
			for _, v := range vs {
				size += len(k) + len(v)
			}
		}
		if size > MaxKeptHeaderBytes || len(r.AcceptLanguage) > MaxKeptFieldBytes {
			t.Fatalf("a record keeps %d header bytes, Accept-Language %d", size, len(r.AcceptLanguage))
		}
	}
	if limit := int64(MaxKeptRequests) * (MaxKeptHeaderBytes + 4*MaxKeptFieldBytes) * 2; grown > limit {
		t.Errorf("heap grew %d MB for the request history; want at most %d MB", grown>>20, limit>>20)
	}
}
