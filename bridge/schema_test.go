package bridge

import (
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestPrepareCompilesTheSchemas checks that Prepare, called from several
// goroutines at once as concurrent sessions do, leaves both hand-back
// schemas compiled.
func TestPrepareCompilesTheSchemas(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(Prepare)
	}
	wg.Wait()
	got, err := schemas()
	if err != nil {
		t.Fatalf("schemas: %v", err)
	}
	for _, name := range []string{legacySchemaFile, metadataSchemaFile} {
		if cs := got[name]; cs == nil || cs.schema == nil {
			t.Errorf("%s: not compiled after Prepare", name)
		}
	}
}

// TestSchemaCompilerChecksSchemasOfEachDraft: third_party/jsonschema
// compiles a draft's meta-schemas when a schema of that draft is first
// compiled (PATCHED.md), so a schema that breaks its draft's meta-schema is
// still refused, for the draft mpsim uses and for another, from several
// goroutines at once.
func TestSchemaCompilerChecksSchemasOfEachDraft(t *testing.T) {
	tests := []struct {
		doc   string
		valid bool
	}{
		{`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string"}`, true},
		{`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":5}`, false},
		{`{"$schema":"http://json-schema.org/draft-07/schema#","minLength":2}`, true},
		{`{"$schema":"http://json-schema.org/draft-07/schema#","minLength":"two"}`, false},
		{`{"properties":{"a":{"$ref":"#/$defs/x"}},"$defs":{"x":{"type":"nope"}}}`, false},
	}
	for _, tc := range tests {
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				doc, err := jsonschema.UnmarshalJSON(strings.NewReader(tc.doc))
				if err != nil {
					t.Error(err)
					return
				}
				c := jsonschema.NewCompiler()
				if err := c.AddResource("test.json", doc); err != nil {
					t.Error(err)
					return
				}
				if _, err := c.Compile("test.json"); (err == nil) != tc.valid {
					t.Errorf("%s: compile error %v, want valid %v", tc.doc, err, tc.valid)
				}
			})
		}
		wg.Wait()
	}
}
