// The key of the mark WarmNetwork leaves on its own download (a
// WebKitDownload's object data), so that the inspection's download handler
// (inspect.go) tells it from the page's downloads.
#define WARM_DOWNLOAD_MARK "mpsim-warm-download"
