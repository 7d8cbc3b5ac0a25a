// Command crdvalidate checks custom resources against CustomResourceDefinitions the way the
// Kubernetes API server checks a create request, using the API server's own packages: unknown
// fields are reported as strict field validation (kubectl's default) reports them, then the
// object is pruned, defaulted from the structural schema and validated by the CRD registry's
// strategy (OpenAPI schema, metadata, list-type invariants, embedded resources and the
// x-kubernetes-validations CEL rules).
//
// Usage: crdvalidate --crds PATH [--crds PATH]... RESOURCE...
//
// A PATH is a YAML file or a folder of them; documents that are not CRDs are ignored, so the
// output of `helm template` can be given as it is. Every resource is checked against every CRD
// of its group and kind that was given (a cluster gets whichever copy of a CRD its charts
// install). One JSON object per resource and CRD goes to stdout:
//
//	{"file":..., "doc":N, "kind":..., "name":..., "crd":..., "errors":[...]}
//
// A resource whose kind matches no CRD is an error too. Exit status: 0 when there are no
// errors, 1 when some resource has errors, 2 when the input cannot be read.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	apiextensionshelpers "k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured/unstructuredscheme"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"sigs.k8s.io/yaml"
)

// crd is one CustomResourceDefinition and the file it came from.
type crd struct {
	def    *apiextensionsv1.CustomResourceDefinition
	source string
}

type result struct {
	File   string   `json:"file"`
	Doc    int      `json:"doc"`
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	CRD    string   `json:"crd,omitempty"`
	Errors []string `json:"errors"`
}

func main() {
	var crdPaths, resources []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--crds" && i+1 < len(args):
			crdPaths = append(crdPaths, args[i+1])
			i++
		case strings.HasPrefix(args[i], "--crds="):
			crdPaths = append(crdPaths, strings.TrimPrefix(args[i], "--crds="))
		default:
			resources = append(resources, args[i])
		}
	}
	if len(crdPaths) == 0 || len(resources) == 0 {
		fmt.Fprintln(os.Stderr, "usage: crdvalidate --crds PATH [--crds PATH]... RESOURCE...")
		os.Exit(2)
	}
	crds, err := loadCRDs(crdPaths)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := json.NewEncoder(os.Stdout)
	failed := false
	for _, path := range resources {
		docs, err := readDocuments(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for i, doc := range docs {
			for _, r := range check(path, i, doc, crds) {
				failed = failed || len(r.Errors) > 0
				if err := out.Encode(r); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
			}
		}
	}
	if failed {
		os.Exit(1)
	}
}

// readDocuments returns the non-empty YAML documents of a file, each as JSON.
func readDocuments(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var docs [][]byte
	for {
		raw, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		// Strict conversion: a duplicate key is an error, as in the API server's strict
		// decoding of a YAML request body.
		j, err := yaml.YAMLToJSONStrict(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", path, len(docs), err)
		}
		if string(j) == "null" {
			continue
		}
		docs = append(docs, j)
	}
}

func yamlFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func loadCRDs(paths []string) ([]crd, error) {
	var crds []crd
	for _, p := range paths {
		files, err := yamlFiles(p)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			docs, err := readDocuments(file)
			if err != nil {
				return nil, err
			}
			for _, doc := range docs {
				var head struct{ APIVersion, Kind string }
				if err := json.Unmarshal(doc, &head); err != nil || head.Kind != "CustomResourceDefinition" {
					continue
				}
				def := &apiextensionsv1.CustomResourceDefinition{}
				if err := json.Unmarshal(doc, def); err != nil {
					return nil, fmt.Errorf("%s: %w", file, err)
				}
				apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(def)
				crds = append(crds, crd{def: def, source: file})
			}
		}
	}
	if len(crds) == 0 {
		return nil, fmt.Errorf("no CustomResourceDefinition found in %s", strings.Join(paths, ", "))
	}
	return crds, nil
}

func check(file string, index int, doc []byte, crds []crd) []result {
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(doc); err != nil {
		return []result{{File: file, Doc: index, Errors: []string{err.Error()}}}
	}
	gvk := u.GroupVersionKind()
	base := result{File: file, Doc: index, Kind: gvk.Kind, Name: u.GetName()}
	var results []result
	for _, c := range crds {
		if c.def.Spec.Group != gvk.Group || c.def.Spec.Names.Kind != gvk.Kind {
			continue
		}
		r := base
		r.CRD = c.source
		r.Errors = validate(c.def, gvk, doc)
		if r.Errors == nil {
			r.Errors = []string{}
		}
		results = append(results, r)
	}
	if len(results) == 0 {
		base.Errors = []string{fmt.Sprintf("no CustomResourceDefinition given for %s", gvk.GroupKind())}
		results = append(results, base)
	}
	return results
}

// validate runs one create request's decoding and validation for the object in doc.
func validate(def *apiextensionsv1.CustomResourceDefinition, gvk schema.GroupVersionKind, doc []byte) []string {
	var version *apiextensionsv1.CustomResourceDefinitionVersion
	for i := range def.Spec.Versions {
		if def.Spec.Versions[i].Name == gvk.Version {
			version = &def.Spec.Versions[i]
		}
	}
	if version == nil || !version.Served {
		return []string{fmt.Sprintf("version %q of %s is not served by this CRD", gvk.Version, gvk.GroupKind())}
	}
	v1Schema, err := apiextensionshelpers.GetSchemaForVersion(def, version.Name)
	if err != nil {
		return []string{err.Error()}
	}
	var internalSchema *apiextensionsinternal.JSONSchemaProps
	var structural *structuralschema.Structural
	if v1Schema != nil {
		internal := &apiextensionsinternal.CustomResourceValidation{}
		if err := apiextensionsv1.Convert_v1_CustomResourceValidation_To_apiextensions_CustomResourceValidation(v1Schema, internal, nil); err != nil {
			return []string{"CRD schema: " + err.Error()}
		}
		internalSchema = internal.OpenAPIV3Schema
		if structural, err = structuralschema.NewStructural(internalSchema); err != nil {
			return []string{"CRD schema is not structural: " + err.Error()}
		}
		if err := structuraldefaulting.PruneDefaults(structural); err != nil {
			return []string{"CRD defaults: " + err.Error()}
		}
	}
	schemaValidator, _, err := apiservervalidation.NewSchemaValidator(internalSchema)
	if err != nil {
		return []string{"CRD schema: " + err.Error()}
	}
	var status *apiextensionsinternal.CustomResourceSubresourceStatus
	var statusValidator apiservervalidation.SchemaValidator
	var scale *apiextensionsinternal.CustomResourceSubresourceScale
	subresources, err := apiextensionshelpers.GetSubresourcesForVersion(def, version.Name)
	if err != nil {
		return []string{err.Error()}
	}
	if subresources != nil && subresources.Status != nil {
		status = &apiextensionsinternal.CustomResourceSubresourceStatus{}
		if internalSchema != nil {
			if s, ok := internalSchema.Properties["status"]; ok {
				if statusValidator, _, err = apiservervalidation.NewSchemaValidator(&s); err != nil {
					return []string{"CRD status schema: " + err.Error()}
				}
			}
		}
	}
	if subresources != nil && subresources.Scale != nil {
		scale = &apiextensionsinternal.CustomResourceSubresourceScale{}
		if err := apiextensionsv1.Convert_v1_CustomResourceSubresourceScale_To_apiextensions_CustomResourceSubresourceScale(subresources.Scale, scale, nil); err != nil {
			return []string{err.Error()}
		}
	}
	namespaced := def.Spec.Scope == apiextensionsv1.NamespaceScoped
	strategy := customresource.NewStrategy(unstructuredscheme.NewUnstructuredObjectTyper(), namespaced, gvk,
		schemaValidator, statusValidator, structural, status, scale, version.SelectableFields)

	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(doc); err != nil {
		return []string{err.Error()}
	}
	var errs []string
	// Decoding: metadata coerced, unknown fields pruned (and reported, as strict field
	// validation does), nulls without defaults dropped, then defaults applied.
	meta, foundMeta, unknown, err := schemaobjectmeta.GetObjectMetaWithOptions(u.Object, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		return []string{"metadata: " + err.Error()}
	}
	if structural != nil && !def.Spec.PreserveUnknownFields {
		unknown = append(unknown, structuralpruning.PruneWithOptions(u.Object, structural, true,
			structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
		structuraldefaulting.PruneNonNullableNullsWithoutDefaults(u.Object, structural)
	}
	if ferr, paths := schemaobjectmeta.CoerceWithOptions(nil, u.Object, structural, false,
		schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true}); ferr != nil {
		errs = append(errs, ferr.Error())
	} else {
		unknown = append(unknown, paths...)
	}
	for _, p := range unknown {
		errs = append(errs, fmt.Sprintf("unknown field %q", p))
	}
	u.SetGroupVersionKind(gvk)
	if foundMeta {
		if err := schemaobjectmeta.SetObjectMeta(u.Object, meta); err != nil {
			return append(errs, "metadata: "+err.Error())
		}
	}
	if structural != nil {
		structuraldefaulting.Default(u.Object, structural)
	}

	ns := u.GetNamespace()
	if ns == "" && namespaced {
		ns = "default" // what kubectl sends when neither the file nor the command names one
		u.SetNamespace(ns)
	}
	ctx := genericapirequest.WithNamespace(context.Background(), ns)
	strategy.PrepareForCreate(ctx, u)
	for _, e := range strategy.Validate(ctx, u) {
		errs = append(errs, e.Error())
	}
	return errs
}
