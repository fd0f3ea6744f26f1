//go:build !webkit2_41

package buildinfo

// WebKitAPI is the WebKitGTK API version the portal window links against.
const WebKitAPI = "4.0"
