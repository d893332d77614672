package nn

// ThroughputWindow is how many recent batches Throughput averages over.
const ThroughputWindow = 64

// Throughput returns the training samples per second over the last
// ThroughputWindow batches of a history (History.Batches): the samples of
// the newer ones divided by the step time from the end of the oldest to
// the end of the newest. It counts the time spent in Trainer.Step, as
// Trainer.Elapsed and BatchMetrics.Elapsed do, not pauses or the delay of
// slow motion, so a header's "elapsed" and "samples/s" measure the same
// time. It is 0 with fewer than two batches.
func Throughput(batches []BatchMetrics) float64 {
	n := len(batches)
	k := min(n, ThroughputWindow)
	if k < 2 {
		return 0
	}
	newest, oldest := batches[n-1], batches[n-k]
	d := (newest.Elapsed - oldest.Elapsed).Seconds()
	if d <= 0 {
		return 0
	}
	return float64(newest.Samples-oldest.Samples) / d
}
