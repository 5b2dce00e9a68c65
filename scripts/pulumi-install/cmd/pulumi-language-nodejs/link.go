package main

import (
	"context"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Link adds locally generated SDKs to a program's package.json. `pulumi
// convert` calls it after GenerateProject with the SDKs it generated for the
// program's parameterized packages only, so for an ordinary provider such as
// msads the list is empty and there is nothing to link. Linking real SDKs (the
// official host runs the package manager's link for each and prints import
// lines) is not supported: such a request fails with Unimplemented, naming the
// packages, rather than leaving a project that cannot resolve them.
func (h *nodeHost) Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	if len(req.GetPackages()) == 0 {
		return &pulumirpc.LinkResponse{}, nil
	}
	names := make([]string, 0, len(req.GetPackages()))
	for _, dep := range req.GetPackages() {
		name := dep.GetPackage().GetName()
		if p := dep.GetPackage().GetParameterization(); p != nil && p.GetName() != "" {
			name += " (" + p.GetName() + ")"
		}
		names = append(names, name+" at "+dep.GetPath())
	}
	return nil, status.Errorf(codes.Unimplemented,
		"this pulumi-language-nodejs cannot link local SDKs into a program (%s); add them to package.json by hand",
		strings.Join(names, ", "))
}
