package bridge

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// codeConstants maps the Code* constant names of findings.go to their codes.
func codeConstants(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile("findings.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	re := regexp.MustCompile(`(?m)^\s+(Code\w+)\s+= "([^"]+)"`)
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		out[m[1]] = m[2]
	}
	return out
}

// stringLit is the value of e when it is a string literal, or of the format
// string of a fmt.Sprintf call.
func stringLit(e ast.Expr) (string, bool) {
	if c, ok := e.(*ast.CallExpr); ok && len(c.Args) > 0 {
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" {
			e = c.Args[0]
		}
	}
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// identName is the name of an identifier or of a selector's last part
// (bridge.CodeX).
func identName(e ast.Expr) string {
	switch v := e.(type) {
	case *ast.Ident:
		return v.Name
	case *ast.SelectorExpr:
		return v.Sel.Name
	}
	return ""
}

// messageSections lists, for every finding built in the module's non-test
// sources (newFinding calls and Finding literals), its message format and
// the section the finding cites.
func messageSections(t *testing.T) map[string]string {
	t.Helper()
	codes := codeConstants(t)
	out := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "third_party" || d.Name() == "tools" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch v := n.(type) {
			case *ast.CallExpr:
				if identName(v.Fun) == "newFinding" && len(v.Args) >= 3 {
					msg, ok := stringLit(v.Args[2])
					if code, known := codes[identName(v.Args[0])]; ok && known {
						out[fset.Position(v.Pos()).String()+": "+msg] = codeInfo(code).Section
					}
				}
			case *ast.CompositeLit:
				if identName(v.Type) != "Finding" {
					return true
				}
				var msg, section string
				for _, el := range v.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					s, _ := stringLit(kv.Value)
					switch identName(kv.Key) {
					case "Message":
						msg = s
					case "Section":
						section = s
					}
				}
				if msg != "" && section != "" {
					out[fset.Position(v.Pos()).String()+": "+msg] = section
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNoMessageRepeatsItsSection: Finding.Line appends the finding's own
// section, "(contract §x)", so a message that cites it too prints it twice
// (origin-insecure said "…(contract §1.2). (contract §1.2)").
func TestNoMessageRepeatsItsSection(t *testing.T) {
	found := messageSections(t)
	if len(found) < 100 {
		t.Fatalf("only %d finding messages found in the sources; the walk is broken", len(found))
	}
	for msg, section := range found {
		if strings.Contains(msg, "(contract "+section+")") || strings.Contains(msg, "(contract "+section+";") {
			t.Errorf("%s\n  cites its own section %s, which Line appends already", msg, section)
		}
	}
}
