package window

import (
	"encoding/hex"
	"fmt"

	"golang.org/x/sys/unix"
)

// randomHex is 16 random bytes from the kernel (getrandom(2), as
// crypto/rand reads them on Linux), in hex: the secrets that tell the
// window's own scripts from the page. Not crypto/rand: with the
// fontconfig fingerprint's crypto/sha256 it linked the FIPS module (its
// DRBG, AES, SHA-3, math/big), 0.17 MB more of the binary every window
// process maps (issue 15: the tree's PSS). A kernel that cannot give 16
// bytes leaves no safe secret: the window stops, and the host says its
// process ended.
func randomHex() string {
	b := make([]byte, 16)
	for n := 0; n < len(b); {
		k, err := unix.Getrandom(b[n:], 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			panic(fmt.Sprintf("no random bytes for the window's secrets: %v", err))
		}
		n += k
	}
	return hex.EncodeToString(b)
}
