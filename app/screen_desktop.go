//go:build !js && !wasm && !android && !ios

package app

import "github.com/go-gl/glfw/v3.4/glfw"

// monitorSize returns the primary monitor's size in pixels, or zeros when
// it is unknown. It calls GLFW, so it runs on the main thread once the
// driver has started (the app's OnStarted), never in tests.
func monitorSize() (w, h int) {
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0
	}
	vm := m.GetVideoMode()
	if vm == nil {
		return 0, 0
	}
	return vm.Width, vm.Height
}
