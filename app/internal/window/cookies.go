package window

import (
	"fmt"
	"time"

	"mpsim/app/internal/inspect"
	"mpsim/app/internal/window/webkit"
)

// cookieJar is what a probe read of the window's cookie jar: the cookies,
// without their values, or why it could not be read.
type cookieJar struct {
	cookies []inspect.Cookie
	err     string
	read    bool // the cookie manager answered with its list
}

// maxCookieField caps a cookie's name, domain and path in the records.
const maxCookieField = 200

// newCookieJar records the cookies WebKit's cookie manager gave (the first
// inspect.MaxProbeCookies of total), or its error. The values were never
// read: only their lengths.
func newCookieJar(cookies []webkit.Cookie, total int, err string) cookieJar {
	j := cookieJar{err: cut(err, 500), read: err == ""}
	for _, c := range cookies {
		if len(j.cookies) == inspect.MaxProbeCookies {
			break
		}
		rec := inspect.Cookie{Name: cut(c.Name, maxCookieField), Domain: cut(c.Domain, maxCookieField), Path: cut(c.Path, maxCookieField),
			HTTPOnly: c.HTTPOnly, Secure: c.Secure, SameSite: c.SameSite, ValueBytes: c.ValueBytes}
		if c.Persistent {
			rec.Expires = time.Unix(c.Expires, 0).UTC().Format(time.RFC3339)
		}
		j.cookies = append(j.cookies, rec)
	}
	if total > len(j.cookies) && j.err == "" {
		j.err = fmt.Sprintf("the jar holds %d cookies; the first %d are recorded", total, len(j.cookies))
	}
	return j
}
