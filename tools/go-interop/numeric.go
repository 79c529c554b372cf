package main

// Kind "numeric": golden vectors for @mebo/numeric-blob.
//
//	gen <dir>     writes <scenario>.blob + <scenario>.json for the whole scenario matrix, and
//	              must-reject vectors in <dir>/reject (each .json names the expected error code)
//	verify <dir>  decodes every <scenario>.blob in <dir> (written by TypeScript) with Go, checks it
//	              against <scenario>.json, and where the blob is uncompressed and carries no tag
//	              payload also re-encodes the manifest with Go and requires identical bytes
//
// Every input is fixed (base time 2024-01-01T00:00:00Z, a private xorshift generator), so the
// vectors are byte-identical on every run.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/arloliu/mebo/blob"
	"github.com/arloliu/mebo/format"
	"github.com/cespare/xxhash/v2"
)

func init() {
	register("numeric", kind{
		goldenDir: "packages/mebo-numeric-blob/test/golden",
		gen:       numGen,
		verify:    numVerify,
		// go-interop bench numeric <dataset.bin> <config>...   config = ts:value:tsComp:valComp:layout[:shared]
		bench: func(args []string) error { return numBench(args[0], args[1:]) },
	})
}

// ---------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------

type numOptions struct {
	StartTime            string `json:"startTime"` // Unix µs, decimal
	Layout               string `json:"layout"`    // "v1" | "v2"
	SharedTimestamps     bool   `json:"sharedTimestamps"`
	TimestampEncoding    string `json:"timestampEncoding"`
	ValueEncoding        string `json:"valueEncoding"`
	TimestampCompression string `json:"timestampCompression"`
	ValueCompression     string `json:"valueCompression"`
	BigEndian            bool   `json:"bigEndian"`
	Tags                 bool   `json:"tags"`
	Mode                 string `json:"mode"` // "id" | "name"
}

type numMetric struct {
	ID         string   `json:"id"`             // u64, decimal
	Name       string   `json:"name,omitempty"` // name mode only
	Timestamps []string `json:"timestamps"`     // i64 µs, decimal
	Values     []string `json:"values"`         // float64 bits, 16 hex digits
	Tags       []string `json:"tags,omitempty"` // tags option only
}

type numExpect struct {
	Magic         string `json:"magic"`         // e.g. "0xEA20"
	Size          int    `json:"size"`          // blob length Go wrote
	ByteIdentical bool   `json:"byteIdentical"` // uncompressed and no tag payload: TS must match byte for byte
	SharedGroups  int    `json:"sharedGroups"`
	HasNames      bool   `json:"hasNames"`
}

type numManifest struct {
	Scenario string      `json:"scenario"`
	Note     string      `json:"note,omitempty"`
	Options  numOptions  `json:"options"`
	Metrics  []numMetric `json:"metrics"` // in insertion order
	Expect   numExpect   `json:"expect"`
}

type numReject struct {
	Scenario string `json:"scenario"`
	Note     string `json:"note"`
	Code     string `json:"code"`    // MeboErrorCode value TS must throw
	GoError  string `json:"goError"` // Go's error text, for reference
}

// ---------------------------------------------------------------------------
// Scenario data
// ---------------------------------------------------------------------------

const numBaseUs int64 = 1704067200000000 // 2024-01-01T00:00:00Z

type numRng struct{ s uint64 }

func (r *numRng) next() uint64 {
	r.s ^= r.s << 13
	r.s ^= r.s >> 7
	r.s ^= r.s << 17
	return r.s
}

func (r *numRng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

type numPoint struct {
	ts  int64
	val float64
	tag string
}

type numSeries struct {
	id     uint64
	name   string
	points []numPoint
}

// Value shapes, chosen per metric so every codec sees walks, decimals, counters and runs.
const (
	shapeWalk = iota
	shapeGauge2dp
	shapeCounter
	shapeConstant
	shapeSpecial
	shapeNumShapes = 4 // shapes cycled by default (special is opt-in)
)

var numSpecialBits = []uint64{
	0x7FF8000000000000, // canonical NaN
	0x7FF8000000000001, // quiet NaN with payload
	0x7FF0000000000001, // signalling NaN
	0xFFF8DEADBEEF0001, // negative NaN with payload
	0x8000000000000000, // -0
	0x0000000000000000, // +0
	0x7FF0000000000000, // +Inf
	0xFFF0000000000000, // -Inf
	0x0000000000000001, // smallest subnormal
	0x000FFFFFFFFFFFFF, // largest subnormal
	0x8000000000000001, // negative subnormal
	0x7FEFFFFFFFFFFFFF, // max float64
	0x0010000000000000, // smallest normal
	0x3FF0000000000000, // 1
	0xBFF0000000000000, // -1
	0x400921FB54442D18, // pi
}

func numValues(shape, n int, rng *numRng, seed int) []float64 {
	out := make([]float64, n)
	cur := 100.0 + float64(seed)*10
	for i := range out {
		switch shape {
		case shapeWalk:
			cur += cur * (rng.float()*2 - 1) * 0.005
			out[i] = cur
		case shapeGauge2dp:
			cur += cur * (rng.float()*2 - 1) * 0.005
			out[i] = math.Round(cur*100) / 100
		case shapeCounter:
			cur = math.Floor(cur) + float64(rng.next()%50)
			out[i] = cur
		case shapeConstant:
			if i%23 == 22 {
				cur += 1
			}
			out[i] = cur
		case shapeSpecial:
			out[i] = math.Float64frombits(numSpecialBits[(i+seed)%len(numSpecialBits)])
		}
	}
	return out
}

// numTimestamps: 15 s steps from base, with (i%5-2) ms jitter when jitter is set.
func numTimestamps(n int, jitter bool, offsetUs int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		t := numBaseUs + offsetUs + int64(i)*15_000_000
		if jitter {
			t += int64(i%5-2) * 1000
		}
		out[i] = t
	}
	return out
}

type numData struct {
	metrics, points int
	shape           int  // -1 cycles through the default shapes
	jitter          bool // per-metric timestamps differ unless sharedTs
	sharedTs        bool // every metric uses the same timestamps
	tags            string
	descendingIDs   bool // insert IDs in descending order (V2 must sort)
	counts          []int
	tsOverride      func(m, n int) []int64
}

// numBuild makes the series for one scenario. IDs are 1000+7m (descending when asked), names
// metric.NN; tags: "" none, "host" host=serverNN, "empty" all "", "mixed" some empty, "unicode",
// "long" (300-byte tags).
func numBuild(d numData, seed uint64) []numSeries {
	rng := &numRng{s: 0x9E3779B97F4A7C15 ^ seed}
	out := make([]numSeries, d.metrics)
	for m := 0; m < d.metrics; m++ {
		n := d.points
		if d.counts != nil {
			n = d.counts[m%len(d.counts)]
		}
		shape := d.shape
		if shape < 0 {
			shape = m % shapeNumShapes
		}
		var ts []int64
		switch {
		case d.tsOverride != nil:
			ts = d.tsOverride(m, n)
		case d.sharedTs:
			ts = numTimestamps(n, d.jitter, 0)
		default:
			ts = numTimestamps(n, d.jitter && m%2 == 1, int64(m)*1000)
		}
		vals := numValues(shape, n, rng, m)
		id := uint64(1000 + 7*m)
		if d.descendingIDs {
			id = uint64(1000 + 7*(d.metrics-1-m))
		}
		s := numSeries{id: id, name: fmt.Sprintf("metric.%02d", m), points: make([]numPoint, n)}
		if d.descendingIDs {
			s.name = fmt.Sprintf("metric.%02d", d.metrics-1-m)
		}
		for i := 0; i < n; i++ {
			p := numPoint{ts: ts[i], val: vals[i]}
			switch d.tags {
			case "host":
				p.tag = fmt.Sprintf("host=server%02d", (m+i)%10)
			case "mixed":
				if i%3 != 0 {
					p.tag = fmt.Sprintf("dc=%d", i%4)
				}
			case "unicode":
				p.tag = []string{"région=été", "名前=値", "emoji=🚀", ""}[(m+i)%4]
			case "long":
				p.tag = strings.Repeat(string(rune('a'+(i%26))), 300)
			}
			s.points[i] = p
		}
		out[m] = s
	}
	return out
}

type numScenario struct {
	id   string
	note string
	opt  numOptions
	data numData
}

var numTsEncs = []string{"Raw", "Delta", "DeltaPacked"}
var numValEncs = []string{"Raw", "Gorilla", "Chimp", "ALP"}

func numOpt(layout, ts, val string) numOptions {
	return numOptions{
		StartTime: strconv.FormatInt(numBaseUs, 10), Layout: layout,
		TimestampEncoding: ts, ValueEncoding: val,
		TimestampCompression: "None", ValueCompression: "None", Mode: "id",
	}
}

func lower(s string) string { return strings.ToLower(s) }

func numScenarios() []numScenario {
	var sc []numScenario
	add := func(id, note string, o numOptions, d numData) {
		sc = append(sc, numScenario{id: id, note: note, opt: o, data: d})
	}
	std := numData{metrics: 4, points: 37, shape: -1, jitter: true}

	// A. every ts × value encoding, V1 and V2 (V2 fed descending IDs so the encoder sorts), LE.
	for _, layout := range []string{"v1", "v2"} {
		for _, ts := range numTsEncs {
			for _, val := range numValEncs {
				d := std
				d.descendingIDs = layout == "v2"
				add(fmt.Sprintf("%s-%s-%s", layout, lower(ts), lower(val)), "encoding matrix", numOpt(layout, ts, val), d)
			}
		}
	}
	// B. big-endian: every combination in V1, and a few in V2.
	for _, ts := range numTsEncs {
		for _, val := range numValEncs {
			o := numOpt("v1", ts, val)
			o.BigEndian = true
			add(fmt.Sprintf("v1-%s-%s-be", lower(ts), lower(val)), "big-endian engine", o, std)
		}
	}
	for _, c := range [][2]string{{"Raw", "Raw"}, {"Delta", "Gorilla"}, {"DeltaPacked", "Chimp"}, {"Delta", "ALP"}} {
		o := numOpt("v2", c[0], c[1])
		o.BigEndian = true
		d := std
		d.descendingIDs = true
		add(fmt.Sprintf("v2-%s-%s-be", lower(c[0]), lower(c[1])), "big-endian engine, V2", o, d)
	}
	// C. compression.
	for _, comp := range []string{"Zstd", "S2", "LZ4"} {
		c := lower(comp)
		o := numOpt("v1", "Delta", "Gorilla")
		o.TimestampCompression, o.ValueCompression = comp, comp
		add("v1-delta-gorilla-"+c, "both payloads compressed", o, std)
		o = numOpt("v2", "DeltaPacked", "Chimp")
		o.TimestampCompression, o.ValueCompression = comp, comp
		add("v2-deltapacked-chimp-"+c, "both payloads compressed, V2", o, std)
		o = numOpt("v1", "Raw", "Raw")
		o.ValueCompression = comp
		add("v1-raw-raw-values-"+c, "value payload compressed only", o, numData{metrics: 6, points: 120, shape: -1})
		o = numOpt("v1", "Raw", "ALP")
		o.TimestampCompression = comp
		o.BigEndian = true
		add("v1-raw-alp-ts-"+c+"-be", "timestamp payload compressed only, big-endian", o, std)
		o = numOpt("v1", "Delta", "Gorilla")
		o.TimestampCompression, o.ValueCompression = comp, comp
		add("v1-delta-gorilla-"+c+"-single", "tiny payloads (zstd frame < 256 bytes)", o, numData{metrics: 1, points: 1, shape: 0})
	}
	o := numOpt("v1", "Raw", "Raw")
	o.ValueCompression = "Zstd"
	add("go-constructor-defaults", "blob.NewNumericEncoder with no options: Raw/Raw, ts None, values Zstd", o, std)

	// D. tags.
	tagCases := []struct {
		id, layout, tags, mode string
		be                     bool
		comp                   string
	}{
		{"v1-tags-host", "v1", "host", "id", false, "None"},
		{"v1-tags-host-by-name", "v1", "host", "name", false, "None"},
		{"v2-tags-host", "v2", "host", "id", false, "None"},
		{"v1-tags-host-be", "v1", "host", "id", true, "None"},
		{"v1-tags-mixed-zstd", "v1", "mixed", "id", false, "Zstd"},
		{"v1-tags-unicode", "v1", "unicode", "id", false, "None"},
		{"v1-tags-long", "v1", "long", "id", false, "None"},
		{"v1-tags-all-empty", "v1", "empty", "id", false, "None"},
		{"v2-tags-all-empty", "v2", "empty", "name", false, "None"},
	}
	for _, t := range tagCases {
		o := numOpt(t.layout, "Delta", "Gorilla")
		o.Tags, o.Mode, o.BigEndian = true, t.mode, t.be
		o.ValueCompression = t.comp
		d := numData{metrics: 3, points: 9, shape: -1, tags: t.tags, descendingIDs: t.layout == "v2"}
		note := "tags"
		if t.tags == "empty" {
			note = "tags enabled but every tag empty: Go elides the tag payload and clears bit 0"
		}
		add(t.id, note, o, d)
	}
	// E. metric names (no collision, so no names payload; the index holds xxh64(name)).
	for _, c := range []struct {
		id, layout string
		be         bool
	}{{"v1-by-name", "v1", false}, {"v2-by-name", "v2", false}, {"v2-by-name-be", "v2", true}, {"v1-by-name-be", "v1", true}} {
		o := numOpt(c.layout, "Delta", "Gorilla")
		o.Mode, o.BigEndian = "name", c.be
		add(c.id, "metrics by name", o, numData{metrics: 5, points: 10, shape: -1, jitter: true})
	}
	// F. shared timestamps.
	shared := func(id, note, ts, val string, d numData, mut func(*numOptions)) {
		o := numOpt("v2", ts, val)
		o.SharedTimestamps = true
		if mut != nil {
			mut(&o)
		}
		add(id, note, o, d)
	}
	sd := numData{metrics: 5, points: 20, shape: -1, sharedTs: true, jitter: true, descendingIDs: true}
	shared("v2-shared-delta-gorilla", "one shared group", "Delta", "Gorilla", sd, nil)
	shared("v2-shared-deltapacked-chimp", "one shared group", "DeltaPacked", "Chimp", sd, nil)
	shared("v2-shared-raw-alp", "one shared group", "Raw", "ALP", sd, nil)
	shared("v2-shared-delta-raw-be", "one shared group, big-endian", "Delta", "Raw", sd, func(o *numOptions) { o.BigEndian = true })
	shared("v2-shared-delta-gorilla-zstd", "shared group, compressed", "Delta", "Gorilla", sd, func(o *numOptions) {
		o.TimestampCompression, o.ValueCompression = "Zstd", "Zstd"
	})
	shared("v2-shared-tags", "shared group with tags", "Delta", "Gorilla", numData{metrics: 4, points: 8, shape: -1, sharedTs: true, tags: "host"},
		func(o *numOptions) { o.Tags = true })
	shared("v2-shared-none", "shared timestamps requested but nothing shared: V2, bit 3 clear", "Delta", "Gorilla",
		numData{metrics: 4, points: 12, shape: -1}, nil)
	shared("v2-shared-groups", "two shared groups and a unique metric", "Delta", "Gorilla", numData{metrics: 7, points: 16, shape: -1,
		tsOverride: func(m, n int) []int64 {
			switch m % 3 {
			case 0:
				return numTimestamps(n, false, 0)
			case 1:
				return numTimestamps(n, true, 0)
			}
			return numTimestamps(n, false, int64(m)*77)
		}}, nil)
	shared("v2-shared-by-name", "shared group, metrics by name", "DeltaPacked", "Gorilla", sd, func(o *numOptions) { o.Mode = "name" })
	// G. special values.
	for _, val := range numValEncs {
		for _, layout := range []string{"v1", "v2"} {
			add(fmt.Sprintf("%s-special-%s", layout, lower(val)), "NaN payloads, -0, ±Inf, subnormals, extremes",
				numOpt(layout, "Delta", val), numData{metrics: 2, points: 40, shape: shapeSpecial})
		}
	}
	// H. edges.
	for _, val := range numValEncs {
		add("v1-single-point-"+lower(val), "one metric, one point", numOpt("v1", "Delta", val), numData{metrics: 1, points: 1, shape: 0})
	}
	for _, ts := range numTsEncs {
		add("v1-partial-groups-"+lower(ts), "counts 1..9 per metric (DeltaPacked partial groups)", numOpt("v1", ts, "Gorilla"),
			numData{metrics: 9, shape: -1, jitter: true, counts: []int{1, 2, 3, 4, 5, 6, 7, 8, 9}})
		add("v1-huge-deltas-"+lower(ts), "timestamps within ±2^51 with huge jumps, negative times", numOpt("v1", ts, "Raw"),
			numData{metrics: 2, points: 12, shape: 0, tsOverride: func(m, n int) []int64 {
				base := []int64{0, 1, 1 << 51, -(1 << 51), 3, 1 << 50, -1, 1<<51 - 1, -(1<<51 - 1), 42, 1704067200000000, -1704067200000000}
				out := make([]int64, n)
				for i := range out {
					out[i] = base[(i+m)%len(base)]
				}
				return out
			}})
		add("v1-extreme-ts-"+lower(ts), "±(2^53-1): the edge of safe JS integers; deltas exceed 2^53", numOpt("v1", ts, "Gorilla"),
			numData{metrics: 1, points: 6, shape: 0, tsOverride: func(m, n int) []int64 {
				const s = 1<<53 - 1
				return []int64{-s, s, -s, 0, s, s - 1}[:n]
			}})
	}
	add("v1-constant-runs-gorilla", "long runs of identical values", numOpt("v1", "Delta", "Gorilla"), numData{metrics: 3, points: 200, shape: shapeConstant})
	add("v1-constant-runs-chimp", "long runs of identical values", numOpt("v1", "Delta", "Chimp"), numData{metrics: 3, points: 200, shape: shapeConstant})
	add("v1-counter-alp", "monotonic counter", numOpt("v1", "DeltaPacked", "ALP"), numData{metrics: 3, points: 150, shape: shapeCounter})
	add("v1-many-metrics", "300 metrics of 2 points", numOpt("v1", "Delta", "Gorilla"), numData{metrics: 300, points: 2, shape: -1})
	add("v2-many-metrics", "300 metrics of 2 points, descending IDs", numOpt("v2", "Delta", "Chimp"), numData{metrics: 300, points: 2, shape: -1, descendingIDs: true})
	// 32-byte index entries: a column longer than 65535 bytes makes the next offset delta overflow u16.
	add("v2-extended-index-raw", "32-byte index entries (0xEA30): column > 65535 bytes", numOpt("v2", "Raw", "Raw"),
		numData{metrics: 3, shape: 0, counts: []int{8192, 2, 3}})
	ext := numOpt("v2", "Raw", "Gorilla")
	ext.SharedTimestamps = true
	add("v2-extended-index-shared", "32-byte index entries with a shared-timestamp table", ext,
		numData{metrics: 2, shape: shapeConstant, sharedTs: true, counts: []int{8192}})
	return sc
}

// ---------------------------------------------------------------------------
// Encoding from a manifest (shared by gen and verify)
// ---------------------------------------------------------------------------

var numEncByName = map[string]format.EncodingType{
	"Raw": format.TypeRaw, "Delta": format.TypeDelta, "DeltaPacked": format.TypeDeltaPacked,
	"Gorilla": format.TypeGorilla, "Chimp": format.TypeChimp, "ALP": format.TypeALP,
}

var numCompByName = map[string]format.CompressionType{
	"None": format.CompressionNone, "Zstd": format.CompressionZstd, "S2": format.CompressionS2, "LZ4": format.CompressionLZ4,
}

func numEncoderOptions(o numOptions) ([]blob.NumericEncoderOption, error) {
	ts, ok1 := numEncByName[o.TimestampEncoding]
	val, ok2 := numEncByName[o.ValueEncoding]
	tc, ok3 := numCompByName[o.TimestampCompression]
	vc, ok4 := numCompByName[o.ValueCompression]
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, fmt.Errorf("bad options %+v", o)
	}
	opts := []blob.NumericEncoderOption{
		blob.WithTimestampEncoding(ts), blob.WithValueEncoding(val),
		blob.WithTimestampCompression(tc), blob.WithValueCompression(vc),
		blob.WithTagsEnabled(o.Tags),
	}
	if o.BigEndian {
		opts = append(opts, blob.WithBigEndian())
	} else {
		opts = append(opts, blob.WithLittleEndian())
	}
	if o.Layout == "v2" {
		opts = append(opts, blob.WithBlobLayoutV2())
	}
	if o.SharedTimestamps {
		opts = append(opts, blob.WithSharedTimestamps())
	}
	return opts, nil
}

func numEncode(o numOptions, series []numSeries) ([]byte, error) {
	opts, err := numEncoderOptions(o)
	if err != nil {
		return nil, err
	}
	start, err := strconv.ParseInt(o.StartTime, 10, 64)
	if err != nil {
		return nil, err
	}
	enc, err := blob.NewNumericEncoder(time.UnixMicro(start).UTC(), opts...)
	if err != nil {
		return nil, err
	}
	for _, s := range series {
		if o.Mode == "name" {
			err = enc.StartMetricName(s.name, len(s.points))
		} else {
			err = enc.StartMetricID(s.id, len(s.points))
		}
		if err != nil {
			return nil, fmt.Errorf("start %d/%q: %w", s.id, s.name, err)
		}
		for _, p := range s.points {
			if err := enc.AddDataPoint(p.ts, p.val, p.tag); err != nil {
				return nil, err
			}
		}
		if err := enc.EndMetric(); err != nil {
			return nil, fmt.Errorf("end %d/%q: %w", s.id, s.name, err)
		}
	}
	return enc.Finish()
}

func numToManifestMetrics(o numOptions, series []numSeries) []numMetric {
	out := make([]numMetric, len(series))
	for i, s := range series {
		m := numMetric{ID: strconv.FormatUint(s.id, 10)}
		if o.Mode == "name" {
			m.Name = s.name
			m.ID = strconv.FormatUint(xxhash.Sum64String(s.name), 10)
		}
		for _, p := range s.points {
			m.Timestamps = append(m.Timestamps, strconv.FormatInt(p.ts, 10))
			m.Values = append(m.Values, fmt.Sprintf("%016x", math.Float64bits(p.val)))
			if o.Tags {
				m.Tags = append(m.Tags, p.tag)
			}
		}
		if o.Tags && m.Tags == nil {
			m.Tags = []string{}
		}
		out[i] = m
	}
	return out
}

func numFromManifestMetrics(mf *numManifest) ([]numSeries, error) {
	out := make([]numSeries, len(mf.Metrics))
	for i, m := range mf.Metrics {
		id, err := strconv.ParseUint(m.ID, 10, 64)
		if err != nil {
			return nil, err
		}
		if len(m.Values) != len(m.Timestamps) || (mf.Options.Tags && len(m.Tags) != len(m.Timestamps)) {
			return nil, fmt.Errorf("metric %d: column lengths differ", i)
		}
		s := numSeries{id: id, name: m.Name, points: make([]numPoint, len(m.Timestamps))}
		for j := range m.Timestamps {
			ts, err := strconv.ParseInt(m.Timestamps[j], 10, 64)
			if err != nil {
				return nil, err
			}
			bits, err := strconv.ParseUint(m.Values[j], 16, 64)
			if err != nil {
				return nil, err
			}
			s.points[j] = numPoint{ts: ts, val: math.Float64frombits(bits)}
			if mf.Options.Tags {
				s.points[j].tag = m.Tags[j]
			}
		}
		out[i] = s
	}
	return out, nil
}

// numDescribe reads the facts a manifest records about a blob straight from its bytes.
func numDescribe(b []byte, o numOptions) numExpect {
	opt := binary.LittleEndian.Uint16(b[0:2])
	e := numExpect{
		Magic:         fmt.Sprintf("0x%04X", opt&0xFFF0),
		Size:          len(b),
		ByteIdentical: o.TimestampCompression == "None" && o.ValueCompression == "None" && opt&1 == 0,
		HasNames:      opt&4 != 0,
	}
	if opt&8 != 0 {
		var order binary.ByteOrder = binary.LittleEndian
		if opt&2 != 0 {
			order = binary.BigEndian
		}
		entry := 16
		if opt&0xFFF0 == 0xEA30 {
			entry = 32
		}
		n := int(order.Uint32(b[12:16]))
		idx := int(order.Uint32(b[16:20]))
		e.SharedGroups = int(order.Uint16(b[idx+n*entry:]))
	}
	return e
}

// ---------------------------------------------------------------------------
// gen
// ---------------------------------------------------------------------------

func numGen(outDir string) error {
	if err := resetGolden(outDir, "*.blob", "*.json", "reject/*.blob", "reject/*.json"); err != nil {
		return err
	}
	seen := map[string]bool{}
	blobs := map[string][]byte{}
	for i, s := range numScenarios() {
		if seen[s.id] {
			return fmt.Errorf("duplicate scenario %s", s.id)
		}
		seen[s.id] = true
		series := numBuild(s.data, uint64(i+1)*0x1234567)
		b, err := numEncode(s.opt, series)
		if err != nil {
			return fmt.Errorf("%s: %w", s.id, err)
		}
		mf := &numManifest{Scenario: s.id, Note: s.note, Options: s.opt, Metrics: numToManifestMetrics(s.opt, series), Expect: numDescribe(b, s.opt)}
		// Every vector must pass the same check TS-written blobs get.
		if err := numCheck(b, mf); err != nil {
			return fmt.Errorf("%s: self-check: %w", s.id, err)
		}
		if err := writePair(outDir, s.id, b, mf); err != nil {
			return err
		}
		blobs[s.id] = b
	}
	namesBlob, err := numGenNamesPayload(outDir)
	if err != nil {
		return err
	}
	blobs["v1-names-payload-src"] = namesBlob
	nRej, err := numGenRejects(filepath.Join(outDir, "reject"), blobs)
	if err != nil {
		return err
	}
	fmt.Printf("numeric: %d scenarios (+1 with a names payload), %d reject vectors\n", len(seen), nRej)
	return nil
}

// numGenNamesPayload: Go writes a names payload only after a real xxh64 collision, which cannot be
// produced on purpose. This vector splices a valid payload (names in index order) into a name-mode
// blob and patches the offsets; Go's decoder accepts it, so TS must too.
func numGenNamesPayload(outDir string) ([]byte, error) {
	o := numOpt("v1", "Delta", "Gorilla")
	o.Mode = "name"
	series := numBuild(numData{metrics: 3, points: 5, shape: -1}, 77)
	b, err := numEncode(o, series)
	if err != nil {
		return nil, err
	}
	var names bytes.Buffer
	_ = binary.Write(&names, binary.LittleEndian, uint16(len(series)))
	for _, s := range series {
		_ = binary.Write(&names, binary.LittleEndian, uint16(len(s.name)))
		names.WriteString(s.name)
	}
	out := append([]byte{}, b[:32]...)
	out = append(out, names.Bytes()...)
	out = append(out, b[32:]...)
	binary.LittleEndian.PutUint16(out[0:2], binary.LittleEndian.Uint16(out[0:2])|4)
	for _, at := range []int{16, 20, 24, 28} {
		binary.LittleEndian.PutUint32(out[at:], binary.LittleEndian.Uint32(out[at:])+uint32(names.Len()))
	}
	mf := &numManifest{Scenario: "v1-names-payload", Note: "names payload spliced in by the generator (Go writes one only after an xxh64 collision)",
		Options: o, Metrics: numToManifestMetrics(o, series), Expect: numDescribe(out, o)}
	mf.Expect.ByteIdentical = false // TS writes no names payload without a collision
	if err := numCheck(out, mf); err != nil {
		return nil, fmt.Errorf("names payload: %w", err)
	}
	return out, writePair(outDir, mf.Scenario, out, mf)
}

// ---------------------------------------------------------------------------
// Reject vectors (derived as in mebo's tests/compat/robustness.go, plus targeted ones)
// ---------------------------------------------------------------------------

// numGoDecode runs Go's decoder and turns a panic into an error.
func numGoDecode(b []byte) (bl blob.NumericBlob, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	dec, err := blob.NewNumericDecoder(b)
	if err != nil {
		return bl, err
	}
	return dec.Decode()
}

func numGenRejects(dir string, seeds map[string][]byte) (int, error) {
	clone := func(id string) []byte { return append([]byte{}, seeds[id]...) }
	u32 := func(b []byte, at int, v uint32) []byte { binary.LittleEndian.PutUint32(b[at:], v); return b }
	cases := []struct {
		id, note string
		data     []byte
	}{
		{"zero-bytes", "empty input", []byte{}},
		{"one-byte", "a single 0xFF", []byte{0xFF}},
		{"truncated-header", "seed cut to 16 bytes", clone("v1-delta-gorilla")[:16]},
		{"all-zeroes", "64 zero bytes", make([]byte, 64)},
		{"all-ff", "64 0xFF bytes", bytes.Repeat([]byte{0xFF}, 64)},
		{"random-noise", "128 bytes of (i*37+13)", func() []byte {
			b := make([]byte, 128)
			for i := range b {
				b[i] = byte(i*37 + 13)
			}
			return b
		}()},
		{"bad-magic", "Options magic DEAD", func() []byte { b := clone("v1-delta-gorilla"); b[0], b[1] = 0xDE, 0xAD; return b }()},
		{"text-magic", "a text-blob magic on a numeric blob", func() []byte { b := clone("v1-delta-gorilla"); b[1] = 0xEB; return b }()},
		{"ts-encoding-zero", "timestamp encoding nibble 0", func() []byte { b := clone("v1-delta-gorilla"); b[2] &= 0xF0; return b }()},
		{"ts-encoding-gorilla", "timestamp encoding nibble 3 (Gorilla)", func() []byte { b := clone("v1-delta-gorilla"); b[2] = b[2]&0xF0 | 3; return b }()},
		{"value-encoding-delta", "value encoding nibble 2 (Delta)", func() []byte { b := clone("v1-delta-gorilla"); b[2] = b[2]&0x0F | 0x20; return b }()},
		{"value-encoding-seven", "value encoding nibble 7", func() []byte { b := clone("v1-delta-gorilla"); b[2] = b[2]&0x0F | 0x70; return b }()},
		{"ts-compression-zero", "timestamp compression nibble 0", func() []byte { b := clone("v1-delta-gorilla"); b[3] &= 0xF0; return b }()},
		{"value-compression-five", "value compression nibble 5", func() []byte { b := clone("v1-delta-gorilla"); b[3] = b[3]&0x0F | 0x50; return b }()},
		{"ts-offset-beyond", "TimestampPayloadOffset past the end", func() []byte { b := clone("v1-delta-gorilla"); return u32(b, 20, uint32(len(b)+1)) }()},
		{"value-offset-beyond", "ValuePayloadOffset past the end", func() []byte { b := clone("v1-delta-gorilla"); return u32(b, 24, uint32(len(b)+1)) }()},
		{"tag-offset-beyond", "TagPayloadOffset past the end", func() []byte { b := clone("v1-delta-gorilla"); return u32(b, 28, 0xFFFFFFFF) }()},
		{"truncated-index", "seed cut 4 bytes into the index", func() []byte {
			b := clone("v1-delta-gorilla")[:36]
			return u32(u32(u32(b, 20, 36), 24, 36), 28, 36)
		}()},
		{"metric-count-huge", "MetricCount 0xFFFFFFFF, offsets kept", func() []byte { b := clone("v1-delta-gorilla"); return u32(b, 12, 0xFFFFFFFF) }()},
		{"index-offsets-decreasing", "second entry's value delta makes the last offset pass the payload", func() []byte {
			b := clone("v1-delta-gorilla")
			binary.LittleEndian.PutUint16(b[32+16+12:], 0xFFFF)
			return b
		}()},
		{"last-offset-beyond-payload", "last entry's ts delta points past the ts payload", func() []byte {
			b := clone("v1-raw-raw")
			binary.LittleEndian.PutUint16(b[32+3*16+10:], 0xFFF0)
			return b
		}()},
		{"ext-reserved-bytes", "non-zero reserved bytes in a 32-byte index entry", func() []byte {
			b := clone("v2-extended-index-raw")
			b[32+32+24] = 1
			return b
		}()},
		{"shared-table-zero-groups", "shared-timestamp table with groupCount 0", numPatchShared(clone("v2-shared-delta-gorilla"), func(t []byte) { t[0], t[1] = 0, 0 })},
		{"shared-table-index-out-of-range", "shared-timestamp member index ≥ MetricCount", numPatchShared(clone("v2-shared-delta-gorilla"), func(t []byte) { t[6], t[7] = 0xFF, 0x00 })},
		{"shared-table-self-member", "a member equal to its canonical", numPatchShared(clone("v2-shared-delta-gorilla"), func(t []byte) {
			copy(t[6:8], t[2:4])
		})},
		{"shared-bit-without-table", "bit 3 set on a V2 blob with no table", func() []byte { b := clone("v2-delta-gorilla"); b[0] |= 8; return b }()},
		{"names-count-mismatch", "names payload count ≠ MetricCount", func() []byte { b := clone("v1-names-payload-src"); b[32] = 9; return b }()},
		{"names-hash-mismatch", "a name whose xxh64 differs from the entry's id", func() []byte { b := clone("v1-names-payload-src"); b[36] ^= 1; return b }()},
		{"names-truncated", "names payload running past the end", func() []byte {
			b := clone("v1-names-payload-src")
			binary.LittleEndian.PutUint16(b[34:], 0xFFFF)
			return b
		}()},
		{"alp-bad-scheme", "ALP scheme byte 9", func() []byte {
			b := clone("v1-delta-alp")
			b[binary.LittleEndian.Uint32(b[24:])] = 9
			return b
		}()},
		{"alp-short-column", "ALP main column shorter than its declared width × count", func() []byte {
			b := clone("v1-counter-alp")
			at := binary.LittleEndian.Uint32(b[24:])
			if b[at] == 0 {
				b[at+3] = 60
			}
			return b
		}()},
	}
	n := 0
	for _, c := range cases {
		if c.data == nil {
			continue
		}
		_, err := numGoDecode(c.data)
		if err == nil {
			fmt.Printf("numeric: reject %s: Go accepts it; skipped\n", c.id)
			continue
		}
		code := meboCode(err)
		if code == "" {
			fmt.Printf("numeric: reject %s: Go error has no sentinel (%v); skipped\n", c.id, err)
			continue
		}
		if err := writePair(dir, c.id, c.data, numReject{Scenario: c.id, Note: c.note, Code: code, GoError: err.Error()}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// numPatchShared edits the shared-timestamp table of a V2 compact LE blob in place.
func numPatchShared(b []byte, edit func(table []byte)) []byte {
	n := int(binary.LittleEndian.Uint32(b[12:16]))
	idx := int(binary.LittleEndian.Uint32(b[16:20]))
	edit(b[idx+n*16 : binary.LittleEndian.Uint32(b[20:24])])
	return b
}

// ---------------------------------------------------------------------------
// verify: check a blob against its manifest with Go's reader
// ---------------------------------------------------------------------------

func numCheck(b []byte, mf *numManifest) error {
	bl, err := numGoDecode(b)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if bl.MetricCount() != len(mf.Metrics) {
		return fmt.Errorf("MetricCount %d, manifest %d", bl.MetricCount(), len(mf.Metrics))
	}
	for _, m := range mf.Metrics {
		id, err := strconv.ParseUint(m.ID, 10, 64)
		if err != nil {
			return err
		}
		byName := mf.Options.Mode == "name"
		if byName && xxhash.Sum64String(m.Name) != id {
			return fmt.Errorf("manifest id %d is not xxh64(%q)", id, m.Name)
		}
		n := bl.Len(id)
		if byName {
			n = bl.LenByName(m.Name)
		}
		if !bl.HasMetricID(id) || n != len(m.Timestamps) {
			return fmt.Errorf("metric %s: has=%v len=%d, want %d", m.ID, bl.HasMetricID(id), n, len(m.Timestamps))
		}
		all := bl.All(id)
		if byName {
			all = bl.AllByName(m.Name)
		}
		got := 0
		for i, p := range all {
			if i != got || i >= n {
				return fmt.Errorf("metric %s: index %d out of order", m.ID, i)
			}
			if want := m.Timestamps[i]; strconv.FormatInt(p.Ts, 10) != want {
				return fmt.Errorf("metric %s point %d: ts %d, want %s", m.ID, i, p.Ts, want)
			}
			if want := m.Values[i]; fmt.Sprintf("%016x", math.Float64bits(p.Val)) != want {
				return fmt.Errorf("metric %s point %d: value bits %016x, want %s", m.ID, i, math.Float64bits(p.Val), want)
			}
			wantTag := ""
			if mf.Options.Tags {
				wantTag = m.Tags[i]
			}
			if p.Tag != wantTag {
				return fmt.Errorf("metric %s point %d: tag %q, want %q", m.ID, i, p.Tag, wantTag)
			}
			got++
		}
		if got != n {
			return fmt.Errorf("metric %s: iterated %d points, want %d", m.ID, got, n)
		}
		for _, i := range []int{0, n / 2, n - 1} {
			ts, ok1 := bl.TimestampAt(id, i)
			v, ok2 := bl.ValueAt(id, i)
			if !ok1 || !ok2 || strconv.FormatInt(ts, 10) != m.Timestamps[i] || fmt.Sprintf("%016x", math.Float64bits(v)) != m.Values[i] {
				return fmt.Errorf("metric %s: random access at %d: ts %d (%v), bits %016x (%v)", m.ID, i, ts, ok1, math.Float64bits(v), ok2)
			}
		}
	}
	return nil
}

func numVerify(dir string) error {
	failed, identical := 0, 0
	n, err := forEachManifest(dir, func(mf *numManifest, b []byte) {
		err := numCheck(b, mf)
		if err == nil && mf.Expect.ByteIdentical {
			// Uncompressed and without a tag payload: Go's encoder must produce the same bytes.
			var series []numSeries
			series, err = numFromManifestMetrics(mf)
			if err == nil {
				var want []byte
				want, err = numEncode(mf.Options, series)
				if err == nil && !bytes.Equal(want, b) {
					err = fmt.Errorf("bytes differ from Go's encoding (%d vs %d bytes, first difference at %d)", len(b), len(want), numFirstDiff(b, want))
				}
				if err == nil {
					identical++
				}
			}
		}
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", mf.Scenario, err)
			failed++
		}
	})
	if err != nil {
		return err
	}
	fmt.Printf("numeric verify: %d blobs, %d failed, %d byte-identical to Go's encoder\n", n, failed, identical)
	if failed > 0 {
		return fmt.Errorf("%d of %d numeric blobs failed", failed, n)
	}
	return nil
}

func numFirstDiff(a, b []byte) int {
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

// ---------------------------------------------------------------------------
// numeric-bench: Go timings on the TS benchmark's data
// ---------------------------------------------------------------------------

// numReadDataset reads what bench/index.ts writes: u32 metric count, then per metric u64 id,
// u32 n, n × i64 timestamps, n × f64 values (all little-endian).
func numReadDataset(path string) ([]numSeries, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var count uint32
	if err := binary.Read(r, binary.LittleEndian, &count); err != nil {
		return nil, err
	}
	out := make([]numSeries, count)
	for i := range out {
		var id uint64
		var n uint32
		if err := binary.Read(r, binary.LittleEndian, &id); err != nil {
			return nil, err
		}
		if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
			return nil, err
		}
		ts := make([]int64, n)
		vals := make([]float64, n)
		if err := binary.Read(r, binary.LittleEndian, ts); err != nil {
			return nil, err
		}
		if err := binary.Read(r, binary.LittleEndian, vals); err != nil {
			return nil, err
		}
		s := numSeries{id: id, points: make([]numPoint, n)}
		for j := range ts {
			s.points[j] = numPoint{ts: ts[j], val: vals[j]}
		}
		out[i] = s
	}
	return out, nil
}

// numTime returns process-CPU ns per call of f (the machine is shared, so wall time is noisy):
// a 100 ms warm-up, then the best of 5 rounds of ~60 ms, as bench/index.ts measures.
func numTime(f func()) float64 {
	round := func(d time.Duration) float64 {
		runs := 0
		start, cpu0 := time.Now(), cpuNanos()
		for runs < 3 || time.Since(start) < d {
			f()
			runs++
		}
		return float64(cpuNanos()-cpu0) / float64(runs)
	}
	round(100 * time.Millisecond)
	best := round(60 * time.Millisecond)
	for i := 0; i < 4; i++ {
		best = min(best, round(60*time.Millisecond))
	}
	return best
}

func numBench(path string, configs []string) error {
	series, err := numReadDataset(path)
	if err != nil {
		return err
	}
	points := 0
	ids := make([]uint64, len(series))
	for i, s := range series {
		points += len(s.points)
		ids[i] = s.id
	}
	enc := json.NewEncoder(os.Stdout)
	for _, c := range configs {
		f := strings.Split(c, ":")
		if len(f) < 5 {
			return fmt.Errorf("bad config %q", c)
		}
		o := numOptions{StartTime: strconv.FormatInt(numBaseUs, 10), TimestampEncoding: f[0], ValueEncoding: f[1],
			TimestampCompression: f[2], ValueCompression: f[3], Layout: f[4], Mode: "id"}
		o.SharedTimestamps = len(f) > 5 && f[5] == "shared"
		blobBytes, err := numEncode(o, series)
		if err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
		encNs := numTime(func() {
			if _, err := numEncode(o, series); err != nil {
				panic(err)
			}
		})
		var sink float64
		openNs := numTime(func() {
			if _, err := numGoDecode(blobBytes); err != nil {
				panic(err)
			}
		})
		iterNs := numTime(func() {
			bl, err := numGoDecode(blobBytes)
			if err != nil {
				panic(err)
			}
			for _, id := range ids {
				for _, p := range bl.All(id) {
					sink += p.Val
				}
			}
		})
		_ = sink
		_ = enc.Encode(map[string]any{
			"config": c, "bytes": len(blobBytes), "points": points,
			"encodeNsPerPoint": encNs / float64(points), "openNs": openNs, "iterateNsPerPoint": iterNs / float64(points),
		})
	}
	return nil
}
