//go:build webkit2_41

package webkit

// WebKitGTK 4.1 (libsoup 3), chosen by the webkit2_41 build tag: Debian 12
// and later, Ubuntu 22.04 and later, Fedora. webview_go still asks
// pkg-config for webkit2gtk-4.0; the build points that name at 4.1 with
// build/pkgconfig-webkit2_41/webkit2gtk-4.0.pc (see docs/portability.md).

// #cgo pkg-config: gtk+-3.0 webkit2gtk-4.1
import "C"
