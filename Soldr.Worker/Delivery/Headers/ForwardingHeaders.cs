using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Soldr.Worker.Delivery.Headers;

/// <summary>
/// Where a webhook came from, said the ways receivers look for it: <c>X-Forwarded-For</c> and
/// <c>X-Real-IP</c> (the source address ingest resolved), <c>X-Forwarded-Host</c> (the host the provider
/// addressed), <c>X-Forwarded-Proto</c> (how it reached ingest), <c>X-Forwarded-Port</c>, and all of them in
/// one RFC 7239 <c>Forwarded</c> header. What is not known is left out rather than made up.
/// </summary>
internal static class ForwardingHeaders
{
    public static void Add(HttpRequestHeaders headers, string? sourceAddress, string? host, string? scheme)
    {
        var source = IPAddress.TryParse(sourceAddress, out var parsed)
            ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString()
            : null;
        var proto = string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? "https"
            : string.Equals(scheme, "http", StringComparison.OrdinalIgnoreCase) ? "http"
            : null;
        host = string.IsNullOrEmpty(host) ? null : host;
        var port = PortOf(host) ?? (proto == "https" ? "443" : proto == "http" ? "80" : null);

        Set(headers, SoldrHeaders.ForwardedFor, source);
        Set(headers, SoldrHeaders.RealIp, source);
        Set(headers, SoldrHeaders.ForwardedHost, host);
        Set(headers, SoldrHeaders.ForwardedProto, proto);
        Set(headers, SoldrHeaders.ForwardedPort, port);
        Set(headers, SoldrHeaders.Forwarded, Forwarded(source, host, proto));
    }

    /// <summary>RFC 7239 §4: <c>for=...;host=...;proto=...</c>, each value a token or a quoted string.</summary>
    public static string? Forwarded(string? source, string? host, string? proto)
    {
        // §6: an IPv6 node is bracketed, and so must be quoted.
        var forwarded = source is null ? null
            : source.Contains(':', StringComparison.Ordinal) ? $"for=\"[{source}]\""
            : "for=" + source;
        forwarded = Join(forwarded, "host=", host is null ? null : Value(host));
        return Join(forwarded, "proto=", proto);
    }

    private static string? Join(string? pairs, string name, string? value) =>
        value is null ? pairs
        : pairs is null ? name + value
        : string.Concat(pairs, ";", name, value);

    /// <summary>The port in a Host header (<c>name:port</c> or <c>[v6]:port</c>), or null without one.</summary>
    public static string? PortOf(string? host)
    {
        if (host is null)
        {
            return null;
        }

        var colon = host.LastIndexOf(':');
        if (colon < 0 || host.IndexOf(']', colon) >= 0 || (host[0] != '[' && host.IndexOf(':') != colon))
        {
            return null;
        }

        var digits = host.AsSpan(colon + 1);
        return digits.Length is > 0 and <= 5 && !digits.ContainsAnyExceptInRange('0', '9')
            && int.Parse(digits, CultureInfo.InvariantCulture) is > 0 and <= 65535
            ? digits.ToString()
            : null;
    }

    /// <summary>A token as it is; anything else as a quoted string, with <c>"</c> and <c>\</c> escaped.</summary>
    private static string Value(string text) =>
        Core.Http.HeaderRules.IsValidName(text)
            ? text
            : "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static void Set(HttpRequestHeaders headers, string name, string? value)
    {
        if (value is not null)
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }
}
