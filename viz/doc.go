// Package viz turns plain data — curves, weight matrices, confusion counts,
// distributions and probabilities — into images for the Backprop Lab app.
// It draws with gonum/plot (plot, plotter, vg/vgimg, vg/vgsvg) and knows
// nothing of Fyne or of the network: the app adapts nn snapshots to the
// types defined here and places the images it gets back.
//
// # Renderers
//
//   - LineChart: loss and accuracy curves (Chart, Series), with Smooth for
//     TensorBoard-style smoothing, LayerNorms for per-layer norms, and the
//     exports WritePNG, WriteSVG and WriteCSV.
//   - Tile, TileGrid, Matrix: one pixel per value rasters of weights or
//     activations, meant to be enlarged with nearest-neighbour scaling;
//     ColorBar draws their legend.
//   - Confusion: an n×n confusion matrix labelled with class names
//     (WriteConfusionCSV exports it); ConfusionCellAt and
//     ConfusionCellRect map between pixels and cells.
//   - Distributions: percentile bands of a tensor over time (DistChart,
//     DistributionOf, DistributionFromHistogram).
//   - Bars: labelled bars such as class probabilities.
//
// # Size, scale and theme
//
// Renderers with text take the exact output size w×h in pixels and scale,
// the number of pixels per Fyne dp (the canvas scale: 1, 1.5, 2, or more
// in presenter mode). Text sizes, line widths and margins are given in dp
// and multiplied by scale, so the same call with twice the pixels and
// scale 2 gives the same picture, twice as sharp. A size below one pixel
// gives an empty image; a scale that is not positive panics.
//
// Theme holds all colours and the only font setting: Light, Dark and
// HighContrast are ready-made. To draw CJK labels, add a font collection
// to gonum/plot's font.DefaultCache and set Theme.Font.Typeface to it.
//
// # Palettes
//
// Diverging palettes (RdBu, PuOr, and RdBuDark, PuOrDark for dark themes)
// map negative values to blue or purple, zero to a neutral colour and
// positive values to red or orange. On a light background the neutral is
// near white, so ink means magnitude; the Dark variants use a dark grey
// near the background instead and brighten with |v|. Sequential palettes
// (Viridis, Blues, BluesDark) are for counts, and OkabeIto and
// Theme.Series give categorical colours that survive colour blindness.
//
// # Invariants
//
//   - Output images are *image.RGBA of exactly the requested size, with
//     bounds starting at (0, 0).
//   - No input data makes a renderer panic: NaN and ±Inf are skipped (or
//     drawn neutral in rasters), huge values are clipped to ±1e15, empty
//     input draws the axes and "No data yet". Only shape mismatches
//     (e.g. len(w) != rows*cols), a zero palette and a bad scale panic.
//   - Renderers are safe for concurrent use; they share no mutable state.
//   - Line charts downsample each sorted series to about two points per
//     pixel column (the minimum and maximum of each column), so drawing
//     cost does not grow with the length of training.
package viz
