// Command go-interop is the Go side of the TypeScript packages' interop tests. It imports the
// reference implementation (github.com/arloliu/mebo v1.9.0) as an ordinary module dependency.
//
//	go-interop gen <kind> <outdir>      write golden vectors (.blob + .json) for one kind
//	go-interop gen all <repo-root>      write every kind into its package's test/golden folder
//	go-interop verify <kind> <dir>      check that Go decodes what TypeScript wrote in <dir>
//	go-interop bench <kind> <args>...   time Go on the TypeScript benchmark's data (kinds that have one)
//
// Each kind (compress, numeric, text, ...) registers itself from its own file.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

type kind struct {
	// goldenDir is where `gen all` writes this kind's vectors, relative to the repository root.
	goldenDir string
	gen       func(outDir string) error
	verify    func(dir string) error
	// bench, when set, times Go on data the TypeScript benchmark wrote and prints the figures.
	bench func(args []string) error
}

var kinds = map[string]kind{}

func register(name string, k kind) { kinds[name] = k }

func main() {
	if len(os.Args) < 4 {
		usage()
	}
	cmd, name, dir := os.Args[1], os.Args[2], os.Args[3]
	var err error
	switch {
	case cmd == "bench":
		k, ok := kinds[name]
		if !ok || k.bench == nil {
			usage()
		}
		err = k.bench(os.Args[3:])
	case cmd == "gen" && name == "all":
		err = genAll(dir)
	case cmd == "gen":
		k, ok := kinds[name]
		if !ok {
			usage()
		}
		err = k.gen(dir)
	case cmd == "verify":
		k, ok := kinds[name]
		if !ok || k.verify == nil {
			usage()
		}
		err = k.verify(dir)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-interop:", err)
		os.Exit(1)
	}
}

func genAll(root string) error {
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out := filepath.Join(root, kinds[n].goldenDir)
		if err := kinds[n].gen(out); err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
		fmt.Println("wrote", n, "vectors to", out)
	}
	return nil
}

func usage() {
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "usage: go-interop gen|verify|bench <kind> <dir|args...>   (kinds: %v, or gen all <repo-root>)\n", names)
	os.Exit(2)
}
