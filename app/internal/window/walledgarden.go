package window

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/ipc"
	"mpsim/simulator/walledgarden"
)

// maxProvisionalURIs caps the URIs one top-frame load goes through that
// the recorder keeps (redirects).
const maxProvisionalURIs = 16

// walledGarden puts the walled garden's content filter on the view and runs
// navigate once it is in place; a filter that does not compile ends the
// session as a load failure (failing closed: the portal never runs
// unfiltered). The filter store is removed once the filter is in place; the
// returned cleanup removes it if the window ends before that.
func (p *portal) walledGarden(spec ipc.StartSpec, navigate func()) (func(), error) {
	rules, err := walledgarden.Rules(spec.WalledGarden)
	if err != nil {
		return nil, fmt.Errorf("portal window: walled garden rules: %w", err)
	}
	sweepFilterStores(os.TempDir(), time.Now())
	dir, err := os.MkdirTemp("", filterStorePrefix)
	if err != nil {
		return nil, fmt.Errorf("portal window: walled garden filter store: %w", err)
	}
	p.garden = spec.WalledGarden
	p.view.AddContentFilter(dir, "walled-garden", rules, func(errText string) {
		// WebKit keeps the compiled filter in memory once it is in place:
		// the store goes now, so that a window killed later (kill -9, a
		// crash) leaves nothing in the temporary directory.
		_ = os.RemoveAll(dir)
		if errText != "" {
			p.fatal(ipc.LoadNetwork, spec.URL, "the walled garden's content filter did not compile: "+errText, false)
			return
		}
		navigate()
	})
	return func() { _ = os.RemoveAll(dir) }, nil
}

// filterStorePrefix names the walled garden's filter stores in the
// temporary directory.
const filterStorePrefix = "mpsim-filter-"

// staleFilterStore is the age after which a filter store in the temporary
// directory is no window's: a window needs its store only while the
// filter compiles, a few milliseconds.
const staleFilterStore = time.Minute

// sweepFilterStores removes the filter stores in tmp older than
// staleFilterStore: those of windows killed while their filter compiled,
// and those every killed window of an older mpsim left behind (44 in a
// day of test runs). Another user's are left alone: removing them fails.
func sweepFilterStores(tmp string, now time.Time) {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), filterStorePrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleFilterStore {
			_ = os.RemoveAll(filepath.Join(tmp, e.Name()))
		}
	}
}

// outsideGarden reports whether uri is an http(s) or ws(s) URL of a host
// outside the walled garden hosts.
func outsideGarden(uri string, garden []string) bool {
	if len(garden) == 0 {
		return false
	}
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return false
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		return false
	}
	return !walledgarden.Contains(u.Hostname(), garden)
}

// gardenRefused is the URL of a failed top-frame load (failed, the URL
// WebKit names) that the walled garden refused: failed itself when it is
// outside the garden, else the last URL outside it that the load went
// through (provisional: a redirect's target, which WebKit's load-failed
// does not name), else "".
func gardenRefused(failed string, provisional, garden []string) string {
	if outsideGarden(failed, garden) {
		return failed
	}
	for i := len(provisional) - 1; i >= 0; i-- {
		if outsideGarden(provisional[i], garden) {
			return provisional[i]
		}
	}
	return ""
}

// provisionalURI notes a URI the view's current top-frame load went through.
func (r *recorder) provisionalURI(uri string) {
	if len(r.provURIs) < maxProvisionalURIs {
		r.provURIs = append(r.provURIs, uri)
	}
}

// refusedTop records a top-frame load to blocked, refused by the walled
// garden while the page loaded failed: a redirect to it is a navigation of
// its own (blocked), which WebKit does not report.
func (r *recorder) refusedTop(failed, blocked string) {
	if blocked != failed {
		r.navigation(inspect.Navigation{Kind: inspect.NavRedirect, URL: cut(blocked, 2000), From: failed, Blocked: true})
		return
	}
	for _, rq := range r.reqs {
		if rq.Main && rq.URL == failed {
			return // its end marks it blocked (gardenDone)
		}
	}
	// Refused before its request started: WebKit records none.
	u, err := url.Parse(blocked)
	if err != nil {
		return
	}
	r.nextID++
	now := r.now()
	r.sendRequest(&inspect.Request{ID: r.nextID, Method: "GET", URL: cut(blocked, 2000), Type: inspect.TypeDocument, Main: true, Bytes: -1, StartMs: now, EndMs: now,
		Blocked: true, Failed: "blocked: " + u.Hostname() + " is outside the walled garden (refused before the request started)"})
}

// walledGardenFailure ends the session for a top-frame load the walled
// garden refused (uri is the one WebKit names, reason its error) and
// reports whether it was one.
func (p *portal) walledGardenFailure(uri, reason string) bool {
	var prov []string
	if p.rec != nil {
		prov = p.rec.provURIs
	}
	blocked := gardenRefused(uri, prov, p.garden)
	if blocked == "" {
		return false
	}
	host := ""
	if u, err := url.Parse(blocked); err == nil {
		host = u.Hostname()
	}
	end := func() {
		p.fatal(ipc.LoadWalledGarden, cut(blocked, 2000), "blocked: "+host+" is outside the walled garden ("+reason+")", false)
	}
	if p.rec == nil {
		end()
		return true
	}
	p.rec.refusedTop(uri, blocked)
	// WebKit may report the load's failure before its request's: the
	// session ends once that request has ended (blocked, with the
	// redirect's target), not with it pending (CI saw the portal's 302
	// recorded as an open request with no redirect).
	p.rec.whenMainEnds(end)
	return true
}

// gardenDone marks a request that failed with err as blocked when the
// walled garden refused it: its host is outside the garden, or it is the
// top frame's and was redirected outside (WebKit names the request's
// first URL; the target goes in RedirectURL). A sub-resource redirected
// outside (a fetch() of the portal's /redir) is not marked: WebKit names
// no target for it to take. Its redirect is refused before the resource's
// sent-request signal, its uri stays the first URL, its error
// (WebKitPolicyError 104, "The URL was blocked by a content blocker")
// carries none, and the page's promise rejects with only "Load failed";
// the session tells it apart by that error (QA garden3, WebKitGTK 2.50.6).
func (r *recorder) gardenDone(rq *inspect.Request, err string) {
	blocked := ""
	switch {
	case outsideGarden(rq.URL, r.garden):
		blocked = rq.URL
	case rq.Main:
		blocked = gardenRefused(rq.URL, r.provURIs, r.garden)
	}
	if blocked == "" {
		return
	}
	u, perr := url.Parse(blocked)
	if perr != nil {
		return
	}
	rq.Blocked, rq.Cancelled = true, false
	if blocked != rq.URL {
		rq.RedirectURL = cut(blocked, 2000)
		rq.Failed = "blocked: its redirect to " + u.Hostname() + ", outside the walled garden, was refused (" + err + ")"
		return
	}
	rq.Failed = "blocked: " + u.Hostname() + " is outside the walled garden (" + err + ")"
}

// scriptGardenHosts is the walled garden's hosts as the inspection script
// takes them (__INSPECT_GARDEN_HOSTS__, inside a quoted string): lower
// case, comma-separated, each only of the characters a host name, an IP
// address or a leading "*" has. A host with any other character is left
// out; the script then reports loads to it as outside, which the window
// checks again (blockedElement), so leaving one out costs work, never a
// false record.
func scriptGardenHosts(garden []string) string {
	var b strings.Builder
	for _, h := range garden {
		h = strings.ToLower(h)
		if h == "" || strings.IndexFunc(h, func(c rune) bool {
			return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("*.-_:[]", c))
		}) >= 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(h)
	}
	return b.String()
}
