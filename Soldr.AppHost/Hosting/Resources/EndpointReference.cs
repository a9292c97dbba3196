namespace Soldr.AppHost.Hosting.Resources;

/// <summary>One endpoint of a project, to be referenced by another under a service name.</summary>
public sealed record EndpointReference(ProjectResource Resource, EndpointAnnotation Endpoint);
