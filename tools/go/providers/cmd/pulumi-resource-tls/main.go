// Command pulumi-resource-tls is our stand-in for the Pulumi TLS provider plugin (see package tls for why and what).
package main

import (
	"ecommerce-security/tools/providers/internal/serve"
	"ecommerce-security/tools/providers/tls"
)

// version is stamped at build time (-ldflags -X main.version=...): the @pulumi/tls version the engine asks for.
var version = "0.0.0-dev"

func main() {
	serve.Main("tls", version, tls.New(version))
}
