package bridge

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed schema/*.json
var schemaFS embed.FS

// Schema file names inside bridge/schema.
const (
	legacySchemaFile   = "legacy-payload.schema.json"
	metadataSchemaFile = "purchase-metadata.schema.json"
)

// SchemaJSON returns the text of one of the embedded JSON Schemas
// ("legacy-payload.schema.json" or "purchase-metadata.schema.json").
func SchemaJSON(name string) ([]byte, error) { return schemaFS.ReadFile("schema/" + name) }

// compiledSchema is a compiled schema plus its parsed document, used to read
// the x-mpsim code annotations of failing subschemas.
type compiledSchema struct {
	schema *jsonschema.Schema
	doc    any
	id     string
}

// Prepare compiles the hand-back schemas now instead of at the first
// hand-back. Compiling them takes 15–30 ms; a session calls Prepare while the
// portal loads, so that the page's hand-back is judged in well under a
// millisecond (issue 15). It is safe to call from any goroutine, any number
// of times.
func Prepare() { _, _ = schemas() }

// schemas compiles both schemas once; the result is never modified.
var schemas = sync.OnceValues(func() (map[string]*compiledSchema, error) {
	out := map[string]*compiledSchema{}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	for _, name := range []string{legacySchemaFile, metadataSchemaFile} {
		b, err := schemaFS.ReadFile("schema/" + name)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("bridge: schema %s: %w", name, err)
		}
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id == "" {
			return nil, fmt.Errorf("bridge: schema %s has no $id", name)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, err
		}
		out[name] = &compiledSchema{doc: doc, id: id}
	}
	for name, cs := range out {
		s, err := c.Compile(cs.id)
		if err != nil {
			return nil, fmt.Errorf("bridge: compile %s: %w", name, err)
		}
		cs.schema = s
	}
	return out, nil
})

var msgPrinter = message.NewPrinter(language.English)

// validateSchema validates the normalised instance against the named schema
// and turns every failure into a finding. Failures at an instance location
// listed in skip (JSON pointer such as "/purchaseResult") or below it are
// dropped because code already reported them.
func validateSchema(name string, instance any, skip []string) []Finding {
	all, err := schemas()
	if err != nil {
		// The schemas are embedded and covered by tests; this cannot happen
		// in a released binary.
		return []Finding{newFinding(CodeSchemaViolation, "", "internal error: %v", err)}
	}
	cs := all[name]
	verr := cs.schema.Validate(instance)
	if verr == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(verr, &ve) {
		return []Finding{newFinding(CodeSchemaViolation, "", "%v", verr)}
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(ve, &leaves)
	var out []Finding
	seen := map[string]bool{}
	for _, l := range leaves {
		loc := "/" + strings.Join(escapePointer(l.InstanceLocation), "/")
		if loc == "/" {
			loc = ""
		}
		if skipped(loc, skip) {
			continue
		}
		for _, f := range cs.findingsFor(l, loc, valueAt(instance, l.InstanceLocation)) {
			if skipped(pointerOf(f.Field), skip) {
				continue
			}
			key := f.Code + "\x00" + f.Field
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, f)
		}
	}
	return out
}

// valueAt is the value of instance (decoded JSON) at the path toks, the
// unescaped tokens of a JSON pointer; nil when there is none.
func valueAt(instance any, toks []string) any {
	cur := instance
	for _, tok := range toks {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[tok]
		case []any:
			i := 0
			if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || i >= len(v) {
				return nil
			}
			cur = v[i]
		default:
			return nil
		}
	}
	return cur
}

// shownValue writes v for a message, shortened (describe): a string as %q
// quotes it, so that its control characters read as in every other
// message and on the terminal (\x1b, not JSON's \u001b, and < as itself,
// not \u003c), anything else as JSON. It is how every finding quotes a
// value the page supplied (a field of the payload, a key, an argument, a
// listener's name), so that no message grows with the payload: a 5000
// character transactionId is shown as its first 57 bytes and "...".
func shownValue(v any) string {
	if s, ok := v.(string); ok {
		return describe([]byte(strconv.Quote(s)))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return describe(b)
}

// shownDifference is, for two values a message quotes with shownValue
// side by side, where they first differ (" (they first differ at
// character 4012)") when both are cut before it, so that the message
// still says how they differ; "" otherwise.
func shownDifference(a, b string) string {
	if a == b || len(strconv.Quote(a)) <= maxShown || len(strconv.Quote(b)) <= maxShown {
		return ""
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i--
	}
	n := utf8.RuneCountInString(a[:i]) + 1
	if len(strconv.Quote(a[:i])) < maxShown-3 {
		return "" // the cut values show the difference
	}
	return fmt.Sprintf(" (they first differ at character %d)", n)
}

func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	if len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

func escapePointer(toks []string) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
	}
	return out
}

// fieldOf turns a JSON pointer into the dotted field name used in findings.
func fieldOf(ptr string) string {
	ptr = strings.TrimPrefix(ptr, "/")
	if ptr == "" {
		return ""
	}
	toks := strings.Split(ptr, "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return strings.Join(toks, ".")
}

// pointerOf is the inverse of fieldOf for the simple field names used here.
func pointerOf(field string) string {
	if field == "" {
		return ""
	}
	return "/" + strings.ReplaceAll(field, ".", "/")
}

func skipped(loc string, skip []string) bool {
	for _, s := range skip {
		if loc == s || strings.HasPrefix(loc, s+"/") {
			return true
		}
	}
	return false
}

// findingsFor maps one leaf validation error to findings using the
// x-mpsim / x-mpsim-required annotations of the failing subschema.
func (cs *compiledSchema) findingsFor(l *jsonschema.ValidationError, loc string, value any) []Finding {
	sub := cs.subschema(l.SchemaURL)
	field := fieldOf(loc)
	switch k := l.ErrorKind.(type) {
	case *kind.Required:
		req, _ := sub["x-mpsim-required"].(map[string]any)
		missing := append([]string(nil), k.Missing...)
		sort.Strings(missing)
		var out []Finding
		for _, m := range missing {
			f := field + "." + m
			if field == "" {
				f = m
			}
			code, _ := req[m].(string)
			if code == "" {
				out = append(out, newFinding(CodeSchemaViolation, f, "Required property %q is missing.", m))
				continue
			}
			out = append(out, newFinding(code, f, "%s", missingMessage(code, m)))
		}
		return out
	case *kind.Group, *kind.AllOf, *kind.Schema, *kind.Reference:
		return nil
	default:
		kw := ""
		if p := l.ErrorKind.KeywordPath(); len(p) > 0 {
			kw = p[0]
		}
		ann, _ := sub["x-mpsim"].(map[string]any)
		code, _ := ann[kw].(string)
		detail := l.ErrorKind.LocalizedString(msgPrinter)
		if code == "" {
			return []Finding{newFinding(CodeSchemaViolation, field, "%s: %s.", orRoot(field), detail)}
		}
		if code == CodeEnumUnknown {
			prop := path.Base(strings.ReplaceAll(field, ".", "/"))
			if value == nil || value == "" {
				// null (read as "") is no value: the enum is missing.
				return []Finding{newFinding(CodeEnumMissing, field, "%s has no value (null or \"\"); it is required: one of %s.", field, enumList(prop))}
			}
			if _, isString := value.(string); !isString {
				// A number, boolean, object or array is no enum value
				// of the wrong spelling but of the wrong type: the
				// documented values are strings (§2.2, §2.7).
				raw, _ := json.Marshal(value)
				return []Finding{newFinding(CodeFieldNotString, field, "%s must be a string, one of %s; got the JSON %s %s.", field, enumList(prop), jsonKind(raw), describe(raw))}
			}
			detail = "got " + shownValue(value) + "; " + detail
			f := newFinding(code, field, "%s%s", violationMessage(code, field, detail), enumMeant(field, value))
			f.Section = enumSection(code, field, f.Section)
			return []Finding{f}
		}
		if code == CodePlanNameEmptySuccess {
			name, _ := value.(string)
			return []Finding{newFinding(code, field, "%s", planNameEmptyMessage(name))}
		}
		if code == CodeVerUnexpected {
			// The schema's "value must be '1'" overstates it: whether ver
			// has other values is not documented (contract §8).
			detail = shownValue(value)
		}
		return []Finding{newFinding(code, field, "%s%s", violationMessage(code, field, detail), nullHint(code, field, value))}
	}
}

func orRoot(field string) string {
	if field == "" {
		return "payload"
	}
	return field
}

// subschema resolves the JSON-pointer fragment of a schema location in the
// parsed schema document.
func (cs *compiledSchema) subschema(loc string) map[string]any {
	frag := ""
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		frag = loc[i+1:]
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	var toks []string
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok != "" {
			toks = append(toks, strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~"))
		}
	}
	m, _ := valueAt(cs.doc, toks).(map[string]any)
	return m
}

// missingMessage is the plain-language text for a missing required property.
func missingMessage(code, prop string) string {
	switch code {
	case CodeSuccessMissing:
		return "The payload has no \"success\"; send \"success\": true when the user bought a plan and false otherwise."
	case CodePurchaseResultMiss:
		return "The payload has no \"purchaseResult\"; send a JSON-encoded string with userAccount, purchaseInstrument, line, moDirectStatus and planName."
	case CodeEnumMissing:
		return fmt.Sprintf("purchaseResult has no %q; it is required: one of %s.", prop, enumList(prop))
	case CodeMetadataStatusMissing:
		return "The purchase metadata has no moDirectStatus, its one required property; set it, e.g. metadata.moDirectStatus = MobilePlansMoDirectStatus.complete."
	case CodePlanNameMissing:
		return "planName is missing; send a non-empty plan name on success and \"\" otherwise."
	}
	return fmt.Sprintf("Required property %q is missing.", prop)
}

func enumList(prop string) string {
	vals := stepValues[:]
	if prop == "moDirectStatus" {
		vals = statusValues[:]
	}
	return strings.Join(vals, ", ")
}

// violationMessage is the plain-language text for a failing keyword.
func violationMessage(code, field, detail string) string {
	prop := path.Base(strings.ReplaceAll(field, ".", "/"))
	switch code {
	case CodeSuccessNotBoolean:
		return "\"success\" must be the JSON boolean true or false (" + detail + "); a string such as \"true\" is not accepted."
	case CodeFieldNotString:
		return fmt.Sprintf("%s must be a string (%s).", field, detail)
	case CodeEnumUnknown:
		return fmt.Sprintf("%s has an undocumented value (%s).", field, detail)
	case CodePlanNameEmptySuccess:
		return planNameEmptyMessage(detail)
	case CodePlanNameSetFailure:
		return "planName is not empty although the purchase did not succeed; send \"\" on failure or cancellation."
	case CodeVerUnexpected:
		return "\"ver\" is " + detail + ", not the string \"1\" that the documentation's examples send; whether ver has other values is not documented (contract §8), so this is only informational."
	case CodePurchaseResultNotObj:
		return "purchaseResult must be a JSON object encoded as a string (" + detail + ")."
	}
	return fmt.Sprintf("%s: %s.", orRoot(prop), detail)
}

// planNameEmptyMessage is plan-name-empty-on-success's message for
// planName name, "" or only white space (which counts as empty).
func planNameEmptyMessage(name string) string {
	what := planNameEmptiness(name)
	if name != "" {
		what += ","
	}
	return "planName " + what + " although the purchase succeeded; send a non-empty, descriptive plan name such as \"MyPlan\"."
}

// planNameEmptiness says how a planName that counts as empty is empty:
// "is empty", or "is only spaces (\"   \"), which counts as empty" (only
// white space, when there are tabs or line breaks).
func planNameEmptiness(name string) string {
	switch {
	case name == "":
		return "is empty"
	case strings.Trim(name, " ") == "":
		return "is only spaces (" + shownValue(name) + "), which counts as empty"
	}
	return "is only white space (" + shownValue(name) + "), which counts as empty"
}

// enumMeant is ` Did you mean "Complete" (MobilePlansMoDirectStatus.complete)?`
// for an undocumented enum value a few edits from a documented one of its
// field ("Completed", "Canceled", "Exisitng"), case ignored; else "".
func enumMeant(field string, value any) string {
	s, ok := value.(string)
	if !ok {
		return ""
	}
	prop := path.Base(strings.ReplaceAll(field, ".", "/"))
	lower := toLowerASCII(strings.TrimSpace(s))
	best, bestD := "", -1
	for _, v := range enumValuesFor(prop) {
		if d, near := closeTo(lower, toLowerASCII(v)); near && (bestD < 0 || d < bestD) {
			best, bestD = v, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q (%s)?", best, enumMember(field, best))
}

// nullHint is what a null transactionId usually means (QA m07): the
// portal read a query parameter the launch URL does not have, for which
// URLSearchParams.get returns null. Parameter names are case-sensitive
// (contract §1.3: transactionId). "" for anything else.
func nullHint(code, field string, value any) string {
	if code != CodeFieldNotString || value != nil || field != "transactionId" {
		return ""
	}
	return " null is what URLSearchParams.get returns for a query parameter the launch URL does not have: read it as new URLSearchParams(location.search).get('transactionId'), spelt exactly so (names are case-sensitive: transactionID or TransactionId give null), and keep the launch's query string through redirects. Leaving the key out is a warning only (returning it is recommended, not mandatory); null is a value of the wrong type."
}
