package main

import (
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/assets"
	"mpsim/bridge"
)

// inspectPage does everything issue 10 asks mpsim to see: console calls of
// every level, an uncaught error, an unhandled rejection, a 404 from its
// plans API and its stylesheet, an image from a host whose certificate is
// not trusted, a scripted pop-up and a custom-scheme navigation, and two
// mistyped Mobile Plans names; then it hands back correctly.
const inspectPage = `<!doctype html><html><head><link rel="stylesheet" href="/style.css"></head>
<body style="background:#0a5"><h1>inspect me</h1><img src="OTHER/logo.png" alt="">
<script>
console.log("hello", {a: 1});
console.info("info msg");
console.warn("warn msg");
console.error("error msg");
console.debug("debug msg");
setTimeout(function () { undefinedFunction(); }, 10);
setTimeout(function () { DataMart.notifyPurchaseResults("{}"); }, 20);
setTimeout(function () { MobilePlan.notifyCancelledPurchase(); }, 30);
Promise.reject(new Error("nobody catches me"));
fetch("/api/plans").then(function (r) { console.log("plans status " + r.status); });
setTimeout(function () { window.open("https://127.0.0.1:9/popup"); }, 50);
setTimeout(function () { location.href = "ms-windows-store://pdp/?productid=9WZDNCRFJ3TJ"; }, 100);
setTimeout(function () {
  var q = new URLSearchParams(location.search);
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: q.get("iccid"), transactionId: q.get("transactionId"),
    purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "Complete", planName: "Test plan"})}));
}, 1500);
</script></body></html>`

func TestE2EInspection(t *testing.T) {
	needE2E(t)
	other := startTestPortal(t, map[string]string{"/logo.png": "x"}) // its certificate is not pinned
	page := strings.ReplaceAll(inspectPage, "OTHER/", other.base)
	p := startTestPortal(t, map[string]string{"/": page})
	dir := t.TempDir()
	harPath := filepath.Join(dir, "session.har")
	shots := filepath.Join(dir, "shots")
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath,
		"--sim", "psim", "--timeout", "60s", "--har", harPath, "--screenshots", shots)
	if rep.Ended != "handBack" {
		t.Fatalf("exit %d ended %q, want handBack; findings %+v\nstderr:\n%s", code, rep.Ended, rep.Findings, stderr)
	}

	t.Run("console", func(t *testing.T) {
		levels := map[string]bool{}
		kinds := map[string]string{}
		for _, c := range rep.Console {
			levels[c.Level] = true
			kinds[c.Kind] += c.Text + "|"
		}
		for _, l := range []string{"log", "info", "warn", "error", "debug"} {
			if !levels[l] {
				t.Errorf("no console.%s in %+v", l, rep.Console)
			}
		}
		if !strings.Contains(kinds[inspect.ConsoleError], "undefinedFunction") {
			t.Errorf("uncaught error not recorded: %q", kinds[inspect.ConsoleError])
		}
		if !strings.Contains(kinds[inspect.ConsoleRejection], "nobody catches me") {
			t.Errorf("unhandled rejection not recorded: %q", kinds[inspect.ConsoleRejection])
		}
		if !strings.Contains(kinds[inspect.ConsoleCall], `hello {"a":1}`) {
			t.Errorf("console.log arguments not formatted: %q", kinds[inspect.ConsoleCall])
		}
		for _, c := range rep.Console {
			if c.Text == "warn msg" && (!strings.HasPrefix(c.Source, p.base) || c.Line == 0) {
				t.Errorf("console.warn source = %q:%d, want the page's URL and line", c.Source, c.Line)
			}
		}
	})

	t.Run("network", func(t *testing.T) {
		byPath := map[string]inspect.Request{}
		for _, q := range rep.Network {
			byPath[strings.TrimPrefix(strings.TrimPrefix(q.URL, p.base), other.base)] = q
		}
		if q := byPath["api/plans"]; q.Status != 404 || q.Method != "GET" {
			t.Errorf("plans API request = %+v, want GET 404", q)
		}
		if q := byPath["logo.png"]; q.Failed == "" || !q.TLS {
			t.Errorf("untrusted image request = %+v, want a TLS failure", q)
		}
		main := false
		for _, q := range rep.Network {
			if q.Main && q.Status == 200 && strings.HasPrefix(q.URL, p.base) && q.Bytes > 0 {
				main = true
			}
		}
		if !main {
			t.Errorf("no main document with status 200 and its size in %+v", rep.Network)
		}
		if rep.NetworkSummary == nil || rep.NetworkSummary.HTTPErrors < 1 || rep.NetworkSummary.Failed < 1 {
			t.Errorf("network summary = %+v, want an HTTP error (the plans API) and a failure (the image)", rep.NetworkSummary)
		}
	})

	t.Run("har", func(t *testing.T) {
		b, err := os.ReadFile(harPath)
		if err != nil {
			t.Fatal(err)
		}
		var har struct {
			Log struct {
				Version string `json:"version"`
				Entries []struct {
					Request struct {
						URL string `json:"url"`
					} `json:"request"`
					Response struct {
						Status  int `json:"status"`
						Content struct {
							Size int64 `json:"size"`
						} `json:"content"`
					} `json:"response"`
				} `json:"entries"`
			} `json:"log"`
		}
		if err := json.Unmarshal(b, &har); err != nil {
			t.Fatalf("HAR is not JSON: %v", err)
		}
		if har.Log.Version != "1.2" {
			t.Errorf("HAR version %q, want 1.2", har.Log.Version)
		}
		type answer struct {
			status int
			size   int64
		}
		inHAR := map[string]answer{}
		for _, e := range har.Log.Entries {
			inHAR[e.Request.URL] = answer{e.Response.Status, e.Response.Content.Size}
		}
		// What the test server answered: the page, or Go's 404 ("404 page
		// not found\n") for everything else.
		for _, r := range p.requests() {
			u := strings.TrimSuffix(p.base, "/") + r.URL.RequestURI()
			got, ok := inHAR[u]
			if !ok {
				t.Errorf("the server saw %s, the HAR does not list it (%d entries)", u, len(har.Log.Entries))
				continue
			}
			want := answer{404, int64(len("404 page not found\n"))}
			if r.URL.Path == "/" {
				want = answer{200, int64(len(page))}
			}
			if got != want {
				t.Errorf("HAR entry %s: status %d, %d bytes; the server sent %d, %d bytes", u, got.status, got.size, want.status, want.size)
			}
		}
		if rep.HAR != harPath {
			t.Errorf("report har = %q, want %q", rep.HAR, harPath)
		}
	})

	t.Run("navigations", func(t *testing.T) {
		var popup, scheme bool
		for _, n := range rep.Navigations {
			popup = popup || n.Kind == inspect.NavPopup && n.Blocked && strings.Contains(n.URL, "/popup")
			scheme = scheme || n.Kind == inspect.NavScheme && n.Blocked && strings.HasPrefix(n.URL, "ms-windows-store:")
		}
		if !popup || !scheme {
			t.Errorf("popup %v, scheme %v in %+v", popup, scheme, rep.Navigations)
		}
	})

	t.Run("findings", func(t *testing.T) {
		codes := map[string]bool{}
		for _, f := range rep.Findings {
			codes[f.Code] = true
		}
		for _, c := range []string{bridge.CodePageError, bridge.CodePageRejection, bridge.CodeConsoleError, bridge.CodeRequestHTTPError,
			bridge.CodeRequestFailed, bridge.CodePopupBlocked, bridge.CodeCustomScheme} {
			if !codes[c] {
				t.Errorf("no %s finding in %+v", c, rep.Findings)
			}
		}
		if rep.Verdict != bridge.VerdictPass {
			t.Errorf("verdict %q: the portal's own problems are warnings, its hand-back is right", rep.Verdict)
		}
		// WebKit's own wording of the two mistyped names is what
		// bridge.MistypedName reads.
		var mistyped []string
		for _, f := range rep.Findings {
			switch {
			case f.Code == bridge.CodeAPIMistyped:
				mistyped = append(mistyped, f.Message)
			case f.Code == bridge.CodePageError && !strings.Contains(f.Message, "undefinedFunction"):
				t.Errorf("page-error about a mistyped name: %s", f.Message)
			}
		}
		if len(mistyped) != 2 || !strings.Contains(mistyped[0]+mistyped[1], "did you mean DataMart.notifyPurchaseResult?") ||
			!strings.Contains(mistyped[0]+mistyped[1], "did you mean MobilePlans?") {
			t.Errorf("api-mistyped findings %q, want DataMart.notifyPurchaseResult and MobilePlans meant", mistyped)
		}
	})

	t.Run("probes", func(t *testing.T) {
		if _, err := fs.Stat(assets.FS(), "inspect/axe/axe.min.js"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("axe-core is not in this build; scripts/install-deps.sh fetches it")
			}
			t.Skip("axe-core is not in this build: run make deps (scripts/fetch-axe.sh)")
		}
		labels := map[string]bool{}
		for _, pr := range rep.Probes {
			labels[pr.Label] = true
			if pr.Error != "" {
				t.Errorf("probe %s: %s", pr.Label, pr.Error)
			}
			// The page's one image fails to load (its host's certificate
			// is not pinned) and has an empty alt: nothing a user sees,
			// which the probe does not count.
			if pr.ViewportWidth != 800 || pr.Images != 0 {
				t.Errorf("probe %s: viewport %d, images %d; want 800 and 0", pr.Label, pr.ViewportWidth, pr.Images)
			}
			var ids []string
			if pr.Accessibility != nil {
				for _, v := range pr.Accessibility.Violations {
					ids = append(ids, v.ID)
				}
			}
			if !slices.Contains(ids, "html-has-lang") {
				t.Errorf("probe %s: axe-core violations %v, want html-has-lang (the page has no lang)", pr.Label, ids)
			}
		}
		for _, l := range []string{"first-paint", "handback"} {
			if !labels[l] {
				t.Errorf("no %s probe in %+v", l, rep.Probes)
			}
		}
	})

	t.Run("screenshots", func(t *testing.T) {
		labels := map[string]bool{}
		for _, s := range rep.Screenshots {
			labels[s.Label] = true
			f, err := os.Open(s.Path)
			if err != nil {
				t.Fatalf("screenshot %s: %v", s.Label, err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatalf("screenshot %s is no PNG: %v", s.Label, err)
			}
			if s.Width < 700 || s.Height < 500 || !hasGreen(img) {
				t.Errorf("screenshot %s (%dx%d) does not show the page's green background", s.Label, s.Width, s.Height)
			}
		}
		for _, l := range []string{"first-paint", "handback"} {
			if !labels[l] {
				t.Errorf("no %s screenshot in %+v", l, rep.Screenshots)
			}
		}
	})
}

// hasGreen reports whether the image's centre row has the page's #00aa55.
func hasGreen(img image.Image) bool {
	b := img.Bounds()
	y := b.Min.Y + b.Dy()*3/4
	for x := b.Min.X; x < b.Max.X; x += 7 {
		r, g, bl, _ := img.At(x, y).RGBA()
		if r>>8 < 16 && g>>8 > 150 && g>>8 < 190 && bl>>8 > 70 && bl>>8 < 100 {
			return true
		}
	}
	return false
}

// With --walled-garden a script from an outside CDN is blocked, as on a
// device with no plan: the CDN never sees the request, the page goes on
// without it (and hands back a failure), and the report says which host was
// blocked. Without the switch the same page loads the script.
func TestE2EWalledGardenBlocksOutsideCDN(t *testing.T) {
	needE2E(t)
	cdn := startTestPortalOn(t, "127.0.0.2", map[string]string{"/lib.js": "window.cdnLoaded = true;"})
	page := `<!doctype html><html lang="en"><head><script src="CDN/lib.js"></script></head><body><p>garden</p><script>
var q = new URLSearchParams(location.search), ok = !!window.cdnLoaded;
DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: ok, iccid: ok ? q.get("iccid") : "", transactionId: q.get("transactionId"),
  purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing",
    moDirectStatus: ok ? "Complete" : "ServiceError", planName: ok ? "Garden plan" : ""})}));
</script></body></html>`
	p := startTestPortalWithCert(t, "127.0.0.1", cdn, map[string]string{"/": strings.ReplaceAll(page, "CDN/", cdn.base)})
	for _, c := range []struct {
		name    string
		garden  bool
		success bool
	}{{"open", false, true}, {"walled", true, false}} {
		t.Run(c.name, func(t *testing.T) {
			before := len(cdn.requests())
			args := []string{"run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s", "--screenshots", "-"}
			if c.garden {
				args = append(args, "--walled-garden")
			}
			_, rep, stderr := runMpsim(t, args...)
			if rep.Result == nil || rep.Result.Success != c.success {
				t.Fatalf("result %+v, want success %v\nstderr:\n%s", rep.Result, c.success, stderr)
			}
			reached := len(cdn.requests()) > before
			var blocked bool
			for _, q := range rep.Network {
				blocked = blocked || q.Blocked && strings.HasPrefix(q.URL, cdn.base)
			}
			var finding bool
			for _, f := range rep.Findings {
				finding = finding || f.Code == bridge.CodeWalledGardenBlock && strings.Contains(f.Message, "127.0.0.2")
			}
			if reached == c.garden || blocked != c.garden || finding != c.garden {
				t.Errorf("CDN reached %v, request blocked %v, finding %v; want %v, %v, %v", reached, blocked, finding, !c.garden, c.garden, c.garden)
			}
		})
	}
}

// A page that logs 10,000 console messages and makes 300 requests still
// hands back and is judged; the recording is capped and says how much it
// did not keep.
func TestE2EInspectionFloodIsCapped(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html lang="en"><body><p>flood</p><script>
for (var i = 0; i < 10000; i++) console.log("message " + i);
var n = 0;
for (var j = 0; j < 300; j++) fetch("/missing/" + j).then(function () {}, function () {}).then(function () { n++; });
setTimeout(function () {
  var q = new URLSearchParams(location.search);
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: q.get("iccid"), transactionId: q.get("transactionId"),
    purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "Complete", planName: "Flood plan"})}));
}, 2500);
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "90s", "--screenshots", "-")
	if rep.Ended != "handBack" || rep.Result == nil || !rep.Result.Success {
		t.Fatalf("ended %q, result %+v; want the hand-back\nstderr:\n%s", rep.Ended, rep.Result, stderr)
	}
	if len(rep.Console) == 0 || len(rep.Console) > 2000 {
		t.Errorf("%d console records kept, want 1..2000", len(rep.Console))
	}
	var capped bool
	for _, f := range rep.Findings {
		capped = capped || f.Code == "inspection-capped"
	}
	if !capped || rep.NetworkSummary == nil || rep.NetworkSummary.DroppedConsole < 8000 {
		t.Errorf("inspection-capped %v, summary %+v: want the ~8,000 console messages not kept counted", capped, rep.NetworkSummary)
	}
	if rep.NetworkSummary.Requests < 100 {
		t.Errorf("%d requests recorded, want the page's fetches", rep.NetworkSummary.Requests)
	}
}

// A payment detour: the portal's top frame goes to another site, which
// sends it back to the portal, which hands back. Both navigations are in
// the report with where they came from, the detour is an
// offsite-navigation finding, and each later page has its screenshot
// (issue 10: navigations and screenshots after each one).
func TestE2EOffsiteNavigationAndScreenshots(t *testing.T) {
	needE2E(t)
	payURL := startPaymentSite(t) + "/pay"

	start := `<!doctype html><html><body style="background:#05a"><h1>choose</h1><script>
setTimeout(function () {
  location.href = "PAY?back=" + encodeURIComponent(location.origin + "/done" + location.search);
}, 300);
</script></body></html>`
	done := `<!doctype html><html><body style="background:#0a5"><h1>done</h1><script>` + handBackJS + `</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": strings.ReplaceAll(start, "PAY", payURL), "/done": done})
	shots := filepath.Join(t.TempDir(), "shots")
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "60s", "--screenshots", shots)
	if rep.Ended != "handBack" {
		t.Fatalf("ended %q, want handBack; findings %+v\nstderr:\n%s", rep.Ended, rep.Findings, tail(stderr))
	}
	var toPay, back bool
	for _, n := range rep.Navigations {
		toPay = toPay || n.Kind == inspect.NavTopFrame && strings.HasPrefix(n.URL, payURL) && strings.HasPrefix(n.From, p.base)
		back = back || n.Kind == inspect.NavTopFrame && strings.HasPrefix(n.URL, p.base+"done") && strings.HasPrefix(n.From, payURL)
	}
	for _, n := range rep.Navigations {
		t.Logf("%s %.60s from %.60s (cause %q)", n.Kind, n.URL, n.From, n.Cause)
	}
	if !toPay || !back {
		t.Errorf("top-frame navigations to the payment site %v and back %v, in %+v", toPay, back, rep.Navigations)
	}
	if got := strings.Join(findingsOf(rep, bridge.CodeOffsiteNavigation), "\n"); !strings.Contains(got, "127.0.0.2") {
		t.Errorf("no offsite-navigation finding naming 127.0.0.2: %q", got)
	}
	// Each later page has its picture: the payment page a "loaded" one, the
	// return page, which hands back as it is parsed, its "handback" one (no
	// "loaded" one after the hand-back's: the app has left the portal).
	var payShot, doneShot bool
	for _, s := range rep.Screenshots {
		payShot = payShot || s.Label == "loaded" && strings.HasPrefix(s.URL, payURL)
		doneShot = doneShot || s.Label == "handback" && strings.HasPrefix(s.URL, p.base+"done")
		if fi, err := os.Stat(s.Path); err != nil || fi.Size() == 0 {
			t.Errorf("screenshot %s (%s): %v", s.Label, s.Path, err)
		}
	}
	if !payShot || !doneShot {
		t.Errorf("a loaded screenshot of the payment page %v, a handback one of the return page %v: %+v", payShot, doneShot, rep.Screenshots)
	}
}

// A page that puts toJSON on Object.prototype and Array.prototype (as
// Prototype.js does on arrays) before anything else: JSON.stringify of the
// inspection's messages handed it each message with its token. It keeps
// the token if it gets one and forges a nine-second stall and an uncaught
// error with it; the recording must hold neither, attribute its image
// request to its document, and count no message as refused.
const toJSONPage = `<!doctype html><html><head><script>
var stolen = "";
Object.prototype.toJSON = function () { if (this.t && this.k) { stolen = this.t; } return this; };
Array.prototype.toJSON = function () { return "an array"; };
console.log("hello");
</script></head><body><h1>prototypes</h1><img src="/logo.png" alt="logo">
<script>
setTimeout(function () {
  var h = window.webkit && webkit.messageHandlers && webkit.messageHandlers.mpsimInspect;
  if (stolen && h) {
    h.postMessage('{"t":"' + stolen + '","k":"stall","n":9000,"top":true}');
    h.postMessage('{"t":"' + stolen + '","k":"error","x":"FORGED by the page","s":"https://attacker.example/x.js","n":1,"c":1,"top":true}');
  }
  console.log(stolen ? "token stolen" : "no token");
  var q = new URLSearchParams(location.search);
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: true, iccid: q.get("iccid"), transactionId: q.get("transactionId"),
    purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "Complete", planName: "Test plan"})}));
}, 800);
</script></body></html>`

func TestE2EInspectionTokenStaysSecret(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": toJSONPage, "/logo.png": "x"})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "40s")
	if rep.Ended != "handBack" {
		t.Fatalf("exit %d ended %q, want handBack; findings %+v\nstderr:\n%s", code, rep.Ended, rep.Findings, stderr)
	}
	texts := ""
	for _, c := range rep.Console {
		texts += c.Text + "|"
	}
	if strings.Contains(texts, "token stolen") || strings.Contains(texts, "FORGED") || !strings.Contains(texts, "no token") {
		t.Errorf("the page got the inspection token: console %q", texts)
	}
	for _, pr := range rep.Probes {
		for _, s := range pr.Stalls {
			if s.DurationMs >= 9000 {
				t.Errorf("a forged stall of %v ms is in probe %q", s.DurationMs, pr.Label)
			}
		}
	}
	logo := false
	for _, q := range rep.Network {
		if strings.HasSuffix(q.URL, "/logo.png") {
			logo = q.Frame != "" && q.Initiator != ""
		}
	}
	if !logo {
		t.Errorf("the image request lost its frame or initiator: %+v", rep.Network)
	}
	for _, f := range rep.Findings {
		if f.Code == "bridge-message-dropped" || f.Code == "page-error" {
			t.Errorf("finding %s: %s", f.Code, f.Message)
		}
	}
}

// redeclaringPage declares the app's DataMart with const at the top level of
// a script, the way a portal keeps a stub for a desktop browser: WebKit
// refuses that script and says only "Script error.". A later script hands
// back through var, which the app's objects allow.
const redeclaringPage = `<!doctype html><html><head><title>Stub</title></head><body><h1>Portal</h1>
<script>const DataMart = window.DataMart || { notifyPurchaseResult: function () {} };</script>
<script>
setTimeout(function () {
  window.DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: false,
    purchaseResult: JSON.stringify({userAccount: "None", purchaseInstrument: "None", line: "None", moDirectStatus: "UserCanceled"})}));
}, 300);
</script></body></html>`

// TestE2EGlobalRedeclaredNamesTheCause: real WebKit reports the refused
// script as a bare "Script error."; the report names the declaration
// (global-redeclared) in place of an unexplained page-error.
func TestE2EGlobalRedeclaredNamesTheCause(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": redeclaringPage})
	checkRedeclared(t, "`const DataMart`", "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "40s")
}

// checkRedeclared runs mpsim with args on a page that redeclares a Mobile
// Plans global, and checks the session handed back and global-redeclared
// names want, with no unexplained page-error beside it.
func checkRedeclared(t *testing.T, want string, args ...string) {
	t.Helper()
	code, rep, stderr := runMpsim(t, args...)
	if rep.Ended != "handBack" {
		t.Fatalf("exit %d ended %q, want handBack; findings %+v\nstderr:\n%s", code, rep.Ended, rep.Findings, stderr)
	}
	named := false
	for _, f := range rep.Findings {
		switch f.Code {
		case "global-redeclared":
			named = strings.Contains(f.Message, want)
		case "page-error":
			t.Errorf("an unexplained page-error beside global-redeclared: %s", f.Message)
		}
	}
	if !named {
		t.Errorf("no global-redeclared naming %s in %+v", want, rep.Findings)
	}
}

// functionStubPage declares the app's DataMart as a top-level function
// (DECL is replaced by the declaration), the development stub a portal
// leaves in production: WebKit refuses the script and says only "Script
// error.", as for const. A later script hands back.
const functionStubPage = `<!doctype html><html><head><title>Stub</title></head><body><h1>Portal</h1>
<script>
// a development stub left in production
DECL
DataMart.notifyPurchaseResult = function (s) { console.log("stub " + s); };
</script>
<script>
setTimeout(function () {
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: false,
    purchaseResult: JSON.stringify({userAccount: "None", purchaseInstrument: "None", line: "None", moDirectStatus: "UserCanceled"})}));
}, 300);
</script></body></html>`

// TestE2EGlobalRedeclaredNamesAFunction: a top-level function declaration
// of one of the app's objects (plain, async or generator) makes real
// WebKit refuse the script with a bare "Script error." as const does; the
// report names the declaration (global-redeclared) in place of an
// unexplained page-error. Until 2026-12-05 only let, const and class were
// looked for.
func TestE2EGlobalRedeclaredNamesAFunction(t *testing.T) {
	needE2E(t)
	tests := []struct{ path, decl, want string }{
		{"/plain", "function DataMart() {}", "`function DataMart`"},
		{"/async-generator", "async function* DataMart() {}", "`async function* DataMart`"},
	}
	pages := map[string]string{}
	for _, tc := range tests {
		pages[tc.path] = strings.Replace(functionStubPage, "DECL", tc.decl, 1)
	}
	p := startTestPortal(t, pages)
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			checkRedeclared(t, tc.want, "run", "--headless", "--portal", p.base+strings.TrimPrefix(tc.path, "/"), "--trust-cert", p.certPath, "--timeout", "40s", "--no-axe")
		})
	}
}

// textOnlyPage names its support and privacy policy in text only, not in a
// link or a button.
const textOnlyPage = `<!doctype html><html lang="en"><head><title>Plans</title></head><body><main><h1>Plans</h1>
<p>Support: call 555 0100, day and night.</p>
<p>Our privacy policy is printed on your contract.</p>
<script>setTimeout(function () {
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: false,
    purchaseResult: JSON.stringify({userAccount: "None", purchaseInstrument: "None", line: "None", moDirectStatus: "Cancelled", planName: ""})}));
}, 300);</script></main></body></html>`

// TestE2EPoliciesReadTheText: support and privacy named in the page's text
// are found (the message says "link or text"; until 2026-12-05 only links
// and buttons counted).
func TestE2EPoliciesReadTheText(t *testing.T) {
	needE2E(t)
	p := startTestPortal(t, map[string]string{"/": textOnlyPage})
	code, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--timeout", "40s", "--no-axe")
	if rep.Ended != "handBack" {
		t.Fatalf("exit %d ended %q; findings %+v\nstderr:\n%s", code, rep.Ended, rep.Findings, stderr)
	}
	for _, pol := range rep.Policies {
		if pol.ID == "business-support" || pol.ID == "business-privacy" {
			if pol.Status != "pass" || !strings.Contains(strings.Join(pol.Evidence, " "), `text "`) {
				t.Errorf("policy %s is %s with evidence %q, want pass from the page's text", pol.ID, pol.Status, pol.Evidence)
			}
		}
	}
}

// startPaymentSite serves a payment provider's site on 127.0.0.2 (another
// site than the portal's 127.0.0.1) whose every page sends the browser back
// to its back parameter 300 ms after it loads, and returns its origin
// (http://127.0.0.2:PORT); it skips the test on a machine without that
// address.
func startPaymentSite(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this machine: %v", err)
	}
	pay := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><body style="background:#c30"><h1>pay here</h1><script>
setTimeout(function () { location.href = new URLSearchParams(location.search).get("back"); }, 300);
</script></body></html>`)
	})}
	go func() { _ = pay.Serve(ln) }()
	t.Cleanup(func() { _ = pay.Close() })
	return "http://" + ln.Addr().String()
}

// With --walled-garden a fetch() and an XHR to an outside host are refused
// before they start, like an element's load, and are recorded so: a
// blocked request of type fetch each and the walled-garden finding. They
// left no trace before (QA: a single-page app's API calls, all fetches,
// never said whether the API host was allowed). Without the switch
// neither is recorded as blocked.
func TestE2EWalledGardenBlocksFetchAndXHR(t *testing.T) {
	needE2E(t)
	api := startTestPortalOn(t, "127.0.0.2", map[string]string{"/plans.json": `{"plans": []}`, "/xhr.json": `{}`})
	page := `<!doctype html><html lang="en"><body><p>garden api</p><script>
var q = new URLSearchParams(location.search);
var xhrDone = new Promise(function (ok) { var x = new XMLHttpRequest(); x.open("GET", "API/xhr.json"); x.onloadend = ok; x.send(); });
Promise.all([fetch("API/plans.json").then(function () {}, function () {}), xhrDone]).then(function () {
  setTimeout(function () {
    DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: false, iccid: "", transactionId: q.get("transactionId"),
      purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "ServiceError", planName: ""})}));
  }, 300);
});
</script></body></html>`
	p := startTestPortalWithCert(t, "127.0.0.1", api, map[string]string{"/": strings.ReplaceAll(page, "API/", api.base)})
	for _, garden := range []bool{false, true} {
		t.Run(fmt.Sprintf("walled garden %v", garden), func(t *testing.T) {
			args := []string{"run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s"}
			if garden {
				args = append(args, "--walled-garden")
			}
			_, rep, stderr := runMpsim(t, args...)
			if rep.Result == nil {
				t.Fatalf("no hand-back\nstderr:\n%s", stderr)
			}
			blocked := map[string]bool{}
			for _, q := range rep.Network {
				if q.Blocked && strings.HasPrefix(q.URL, api.base) {
					blocked[strings.TrimPrefix(q.URL, api.base)] = q.Type == inspect.TypeFetch
				}
			}
			var finding bool
			for _, f := range rep.Findings {
				finding = finding || f.Code == bridge.CodeWalledGardenBlock && strings.Contains(f.Message, "127.0.0.2")
			}
			want := map[string]bool{}
			if garden {
				want = map[string]bool{"plans.json": true, "xhr.json": true}
			}
			if !maps.Equal(blocked, want) || finding != garden {
				t.Errorf("blocked (path: of type fetch) %v, finding %v; want %v, %v\nnetwork: %+v", blocked, finding, want, garden, rep.Network)
			}
		})
	}
}

// A fetch the page leaves unhandled and that fails is the page's unhandled
// rejection, with or without the walled garden's watch of fetch(): the
// watch hangs a handler on the page's promise, which would count it as
// handled, so it is only there when the garden is on (then the blocked
// request says more).
func TestE2EUnhandledFetchRejectionStaysThePages(t *testing.T) {
	needE2E(t)
	page := `<!doctype html><html lang="en"><body><p>bare fetch</p><script>
fetch("https://127.0.0.1:1/beacon");
setTimeout(function () {
  var q = new URLSearchParams(location.search);
  DataMart.notifyPurchaseResult(JSON.stringify({ver: "1", success: false, iccid: "", transactionId: q.get("transactionId"),
    purchaseResult: JSON.stringify({userAccount: "Existing", purchaseInstrument: "Existing", line: "Existing", moDirectStatus: "UserCanceled", planName: ""})}));
}, 1000);
</script></body></html>`
	p := startTestPortal(t, map[string]string{"/": page})
	_, rep, stderr := runMpsim(t, "run", "--headless", "--portal", p.base, "--trust-cert", p.certPath, "--sim", "psim", "--timeout", "60s")
	var rejection bool
	for _, f := range rep.Findings {
		rejection = rejection || f.Code == bridge.CodePageRejection
	}
	if !rejection {
		t.Errorf("no %s finding for the page's unhandled fetch; findings %+v\nstderr:\n%s", bridge.CodePageRejection, rep.Findings, stderr)
	}
}
