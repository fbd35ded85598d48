//go:build tools

// Package tools records the Helm CLI package this module builds, so `go mod tidy` keeps its dependencies.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
