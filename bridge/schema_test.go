package bridge

import (
	"sync"
	"testing"
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
