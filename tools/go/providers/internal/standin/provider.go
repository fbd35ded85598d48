// Package standin is a plugin.Provider for resources that exist only in the Pulumi state (keys, certificates,
// passwords): the engine's protocol (config, Check, Diff, Create, Read, Delete, Invoke) over a table of resource
// types, each with its implemented inputs and a function that makes its outputs.
package standin

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/blang/semver"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"ecommerce-security/tools/providers/internal/props"
)

// Resource is one resource type.
type Resource struct {
	// Inputs are the implemented inputs, with the upstream defaults and checks.
	Inputs props.Spec
	// Computed are the outputs Create makes (a preview shows them as unknown).
	Computed []string
	// Create makes the resource: its ID and its computed outputs (secret ones already wrapped with props.Secret).
	Create func(in props.Reader, now time.Time) (string, resource.PropertyMap, error)
	// Renew, when set, tells from the old state whether the resource must be replaced whatever its inputs (a
	// certificate within its early-renewal window); Read reports it in readyForRenewal.
	Renew func(inputs, outputs props.Reader, now time.Time) bool
}

// Function is one invoke (a data source).
type Function struct {
	Args props.Spec
	Call func(in props.Reader) (resource.PropertyMap, error)
}

// Provider serves a package's resources and functions.
type Provider struct {
	plugin.UnimplementedProvider

	// Package is the Pulumi package name ("tls", "random"); Version is what the engine asks for.
	Package, Version string
	// Config are the provider configuration keys implemented (besides "version", which the SDK always sends).
	Config    props.Spec
	Resources map[string]Resource
	Functions map[string]Function
	// Now is the clock (tests set it).
	Now func() time.Time
}

func (p *Provider) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Provider) resource(t tokens.Type) (Resource, error) {
	r, ok := p.Resources[string(t)]
	if !ok {
		return Resource{}, fmt.Errorf("resource type %s is not implemented by this stand-in of the %s provider (tools/go/providers)", t, p.Package)
	}
	return r, nil
}

func (p *Provider) spec(t tokens.Type, r Resource) props.Resource {
	return props.Resource{Provider: p.Package, Token: string(t), Inputs: r.Inputs}
}

// Close releases nothing: the provider holds no connections.
func (p *Provider) Close() error { return nil }

// SignalCancellation: every operation is local and short; nothing to cancel.
func (p *Provider) SignalCancellation(context.Context) error { return nil }

// GetPluginInfo reports the version the engine asked for (the SDK's).
func (p *Provider) GetPluginInfo(context.Context) (plugin.PluginInfo, error) {
	v, err := semver.ParseTolerant(p.Version)
	if err != nil {
		return plugin.PluginInfo{}, fmt.Errorf("version %q: %w", p.Version, err)
	}
	return plugin.PluginInfo{Version: &v}, nil
}

// GetSchema returns a minimal package schema: name, version and the resource tokens served (no SDK is generated
// from it; the npm SDK is upstream's).
func (p *Provider) GetSchema(context.Context, plugin.GetSchemaRequest) (plugin.GetSchemaResponse, error) {
	resources := map[string]any{}
	for t := range p.Resources {
		resources[t] = map[string]any{}
	}
	functions := map[string]any{}
	for t := range p.Functions {
		functions[t] = map[string]any{}
	}
	schema, err := json.Marshal(map[string]any{"name": p.Package, "version": p.Version, "resources": resources, "functions": functions})
	return plugin.GetSchemaResponse{Schema: schema}, err
}

func (p *Provider) configSpec() props.Spec {
	spec := props.Spec{"version": {Kind: props.String}}
	for k, f := range p.Config {
		spec[k] = f
	}
	return spec
}

// CheckConfig accepts the implemented configuration keys only.
func (p *Provider) CheckConfig(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	checked, failures := props.Check(props.Resource{Provider: p.Package, Token: "pulumi:providers:" + p.Package, Inputs: p.configSpec()}, req.News)
	return plugin.CheckConfigResponse{Properties: checked, Failures: failures}, nil
}

// DiffConfig: no configuration changes anything a resource does, so a provider is never replaced.
func (p *Provider) DiffConfig(context.Context, plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	return plugin.DiffResult{Changes: plugin.DiffNone}, nil
}

// Configure has nothing to set up.
func (p *Provider) Configure(context.Context, plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	return plugin.ConfigureResponse{}, nil
}

// Check validates the inputs and applies the upstream defaults.
func (p *Provider) Check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	r, err := p.resource(req.Type)
	if err != nil {
		return plugin.CheckResponse{}, err
	}
	checked, failures := props.Check(p.spec(req.Type, r), req.News)
	return plugin.CheckResponse{Properties: checked, Failures: failures}, nil
}

// Diff replaces on any input change, as upstream does for every one of these resources, and on renewal.
func (p *Provider) Diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	r, err := p.resource(req.Type)
	if err != nil {
		return plugin.DiffResult{}, err
	}
	diff := props.DiffReplacingAll(req.OldInputs, req.NewInputs)
	if r.Renew != nil && r.Renew(props.Reader(req.NewInputs), props.Reader(req.OldOutputs), p.now()) {
		key := resource.PropertyKey("readyForRenewal")
		diff.Changes = plugin.DiffSome
		diff.ReplaceKeys = append(diff.ReplaceKeys, key)
		diff.ChangedKeys = append(diff.ChangedKeys, key)
		if diff.DetailedDiff == nil {
			diff.DetailedDiff = map[string]plugin.PropertyDiff{}
		}
		diff.DetailedDiff[string(key)] = plugin.PropertyDiff{Kind: plugin.DiffUpdateReplace}
	}
	return diff, nil
}

// Create makes the resource; in a preview its computed outputs are unknown.
func (p *Provider) Create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	r, err := p.resource(req.Type)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	outputs := props.Outputs(req.Properties)
	if req.Preview {
		for _, k := range r.Computed {
			outputs[resource.PropertyKey(k)] = props.Unknown()
		}
		return plugin.CreateResponse{Properties: outputs, Status: resource.StatusOK}, nil
	}
	id, made, err := r.Create(props.Reader(req.Properties), p.now())
	if err != nil {
		return plugin.CreateResponse{}, fmt.Errorf("%s: %w", req.URN.Name(), err)
	}
	for k, v := range made {
		outputs[k] = v
	}
	return plugin.CreateResponse{ID: resource.ID(id), Properties: outputs, Status: resource.StatusOK}, nil
}

// Read (refresh) returns the state unchanged: the resource exists only there. A certificate's readyForRenewal is
// brought up to date. Import (no state) is not supported.
func (p *Provider) Read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	r, err := p.resource(req.Type)
	if err != nil {
		return plugin.ReadResponse{}, err
	}
	if len(req.State) == 0 {
		return plugin.ReadResponse{}, fmt.Errorf("%s: importing is not supported by this stand-in of the %s provider: the resource exists only in the Pulumi state", req.URN.Name(), p.Package)
	}
	outputs := req.State.Copy()
	if r.Renew != nil {
		outputs["readyForRenewal"] = resource.NewBoolProperty(r.Renew(props.Reader(req.Inputs), props.Reader(req.State), p.now()))
	}
	return plugin.ReadResponse{
		ReadResult: plugin.ReadResult{ID: req.ID, Inputs: req.Inputs, Outputs: outputs},
		Status:     resource.StatusOK,
	}, nil
}

// Update never happens: Diff asks for a replacement on every change.
func (p *Provider) Update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	return plugin.UpdateResponse{}, fmt.Errorf("%s: %s is replaced on every change, never updated in place", req.URN.Name(), req.Type)
}

// Delete forgets the resource: nothing exists outside the state.
func (p *Provider) Delete(context.Context, plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

// Invoke calls a function (data source).
func (p *Provider) Invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	f, ok := p.Functions[string(req.Tok)]
	if !ok {
		return plugin.InvokeResponse{}, fmt.Errorf("function %s is not implemented by this stand-in of the %s provider (tools/go/providers)", req.Tok, p.Package)
	}
	checked, failures := props.Check(props.Resource{Provider: p.Package, Token: string(req.Tok), Inputs: f.Args}, req.Args)
	if len(failures) > 0 {
		return plugin.InvokeResponse{Failures: failures}, nil
	}
	out, err := f.Call(props.Reader(checked))
	if err != nil {
		return plugin.InvokeResponse{}, fmt.Errorf("%s: %w", req.Tok, err)
	}
	return plugin.InvokeResponse{Properties: out}, nil
}
