package demoportal

import (
	"compress/gzip"
	"net/http"
	"strings"
)

// gzipWriter compresses a response body (contract §4 "Usability":
// optimized load time and data).
type gzipWriter struct {
	http.ResponseWriter
	gz          *gzip.Writer
	wroteHeader bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		h := w.Header()
		h.Del("Content-Length")
		if code != http.StatusNoContent && code != http.StatusNotModified {
			h.Set("Content-Encoding", "gzip")
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.gz.Write(b)
}

// withGzip compresses the pages and static files for clients that accept
// gzip. The JSON back end is left alone so that slow or hanging answers
// (test switches) behave exactly as configured.
func withGzip(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if strings.HasPrefix(r.URL.Path, "/api/") || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		r.Header.Del("Range") // a byte range of the uncompressed file would be wrong here
		gz := gzip.NewWriter(w)
		gw := &gzipWriter{ResponseWriter: w, gz: gz}
		next.ServeHTTP(gw, r)
		if gw.wroteHeader && w.Header().Get("Content-Encoding") == "gzip" {
			_ = gz.Close()
		}
	})
}

func acceptsGzip(v string) bool {
	for _, part := range strings.Split(v, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
