// Package sniff is the module's one answer to two questions about the
// bytes of a body or a file before anything parses them: are they UTF-16,
// and are they an HTML page. The syntax layer, the capture reader and the
// catalogue's body classification all ask it, so that they never disagree.
package sniff
