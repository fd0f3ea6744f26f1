package main

import (
	"strings"
	"testing"

	"mpsim/bridge"
)

// TestE2EPageTextAfterManyBlankLines: a console.error, an uncaught error
// and an unhandled rejection whose text starts with 5,000 line breaks
// (\n, U+2028, white-space-only \r\n lines) are quoted in their findings
// with their words. Before, the inspection script cut each to its first
// 4,000 units, all line breaks, and the finding, which joins the lines,
// quoted only "…".
func TestE2EPageTextAfterManyBlankLines(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html><body><p>blank lines</p><script>
console.error("\n".repeat(5000) + "console: the real text");
Promise.reject(new Error("\u2028".repeat(5000) + "rejection: the real text"));
setTimeout(function () { ` + handBackJS + ` }, 500);
throw new Error("  \r\n".repeat(5000) + "thrown: the real text");
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s")
	for _, tc := range []struct{ code, want string }{
		{bridge.CodeConsoleError, "console: the real text"},
		{bridge.CodePageRejection, "rejection: the real text"},
		{bridge.CodePageError, "thrown: the real text"},
	} {
		got := findingsOf(rep, tc.code)
		if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tc.want) {
			t.Errorf("%s findings %q, want one quoting %q\nstderr:\n%s", tc.code, got, tc.want, tail(stderr))
		}
	}
}
