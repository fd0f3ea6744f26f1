package bridge

import "unicode/utf8"

// TokenLength is the length of a session token in the envelopes: random
// bytes in hex (session.NewToken makes them).
const TokenLength = 32

// EnvelopeBytes is the size in UTF-8 bytes of the envelope the shim sends
// for a call of api with these arguments, each already encoded as the shim
// encodes it (JSON.stringify), from a page at pageURL, at time 0 (see
// sendEncoded in assets/bridge/shim.js). The shim measures exactly this and
// sends no envelope over the host's limit (envelope-oversize instead), so a
// payload whose envelope is over DefaultMaxEnvelopeBytes with an empty page
// URL never reaches the host, whatever the page.
func EnvelopeBytes(api string, args []string, pageURL string) int {
	n := len(`{"token":`) + TokenLength + 2 + len(`,"api":`) + JSStringBytes(api) + len(`,"args":[`)
	for i, a := range args {
		if i > 0 {
			n++
		}
		n += len(a)
	}
	return n + len(`],"pageUrl":`) + JSStringBytes(pageURL) + len(`,"t":0}`)
}

// JSStringBytes is the size in UTF-8 bytes of JSON.stringify(s) in
// JavaScript: quotes, then `"` and `\` and the short escapes in two bytes,
// other control characters in six (\u001f), everything else as itself
// (U+2028 and U+2029 too, unlike Go's encoding/json). A byte that is not
// UTF-8 counts as U+FFFD, as a page's string would hold it.
func JSStringBytes(s string) int {
	n := 2
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"' || r == '\\' || r == '\b' || r == '\f' || r == '\n' || r == '\r' || r == '\t':
			n += 2
		case r < 0x20:
			n += 6
		case r == utf8.RuneError && size == 1:
			n += 3
		default:
			n += utf8.RuneLen(r)
		}
	}
	return n
}
