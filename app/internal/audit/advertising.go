package audit

import (
	"fmt"
	"strings"

	"mpsim/app/internal/inspect"
)

// checkAdvertising fails on media elements, embeds, ad, video and map hosts
// and large images, and warns on ad networks' tracking hosts (a conversion
// tag displays nothing by itself), running animations and animated images
// (a loading indicator is allowed, a decorative loop is not: a person
// decides).
func checkAdvertising(f *facts, o *outcome) {
	for _, p := range f.probes() {
		probeMedia(o, p)
		probeHosts(o, p)
		for _, im := range p.LargeImages {
			o.fail("%s: large image %s (%s, %dx%d shown, %s natural)", probeLabel(p), im.Selector, im.Src, im.Width, im.Height, im.Natural)
		}
		if p.Animations > 0 {
			o.warn("%s: %d running animations (CSS or Web Animations)%s", probeLabel(p), p.Animations, listed(p.Animated))
		}
		for _, src := range p.AnimatedImages {
			o.warn("%s: animated image %s", probeLabel(p), src)
		}
	}
	networkAds(f, o)
	if len(f.probes()) == 0 {
		o.manual()
		o.note("%s: only the network was checked", f.noProbe())
	} else if o.status == "" {
		o.note("no video, audio, embed, ad, video or map host, large image or animation in %d probes and %d requests", len(f.probes()), len(f.in.Network))
	}
}

// probeMedia fails on a probe's video, audio, autoplay and embed elements.
func probeMedia(o *outcome, p inspect.Probe) {
	for _, m := range []struct {
		n    int
		what string
	}{{p.Videos, "<video> elements"}, {p.Audios, "<audio> elements"}, {p.Autoplay, "autoplaying media"}, {p.Embeds, "<embed>/<object> elements"}} {
		if m.n > 0 {
			o.fail("%s: %d %s", probeLabel(p), m.n, m.what)
		}
	}
	if len(p.Media) > 0 {
		o.note("%s: media elements %s", probeLabel(p), strings.Join(p.Media, ", "))
	}
}

// listed is ": a, b" for a non-empty list of selectors, else "".
func listed(sels []string) string {
	if len(sels) == 0 {
		return ""
	}
	return ": " + strings.Join(sels, ", ")
}

// probeHosts judges a probe's iframes and scripts from listed hosts.
func probeHosts(o *outcome, p inspect.Probe) {
	for _, src := range p.Frames {
		hostHit(o, probeLabel(p)+": iframe from", bannedKind(src), src)
	}
	for _, src := range p.Scripts {
		hostHit(o, probeLabel(p)+": script from", bannedKind(src), src)
	}
}

// hostHit fails on what (an iframe, a script, a request) from raw, whose
// host is of kind, and warns when the host is an ad network's tracking
// host, which displays nothing by itself (QA: a page that loaded only
// Microsoft UET's bat.bing.com script failed "must not display any
// advertisements"); "" is no listed host.
func hostHit(o *outcome, what, kind, raw string) {
	switch kind {
	case "":
	case "tracking":
		o.warn("%s %s (it displays nothing by itself; check the screenshots for ads): %s", what, hostPhrase(kind), raw)
	default:
		o.fail("%s %s: %s", what, hostPhrase(kind), raw)
	}
}

// networkAds judges requests to listed hosts and fails on media requests
// and images above the size threshold.
func networkAds(f *facts, o *outcome) {
	for _, q := range f.in.Network {
		switch {
		case bannedKind(q.URL) != "":
			hostHit(o, fmt.Sprintf("request #%d to", q.ID), bannedKind(q.URL), q.URL)
		case q.Type == inspect.TypeMedia:
			o.fail("request #%d loaded media (%s): %s", q.ID, q.MimeType, q.URL)
		case q.Type == inspect.TypeImage && q.Bytes > f.th.LargeImageBytes:
			o.fail("request #%d loaded a large image (%d bytes > %d): %s", q.ID, q.Bytes, f.th.LargeImageBytes, q.URL)
		}
	}
}
