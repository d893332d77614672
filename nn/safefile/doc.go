// Package safefile opens the files a user hands Backprop Lab and writes the
// files it saves, so that neither can hang, claim unbounded memory or lose
// work.
//
// # Reading
//
// OpenRegular and ReadFile refuse anything but a regular file (a folder, a
// FIFO, a device) before reading a byte: opening a FIFO does not block.
//
// # Writing
//
// WriteAtomic writes to a temporary file in the destination's folder, named
// ".NAME.PID-RANDOM.tmp", syncs it, renames it over the destination and
// syncs the folder. While it writes, a one-line journal entry in
// JournalDir names the temporary file, so that CleanLeftovers can remove
// it at the next start if the process was killed meanwhile.
//
// # Leftovers
//
// A temporary file, download (".NAME.PID-RANDOM.part") or temporary folder
// counts as stale when the process whose PID is in its name is gone, or,
// when that cannot be told (no PID in the name, or the PID was reused),
// when it is older than StaleAge. Nothing else is ever removed: only names
// of the patterns above, written by this program.
package safefile
