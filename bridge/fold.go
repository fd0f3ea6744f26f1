package bridge

// equalFoldASCII reports whether a and b are equal when the ASCII letters
// A–Z and a–z are taken as the same letter, and nothing else is.
//
// strings.EqualFold folds by Unicode: it took "ſuccess" (U+017F LATIN
// SMALL LETTER LONG S) for "success" and "\u212Aey" (KELVIN SIGN) for
// "key", so a portal's key or enum value that the app would not recognise
// was accepted as a mere case variant. The contract's names, enum values
// and host names are ASCII, and only ASCII case is forgiven.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

// toLowerASCII returns s with the ASCII letters A–Z made lower case and
// every other byte as it is.
func toLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerASCII(b[j])
			}
			return string(b)
		}
	}
	return s
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
