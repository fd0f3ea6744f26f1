package demoportal

import (
	"compress/gzip"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Example launch from contract §1.3 plus an unknown parameter (must be ignored).
const esimQuery = "market=US&location=US&transactionId=%2F7RBTuSJt02OZbX8.4&eid=89033023422130000000000199055797" +
	"&imei=001102000315468&iccids=8988247000101867183,8988247000103824828&futureParam=zzUNKNOWNzz"

// esimNewQuery is an eSIM launch with no plan of ours on the device (no
// iccids): a purchase issues a profile (flow F1/F3).
const esimNewQuery = "market=US&location=US&transactionId=%2F7RBTuSJt02OZbX8.4&eid=89033023422130000000000199055797&imei=001102000315468"

const psimQuery = "iccid=8988247000100003319&imei=001102000311608&market=us&transactionId=waoigFfX00yGH3Vb.1&location=us"

// startTLS starts s on 127.0.0.1 with a fresh certificate and returns the base
// URL and a client that trusts only that certificate.
func startTLS(t *testing.T, s *Server) (string, *http.Client) {
	t.Helper()
	cert, err := LoadOrCreateCert(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := s.Start("127.0.0.1:0", cert)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(cert.PEM) {
		t.Fatal("bad PEM")
	}
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	return base, client
}

func get(t *testing.T, c *http.Client, u string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestStartRefusesNonLoopback(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := LoadOrCreateCert(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:443", "garbage"} {
		if u, err := s.Start(addr, cert); err == nil {
			s.Close()
			t.Fatalf("Start(%q) = %q, want an error", addr, u)
		}
	}
	if _, err := s.Start("127.0.0.1:0", Cert{}); err == nil {
		t.Error("Start without a certificate succeeded")
	}
	u, err := s.Start("", cert)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !regexp.MustCompile(`^https://127\.0\.0\.1:\d+/$`).MatchString(u) {
		t.Errorf("base URL = %q", u)
	}
	if _, err := s.Start("", cert); err == nil {
		t.Error("second Start succeeded")
	}
}

func TestNewRejectsUnknownOptions(t *testing.T) {
	if _, err := New(Config{AutoChoice: "dance"}); err == nil {
		t.Error("unknown AutoChoice accepted")
	}
	if _, err := New(Config{API: "soap"}); err == nil {
		t.Error("unknown API accepted")
	}
	for _, a := range AutoChoices() {
		if _, err := New(Config{AutoChoice: a}); err != nil {
			t.Errorf("AutoChoice %q: %v", a, err)
		}
	}
}

func TestIndexRendersLaunchAndLanguage(t *testing.T) {
	var mu sync.Mutex
	var seen []RequestRecord
	s, err := New(Config{OnRequest: func(r RequestRecord) { mu.Lock(); seen = append(seen, r); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	resp, body := get(t, c, base+"?"+esimQuery, map[string]string{"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8", "User-Agent": "mpsim-test"})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		`<html lang="fr">`,
		"89033023422130000000000199055797", "8988247000101867183,8988247000103824828", "001102000315468",
		"/7RBTuSJt02OZbX8.4", "fr-CH, fr;q=0.9, en;q=0.8",
		"Choisissez un forfait", "Contoso 5 Go — 30 jours", "Contoso Illimité — 30 jours", "15,00",
		`id="btn-cancel"`, `href="#/terms"`, `href="#/privacy"`, "1-800-555-0100",
		`<script src="/assets/portal.js" defer></script>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "zzUNKNOWNzz") || strings.Contains(body, "futureParam") {
		t.Error("unknown launch parameter was rendered; it must be ignored (§1.3)")
	}
	if strings.Contains(body, "<script>") || regexp.MustCompile(`<script(?: [^>]*)?>[^<]`).MatchString(strings.ReplaceAll(body, `<script type="application/json" id="mp-data">`, "<x>")) {
		t.Error("page has inline script")
	}
	if regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).MatchString(body) {
		t.Error("page references an external resource")
	}
	h := resp.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q", csp)
	}
	if h.Get("Content-Language") != "fr" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers = %v", h)
	}
	// The page data block carries the launch and the config for portal.js.
	m := regexp.MustCompile(`(?s)<script type="application/json" id="mp-data">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no data block")
	}
	var data struct {
		Launch Launch         `json:"launch"`
		Cfg    map[string]any `json:"cfg"`
		Lang   string         `json:"lang"`
		T      map[string]string
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("data block: %v\n%s", err, m[1])
	}
	if data.Launch.TransactionID != "/7RBTuSJt02OZbX8.4" || data.Launch.Kind != "esim" || data.Launch.Status != "" || data.Lang != "fr" {
		t.Errorf("data = %+v", data)
	}
	if data.Cfg["api"] != "legacy" || data.T["buy"] == "" {
		t.Errorf("cfg = %v, t = %v", data.Cfg, data.T)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0].Path != "/" || seen[0].AcceptLanguage != "fr-CH, fr;q=0.9, en;q=0.8" ||
		seen[0].UserAgent != "mpsim-test" || !strings.Contains(seen[0].RawQuery, "eid=") {
		t.Errorf("OnRequest saw %+v", seen)
	}
	if rs := s.Requests(); len(rs) != 1 || rs[0].RawQuery != seen[0].RawQuery {
		t.Errorf("Requests() = %+v", rs)
	}
}

func TestLanguageMatching(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"":                            "en",
		"en-us":                       "en",
		"de-DE,de;q=0.9":              "de",
		"es-MX":                       "es",
		"ja":                          "ja",
		"it-IT, fr;q=0.5":             "fr",
		"fr;q=0.2, ja;q=0.8":          "ja",
		"zh-CN":                       "en",
		"*":                           "en",
		"en;q=0.1, de;q=0.9, x;q=1.0": "de",
		";;;garbage":                  "en",
	} {
		if got := s.Language(in); got != want {
			t.Errorf("Language(%q) = %q, want %q", in, got, want)
		}
	}
}

// The portal serves a language the header asked for: one of its own in the
// same base language (a regional variant included), never a neighbouring
// language the x/text matcher would guess with High confidence (gsw → de,
// gl → es, oc → fr). A header of such languages alone gets English, the
// fallback, in the page's lang and Content-Language as in its strings.
func TestLanguageMatchingAsksForTheLanguage(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ header, want string }{
		{"gsw-CH", "en"},
		{"gsw-CH,gsw;q=0.9", "en"},
		{"lb-LU", "en"},
		{"rm", "en"},
		{"gl-ES", "en"},
		{"eu", "en"},
		{"oc", "en"},
		{"br-FR", "en"},
		{"co", "en"},
		{"gsw-CH, de;q=0.5", "de"},
		{"oc, es;q=0.4, fr;q=0.3", "es"},
		{"eu, en;q=0.5, es;q=0.4", "en"},
		{"fr-CA", "fr"},
		{"fr-Latn-CA", "fr"},
		{"de-CH", "de"},
		{"de-1901", "de"},
		{"es-419", "es"},
		{"en-GB", "en"},
		{"ja-JP", "ja"},
		{"ja-Latn", "en"},
		{"und, fr;q=0.5", "fr"},
		{"*, de;q=0.5", "de"},
	}
	for _, tt := range tests {
		if got := s.Language(tt.header); got != tt.want {
			t.Errorf("Language(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	for _, header := range []string{"gsw-CH", "gl", "oc"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/?"+esimQuery, nil)
		req.Header.Set("Accept-Language", header)
		s.Handler().ServeHTTP(rec, req)
		if body := rec.Body.String(); !strings.Contains(body, `<html lang="en">`) || rec.Header().Get("Content-Language") != "en" {
			t.Errorf("%s: page not in English (Content-Language %q)", header, rec.Header().Get("Content-Language"))
		}
	}
}

var activationCodeRE = regexp.MustCompile(`^1\$[a-z0-9.-]+\$[A-Z0-9-]+$`)

func TestPurchaseESIMUsesIssueProfile(t *testing.T) {
	var got url.Values
	s, err := New(Config{IssueProfile: func(q url.Values) (string, string) {
		got = q
		return "8988247000101997790", "1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG"
	}})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	resp, err := c.PostForm(base+"api/purchase?"+esimNewQuery, url.Values{"plan": {"unl"}, "account": {"New"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var pr PurchaseResponse
	if err := json.NewDecoder(resp.Body).Decode(&pr); err != nil {
		t.Fatal(err)
	}
	if !pr.OK || pr.Kind != "esim" || pr.ICCID != "8988247000101997790" || pr.ActivationCode != "1$trl.prod.ondemandconnectivity.com$JO46UQDI07IKQDGG" ||
		pr.PlanName != "Contoso Unlimited — 30 days" {
		t.Errorf("response = %+v", pr)
	}
	if got.Get("eid") != "89033023422130000000000199055797" || got.Get("plan") != "unl" || got.Get("planName") != pr.PlanName || got.Get("account") != "New" {
		t.Errorf("IssueProfile got %v", got)
	}
}

// The plans are named in the page's language on the page, in its data
// block, in /api/config and in the purchase's planName (the name handed
// back); English names them for a language the portal does not have.
func TestPlanNamesFollowTheLanguage(t *testing.T) {
	s, err := New(Config{OperatorName: "Fabrikam Telecom"})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	tests := []struct {
		name, acceptLanguage, lang string // lang: the purchase's "lang" value
		want                       [2]string
	}{
		{"English", "en-US", "", [2]string{"Fabrikam 5 GB — 30 days", "Fabrikam Unlimited — 30 days"}},
		{"French", "fr-CA,fr;q=0.9", "", [2]string{"Fabrikam 5 Go — 30 jours", "Fabrikam Illimité — 30 jours"}},
		{"German", "de-DE", "", [2]string{"Fabrikam 5 GB — 30 Tage", "Fabrikam Unbegrenzt — 30 Tage"}},
		{"Spanish", "es-MX,es;q=0.9", "", [2]string{"Fabrikam 5 GB — 30 días", "Fabrikam Ilimitado — 30 días"}},
		{"Japanese", "ja-JP,ja;q=0.9", "", [2]string{"Fabrikam 5 GB — 30 日間", "Fabrikam 無制限 — 30 日間"}},
		{"no such language", "tr-TR", "", [2]string{"Fabrikam 5 GB — 30 days", "Fabrikam Unlimited — 30 days"}},
		{"the page's language wins", "en-US", "ja", [2]string{"Fabrikam 5 GB — 30 日間", "Fabrikam 無制限 — 30 日間"}},
		{"an unknown page language", "fr-FR", "tr", [2]string{"Fabrikam 5 Go — 30 jours", "Fabrikam Illimité — 30 jours"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{"Accept-Language": tt.acceptLanguage}
			if tt.lang == "" {
				_, body := get(t, c, base+"?"+esimQuery, h)
				for _, want := range tt.want {
					if !strings.Contains(body, template.HTMLEscapeString(want)) || !strings.Contains(body, `"name":"`+want+`"`) {
						t.Errorf("page lacks %q on a tile and in its data block", want)
					}
				}
				if _, body := get(t, c, base+"api/config", h); !strings.Contains(body, `"name":"`+tt.want[0]+`"`) {
					t.Errorf("/api/config lacks %q: %s", tt.want[0], body)
				}
			}
			for i, id := range []string{"p5", "unl"} {
				q := "api/purchase?plan=" + id + "&" + psimQuery
				if tt.lang != "" {
					q += "&lang=" + tt.lang
				}
				_, body := get(t, c, base+q, h)
				var pr PurchaseResponse
				if err := json.Unmarshal([]byte(body), &pr); err != nil || pr.PlanName != tt.want[i] {
					t.Errorf("purchase of %s: planName %q (%v), want %q", id, pr.PlanName, err, tt.want[i])
				}
			}
		})
	}
}

// Plans' English names are en.json's: the package's one list of plans and
// the page's English agree.
func TestPlansAreNamedLikeTheEnglishPage(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range s.plans("en") {
		if want := Plans("Contoso Mobile")[i].Name; p.Name != want || p.NameKey == "" {
			t.Errorf("plan %s is named %q on the English page (key %q), Plans says %q", p.ID, p.Name, p.NameKey, want)
		}
	}
}

func TestPurchaseFallbackProfileAndPSIM(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	_, body := get(t, c, base+"api/purchase?plan=p5&"+esimNewQuery, nil)
	var pr PurchaseResponse
	if err := json.Unmarshal([]byte(body), &pr); err != nil {
		t.Fatal(err)
	}
	if !Luhn(pr.ICCID) || len(pr.ICCID) != 19 || !strings.HasPrefix(pr.ICCID, "89") {
		t.Errorf("fallback ICCID %q is not a Luhn-valid 19-digit ICCID", pr.ICCID)
	}
	if !activationCodeRE.MatchString(pr.ActivationCode) {
		t.Errorf("fallback activation code %q is not SGP.22 1$host$matchingId", pr.ActivationCode)
	}
	_, body = get(t, c, base+"api/purchase?plan=p5&"+psimQuery, nil)
	if strings.Contains(body, "activationCode") || !strings.Contains(body, `"iccid":"8988247000100003319"`) {
		t.Errorf("pSIM purchase = %s", body)
	}
	resp, body := get(t, c, base+"api/purchase?plan=nope&"+esimQuery, nil)
	if resp.StatusCode != 400 || !strings.Contains(body, "ClientError") {
		t.Errorf("unknown plan: %d %s", resp.StatusCode, body)
	}
}

func TestTestSwitches(t *testing.T) {
	s, err := New(Config{SlowDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	for force, want := range map[string]int{"ServiceError": 503, "PurchaseFailed": 402, "BillingError": 402, "slow": 200} {
		resp, body := get(t, c, base+"api/purchase?plan=p5&force="+force+"&"+esimQuery, nil)
		if resp.StatusCode != want || (want != 200 && !strings.Contains(body, `"status":"`+force+`"`)) {
			t.Errorf("force=%s: %d %s", force, resp.StatusCode, body)
		}
	}
	resp, err := c.PostForm(base+"api/signin", url.Values{"email": {"alex@contoso.example"}, "password": {"demo"}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("demo sign-in: %v %v", resp, err)
	}
	resp.Body.Close()
	for _, f := range []url.Values{
		{"email": {"alex@contoso.example"}, "password": {"wrong"}},
		{"email": {"alex@contoso.example"}, "password": {"demo"}, "force": {"LogOnFailed"}},
	} {
		resp, err := c.PostForm(base+"api/signin", f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// A wrong password is an answer (ok false), not an HTTP error that
		// mpsim flags as request-http-error on the demo portal itself.
		if resp.StatusCode != 200 || !strings.Contains(string(b), `"ok":false`) || !strings.Contains(string(b), "LogOnFailed") {
			t.Errorf("sign-in %v: %d %s, want 200 with ok false and LogOnFailed", f, resp.StatusCode, b)
		}
	}
	// "hang" never answers; Close releases it.
	done := make(chan error, 1)
	go func() {
		resp, err := c.Get(base + "api/purchase?plan=p5&force=hang&" + esimQuery)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	select {
	case <-done:
		t.Fatal("hang answered")
	case <-time.After(200 * time.Millisecond):
	}
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release the hanging request")
	}
}

func TestStaticAssets(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	for path, ctype := range map[string]string{
		"assets/portal.js": "javascript", "assets/payload.js": "javascript", "assets/style.css": "text/css", "assets/logo.svg": "image/svg+xml",
	} {
		resp, _ := get(t, c, base+path, nil)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"assets/index.html", "assets/", "assets/i18n/", "nope", "api/config/x"} {
		if resp, _ := get(t, c, base+path, nil); resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
	resp, body := get(t, c, base+"api/config", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `"autoChoice":""`) || !strings.Contains(body, "Contoso 5 GB") {
		t.Errorf("config: %s", body)
	}
}

func TestTranslationsComplete(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Sub(s.files, "i18n")
	var en map[string]string
	raw, _ := fs.ReadFile(files, "en.json")
	if err := json.Unmarshal(raw, &en); err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages()[1:] {
		var m map[string]string
		raw, _ := fs.ReadFile(files, lang+".json")
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for k := range en {
			if m[k] == "" {
				t.Errorf("%s.json lacks %q", lang, k)
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has unknown key %q", lang, k)
			}
		}
		// Each language renders with its own strings.
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/?"+esimQuery, nil)
		req.Header.Set("Accept-Language", lang)
		s.Handler().ServeHTTP(rec, req)
		if body := rec.Body.String(); !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, template.HTMLEscapeString(m["planTitle"])) {
			t.Errorf("%s page does not use its translation", lang)
		}
	}
}

func TestGzip(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/?" + esimQuery, "/assets/portal.js"} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate")
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: %d %v", path, rec.Code, rec.Header())
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil || len(b) < 1000 {
			t.Errorf("%s: %d bytes, %v", path, len(b), err)
		}
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/favicon.ico", nil))
	if rec.Code != 204 {
		t.Errorf("favicon: %d", rec.Code)
	}
}

// A top-up adds the plan to one of the launch's own ICCIDs (flow F7): no
// profile is issued, and an ICCID the launch did not name is refused.
func TestPurchaseTopUp(t *testing.T) {
	issued := 0
	s, err := New(Config{IssueProfile: func(url.Values) (string, string) { issued++; return "8988247000101997790", "1$a.example$X" }})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	q, _ := url.ParseQuery(esimQuery)
	first := ParseLaunch(q, nil).TopUp
	if len(first) == 0 {
		t.Fatalf("launch %s offers no top-up", esimQuery)
	}
	_, body := get(t, c, base+"api/purchase?plan=p5&topup="+first[0]+"&"+esimQuery, nil)
	var pr PurchaseResponse
	if err := json.Unmarshal([]byte(body), &pr); err != nil {
		t.Fatal(err)
	}
	if !pr.OK || !pr.TopUp || pr.Kind != "esim" || pr.ICCID != first[0] || pr.ActivationCode != "" || pr.PlanName == "" || issued != 0 {
		t.Errorf("eSIM top-up = %+v (profiles issued: %d)", pr, issued)
	}
	_, body = get(t, c, base+"api/purchase?plan=p5&topup=8988247000100003319&"+psimQuery, nil)
	if !strings.Contains(body, `"topUp":true`) || !strings.Contains(body, `"iccid":"8988247000100003319"`) || strings.Contains(body, "activationCode") {
		t.Errorf("pSIM top-up = %s", body)
	}
	resp, body := get(t, c, base+"api/purchase?plan=p5&topup=8988247000101997790&"+esimQuery, nil)
	if resp.StatusCode != 400 || !strings.Contains(body, "ClientError") {
		t.Errorf("top-up of an ICCID not on the launch: %d %s", resp.StatusCode, body)
	}
}

// The page's API: Config.API, except for the inline-only choices.
func TestAPISelection(t *testing.T) {
	for _, tc := range []struct{ api, choice, want string }{
		{"", "", APILegacy}, {APIInline, "", APIInline}, {"", AutoBuy, APILegacy}, {APIInline, AutoCancel, APIInline},
		{"", AutoBuyInline, APIInline}, {APILegacy, AutoBuyDeferred, APIInline}, {"", AutoTopUp, APIInline},
		{"", AutoFailLogonInline, APIInline}, {APILegacy, AutoBuyAsync, APIInline},
	} {
		s, err := New(Config{API: tc.api, AutoChoice: tc.choice})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/config", nil))
		var cfg struct{ API string }
		if err := json.Unmarshal(rec.Body.Bytes(), &cfg); err != nil || s.API() != tc.want || cfg.API != tc.want {
			t.Errorf("API %q, choice %q: API() %q, /api/config %q (%v); want %q", tc.api, tc.choice, s.API(), cfg.API, err, tc.want)
		}
	}
	for _, c := range AutoChoices() {
		if strings.HasSuffix(c, "-inline") && !InlineChoice(c) {
			t.Errorf("%q is not an inline choice", c)
		}
	}
}

// A purchase with a new card carries the card: without it, or with one
// that is no card, the back end refuses it (HTTP 400, PurchaseFailed, field
// "card", which the page shows on its payment step) instead of selling
// the plan to nobody's card (found by QA).
func TestPurchaseNeedsTheNewCard(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	base, c := startTLS(t, s)
	tests := []struct {
		name         string
		form         url.Values
		code         int
		ok           bool
		wantInReason string
	}{
		{"no card", url.Values{"payment": {"New"}}, 400, false, "no card number"},
		{"15 digits", url.Values{"payment": {"New"}, "card": {"4242 4242 4242 424"}, "expiry": {"12/30"}}, 400, false, "not 16 digits"},
		{"no expiry", url.Values{"payment": {"New"}, "card": {"4242424242424242"}}, 400, false, "expiry"},
		{"month 13", url.Values{"payment": {"New"}, "card": {"4242424242424242"}, "expiry": {"13/30"}}, 400, false, "expiry"},
		{"a card", url.Values{"payment": {"New"}, "card": {"4242-4242-4242-4242"}, "expiry": {"12/30"}}, 200, true, ""},
		{"the stored card", url.Values{"payment": {"Existing"}}, 200, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("plan", "p5")
			resp, err := c.PostForm(base+"api/purchase?"+psimQuery, tt.form)
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				OK      bool   `json:"ok"`
				Status  string `json:"status"`
				Field   string `json:"field"`
				Message string `json:"message"`
			}
			err = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != tt.code || body.OK != tt.ok {
				t.Fatalf("%d %+v (%v), want %d and ok %v", resp.StatusCode, body, err, tt.code, tt.ok)
			}
			if !tt.ok && (body.Status != "PurchaseFailed" || body.Field != "card" || !strings.Contains(body.Message, tt.wantInReason)) {
				t.Errorf("refusal %+v, want PurchaseFailed, field card and %q", body, tt.wantInReason)
			}
		})
	}
}
