package bridge

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

var testTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestCheckOrigin(t *testing.T) {
	allowed := []string{"moportal.com", "https://Notify.Example.org/path", "127.0.0.1:4431", "[::1]"}
	const httpsLaunch = "https://moportal.com/?market=US"
	tests := []struct {
		url      string
		launch   string // "" means httpsLaunch
		allowed  []string
		accepted bool
		codes    []string
	}{
		{url: "https://moportal.com/?market=US", accepted: true},
		{url: "https://MOPORTAL.com./deep/path?x#y", accepted: true},
		{url: "https://notify.example.org/other", accepted: true},
		{url: "https://moportal.com:8443/", accepted: true, codes: []string{CodeOriginPort}},
		{url: "https://127.0.0.1:4431/?a=b", accepted: true, codes: []string{CodeOriginPort}},
		{url: "https://[::1]/", accepted: true},
		{url: "https://evil.example/", codes: []string{CodeOriginNotAllowed}},
		{url: "https://moportal.com.evil.example/", codes: []string{CodeOriginNotAllowed}},
		{url: "https://sub.moportal.com/", codes: []string{CodeOriginNotAllowed}},
		{url: "http://moportal.com/", codes: []string{CodeOriginInsecure}},
		// Loopback http: only the launch origin itself (scheme, host, port).
		{url: "http://127.0.0.1:8080/cb", launch: "http://127.0.0.1:8080/?x=1", accepted: true, codes: []string{CodeOriginLoopbackHTTP, CodeOriginPort}},
		{url: "http://localhost/", launch: "http://localhost:80/", allowed: []string{"localhost"}, accepted: true, codes: []string{CodeOriginLoopbackHTTP}},
		{url: "http://[::1]:9/", launch: "http://[::1]:9/", accepted: true, codes: []string{CodeOriginLoopbackHTTP, CodeOriginPort}},
		{url: "http://127.0.0.1:8080/", codes: []string{CodeOriginInsecure, CodeOriginPort}},                                   // https launch
		{url: "http://127.0.0.1:9090/", launch: "http://127.0.0.1:8080/", codes: []string{CodeOriginInsecure, CodeOriginPort}}, // another port
		{url: "http://localhost:8080/", launch: "http://127.0.0.1:8080/", codes: []string{CodeOriginInsecure, CodeOriginPort}}, // another host
		{url: "http://127.0.0.1:4431/", launch: "https://127.0.0.1:4431/", codes: []string{CodeOriginInsecure, CodeOriginPort}},
		// Notification hosts configured elsewhere: even the launch origin may
		// not hand back (AllowedScriptNotifyUris, contract §1.1).
		{url: "http://127.0.0.1:8080/", launch: "http://127.0.0.1:8080/", allowed: []string{"127.0.0.2"},
			codes: []string{CodeOriginNotAllowed, CodeOriginPort}},
		// Issue 12 item 4: --notify-host 127.0.0.2, the page on https://127.0.0.2 navigates to
		// http://127.0.0.1:<other port> and hands back: a detour, refused.
		{url: "http://127.0.0.1:38123/", launch: "https://127.0.0.2/?market=US", allowed: []string{"127.0.0.2"}, codes: []string{CodeOriginInsecure, CodeOriginPort}},
		{url: "https://127.0.0.2/", launch: "https://127.0.0.2/?market=US", allowed: []string{"127.0.0.2"}, accepted: true},
		// The portal's own host is not a notification host unless configured as
		// one (contract §1.1); with none configured it is the default.
		{url: "https://portal.example/cb", launch: "https://portal.example/", allowed: []string{"notify.example"}, codes: []string{CodeOriginNotAllowed}},
		{url: "https://portal.example/cb", launch: "https://portal.example/", allowed: []string{}, accepted: true},
		{url: "https://notify.example/", launch: "https://portal.example/", allowed: []string{"notify.example"}, accepted: true},
		{url: "https://other.example/", launch: "https://portal.example/", allowed: []string{"notify.example"}, codes: []string{CodeOriginNotAllowed}},
		{url: "http://127.0.0.2/", codes: []string{CodeOriginInsecure}},
		{url: "file:///tmp/portal.html", codes: []string{CodeOriginInvalid}},
		{url: "about:blank", codes: []string{CodeOriginInvalid}},
		{url: "", codes: []string{CodeOriginInvalid}},
		{url: "data:text/html,hi", codes: []string{CodeOriginInvalid}},
		{url: "ftp://moportal.com/", codes: []string{CodeOriginInsecure}},
		{url: "https://user:pw@moportal.com/", accepted: true},
		{url: "::not a url", codes: []string{CodeOriginInvalid}},
	}
	for _, tc := range tests {
		launch, hosts := tc.launch, tc.allowed
		if launch == "" {
			launch = httpsLaunch
		}
		if hosts == nil {
			hosts = allowed
		}
		t.Run(tc.url+" from "+launch, func(t *testing.T) {
			ok, fs := CheckOrigin(tc.url, launch, hosts)
			checkFindings(t, fs)
			if ok != tc.accepted {
				t.Errorf("accepted = %v, want %v (%+v)", ok, tc.accepted, fs)
			}
			want := slices.Clone(tc.codes)
			slices.Sort(want)
			if got := codesOf(fs); !slices.Equal(got, want) {
				t.Errorf("codes = %v, want %v", got, want)
			}
			if !ok && !HasErrors(fs) {
				t.Error("refused without an error finding")
			}
		})
	}
	if ok, _ := CheckOrigin("https://moportal.com/", "", nil); ok {
		t.Error("no launch URL and no allowed hosts must refuse https pages")
	}
}

func TestDecideVerdict(t *testing.T) {
	errF := []Finding{newFinding(CodeTransactionIDMismatch, "transactionId", "x")}
	warnF := []Finding{newFinding(CodeKeyCase, "iccid", "x"), newFinding(CodeVerMissing, "ver", "x")}
	tests := []struct {
		name      string
		handBacks int
		rejected  int
		findings  []Finding
		want      Verdict
	}{
		{"clean", 1, 0, nil, VerdictPass},
		{"warnings only", 1, 0, warnF, VerdictPass},
		{"error", 1, 0, append(warnF, errF...), VerdictFail},
		{"nothing", 0, 0, nil, VerdictNoCallback},
		{"nothing but errors", 0, 0, errF, VerdictNoCallback},
		{"only rejected", 0, 2, nil, VerdictRejected},
		{"rejected and accepted", 1, 3, nil, VerdictPass},
		{"rejected and accepted with error", 1, 1, errF, VerdictFail},
		{"two hand-backs", 2, 0, SessionFindings(2), VerdictPass},
	}
	for _, tc := range tests {
		if got := DecideVerdict(tc.handBacks, tc.rejected, tc.findings); got != tc.want {
			t.Errorf("%s: verdict = %s, want %s", tc.name, got, tc.want)
		}
	}
	if fs := SessionFindings(2); len(fs) != 1 || fs[0].Code != CodeHandbackRepeated {
		t.Errorf("SessionFindings(2) = %+v", fs)
	}
	if fs := SessionFindings(1); len(fs) != 0 {
		t.Errorf("SessionFindings(1) = %+v", fs)
	}
}

func TestReturnsControl(t *testing.T) {
	yes := []string{APIDataMartNotifyPurchaseResult, APINotifyCancelledPurchase, APINotifyPurchaseWithProfileDownload,
		APILegacyNotifyBalanceAddition, APINotifyPurchaseDelayedProfile, APIDataMartNotifyCancelledPurchase,
		APIDataMartNotifyBalanceAddition, APIDataMartNotifyPurchaseWithProfileDownload, APIDataMartNotifyPurchaseDelayedProfile}
	no := []string{APIInlineNotifyProfileDownload, APIInlineNotifyOperationCancel, APIInlineNotifyBalanceAddition,
		APICreatePurchaseMetaData, APIFAQNotifyPurchaseResult, APIInlineProfileDownload, EventFirstPaint, "", "x.y"}
	for _, a := range yes {
		if !ReturnsControl(a) || !IsHandBack(a) {
			t.Errorf("ReturnsControl/IsHandBack(%q) = false", a)
		}
	}
	for _, a := range no {
		if ReturnsControl(a) {
			t.Errorf("ReturnsControl(%q) = true", a)
		}
	}
	if !IsHandBack(APIInlineNotifyProfileDownload) || IsHandBack(APIInlineNotifyOperationCancel) || !IsInline(APIInlineNotifyOperationCancel) {
		t.Error("inline classification wrong")
	}
	// The list the portal window gets is exactly the APIs that return control.
	if got := ControlReturningAPIs(); !slices.Equal(sortedCopy(got), sortedCopy(yes)) {
		t.Errorf("ControlReturningAPIs() = %v, want %v", got, yes)
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func TestAPIFindings(t *testing.T) {
	tests := []struct {
		api   string
		n     int
		codes []string
	}{
		{APIInlineNotifyProfileDownload, 2, nil},
		{APIInlineNotifyProfileDownload, 3, nil},
		{APIInlineNotifyProfileDownload, 1, []string{CodeArgsCount}},
		{APIDataMartNotifyPurchaseResult, 1, []string{CodeAPILegacySupported}},
		{APIFAQNotifyPurchaseResult, 1, []string{CodeAPIFAQMisname}},
		{APINotifyPurchaseDelayedProfile, 2, []string{CodeAPIRemoved}},
		{APIDataMartNotifyCancelledPurchase, 1, []string{CodeAPIDataMartName}},
		{APILegacyNotifyBalanceAddition, 2, []string{CodeAPILegacy}},
		{APIInlineProfileDownloadExample, 2, []string{CodeAPILegacy}},
		{"Foo.bar", 0, []string{CodeAPIUnknown}},
		{EventFirstPaint, 1, nil},
	}
	for _, tc := range tests {
		fs := APIFindings(tc.api, tc.n)
		checkFindings(t, fs)
		want := slices.Clone(tc.codes)
		slices.Sort(want)
		if got := codesOf(fs); !slices.Equal(got, want) {
			t.Errorf("APIFindings(%q, %d) = %v, want %v", tc.api, tc.n, got, want)
		}
	}
}

// The origin findings quote the page's origin, not its path and query (the
// launch parameters, with the device's identifiers).
func TestOriginFindingsQuoteTheOrigin(t *testing.T) {
	const query = "?market=US&eid=89033023328867254521312745305230&imei=356516091463518"
	for _, tc := range []struct{ page, launch string }{
		{"http://127.0.0.1:18777/buy" + query, "http://127.0.0.1:18777/" + query},      // port, loopback http
		{"http://127.0.0.1:9000/buy" + query, "http://127.0.0.1:18777/" + query},       // http, not the launch origin
		{"http://portal.example/buy" + query, "https://portal.example/" + query},       // http elsewhere
		{"https://portal.example:8443/buy" + query, "https://portal.example/" + query}, // port
	} {
		_, fs := CheckOrigin(tc.page, tc.launch, nil)
		if len(fs) == 0 {
			t.Fatalf("%s: no finding", tc.page)
		}
		for _, f := range fs {
			if strings.Contains(f.Message, "eid=") || strings.Contains(f.Message, "/buy") {
				t.Errorf("%s: %s quotes the path or query: %s", tc.page, f.Code, f.Message)
			}
		}
	}
}

// TestPlainHTTPHint: a TLS handshake the server answered in plain http gets
// the http:// URL to try on loopback, the need for https elsewhere, and no
// hint for any other failure or page. The URL to try is the user's portal
// URL with nothing left out: before, parameters named like the launch's
// (market, eid, …) were stripped by name, the user's own too.
func TestPlainHTTPHint(t *testing.T) {
	for _, tc := range []struct {
		name, url, reason, want string
	}{
		{"Go", "https://127.0.0.1:8080/portal", "tls: first record does not look like a TLS handshake",
			"the server at 127.0.0.1:8080 answers plain http; try http://127.0.0.1:8080/portal"},
		{"GnuTLS", "https://[::1]:8080/", "Error performing TLS handshake: An unexpected TLS packet was received.",
			"the server at [::1]:8080 answers plain http; try http://[::1]:8080/"},
		{"OpenSSL", "https://LOCALHOST:3000", "error:0A00010B:SSL routines::wrong version number",
			"the server at LOCALHOST:3000 answers plain http; try http://LOCALHOST:3000"},
		{"not loopback", "https://portal.example:8080/", "tls: first record does not look like a TLS handshake",
			"the server at portal.example:8080 answers plain http; the portal must be served over https"},
		{"the user's query, fragment and escapes", "https://127.0.0.1:8080/a%2Fb/ok.html?q=1&x=%20y#top", "tls: first record does not look like a TLS handshake",
			"the server at 127.0.0.1:8080 answers plain http; try http://127.0.0.1:8080/a%2Fb/ok.html?q=1&x=%20y#top"},
		{"the user's parameters named like launch parameters kept", "https://127.0.0.1:8080/ok.html?q=1&market=mine&eid=&iccid=x#f",
			"tls: first record does not look like a TLS handshake",
			"the server at 127.0.0.1:8080 answers plain http; try http://127.0.0.1:8080/ok.html?q=1&market=mine&eid=&iccid=x#f"},
		{"an empty query kept", "https://127.0.0.1:8080/ok.html?", "tls: first record does not look like a TLS handshake",
			"the server at 127.0.0.1:8080 answers plain http; try http://127.0.0.1:8080/ok.html?"},
		{"a server that closed the handshake (python3 -m http.server)", "https://127.0.0.1:8000/",
			"Peer failed to perform TLS handshake: The TLS connection was non-properly terminated.",
			"if the server at 127.0.0.1:8000 answers plain http, try http://127.0.0.1:8000/"},
		{"a server that reset it", "https://localhost:8000/p?q=1",
			"Peer failed to perform TLS handshake: Error receiving data: Connection reset by peer",
			"if the server at localhost:8000 answers plain http, try http://localhost:8000/p?q=1"},
		{"a server elsewhere that closed it", "https://portal.example/",
			"Peer failed to perform TLS handshake: The TLS connection was non-properly terminated.",
			"if the server at portal.example answers plain http, the portal must be served over https"},
		{"glib's words and an answer in plain http", "https://127.0.0.1:8000/",
			"Peer failed to perform TLS handshake: An unexpected TLS packet was received.",
			"the server at 127.0.0.1:8000 answers plain http; try http://127.0.0.1:8000/"},
		{"Go's end of file", "https://127.0.0.1:8000/", "EOF", ""},
		{"another failure", "https://127.0.0.1:8080/", "TLS certificate not trusted", ""},
		{"http page", "http://127.0.0.1:8080/", "tls: first record does not look like a TLS handshake", ""},
		{"no URL", "", "tls: first record does not look like a TLS handshake", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PlainHTTPHint(tc.url, tc.reason); got != tc.want {
				t.Errorf("PlainHTTPHint(%q, %q) = %q, want %q", tc.url, tc.reason, got, tc.want)
			}
		})
	}
}

// TestOriginInsecureSaysWhatToDo: an origin-insecure finding says that no
// setting accepts the origin, and what does: the launch origin for a
// loopback http page that navigated away from it, https (and a
// notification host) for a page elsewhere.
func TestOriginInsecureSaysWhatToDo(t *testing.T) {
	origin := func(page, launch string) func() []Finding {
		return func() []Finding {
			_, fs := CheckOrigin(page, launch, nil)
			return fs
		}
	}
	runMessageCases(t, []messageCase{
		{name: "loopback, another port", findings: origin("http://127.0.0.1:9090/done", "http://127.0.0.1:8080/"), code: CodeOriginInsecure,
			want: []string{"no setting accepts another http origin", "hand back from http://127.0.0.1:8080", "serve this page over https", "--trust-cert", "--notify-host"}},
		{name: "loopback from an https portal", findings: origin("http://localhost:8080/", "https://portal.example/"), code: CodeOriginInsecure,
			want: []string{"no setting accepts another http origin", "hand back from https://portal.example"}},
		{name: "not loopback", findings: origin("http://portal.example/done", "https://portal.example/"), code: CodeOriginInsecure,
			want: []string{"must use https", "no setting accepts another scheme", "serve this page over https", "--notify-host", "loopback origin"}},
	})
}

// TestOtherPortFinding is QA 'pay' ip1: portal, IdP and PSP on 127.0.0.1 on
// three ports; the PSP's page (:9545) handed back and counted as the
// portal's (:9543) with only an info origin-port, where on hosts of their
// own the same flow is refused. The call stays accepted (the app compares
// hosts), with a warning that names both origins.
func TestOtherPortFinding(t *testing.T) {
	tests := []struct {
		page, launch string
		want         bool
	}{
		{"https://127.0.0.1:9545/done?tid=1", "https://127.0.0.1:9543/ph/?market=US", true},
		{"https://portal.example:8443/cb", "https://portal.example/", true},
		{"https://portal.example/cb", "https://portal.example:443/", false},
		{"https://PORTAL.example:9443/cb", "https://portal.example:9443/", false},
		{"https://notify.example:9445/", "https://portal.example:9443/", false}, // another host: a notification host's own matter
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/", false},
		{"http://127.0.0.1:8081/", "https://127.0.0.1:8081/", false}, // another scheme: refused by CheckOrigin
		{"::bad", "https://portal.example/", false},
	}
	for _, tc := range tests {
		fs := OtherPortFinding(tc.page, tc.launch)
		checkFindings(t, fs)
		if got := len(fs) == 1 && fs[0].Code == CodeOriginOtherPort && fs[0].Severity == SeverityWarning; got != tc.want || len(fs) > 1 {
			t.Errorf("OtherPortFinding(%q, %q) = %+v, want one: %v", tc.page, tc.launch, fs, tc.want)
			continue
		}
		if tc.want && (!strings.Contains(fs[0].Message, originOf(mustParse(t, tc.page))) || !strings.Contains(fs[0].Message, "--notify-host")) {
			t.Errorf("message does not name the page's origin or how to allow a host: %s", fs[0].Message)
		}
		if strings.Contains(strings.Join(messagesOf(fs), " "), "market=") {
			t.Errorf("message quotes the launch parameters: %+v", fs)
		}
	}
}

// TestOriginNotAllowedSaysHowToAllow is QA 'pay' op1/notify-psp-only: the
// refusal did not say how to make a host a notification host, nor that
// configuring any replaces the default (the portal's host), so a scenario
// with notify_hosts = ["psp.localhost"] was rejected when the portal's own
// page handed back.
func TestOriginNotAllowedSaysHowToAllow(t *testing.T) {
	tests := []struct {
		name, page, launch string
		allowed            []string
		want               []string
	}{
		{"portal host left out of the configured list", "https://portal.localhost:9443/r/return", "https://portal.localhost:9443/r/", []string{"psp.localhost"},
			[]string{`portal's own host "portal.localhost"`, "replace the default", "add portal.localhost", "--notify-host", "notify_hosts"}},
		{"another host", "https://psp.localhost:9445/done", "https://portal.localhost:9443/r/", []string{"portal.localhost"},
			[]string{`"psp.localhost"`, "make psp.localhost a notification host", "--notify-host", "notify_hosts", "replaces the default, the portal's host portal.localhost"}},
		{"another host, none configured", "https://psp.example/done", "https://portal.example/", nil,
			[]string{"none are configured, so only the portal's host", "make psp.example a notification host"}},
		{"loopback launch origin left out", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/", []string{"127.0.0.2"},
			[]string{"replace the default", "add 127.0.0.1", "--notify-host", "notify_hosts"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, fs := CheckOrigin(tc.page, tc.launch, tc.allowed)
			checkFindings(t, fs)
			if ok {
				t.Fatalf("accepted: %+v", fs)
			}
			var msg string
			for _, f := range fs {
				if f.Code == CodeOriginNotAllowed {
					msg = f.Message
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("origin-not-allowed lacks %q: %s", w, msg)
				}
			}
		})
	}
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func messagesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Message)
	}
	return out
}
