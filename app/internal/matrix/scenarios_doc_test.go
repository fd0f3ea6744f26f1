package matrix

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"mpsim/assets"
)

// scenariosDoc is the reference of the scenario file format, relative to
// this package.
const scenariosDoc = "../../../docs/scenarios.md"

// schemaWord is a word of the scenario schema the reference must name: a
// property (a key of a table) or an allowed value, with where the schema
// has it.
type schemaWord struct {
	Where string // like scenario.lifecycle.clock_speed or scenario.expect.ended=closed
	Word  string
}

// schemaWords walks the scenario schema and returns every property name at
// every level (following $ref into $defs) and every allowed string value of
// an enum or const, in the schema's order.
func schemaWords(t *testing.T) []schemaWord {
	t.Helper()
	raw, err := fs.ReadFile(assets.FS(), SchemaPath)
	if err != nil {
		t.Fatalf("read the scenario schema: %v", err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatalf("decode the scenario schema: %v", err)
	}
	defs, _ := root["$defs"].(map[string]any)
	var out []schemaWord
	var walk func(node map[string]any, where string, depth int)
	walk = func(node map[string]any, where string, depth int) {
		if depth > 20 {
			t.Fatalf("the scenario schema nests deeper than 20 levels at %s", where)
		}
		if ref, ok := node["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/$defs/")
			def, ok := defs[name].(map[string]any)
			if !ok {
				t.Fatalf("%s: $ref %s names no definition", where, ref)
			}
			walk(def, where, depth+1)
		}
		if props, ok := node["properties"].(map[string]any); ok {
			for _, k := range sortedKeys(props) {
				at := strings.TrimPrefix(where+"."+k, ".")
				out = append(out, schemaWord{at, k})
				if sub, ok := props[k].(map[string]any); ok {
					walk(sub, at, depth+1)
				}
			}
		}
		for _, key := range []string{"items", "additionalProperties"} {
			if sub, ok := node[key].(map[string]any); ok {
				walk(sub, where, depth+1)
			}
		}
		values, _ := node["enum"].([]any)
		if c, ok := node["const"]; ok {
			values = append(values, c)
		}
		for _, v := range values {
			s := fmt.Sprint(v) // close's const is true
			out = append(out, schemaWord{where + "=" + s, s})
		}
	}
	walk(root, "", 0)
	return out
}

// sortedKeys returns the keys of m, sorted, so that the words come in one
// order on every run.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// namedIn reports whether the reference names word as code: `word`,
// `word = …` or the table header `[[word]]`.
func namedIn(doc, word string) bool {
	return strings.Contains(doc, "`"+word+"`") || strings.Contains(doc, "`"+word+" =") ||
		strings.Contains(doc, "`[["+word+"]]`")
}

// missingWords returns the Where of each word that doc does not name.
func missingWords(doc string, words []schemaWord) []string {
	var out []string
	for _, w := range words {
		if !namedIn(doc, w.Word) {
			out = append(out, w.Where)
		}
	}
	return out
}

func readScenariosDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(scenariosDoc)
	if err != nil {
		t.Fatalf("docs/scenarios.md, the reference of scenario files: %v", err)
	}
	return string(b)
}

// TestScenariosDocCoversTheSchema fails when docs/scenarios.md does not
// name, as code, a key or an allowed value of the scenario schema: a key
// of a scenario, of its lifecycle, expect, params or steps tables, a step
// action, a demo choice, an ended or a verdict value.
func TestScenariosDocCoversTheSchema(t *testing.T) {
	doc := readScenariosDoc(t)
	words := schemaWords(t)
	// The walk must see every level the reference promises to cover.
	for _, want := range []string{
		"scenario", "scenario.name", "scenario.lifecycle.clock_speed", "scenario.expect.max_duration",
		"scenario.expect.policies=manual", "scenario.params.value", "scenario.steps.click_text",
		"scenario.steps.close=true", "scenario.steps.wait_lifecycle=networkRegistered", "scenario.steps.timeout",
	} {
		if !slices.ContainsFunc(words, func(w schemaWord) bool { return w.Where == want }) {
			t.Fatalf("the schema walk did not find %s; it found %v", want, words)
		}
	}
	for _, w := range words {
		t.Run(w.Where, func(t *testing.T) {
			if !namedIn(doc, w.Word) {
				t.Errorf("docs/scenarios.md does not name `%s` (%s in assets/schema/scenario.schema.json); document it", w.Word, w.Where)
			}
		})
	}
}

// TestScenariosDocCheckSeesADeletedKey proves the check above bites: the
// reference with one key or value taken out is found wanting.
func TestScenariosDocCheckSeesADeletedKey(t *testing.T) {
	doc := readScenariosDoc(t)
	words := schemaWords(t)
	if missing := missingWords(doc, words); len(missing) > 0 {
		t.Fatalf("the reference misses %v already", missing)
	}
	for _, tc := range []struct{ word, where string }{
		{"clock_speed", "scenario.lifecycle.clock_speed"},
		{"no_findings", "scenario.expect.no_findings"},
		{"wait_url", "scenario.steps.wait_url"},
		{"stepFailed", "scenario.expect.ended=stepFailed"},
		{"trust_certs", "scenario.trust_certs"},
	} {
		t.Run(tc.word, func(t *testing.T) {
			cut := strings.NewReplacer("`"+tc.word+"`", "", "`"+tc.word+" =", "", tc.word+" =", "").Replace(doc)
			if missing := missingWords(cut, words); !slices.Contains(missing, tc.where) {
				t.Errorf("with %q taken out of the reference, the check missed only %v", tc.word, missing)
			}
		})
	}
}

// tomlBlock is a ```toml code block of a Markdown file.
type tomlBlock struct {
	Line int // the line of its opening fence
	Text string
}

// tomlBlocks returns the ```toml blocks of doc.
func tomlBlocks(doc string) []tomlBlock {
	var out []tomlBlock
	var cur *tomlBlock
	var body []string
	for i, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && trimmed == "```toml":
			cur, body = &tomlBlock{Line: i + 1}, nil
		case cur != nil && strings.HasPrefix(trimmed, "```"):
			cur.Text = strings.Join(body, "\n") + "\n"
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			body = append(body, line)
		}
	}
	return out
}

// writeTestCert writes a self-signed certificate for 127.0.0.1 to path,
// for the examples that pin a portal's certificate (trust_certs).
func writeTestCert(t *testing.T, path string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestScenariosDocExamplesLoad reads every ```toml block of
// docs/scenarios.md as a scenario file of its own, next to a portal.pem,
// with mpsim test's own loader: each must hold scenarios and no error, and
// their names must be unique across the page, as in one run of them all.
func TestScenariosDocExamplesLoad(t *testing.T) {
	blocks := tomlBlocks(readScenariosDoc(t))
	if len(blocks) < 5 {
		t.Fatalf("docs/scenarios.md has %d ```toml blocks; its examples are gone", len(blocks))
	}
	dir := t.TempDir()
	writeTestCert(t, filepath.Join(dir, "portal.pem"))
	var paths []string
	for _, b := range blocks {
		path := filepath.Join(dir, fmt.Sprintf("line-%d.toml", b.Line))
		paths = append(paths, path)
		t.Run(fmt.Sprintf("line %d", b.Line), func(t *testing.T) {
			if err := os.WriteFile(path, []byte(b.Text), 0o600); err != nil {
				t.Fatal(err)
			}
			ss, err := Parse(path, []byte(b.Text), nil)
			if err != nil {
				t.Fatalf("the example at docs/scenarios.md:%d does not load:\n%v", b.Line, err)
			}
			if len(ss) == 0 {
				t.Fatalf("the example at docs/scenarios.md:%d holds no scenario", b.Line)
			}
		})
	}
	if _, err := Load(paths, nil); err != nil {
		t.Errorf("the examples of docs/scenarios.md do not load as one run:\n%v", err)
	}
}

// TestReadmeLinksTheScenariosDoc keeps README's scenario section pointing at
// the reference.
func TestReadmeLinksTheScenariosDoc(t *testing.T) {
	b, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "(docs/scenarios.md)") {
		t.Error("README.md does not link docs/scenarios.md")
	}
}
