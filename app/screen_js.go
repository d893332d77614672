//go:build js || wasm || android || ios

package app

// monitorSize returns zeros: in a browser the page gives the room.
func monitorSize() (w, h int) { return 0, 0 }
