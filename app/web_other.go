//go:build !js

package app

import "io"

// startWeb reports false: on the desktop MNIST comes from a folder.
func (s *session) startWeb() bool { return false }

// setUpWeb does nothing on the desktop.
func (u *ui) setUpWeb() {}

// announcePrediction does nothing on the desktop, where the prediction
// bars are real widgets that accessibility tools can read.
func announcePrediction(int) {}

// webSave reports false: the desktop saves through a file dialog.
func (d *deps) webSave(string, string, func(io.Writer) error) bool { return false }

// webNoFiles reports false: the desktop has file dialogs.
func (d *deps) webNoFiles() bool { return false }

// webLanguage returns "": the desktop's language comes from --lang or
// the preference.
func webLanguage() string { return "" }

// webRestart reports false: the desktop applies a language at the next start.
func (u *ui) webRestart() bool { return false }

// fromKey runs f at once: on the desktop, Fyne delivers key events on the
// UI goroutine.
func (b *bridge) fromKey(f func()) { f() }
