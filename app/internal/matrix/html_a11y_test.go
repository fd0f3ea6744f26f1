package matrix

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"mpsim/app/internal/session"
	"mpsim/app/internal/wcag"
	"mpsim/assets"
)

// TestHTMLReportStructureIsAccessible renders a report with a met and an
// unmet cell (one with steps) and checks what a screen reader user needs:
// the page has a header, a main and a footer landmark; no table header
// is empty, each body row's header is a row header (the Summary's
// scenario names) and each column header a column header; every ✓, ✗ and
// – mark has an accessible name; and the page loads nothing.
func TestHTMLReportStructureIsAccessible(t *testing.T) {
	res := sampleResults()
	rep := res.Cells[1].Report
	rep.Log = append(rep.Log,
		session.LogEntry{Kind: session.KindStep, Step: &session.StepResult{Index: 1, OK: true, Step: session.Step{Action: session.StepClick, Target: "#next"}, Detail: "clicked <button#next>"}},
		session.LogEntry{Kind: session.KindStep, Step: &session.StepResult{Index: 2, Step: session.Step{Action: session.StepWaitFor, Target: "#never"}, Error: "no element matches"}})
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	body := find(doc, func(n *html.Node) bool { return n.Data == "body" })[0]
	for _, landmark := range []string{"header", "main", "footer"} {
		got := find(body, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == landmark })
		if len(got) != 1 || got[0].Parent != body {
			t.Errorf("the report has %d <%s> landmarks, want one child of <body>", len(got), landmark)
		}
	}
	if h1 := find(body, func(n *html.Node) bool { return n.Data == "h1" }); len(h1) != 1 || h1[0].Parent.Data != "header" {
		t.Errorf("the title <h1> is not in the <header>")
	}
	checkTableHeaders(t, body)
	if rows := find(body, func(n *html.Node) bool { return n.Data == "table" && attr(n, "id") == "summary" }); len(rows) == 1 {
		for _, tr := range find(rows[0], func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }) {
			first := firstElement(tr)
			if first == nil || first.Data != "th" || attr(first, "scope") != "row" {
				t.Errorf("a Summary row starts with %q, want <th scope=\"row\"> naming the scenario", renderNode(first))
			}
		}
	} else {
		t.Error("no Summary table")
	}
	checkMarksNamed(t, body)
	for _, re := range []string{`<link\b`, `<script\b`, `(?i)src="(https?:)?//`, `(?i)url\(\s*['"]?(https?:)?//`, `@import`} {
		if regexp.MustCompile(re).MatchString(page) {
			t.Errorf("the report matches %s: it must load nothing from the network", re)
		}
	}
}

// checkTableHeaders fails for an empty <th>, a <th> in a <thead> that is
// not scope="col", and one in a <tbody> that is not scope="row".
func checkTableHeaders(t *testing.T, root *html.Node) {
	t.Helper()
	ths := find(root, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "th" })
	if len(ths) == 0 {
		t.Fatal("no table headers")
	}
	for _, th := range ths {
		if strings.TrimSpace(text(th)) == "" {
			t.Errorf("an empty <th> (in %s): a header needs a text, visually hidden if need be", th.Parent.Parent.Data)
		}
		want := map[string]string{"thead": "col", "tbody": "row"}[th.Parent.Parent.Data]
		if got := attr(th, "scope"); want != "" && got != want {
			t.Errorf("<th scope=%q>%s</th> in a %s, want scope=%q", got, strings.TrimSpace(text(th)), th.Parent.Parent.Data, want)
		}
	}
}

// checkMarksNamed fails for a ✓, ✗ or – alone in a table cell that no
// element with role="img" and an aria-label names.
func checkMarksNamed(t *testing.T, root *html.Node) {
	t.Helper()
	seen := 0
	for _, n := range find(root, func(n *html.Node) bool { return n.Type == html.TextNode && strings.ContainsAny(n.Data, "✓✗–") }) {
		if !inTableCell(n) || regexp.MustCompile(`\pL`).MatchString(n.Data) {
			continue // a mark beside words ("met ✓") is named by them
		}
		seen++
		p := n.Parent
		if attr(p, "role") != "img" || strings.TrimSpace(attr(p, "aria-label")) == "" || strings.TrimSpace(p.FirstChild.Data) != strings.TrimSpace(text(p)) {
			t.Errorf("the mark %q has no accessible name of its own (role=img with aria-label)", strings.TrimSpace(n.Data))
		}
	}
	if seen < 3 {
		t.Errorf("found %d marks in tables, want the checks' ✓ and ✗ and the steps'", seen)
	}
}

func inTableCell(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Data == "td" || p.Data == "th" {
			return true
		}
	}
	return false
}

// TestHTMLReportColoursContrast computes the WCAG contrast of each status
// colour of the report's stylesheet on its badge background and on white
// (status and severity texts): at least 4.5:1, the report's small bold
// text being no "large text".
func TestHTMLReportColoursContrast(t *testing.T) {
	files, err := assets.Sub("report")
	if err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(files, "matrix.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})`).FindAllStringSubmatch(string(src), -1) {
		vars[m[1]] = m[2]
	}
	for _, status := range []string{"met", "unmet", "err", "skip"} {
		fg, bg := vars[status], vars[status+"-bg"]
		if fg == "" || bg == "" {
			t.Fatalf("no --%s or --%s-bg in the report's stylesheet (%v)", status, status, vars)
		}
		for _, on := range []string{bg, "#ffffff"} {
			if c := contrast(fg, on); c < 4.5 {
				t.Errorf("--%s %s on %s: contrast %.2f:1, want at least 4.5:1", status, fg, on, c)
			}
		}
	}
}

// contrast is the WCAG 2 contrast ratio of two #rgb or #rrggbb colours.
func contrast(a, b string) float64 {
	ca, err1 := wcag.Hex(a)
	cb, err2 := wcag.Hex(b)
	if err1 != nil || err2 != nil {
		return 0 // fails every check, with the colours in its message
	}
	return wcag.Contrast(ca, cb)
}

// find returns the nodes under n (n included) that match, in document order.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if match(n) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, find(c, match)...)
	}
	return out
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	for _, t := range find(n, func(c *html.Node) bool { return c.Type == html.TextNode }) {
		b.WriteString(t.Data)
	}
	return b.String()
}

func renderNode(n *html.Node) string {
	if n == nil {
		return "nothing"
	}
	var b strings.Builder
	_ = html.Render(&b, n)
	return b.String()
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}
