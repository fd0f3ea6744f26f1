package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// throwingPortal is a portal whose Buy handler throws (a mistyped id), so
// the thank-you text a scenario waits for never comes.
const throwingPortal = `<!doctype html><html lang="en-US"><head><title>Plans</title></head><body>
<h1>Contoso plans</h1><button id="buy">Buy now</button><p id="msg"></p>
<script>
document.getElementById("buy").addEventListener("click", function () {
  var sel = document.getElementById("plan-select");
  document.getElementById("msg").textContent = "Thank you for " + sel.options[sel.selectedIndex].text;
});
</script></body></html>`

const throwingScenario = `
[[scenario]]
name = "buy-bug"
portal = %[1]q
trust_certs = [%[2]q]
sims = ["psim"]

[[scenario.steps]]
click_text = "Buy now"

[[scenario.steps]]
wait_text = "Thank you"
timeout = "2s"

[scenario.expect]
status = ["Complete"]
`

// TestE2EFailedStepNamesThePageError: in real WebKit, when a step fails
// because the page threw, the JUnit failure of mpsim test (the
// scenario-step-failed finding) names the exception, where the page
// threw it and the step it came in (the click, not the wait after it),
// not only the text that never appeared.
func TestE2EFailedStepNamesThePageError(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": throwingPortal})
	dir := t.TempDir()
	file := filepath.Join(dir, "steps.toml")
	if err := os.WriteFile(file, fmt.Appendf(nil, throwingScenario, p.base, p.certPath), 0o644); err != nil {
		t.Fatal(err)
	}
	junit := filepath.Join(dir, "junit.xml")
	_, stderr, code := mpsimTest(t, dir, file, "--parallel", "1", "--junit", junit)
	if code != 1 {
		t.Fatalf("mpsim test: exit code %d, want 1 (the cell not met)", code)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("JUnit: %v\n%s", err, data)
	}
	failure := ""
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failure += c.Failure.Message + "\n" + c.Failure.Text
			}
		}
	}
	t.Logf("JUnit failure:\n%s", failure)
	for _, want := range []string{`step 2 (wait_text "Thank you"`, "The page's last error came after step 1 (click_text \"Buy now\") began, ", "s after launch, at " + p.base + ":", "TypeError"} {
		if !strings.Contains(failure, want) {
			t.Errorf("JUnit failure lacks %q:\n%s", want, failure)
		}
	}
	if !strings.Contains(stderr, "TypeError") {
		t.Errorf("mpsim test's output does not name the TypeError:\n%s", stderr)
	}
}
