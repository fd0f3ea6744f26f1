package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// member is one key/value pair of a JSON object, in document order.
type member struct {
	Key   string
	Value json.RawMessage
}

// objectMembers decodes a JSON object into its members in document order,
// keeping duplicates. It returns an error if raw is not a JSON object.
func objectMembers(raw []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("not a JSON object")
	}
	var out []member
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, ok := kt.(string)
		if !ok {
			return nil, errors.New("object key is not a string")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{Key: k, Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return out, nil
}

// jsonKind returns the JSON type of raw: "object", "array", "string",
// "number", "boolean", "null", or "" when raw is empty or invalid.
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// isMarker reports whether raw is one of the shim's placeholder objects
// ({"$undefined":true}, {"$function":…}, {"$unserializable":…}, …) and
// returns the marker name without the dollar sign.
func isMarker(raw []byte) (string, bool) {
	if jsonKind(raw) != "object" {
		return "", false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) != 1 {
		return "", false
	}
	for k := range m {
		switch k {
		case "$undefined", "$function", "$unserializable", "$symbol", "$bigint":
			return k[1:], true
		}
	}
	return "", false
}

// markerText says in words what one of the shim's placeholders (isMarker)
// stands for, with what it carries: "undefined", "a function named pay",
// "a value the bridge could not pass on as JSON (arguments nested more
// than 200 levels deep)", "a Symbol (id)", "a BigInt (12345678901234567890)".
// Until QA hostile a finding named the placeholder's key ("is a
// unserializable") and lost the reason. What the page supplied (a name, a
// reason a getter threw) is shortened: a name as a value (maxShown), a
// reason as prose (maxReason).
func markerText(raw []byte) string {
	kind, ok := isMarker(raw)
	if !ok {
		return ""
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	var carried string
	_ = json.Unmarshal(m["$"+kind], &carried)
	with := func(text string) string {
		if carried == "" {
			return text
		}
		return text + " (" + cutShown(carried, maxReason) + ")"
	}
	switch kind {
	case "undefined":
		return "undefined"
	case "function":
		if carried == "" {
			return "a function"
		}
		return "a function named " + shownValue(carried)
	case "unserializable":
		return with("a value the bridge could not pass on as JSON")
	case "symbol":
		return with("a Symbol")
	case "bigint":
		return with("a BigInt")
	}
	return kind
}

// parseJSONText parses text as one JSON value for the schema validator. On a
// syntax error it returns findings json-malformed (with the byte offset) and,
// when typographic quotes are present, json-smart-quotes; field names where
// the text came from.
func parseJSONText(text, field string) (any, []Finding) {
	var probe any
	err := json.Unmarshal([]byte(text), &probe)
	if err == nil {
		v, err2 := jsonschema.UnmarshalJSON(strings.NewReader(text))
		if err2 == nil {
			return v, nil
		}
		err = err2
	}
	where := "The payload"
	if field != "" {
		where = field
	}
	var fs []Finding
	var se *json.SyntaxError
	if strings.Contains(err.Error(), "max depth") {
		// Valid JSON, nested deeper than any reader takes: JSON.stringify
		// would not help.
		fs = append(fs, newFinding(CodeJSONMalformed, field,
			"%s nests arrays or objects deeper than a JSON reader accepts (%v); the documented payloads are flat objects of strings and booleans.", where, err))
	} else if errors.As(err, &se) {
		fs = append(fs, syntaxErrorFinding(text, field, where, se))
	} else {
		fs = append(fs, newFinding(CodeJSONMalformed, field,
			"%s is not valid JSON: %v. Build it with JSON.stringify(...) instead of by hand.", where, err))
	}
	if i := strings.IndexAny(text, "\u201c\u201d\u2018\u2019"); i >= 0 {
		r, _ := utf8.DecodeRuneInString(text[i:])
		fs = append(fs, newFinding(CodeJSONSmartQuotes, field,
			"%s contains the typographic quote %q (U+%04X) at byte offset %d, as in the documentation's examples; JSON strings need ASCII double quotes.",
			where, string(r), r, i))
	}
	return nil, fs
}

// syntaxErrorFinding is json-malformed for a syntax error in text, giving
// the byte offset of the offending byte: encoding/json's Offset counts the
// bytes read, so it is one past that byte (or past the last byte of a
// multi-byte character, which the message names whole), and at the end of
// the input it is the input's length.
func syntaxErrorFinding(text, field, where string, se *json.SyntaxError) Finding {
	why := se.Error()
	if strings.HasPrefix(why, "unexpected end of JSON input") {
		return newFinding(CodeJSONMalformed, field,
			"%s is not valid JSON: it ends early (unexpected end of JSON input after %d bytes, near %s). Build it with JSON.stringify(...) instead of by hand.",
			where, len(text), excerpt(text, len(text)))
	}
	pos := min(max(int(se.Offset)-1, 0), len(text))
	switch {
	case strings.HasPrefix(why, "invalid escape sequence"), strings.Contains(why, "in string escape code"):
		// The offending sequence starts at its backslash (Go 1.27's
		// encoding/json and Go 1.26's word it differently).
		if i := strings.LastIndexByte(text[:pos], '\\'); i >= 0 {
			pos = i
		}
	case pos < len(text) && text[pos] >= 0x80:
		// encoding/json names one byte of a multi-byte character; name
		// the whole character, from its first byte.
		for pos > 0 && !utf8.RuneStart(text[pos]) {
			pos--
		}
		r, _ := utf8.DecodeRuneInString(text[pos:])
		why = fmt.Sprintf("unexpected character %q (U+%04X)", string(r), r)
	}
	return newFinding(CodeJSONMalformed, field,
		"%s is not valid JSON: %s at byte offset %d (near %s). Build it with JSON.stringify(...) instead of by hand.",
		where, why, pos, excerpt(text, pos))
}

// excerpt returns up to 20 bytes of text around offset, quoted.
func excerpt(text string, offset int) string {
	lo, hi := offset-10, offset+10
	if lo < 0 {
		lo = 0
	}
	if hi > len(text) {
		hi = len(text)
	}
	if lo > hi {
		lo = hi
	}
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return fmt.Sprintf("%q", text[lo:hi])
}

// toSchemaValue decodes raw for the schema validator (numbers as json.Number).
func toSchemaValue(raw []byte) any {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	return v
}

// maxShown is the most bytes of a value the page supplied that a finding
// shows (its message, and the field of a key-unknown): a finding says what
// it saw without growing with the payload, whose decoded result keeps the
// value whole.
const maxShown = 60

// describe renders a raw JSON value for a message, shortened (cutShown).
func describe(raw []byte) string {
	return cutShown(string(bytes.TrimSpace(raw)), maxShown)
}

// maxReason is the most bytes of what a listener threw that its finding
// quotes: prose, not a value, so cut later than one.
const maxReason = 200

// quotedRun is a Go-quoted string (strconv.Quote, %q) inside a text.
var quotedRun = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// shortenQuoted cuts each quoted value in text (a reason of another
// package's, such as simulator.ParseActivationCode's, which quotes the
// parts of a value whole: format field is "…") as shownValue cuts a value.
func shortenQuoted(text string) string {
	return quotedRun.ReplaceAllStringFunc(text, func(q string) string { return cutShown(q, maxShown) })
}

// cutShown is s when it has at most n bytes, else its first n-3 bytes (cut
// at a character) and "...".
func cutShown(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n-3, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
