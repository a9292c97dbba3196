using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Soldr.Tests.Admin;

/// <summary>One route of the app as a request a test can send: a method and a concrete path.</summary>
public sealed record AppRoute(string Method, string Path, RouteEndpoint Endpoint)
{
    public string Pattern => Endpoint.RoutePattern.RawText ?? string.Empty;

    public bool Has<T>()
        where T : class => Endpoint.Metadata.GetMetadata<T>() is not null;

    public override string ToString() => $"{Method} {Path} ({Pattern})";
}

/// <summary>Every route the app itself lists, so a route added later is covered without anyone adding it here.</summary>
public static class AppRoutes
{
    public static IReadOnlyList<AppRoute> Of(AdminHost admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        return [.. admin.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => Methods(endpoint).Select(method => new AppRoute(method, Concrete(endpoint.RoutePattern), endpoint)))];
    }

    // An endpoint that names no method (health, the live connection) is tried with GET and POST.
    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : [HttpMethods.Get, HttpMethods.Post];

    /// <summary>A path the pattern matches: each parameter filled with a value its constraints accept.</summary>
    private static string Concrete(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Value(parameter),
                    _ => string.Empty,
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private static string Value(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content).ToList();
        return parameter.Name switch
        {
            _ when constraints.Contains("guid") => "0199a1b2-0000-7000-8000-000000000000",
            _ when constraints.Contains("int") || constraints.Contains("long") => "1",
            _ when constraints.Contains("file") => "some/file.txt",
            "documentName" => "v1",
            "state" => "enqueued",
            _ => "purge",
        };
    }
}
