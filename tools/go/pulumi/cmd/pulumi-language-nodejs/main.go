// Command pulumi-language-nodejs is the Node.js language host the e2e harness (tools/e2e) puts next to the
// pulumi CLI it builds.
//
// Why our own: Pulumi's language host is a separate, untagged Go module, and the Go module proxy reachable here
// serves no version of it, while it does serve the CLI (pkg/v3) and the SDK (sdk/v3). This host implements the
// part of the LanguageRuntime protocol that `pulumi preview/up/destroy` and local policy packs use, on top of the
// SDK's own building blocks (rpcutil, the policy-pack proxy), and starts the same Node.js entry points that ship in
// the @pulumi/pulumi npm package (cmd/run for programs, cmd/run-policy-pack for policy packs) with the same
// arguments and environment variables that those entry points document. Project runtime options are read the way
// Pulumi documents them (typescript, tsconfig, nodeargs), so a Pulumi.yaml that works here works for users too.
//
// Not implemented (the engine treats Unimplemented as "not supported"): dependency installation, code generation,
// packing, debugging and non-policy plugins. GetRequiredPackages answers with no packages, so providers are loaded on
// demand when the program registers its first resource of a package, at the version the package's SDK asks for.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/shlex"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is stamped at build time (-ldflags -X main.version=...).
var version = "dev"

// exitCodeUserActionable is what @pulumi/pulumi/cmd/run exits with after it has already shown the user an
// actionable error message; the engine should then stop without adding a generic one.
const exitCodeUserActionable = 32

func main() {
	// The engine passes logging and tracing flags before the engine address. The SDK's logging package already
	// defines glog's (-logtostderr, -v); the others are accepted and ignored.
	for _, name := range []string{"tracing", "root"} {
		if flag.Lookup(name) == nil {
			flag.String(name, "", "ignored")
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

	h := &languageHost{}
	if flag.NArg() > 0 {
		h.setEngine(flag.Arg(0))
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from our first line of output.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

// languageHost serves pulumirpc.LanguageRuntime for Node.js programs and policy packs.
type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	healthChecked bool
	children      map[*exec.Cmd]struct{}
}

// setEngine records the engine's address and, once, exits this process when the engine goes away, so an
// interrupted `pulumi` never leaves a language host behind.
func (h *languageHost) setEngine(addr string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.engineAddress = addr
	if addr == "" || h.healthChecked {
		return
	}
	h.healthChecked = true
	ctx, cancel := context.WithCancel(context.Background())
	if err := rpcutil.Healthcheck(ctx, addr, 5*time.Minute, cancel); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: health check of the engine at %s failed: %v\n", addr, err)
		return
	}
	go func() {
		<-ctx.Done()
		os.Exit(0)
	}()
}

func (h *languageHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// Handshake receives the engine's address (newer engines send it here rather than on the command line).
func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.setEngine(req.GetEngineAddress())
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the stamped version.
func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins answers with no plugins: providers are loaded on demand (see the package comment).
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages answers with no packages: providers are loaded on demand (see the package comment).
func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// Cancel stops every Node.js process this host started (the engine calls it on Ctrl-C).
func (h *languageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cmd := range h.children {
		if cmd.Process != nil {
			_ = cmd.Process.Signal(os.Interrupt)
		}
	}
	return &emptypb.Empty{}, nil
}

func (h *languageHost) track(cmd *exec.Cmd, running bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.children == nil {
		h.children = map[*exec.Cmd]struct{}{}
	}
	if running {
		h.children[cmd] = struct{}{}
	} else {
		delete(h.children, cmd)
	}
}

// runtimeOptions are the `runtime.options` of Pulumi.yaml / PulumiPolicy.yaml that change how Node.js is started.
type runtimeOptions struct {
	typescript bool     // load TypeScript through the SDK's ts-node integration (Pulumi's default: true)
	tsconfig   string   // alternative tsconfig path for that integration
	nodeargs   []string // extra arguments for node itself, e.g. "--import tsx"
}

func parseRuntimeOptions(info *pulumirpc.ProgramInfo) (runtimeOptions, error) {
	opts := runtimeOptions{typescript: true}
	if info == nil || info.GetOptions() == nil {
		return opts, nil
	}
	raw := info.GetOptions().AsMap()
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, fmt.Errorf("runtime option typescript must be a boolean, got %v", v)
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option tsconfig must be a string, got %v", v)
		}
		opts.tsconfig = s
	}
	if v, ok := raw["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, fmt.Errorf("runtime option nodeargs must be a string, got %v", v)
		}
		args, err := shlex.Split(s)
		if err != nil {
			return opts, fmt.Errorf("runtime option nodeargs %q: %w", s, err)
		}
		opts.nodeargs = args
	}
	return opts, nil
}

func (o runtimeOptions) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// findSDKEntryPoint finds @pulumi/pulumi/<entry>/index.js in the node_modules of dir or of one of its parents, as
// Node's own module resolution would (npm workspaces hoist the SDK to the repository root).
func findSDKEntryPoint(dir, entry string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", filepath.FromSlash(entry), "index.js")
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("@pulumi/pulumi/%s not found in any node_modules from %s upwards; run npm ci", entry, dir)
		}
	}
}

// Run executes a Pulumi program: node [nodeargs] @pulumi/pulumi/cmd/run --monitor ... <entry point> [args].
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return &pulumirpc.RunResponse{Error: "the engine sent no program info"}, nil
	}
	opts, err := parseRuntimeOptions(info)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "node not found on PATH: " + err.Error()}, nil
	}
	runEntry, err := findSDKEntryPoint(info.GetProgramDirectory(), "cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runEntry)
	flagIfSet := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagIfSet("monitor", req.GetMonitorAddress())
	flagIfSet("engine", h.engine())
	flagIfSet("organization", req.GetOrganization())
	flagIfSet("project", req.GetProject())
	flagIfSet("root-directory", info.GetRootDirectory())
	flagIfSet("stack", req.GetStack())
	flagIfSet("pwd", info.GetProgramDirectory())
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flagIfSet("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = "."
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	configJSON, err := json.Marshal(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not serialise the stack configuration: " + err.Error()}, nil
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not serialise the secret config keys: " + err.Error()}, nil
	}

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	cmd.Dir = info.GetProgramDirectory()
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(configJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	cmd.Env = append(cmd.Env, opts.env()...)
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second

	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: "could not start node: " + err.Error()}, nil
	}
	h.track(cmd, true)
	err = cmd.Wait()
	h.track(cmd, false)
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == exitCodeUserActionable {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode())}, nil
	}
	return &pulumirpc.RunResponse{Error: "could not run the program: " + err.Error()}, nil
}

// RunPlugin runs a Node.js policy pack (kind "analyzer") through @pulumi/pulumi/cmd/run-policy-pack. The SDK's
// PolicyProxy answers the engine's Handshake/ConfigureStack itself, so the pack can be started with the stack's
// organization, project, stack and config in its environment, which is how @pulumi/policy reads them.
func (h *languageHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetKind() != string(apitype.AnalyzerPlugin) {
		return fmt.Errorf("this language host runs Node.js policy packs only, not %q plugins", req.GetKind())
	}
	ctx := server.Context()
	info := req.GetInfo()
	opts, err := parseRuntimeOptions(info)
	if err != nil {
		return err
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("node not found on PATH: %w", err)
	}
	packDir := info.GetProgramDirectory()
	entry, err := findSDKEntryPoint(packDir, "cmd/run-policy-pack")
	if err != nil {
		return err
	}

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	proxy, stdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stackConfig, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
	}

	env := append(append([]string{}, req.GetEnv()...), opts.env()...)
	if stackConfig != nil {
		setIfNotEmpty := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		setIfNotEmpty("PULUMI_NODEJS_ORGANIZATION", stackConfig.GetOrganization())
		setIfNotEmpty("PULUMI_NODEJS_PROJECT", stackConfig.GetProject())
		setIfNotEmpty("PULUMI_NODEJS_STACK", stackConfig.GetStack())
		setIfNotEmpty("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stackConfig.GetDryRun()))
		if stackConfig.GetConfig() != nil {
			configJSON, err := json.Marshal(stackConfig.GetConfig())
			if err != nil {
				return fmt.Errorf("could not serialise the stack configuration: %w", err)
			}
			env = append(env, "PULUMI_CONFIG="+string(configJSON))
		}
	}

	// node [nodeargs] run-policy-pack [engine args] <pack directory>: the pack directory comes last.
	args := append([]string{}, opts.nodeargs...)
	args = append(args, entry)
	args = append(args, req.GetArgs()...)
	args = append(args, packDir)

	cmd := exec.CommandContext(ctx, nodeBin, args...)
	// Node policy packs have always run with the pack's directory as working directory.
	cmd.Dir = packDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		proxy.Abort(err)
		return fmt.Errorf("could not start node for the policy pack: %w", err)
	}
	h.track(cmd, true)
	defer h.track(cmd, false)
	// Attach forwards the engine's analyzer calls to the pack once it is listening, and waits for it to exit.
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if status, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				return fmt.Errorf("policy pack exited with non-zero exit code: %d", status.ExitStatus())
			}
		}
		return fmt.Errorf("policy pack %s: %w", strings.TrimSpace(packDir), err)
	}
	return closer.Close()
}
