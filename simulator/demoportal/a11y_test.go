package demoportal

import (
	"encoding/json"
	"html/template"
	"io/fs"
	"math"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mpsim/assets"
)

// demoFile reads one of the demo portal's embedded files.
func demoFile(t *testing.T, name string) string {
	t.Helper()
	files, err := assets.Sub("demoportal")
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(files, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every placeholder of the page comes from the translations, and every
// language's file has it (not the English one filled in): a French page
// showed "MM/YY" under its label "(MM/AA)".
func TestPlaceholdersAreTranslated(t *testing.T) {
	page := demoFile(t, "index.html")
	attrs := regexp.MustCompile(`placeholder="([^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(attrs) == 0 {
		t.Fatal("index.html has no placeholder; the card expiry field has one")
	}
	var keys []string
	for _, a := range attrs {
		m := regexp.MustCompile(`^\{\{\s*\.T\.(\w+)\s*\}\}$`).FindStringSubmatch(a[1])
		if m == nil {
			t.Errorf("placeholder=%q is not a translation ({{.T.key}})", a[1])
			continue
		}
		keys = append(keys, m[1])
	}
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages() {
		var tr map[string]string
		if err := json.Unmarshal([]byte(demoFile(t, "i18n/"+lang+".json")), &tr); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/?"+esimQuery, nil)
		req.Header.Set("Accept-Language", lang)
		s.Handler().ServeHTTP(rec, req)
		for _, k := range keys {
			if tr[k] == "" {
				t.Errorf("i18n/%s.json has no %q for a placeholder", lang, k)
				continue
			}
			if want := `placeholder="` + template.HTMLEscapeString(tr[k]) + `"`; !strings.Contains(rec.Body.String(), want) {
				t.Errorf("the %s page lacks %s", lang, want)
			}
		}
	}
	// The expiry's placeholder says what its label says.
	for lang, want := range map[string]string{"en": "MM/YY", "fr": "MM/AA", "de": "MM/JJ", "es": "MM/AA"} {
		var tr map[string]string
		_ = json.Unmarshal([]byte(demoFile(t, "i18n/"+lang+".json")), &tr)
		if !strings.Contains(tr["cardExpiry"], want) || tr["expiryPlaceholder"] != want {
			t.Errorf("%s: label %q, placeholder %q; want both to say %s", lang, tr["cardExpiry"], tr["expiryPlaceholder"], want)
		}
	}
}

// The focus ring shows on every colour it can lie on (WCAG 2.4.13,
// 1.4.11: 3:1): its dark outline against each background of the
// stylesheet and against its light inner ring, the light inner ring
// against a primary button's blue. The first ring, 3px of #f0a000, was
// 2.16:1 on the white page.
func TestFocusRingContrast(t *testing.T) {
	css := demoFile(t, "style.css")
	css = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(css, "")
	// Leave out the rules of the "break the policies" switch: a known-bad page.
	if i := strings.Index(css, ".broken-"); i >= 0 {
		css = css[:i]
	}
	rule := regexp.MustCompile(`(?m)^:focus-visible\{([^}]*)\}`).FindStringSubmatch(css)
	if rule == nil {
		t.Fatal("style.css has no :focus-visible rule")
	}
	ring := regexp.MustCompile(`outline:\s*(\d+)px solid (#[0-9a-fA-F]{3,6})`).FindStringSubmatch(rule[1])
	if ring == nil {
		t.Fatalf("the focus rule %q has no solid outline", rule[1])
	}
	if w, _ := strconv.Atoi(ring[1]); w < 2 {
		t.Errorf("the focus outline is %spx wide, want at least 2px", ring[1])
	}
	gap := regexp.MustCompile(`box-shadow:\s*0 0 0 \d+px (#[0-9a-fA-F]{3,6})`).FindStringSubmatch(rule[1])
	if gap == nil {
		t.Fatalf("the focus rule %q has no inner ring (box-shadow) between the control and the outline", rule[1])
	}
	// The outline lies on the backgrounds of the page's areas; the inner
	// ring on the controls' own colours (a primary button's blue).
	var areas, controls []string
	for _, r := range regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(css, -1) {
		for _, bg := range regexp.MustCompile(`background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})`).FindAllStringSubmatch(r[2], -1) {
			if strings.Contains(r[1], "button") {
				controls = append(controls, bg[1])
			} else {
				areas = append(areas, bg[1])
			}
		}
	}
	if len(areas) < 5 || len(controls) < 2 {
		t.Fatalf("found backgrounds %v and controls %v in style.css", areas, controls)
	}
	for _, bg := range areas {
		if c := contrast(ring[2], bg); c < 3 {
			t.Errorf("focus outline %s on background %s: %.2f:1, want at least 3:1", ring[2], bg, c)
		}
	}
	pairs := [][2]string{{gap[1], ring[2]}}
	for _, c := range controls {
		if !strings.EqualFold(c, gap[1]) {
			pairs = append(pairs, [2]string{gap[1], c})
		}
	}
	for _, pair := range pairs {
		if c := contrast(pair[0], pair[1]); c < 3 {
			t.Errorf("focus inner ring %s beside %s: %.2f:1, want at least 3:1", pair[0], pair[1], c)
		}
	}
}

// The page's Next is the submit button of each step's form (the form
// attribute portal.js keeps on the step on screen), so that Enter in a
// field submits the step; the forms do not validate natively, portal.js
// does.
func TestStepsAreForms(t *testing.T) {
	page := demoFile(t, "index.html")
	for _, step := range []string{"plan", "account", "payment", "confirm"} {
		re := regexp.MustCompile(`(?s)<section id="step-` + step + `"[^>]*>\s*<form id="form-` + step + `" novalidate>.*?</form>\s*</section>`)
		if !re.MatchString(page) {
			t.Errorf("step %s is not one <form id=\"form-%s\" novalidate> in its section", step, step)
		}
	}
	if !regexp.MustCompile(`<button type="submit" id="btn-next" class="primary" form="form-plan">`).MatchString(page) {
		t.Error("Next is not the first step's submit button")
	}
	js := demoFile(t, "portal.js")
	for _, want := range []string{`setAttribute('form', 'form-' + v)`, `addEventListener('submit'`, `e.preventDefault()`,
		`setAttribute('aria-invalid', 'true')`, `setAttribute('aria-describedby', errorId)`, `removeAttribute('aria-invalid')`} {
		if !strings.Contains(js, want) {
			t.Errorf("portal.js lacks %s", want)
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two #rgb or #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// luminance is a #rgb or #rrggbb colour's WCAG relative luminance.
func luminance(hex string) float64 {
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var ch [3]float64
	for i := range ch {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			ch[i] = c / 12.92
		} else {
			ch[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*ch[0] + 0.7152*ch[1] + 0.0722*ch[2]
}
