package audit

import (
	"net/url"
	"strings"
)

// hostRule is one entry of the advertising host list: a host suffix (the
// host itself or any subdomain), optionally with a path prefix, and what it
// serves.
type hostRule struct {
	suffix string
	path   string
	kind   string // ads, video, maps, tracking
}

// bannedHosts returns the small, documented list of ad, video and map
// hosts the advertising policy looks for in iframes, scripts and requests
// (docs/policies.md lists them), and of the ad networks' tracking hosts:
// those that only take conversion and audience tags and serve no ad
// (Microsoft UET's bat.bing.com, Google Ads' conversion tag and click
// redirects on googleadservices.com, the LinkedIn Insight Tag's
// px.ads.linkedin.com). A host that also serves ads stays "ads":
// googletagservices.com serves Google Publisher Tag's gpt.js, which fills
// ad slots, and doubleclick.net, adservice.google.com, criteo and
// adsrvr.org serve ads beside their tracking. It is a fixed list, rebuilt
// on each call.
func bannedHosts() []hostRule {
	return []hostRule{
		{"doubleclick.net", "", "ads"},
		{"googlesyndication.com", "", "ads"},
		{"googleadservices.com", "", "tracking"},
		{"googletagservices.com", "", "ads"},
		{"adservice.google.com", "", "ads"},
		{"amazon-adsystem.com", "", "ads"},
		{"adnxs.com", "", "ads"},
		{"criteo.com", "", "ads"},
		{"criteo.net", "", "ads"},
		{"taboola.com", "", "ads"},
		{"outbrain.com", "", "ads"},
		{"pubmatic.com", "", "ads"},
		{"rubiconproject.com", "", "ads"},
		{"openx.net", "", "ads"},
		{"adsrvr.org", "", "ads"},
		{"ads.linkedin.com", "", "tracking"},
		{"bat.bing.com", "", "tracking"},
		{"youtube.com", "", "video"},
		{"youtube-nocookie.com", "", "video"},
		{"vimeo.com", "", "video"},
		{"dailymotion.com", "", "video"},
		{"maps.googleapis.com", "", "maps"},
		{"maps.gstatic.com", "", "maps"},
		{"maps.google.com", "", "maps"},
		{"google.com", "/maps", "maps"},
		{"api.mapbox.com", "", "maps"},
		{"tiles.mapbox.com", "", "maps"},
		{"tile.openstreetmap.org", "", "maps"},
		{"openstreetmap.org", "/export/embed", "maps"},
		{"dev.virtualearth.net", "", "maps"},
		{"atlas.microsoft.com", "", "maps"},
		{"bing.com", "/maps", "maps"},
		{"js.api.here.com", "", "maps"},
		{"api.tomtom.com", "", "maps"},
	}
}

// bannedKind returns what raw's host serves (ads, video, maps, tracking) when it is on
// the banned list, and "" otherwise.
func bannedKind(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	host := normHost(u.Hostname())
	for _, r := range bannedHosts() {
		if host != r.suffix && !strings.HasSuffix(host, "."+r.suffix) {
			continue
		}
		if r.path == "" || strings.HasPrefix(u.EscapedPath(), r.path) {
			return r.kind
		}
	}
	return ""
}

// hostPhrase names a host of kind in evidence, with its article: "an ad
// host", "a video host", "a map host" (before, "a ads host").
func hostPhrase(kind string) string {
	switch kind {
	case "tracking":
		return "an ad network's tracking host"
	case "ads":
		return "an ad host"
	case "video":
		return "a video host"
	case "maps":
		return "a map host"
	}
	return "a " + kind + " host"
}
