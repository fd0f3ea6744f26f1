package audit

import (
	"strings"

	"mpsim/app/internal/inspect"
)

// checkAdvertising fails on media elements, embeds, ad, video and map hosts
// and large images, and warns on running animations and animated images (a
// loading indicator is allowed, a decorative loop is not: a person decides).
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

// probeHosts fails on a probe's iframes and scripts from banned hosts.
func probeHosts(o *outcome, p inspect.Probe) {
	for _, src := range p.Frames {
		if k := bannedKind(src); k != "" {
			o.fail("%s: iframe from %s: %s", probeLabel(p), hostPhrase(k), src)
		}
	}
	for _, src := range p.Scripts {
		if k := bannedKind(src); k != "" {
			o.fail("%s: script from %s: %s", probeLabel(p), hostPhrase(k), src)
		}
	}
}

// networkAds fails on requests to banned hosts, media requests and images
// above the size threshold.
func networkAds(f *facts, o *outcome) {
	for _, q := range f.in.Network {
		switch {
		case bannedKind(q.URL) != "":
			o.fail("request #%d to %s: %s", q.ID, hostPhrase(bannedKind(q.URL)), q.URL)
		case q.Type == inspect.TypeMedia:
			o.fail("request #%d loaded media (%s): %s", q.ID, q.MimeType, q.URL)
		case q.Type == inspect.TypeImage && q.Bytes > f.th.LargeImageBytes:
			o.fail("request #%d loaded a large image (%d bytes > %d): %s", q.ID, q.Bytes, f.th.LargeImageBytes, q.URL)
		}
	}
}
