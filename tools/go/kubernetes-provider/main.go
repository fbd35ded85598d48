// Command pulumi-resource-kubernetes serves the pinned Pulumi Kubernetes provider.
//
// The provider's own main embeds schema files that its release build generates and that are therefore not in the
// module zip. tools/build.sh runs ./schemagen to write them next to this file in a scratch copy of this module
// (stamping the provider version into the schema) and then builds it; they are never committed.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
