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
