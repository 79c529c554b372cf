package main

// Kind "compress": golden vectors for @mebo/compress.
//
// gen writes, for every codec and corpus case, <codec>-<case>.raw (the input) and <codec>-<case>.bin
// (what mebo v1.9.0's compress package returns for it), plus manifest.json. Inputs above rawLimit
// are not stored; the manifest gives their length and SHA-256 and the TypeScript test checks those.
//
// verify decompresses every <codec>-<case>.bin in a directory (written by TypeScript) with mebo's
// own codecs and compares the result with <codec>-<case>.raw next to it.

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/arloliu/mebo/compress"
	"github.com/arloliu/mebo/format"
	"github.com/klauspost/compress/s2"
)

func init() {
	register("compress", kind{goldenDir: "packages/mebo-compress/test/golden", gen: genCompress, verify: verifyCompress})
}

// rawLimit: larger inputs are described by length and hash only, to keep the repository small.
const rawLimit = 128 << 10

type compressCase struct {
	Codec  string `json:"codec"`
	Case   string `json:"case"`
	Call   string `json:"call"`
	Bin    string `json:"bin"`
	Raw    string `json:"raw,omitempty"`
	Size   int    `json:"size"`
	Bytes  int    `json:"compressedSize"`
	SHA256 string `json:"sha256"`
}

type compressManifest struct {
	Generator string         `json:"generator"`
	Modules   []string       `json:"modules"`
	Cases     []compressCase `json:"cases"`
}

type namedInput struct {
	name string
	data []byte
}

// compressCorpus is deterministic: a fixed math/rand seed per case.
func compressCorpus() []namedInput {
	return []namedInput{
		{"empty", []byte{}},
		{"one-byte", []byte{0x42}},
		{"text-200", textBytes(1, 200)},        // zstd: below 256 bytes, no content size in the frame
		{"text-1000", textBytes(2, 1000)},      // zstd: window descriptor + 2-byte content size
		{"text-20k", textBytes(3, 20_000)},     // single segment, 2-byte content size
		{"metric-64k", metricBytes(4, 4096)},   // timestamps + float64 values, 64 KiB
		{"random-16k", randomBytes(5, 16384)},  // incompressible
		{"runs-100k", runBytes(6, 100_000)},    // long runs: S2 repeats, LZ4 long matches
		{"far-140k", farBytes(7)},              // matches further back than 64 KiB (S2 copy4)
		{"metric-256k", metricBytes(8, 16384)}, // 256 KiB, 4-byte content size
		{"runs-9m", runBytes(9, 9<<20)},        // above zstd's 8 MiB window: window descriptor again
	}
}

var words = strings.Fields(`cpu memory disk network latency request error ok host region zone pod
container service the a of to and in is for on with metric value timestamp status 200 404 500
GET POST api v1 users orders checkout payment queue worker batch flush compaction level`)

func textBytes(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.Intn(len(words))])
		if r.Intn(12) == 0 {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.Bytes()[:n]
}

// metricBytes: n little-endian (int64 timestamp, float64 value) pairs: 1 s steps with jitter and a
// random walk, the shape of an uncompressed mebo Raw payload.
func metricBytes(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	out := make([]byte, 16*n)
	ts := int64(1_704_067_200_000_000)
	v := 100.0
	for i := 0; i < n; i++ {
		ts += 1_000_000 + int64(r.Intn(2001)-1000)
		v += (r.Float64() - 0.5)
		binary.LittleEndian.PutUint64(out[16*i:], uint64(ts))
		binary.LittleEndian.PutUint64(out[16*i+8:], math.Float64bits(math.Round(v*100)/100))
	}
	return out
}

func randomBytes(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	out := make([]byte, n)
	r.Read(out)
	return out
}

func runBytes(seed int64, n int) []byte {
	r := rand.New(rand.NewSource(seed))
	out := make([]byte, 0, n)
	for len(out) < n {
		b := byte(r.Intn(4))
		l := 1 + r.Intn(3000)
		for i := 0; i < l && len(out) < n; i++ {
			out = append(out, b)
		}
	}
	return out
}

func farBytes(seed int64) []byte {
	block := randomBytes(seed, 20_000)
	out := append([]byte{}, block...)
	out = append(out, textBytes(seed, 100_000)...)
	out = append(out, block...)
	return append(out, block[:19_000]...)
}

// zstdStoredCorpus: inputs for which Go's zstd writes frames of raw and RLE blocks only (read without
// a block decoder), plus a long run where an RLE block is followed by compressed ones. zstd only.
func zstdStoredCorpus() []namedInput {
	return []namedInput{
		{"random-140k", randomBytes(10, 140_000)},                                                     // two raw blocks
		{"byterun-100k", bytes.Repeat([]byte{0x7f}, 100_000)},                                         // one RLE block
		{"byterun-300k", bytes.Repeat([]byte{0x7f}, 300_000)},                                         // an RLE block, then compressed ones
		{"random-run-228k", append(randomBytes(11, 128<<10), bytes.Repeat([]byte{0x55}, 100_000)...)}, // a raw block, then an RLE block
	}
}

type goCodec struct {
	name, call string
	compress   func([]byte) ([]byte, error)
}

func goCodecs() ([]goCodec, error) {
	var out []goCodec
	for _, c := range []struct {
		name string
		t    format.CompressionType
		call string
	}{
		{"zstd", format.CompressionZstd, "mebo compress.ZstdCompressor.Compress: zstd EncodeAll, SpeedDefault, no CRC"},
		{"s2", format.CompressionS2, "mebo compress.S2Compressor.Compress: s2.Encode(nil, src)"},
		{"lz4", format.CompressionLZ4, "mebo compress.LZ4Compressor.Compress: lz4.Compressor.CompressBlock into CompressBlockBound"},
	} {
		codec, err := compress.GetCodec(c.t)
		if err != nil {
			return nil, err
		}
		out = append(out, goCodec{c.name, c.call, codec.Compress})
	}
	// Not what mebo writes, but valid S2 blocks Go's decoder (and so ours) must read: they use
	// more of the tag space (longer repeats, copy4) than s2.Encode does.
	out = append(out,
		goCodec{"s2better", "s2.EncodeBetter(nil, src)", func(b []byte) ([]byte, error) { return s2.EncodeBetter(nil, b), nil }},
		goCodec{"s2best", "s2.EncodeBest(nil, src)", func(b []byte) ([]byte, error) { return s2.EncodeBest(nil, b), nil }},
		goCodec{"s2snappy", "s2.EncodeSnappy(nil, src)", func(b []byte) ([]byte, error) { return s2.EncodeSnappy(nil, b), nil }},
	)
	return out, nil
}

func genCompress(outDir string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(outDir, "*.bin"))
	olds, _ := filepath.Glob(filepath.Join(outDir, "*.raw"))
	for _, f := range append(old, olds...) {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	codecs, err := goCodecs()
	if err != nil {
		return err
	}
	m := compressManifest{
		Generator: "tools/go-interop: go run . gen compress <dir>",
		Modules:   []string{"github.com/arloliu/mebo v1.9.0", "github.com/klauspost/compress v1.18.0", "github.com/pierrec/lz4/v4 v4.1.22"},
	}
	for _, c := range codecs {
		corpus := compressCorpus()
		if c.name == "zstd" {
			corpus = append(corpus, zstdStoredCorpus()...)
		}
		for _, in := range corpus {
			enc, err := c.compress(in.data)
			if err != nil {
				return fmt.Errorf("%s %s: %w", c.name, in.name, err)
			}
			base := c.name + "-" + in.name
			sum := sha256.Sum256(in.data)
			cc := compressCase{Codec: c.name, Case: in.name, Call: c.call, Bin: base + ".bin", Size: len(in.data), Bytes: len(enc), SHA256: hex.EncodeToString(sum[:])}
			if len(in.data) <= rawLimit {
				cc.Raw = base + ".raw"
				if err := os.WriteFile(filepath.Join(outDir, cc.Raw), in.data, 0o644); err != nil {
					return err
				}
			}
			if err := os.WriteFile(filepath.Join(outDir, cc.Bin), enc, 0o644); err != nil {
				return err
			}
			m.Cases = append(m.Cases, cc)
		}
	}
	return writeJSON(filepath.Join(outDir, "manifest.json"), m)
}

func verifyCompress(dir string) error {
	bins, err := filepath.Glob(filepath.Join(dir, "*.bin"))
	if err != nil {
		return err
	}
	sort.Strings(bins)
	if len(bins) == 0 {
		return fmt.Errorf("no .bin files in %s", dir)
	}
	types := map[string]format.CompressionType{"none": format.CompressionNone, "zstd": format.CompressionZstd, "s2": format.CompressionS2, "lz4": format.CompressionLZ4}
	failed := 0
	for _, bin := range bins {
		base := strings.TrimSuffix(filepath.Base(bin), ".bin")
		name, _, _ := strings.Cut(base, "-")
		t, ok := types[name]
		if !ok {
			return fmt.Errorf("%s: unknown codec %q", base, name)
		}
		codec, err := compress.GetCodec(t)
		if err != nil {
			return err
		}
		enc, err := os.ReadFile(bin)
		if err != nil {
			return err
		}
		want, err := os.ReadFile(filepath.Join(dir, base+".raw"))
		if err != nil {
			return err
		}
		got, err := codec.Decompress(enc)
		switch {
		case err != nil:
			fmt.Printf("FAIL %s: %v\n", base, err)
			failed++
		case !bytes.Equal(got, want):
			fmt.Printf("FAIL %s: decoded %d bytes, want %d (content differs)\n", base, len(got), len(want))
			failed++
		default:
			fmt.Printf("ok   %s (%d -> %d bytes)\n", base, len(enc), len(got))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files failed", failed, len(bins))
	}
	fmt.Printf("verified %d files\n", len(bins))
	return nil
}
