// Package demoportal is mpsim's built-in demo operator ("MO Direct") portal:
// a small HTTPS web site served by the host itself on 127.0.0.1, which the
// simulated Mobile Plans app opens with the launch parameters of contract
// §1.3 and which hands back through the injected JavaScript objects of
// contract §2 (DataMart.notifyPurchaseResult, §2.7, or the inline
// MobilePlans* APIs, §2.1-§2.5).
//
// The pages, styles, scripts and translations live in assets/demoportal and
// are embedded in the binary; this package renders them, answers the small
// JSON back end (/api/config, /api/signin, /api/purchase), issues eSIM
// profiles through Config.IssueProfile, and manages the portal's
// self-signed certificate (LoadOrCreateCert).
//
// The page follows the portal design policies of contract §4: operator logo
// top-left, plan tiles, in-portal Terms of Service, Privacy and support
// pages, Back/Next navigation and an on-screen Cancel, no pop-ups, no
// animation, no external resources, and a Content-Security-Policy that only
// allows same-origin resources and no inline script. Config.BreakPolicies
// turns it into a known-bad portal that breaks each policy a machine checks
// (breakpolicies.go). Config's AutoChoice, API and BreakPolicies are the
// defaults: Server.Session gives one session (by its launch's
// transactionId) Settings of its own, so a host can run a scenario cell as
// written on the one portal it keeps running (sessions.go).
//
// The flow is plan → account (new, or sign in as a demo user:
// alex@contoso.example / demo with a stored card and an existing line, or
// sam@contoso.example / demo with neither) → payment (new card, any 16
// digits, or the stored card) → confirm → order summary. Each step's choice
// feeds userAccount, purchaseInstrument and line (§2.2); leaving at a step
// reports Bailed for that step and None after it. Launch parameters are
// checked (§1.3, §6): blocking problems offer a ClientError or InvalidSIM
// hand-back. A demo-only test-switch panel forces ServiceError, LogOnFailed,
// PurchaseFailed, BillingError, a slow back end or one that never answers.
// With the current APIs (Config.API "inline") the plan step offers a
// top-up of a plan the launch names (Launch.TopUp, flow F7), the confirm
// step of a new eSIM plan asks when to install (now F3, later F4, connect
// later F6), and the account page shows what the app reported through the
// listeners and can cancel a pending deferred download (F5), and the order
// page's lead text follows them. A launch after a download that failed for
// want of room (LPAErrorInfo.Full) is warned about before payment, with
// the top-up first where there is one. Errors go back through
// MobilePlans.notifyCancelledPurchase with their status.
// Stable element ids for scripted hosts: plan-p5, plan-unl, btn-next,
// btn-back, btn-cancel, cancel-yes, cancel-no, mode-new, mode-topup,
// install-now, install-later, install-async, btn-cancel-download; the last
// hand-back is kept in window.mpDemoHandBack ({api, args}) and the
// call-backs received in window.mpDemoReceived ([{listener, args}]).
package demoportal

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"mpsim/assets"
)

// AutoChoice values. With a non-empty AutoChoice the page completes one
// path on its own shortly after rendering (always choosing the first plan),
// so unattended runs finish without a user; "buy" and "cancel" finish in
// well under two seconds. When the launch parameters have a blocking
// problem (§1.3/§6: ClientError or InvalidSIM), every non-empty AutoChoice
// hands back that status instead.
//
// The choices of the first group follow Config.API (legacy
// DataMart.notifyPurchaseResult by default, or the MobilePlans* APIs); the
// choices of the second group always use the MobilePlans* APIs. Inline
// operations keep the portal open, as the real app does, so a session that
// ends with one ends when the host closes the portal (mpsim run: --timeout).
//
//   - "buy": new account, new payment method, new line; hands back
//     success with moDirectStatus Complete (§2.7 eSIM or pSIM example;
//     inline: as "buy-inline").
//   - "buy-existing": signs in as the demo user alex@contoso.example,
//     pays with the stored card and transfers the existing line
//     (userAccount/purchaseInstrument/line all "Existing").
//   - "buy-slow": like "buy" with the slow back end switched on.
//   - "cancel": Cancel on the first step, confirmed; hands back the §2.7
//     abandoned form (Bailed/None/None, moDirectStatus None; inline:
//     as "cancel-inline").
//   - "bail-account", "bail-payment", "bail-confirm": Cancel at that step;
//     that step's field reports Bailed, earlier ones their choice (New),
//     later ones None (inline: notifyCancelledPurchase, status Cancelled).
//   - "fail-service", "fail-purchase", "fail-billing": the back end
//     answers the purchase with ServiceError, PurchaseFailed or
//     BillingError and the page hands that status back.
//   - "fail-logon": sign-in fails; the page hands back LogOnFailed.
//   - "hang": the back end never answers the purchase; after
//     Config.BackendTimeout the page hands back ServiceError.
//
// Always through the MobilePlans* APIs:
//
//   - "buy-inline": like "buy"; eSIM: MobilePlans.createPurchaseMetaData,
//     then MobilePlansInlineOperations.notifyProfileDownload(md, code)
//     (flow F3); the host calls back profileActivationComplete and
//     registrationChanged and the page shows them on its account page.
//     Physical SIM: notifyBalanceAddition(md) (F7, a warm SIM).
//   - "buy-deferred": like "buy-inline" with "Install later" chosen on the
//     confirm step: notifyProfileDownload(md, code, 30), the profile is
//     offered 30 simulated minutes later (F4), then the call-backs.
//   - "buy-deferred-cancel": like "buy-deferred", then "Cancel the pending
//     download" on the account page: notifyOperationCancel(context) before
//     the download is offered (F5); no call-backs, nothing installed.
//   - "buy-async": like "buy" with "Install now, connect later" chosen:
//     MobilePlans.notifyPurchaseWithProfileDownload(md, code, 15) (F6),
//     which returns control to the app; no call-backs.
//   - "topup": "Add data to your existing plan" on the plan step, signed in
//     as alex@contoso.example with the stored card and the existing line
//     (Existing/Existing/Existing); hands back
//     MobilePlansInlineOperations.notifyBalanceAddition(md, iccid) with the
//     first ICCID of the launch's iccids (F7: the app switches to that
//     profile and calls back profileActivationComplete), or
//     notifyBalanceAddition(md) for a physical SIM. Without an ICCID to top
//     up on the launch, the plan step offers no top-up and "topup" buys a
//     new plan like "buy-inline".
//   - "cancel-inline": like "cancel" but through
//     MobilePlans.notifyCancelledPurchase (flow F8), moDirectStatus
//     Cancelled.
//   - "fail-service-inline", "fail-purchase-inline", "fail-billing-inline",
//     "fail-logon-inline": like the legacy choices, handing the error status
//     back with MobilePlans.notifyCancelledPurchase (the only current API
//     that carries an unsuccessful purchase, §2.1, F8).
const (
	AutoNone               = ""
	AutoBuy                = "buy"
	AutoBuyExisting        = "buy-existing"
	AutoBuyInline          = "buy-inline"
	AutoBuySlow            = "buy-slow"
	AutoBuyDeferred        = "buy-deferred"
	AutoBuyDeferredCancel  = "buy-deferred-cancel"
	AutoBuyAsync           = "buy-async"
	AutoTopUp              = "topup"
	AutoCancel             = "cancel"
	AutoCancelInline       = "cancel-inline"
	AutoBailAccount        = "bail-account"
	AutoBailPayment        = "bail-payment"
	AutoBailConfirm        = "bail-confirm"
	AutoFailService        = "fail-service"
	AutoFailPurchase       = "fail-purchase"
	AutoFailBilling        = "fail-billing"
	AutoFailLogon          = "fail-logon"
	AutoFailServiceInline  = "fail-service-inline"
	AutoFailPurchaseInline = "fail-purchase-inline"
	AutoFailBillingInline  = "fail-billing-inline"
	AutoFailLogonInline    = "fail-logon-inline"
	AutoHang               = "hang"
)

// The defaults of Config.SlowDelay and Config.BackendTimeout.
const (
	DefaultSlowDelay      = 3 * time.Second
	DefaultBackendTimeout = 10 * time.Second
)

// Waits is how long an AutoChoice waits on purpose before the page hands
// back, with the default delays: the back end's slow answer (buy-slow) or
// the page's wait for a back end that never answers (hang); 0 for the
// others. A matrix starts such cells first.
func Waits(choice string) time.Duration {
	switch choice {
	case AutoBuySlow:
		return DefaultSlowDelay
	case AutoHang:
		return DefaultBackendTimeout
	}
	return 0
}

// AutoChoices returns every accepted Config.AutoChoice value.
func AutoChoices() []string {
	return []string{AutoNone, AutoBuy, AutoBuyExisting, AutoBuyInline, AutoBuySlow,
		AutoBuyDeferred, AutoBuyDeferredCancel, AutoBuyAsync, AutoTopUp, AutoCancel, AutoCancelInline,
		AutoBailAccount, AutoBailPayment, AutoBailConfirm, AutoFailService, AutoFailPurchase, AutoFailBilling,
		AutoFailLogon, AutoFailServiceInline, AutoFailPurchaseInline, AutoFailBillingInline, AutoFailLogonInline,
		AutoHang}
}

// InlineChoice reports whether an AutoChoice always hands back through the
// MobilePlans* APIs, whatever Config.API says.
func InlineChoice(choice string) bool {
	switch choice {
	case AutoBuyInline, AutoBuyDeferred, AutoBuyDeferredCancel, AutoBuyAsync, AutoTopUp, AutoCancelInline,
		AutoFailServiceInline, AutoFailPurchaseInline, AutoFailBillingInline, AutoFailLogonInline:
		return true
	}
	return false
}

// APIs returns the accepted Config.API values.
func APIs() []string { return []string{APILegacy, APIInline} }

// Hand-back API choices for Config.API.
const (
	APILegacy = "legacy" // DataMart.notifyPurchaseResult with a JSON string (§2.7)
	APIInline = "inline" // MobilePlans.createPurchaseMetaData + MobilePlansInlineOperations and MobilePlans.* (§2.1-§2.5, F3-F8)
)

// Config configures a demo portal Server.
type Config struct {
	// OperatorName is the brand shown on the page; "" means "Contoso Mobile".
	// The plan names start with its first word ("Contoso 5 GB — 30 days",
	// "Contoso 5 Go — 30 jours" on the French page).
	OperatorName string
	// AutoChoice makes the page complete a path on its own; see the Auto*
	// constants for the values.
	AutoChoice string
	// API selects the hand-back: APILegacy ("" too) or APIInline. The
	// inline-only AutoChoices (InlineChoice) use APIInline whatever it says.
	API string
	// IssueProfile is called for an eSIM purchase with the launch
	// parameters plus "plan" (plan id), "planName", "account", "payment"
	// and "line"; it returns the profile's ICCID and SGP.22 activation
	// code. Nil means FallbackProfile.
	IssueProfile func(q url.Values) (iccid, activationCode string)
	// OnRequest observes every request (tests, the host's log); may be nil.
	OnRequest func(RequestRecord)
	// SlowDelay is how long the "slow back end" test switch delays a
	// purchase; 0 means 3 seconds.
	SlowDelay time.Duration
	// BackendTimeout is how long the page waits for the back end before it
	// shows a ServiceError; 0 means 10 seconds.
	BackendTimeout time.Duration
	// BreakPolicies makes the page break the design policies a machine
	// checks, one break each, while every AutoChoice still hands back (see
	// WrongLang and the Broken* constants).
	BreakPolicies bool
}

// RequestRecord is one request the portal received.
type RequestRecord struct {
	Method, Path, RawQuery, AcceptLanguage, UserAgent string
	Header                                            http.Header
	At                                                time.Time
	// Truncated says the record was cut to MaxKeptHeaderBytes /
	// MaxKeptFieldBytes.
	Truncated bool
}

// Plan is one data plan the demo portal sells.
type Plan struct {
	ID    string `json:"id"`
	Name  string `json:"name"`  // the planName handed back (§2.2, §2.7)
	Cents int    `json:"cents"` // price in US cents
	Data  string `json:"data"`  // translation key of the description
	// NameKey is the translation key of Name, in which "{brand}" stands
	// for the operator's first word.
	NameKey string `json:"-"`
}

// Plans returns the plans the portal offers for the given operator name,
// first one first (AutoChoice always picks the first), named in English;
// the page, its configuration and the purchase name them in the page's
// language.
func Plans(operatorName string) []Plan {
	brand := brandOf(operatorName)
	return []Plan{
		{ID: "p5", Name: brand + " 5 GB — 30 days", Cents: 1500, Data: "planP5Desc", NameKey: "planP5Name"},
		{ID: "unl", Name: brand + " Unlimited — 30 days", Cents: 4000, Data: "planUnlDesc", NameKey: "planUnlName"},
	}
}

// plans returns Plans named in lang, a portal language (English for
// another).
func (s *Server) plans(lang string) []Plan {
	t := s.tr.strings[lang]
	brand := brandOf(s.cfg.OperatorName)
	ps := Plans(s.cfg.OperatorName)
	for i := range ps {
		if name := t[ps[i].NameKey]; name != "" {
			ps[i].Name = strings.ReplaceAll(name, "{brand}", brand)
		}
	}
	return ps
}

func brandOf(operatorName string) string {
	if f := strings.Fields(operatorName); len(f) > 0 {
		return f[0]
	}
	return "Contoso"
}

// Server is one demo portal instance.
type Server struct {
	cfg      Config
	files    fs.FS
	tmpl     *template.Template
	tr       *translations
	logo     template.HTML
	handler  http.Handler
	closing  chan struct{}
	mu       sync.Mutex
	requests []RequestRecord // the last MaxKeptRequests
	total    int
	srv      *http.Server
	closed   bool
	// sessions are the Settings of the sessions that have their own, by
	// their launch's transactionId (Session).
	sessions map[string]Settings
}

// New checks cfg and prepares a Server; it does not listen yet (see Start
// and Handler).
func New(cfg Config) (*Server, error) {
	if cfg.OperatorName == "" {
		cfg.OperatorName = "Contoso Mobile"
	}
	set, err := Settings{AutoChoice: cfg.AutoChoice, API: cfg.API}.Check()
	if err != nil {
		return nil, err
	}
	cfg.API = set.API
	if cfg.SlowDelay <= 0 {
		cfg.SlowDelay = DefaultSlowDelay
	}
	if cfg.BackendTimeout <= 0 {
		cfg.BackendTimeout = DefaultBackendTimeout
	}
	files, err := assets.Sub("demoportal")
	if err != nil {
		return nil, fmt.Errorf("demoportal: open embedded assets: %w", err)
	}
	s := &Server{cfg: cfg, files: files, closing: make(chan struct{})}
	if s.tr, err = loadTranslations(files); err != nil {
		return nil, err
	}
	logo, err := fs.ReadFile(files, "logo.svg")
	if err != nil {
		return nil, fmt.Errorf("demoportal: read logo: %w", err)
	}
	s.logo = template.HTML(logo) // our own embedded file, inlined to save a request
	s.tmpl, err = template.New("").ParseFS(files, "*.html")
	if err != nil {
		return nil, fmt.Errorf("demoportal: parse page templates: %w", err)
	}
	s.handler = s.routes()
	return s, nil
}

// Config returns the server's configuration with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// API returns the hand-back API the page uses in a session without
// Settings of its own: Config.API, or APIInline for an inline-only
// AutoChoice.
func (s *Server) API() string { return s.Defaults().handBackAPI() }

// Handler returns the portal's HTTP handler (for httptest or an outer mux).
func (s *Server) Handler() http.Handler { return s.handler }

// Start serves the portal over HTTPS with cert on addr ("" means
// "127.0.0.1:0", a free port) and returns the base URL, e.g.
// "https://127.0.0.1:4431/". Only loopback addresses are accepted: the demo
// portal is never exposed to the network. "localhost" binds 127.0.0.1.
func (s *Server) Start(addr string, cert Cert) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("demoportal: listen address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("demoportal: refusing to listen on %q: only loopback addresses (127.0.0.0/8, ::1) are allowed", addr)
	}
	if len(cert.TLS.Certificate) == 0 {
		return "", errors.New("demoportal: no TLS certificate (use LoadOrCreateCert)")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("demoportal: server is closed")
	}
	if s.srv != nil {
		return "", errors.New("demoportal: server already started")
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip.String(), port))
	if err != nil {
		return "", fmt.Errorf("demoportal: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert.TLS}, MinVersion: tls.VersionTLS12},
	}
	s.srv = srv
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	return "https://" + ln.Addr().String() + "/", nil
}

// Close stops the server (if started) and releases requests that are kept
// waiting by the "backend never answers" test switch.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
	if s.srv == nil {
		return nil
	}
	if err := s.srv.Close(); err != nil {
		return fmt.Errorf("demoportal: close: %w", err)
	}
	return nil
}

// MaxKeptRequests and MaxKeptHeaderBytes bound what the server remembers of
// the requests it received, so that a page (or anything on loopback) sending
// many requests with huge headers cannot grow the host's memory without end:
// only the last MaxKeptRequests are kept, and each keeps at most
// MaxKeptHeaderBytes of header names and values (later headers are dropped,
// a long value is cut) and MaxKeptFieldBytes of its query, Accept-Language
// and User-Agent. RequestRecord.Truncated says a record was cut.
const (
	MaxKeptRequests    = 256
	MaxKeptHeaderBytes = 16 << 10
	MaxKeptFieldBytes  = 8 << 10
)

// Requests returns a copy of the last MaxKeptRequests requests received
// (oldest first), each capped as MaxKeptHeaderBytes says.
func (s *Server) Requests() []RequestRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]RequestRecord, len(s.requests))
	for i, r := range s.requests {
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// RequestCount returns how many requests the server received in all,
// including those no longer kept.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// capString returns a copy of at most n bytes of v (a copy, so that a cut
// value does not keep the request's whole buffer alive).
func capString(v string, n int, cut *bool) string {
	if len(v) > n {
		*cut = true
		v = v[:n]
	}
	return strings.Clone(v)
}

// capHeader copies h keeping at most MaxKeptHeaderBytes of names and values.
func capHeader(h http.Header, cut *bool) http.Header {
	out := make(http.Header, len(h))
	budget := MaxKeptHeaderBytes
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range h[k] {
			if budget <= len(k) {
				*cut = true
				return out
			}
			budget -= len(k)
			v = capString(v, budget, cut)
			budget -= len(v)
			out[k] = append(out[k], v)
		}
	}
	return out
}

// record notes a request (capped, see MaxKeptRequests) and tells the observer.
func (s *Server) record(r *http.Request) {
	var cut bool
	rec := RequestRecord{
		Method: r.Method, Path: capString(r.URL.Path, MaxKeptFieldBytes, &cut), RawQuery: capString(r.URL.RawQuery, MaxKeptFieldBytes, &cut),
		AcceptLanguage: capString(r.Header.Get("Accept-Language"), MaxKeptFieldBytes, &cut),
		UserAgent:      capString(r.UserAgent(), MaxKeptFieldBytes, &cut),
		Header:         capHeader(r.Header, &cut), At: time.Now(),
	}
	rec.Truncated = cut
	s.mu.Lock()
	s.total++
	if len(s.requests) >= MaxKeptRequests {
		// Drop the oldest; copy down so the backing array stays bounded.
		n := copy(s.requests, s.requests[len(s.requests)-MaxKeptRequests+1:])
		clear(s.requests[n:])
		s.requests = s.requests[:n]
	}
	s.requests = append(s.requests, rec)
	s.mu.Unlock()
	if s.cfg.OnRequest != nil {
		rec.Header = rec.Header.Clone()
		s.cfg.OnRequest(rec)
	}
}

// contentSecurityPolicy allows same-origin resources only and no inline
// script (contract §4 "Security": no 3rd-party modules, everything from the
// portal's own https origin).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveIndex)
	mux.HandleFunc("GET /api/config", s.serveConfig)
	mux.HandleFunc("/api/purchase", s.servePurchase)
	mux.HandleFunc("POST /api/signin", s.serveSignIn)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	static := http.FileServerFS(s.files)
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".html") || strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r) // templates and listings are not static files
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		static.ServeHTTP(w, r)
	})))
	gz := withGzip(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(r)
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		gz.ServeHTTP(w, r)
	})
}

// pageData is what index.html is rendered with.
type pageData struct {
	Lang           string
	T              map[string]string
	Operator       string
	Logo           template.HTML
	Launch         Launch
	AcceptLanguage string
	Plans          []planView
	Data           any
	DemoUsers      []DemoUser
	Auto           string
	// Break renders the element breaks of Config.BreakPolicies; HTMLLang
	// is the <html lang> (Lang, or WrongLang with Break).
	Break       bool
	HTMLLang    string
	BrokenImage string
}

type planView struct {
	Plan
	Price string
	Desc  string
}

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	lang := s.tr.match(r.Header.Get("Accept-Language"))
	t := s.tr.strings[lang]
	query := r.URL.Query()
	launch := ParseLaunch(query, r.Header)
	set := s.settings(query.Get("transactionId"))
	plans := s.plans(lang)
	views := make([]planView, len(plans))
	for i, p := range plans {
		views[i] = planView{Plan: p, Price: formatPrice(p.Cents, t), Desc: t[p.Data]}
	}
	jsStrings := map[string]string{}
	for k, v := range t {
		if strings.HasPrefix(k, "js_") {
			jsStrings[strings.TrimPrefix(k, "js_")] = v
		}
	}
	data := pageData{
		Lang: lang, T: t, Operator: s.cfg.OperatorName, Logo: s.logo, Launch: launch,
		AcceptLanguage: r.Header.Get("Accept-Language"), Plans: views, DemoUsers: demoUsers(),
		Auto: set.AutoChoice, Break: set.BreakPolicies, HTMLLang: lang, BrokenImage: BrokenHTTPImage,
		Data: map[string]any{
			"launch": launch,
			"cfg":    s.clientConfig(set),
			"plans":  plans,
			"lang":   lang,
			"t":      jsStrings,
		},
	}
	if data.Break {
		data.HTMLLang = WrongLang(r.Header.Get("Accept-Language"))
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Add("Vary", "Accept-Language")
	h.Set("Cache-Control", "no-store")
	if err := s.tmpl.ExecuteTemplate(w, "index.html", data); err != nil {
		// Headers are gone by now; the truncated page is the best we can do.
		_ = err
	}
}

// clientConfig is the configuration the page of a session with Settings
// set needs (also GET /api/config). With set.BreakPolicies it also carries
// what portal.js breaks.
func (s *Server) clientConfig(set Settings) map[string]any {
	cfg := map[string]any{
		"operatorName":  s.cfg.OperatorName,
		"autoChoice":    set.AutoChoice,
		"api":           set.handBackAPI(),
		"timeoutMs":     s.cfg.BackendTimeout.Milliseconds(),
		"breakPolicies": set.BreakPolicies,
	}
	if set.BreakPolicies {
		cfg["broken"] = map[string]string{
			"popup": BrokenPopupURL, "fetch": BrokenFetchPath, "consoleError": BrokenConsoleError, "uncaught": BrokenUncaught,
		}
	}
	return cfg
}

// serveConfig answers GET /api/config: the page's configuration, that of
// the session whose transactionId the query names (Session), else
// Config's.
func (s *Server) serveConfig(w http.ResponseWriter, r *http.Request) {
	cfg := s.clientConfig(s.settings(r.URL.Query().Get("transactionId")))
	cfg["plans"] = s.plans(s.tr.match(r.Header.Get("Accept-Language")))
	cfg["autoChoices"] = AutoChoices()[1:]
	writeJSON(w, http.StatusOK, cfg)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// backendFailure is the JSON body of a failed back-end call; Status is the
// moDirectStatus the page should hand back (§2.2), and Field, if any, the
// input the page should have the user fix ("card").
//
// The HTTP status says whose the failure is. What a user causes in normal
// use (a wrong password) is an ordinary answer, 200 with ok false: mpsim
// flags a portal's request that gets an HTTP error (request-http-error, a
// warning, docs/findings.md), and a correct portal signing in a user who
// mistyped their password has nothing to look at. A request a correct
// page never makes (an unknown plan, a new card without its details) is
// 400, and the test switches, which simulate the back end failing, answer
// with the HTTP errors of those failures (503, 402).
type backendFailure struct {
	OK      bool   `json:"ok"`
	Status  string `json:"status"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// PurchaseResponse is the JSON answer of /api/purchase.
type PurchaseResponse struct {
	OK             bool   `json:"ok"`
	Kind           string `json:"kind"` // "esim" or "psim"
	ICCID          string `json:"iccid"`
	ActivationCode string `json:"activationCode,omitempty"`
	PlanName       string `json:"planName"`
	OrderID        string `json:"orderId"`
	// TopUp is true when the plan went onto an existing line (the
	// "topup" value named one of Launch.TopUp, or a legacy eSIM purchase
	// whose launch names one): ICCID is that plan's and no profile is
	// issued (flows F7, F2).
	TopUp bool `json:"topUp,omitempty"`
}

// wait applies the "slow back end" and "never answers" test switches. It
// reports false when the request should not be answered at all.
func (s *Server) wait(ctx context.Context, force string) bool {
	var delay <-chan time.Time
	switch force {
	case "slow":
		timer := time.NewTimer(s.cfg.SlowDelay)
		defer timer.Stop()
		delay = timer.C
	case "hang":
		// delay stays nil: only the client or Close ends the wait.
	default:
		return true
	}
	select {
	case <-delay:
		return true
	case <-ctx.Done():
	case <-s.closing:
	}
	return false
}

// servePurchase completes a purchase (GET or POST; form or query values).
// For an eSIM launch (eid present) it issues a profile through
// Config.IssueProfile; for a physical SIM it echoes the launch ICCID and
// sends no activation code (§2.7 pSIM example). A "topup" value adds the
// plan to an existing one instead: it must be one of the launch's
// Launch.TopUp ICCIDs, and no profile is issued (flow F7). With the legacy
// API an eSIM launch that names a plan of ours (Launch.TopUp) gets its new
// plan on the first of them, without a new profile (flow F2); the inline
// API lets the user choose between that (top-up) and a new line. The "force"
// value carries the demo test switches. The plan is named in the page's
// language (purchaseLanguage). A purchase with a new card (payment New)
// carries it, card and expiry, or is refused with HTTP 400 and field
// "card", which the page shows on its payment step.
func (s *Server) servePurchase(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, backendFailure{Status: "ClientError", Message: "use GET or POST"})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, backendFailure{Status: "ClientError", Message: "bad form: " + err.Error()})
		return
	}
	q := r.Form
	force := q.Get("force")
	if !s.wait(r.Context(), force) {
		return
	}
	switch force {
	case "ServiceError":
		writeJSON(w, http.StatusServiceUnavailable, backendFailure{Status: "ServiceError", Message: "demo switch: the billing system is unavailable"})
		return
	case "PurchaseFailed":
		writeJSON(w, http.StatusPaymentRequired, backendFailure{Status: "PurchaseFailed", Message: "demo switch: the payment was declined"})
		return
	case "BillingError":
		writeJSON(w, http.StatusPaymentRequired, backendFailure{Status: "BillingError", Message: "demo switch: the billing account has a problem"})
		return
	}
	plan, refused := s.orderedPlan(r)
	if refused != nil {
		writeJSON(w, http.StatusBadRequest, *refused)
		return
	}
	launch := ParseLaunch(q, nil)
	orderID, err := randomString("0123456789", 8)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, backendFailure{Status: "ServiceError", Message: err.Error()})
		return
	}
	resp := PurchaseResponse{OK: true, Kind: launch.Kind, PlanName: plan.Name, OrderID: "CM-" + orderID}
	if topUp := s.existingLine(q, launch); topUp != "" {
		if !slices.Contains(launch.TopUp, topUp) {
			writeJSON(w, http.StatusBadRequest, backendFailure{Status: "ClientError",
				Message: fmt.Sprintf("no plan of ours with ICCID %q on this device (launch iccids/iccid)", topUp)})
			return
		}
		resp.ICCID, resp.TopUp = topUp, true
		writeJSON(w, http.StatusOK, resp)
		return
	}
	switch launch.Kind {
	case "esim":
		if resp.ICCID, resp.ActivationCode, err = s.issueProfile(q, plan.Name); err != nil {
			writeJSON(w, http.StatusInternalServerError, backendFailure{Status: "ServiceError", Message: err.Error()})
			return
		}
	case "psim":
		resp.ICCID = launch.ICCID
	default:
		writeJSON(w, http.StatusBadRequest, backendFailure{Status: "ClientError", Message: "neither eid nor iccid given"})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// orderedPlan is the plan a purchase request r (its form parsed) names,
// named in the page's language, or why the request is refused (HTTP 400):
// the plan is unknown, or a new card (payment New) comes without its
// details.
func (s *Server) orderedPlan(r *http.Request) (Plan, *backendFailure) {
	q := r.Form
	plans := s.plans(s.purchaseLanguage(r))
	i := slices.IndexFunc(plans, func(p Plan) bool { return p.ID == q.Get("plan") })
	if i < 0 {
		return Plan{}, &backendFailure{Status: "ClientError", Message: fmt.Sprintf("unknown plan %q", q.Get("plan"))}
	}
	if q.Get("payment") == "New" {
		if why := badCard(q.Get("card"), q.Get("expiry")); why != "" {
			return Plan{}, &backendFailure{Status: "PurchaseFailed", Field: "card", Message: "payment New needs the new card: " + why}
		}
	}
	return plans[i], nil
}

// badCard says what is wrong with a new card's number (16 digits, spaces
// and hyphens allowed) and expiry date (MM/YY), or "" when nothing is: the
// demo takes any such card, as the page's own check does.
func badCard(number, expiry string) string {
	digits := strings.NewReplacer(" ", "", "-", "").Replace(number)
	switch {
	case number == "":
		return "no card number (card)"
	case len(digits) != 16 || strings.Trim(digits, "0123456789") != "":
		return "the card number (card) is not 16 digits"
	case !validExpiry(strings.TrimSpace(expiry)):
		return "no expiry date MM/YY (expiry)"
	}
	return ""
}

// validExpiry reports whether s is an expiry date MM/YY.
func validExpiry(s string) bool {
	mm, yy, ok := strings.Cut(s, "/")
	if !ok || len(mm) != 2 || len(yy) != 2 || strings.Trim(mm+yy, "0123456789") != "" {
		return false
	}
	m, _ := strconv.Atoi(mm)
	return m >= 1 && m <= 12
}

// existingLine returns the ICCID of the plan a purchase goes onto, or ""
// for a new line: the "topup" value, or, for a legacy eSIM purchase whose
// launch names a plan of ours, the first of them. That is flow F2 (contract
// §3): the eSIM holds a plan of ours already, so the new plan goes onto
// that line in our back end and nothing is downloaded; the hand-back names
// its ICCID without an activation code. Issuing a profile per purchase
// would grow the device by one profile each time (a demo kiosk: hundreds
// in a week).
func (s *Server) existingLine(q url.Values, launch Launch) string {
	if topUp := q.Get("topup"); topUp != "" {
		return topUp
	}
	if launch.Kind == "esim" && len(launch.TopUp) > 0 && s.settings(launch.TransactionID).handBackAPI() == APILegacy {
		return launch.TopUp[0]
	}
	return ""
}

// issueProfile issues the eSIM profile of a purchase of planName through
// Config.IssueProfile (FallbackProfile without it), passing it the
// purchase's values q but the test switches and the card; it fails when
// no profile comes back.
func (s *Server) issueProfile(q url.Values, planName string) (iccid, activationCode string, err error) {
	args := url.Values{}
	for k, v := range q {
		switch k {
		case "force", "card", "expiry":
		default:
			args[k] = slices.Clone(v)
		}
	}
	args.Set("planName", planName)
	if s.cfg.IssueProfile != nil {
		iccid, activationCode = s.cfg.IssueProfile(args)
	} else if iccid, activationCode, err = FallbackProfile(); err != nil {
		return "", "", err
	}
	if iccid == "" || activationCode == "" {
		return "", "", errors.New("no eSIM profile could be issued")
	}
	return iccid, activationCode, nil
}

// purchaseLanguage is the language a purchase names its plan in: the
// page's, which portal.js sends as "lang", else the one the request's
// Accept-Language gets.
func (s *Server) purchaseLanguage(r *http.Request) string {
	if lang := r.Form.Get("lang"); slices.Contains(Languages(), lang) {
		return lang
	}
	return s.tr.match(r.Header.Get("Accept-Language"))
}

// DemoUser is an existing customer the sign-in step accepts.
type DemoUser struct {
	Email    string `json:"email"`
	Password string `json:"-"`
	Name     string `json:"name"`
	Card     string `json:"card,omitempty"` // stored payment method, "" if none
	Line     string `json:"line,omitempty"` // existing phone line, "" if none
}

// demoUsers returns the documented demo accounts: alex has a stored card
// and an existing line; sam has an account only.
func demoUsers() []DemoUser {
	return []DemoUser{
		{Email: "alex@contoso.example", Password: "demo", Name: "Alex Demo", Card: "Visa •••• 4242", Line: "+1 425 555 0100"},
		{Email: "sam@contoso.example", Password: "demo", Name: "Sam Demo"},
	}
}

// serveSignIn checks a demo user's credentials; a failure hands the page a
// LogOnFailed status (§2.2), with HTTP 200 (backendFailure).
func (s *Server) serveSignIn(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, backendFailure{Status: "ClientError", Message: "bad form: " + err.Error()})
		return
	}
	force := r.Form.Get("force")
	if !s.wait(r.Context(), force) {
		return
	}
	if force == "ServiceError" {
		writeJSON(w, http.StatusServiceUnavailable, backendFailure{Status: "ServiceError", Message: "demo switch: sign-in service unavailable"})
		return
	}
	if force != "LogOnFailed" {
		for _, u := range demoUsers() {
			if strings.EqualFold(u.Email, strings.TrimSpace(r.Form.Get("email"))) && u.Password == r.Form.Get("password") {
				writeJSON(w, http.StatusOK, map[string]any{"ok": true, "user": u})
				return
			}
		}
	}
	// An answer, not an HTTP error: a user mistyping a password is no
	// failure of the portal (backendFailure).
	writeJSON(w, http.StatusOK, backendFailure{Status: "LogOnFailed", Message: "wrong e-mail address or password"})
}

// formatPrice renders cents with the language's pattern and decimal mark.
func formatPrice(cents int, t map[string]string) string {
	amount := strconv.Itoa(cents/100) + t["priceDecimal"] + fmt.Sprintf("%02d", cents%100)
	return strings.ReplaceAll(t["pricePattern"], "{amount}", amount)
}

// Language returns the portal language ("en", "fr", "de", "es" or "ja")
// chosen for an Accept-Language header value.
func (s *Server) Language(acceptLanguage string) string { return s.tr.match(acceptLanguage) }
