package data

import (
	"fmt"
	"path/filepath"
	"strings"
)

// FolderCode says why a folder of images or the saved drawings give no
// dataset. The app translates it; FolderError.Error gives it in English.
type FolderCode int

// The reasons a folder or the drawings give no dataset.
const (
	// FolderNoImages: no image files in Dir.
	FolderNoImages FolderCode = iota + 1
	// FolderOneClass: Dir has only the class Class.
	FolderOneClass
	// FolderEmptyClass: class Class (in Dir) has no usable images.
	FolderEmptyClass
	// FolderEmptySplit: Dir gives N training and M test images, and one
	// of them is 0.
	FolderEmptySplit
	// FolderTooManyClasses: Dir has N class folders, more than M.
	FolderTooManyClasses
	// FolderClassMissing: Dir has class Class, which Other (its train
	// folder) lacks.
	FolderClassMissing
	// FolderTooDeep: Dir is more than N folders deep.
	FolderTooDeep
	// FolderTooManyImages: more than N images.
	FolderTooManyImages
	// DrawingsNoFolder: no drawings were ever saved (Dir does not exist).
	DrawingsNoFolder
	// DrawingsNone: no saved drawings in Dir.
	DrawingsNone
	// DrawingsTooMany: more than N drawings in Dir.
	DrawingsTooMany
	// DrawingsNoneForClasses: no drawings saved for the classes Classes.
	DrawingsNoneForClasses
	// DrawingsNoTest: N drawings leave none for testing.
	DrawingsNoTest
)

// FolderError is why FromFolder, ReadDrawings or FromDrawings give no
// dataset: a code and its parameters.
type FolderError struct {
	Code       FolderCode
	Dir, Class string
	Other      string
	Classes    []string
	N, M       int
}

// Error gives the reason in English.
func (e *FolderError) Error() string {
	var s string
	switch e.Code {
	case FolderNoImages:
		s = fmt.Sprintf("no images in %s (want one subfolder per class holding PNG, JPEG or GIF files)", e.Dir)
	case FolderOneClass:
		s = fmt.Sprintf("%s has only one class (%s); a classifier needs at least two subfolders", e.Dir, e.Class)
	case FolderEmptyClass:
		s = fmt.Sprintf("class %q (%s) has no usable images", e.Class, filepath.Join(e.Dir, e.Class))
	case FolderEmptySplit:
		s = fmt.Sprintf("%s gives %d training and %d test images; both need at least one", e.Dir, e.N, e.M)
	case FolderTooManyClasses:
		s = fmt.Sprintf("%s has %d class folders, at most %d", e.Dir, e.N, e.M)
	case FolderClassMissing:
		s = fmt.Sprintf("%s has class %q, which %s lacks", e.Dir, e.Class, e.Other)
	case FolderTooDeep:
		s = fmt.Sprintf("%s is more than %d folders deep", e.Dir, e.N)
	case FolderTooManyImages:
		s = fmt.Sprintf("more than %d images", e.N)
	case DrawingsNoFolder:
		s = fmt.Sprintf("no saved drawings: %s does not exist (save drawings from the Draw screen first)", e.Dir)
	case DrawingsNone:
		s = fmt.Sprintf("no saved drawings in %s", e.Dir)
	case DrawingsTooMany:
		s = fmt.Sprintf("more than %d drawings in %s", e.N, e.Dir)
	case DrawingsNoneForClasses:
		s = fmt.Sprintf("no drawings saved for the classes %s", strings.Join(e.Classes, ", "))
	case DrawingsNoTest:
		s = fmt.Sprintf("%d drawings leave none for testing; save more", e.N)
	default:
		s = fmt.Sprintf("folder error %d", e.Code)
	}
	return "data: " + s
}
