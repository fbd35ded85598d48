// Package serve runs a plugin.Provider as a Pulumi resource provider plugin: the gRPC server the engine starts and
// talks to, with the command line the engine passes to every plugin.
package serve

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Main serves the provider and returns when the engine closes the connection. The engine starts a plugin with its
// logging and tracing flags followed by its own address; the provider needs none of them (it never calls back into
// the engine) except the address, which is health-checked so that the plugin exits when the engine goes away (an
// interrupted `pulumi up` leaves no provider behind). The port is written to standard output, which is how the engine
// learns where to connect.
func Main(name, version string, provider plugin.Provider) {
	for _, f := range []string{"tracing", "root"} {
		if flag.Lookup(f) == nil {
			flag.String(f, "", "ignored")
		}
	}
	if flag.Lookup("logflow") == nil {
		flag.Bool("logflow", false, "ignored")
	}
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		return
	}

	if flag.NArg() > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		if err := rpcutil.Healthcheck(ctx, flag.Arg(0), 5*time.Minute, cancel); err == nil {
			go func() {
				<-ctx.Done()
				os.Exit(0)
			}()
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, plugin.NewProviderServer(provider))
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-%s: could not start the gRPC server: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-%s: %v\n", name, err)
		os.Exit(1)
	}
}
