// Sections (@mebo/format): Go-decoded verdicts on seeded corruptions of small Go-written blobs.
// Each case is a seed blob plus concrete edits (byte sets, truncation, appended bytes); Go's
// decoder (blob.NewNumericDecoder / NewTextDecoder + Decode) records what it makes of the result:
// success (with ids and point counts), the errs.Err* sentinel it returned, a panic, or "skip"
// for failures outside the section layer (decompression, ALP). The TypeScript section decoders
// must reach the same verdict.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/arloliu/mebo/blob"
	"github.com/arloliu/mebo/compress"
	"github.com/arloliu/mebo/format"
	"github.com/arloliu/mebo/section"
)

func init() {
	register("format", kind{goldenDir: "packages/mebo-format/test/golden", gen: genFormat})
}

// formatCodes are the MeboErrorCodes of the section layer: a Go error with one of these becomes a
// code verdict, any other failure (decompression, ALP, ...) a skip.
var formatCodes = map[string]bool{
	"INVALID_MAGIC_NUMBER": true, "INVALID_HEADER_SIZE": true, "INVALID_HEADER_FLAGS": true,
	"HEADER_OFFSET_OVERFLOW": true, "INVALID_METRIC_COUNT": true, "INVALID_TIMESTAMP_PAYLOAD_OFFSET": true,
	"INVALID_VALUE_PAYLOAD_OFFSET": true, "INVALID_TAG_PAYLOAD_OFFSET": true, "INVALID_INDEX_ENTRY_SIZE": true,
	"INVALID_INDEX_OFFSETS": true, "INVALID_RESERVED_BYTES": true, "INDEX_ENTRY_OVERFLOW": true,
	"INVALID_SHARED_TIMESTAMP_TABLE": true, "INVALID_METRIC_NAMES_PAYLOAD": true,
	"INVALID_METRIC_NAMES_COUNT": true, "HASH_MISMATCH": true, "DATA_SIZE_MISMATCH": true,
}

type formatOp struct {
	Set      *[2]any `json:"set,omitempty"` // [offset, hex]
	Truncate *int    `json:"truncate,omitempty"`
	Append   string  `json:"append,omitempty"`
}

type formatVerdict struct {
	OK     bool     `json:"ok,omitempty"`
	IDs    []string `json:"ids,omitempty"`    // sorted ascending (decimal), only when unique
	Counts []int    `json:"counts,omitempty"` // points per id, same order
	// Unsorted: a V2 index whose ids are not ascending; Go's binary search then misses metrics, so
	// its counts are not comparable and are omitted.
	Unsorted bool `json:"unsorted,omitempty"`
	// TagLength: the decompressed (zstd) tag payload length, which bounds the tag offsets.
	TagLength *int   `json:"tagLength,omitempty"`
	Code      string `json:"code,omitempty"`
	Skip      string `json:"skip,omitempty"`
	Panic     string `json:"panic,omitempty"`
}

type formatCase struct {
	Seed   string        `json:"seed"`
	Ops    []formatOp    `json:"ops"`
	Expect formatVerdict `json:"expect"`
}

type formatManifest struct {
	Writer      string       `json:"writer"`
	Description string       `json:"description"`
	Seeds       []string     `json:"seeds"`
	Cases       []formatCase `json:"cases"`
}

type formatSeed struct {
	name    string
	text    bool
	bytes   []byte
	section int // bytes before the first payload: where most edits land
}

func genFormat(outDir string) error {
	seeds, err := formatSeeds()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(outDir, "sections"), 0o755); err != nil {
		return err
	}
	man := formatManifest{
		Writer: "github.com/arloliu/mebo v1.9.0",
		Description: "Seeded corruptions of Go-written blobs (sections/<seed>.blob) with the verdict of Go's decoder: " +
			"ok (+ ids and counts), code (errs.Err* as MeboErrorCode), panic, or skip (failure outside the section layer).",
	}
	for _, s := range seeds {
		if err := os.WriteFile(filepath.Join(outDir, "sections", s.name+".blob"), s.bytes, 0o644); err != nil {
			return err
		}
		man.Seeds = append(man.Seeds, s.name)
		man.Cases = append(man.Cases, formatCase{Seed: s.name, Ops: []formatOp{}, Expect: formatDecode(s.text, s.bytes)})
	}
	rng := rand.New(rand.NewPCG(0x6d65626f, 0x666d74))
	const cases = 2400
	for i := 0; i < cases; i++ {
		s := seeds[rng.IntN(len(seeds))]
		ops := formatMutations(rng, s)
		data := formatApply(s.bytes, ops)
		man.Cases = append(man.Cases, formatCase{Seed: s.name, Ops: ops, Expect: formatDecode(s.text, data)})
	}
	// One case per line keeps the file small and its diffs readable.
	head, err := json.Marshal(struct {
		Writer      string   `json:"writer"`
		Description string   `json:"description"`
		Seeds       []string `json:"seeds"`
	}{man.Writer, man.Description, man.Seeds})
	if err != nil {
		return err
	}
	out := append(head[:len(head)-1], []byte(",\n\"cases\": [\n")...)
	for i, c := range man.Cases {
		line, err := json.Marshal(c)
		if err != nil {
			return err
		}
		out = append(out, line...)
		if i < len(man.Cases)-1 {
			out = append(out, ',')
		}
		out = append(out, '\n')
	}
	out = append(out, []byte("]}\n")...)
	return os.WriteFile(filepath.Join(outDir, "sections.json"), out, 0o644)
}

func formatSeeds() ([]formatSeed, error) {
	start := time.UnixMicro(1704067200000000).UTC()
	type metric struct {
		id     uint64
		name   string
		n      int
		stepUs int64
	}
	// fill starts, fills and ends every metric of ms on a numeric or text encoder; add writes point
	// j (at ts) of metric k.
	type seedEncoder interface {
		StartMetricName(name string, n int) error
		StartMetricID(id uint64, n int) error
		EndMetric() error
		Finish() ([]byte, error)
	}
	fill := func(name string, text bool, enc seedEncoder, ms []metric, add func(k, j int, ts int64) error) (formatSeed, error) {
		for k, m := range ms {
			var err error
			if m.name != "" {
				err = enc.StartMetricName(m.name, m.n)
			} else {
				err = enc.StartMetricID(m.id, m.n)
			}
			if err != nil {
				return formatSeed{}, err
			}
			for j := 0; j < m.n; j++ {
				if err := add(k, j, start.UnixMicro()+int64(j)*m.stepUs); err != nil {
					return formatSeed{}, err
				}
			}
			if err := enc.EndMetric(); err != nil {
				return formatSeed{}, err
			}
		}
		b, err := enc.Finish()
		return formatSeed{name: name, text: text, bytes: b, section: int(le32(b, 20, b[0]&2 != 0))}, err
	}
	numeric := func(name string, ms []metric, opts ...blob.NumericEncoderOption) (formatSeed, error) {
		enc, err := blob.NewNumericEncoder(start, opts...)
		if err != nil {
			return formatSeed{}, err
		}
		return fill(name, false, enc, ms, func(k, j int, ts int64) error {
			return enc.AddDataPoint(ts, float64(k*100+j%7), fmt.Sprintf("t%d", j%3))
		})
	}
	text := func(name string, ms []metric, opts ...blob.TextEncoderOption) (formatSeed, error) {
		enc, err := blob.NewTextEncoder(start, opts...)
		if err != nil {
			return formatSeed{}, err
		}
		return fill(name, true, enc, ms, func(_, j int, ts int64) error {
			return enc.AddDataPoint(ts, fmt.Sprintf("v%d", j%5), fmt.Sprintf("g%d", j%2))
		})
	}
	small := []metric{{id: 11, n: 4, stepUs: 1e6}, {id: 7, n: 3, stepUs: 1e6}, {id: 0x8000000000000001, n: 5, stepUs: 15e6}}
	shared := []metric{{id: 40, n: 4, stepUs: 1e6}, {id: 10, n: 4, stepUs: 1e6}, {id: 30, n: 3, stepUs: 2e6}, {id: 20, n: 4, stepUs: 1e6}}
	named := []metric{{name: "cpu.usage", n: 3, stepUs: 1e6}, {name: "mem.free", n: 2, stepUs: 1e6}, {name: "disk.io", n: 4, stepUs: 5e6}}
	none := func(ts, val format.EncodingType) []blob.NumericEncoderOption {
		return []blob.NumericEncoderOption{
			blob.WithTimestampEncoding(ts), blob.WithValueEncoding(val),
			blob.WithTimestampCompression(format.CompressionNone), blob.WithValueCompression(format.CompressionNone),
		}
	}
	var out []formatSeed
	add := func(s formatSeed, err error) error {
		if err != nil {
			return fmt.Errorf("seed %s: %w", s.name, err)
		}
		out = append(out, s)
		return nil
	}
	steps := []func() error{
		func() error {
			return add(numeric("v1-le-delta-gorilla", small, none(format.TypeDelta, format.TypeGorilla)...))
		},
		func() error {
			return add(numeric("v1-be-raw-raw-tags", small, append(none(format.TypeRaw, format.TypeRaw), blob.WithBigEndian(), blob.WithTagsEnabled(true))...))
		},
		func() error {
			return add(numeric("v2-le-shared-deltapacked-chimp", shared, append(none(format.TypeDeltaPacked, format.TypeChimp), blob.WithSharedTimestamps())...))
		},
		func() error {
			return add(numeric("v2-be-shared-names-mode", named, append(none(format.TypeDelta, format.TypeGorilla), blob.WithSharedTimestamps(), blob.WithBigEndian())...))
		},
		func() error {
			big := []metric{{id: 5, n: 8192, stepUs: 1}, {id: 9, n: 2, stepUs: 1}}
			return add(numeric("v2ext-le-raw-raw", big, append(none(format.TypeDelta, format.TypeRaw), blob.WithBlobLayoutV2())...))
		},
		func() error {
			return add(text("text-le-delta-ids", small, blob.WithTextDataCompression(format.CompressionNone), blob.WithTextTimestampEncoding(format.TypeDelta)))
		},
		func() error {
			return add(text("text-be-raw-names-tags", named, blob.WithTextDataCompression(format.CompressionNone),
				blob.WithTextTimestampEncoding(format.TypeRaw), blob.WithTextTagsEnabled(true), blob.WithTextBigEndian()))
		},
		func() error {
			return add(text("text-le-delta-names-zstd", named, blob.WithTextDataCompression(format.CompressionZstd),
				blob.WithTextTimestampEncoding(format.TypeDelta), blob.WithTextTagsEnabled(true)))
		},
	}
	for _, f := range steps {
		if err := f(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func le32(b []byte, at int, bigEndian bool) uint32 {
	if bigEndian {
		return uint32(b[at])<<24 | uint32(b[at+1])<<16 | uint32(b[at+2])<<8 | uint32(b[at+3])
	}
	return uint32(b[at]) | uint32(b[at+1])<<8 | uint32(b[at+2])<<16 | uint32(b[at+3])<<24
}

// formatMutations draws one or two concrete edits, mostly inside the header/names/index/table area.
func formatMutations(rng *rand.Rand, s formatSeed) []formatOp {
	n := len(s.bytes)
	area := min(n, s.section+8)
	pos := func() int {
		if rng.IntN(5) > 0 {
			return rng.IntN(area)
		}
		return rng.IntN(n)
	}
	var ops []formatOp
	for k, count := 0, 1+rng.IntN(2); k < count; k++ {
		switch rng.IntN(6) {
		case 0, 1: // bit flips
			at := pos()
			v := s.bytes[at] ^ byte(1<<rng.IntN(8))
			ops = append(ops, formatSet(at, []byte{v}))
		case 2: // a stamped byte
			ops = append(ops, formatSet(pos(), []byte{[]byte{0x00, 0xff, 0x7f, 0x80, byte(rng.IntN(256))}[rng.IntN(5)]}))
		case 3: // an interesting u16/u32 at an even offset
			at := pos() &^ 1
			vals := []uint32{0, 1, 2, uint32(n), uint32(n - 1), uint32(n + 1), 0xffff, 0x10000, 0xffffffff, 0x7fffffff, uint32(s.section), rng.Uint32()}
			v := vals[rng.IntN(len(vals))]
			w := 4
			if rng.IntN(2) == 0 {
				w = 2
			}
			buf := []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}[:w]
			if rng.IntN(2) == 0 { // either byte order
				for i, j := 0, w-1; i < j; i, j = i+1, j-1 {
					buf[i], buf[j] = buf[j], buf[i]
				}
			}
			if at+w <= n {
				ops = append(ops, formatSet(at, buf))
			}
		case 4: // truncation, often near the section area
			t := rng.IntN(n + 1)
			if rng.IntN(2) == 0 {
				t = rng.IntN(area + 1)
			}
			ops = append(ops, formatOp{Truncate: &t})
			n = t
			area = min(area, n)
			if n == 0 {
				return ops
			}
		case 5: // appended garbage
			extra := make([]byte, 1+rng.IntN(16))
			for i := range extra {
				extra[i] = byte(rng.IntN(256))
			}
			ops = append(ops, formatOp{Append: hex.EncodeToString(extra)})
			n += len(extra)
		}
	}
	return ops
}

func formatSet(at int, b []byte) formatOp {
	v := [2]any{at, hex.EncodeToString(b)}
	return formatOp{Set: &v}
}

func formatApply(src []byte, ops []formatOp) []byte {
	b := append([]byte(nil), src...)
	for _, op := range ops {
		switch {
		case op.Set != nil:
			at := op.Set[0].(int)
			v, _ := hex.DecodeString(op.Set[1].(string))
			copy(b[at:], v)
		case op.Truncate != nil:
			b = b[:*op.Truncate]
		case op.Append != "":
			v, _ := hex.DecodeString(op.Append)
			b = append(b, v...)
		}
	}
	return b
}

func formatDecode(text bool, data []byte) (v formatVerdict) {
	defer func() {
		if r := recover(); r != nil {
			v = formatVerdict{Panic: fmt.Sprint(r)}
		}
	}()
	var tagLength *int
	v2 := false
	if h, err := section.ParseNumericHeader(data); err == nil && !text {
		v2 = h.Flag.IsV2()
		if h.Flag.HasTag() && int(h.TagPayloadOffset) <= len(data) {
			if codec, err := compress.GetCodec(format.CompressionZstd); err == nil {
				if out, err := codec.Decompress(data[h.TagPayloadOffset:]); err == nil {
					n := len(out)
					tagLength = &n
				}
			}
		}
	}
	defer func() {
		if v.Panic == "" {
			v.TagLength = tagLength
		}
	}()
	var ids []uint64
	var lenOf func(uint64) int
	var err error
	if text {
		var d *blob.TextDecoder
		if d, err = blob.NewTextDecoder(data); err == nil {
			var b blob.TextBlob
			if b, err = d.Decode(); err == nil {
				ids, lenOf = b.MetricIDs(), b.Len
			}
		}
	} else {
		var d *blob.NumericDecoder
		if d, err = blob.NewNumericDecoder(data); err == nil {
			var b blob.NumericBlob
			if b, err = d.Decode(); err == nil {
				ids, lenOf = b.MetricIDs(), b.Len
			}
		}
	}
	if err != nil {
		if code := meboCode(err); formatCodes[code] {
			return formatVerdict{Code: code}
		}
		return formatVerdict{Skip: err.Error()}
	}
	v.OK = true
	if v2 && !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] < ids[j] }) {
		v.Unsorted = true
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return v // duplicates: ids and counts are not comparable through Go's map
		}
	}
	for _, id := range ids {
		v.IDs = append(v.IDs, strconv.FormatUint(id, 10))
		if !v.Unsorted {
			v.Counts = append(v.Counts, lenOf(id))
		}
	}
	return v
}
