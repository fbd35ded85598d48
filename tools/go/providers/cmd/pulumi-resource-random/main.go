// Command pulumi-resource-random is our stand-in for the Pulumi random provider plugin (see package random).
package main

import (
	"ecommerce-security/tools/providers/internal/serve"
	"ecommerce-security/tools/providers/random"
)

// version is stamped at build time (-ldflags -X main.version=...): the @pulumi/random version the engine asks for.
var version = "0.0.0-dev"

func main() {
	serve.Main("random", version, random.New(version))
}
