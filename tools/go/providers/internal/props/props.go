// Package props checks, reads and compares a resource's properties against the inputs a stand-in provider implements:
// what Check, Diff and the resources' Create share.
package props

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// Kind is the type an input must have.
type Kind int

const (
	String Kind = iota
	Bool
	Number
	StringList
	StringMap
	Object
)

func (k Kind) String() string {
	return [...]string{"a string", "a boolean", "a number", "a list of strings", "a map of strings", "an object"}[k]
}

// Field is one implemented input: its type, its default (the upstream provider's, applied by Check) and, for an
// object, its own fields.
type Field struct {
	Kind     Kind
	Required bool
	Default  *resource.PropertyValue
	Fields   Spec
	// OneOf lists the values a string (or each string of a list) may take, when the upstream provider restricts them.
	OneOf []string
}

// Spec is every input a resource implements, by name.
type Spec map[string]Field

// Def returns a default value for Field.Default.
func Def(v any) *resource.PropertyValue {
	pv := resource.NewPropertyValue(v)
	return &pv
}

// Resource is what Check needs to know about one resource type.
type Resource struct {
	// Provider names the stand-in in messages ("tls", "random").
	Provider string
	// Token is the resource type, e.g. tls:index/privateKey:PrivateKey.
	Token string
	// Inputs are the implemented inputs.
	Inputs Spec
}

// Plain strips secret and known-output wrappers: the value itself, whether it is known, and whether it was secret.
func Plain(v resource.PropertyValue) (resource.PropertyValue, bool, bool) {
	secret := false
	for {
		switch {
		case v.IsSecret():
			secret = true
			v = v.SecretValue().Element
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return v, false, secret || o.Secret
			}
			secret = secret || o.Secret
			v = o.Element
		case v.IsComputed():
			return v, false, secret
		default:
			return v, true, secret
		}
	}
}

// Check validates news against the resource's implemented inputs and returns them with the upstream defaults
// applied. An input the stand-in does not implement is a failure naming it, never silently ignored.
func Check(r Resource, news resource.PropertyMap) (resource.PropertyMap, []plugin.CheckFailure) {
	out := resource.PropertyMap{}
	var failures []plugin.CheckFailure
	keys := news.StableKeys()
	for _, k := range keys {
		if resource.IsInternalPropertyKey(k) {
			continue
		}
		v := news[k]
		f, ok := r.Inputs[string(k)]
		if !ok {
			failures = append(failures, plugin.CheckFailure{
				Property: k,
				Reason: fmt.Sprintf("%s.%s is not supported by this stand-in of the %s provider (tools/go/providers); it implements: %s",
					shortType(r.Token), k, r.Provider, strings.Join(sortedNames(r.Inputs), ", ")),
			})
			continue
		}
		failures = append(failures, checkValue(string(k), f, v)...)
		out[k] = v
	}
	for _, name := range sortedNames(r.Inputs) {
		f, k := r.Inputs[name], resource.PropertyKey(name)
		if _, set := out[k]; set && !out[k].IsNull() {
			continue
		}
		switch {
		case f.Default != nil:
			out[k] = *f.Default
		case f.Required:
			failures = append(failures, plugin.CheckFailure{Property: k, Reason: fmt.Sprintf("%s is required by %s", name, shortType(r.Token))})
		}
	}
	return out, failures
}

func checkValue(path string, f Field, v resource.PropertyValue) []plugin.CheckFailure {
	p, known, _ := Plain(v)
	if !known || p.IsNull() {
		return nil
	}
	fail := func() []plugin.CheckFailure {
		return []plugin.CheckFailure{{Property: resource.PropertyKey(path), Reason: fmt.Sprintf("%s must be %s, got %s", path, f.Kind, p.TypeString())}}
	}
	switch f.Kind {
	case String:
		if !p.IsString() {
			return fail()
		}
		if len(f.OneOf) > 0 && !contains(f.OneOf, p.StringValue()) {
			return []plugin.CheckFailure{{Property: resource.PropertyKey(path), Reason: fmt.Sprintf("%s is %q; allowed: %s", path, p.StringValue(), strings.Join(f.OneOf, ", "))}}
		}
	case Bool:
		if !p.IsBool() {
			return fail()
		}
	case Number:
		if !p.IsNumber() {
			return fail()
		}
	case StringList:
		if !p.IsArray() {
			return fail()
		}
		for i, e := range p.ArrayValue() {
			if ep, ok, _ := Plain(e); ok && !ep.IsString() {
				return []plugin.CheckFailure{{Property: resource.PropertyKey(path), Reason: fmt.Sprintf("%s[%d] must be a string, got %s", path, i, ep.TypeString())}}
			} else if ok && len(f.OneOf) > 0 && !contains(f.OneOf, ep.StringValue()) {
				return []plugin.CheckFailure{{Property: resource.PropertyKey(path), Reason: fmt.Sprintf("%s[%d] is %q; allowed: %s", path, i, ep.StringValue(), strings.Join(f.OneOf, ", "))}}
			}
		}
	case StringMap:
		if !p.IsObject() {
			return fail()
		}
		for k, e := range p.ObjectValue() {
			if ep, ok, _ := Plain(e); ok && !ep.IsString() {
				return []plugin.CheckFailure{{Property: resource.PropertyKey(path), Reason: fmt.Sprintf("%s.%s must be a string, got %s", path, k, ep.TypeString())}}
			}
		}
	case Object:
		if !p.IsObject() {
			return fail()
		}
		var failures []plugin.CheckFailure
		obj := p.ObjectValue()
		for _, k := range obj.StableKeys() {
			sub, ok := f.Fields[string(k)]
			if !ok {
				failures = append(failures, plugin.CheckFailure{
					Property: resource.PropertyKey(path),
					Reason: fmt.Sprintf("%s.%s is not supported by this stand-in (tools/go/providers); %s implements: %s",
						path, k, path, strings.Join(sortedNames(f.Fields), ", ")),
				})
				continue
			}
			failures = append(failures, checkValue(path+"."+string(k), sub, obj[k])...)
		}
		return failures
	}
	return nil
}

// Strip removes every secret and known-output wrapper, deeply: the values compared by Diff.
func Strip(v resource.PropertyValue) resource.PropertyValue {
	p, known, _ := Plain(v)
	if !known {
		return p
	}
	switch {
	case p.IsArray():
		arr := make([]resource.PropertyValue, len(p.ArrayValue()))
		for i, e := range p.ArrayValue() {
			arr[i] = Strip(e)
		}
		return resource.NewArrayProperty(arr)
	case p.IsObject():
		obj := resource.PropertyMap{}
		for k, e := range p.ObjectValue() {
			obj[k] = Strip(e)
		}
		return resource.NewObjectProperty(obj)
	}
	return p
}

// DiffReplacingAll compares the old and new checked inputs of a resource whose every input forces a replacement (as
// in the upstream providers: a key, a certificate or a password is never changed in place). An unknown new value
// counts as a change.
func DiffReplacingAll(olds, news resource.PropertyMap) plugin.DiffResult {
	changed := map[resource.PropertyKey]plugin.DiffKind{}
	for k, nv := range news {
		if resource.IsInternalPropertyKey(k) {
			continue
		}
		ov, had := olds[k]
		switch {
		case !had || Strip(ov).IsNull():
			if !Strip(nv).IsNull() {
				changed[k] = plugin.DiffAddReplace
			}
		case nv.ContainsUnknowns():
			changed[k] = plugin.DiffUpdateReplace
		case !Strip(ov).DeepEquals(Strip(nv)):
			if Strip(nv).IsNull() {
				changed[k] = plugin.DiffDeleteReplace
			} else {
				changed[k] = plugin.DiffUpdateReplace
			}
		}
	}
	for k, ov := range olds {
		if _, has := news[k]; !has && !resource.IsInternalPropertyKey(k) && !Strip(ov).IsNull() {
			changed[k] = plugin.DiffDeleteReplace
		}
	}
	if len(changed) == 0 {
		return plugin.DiffResult{Changes: plugin.DiffNone}
	}
	res := plugin.DiffResult{Changes: plugin.DiffSome, DetailedDiff: map[string]plugin.PropertyDiff{}}
	for k, kind := range changed {
		res.ReplaceKeys = append(res.ReplaceKeys, k)
		res.ChangedKeys = append(res.ChangedKeys, k)
		res.DetailedDiff[string(k)] = plugin.PropertyDiff{Kind: kind, InputDiff: true}
	}
	sort.Slice(res.ReplaceKeys, func(i, j int) bool { return res.ReplaceKeys[i] < res.ReplaceKeys[j] })
	sort.Slice(res.ChangedKeys, func(i, j int) bool { return res.ChangedKeys[i] < res.ChangedKeys[j] })
	return res
}

// Reader reads checked, known inputs. Missing and null values read as the zero value.
type Reader resource.PropertyMap

func (r Reader) plain(name string) resource.PropertyValue {
	v, ok := resource.PropertyMap(r)[resource.PropertyKey(name)]
	if !ok {
		return resource.NewNullProperty()
	}
	return Strip(v)
}

// Has reports whether the input is set (not null).
func (r Reader) Has(name string) bool { return !r.plain(name).IsNull() }

// Str reads a string input.
func (r Reader) Str(name string) string {
	if v := r.plain(name); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Bool reads a boolean input.
func (r Reader) Bool(name string) bool {
	if v := r.plain(name); v.IsBool() {
		return v.BoolValue()
	}
	return false
}

// Int reads a number input as an integer.
func (r Reader) Int(name string) int {
	if v := r.plain(name); v.IsNumber() {
		return int(v.NumberValue())
	}
	return 0
}

// Strings reads a list of strings.
func (r Reader) Strings(name string) []string {
	v := r.plain(name)
	if !v.IsArray() {
		return nil
	}
	out := make([]string, 0, len(v.ArrayValue()))
	for _, e := range v.ArrayValue() {
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

// Object reads an object input.
func (r Reader) Object(name string) Reader {
	if v := r.plain(name); v.IsObject() {
		return Reader(v.ObjectValue())
	}
	return Reader{}
}

// Outputs starts a resource's outputs from its checked inputs, as upstream providers report every input back.
func Outputs(inputs resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range inputs {
		if !resource.IsInternalPropertyKey(k) {
			out[k] = v
		}
	}
	return out
}

// Secret marks a string output secret.
func Secret(s string) resource.PropertyValue {
	return resource.MakeSecret(resource.NewStringProperty(s))
}

// Unknown is an output whose value only Create knows (what a preview shows as "output<string>").
func Unknown() resource.PropertyValue {
	return resource.MakeComputed(resource.NewStringProperty(""))
}

func shortType(token string) string {
	if i := strings.LastIndex(token, ":"); i >= 0 {
		return token[i+1:]
	}
	return token
}

func sortedNames(s Spec) []string {
	names := make([]string, 0, len(s))
	for n := range s {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
