package mnist

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// maxURLFileSize bounds one file read by LoadURL; the largest is 9.9 MB
// gzip-compressed, 47 MB raw.
const maxURLFileSize = 64 << 20

// LoadURL reads the training and test sets from the four files of Files
// (gzip-compressed, under their canonical names) at base, an http(s) URL
// of a folder, as `backproplab serve` publishes them beside the browser
// build. It is Load for where there is no file system: the app in a
// browser. Errors name the URL at fault; cancelling ctx stops the
// downloads. The two sets are read concurrently.
func LoadURL(ctx context.Context, client *http.Client, base string) (train, test *Set, err error) {
	if client == nil {
		client = http.DefaultClient
	}
	var testErr error
	var wg sync.WaitGroup
	wg.Go(func() { test, testErr = loadURLSet(ctx, client, base, testImages, testLabels) })
	train, err = loadURLSet(ctx, client, base, trainImages, trainLabels)
	wg.Wait()
	if err == nil {
		err = testErr
	}
	if err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func loadURLSet(ctx context.Context, client *http.Client, base, imagesName, labelsName string) (*Set, error) {
	var images, labels []uint8
	var n, rows, cols int
	imagesURL, err := getURL(ctx, client, base, imagesName, func(r io.Reader, u string) (err error) {
		images, n, rows, cols, err = ReadImages(r, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	labelsURL, err := getURL(ctx, client, base, labelsName, func(r io.Reader, u string) (err error) {
		labels, err = ReadLabels(r, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(labels) != n {
		return nil, fmt.Errorf("mnist: %s: %d labels, but %s has %d images", labelsURL, len(labels), imagesURL, n)
	}
	return &Set{Images: images, Labels: labels, N: n, Rows: rows, Cols: cols}, nil
}

// getURL requests base/name and hands its body to read. It returns the
// URL it requested.
func getURL(ctx context.Context, client *http.Client, base, name string, read func(io.Reader, string) error) (string, error) {
	u, err := url.JoinPath(base, name)
	if err != nil {
		return "", fmt.Errorf("mnist: %s: %w", base, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return u, fmt.Errorf("mnist: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return u, fmt.Errorf("mnist: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("mnist: GET %s: %s", u, resp.Status)
		if resp.StatusCode == http.StatusNotFound {
			err = fmt.Errorf("%w: %w", err, ErrNotFound)
		}
		return u, err
	}
	if err := read(io.LimitReader(resp.Body, maxURLFileSize), u); err != nil {
		return u, err
	}
	return u, nil
}
