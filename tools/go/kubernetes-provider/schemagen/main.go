// Command schemagen prepares the files that ../main.go embeds, from the provider module in the module cache:
// schema-embed.json (the package schema with its "version" set to the stamped provider version, compacted) and
// terraform-mapping-embed.json (compacted). Usage: go run ./schemagen -from <provider cmd dir> -to <dir> -version <v>.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	from := flag.String("from", "", "directory holding schema.json and terraform-mapping.json")
	to := flag.String("to", ".", "directory to write the *-embed.json files to")
	version := flag.String("version", "", "provider version to stamp into the schema, e.g. 4.25.0")
	flag.Parse()
	if *from == "" || *version == "" {
		fail("both -from and -version are required")
	}

	raw, err := os.ReadFile(filepath.Join(*from, "schema.json"))
	if err != nil {
		fail("reading the schema: %v", err)
	}
	var spec map[string]json.RawMessage
	if err := json.Unmarshal(raw, &spec); err != nil {
		fail("%s/schema.json is not a JSON object: %v", *from, err)
	}
	stamped, err := json.Marshal(*version)
	if err != nil {
		fail("encoding the version: %v", err)
	}
	spec["version"] = stamped
	schema, err := json.Marshal(spec)
	if err != nil {
		fail("encoding the schema: %v", err)
	}
	write(filepath.Join(*to, "schema-embed.json"), schema)

	mapping, err := os.ReadFile(filepath.Join(*from, "terraform-mapping.json"))
	if err != nil {
		fail("reading the terraform mapping: %v", err)
	}
	write(filepath.Join(*to, "terraform-mapping-embed.json"), mapping)
}

// write stores data as compact JSON.
func write(path string, data []byte) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		fail("%s: not valid JSON: %v", path, err)
	}
	if err := os.WriteFile(path, compact.Bytes(), 0o644); err != nil {
		fail("writing %s: %v", path, err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "schemagen: "+format+"\n", args...)
	os.Exit(1)
}
