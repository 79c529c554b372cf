// Helpers every kind shares: the mebo sentinel → MeboErrorCode table, JSON and .blob output, a
// clean golden folder, and the manifest + blob pairs that `verify` walks.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/arloliu/mebo/errs"
)

// meboErrCodes maps every mebo v1.9.0 sentinel (errs/errors.go) to its @mebo/format MeboErrorCode.
// Complete, so every kind uses meboCode instead of a table of its own.
var meboErrCodes = []struct {
	err  error
	code string
}{
	{errs.ErrInvalidMagicNumber, "INVALID_MAGIC_NUMBER"},
	{errs.ErrInvalidMetricCount, "INVALID_METRIC_COUNT"},
	{errs.ErrInvalidHeaderSize, "INVALID_HEADER_SIZE"},
	{errs.ErrInvalidHeaderFlags, "INVALID_HEADER_FLAGS"},
	{errs.ErrInvalidMetricID, "INVALID_METRIC_ID"},
	{errs.ErrInvalidMetricName, "INVALID_METRIC_NAME"},
	{errs.ErrInvalidIndexEntrySize, "INVALID_INDEX_ENTRY_SIZE"},
	{errs.ErrInvalidNumOfDataPoints, "INVALID_NUM_OF_DATA_POINTS"},
	{errs.ErrInvalidTimestampPayloadOffset, "INVALID_TIMESTAMP_PAYLOAD_OFFSET"},
	{errs.ErrInvalidValuePayloadOffset, "INVALID_VALUE_PAYLOAD_OFFSET"},
	{errs.ErrInvalidTagPayloadOffset, "INVALID_TAG_PAYLOAD_OFFSET"},
	{errs.ErrInvalidIndexOffsets, "INVALID_INDEX_OFFSETS"},
	{errs.ErrMetricCountExceeded, "METRIC_COUNT_EXCEEDED"},
	{errs.ErrMetricAlreadyStarted, "METRIC_ALREADY_STARTED"},
	{errs.ErrNoMetricStarted, "NO_METRIC_STARTED"},
	{errs.ErrMetricNotEnded, "METRIC_NOT_ENDED"},
	{errs.ErrNoMetricsAdded, "NO_METRICS_ADDED"},
	{errs.ErrTooManyDataPoints, "TOO_MANY_DATA_POINTS"},
	{errs.ErrNoDataPointsAdded, "NO_DATA_POINTS_ADDED"},
	{errs.ErrOffsetOutOfRange, "OFFSET_OUT_OF_RANGE"},
	{errs.ErrDataPointCountMismatch, "DATA_POINT_COUNT_MISMATCH"},
	{errs.ErrHashCollision, "HASH_COLLISION"},
	{errs.ErrHashMismatch, "HASH_MISMATCH"},
	{errs.ErrInvalidMetricNamesPayload, "INVALID_METRIC_NAMES_PAYLOAD"},
	{errs.ErrInvalidMetricNamesCount, "INVALID_METRIC_NAMES_COUNT"},
	{errs.ErrMixedIdentifierMode, "MIXED_IDENTIFIER_MODE"},
	{errs.ErrInvalidSharedTimestampTable, "INVALID_SHARED_TIMESTAMP_TABLE"},
	{errs.ErrInvalidReservedBytes, "INVALID_RESERVED_BYTES"},
	{errs.ErrIndexEntryOverflow, "INDEX_ENTRY_OVERFLOW"},
	{errs.ErrBlobSizeExceedsLimit, "BLOB_SIZE_EXCEEDS_LIMIT"},
	{errs.ErrEmptyBlobSet, "EMPTY_BLOB_SET"},
	{errs.ErrInvalidTimestampData, "INVALID_TIMESTAMP_DATA"},
	{errs.ErrDataSizeMismatch, "DATA_SIZE_MISMATCH"},
	{errs.ErrUnsupportedEncoding, "UNSUPPORTED_ENCODING"},
	{errs.ErrUnsupportedCompression, "UNSUPPORTED_COMPRESSION"},
	{errs.ErrHeaderOffsetOverflow, "HEADER_OFFSET_OVERFLOW"},
	{errs.ErrDecompressedSizeExceedsLimit, "DECOMPRESSED_SIZE_EXCEEDS_LIMIT"},
	{errs.ErrInvalidALPScheme, "INVALID_ALP_SCHEME"},
	{errs.ErrInvalidALPColumn, "INVALID_ALP_COLUMN"},
}

// meboCode is the MeboErrorCode of the first mebo sentinel err wraps, or "" (codec and other errors).
func meboCode(err error) string {
	for _, ec := range meboErrCodes {
		if errors.Is(err, ec.err) {
			return ec.code
		}
	}
	return ""
}

// writeJSON writes v as indented JSON with a trailing newline.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// writePair writes dir/name.blob and its manifest dir/name.json.
func writePair(dir, name string, b []byte, manifest any) error {
	if err := os.WriteFile(filepath.Join(dir, name+".blob"), b, 0o644); err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, name+".json"), manifest)
}

// resetGolden makes dir/reject and removes the files under dir that match patterns, so a removed
// scenario does not linger.
func resetGolden(dir string, patterns ...string) error {
	if err := os.MkdirAll(filepath.Join(dir, "reject"), 0o755); err != nil {
		return err
	}
	for _, pat := range patterns {
		old, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, f := range old {
			_ = os.Remove(f)
		}
	}
	return nil
}

// forEachManifest calls each, in file-name order, with every dir/*.json manifest decoded into an M
// and the bytes of the .blob beside it. It returns how many manifests there were (at least one).
func forEachManifest[M any](dir string, each func(m *M, b []byte)) (int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return 0, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return 0, fmt.Errorf("no manifests in %s", dir)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		var m M
		if err := json.Unmarshal(raw, &m); err != nil {
			return 0, fmt.Errorf("%s: %w", f, err)
		}
		b, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".blob")
		if err != nil {
			return 0, err
		}
		each(&m, b)
	}
	return len(files), nil
}
