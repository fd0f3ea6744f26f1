package session

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"mpsim/app/internal/textcut"

	"mpsim/app/internal/inspect"
	"mpsim/bridge"
	"mpsim/simulator/walledgarden"
)

// walledGardenLoad ends the session for a top-frame load the walled garden
// refused (the real app shows its error page for a page that does not
// load). A portal that had loaded gets walled-garden-blocked, naming the
// host, the URL and how to allow it, not portal-load-failed; a portal whose
// own first page was refused gets both.
func (r *runner) walledGardenLoad(ev Event, text string) string {
	r.logKeep(LogEntry{At: ev.At, Kind: KindLoadFailed, URL: ev.URL, Text: "walled garden: " + text})
	if !r.firstLoadFailure() {
		return ""
	}
	host := ev.URL
	if u, err := url.Parse(ev.URL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if !r.painted() {
		r.addFinding(bridge.NewFinding(bridge.CodePortalLoadFailed, "url",
			"The portal did not load: the walled garden blocked %s (%s is outside it). The real app would show its own error page; the session ended.", ev.URL, host))
	}
	r.addFinding(bridge.NewFinding(bridge.CodeWalledGardenBlock, "url",
		"The walled garden blocked the portal's navigation to %s: %s is outside it, so on a device with no plan this page of the flow cannot load and the app would show its own error page; the session ended. If the operator's walled garden includes %s, allow it: %s. %s",
		ev.URL, host, host, allowHow(host), gardenAllowed(r.cfg)))
	return EndedLoadFailed
}

// gardenExtra are the hosts the session's walled garden allows besides
// its documented ones: the portal's, the operator's, those allowed.
func gardenExtra(cfg Config) []string {
	documented := walledgarden.For()
	var extra []string
	for _, h := range cfg.WalledGarden {
		if !slices.Contains(documented, h) {
			extra = append(extra, h)
		}
	}
	return extra
}

// allowHow says how a user adds host to the simulated walled garden.
func allowHow(host string) string {
	return fmt.Sprintf("mpsim run --allow-host %s, allowed_hosts = [\"%s\"] in the operator profile, or allow_hosts = [\"%s\"] in the scenario (with walled_garden = true)", host, host, host)
}

// gardenAllowed says which hosts the session's walled garden let through
// besides its documented ones (walledgarden.Hosts).
func gardenAllowed(cfg Config) string {
	extra := gardenExtra(cfg)
	if len(extra) == 0 {
		return "The walled garden allowed only its documented hosts."
	}
	return "The walled garden allowed its documented hosts and " + strings.Join(extra, ", ") + "."
}

// walledGardenFindings names the hosts the walled garden blocked requests
// to, once; a top-frame load it refused has a finding of its own
// (walledGardenLoad) and is not counted here.
func walledGardenFindings(network []inspect.Request, cfg Config) []bridge.Finding {
	var hosts, urls, redirected []string
	blocked := 0
	for _, q := range network {
		if gardenRedirected(q) {
			redirected = append(redirected, q.URL)
			continue
		}
		if !q.Blocked || q.Main {
			continue
		}
		blocked++
		u, err := url.Parse(q.URL)
		if err != nil {
			continue
		}
		if !slices.Contains(hosts, u.Hostname()) {
			hosts = append(hosts, u.Hostname())
			urls = append(urls, q.URL)
		}
	}
	var out []bridge.Finding
	if blocked > 0 && len(hosts) > 0 {
		first := ""
		if len(urls) > 0 {
			first = " (the first: " + textcut.Bytes(urls[0], 300) + ")"
		}
		out = append(out, bridge.NewFinding(bridge.CodeWalledGardenBlock, "network",
			"The walled garden blocked %s to %s%s: on a device with no plan these hosts are unreachable, so whatever the portal needs from them fails there too. Serve it from the portal's host, or, if the operator's walled garden includes them, allow them: %s. %s",
			plural(blocked, "request"), gardenHostList(hosts), first, allowHow(hosts[0]), gardenAllowed(cfg)))
	}
	if len(redirected) > 0 {
		out = append(out, bridge.NewFinding(bridge.CodeWalledGardenBlock, "network",
			"The walled garden refused %s to hosts inside it that redirected outside it (the first: %s): WebKit does not say where to, so look up the redirect's Location on the server. On a device with no plan it fails there too; serve the target from the portal's host or allow its host. %s",
			plural(len(redirected), "request"), textcut.Bytes(redirected[0], 300), gardenAllowed(cfg)))
	}
	return out
}

// gardenRedirected reports whether q, a sub-resource the window did not
// mark blocked (its own host is inside the walled garden), failed at
// WebKit's content blocker: the walled garden's filter, the only one mpsim
// sets, refused where it was redirected to. WebKit names neither the
// redirect nor its target (QA hostile2: a fetch of the portal's /redir-out
// was only "request-failed: … blocked by a content blocker").
func gardenRedirected(q inspect.Request) bool {
	return !q.Blocked && !q.Main && strings.Contains(q.Failed, "blocked by a content blocker")
}

// maxGardenHosts is how many blocked hosts walled-garden-blocked names
// (QA hostile2: a page that loaded from 2,999 hosts made a 68 KB message);
// the report's network section has every blocked request.
const maxGardenHosts = 10

// gardenHostList names hosts, the first maxGardenHosts of them and how
// many more.
func gardenHostList(hosts []string) string {
	if len(hosts) <= maxGardenHosts {
		return strings.Join(hosts, ", ")
	}
	return fmt.Sprintf("%s and %d more hosts (every blocked request is in the report's network section)",
		strings.Join(hosts[:maxGardenHosts], ", "), len(hosts)-maxGardenHosts)
}
