package app

import (
	"errors"
	"strings"

	"backproplab/nn/data"
)

// dataErrorText returns err for the user: the engine's folder and drawing
// errors translated from their codes, any other error's own words.
func dataErrorText(err error) string {
	var fe *data.FolderError
	if !errors.As(err, &fe) {
		return err.Error()
	}
	switch fe.Code {
	case data.FolderNoImages:
		return Tf("No images in %s: it should hold one subfolder per class, with PNG, JPEG or GIF files.", fe.Dir)
	case data.FolderOneClass:
		return Tf("%s has only one class (%s); a classifier needs at least two subfolders.", fe.Dir, fe.Class)
	case data.FolderEmptyClass:
		return Tf("Class “%s” (in %s) has no usable images.", fe.Class, fe.Dir)
	case data.FolderEmptySplit:
		return Tf("%s gives %d training and %d test images; both need at least one.", fe.Dir, fe.N, fe.M)
	case data.FolderTooManyClasses:
		return Tf("%s has %d class folders; at most %d are allowed.", fe.Dir, fe.N, fe.M)
	case data.FolderClassMissing:
		return Tf("%s has the class “%s”, which %s lacks.", fe.Dir, fe.Class, fe.Other)
	case data.FolderTooDeep:
		return Tf("%s is more than %d folders deep.", fe.Dir, fe.N)
	case data.FolderTooManyImages:
		return Tf("The folder holds more than %d images.", fe.N)
	case data.DrawingsNoFolder:
		return Tf("No drawings saved yet (%s does not exist): save drawings from the Draw tab first.", fe.Dir)
	case data.DrawingsNone:
		return Tf("No saved drawings in %s.", fe.Dir)
	case data.DrawingsTooMany:
		return Tf("More than %d drawings in %s.", fe.N, fe.Dir)
	case data.DrawingsNoneForClasses:
		return Tf("No drawings saved for the classes %s.", strings.Join(fe.Classes, ", "))
	case data.DrawingsNoTest:
		return Tf("%d drawings leave none for testing: save more.", fe.N)
	}
	return err.Error()
}
