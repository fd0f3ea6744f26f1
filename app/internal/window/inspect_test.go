package window

import (
	"testing"

	"mpsim/app/internal/inspect"
)

func TestResourceType(t *testing.T) {
	for _, c := range []struct{ mime, uri, want string }{
		{"text/html; charset=utf-8", "", inspect.TypeDocument},
		{"text/css", "", inspect.TypeStylesheet},
		{"application/javascript", "", inspect.TypeScript},
		{"text/javascript", "", inspect.TypeScript},
		{"image/png", "", inspect.TypeImage},
		{"font/woff2", "", inspect.TypeFont},
		{"application/font-woff", "", inspect.TypeFont},
		{"video/mp4", "", inspect.TypeMedia},
		{"application/json", "", inspect.TypeFetch},
		{"text/plain", "", inspect.TypeFetch},
		{"", "https://x.example/logo.svg?v=1", inspect.TypeImage},
		{"", "https://x.example/app.css", inspect.TypeStylesheet},
		{"application/octet-stream", "", inspect.TypeOther},
		{"", "https://x.example/", inspect.TypeOther},
	} {
		if got := resourceType(c.mime, c.uri); got != c.want {
			t.Errorf("resourceType(%q, %q) = %q, want %q", c.mime, c.uri, got, c.want)
		}
	}
}

func TestIsCustomScheme(t *testing.T) {
	for uri, want := range map[string]bool{
		"ms-windows-store://pdp/?productid=1": true, "market://details?id=x": true, "tel:+441234": true, "mailto:a@b": true,
		"https://x.example/": false, "HTTP://x/": false, "about:blank": false, "data:text/html,x": false, "blob:https://x/1": false,
		"javascript:void(0)": false, "relative/path": false, "": false,
	} {
		if got := isCustomScheme(uri); got != want {
			t.Errorf("isCustomScheme(%q) = %v, want %v", uri, got, want)
		}
	}
}

func TestParseHeadersAndSafeLabel(t *testing.T) {
	h := parseHeaders([]string{"Content-Type: text/html", "broken", "X-Empty: "})
	if len(h) != 2 || h[0].Name != "Content-Type" || h[0].Value != "text/html" || h[1].Value != "" {
		t.Errorf("parseHeaders = %+v", h)
	}
	if got := safeLabel("First Paint/../x"); got != "first-paint----x" {
		t.Errorf("safeLabel = %q", got)
	}
}

func TestElementType(t *testing.T) {
	for tag, want := range map[string]string{"script": inspect.TypeScript, "img": inspect.TypeImage, "link": inspect.TypeStylesheet,
		"video": inspect.TypeMedia, "iframe": inspect.TypeDocument, "object": inspect.TypeOther} {
		if got := elementType(tag); got != want {
			t.Errorf("elementType(%q) = %q, want %q", tag, got, want)
		}
	}
}
