package cli_test

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"mpsim/app/internal/cli"
)

// utf16Bytes is s in UTF-16 (big or little endian), with the byte order
// mark U+FEFF first when bom is set: what Windows PowerShell's > writes.
func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

// TestValidateReadsFileEncodings: `mpsim validate FILE` reads a payload
// file saved with a byte order mark: UTF-8 with one (Notepad's "UTF-8 with
// BOM") and UTF-16 LE or BE with one (Windows PowerShell's >) hold the
// payload's text, and pass as the UTF-8 file does; they were json-malformed
// (unexpected character U+FEFF, or U+FFFD for UTF-16) with the advice to
// build the payload with JSON.stringify. A UTF-16 file without a byte order
// mark and one in another encoding are refused, saying to save them as
// UTF-8, and never with that advice.
func TestValidateReadsFileEncodings(t *testing.T) {
	dir := t.TempDir()
	const txID = "t-é-😀" // non-ASCII, and outside the BMP: a surrogate pair in UTF-16
	payload := `{"ver":"1","success":false,"iccid":"","transactionId":"` + txID + `","purchaseResult":"{\"userAccount\":\"Existing\",\"purchaseInstrument\":\"Existing\",\"line\":\"Existing\",\"moDirectStatus\":\"PurchaseFailed\",\"planName\":\"\"}"}` + "\r\n"
	latin1 := strings.ReplaceAll(payload, "t-é-😀", "t-\xe9") // Windows-1252's é
	tests := []struct {
		name    string
		data    []byte
		code    int
		want    []string // in stderr when refused
		notWant []string
	}{
		{"UTF-8", []byte(payload), cli.ExitOK, nil, nil},
		{"UTF-8 with a BOM", append([]byte("\xef\xbb\xbf"), payload...), cli.ExitOK, nil, nil},
		{"UTF-16 LE with a BOM", utf16Bytes(payload, binary.LittleEndian, true), cli.ExitOK, nil, nil},
		{"UTF-16 BE with a BOM", utf16Bytes(payload, binary.BigEndian, true), cli.ExitOK, nil, nil},
		{"UTF-16 LE without a BOM", utf16Bytes(payload, binary.LittleEndian, false), cli.ExitUsage,
			[]string{"UTF-16", "without a byte order mark", "save it as UTF-8"}, []string{"JSON.stringify"}},
		{"UTF-16 BE without a BOM", utf16Bytes(payload, binary.BigEndian, false), cli.ExitUsage,
			[]string{"UTF-16", "save it as UTF-8"}, []string{"JSON.stringify"}},
		{"Windows-1252", []byte(latin1), cli.ExitUsage,
			[]string{"is not UTF-8 text", "0xE9", "save it as UTF-8"}, []string{"JSON.stringify"}},
		{"only a BOM", []byte("\xef\xbb\xbf\r\n"), cli.ExitUsage, []string{"the input is empty"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(file, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			r := mpsim(t, dir, "validate", "--json", "--transaction-id", txID, file)
			if r.code != tc.code {
				t.Fatalf("validate: exit %d, want %d; stdout %q, stderr %q", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(r.stderr+r.stdout, w) {
					t.Errorf("output has %q: %q %q", w, r.stdout, r.stderr)
				}
			}
			if tc.code != cli.ExitOK {
				return
			}
			var out struct {
				Result struct {
					TransactionID string `json:"transactionId"`
				} `json:"result"`
				Errors, Warnings int
			}
			if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
				t.Fatalf("validate --json: %v\n%s", err, r.stdout)
			}
			if out.Result.TransactionID != txID || out.Errors != 0 || out.Warnings != 0 {
				t.Errorf("validate: transactionId %q, %d errors, %d warnings; want %q and none:\n%s", out.Result.TransactionID, out.Errors, out.Warnings, txID, r.stdout)
			}
		})
	}
	// Standard input is read alike (cmd's type FILE | mpsim validate -).
	r := mpsimStdin(t, dir, "\xef\xbb\xbf"+payload, "validate", "-", "--transaction-id", txID)
	if r.code != cli.ExitOK {
		t.Errorf("validate - of a payload with a BOM: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
