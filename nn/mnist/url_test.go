package mnist

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLoadURL(t *testing.T) {
	good := fixtureFiles(t, 5, 3)
	short := fixtureFiles(t, 5, 3)
	short[testLabels] = gz(t, labelsFile(t, fixtureLabels(2, 7)))
	tests := []struct {
		name    string
		files   map[string][]byte
		wantErr string // substring; "" for success
		missing bool   // the error wraps ErrNotFound
	}{
		{name: "served", files: good},
		{name: "label count mismatch", files: short, wantErr: "2 labels, but"},
		{name: "missing file", files: map[string][]byte{trainImages: good[trainImages]}, wantErr: "404", missing: true},
		{name: "not IDX", files: map[string][]byte{
			trainImages: []byte("<html>"), trainLabels: good[trainLabels],
			testImages: good[testImages], testLabels: good[testLabels],
		}, wantErr: trainImages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.StripPrefix("/mnist/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				data, ok := tt.files[r.URL.Path]
				if !ok {
					http.NotFound(w, r)
					return
				}
				w.Write(data)
			})))
			defer srv.Close()
			train, test, err := LoadURL(context.Background(), srv.Client(), srv.URL+"/mnist/")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if got := errors.Is(err, ErrNotFound); got != tt.missing {
					t.Errorf("errors.Is(err, ErrNotFound) = %v, want %v", got, tt.missing)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if train.N != 5 || test.N != 3 || train.Rows != Rows || test.Cols != Cols {
				t.Fatalf("train %d, test %d images of %d×%d", train.N, test.N, train.Rows, train.Cols)
			}
			if !bytes.Equal(train.Images, fixtureImages(5)) || !bytes.Equal(test.Labels, fixtureLabels(3, 7)) {
				t.Error("loaded data differs from what was served")
			}
		})
	}
}

func TestLoadURLCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LoadURL(ctx, srv.Client(), srv.URL); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
