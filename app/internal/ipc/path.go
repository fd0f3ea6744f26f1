package ipc

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Path is a file system path carried byte for byte. A JSON string holds
// only UTF-8 (encoding/json writes each invalid byte as U+FFFD), and a
// Linux path is any bytes but NUL: a --screenshots directory named in
// Latin-1 reached the window as another name. A Path that is valid UTF-8
// is a plain JSON string, as before; any other is {"base64": "…"} (the
// standard encoding, with padding).
type Path string

// pathBytes is the JSON form of a Path that is not valid UTF-8.
type pathBytes struct {
	Base64 string `json:"base64"`
}

// MarshalJSON writes p as a string, or as {"base64": …} when it is not
// valid UTF-8.
func (p Path) MarshalJSON() ([]byte, error) {
	if utf8.ValidString(string(p)) {
		return json.Marshal(string(p))
	}
	return json.Marshal(pathBytes{Base64: base64.StdEncoding.EncodeToString([]byte(p))})
}

// UnmarshalJSON reads either form of MarshalJSON.
func (p *Path) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*p = Path(s)
		return nil
	}
	var pb pathBytes
	if err := json.Unmarshal(b, &pb); err != nil {
		return fmt.Errorf("a path is a string or {\"base64\": …}: %w", err)
	}
	raw, err := base64.StdEncoding.DecodeString(pb.Base64)
	if err != nil {
		return fmt.Errorf("a path's base64: %w", err)
	}
	*p = Path(raw)
	return nil
}
