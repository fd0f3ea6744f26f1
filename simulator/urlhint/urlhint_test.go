package urlhint

import "testing"

// TestPortal: what is no http(s) URL is refused with the URL it likely
// meant; an http(s) URL is left to the caller's other checks, but for an
// IPv6 address out of its brackets, which url.Parse refuses as "invalid
// port" (before, the command line and scenario files said that).
func TestPortal(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"https://portal.example/", ""},
		{"http://127.0.0.1:8080/", ""},
		{"https://[::1]:8443/p", ""},
		{"https://portal.example:99999/", ""}, // url.Parse's own error; no hint to give
		{"localhost:8443", "give an http(s) URL, like https://localhost:8443 (or http://localhost:8443 for a local development server)"},
		{"127.0.0.1:8080/", "give an http(s) URL, like https://127.0.0.1:8080/ (or http://127.0.0.1:8080/ for a local development server)"},
		{"//portal.example/x", "give an http(s) URL, like https://portal.example/x"},
		{"portal.example/start", "give an http(s) URL, like https://portal.example/start"},
		{"::1:8123", "give an http(s) URL, like https://[::1]:8123 (or http://[::1]:8123 for a local development server)"},
		{"fe80::1/start", "give an http(s) URL, like https://[fe80::1]/start"},
		{"htps://portal.example/", "give an http(s) URL, like https://portal.example/"},
		{"HTTPS://portal.example/", "give an http(s) URL, like https://portal.example/"},
		{"http:/::1:8123/", "give an http(s) URL, like http://[::1]:8123/"},
		{"ftp://portal.example/", "give an http(s) URL"},
		{"http://::1:8123/", "an IPv6 address goes in brackets in a URL, like http://[::1]:8123/"},
		{"https://fe80::1/start", "an IPv6 address goes in brackets in a URL, like https://[fe80::1]/start"},
		// Before, these got "like https://about:blank" and the like.
		{"about:blank", "give an http(s) URL; about: is no web address"},
		{"javascript:alert(1)", "give an http(s) URL; javascript: is no web address"},
		{"mailto:care@portal.example", "give an http(s) URL; mailto: is no web address"},
		{`https:\\portal.example\start`, "write its slashes forward, like https://portal.example/start"},
		{" https://portal.example/start ", "leave out the spaces around it: https://portal.example/start"},
		{" portal.example/start", "give an http(s) URL, like https://portal.example/start"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			got := ""
			if err := Portal(tc.raw); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Portal(%q) = %q, want %q", tc.raw, got, tc.want)
			}
		})
	}
}

// TestFixScheme: a mistyped http or https scheme is fixed; another
// scheme, a host and port, and a scheme written right are not.
func TestFixScheme(t *testing.T) {
	for _, tc := range []struct {
		raw, want string
		ok        bool
	}{
		{"http:/127.0.0.1:8123/", "http://127.0.0.1:8123/", true},
		{"http//127.0.0.1:8123/", "http://127.0.0.1:8123/", true},
		{"https:///portal.example/", "https://portal.example/", true},
		{"htp://127.0.0.1:8123/", "http://127.0.0.1:8123/", true},
		{"htps://portal.example", "https://portal.example", true},
		{"htp:8080", "", false},
		{"https://portal.example/", "", false},
		{"ftp://portal.example/", "", false},
		{"localhost:8080", "", false},
	} {
		got, ok := FixScheme(tc.raw)
		if got != tc.want || ok != tc.ok {
			t.Errorf("FixScheme(%q) = %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}

// TestBracketIPv6: an IPv6 address at the start of a URL without its
// scheme goes in brackets, with a last group of digits after "::" as the
// port; anything else is left as it is.
func TestBracketIPv6(t *testing.T) {
	for _, tc := range []struct{ rest, want string }{
		{"::1:8123/", "[::1]:8123/"},
		{"::1", "[::1]"},
		{"fe80::1", "[fe80::1]"},
		{"fe80::1/x?y#z", "[fe80::1]/x?y#z"},
		{"2001:db8:0:0:0:0:0:1/", "[2001:db8:0:0:0:0:0:1]/"},
		{"[::1]:8123/", "[::1]:8123/"},
		{"127.0.0.1:8123/", "127.0.0.1:8123/"},
		{"user@::1/", "user@::1/"},
		{"a:b:c/", "a:b:c/"},
	} {
		if got := BracketIPv6(tc.rest); got != tc.want {
			t.Errorf("BracketIPv6(%q) = %q, want %q", tc.rest, got, tc.want)
		}
	}
}

// TestURLSuggestion: a --watch target that looks like a URL without its
// scheme gets one; a directory name does not.
func TestURLSuggestion(t *testing.T) {
	for _, tc := range []struct{ target, want string }{
		{"127.0.0.1:18461/", "like https://127.0.0.1:18461/ (or http://127.0.0.1:18461/ for a local development server)"},
		{"localhost/portal", "like https://localhost/portal (or http://localhost/portal for a local development server)"},
		{"portal.example:8443", "like https://portal.example:8443"},
		{"10.0.0.2/x", "like https://10.0.0.2/x"},
		{"http:/127.0.0.1:18461/", "like http://127.0.0.1:18461/"},
		{"no-such-dir", ""},
		{"site/portal", ""},
		{"ftp://portal.example/", ""},
	} {
		if got := URLSuggestion(tc.target); got != tc.want {
			t.Errorf("URLSuggestion(%q) = %q, want %q", tc.target, got, tc.want)
		}
	}
}
