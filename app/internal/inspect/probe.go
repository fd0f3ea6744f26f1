package inspect

// Probe is what the portal window read from the page's DOM at one moment
// (a script run in an isolated JavaScript world, which the page cannot see
// or tamper with): the facts the design-policy audit needs beyond the
// console, network and navigation records. Lists are capped (MaxProbeItems).
type Probe struct {
	// Label says when: first-paint or handback.
	Label string `json:"label"`
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Lang is the <html lang> attribute, trimmed ("" when absent or
	// empty); HasLang tells the two apart: the <html> has the attribute,
	// even lang="" (false in reports older than it, as for an absent one).
	Lang    string `json:"lang"`
	HasLang bool   `json:"hasLang,omitempty"`
	// Dir and BodyDir are the computed CSS direction of the root element
	// and of the body ("ltr" or "rtl"; "" when there is no body, and in
	// reports older than them): what dir="rtl" or a direction rule made
	// of the page's text and layout.
	Dir     string `json:"dir,omitempty"`
	BodyDir string `json:"bodyDir,omitempty"`
	// Viewport and document sizes in CSS pixels; the page overflows
	// horizontally when ScrollWidth > ViewportWidth.
	ViewportWidth  int `json:"viewportWidth"`
	ViewportHeight int `json:"viewportHeight"`
	ScrollWidth    int `json:"scrollWidth"`
	ScrollHeight   int `json:"scrollHeight"`
	// Media elements: <video>, <audio> (Autoplay: with the autoplay
	// attribute or playing), <embed>/<object>.
	Videos   int `json:"videos"`
	Audios   int `json:"audios"`
	Autoplay int `json:"autoplay"`
	Embeds   int `json:"embeds"`
	// Media are the selectors of the <video> and <audio> elements, each
	// marked "(autoplay)" when it autoplays or plays.
	Media []string `json:"media,omitempty"`
	// Frames and Scripts are the src URLs of iframes and scripts.
	Frames  []string `json:"frames,omitempty"`
	Scripts []string `json:"scripts,omitempty"`
	// Images are the page's images; LargeImages those rendered above
	// 400x300 CSS pixels or with more than a million natural pixels.
	Images      int          `json:"images"`
	LargeImages []ProbeImage `json:"largeImages,omitempty"`
	// Animations counts running CSS and Web Animations
	// (document.getAnimations()); AnimatedImages the GIF/APNG/WebP images.
	Animations     int      `json:"animations"`
	AnimatedImages []string `json:"animatedImages,omitempty"`
	// Animated are the elements of the running animations: a selector
	// and the animation's name.
	Animated []string `json:"animated,omitempty"`
	// Overflowing are the outermost elements that stick out of the
	// viewport on the right (selector, width, right edge), read only when
	// the page overflows horizontally.
	Overflowing []string `json:"overflowing,omitempty"`
	// InsecureRefs are http: URLs in src, href and form action attributes.
	InsecureRefs []string `json:"insecureRefs,omitempty"`
	// FormActions are the action URLs of the page's forms.
	FormActions []string `json:"formActions,omitempty"`
	// ExternalLinks are links to other hosts than the page's.
	ExternalLinks []string `json:"externalLinks,omitempty"`
	// Controls counts the page's buttons and form fields (button, input,
	// select, textarea, role=button); Links its links (a[href]).
	Controls int `json:"controls"`
	Links    int `json:"links"`
	// TextLength is the length of the page's visible text.
	TextLength int `json:"textLength"`
	// Controls found by their text, label or title (selectors in the
	// evidence): a cancel control, a back control, window-like close /
	// minimise / maximise buttons, support contact, privacy policy, terms.
	// Only what a user can see counts: a control or text found but not
	// visible is in Hidden instead.
	Cancel        []string `json:"cancel,omitempty"`
	Back          []string `json:"back,omitempty"`
	WindowButtons []string `json:"windowButtons,omitempty"`
	Support       []string `json:"support,omitempty"`
	Privacy       []string `json:"privacy,omitempty"`
	Terms         []string `json:"terms,omitempty"`
	// Hidden are the controls and texts of those kinds the page has but a
	// user cannot see: not rendered, invisible, a few pixels or smaller,
	// off the page's scrollable area, clipped away by an ancestor, or text
	// of its background's colour.
	Hidden []ProbeHidden `json:"hidden,omitempty"`
	// Text is a sample of the page's visible text: its trimmed non-empty
	// lines in document order, without repeats, capped at MaxProbeText
	// characters in all (the two-language comparison reads it).
	Text []string `json:"text,omitempty"`
	// Resized are the horizontal-overflow measures at other window sizes
	// than the frame's (the hand-back probe of a window of its own only;
	// the window goes back to its size afterwards).
	Resized []ProbeSize `json:"resized,omitempty"`
	// Stalls are the top frame's main-thread stalls (a heartbeat of the
	// inspection script late by more than StallMs) since the window
	// opened, up to this probe: the first MaxStalls, the longest kept.
	// StallCount counts them all.
	Stalls     []Stall `json:"stalls,omitempty"`
	StallCount int     `json:"stallCount,omitempty"`
	// Accessibility is axe-core's result; nil when it did not run.
	Accessibility *AxeResult `json:"accessibility,omitempty"`
	// Cookies are the cookies in the portal window's cookie jar (WebKit's
	// cookie manager, every host) just before the DOM was read, without
	// their values; at most MaxProbeCookies. WebKit does not report
	// Set-Cookie among a response's headers, so this is where the
	// cookies the portal set are seen. CookiesRead says the jar was read
	// (Cookies is empty when it held none; false in reports older than it);
	// CookiesError why it could not be, or how many were left out.
	Cookies      []Cookie `json:"cookies,omitempty"`
	CookiesRead  bool     `json:"cookiesRead,omitempty"`
	CookiesError string   `json:"cookiesError,omitempty"`
	// Error says why the probe (or part of it) failed.
	Error string `json:"error,omitempty"`
}

// ProbeImage is one large image of a probe.
type ProbeImage struct {
	Selector string `json:"selector"`
	Src      string `json:"src"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Natural  string `json:"natural"` // "WxH"
}

// ProbeHidden is a control or text a probe found but a user cannot see.
type ProbeHidden struct {
	// Kind is the list it would be in: cancel, back, windowButtons,
	// support, privacy or terms.
	Kind string `json:"kind"`
	// Control is as in those lists: a selector and the text, or
	// `text "…"`.
	Control string `json:"control"`
	// Why says why it cannot be seen ("off-screen at x=-10000, y=0").
	Why string `json:"why"`
}

// ProbeSize is the horizontal overflow of the page with the window
// resized to Width x Height.
type ProbeSize struct {
	Width  int `json:"width"`
	Height int `json:"height"`
	// ViewportWidth and ScrollWidth as in Probe; the page overflows when
	// ScrollWidth > ViewportWidth.
	ViewportWidth int `json:"viewportWidth"`
	ScrollWidth   int `json:"scrollWidth"`
	// Overflowing are the outermost elements sticking out on the right.
	Overflowing []string `json:"overflowing,omitempty"`
	// Error says why this size could not be measured.
	Error string `json:"error,omitempty"`
}

// Stall is one main-thread stall of the top frame: the inspection script's
// 50 ms heartbeat ran DurationMs after the previous beat instead of 50.
type Stall struct {
	// URL is the page it happened on.
	URL string `json:"url"`
	// AtMs is when the window learnt of it (the end of the stall), on the
	// window process's clock.
	AtMs       float64 `json:"atMs"`
	DurationMs float64 `json:"durationMs"`
	// OwnMs is the part of the gap the heartbeat measured that overlapped
	// mpsim's own work in the page (a probe, a screenshot) and is not
	// counted in DurationMs, which is then a lower bound; 0 when none did.
	OwnMs float64 `json:"ownMs,omitempty"`
}

// Heartbeat figures of the inspection script: it beats every
// StallBeatMs and records a gap longer than StallBeatMs + StallMs as a
// stall of the gap less StallBeatMs. The
// window keeps MaxStalls of them.
const (
	StallBeatMs = 50
	StallMs     = 200
	MaxStalls   = 50
)

// MaxProbeText caps the characters of Probe.Text.
const MaxProbeText = 4000

// AxeResult sums up an axe-core run.
type AxeResult struct {
	Version    string         `json:"version"`
	Violations []AxeViolation `json:"violations"`
	Passes     int            `json:"passes"`
	Incomplete int            `json:"incomplete"`
	// ReusedFrom is the label of the earlier probe of the same page whose
	// run this result is: nothing that could change it happened since (no
	// DOM change, input, scroll, load or resize; the same style sheets).
	ReusedFrom string `json:"reusedFrom,omitempty"`
	// Loads counts the times mpsim loaded axe-core into this document so
	// far: 1, as each document's first probe loads it and the next ones
	// find it there.
	Loads int `json:"loads,omitempty"`
}

// AxeViolation is one axe-core rule the page broke.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"` // minor, moderate, serious, critical
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	// Nodes counts the elements; Targets are the first ones' selectors.
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
}

// MaxProbeItems caps each list of a probe.
const MaxProbeItems = 20

// Cookie is one cookie of the portal window's cookie jar, without its
// value: mpsim never records a cookie's value, only its length.
type Cookie struct {
	Name   string `json:"name"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
	// HTTPOnly and Secure are the cookie's attributes.
	HTTPOnly bool `json:"httpOnly,omitempty"`
	Secure   bool `json:"secure,omitempty"`
	// SameSite is None, Lax or Strict as the jar holds it: a cookie set
	// without the attribute is held as None (WebKitGTK 2.50), so None
	// does not say the portal wrote SameSite=None.
	SameSite string `json:"sameSite,omitempty"`
	// Expires is when a persistent cookie expires (RFC 3339, UTC); empty
	// for a session cookie, which lives until the app's WebView is gone.
	Expires string `json:"expires,omitempty"`
	// ValueBytes is the length of the value, which is not recorded.
	ValueBytes int `json:"valueBytes"`
}

// MaxProbeCookies caps Probe.Cookies.
const MaxProbeCookies = 50
