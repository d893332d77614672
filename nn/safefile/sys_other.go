//go:build !unix

package safefile

import "os"

const oNonblock = 0

func clearNonblock(*os.File) error { return nil }

// alive cannot tell here: leftovers go by age alone.
func alive(int) (alive, known bool) { return false, false }

// syncDir does nothing: Windows cannot sync a folder handle.
func syncDir(string) error { return nil }
