package audit

import (
	"net"
	"net/url"
	"strings"

	"mpsim/app/internal/inspect"
)

// Thresholds are the figures the automated checks compare against. A zero
// field means the default of [DefaultThresholds].
type Thresholds struct {
	// StartupPassMs and StartupFailMs bound the launch-to-first-paint
	// time: at most StartupPassMs passes, above StartupFailMs fails, in
	// between warns.
	StartupPassMs float64 `json:"startupPassMs,omitempty"`
	StartupFailMs float64 `json:"startupFailMs,omitempty"`
	// LoadPassMs and LoadFailMs bound the first page's load time (its
	// main document's start to the end of the last request of the first
	// screen).
	LoadPassMs float64 `json:"loadPassMs,omitempty"`
	LoadFailMs float64 `json:"loadFailMs,omitempty"`
	// BytesPass and BytesFail bound the bytes of the first screen.
	BytesPass int64 `json:"bytesPass,omitempty"`
	BytesFail int64 `json:"bytesFail,omitempty"`
	// LargeImageBytes is the body size above which one image is large.
	LargeImageBytes int64 `json:"largeImageBytes,omitempty"`
	// ClutterImages, ClutterExternalLinks and ClutterText are the most
	// images, links to other hosts and characters of visible text one
	// page shows before it counts as cluttered.
	ClutterImages        int `json:"clutterImages,omitempty"`
	ClutterExternalLinks int `json:"clutterExternalLinks,omitempty"`
	ClutterText          int `json:"clutterText,omitempty"`
	// StallFailMs is the longest main-thread stall (the inspection
	// script's heartbeat late by that much) before responsiveness fails;
	// a shorter stall over inspect.StallMs warns.
	StallFailMs float64 `json:"stallFailMs,omitempty"`
}

// DefaultThresholds returns the thresholds docs/policies.md documents.
func DefaultThresholds() Thresholds {
	return Thresholds{
		StartupPassMs:        4000,
		StartupFailMs:        10000,
		LoadPassMs:           3000,
		LoadFailMs:           10000,
		BytesPass:            1 << 20,
		BytesFail:            3 << 20,
		LargeImageBytes:      200 << 10,
		ClutterImages:        15,
		ClutterExternalLinks: 5,
		ClutterText:          3000,
		StallFailMs:          2000,
	}
}

// withDefaults fills the zero fields of t with the defaults.
func (t Thresholds) withDefaults() Thresholds {
	d := DefaultThresholds()
	orF := func(v, def float64) float64 {
		if v > 0 {
			return v
		}
		return def
	}
	orI := func(v, def int64) int64 {
		if v > 0 {
			return v
		}
		return def
	}
	return Thresholds{
		StartupPassMs:        orF(t.StartupPassMs, d.StartupPassMs),
		StartupFailMs:        orF(t.StartupFailMs, d.StartupFailMs),
		LoadPassMs:           orF(t.LoadPassMs, d.LoadPassMs),
		LoadFailMs:           orF(t.LoadFailMs, d.LoadFailMs),
		BytesPass:            orI(t.BytesPass, d.BytesPass),
		BytesFail:            orI(t.BytesFail, d.BytesFail),
		LargeImageBytes:      orI(t.LargeImageBytes, d.LargeImageBytes),
		ClutterImages:        int(orI(int64(t.ClutterImages), int64(d.ClutterImages))),
		ClutterExternalLinks: int(orI(int64(t.ClutterExternalLinks), int64(d.ClutterExternalLinks))),
		ClutterText:          int(orI(int64(t.ClutterText), int64(d.ClutterText))),
		StallFailMs:          orF(t.StallFailMs, d.StallFailMs),
	}
}

// facts is the input with what several checks derive from it.
type facts struct {
	in     Input
	th     Thresholds
	launch *url.URL // nil when LaunchURL does not parse
	host   string   // the portal's host, lower case
}

// newFacts prepares the facts of in.
func newFacts(in Input) *facts {
	f := &facts{in: in, th: in.Thresholds.withDefaults()}
	if u, err := url.Parse(in.LaunchURL); err == nil && u.Host != "" {
		f.launch = u
		f.host = normHost(u.Hostname())
	}
	return f
}

// normHost lower-cases a host and drops a trailing dot.
func normHost(h string) string { return strings.TrimSuffix(strings.ToLower(h), ".") }

// isLoopback reports whether host is localhost or a loopback address.
func isLoopback(host string) bool {
	host = normHost(host)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// scheme classes of a URL for the https policies.
const (
	schemeSecure   = iota // https, wss, or a scheme that is not fetched (data:, blob:, about:, javascript:)
	schemeInsecure        // http or ws to a non-loopback host
	schemeLoopback        // http or ws to a loopback host (local development)
)

// schemeClass classifies raw for the https policies.
func schemeClass(raw string) int {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return schemeSecure
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "ws":
		if isLoopback(u.Hostname()) {
			return schemeLoopback
		}
		return schemeInsecure
	}
	return schemeSecure
}

// hostOf returns the lower-case host of raw ("" for none).
func hostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return normHost(u.Hostname())
}

// ownHost reports whether host is the portal's, a notification host or a
// subdomain of either.
func (f *facts) ownHost(host string) bool {
	if host == "" {
		return true
	}
	if f.host != "" && (host == f.host || strings.HasSuffix(host, "."+f.host)) {
		return true
	}
	for _, h := range f.in.AllowedHosts {
		h = normHost(strings.TrimPrefix(strings.TrimPrefix(h, "*."), "."))
		if h != "" && (host == h || strings.HasSuffix(host, "."+h)) {
			return true
		}
	}
	return false
}

// siteAllowed reports whether host is one of the operator's allowed hosts
// (Input.SiteHosts) or a subdomain of one ("*.psp.example" too).
func (f *facts) siteAllowed(host string) bool {
	for _, h := range f.in.SiteHosts {
		h = normHost(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(h), "*."), "."))
		if h != "" && (host == h || strings.HasSuffix(host, "."+h)) {
			return true
		}
	}
	return false
}

// probes returns the probes that read the page without an error.
func (f *facts) probes() []inspect.Probe {
	var out []inspect.Probe
	for _, p := range f.in.Probes {
		if p.Error == "" || p.URL != "" {
			out = append(out, p)
		}
	}
	return out
}

// noProbe is the note of a check that needs a probe when the session has
// none that read the page: why not, when the window said.
func (f *facts) noProbe() string {
	var why []string
	for _, p := range f.in.Probes {
		if p.Error != "" && p.URL == "" {
			why = append(why, p.Label+": "+p.Error)
		}
	}
	if len(why) == 0 {
		return "no DOM probe in this session"
	}
	return "no DOM probe read the page (" + strings.Join(why, "; ") + ")"
}

// probesOr returns the probes that read the page, for a check that
// judges the pages. With none it makes the policy manual, notes why
// (noProbe) and returns ok false: the check has nothing to judge.
func (f *facts) probesOr(o *outcome) (ps []inspect.Probe, ok bool) {
	ps = f.probes()
	if len(ps) == 0 {
		o.manual()
		o.note("%s", f.noProbe())
		return nil, false
	}
	return ps, true
}

// probeLabel names a probe in evidence: its label and its URL without
// the query (the launch parameters: the device's identifiers).
func probeLabel(p inspect.Probe) string {
	if p.URL == "" {
		return p.Label
	}
	return p.Label + " (" + withoutQuery(p.URL) + ")"
}

// screenshotAt returns the window-clock time of the screenshot labelled
// label, or 0 when there is none.
func (f *facts) screenshotAt(label string) float64 {
	for _, s := range f.in.Screenshots {
		if s.Label == label {
			return s.AtMs
		}
	}
	return 0
}

// hasFinding returns the session findings with code.
func (f *facts) findings(code string) []string {
	var out []string
	for _, x := range f.in.Findings {
		if x.Code == code {
			out = append(out, x.Code+": "+x.Message)
		}
	}
	return out
}

// succeeded reports whether the portal handed back a successful purchase.
func (f *facts) succeeded() bool { return f.in.HandBack != nil && f.in.HandBack.Success }

// unrecorded makes the policy manual when the session recorded no network
// request (inspection off, or the portal never loaded): an empty record
// proves nothing. It reports whether that was the case.
func (f *facts) unrecorded(o *outcome) bool {
	if len(f.in.Network) > 0 {
		return false
	}
	o.manual()
	o.note("no network request recorded (inspection off, or the portal did not load)")
	return true
}
