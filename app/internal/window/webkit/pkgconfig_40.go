//go:build !webkit2_41

package webkit

// WebKitGTK 4.0 (libsoup 2.4), the default: Debian 12, Ubuntu 22.04.

// #cgo pkg-config: gtk+-3.0 webkit2gtk-4.0
import "C"
