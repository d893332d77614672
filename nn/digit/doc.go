// Package digit turns a drawing (pen strokes) or any image of a digit into
// the network's 28×28 input, prepared the way MNIST's digits were. The app's
// drawing pad, "backproplab predict IMAGE.png" and "backproplab predict
// --strokes FILE.json" all go through this package.
//
// # MNIST's preparation
//
// LeCun et al. scaled each bilevel NIST digit to fit a 20×20 box keeping its
// aspect ratio (anti-aliasing gives grey levels), then placed it in a 28×28
// field so that its centre of mass lies at the centre. Measured over the
// 60,000 training digits: the longer side of the nonzero pixels is 20 in
// all but 13 (which have 19), the mean intensity is 0.1307, and the centre
// of mass Σ j·v / Σ v, with 0-based pixel index j, averages (14.0, 14.0)
// and lies in [13.5, 14.5] for every digit: MNIST shifted by whole pixels
// so that the centre of mass lands nearest to pixel 14.
//
// # The pipeline
//
//  1. Render (drawings only). Each stroke is a chain of capsules (straight
//     segments of the pen's width with round caps), so fast strokes stay
//     continuous and a single point is a dot; each pixel gets its exact
//     coverage by a one-pixel box filter. Only the ink's bounding box is
//     rendered, with its longer side 80 pixels (4× the final 20).
//  2. Find the ink (images only). The border's median luminance is the
//     background; the ink is the side, lighter or darker, that reaches
//     further from it, so white-on-black and black-on-white images of any
//     colour both work. Transparent pixels are background. Levels are
//     stretched so that the background is 0 and the strongest ink 1.
//  3. Crop to the ink's bounding box (drawings: the points ± the pen
//     radius, clipped to the pad; images: the nonzero pixels).
//  4. Scale so that the longer side is 20 pixels, keeping the aspect ratio,
//     by area averaging: every output pixel is the mean over its exact
//     source footprint, so thin strokes do not alias.
//  5. Shift by whole pixels so that the centre of mass lands on pixel
//     (14, 14) within half a pixel, as MNIST did (no sub-pixel
//     resampling, so a 28×28 MNIST image passes through unchanged).
//  6. Values are white ink on black in [0, 1], row-major 28×28.
//
// With Options.MNIST false, steps 3–5 are replaced by scaling the whole
// pad or image down to 28×28 by area averaging (letterboxed if not
// square): the "without preprocessing" view.
//
// # Invariants
//
// Outputs lie in [0, 1]. A result with ok=false is all zero. FromDrawing
// and FromImage are deterministic and safe for concurrent use; a
// Preprocessor is not, but reuses its buffers and allocates nothing once
// warm.
package digit
