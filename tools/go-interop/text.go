// Text blobs (@mebo/text-blob): golden vectors written by mebo v1.9.0, verification of blobs
// TypeScript wrote, and a timing run on a shared dataset (go-interop bench text <dataset.json>).
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/arloliu/mebo/blob"
	"github.com/arloliu/mebo/format"
	"github.com/cespare/xxhash/v2"
)

func init() {
	register("text", kind{
		goldenDir: "packages/mebo-text-blob/test/golden",
		gen:       genText,
		verify:    verifyText,
		// go-interop bench text <dataset.json>
		bench: func(args []string) error { return benchText(args[0]) },
	})
}

// ---- manifest -------------------------------------------------------------------------------

// textString is a JSON string, or {"hex": "..."} when the bytes are not valid UTF-8.
type textString string

func (s textString) MarshalJSON() ([]byte, error) {
	if utf8.ValidString(string(s)) {
		return json.Marshal(string(s))
	}
	return json.Marshal(map[string]string{"hex": hex.EncodeToString([]byte(s))})
}

func (s *textString) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err == nil {
		*s = textString(str)
		return nil
	}
	var h struct {
		Hex string `json:"hex"`
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return err
	}
	raw, err := hex.DecodeString(h.Hex)
	if err != nil {
		return err
	}
	*s = textString(raw)
	return nil
}

type textPoint struct {
	Ts    string     `json:"ts"`
	Value textString `json:"value"`
	Tag   textString `json:"tag"`
}

type textMetric struct {
	ID     string      `json:"id"`
	Name   *textString `json:"name,omitempty"`
	Points []textPoint `json:"points"`
}

type textOptions struct {
	StartTime         string `json:"startTime"`
	Mode              string `json:"mode"`              // id | name
	TimestampEncoding string `json:"timestampEncoding"` // raw | delta
	Compression       string `json:"compression"`       // none | zstd | s2 | lz4
	Tags              bool   `json:"tags"`
	Endianness        string `json:"endianness"` // little | big
}

type textManifest struct {
	Scenario    string       `json:"scenario"`
	Description string       `json:"description,omitempty"`
	Writer      string       `json:"writer"`
	Options     textOptions  `json:"options"`
	Metrics     []textMetric `json:"metrics"`
	// ByteIdentical: an uncompressed blob a conforming encoder reproduces exactly.
	ByteIdentical bool `json:"byteIdentical"`
	BlobSize      int  `json:"blobSize"`
}

type textReject struct {
	Scenario string `json:"scenario"`
	From     string `json:"from"`
	Mutation string `json:"mutation"`
	// Code is the MeboErrorCode a decoder must throw; empty when Go's error is a codec error
	// without a sentinel (any MeboError is then acceptable).
	Code    string `json:"code"`
	GoError string `json:"goError"`
}

// ---- inputs ---------------------------------------------------------------------------------

const textBaseMicros = int64(1704067200000000) // 2024-01-01T00:00:00Z

var (
	logLevels   = []string{"DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"}
	httpStatus  = []string{"200 OK", "200 OK", "200 OK", "201 Created", "204 No Content", "301 Moved Permanently", "304 Not Modified", "400 Bad Request", "404 Not Found", "500 Internal Server Error", "503 Service Unavailable"}
	versions    = []string{"v1.9.0", "v1.9.1", "v2.0.0-rc.1", "v2.0.0"}
	freeText    = []string{"connection reset by peer", "user logged in", "cache miss for key session:8f3a", "GC pause 12ms", "retrying request (attempt 2/5)", "disk usage at 81%", ""}
	unicodeText = []string{"héllo wörld", "日本語のテキスト", "emoji 🚀🔥", "Ελληνικά", "mixed ascii + 中文", "", "ñ"}
	hostTags    = []string{"", "host=a", "host=b", "region=eu-west-1", "pod=api-7f9c"}
)

// lcg is a tiny deterministic generator so every run writes the same bytes.
type lcg uint64

func (r *lcg) next() uint64 {
	*r = lcg(uint64(*r)*6364136223846793005 + 1442695040888963407)
	return uint64(*r) >> 11
}
func (r *lcg) intn(n int) int { return int(r.next() % uint64(n)) }

type textInput struct {
	id     uint64
	name   string
	ts     []int64
	values []string
	tags   []string
}

func genSeries(r *lcg, start int64, n int, pool []string, tagPool []string, stepMicros int64, jitter bool) ([]int64, []string, []string) {
	ts := make([]int64, n)
	vals := make([]string, n)
	tags := make([]string, n)
	t := start
	for i := 0; i < n; i++ {
		t += stepMicros
		if jitter {
			t += int64(r.intn(2001)) - 1000
		}
		ts[i] = t
		vals[i] = pool[r.intn(len(pool))]
		if len(tagPool) > 0 {
			tags[i] = tagPool[r.intn(len(tagPool))]
		}
	}
	return ts, vals, tags
}

func standardMetrics(r *lcg, start int64) []textInput {
	pools := [][]string{logLevels, httpStatus, versions, freeText}
	names := []string{"app.log.level", "http.response.status", "build.version", "app.log.message"}
	out := make([]textInput, 0, len(pools))
	for m, pool := range pools {
		ts, vals, tags := genSeries(r, start, 6+m*3, pool, hostTags, 30_000_000, m%2 == 1)
		out = append(out, textInput{id: uint64(2000 + 13*m), name: names[m], ts: ts, values: vals, tags: tags})
	}
	return out
}

// ---- encoding -------------------------------------------------------------------------------

var compressionByName = map[string]format.CompressionType{
	"none": format.CompressionNone, "zstd": format.CompressionZstd, "s2": format.CompressionS2, "lz4": format.CompressionLZ4,
}

func encodeText(o textOptions, metrics []textInput) ([]byte, error) {
	start, err := strconv.ParseInt(o.StartTime, 10, 64)
	if err != nil {
		return nil, err
	}
	opts := []blob.TextEncoderOption{
		blob.WithTextDataCompression(compressionByName[o.Compression]),
		blob.WithTextTagsEnabled(o.Tags),
	}
	if o.TimestampEncoding == "raw" {
		opts = append(opts, blob.WithTextTimestampEncoding(format.TypeRaw))
	} else {
		opts = append(opts, blob.WithTextTimestampEncoding(format.TypeDelta))
	}
	if o.Endianness == "big" {
		opts = append(opts, blob.WithTextBigEndian())
	}
	enc, err := blob.NewTextEncoder(time.UnixMicro(start), opts...)
	if err != nil {
		return nil, err
	}
	for _, m := range metrics {
		if o.Mode == "name" {
			err = enc.StartMetricName(m.name, len(m.ts))
		} else {
			err = enc.StartMetricID(m.id, len(m.ts))
		}
		if err != nil {
			return nil, err
		}
		for i := range m.ts {
			if err := enc.AddDataPoint(m.ts[i], m.values[i], m.tags[i]); err != nil {
				return nil, err
			}
		}
		if err := enc.EndMetric(); err != nil {
			return nil, err
		}
	}
	return enc.Finish()
}

func manifestFor(scenario, desc string, o textOptions, metrics []textInput) textManifest {
	man := textManifest{Scenario: scenario, Description: desc, Writer: "github.com/arloliu/mebo v1.9.0", Options: o,
		ByteIdentical: o.Compression == "none"}
	for _, m := range metrics {
		tm := textMetric{ID: strconv.FormatUint(m.id, 10)}
		if o.Mode == "name" {
			n := textString(m.name)
			tm.Name = &n
			tm.ID = strconv.FormatUint(xxhash.Sum64String(m.name), 10)
		}
		for i := range m.ts {
			p := textPoint{Ts: strconv.FormatInt(m.ts[i], 10), Value: textString(m.values[i])}
			if o.Tags {
				p.Tag = textString(m.tags[i])
			}
			tm.Points = append(tm.Points, p)
		}
		man.Metrics = append(man.Metrics, tm)
	}
	return man
}

// ---- gen ------------------------------------------------------------------------------------

type textScenario struct {
	name, desc string
	opts       textOptions
	metrics    []textInput
}

func textScenarios() []textScenario {
	var out []textScenario
	start := strconv.FormatInt(textBaseMicros, 10)
	// The full matrix: mode × ts encoding × compression × tags × endianness.
	seed := lcg(42)
	for _, mode := range []string{"id", "name"} {
		for _, tsEnc := range []string{"delta", "raw"} {
			for _, comp := range []string{"none", "zstd", "s2", "lz4"} {
				for _, tags := range []bool{false, true} {
					for _, end := range []string{"little", "big"} {
						t := "notags"
						if tags {
							t = "tags"
						}
						name := fmt.Sprintf("%s-%s-%s-%s-%s", mode, tsEnc, comp, t, end[:1]+"e")
						out = append(out, textScenario{name: name, desc: "matrix",
							opts:    textOptions{StartTime: start, Mode: mode, TimestampEncoding: tsEnc, Compression: comp, Tags: tags, Endianness: end},
							metrics: standardMetrics(&seed, textBaseMicros)})
					}
				}
			}
		}
	}
	base := func(mode, comp string, tags bool) textOptions {
		return textOptions{StartTime: start, Mode: mode, TimestampEncoding: "delta", Compression: comp, Tags: tags, Endianness: "little"}
	}
	// Unicode values and tags, and empty strings.
	r := lcg(7)
	ts, vals, _ := genSeries(&r, textBaseMicros, 14, unicodeText, nil, 1_000_000, false)
	tags := make([]string, len(ts))
	for i := range tags {
		tags[i] = unicodeText[(i+3)%len(unicodeText)]
	}
	uni := []textInput{{id: 77, name: "ünïcødé.metric.名前", ts: ts, values: vals, tags: tags}}
	for _, mode := range []string{"id", "name"} {
		for _, comp := range []string{"none", "zstd"} {
			out = append(out, textScenario{name: "unicode-" + mode + "-" + comp, desc: "multi-byte UTF-8 values, tags and names", opts: base(mode, comp, true), metrics: uni})
		}
	}
	empty := []textInput{{id: 5, name: "empty", ts: []int64{textBaseMicros, textBaseMicros + 1, textBaseMicros + 2}, values: []string{"", "", ""}, tags: []string{"", "", ""}}}
	out = append(out, textScenario{name: "empty-strings-tags", desc: "empty values and tags", opts: base("id", "none", true), metrics: empty})
	out = append(out, textScenario{name: "empty-strings-notags", desc: "empty values", opts: base("id", "none", false), metrics: empty})
	// 255-byte values and tags (the u8 limit), ASCII and multi-byte.
	long := strings.Repeat("x", 255)
	longMB := strings.Repeat("é", 127) + "z" // 255 bytes
	maxLen := []textInput{{id: 255, name: "max.len", ts: []int64{textBaseMicros + 10, textBaseMicros + 20, textBaseMicros + 30},
		values: []string{long, longMB, "short"}, tags: []string{longMB, "", long}}}
	for _, comp := range []string{"none", "zstd", "s2", "lz4"} {
		out = append(out, textScenario{name: "max-len-255-" + comp, desc: "255-byte values and tags", opts: base("id", comp, true), metrics: maxLen})
	}
	// Many metrics.
	r = lcg(99)
	var many []textInput
	for m := 0; m < 120; m++ {
		pool := [][]string{logLevels, httpStatus, versions, freeText}[m%4]
		ts, vals, tg := genSeries(&r, textBaseMicros, 1+m%7, pool, hostTags, 10_000_000, true)
		many = append(many, textInput{id: uint64(1_000_000 + 7919*m), name: fmt.Sprintf("svc.%03d.state", m), ts: ts, values: vals, tags: tg})
	}
	for _, mode := range []string{"id", "name"} {
		for _, comp := range []string{"none", "zstd"} {
			out = append(out, textScenario{name: "many-metrics-" + mode + "-" + comp, desc: "120 metrics of 1–7 points", opts: base(mode, comp, true), metrics: many})
		}
	}
	// One long metric (zstd frame > 1 KiB carries a content size; short ones do not).
	r = lcg(5)
	ts, vals, tg := genSeries(&r, textBaseMicros, 600, httpStatus, hostTags, 1_000_000, true)
	for _, comp := range []string{"none", "zstd", "s2", "lz4"} {
		out = append(out, textScenario{name: "long-metric-" + comp, desc: "600 HTTP status points", opts: base("id", comp, false),
			metrics: []textInput{{id: 31337, name: "http.status", ts: ts, values: vals, tags: tg}}})
	}
	// Timestamp edge cases: single point, negative deltas, big jumps, negative timestamps, start 0.
	single := []textInput{{id: 1, name: "one", ts: []int64{textBaseMicros}, values: []string{"only"}, tags: []string{"t"}}}
	out = append(out, textScenario{name: "single-point", desc: "one metric, one point, ts == start", opts: base("id", "none", true), metrics: single})
	edge := []textInput{{id: 9, name: "edge", ts: []int64{textBaseMicros - 5_000_000, textBaseMicros + 86_400_000_000_000, textBaseMicros - 1, textBaseMicros + 1<<40, textBaseMicros},
		values: []string{"before start", "a day of years later", "back", "far", "home"}, tags: []string{"", "", "", "", ""}}}
	for _, tsEnc := range []string{"delta", "raw"} {
		for _, end := range []string{"little", "big"} {
			o := base("id", "none", false)
			o.TimestampEncoding, o.Endianness = tsEnc, end
			out = append(out, textScenario{name: "ts-jumps-" + tsEnc + "-" + end[:1] + "e", desc: "negative deltas and jumps beyond 2^31", opts: o, metrics: edge})
		}
	}
	neg := []textInput{{id: 3, name: "neg", ts: []int64{-3_000_000, -2_000_000, -1_000_000}, values: []string{"a", "b", "c"}, tags: []string{"", "", ""}}}
	o := base("id", "none", false)
	o.StartTime = "0"
	out = append(out, textScenario{name: "negative-ts-start0", desc: "negative timestamps, start time 0", opts: o, metrics: neg})
	o = base("name", "none", false)
	o.StartTime = "-5000000"
	out = append(out, textScenario{name: "negative-start", desc: "negative start time", opts: o, metrics: neg})
	// Invalid UTF-8 (Go strings are bytes): manifests carry hex; readers decode with U+FFFD.
	bad := []textInput{{id: 4, name: "bad.utf8", ts: []int64{textBaseMicros + 1, textBaseMicros + 2}, values: []string{"ok\xff\xfe", "\xc3"}, tags: []string{"\x80", "fine"}}}
	out = append(out, textScenario{name: "invalid-utf8", desc: "values and tags that are not valid UTF-8", opts: base("id", "none", true), metrics: bad})
	return out
}

func genText(outDir string) error {
	if err := resetGolden(outDir, "*.blob", "*.json", "reject/*"); err != nil {
		return err
	}
	seeds := map[string][]byte{}
	for _, s := range textScenarios() {
		b, err := encodeText(s.opts, s.metrics)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		man := manifestFor(s.name, s.desc, s.opts, s.metrics)
		man.BlobSize = len(b)
		// Self-check: Go must read back what it wrote.
		if err := checkTextBlob(b, man); err != nil {
			return fmt.Errorf("%s: self-check: %w", s.name, err)
		}
		if err := writePair(outDir, s.name, b, man); err != nil {
			return err
		}
		seeds[s.name] = b
	}
	return genTextRejects(filepath.Join(outDir, "reject"), seeds)
}

// ---- reject vectors -------------------------------------------------------------------------

func decodeTextGo(b []byte) (blob.TextBlob, error) {
	d, err := blob.NewTextDecoder(b)
	if err != nil {
		return blob.TextBlob{}, err
	}
	return d.Decode()
}

type mutation struct {
	name, from, desc string
	apply            func(b []byte) []byte
}

func genTextRejects(dir string, seeds map[string][]byte) error {
	le := binary.LittleEndian
	put32 := func(at int, v uint32) func([]byte) []byte {
		return func(b []byte) []byte { le.PutUint32(b[at:], v); return b }
	}
	idx := func(b []byte) int { return int(le.Uint32(b[16:])) }
	dataSizePlusOne := func(b []byte) []byte { le.PutUint32(b[24:], le.Uint32(b[24:])+1); return b }
	muts := []mutation{
		{"empty", "id-delta-none-notags-le", "zero bytes", func(b []byte) []byte { return b[:0] }},
		{"header-16", "id-delta-none-notags-le", "header cut to 16 bytes", func(b []byte) []byte { return b[:16] }},
		{"bad-magic", "id-delta-none-notags-le", "options bytes DE AD", func(b []byte) []byte { b[0], b[1] = 0xde, 0xad; return b }},
		{"numeric-magic", "id-delta-none-notags-le", "numeric V1 magic 0xEA10", func(b []byte) []byte { b[1] = 0xea; return b }},
		{"reserved-bit3", "id-delta-none-notags-le", "reserved option bit 3 set", func(b []byte) []byte { b[0] |= 0x08; return b }},
		{"ts-encoding-0", "id-delta-none-notags-le", "timestamp encoding byte 0", func(b []byte) []byte { b[2] = 0; return b }},
		{"ts-encoding-gorilla", "id-delta-none-notags-le", "timestamp encoding byte 3", func(b []byte) []byte { b[2] = 3; return b }},
		{"compression-0", "id-delta-none-notags-le", "compression byte 0", func(b []byte) []byte { b[3] = 0; return b }},
		{"compression-5", "id-delta-none-notags-le", "compression byte 5", func(b []byte) []byte { b[3] = 5; return b }},
		{"data-offset-beyond", "id-delta-none-notags-le", "DataOffset past the end", func(b []byte) []byte { le.PutUint32(b[20:], uint32(len(b)+1)); return b }},
		{"metric-count-huge", "id-delta-none-notags-le", "MetricCount 0x7fffffff: index cannot fit", put32(12, 0x7fffffff)},
		{"metric-count-plus-one", "id-delta-none-notags-le", "MetricCount one more than the index holds, data offset unchanged", func(b []byte) []byte {
			le.PutUint32(b[12:], le.Uint32(b[12:])+1)
			le.PutUint32(b[20:], uint32(len(b))) // keep DataOffset valid; the index then overlaps the data
			return b
		}},
		{"offsets-decreasing", "id-delta-none-notags-le", "second index entry offset below the first", func(b []byte) []byte {
			at := idx(b) + 16 + 12
			le.PutUint32(b[idx(b)+12:], 50)
			le.PutUint32(b[at:], 10)
			return b
		}},
		{"last-offset-beyond-size", "id-delta-none-notags-le", "last index offset past DataSize", func(b []byte) []byte {
			n := int(le.Uint32(b[12:]))
			le.PutUint32(b[idx(b)+(n-1)*16+12:], le.Uint32(b[24:])+1)
			return b
		}},
		{"data-size-plus-one", "id-delta-none-notags-le", "DataSize one more than the data", dataSizePlusOne},
		{"trailing-byte", "id-delta-none-notags-le", "one byte after the data section", func(b []byte) []byte { return append(b, 0) }},
		{"data-truncated", "id-delta-none-notags-le", "last byte of the data section cut", func(b []byte) []byte { return b[:len(b)-1] }},
		{"names-count-mismatch", "name-delta-none-notags-le", "names payload count one less than MetricCount", func(b []byte) []byte {
			le.PutUint16(b[32:], le.Uint16(b[32:])-1)
			return b
		}},
		{"names-truncated", "name-delta-none-notags-le", "first name length runs past the blob", func(b []byte) []byte {
			le.PutUint16(b[34:], 0xffff)
			return b
		}},
		{"names-no-count", "name-delta-none-notags-le", "names bit set, blob ends after the header", func(b []byte) []byte {
			b = b[:33]
			le.PutUint32(b[20:], 33)
			return b
		}},
		{"names-hash-mismatch", "name-delta-none-notags-le", "first byte of the first name changed", func(b []byte) []byte { b[36] ^= 0x20; return b }},
		{"names-bit-on-id-blob", "id-delta-none-notags-le", "names bit set on an ID-mode blob", func(b []byte) []byte { b[0] |= 0x04; return b }},
		{"zstd-garbage", "id-delta-zstd-notags-le", "zstd payload overwritten with 0xAA", func(b []byte) []byte {
			for i := int(le.Uint32(b[20:])); i < len(b); i++ {
				b[i] = 0xaa
			}
			return b
		}},
		{"zstd-data-size-plus-one", "id-delta-zstd-notags-le", "DataSize one more than the zstd frame holds", dataSizePlusOne},
		{"s2-declared-huge", "id-delta-s2-notags-le", "S2 block declares 200 MiB", func(b []byte) []byte {
			do := int(le.Uint32(b[20:]))
			var hdr [10]byte
			n := binary.PutUvarint(hdr[:], 200<<20)
			// replace the block's own length varint
			_, old := binary.Uvarint(b[do:])
			out := append(append(append([]byte{}, b[:do]...), hdr[:n]...), b[do+old:]...)
			return out
		}},
		{"s2-data-size-plus-one", "id-delta-s2-notags-le", "DataSize one more than the S2 block holds", dataSizePlusOne},
		{"lz4-data-size-plus-one", "id-delta-lz4-notags-le", "DataSize one more than the LZ4 block holds", dataSizePlusOne},
		{"lz4-truncated", "id-delta-lz4-notags-le", "LZ4 block cut in half", func(b []byte) []byte {
			do := int(le.Uint32(b[20:]))
			return b[:do+(len(b)-do)/2]
		}},
	}
	for _, m := range muts {
		seed, ok := seeds[m.from]
		if !ok {
			return fmt.Errorf("reject %s: no seed %s", m.name, m.from)
		}
		b := m.apply(append([]byte{}, seed...))
		_, err := decodeTextGo(b)
		if err == nil {
			return fmt.Errorf("reject %s: Go decoded it", m.name)
		}
		rej := textReject{Scenario: m.name, From: m.from, Mutation: m.desc, Code: meboCode(err), GoError: err.Error()}
		if err := writePair(dir, m.name, b, rej); err != nil {
			return err
		}
	}
	return nil
}

// ---- verify ---------------------------------------------------------------------------------

// checkTextBlob decodes b with Go and compares it with the manifest through every accessor.
func checkTextBlob(b []byte, man textManifest) error {
	tb, err := decodeTextGo(b)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if tb.MetricCount() != len(man.Metrics) {
		return fmt.Errorf("MetricCount %d, manifest %d", tb.MetricCount(), len(man.Metrics))
	}
	start, _ := strconv.ParseInt(man.Options.StartTime, 10, 64)
	for mi, m := range man.Metrics {
		id, err := strconv.ParseUint(m.ID, 10, 64)
		if err != nil {
			return err
		}
		byName := m.Name != nil
		name := ""
		if byName {
			name = string(*m.Name)
			if xxhash.Sum64String(name) != id {
				return fmt.Errorf("metric %d: id %d is not xxh64(%q)", mi, id, name)
			}
			if !tb.HasMetricName(name) {
				return fmt.Errorf("metric %q missing", name)
			}
		}
		if !tb.HasMetricID(id) {
			return fmt.Errorf("metric id %d missing", id)
		}
		n := tb.Len(id)
		if byName {
			n = tb.LenByName(name)
		}
		if n != len(m.Points) {
			return fmt.Errorf("metric %d: Len %d, manifest %d", mi, n, len(m.Points))
		}
		seq := tb.All(id)
		if byName {
			seq = tb.AllByName(name)
		}
		got := 0
		for i, p := range seq {
			want := m.Points[i]
			wts, _ := strconv.ParseInt(want.Ts, 10, 64)
			// Go's delta reader restarts from StartTime after a decoded 0 (spec §7.6); skip those.
			if p.Ts != wts && !(man.Options.TimestampEncoding == "delta" && start != 0 && hasZeroBefore(m.Points, i)) {
				return fmt.Errorf("metric %d point %d: ts %d, manifest %d", mi, i, p.Ts, wts)
			}
			if p.Val != string(want.Value) {
				return fmt.Errorf("metric %d point %d: value %q, manifest %q", mi, i, p.Val, string(want.Value))
			}
			if p.Tag != string(want.Tag) {
				return fmt.Errorf("metric %d point %d: tag %q, manifest %q", mi, i, p.Tag, string(want.Tag))
			}
			got++
		}
		if got != len(m.Points) {
			return fmt.Errorf("metric %d: iterated %d points, manifest %d", mi, got, len(m.Points))
		}
		for _, i := range []int{0, n / 2, n - 1} {
			want := m.Points[i]
			v, ok := tb.ValueAt(id, i)
			if byName {
				v, ok = tb.ValueAtByName(name, i)
			}
			if !ok || v != string(want.Value) {
				return fmt.Errorf("metric %d: ValueAt(%d) = %q,%v", mi, i, v, ok)
			}
			tg, ok := tb.TagAt(id, i)
			if !ok || tg != string(want.Tag) {
				return fmt.Errorf("metric %d: TagAt(%d) = %q,%v", mi, i, tg, ok)
			}
			ts, ok := tb.TimestampAt(id, i)
			wts, _ := strconv.ParseInt(want.Ts, 10, 64)
			if !ok || (ts != wts && !(man.Options.TimestampEncoding == "delta" && start != 0 && hasZeroBefore(m.Points, i))) {
				return fmt.Errorf("metric %d: TimestampAt(%d) = %d,%v want %d", mi, i, ts, ok, wts)
			}
		}
	}
	return nil
}

func hasZeroBefore(points []textPoint, i int) bool {
	for k := 0; k < i; k++ {
		if points[k].Ts == "0" {
			return true
		}
	}
	return false
}

// verifyText checks every <scenario>.blob + .json in dir (written by TypeScript). When the manifest
// says byteIdentical, it also re-encodes with Go and compares bytes.
func verifyText(dir string) error {
	failed := 0
	identical := 0
	n, err := forEachManifest(dir, func(man *textManifest, b []byte) {
		if err := checkTextBlob(b, *man); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL %s: %v\n", man.Scenario, err)
			failed++
			return
		}
		if man.ByteIdentical {
			goBytes, err := encodeText(man.Options, inputsFromManifest(*man))
			if err != nil {
				fmt.Fprintf(os.Stderr, "FAIL %s: Go re-encode: %v\n", man.Scenario, err)
				failed++
				return
			}
			if !bytes.Equal(goBytes, b) {
				fmt.Fprintf(os.Stderr, "FAIL %s: Go re-encode differs (%d vs %d bytes)\n", man.Scenario, len(goBytes), len(b))
				failed++
				return
			}
			identical++
		}
	})
	if err != nil {
		return err
	}
	fmt.Printf("text verify: %d scenarios, %d failed, %d byte-identical to Go's encoder\n", n, failed, identical)
	if failed > 0 {
		return fmt.Errorf("%d of %d text scenarios failed", failed, n)
	}
	return nil
}

func inputsFromManifest(man textManifest) []textInput {
	out := make([]textInput, 0, len(man.Metrics))
	for _, m := range man.Metrics {
		id, _ := strconv.ParseUint(m.ID, 10, 64)
		in := textInput{id: id}
		if m.Name != nil {
			in.name = string(*m.Name)
		}
		for _, p := range m.Points {
			ts, _ := strconv.ParseInt(p.Ts, 10, 64)
			in.ts = append(in.ts, ts)
			in.values = append(in.values, string(p.Value))
			in.tags = append(in.tags, string(p.Tag))
		}
		out = append(out, in)
	}
	return out
}

// ---- bench ----------------------------------------------------------------------------------

type benchDataset struct {
	StartTime string `json:"startTime"`
	Metrics   []struct {
		Name   string   `json:"name"`
		Ts     []int64  `json:"ts"`
		Values []string `json:"values"`
	} `json:"metrics"`
	Iterations int `json:"iterations"`
}

type benchResult struct {
	Points          int     `json:"points"`
	EncodeNoneNsPt  float64 `json:"encodeNoneNsPerPoint"`
	EncodeZstdNsPt  float64 `json:"encodeZstdNsPerPoint"`
	DecodeIterNsPt  float64 `json:"decodeIterNsPerPoint"`
	IterOnlyNsPt    float64 `json:"iterOnlyNsPerPoint"`
	ValueAtMidNs    float64 `json:"valueAtMidNs"`
	BytesNone       int     `json:"bytesNone"`
	BytesZstd       int     `json:"bytesZstd"`
	BytesS2         int     `json:"bytesS2"`
	BytesLZ4        int     `json:"bytesLZ4"`
	GoVersionString string  `json:"go"`
}

func benchText(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var ds benchDataset
	if err := json.Unmarshal(raw, &ds); err != nil {
		return err
	}
	iters := ds.Iterations
	if iters <= 0 {
		iters = 20
	}
	points := 0
	var inputs []textInput
	for _, m := range ds.Metrics {
		tags := make([]string, len(m.Ts))
		inputs = append(inputs, textInput{name: m.Name, id: xxhash.Sum64String(m.Name), ts: m.Ts, values: m.Values, tags: tags})
		points += len(m.Ts)
	}
	opts := func(comp string) textOptions {
		return textOptions{StartTime: ds.StartTime, Mode: "id", TimestampEncoding: "delta", Compression: comp, Endianness: "little"}
	}
	// Process CPU time, best of 7 batches (the machine is shared; the TS bench reports the same way).
	timeIt := func(f func() error) (float64, error) {
		if err := f(); err != nil { // warm-up
			return 0, err
		}
		best := -1.0
		for b := 0; b < 7; b++ {
			t0 := cpuNanos()
			for i := 0; i < iters; i++ {
				if err := f(); err != nil {
					return 0, err
				}
			}
			ns := float64(cpuNanos()-t0) / float64(iters) / float64(points)
			if best < 0 || ns < best {
				best = ns
			}
		}
		return best, nil
	}
	res := benchResult{Points: points, GoVersionString: "mebo v1.9.0"}
	sizes := map[string]*int{"none": &res.BytesNone, "zstd": &res.BytesZstd, "s2": &res.BytesS2, "lz4": &res.BytesLZ4}
	for comp, dst := range sizes {
		b, err := encodeText(opts(comp), inputs)
		if err != nil {
			return err
		}
		*dst = len(b)
	}
	if res.EncodeNoneNsPt, err = timeIt(func() error { _, e := encodeText(opts("none"), inputs); return e }); err != nil {
		return err
	}
	if res.EncodeZstdNsPt, err = timeIt(func() error { _, e := encodeText(opts("zstd"), inputs); return e }); err != nil {
		return err
	}
	none, _ := encodeText(opts("none"), inputs)
	sink := 0
	if res.DecodeIterNsPt, err = timeIt(func() error {
		tb, e := decodeTextGo(none)
		if e != nil {
			return e
		}
		for _, in := range inputs {
			for _, p := range tb.All(in.id) {
				sink += len(p.Val)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	tb, _ := decodeTextGo(none)
	if res.IterOnlyNsPt, err = timeIt(func() error {
		for _, in := range inputs {
			for _, p := range tb.All(in.id) {
				sink += len(p.Val)
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// ValueAt at the middle of each metric: O(i) scan in Go. Best of 7 batches.
	res.ValueAtMidNs = -1
	for b := 0; b < 7; b++ {
		t0 := cpuNanos()
		calls := 0
		for k := 0; k < iters; k++ {
			for _, in := range inputs {
				v, _ := tb.ValueAt(in.id, len(in.ts)/2)
				sink += len(v)
				calls++
			}
		}
		ns := float64(cpuNanos()-t0) / float64(calls)
		if res.ValueAtMidNs < 0 || ns < res.ValueAtMidNs {
			res.ValueAtMidNs = ns
		}
	}
	if sink == -1 {
		fmt.Println()
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	return nil
}

// cpuNanos is the process's user + system CPU time.
func cpuNanos() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
