package window

import (
	"fmt"
	"reflect"
	"testing"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/window/webkit"
)

// The jar's cookies become records without values: a session cookie has
// no expiry, a persistent one its expiry in UTC; a full jar keeps the
// first inspect.MaxProbeCookies and says how many it held; a jar that
// could not be read says why and is not "read".
func TestNewCookieJar(t *testing.T) {
	many := make([]webkit.Cookie, 60)
	for i := range many {
		many[i] = webkit.Cookie{Name: fmt.Sprintf("c%d", i), Domain: "127.0.0.1", Path: "/"}
	}
	for _, c := range []struct {
		name    string
		cookies []webkit.Cookie
		total   int
		err     string
		want    cookieJar
	}{
		{"empty", nil, 0, "", cookieJar{read: true}},
		{"session and persistent", []webkit.Cookie{
			{Name: "sid", Domain: "127.0.0.1", Path: "/", HTTPOnly: true, Secure: true, SameSite: "Lax", ValueBytes: 32},
			{Name: "remember", Domain: ".portal.example", Path: "/account", SameSite: "None", Persistent: true, Expires: 1796526000, ValueBytes: 5},
		}, 2, "", cookieJar{read: true, cookies: []inspect.Cookie{
			{Name: "sid", Domain: "127.0.0.1", Path: "/", HTTPOnly: true, Secure: true, SameSite: "Lax", ValueBytes: 32},
			{Name: "remember", Domain: ".portal.example", Path: "/account", SameSite: "None", Expires: "2026-12-06T03:00:00Z", ValueBytes: 5},
		}}},
		{"unreadable", nil, 0, "the network process is gone", cookieJar{err: "the network process is gone"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := newCookieJar(c.cookies, c.total, c.err); !reflect.DeepEqual(got, c.want) {
				t.Errorf("newCookieJar = %+v\nwant %+v", got, c.want)
			}
		})
	}
	t.Run("full", func(t *testing.T) {
		got := newCookieJar(many, 1000, "")
		if len(got.cookies) != inspect.MaxProbeCookies || !got.read || got.err != "the jar holds 1000 cookies; the first 50 are recorded" {
			t.Errorf("newCookieJar of a full jar: %d cookies, read %v, err %q", len(got.cookies), got.read, got.err)
		}
	})
}
