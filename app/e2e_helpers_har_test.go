package main

import (
	"encoding/json"
	"os"
	"testing"
)

// harResourceTypes reads the HAR at path and returns each request URL's
// _resourceType, one for each of its entries in the order they come.
func harResourceTypes(t *testing.T, path string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var har struct {
		Log struct {
			Entries []struct {
				Request      struct{ URL string } `json:"request"`
				ResourceType string               `json:"_resourceType"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &har); err != nil {
		t.Fatalf("HAR %s: %v", path, err)
	}
	types := map[string][]string{}
	for _, e := range har.Log.Entries {
		types[e.Request.URL] = append(types[e.Request.URL], e.ResourceType)
	}
	return types
}
