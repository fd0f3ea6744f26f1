package session

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"mpsim/app/internal/audit"
	"mpsim/app/internal/inspect"
	"mpsim/bridge"
)

// Caps on the records of the portal itself a report keeps (the window has
// its own, larger, caps; see ipc.MaxConsole and ipc.MaxRequests).
const (
	MaxConsole     = 2000
	MaxRequests    = 3000
	MaxNavigations = 500
	// MaxSameDocument is how many of the navigations a window records may
	// be same-document ones (ipc.MaxSameDocument).
	MaxSameDocument = 100
	// maxListed is how many distinct errors of one kind become findings.
	maxListed = 5
)

// inspection is what the session keeps of the portal itself; guarded by
// runner.mu.
type inspection struct {
	cutConsole, cutRequests, cutNavigations int
	errorsSeen                              map[string]bool
	// offsiteSeen are the hosts of other sites an offsite-navigation
	// finding has named.
	offsiteSeen map[string]bool
}

// handleInspection records one console, request, navigation or screenshot
// event and reports whether ev was one.
func (r *runner) handleInspection(ev Event) bool {
	switch {
	case ev.Type == WindowConsole && ev.Console != nil:
		c := *ev.Console
		r.mu.Lock()
		if len(r.report.Console) < MaxConsole {
			r.report.Console = append(r.report.Console, c)
		} else {
			r.insp.cutConsole++
		}
		r.pageErrs.see(c)
		r.mu.Unlock()
		r.notify(LogEntry{At: ev.At, Kind: KindConsole, URL: c.Frame, Text: c.Level + ": " + c.Text, Console: &c})
		r.pageError(c)
	case ev.Type == WindowRequest && ev.Request != nil:
		q := *ev.Request
		r.mu.Lock()
		if len(r.report.Network) < MaxRequests {
			r.report.Network = append(r.report.Network, q)
		} else {
			r.insp.cutRequests++
		}
		r.mu.Unlock()
		r.notify(LogEntry{At: ev.At, Kind: KindRequest, URL: q.URL, Text: requestText(q), Request: &q})
	case ev.Type == WindowNavigation && ev.Navigation != nil:
		n := *ev.Navigation
		r.mu.Lock()
		if len(r.report.Navigations) < MaxNavigations {
			r.report.Navigations = append(r.report.Navigations, n)
		} else {
			r.insp.cutNavigations++
		}
		r.mu.Unlock()
		r.log(LogEntry{At: ev.At, Kind: KindNavigation, URL: n.URL, Text: navigationText(n), Navigation: &n})
		if f, ok := r.navigationFinding(n); ok {
			r.addPageFinding(f)
		}
	case ev.Type == WindowScreenshot && ev.Screenshot != nil:
		r.addScreenshot(*ev.Screenshot, ev.At)
		r.firstRecordCame(ev.Screenshot.Label, &r.firstRecord.shot)
	case ev.Type == WindowProbe && ev.Probe != nil:
		pr := *ev.Probe
		r.mu.Lock()
		r.report.Probes = append(r.report.Probes, pr)
		r.mu.Unlock()
		r.log(LogEntry{At: ev.At, Kind: KindProbe, URL: pr.URL, Text: "DOM probe at " + pr.Label, Probe: &pr})
		r.firstRecordCame(pr.Label, &r.firstRecord.probe)
	default:
		return false
	}
	return true
}

// notify gives e to the observer without keeping it in the log: console
// messages and requests have their own lists in the report.
func (r *runner) notify(e LogEntry) {
	if r.observe != nil {
		r.observe(e)
	}
}

// pageError turns an uncaught error or rejection into a finding, once per
// distinct message and at most maxListed of them: api-mistyped for a
// Mobile Plans name the page mistyped, page-csp-violation for what the
// page's own Content-Security-Policy stopped, page-error or
// page-unhandled-rejection for the others.
func (r *runner) pageError(c inspect.ConsoleMessage) {
	code := ""
	switch {
	case c.Kind == inspect.ConsoleError && c.CSPRefusal():
		code = bridge.CodePageCSPViolation
	case c.EvalRefused():
		return // the EvalError of a refused eval(): the violation's page-csp-violation says it
	case c.Kind == inspect.ConsoleError:
		code = bridge.CodePageError
	case c.Kind == inspect.ConsoleRejection:
		code = bridge.CodePageRejection
	default:
		return
	}
	r.mu.Lock()
	if r.insp.errorsSeen == nil {
		r.insp.errorsSeen = map[string]bool{}
	}
	key := code + "\x00" + c.Text
	fresh := !r.insp.errorsSeen[key] && len(r.insp.errorsSeen) < maxListed
	if fresh {
		r.insp.errorsSeen[key] = true
	}
	r.mu.Unlock()
	if !fresh {
		return
	}
	where := c.Place()
	if code == bridge.CodePageError {
		if f, ok := explainedPageError(c, where); ok {
			r.addPageFinding(f)
			return
		}
	}
	what := "threw an uncaught exception"
	switch {
	case code == bridge.CodePageRejection:
		what = "left a promise rejection unhandled"
	case code == bridge.CodePageCSPViolation:
		what = "was stopped by its own Content-Security-Policy"
	}
	r.addPageFinding(bridge.NewFinding(code, "console",
		"The page %s%s: %s", what, where, c.TextLine()))
}

// navigationFinding is the finding a navigation record calls for, if any.
func (r *runner) navigationFinding(n inspect.Navigation) (bridge.Finding, bool) {
	switch n.Kind {
	case inspect.NavPopup:
		how := popupHow(n)
		return bridge.NewFinding(bridge.CodePopupBlocked, "navigation",
			"The page tried to open a new window for %s through %s; the Mobile Plans app opens no pop-ups or new windows, so it was blocked.", n.URL, how), true
	case inspect.NavDownload:
		return bridge.NewFinding(bridge.CodeDownloadBlocked, "navigation",
			"The page started a download of %s; a portal must not deliver apps, modules or files, so it was cancelled.", n.URL), true
	case inspect.NavScheme:
		if withScheme, relative, ok := inspect.SchemelessAddress(n.URL); ok {
			scheme, _, _ := strings.Cut(n.URL, ":")
			return bridge.NewFinding(bridge.CodeCustomScheme, "navigation",
				"The page navigated to %s, an address without https:// in front, which a browser reads as a URL of the scheme %q:, another app's, not as a host and port; mpsim blocked it and kept the portal, as the app would not follow it. Write the whole address, %s, or a relative URL, %s.", n.URL, scheme, withScheme, relative), true
		}
		return bridge.NewFinding(bridge.CodeCustomScheme, "navigation",
			"The page navigated to %s, which another app would handle; the portal must keep the user until the purchase is handed back. mpsim blocked it and kept the portal.", n.URL), true
	case inspect.NavTopFrame, inspect.NavRedirect:
		// A hop the walled garden refused never left the page
		// (walled-garden-blocked says so): no navigation of the portal.
		if audit.GardenRefused(n, r.cfg.WalledGarden) {
			return bridge.Finding{}, false
		}
		if host, ok := r.offsite(n.URL); ok && r.firstOffsite(host) {
			return bridge.NewFinding(bridge.CodeOffsiteNavigation, "navigation",
				"The portal's top frame went to %s (%s), another site than the portal's; allowed only as needed to finish the purchase.", host, n.URL), true
		}
	}
	return bridge.Finding{}, false
}

// offsite returns the host of uri when it is neither the portal's nor a
// notification host (http and https only).
func (r *runner) offsite(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	host := strings.ToLower(u.Hostname())
	if lu, err := url.Parse(r.cfg.Launch.URL); err == nil && strings.EqualFold(lu.Hostname(), host) {
		return "", false
	}
	for _, h := range r.cfg.AllowedHosts {
		if strings.EqualFold(strings.Trim(h, "[]"), host) {
			return "", false
		}
	}
	return host, true
}

// inspectionFindings are the findings about the whole recording, made when
// the session ends: console errors counted, failed and HTTP-error requests
// (the main document's own failure is portal-load-failed), and the caps.
func (r *runner) inspectionFindings(drops DropCounts) []bridge.Finding {
	r.mu.Lock()
	console := r.report.Console
	network := r.report.Network
	cut := r.insp
	r.mu.Unlock()
	console2, requests, navs := drops.Console+cut.cutConsole, drops.Requests+cut.cutRequests, drops.Navigations+cut.cutNavigations
	out := consoleFindings(console, console2)
	out = append(out, networkFindings(network, r.pinCertHow())...)
	out = append(out, walledGardenFindings(network, r.cfg)...)
	if console2+requests+navs > 0 {
		out = append(out, bridge.NewFinding(bridge.CodeInspectionCapped, "",
			"Not kept: %s over the recording's caps (%d console messages, %d requests, %d navigations, of which %d same-document ones; console messages also %d per second, and %d per second of one message, its digits aside).",
			counted(count{console2, "console message"}, count{requests, "request"}, count{navs, "navigation"}), MaxConsole, MaxRequests, MaxNavigations, MaxSameDocument, 200, 10))
	}
	return out
}

// consoleFindings counts the page's console.error calls in one finding;
// with dropped console records not kept, the count is a lower bound.
func consoleFindings(console []inspect.ConsoleMessage, dropped int) []bridge.Finding {
	var errs []inspect.ConsoleMessage
	for _, c := range console {
		if c.Kind == inspect.ConsoleCall && c.Level == "error" {
			errs = append(errs, c)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	first := errs[0]
	where := first.Place()
	count := plural(len(errs), "error")
	if dropped > 0 {
		count = fmt.Sprintf("at least %s (%s not kept, see inspection-capped)", count, plural(dropped, "more console message"))
	}
	return []bridge.Finding{bridge.NewFinding(bridge.CodeConsoleError, "console",
		"The page logged %s with console.error; the first%s: %s", count, where, first.TextLine())}
}

// networkFindings lists the first failed and HTTP-error sub-resources and
// counts the rest; pinHow says how the user pins a certificate, for a TLS
// failure (Config.PinCertHow).
func networkFindings(network []inspect.Request, pinHow string) []bridge.Finding {
	var out []bridge.Finding
	failed, httpErr := 0, 0
	for _, q := range network {
		switch {
		case q.Main || q.Pending || q.Blocked:
		case q.Refused == inspect.RefusedCSP:
			// The page's own policy refused it: one cause, one finding,
			// its page-csp-violation; the network entry keeps why.
		case q.Status >= 400:
			// Also when WebKit then cancelled it (a stylesheet whose 404
			// page came as text/html): the portal lacks the file.
			if httpErr++; httpErr <= maxListed {
				out = append(out, bridge.NewFinding(bridge.CodeRequestHTTPError, "network",
					"%s %s answered HTTP %d %s.", q.Method, q.URL, q.Status, q.StatusText))
			}
		case q.Cancelled:
		case q.Failure() != "":
			if failed++; failed <= maxListed {
				out = append(out, failedRequest(q, pinHow))
			}
		}
	}
	if failed > maxListed || httpErr > maxListed {
		out = append(out, bridge.NewFinding(bridge.CodeRequestFailed, "network",
			"In all %s failed and %s got an HTTP error; the report's network list has every one.", plural(failed, "request"), plural(httpErr, "request")))
	}
	return out
}

func failedRequest(q inspect.Request, pinHow string) bridge.Finding {
	reason := q.Failure()
	if q.TLS {
		reason = "TLS: " + reason + " (pin the host's certificate " + pinHow + " if it is yours)"
	}
	if gardenRedirected(q) {
		reason = strings.TrimSuffix(reason, ".") + " (the walled garden: it was redirected to a host outside it, which WebKit does not name; see walled-garden-blocked)"
	}
	if strings.Contains(reason, "Access-Control-Allow-Origin") {
		reason = strings.TrimSuffix(reason, ".") + " (" + corsNote(q.Method) + ")"
	}
	return bridge.NewFinding(bridge.CodeRequestFailed, "network", "%s %s failed: %s.", q.Method, q.URL, reason)
}

// corsNote says where to look for a request CORS refused: for a simple
// GET or HEAD the server's answer to it; for any other method the preflight
// may be what was refused, whose status WebKit then gives (SPA QA: a
// refused OPTIONS read as a POST that failed with 204).
func corsNote(method string) string {
	switch strings.ToUpper(method) {
	case "GET", "HEAD":
		return "a CORS refusal: the answer lacked an Access-Control-Allow-Origin for this origin"
	}
	return "a CORS refusal: when the request needed a preflight, as a " + method + " with a JSON body or custom headers does, the status is the OPTIONS preflight's and the " + method + " itself never reached the server; check the server's OPTIONS answer"
}

func requestText(q inspect.Request) string {
	switch {
	case q.Failure() != "":
		return fmt.Sprintf("%s %s failed: %s", q.Method, q.URL, q.Failure())
	case q.Pending:
		return fmt.Sprintf("%s %s (pending)", q.Method, q.URL)
	}
	return fmt.Sprintf("%s %s %d", q.Method, q.URL, q.Status)
}

func navigationText(n inspect.Navigation) string {
	s := n.Kind + " " + n.URL
	if n.Blocked {
		s += " (blocked)"
	}
	return s
}

// plural says "1 error", "2 errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// handBackAction is the action of the last accepted call that set the
// session's result (a hand-back or an inline call with metadata); "" when
// no call did.
func handBackAction(calls []CallRecord) bridge.Action {
	for i := len(calls) - 1; i >= 0; i-- {
		if !calls[i].Accepted {
			continue
		}
		switch a := bridge.ActionOf(calls[i].API); a {
		case bridge.ActionNone, bridge.ActionOperationCancel:
		default:
			return a
		}
	}
	return ""
}

// auditPolicies runs the design-policy audit on what the session recorded,
// keeps it in the report and returns its findings (none without
// inspection: the audit needs the recording).
func (r *runner) auditPolicies() []bridge.Finding {
	if !r.cfg.Inspect {
		return nil
	}
	r.mu.Lock()
	in := audit.Input{
		LaunchURL: r.cfg.Launch.URL, Languages: r.cfg.Languages, SIM: string(r.cfg.Device.Kind), AllowedHosts: r.cfg.AllowedHosts,
		SiteHosts: siteHosts(r.cfg), WalledGarden: r.cfg.WalledGarden,
		FirstPaintMs: r.report.Timings.LaunchToFirstPaintMs, HandBack: r.report.Result, HandBackAction: handBackAction(r.report.Calls),
		Findings: append([]bridge.Finding(nil), r.report.Findings...),
		Console:  r.report.Console, Network: r.report.Network, Navigations: r.report.Navigations,
		Screenshots: r.report.Screenshots, Probes: r.report.Probes, Compare: r.cfg.Compare, NoAxe: r.cfg.NoAxe,
	}
	r.mu.Unlock()
	policies := audit.Evaluate(in)
	r.mu.Lock()
	r.report.Policies = policies
	r.mu.Unlock()
	return audit.Findings(policies)
}

// MaxSkippedScreenshots caps Report.ScreenshotsSkipped (the window skips
// at most its first-load).
const MaxSkippedScreenshots = 8

// insertByTaken adds s to shots, which are in the order they were taken
// (inspect.Screenshot.TakenMs): a picture whose pixels came back later than
// one asked for after it still goes before it, so the report's order is the
// order of the events. A picture without TakenMs keeps its arrival order.
func insertByTaken(shots []inspect.Screenshot, s inspect.Screenshot) []inspect.Screenshot {
	i := len(shots)
	if s.TakenMs > 0 {
		for i > 0 && shots[i-1].TakenMs > s.TakenMs {
			i--
		}
	}
	return slices.Insert(shots, i, s)
}

// addScreenshot records a screenshot of the window, taken at at: a picture
// in the order it was taken (insertByTaken), or one the window skipped, with
// its reason, in Report.ScreenshotsSkipped.
func (r *runner) addScreenshot(s inspect.Screenshot, at time.Time) {
	if s.Skipped != "" {
		s.Path = ""
		r.mu.Lock()
		if len(r.report.ScreenshotsSkipped) < MaxSkippedScreenshots {
			r.report.ScreenshotsSkipped = append(r.report.ScreenshotsSkipped, s)
		}
		r.mu.Unlock()
		r.log(LogEntry{At: at, Kind: KindHostEvent, URL: s.URL, Text: "no " + s.Label + " screenshot: " + s.Skipped})
		return
	}
	r.mu.Lock()
	r.report.Screenshots = insertByTaken(r.report.Screenshots, s)
	r.mu.Unlock()
	r.log(LogEntry{At: at, Kind: KindScreenshot, URL: s.URL, Text: s.Label + ": " + s.Path, Screenshot: &s})
}

// explainedPageError is the finding that takes the place of page-error for
// an uncaught exception mpsim can explain: a frame using the app's objects,
// which only the top document has (api-in-frame); a mistyped Mobile Plans
// name, naming the one the page meant (api-mistyped, api-faq-misname); a
// script refused for declaring one of the app's objects, where WebKit says
// only "Script error." and the inspection found the declaration
// (global-redeclared).
func explainedPageError(c inspect.ConsoleMessage, where string) (bridge.Finding, bool) {
	if !c.TopFrame {
		if f, ok := bridge.FrameAPIFinding(c.Text, c.Stack, where); ok {
			return f, true
		}
	}
	if f, ok := bridge.MistypedNameFinding(c.Text, where); ok {
		if !c.TopFrame {
			f.Message += " It was thrown in a frame of the portal, where mpsim defines none of the app's objects: hand back from the top document (api-in-frame)."
		}
		return f, true
	}
	return bridge.GlobalRedeclaredFinding(c.Declaration, where)
}

// popupHow says how the page asked for the new window of navigation n,
// from WebKit's navigation type: a link (target=_blank), a form
// (target=_blank), else window.open(), on a click when WebKit says it came
// with a user gesture.
func popupHow(n inspect.Navigation) string {
	switch {
	case n.Cause == "link":
		return "a link with a target (target=_blank)"
	case n.Cause == "form":
		return "a form with a target (target=_blank)"
	case n.UserGesture:
		return "window.open() on a click"
	}
	return "window.open()"
}

// firstOffsite says whether host is the first time the top frame went to
// that other site: a payment provider's round trip, its redirects
// included, is one offsite-navigation finding, not one per hop.
func (r *runner) firstOffsite(host string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.insp.offsiteSeen[host] {
		return false
	}
	if r.insp.offsiteSeen == nil {
		r.insp.offsiteSeen = map[string]bool{}
	}
	r.insp.offsiteSeen[host] = true
	return true
}

// siteHosts are the hosts outside the portal's that the operator allows
// it to use (audit.Input.SiteHosts), each once: the profile's
// allowed_hosts and the hosts allowed with --allow-host or a scenario's
// allow_hosts (Config.AllowHosts), whether or not the walled garden is
// on, and, in the walled garden, the hosts it lets load besides its
// documented ones (gardenExtra: built from the same declarations, with
// the portal's and the notification hosts).
func siteHosts(cfg Config) []string {
	var out []string
	for _, h := range slices.Concat(cfg.Operator.AllowedHosts, cfg.AllowHosts, gardenExtra(cfg)) {
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}
