package webkit

/*
#include <malloc.h>
*/
import "C"

// TrimMalloc gives the C heap's free memory back to the system
// (malloc_trim): the memory GTK, WebKit's client library and the window's
// own C strings (scripts, messages) freed stays mapped in glibc's arenas
// otherwise, and counts in the window process's PSS (issue 15). Safe on any
// thread.
func TrimMalloc() {
	C.malloc_trim(0)
}
