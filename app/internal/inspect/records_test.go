package inspect

import "testing"

func TestConsoleMessagePlace(t *testing.T) {
	for _, tc := range []struct {
		c    ConsoleMessage
		want string
	}{
		{ConsoleMessage{Source: "https://portal.example/app.js", Line: 12, Column: 4}, " at https://portal.example/app.js:12:4"},
		{ConsoleMessage{Source: "https://portal.example/?market=US&eid=89033023328867254521312745305230#plans", Line: 3, Column: 54}, " at https://portal.example/:3:54"},
		{ConsoleMessage{Source: "https://portal.example/#top", Line: 1}, " at https://portal.example/:1:0"},
		{ConsoleMessage{Line: 9}, ""},
	} {
		if got := tc.c.Place(); got != tc.want {
			t.Errorf("Place of %q = %q, want %q", tc.c.Source, got, tc.want)
		}
	}
}

// Only an enforced CSP violation, which the inspection records as a page
// error, is a CSP refusal; a report-only one is a console warning.
func TestCSPRefusal(t *testing.T) {
	tests := []struct {
		c    ConsoleMessage
		want bool
	}{
		{ConsoleMessage{Kind: ConsoleError, Text: `Content-Security-Policy refused an inline script (directive script-src of the policy "default-src 'self'")`}, true},
		{ConsoleMessage{Kind: ConsoleCall, Level: "warn", Text: "Content-Security-Policy would refuse (report only) eval()"}, false},
		{ConsoleMessage{Kind: ConsoleError, Text: "TypeError: a is null"}, false},
		{ConsoleMessage{Kind: ConsoleCall, Level: "error", Text: "Content-Security-Policy refused a load of x"}, false},
	}
	for _, tt := range tests {
		if got := tt.c.CSPRefusal(); got != tt.want {
			t.Errorf("%+v: CSPRefusal() = %v, want %v", tt.c, got, tt.want)
		}
	}
}
