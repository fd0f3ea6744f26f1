package window

// typeByExtension is the MIME type a request's URL path suggests when the
// request has none (it failed, or was blocked, before a response): the
// types resourceType tells apart. A fixed table rather than package mime,
// whose answer depends on the machine's /etc/mime.types and whose code
// every window process mapped for this one guess.
var typeByExtension = map[string]string{
	".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
	".css": "text/css",
	".js":  "text/javascript", ".mjs": "text/javascript",
	".json": "application/json", ".xml": "text/xml", ".txt": "text/plain", ".wasm": "application/wasm",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".svg": "image/svg+xml", ".ico": "image/x-icon", ".avif": "image/avif", ".bmp": "image/bmp",
	".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
	".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg",
	".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".wav": "audio/wav", ".m4a": "audio/mp4",
	".pdf": "application/pdf",
}
