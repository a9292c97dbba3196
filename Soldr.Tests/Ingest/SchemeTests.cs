using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Soldr.Ingest.Addressing;
using Soldr.Ingest.Ingestion;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Ingest;

[Collection(ServersCollectionDefinition.Name)]
public sealed class SchemeTests(ServersFixture servers) : IDisposable
{
    private readonly TempFolder _spool = new();

    [Theory]
    [InlineData("", "http", "203.0.113.9", "https", "http")]
    [InlineData("", "https", null, null, "https")]
    [InlineData("10.0.0.0/8", "http", "203.0.113.9", "https", "http")]
    [InlineData("127.0.0.1", "http", "203.0.113.9", "https", "https")]
    [InlineData("127.0.0.1", "http", "203.0.113.9", "HTTPS", "https")]
    [InlineData("127.0.0.1", "https", "203.0.113.9", "http", "http")]
    [InlineData("127.0.0.1", "http", "203.0.113.9", "ftp", "http")]
    [InlineData("127.0.0.1", "http", "203.0.113.9", "https\r\nX-Evil: 1", "http")]
    [InlineData("127.0.0.1", "http", null, "https", "https")]
    [InlineData("127.0.0.1", "http", "203.0.113.9", null, "http")]
    [InlineData("127.0.0.1,10.0.0.0/8", "http", "203.0.113.9, 10.1.2.3", "https, http", "https")]
    [InlineData("127.0.0.1,10.0.0.0/8", "http", "203.0.113.9, 10.1.2.3", "http, https", "http")]
    [InlineData("127.0.0.1,10.0.0.0/8", "http", "203.0.113.9, 10.1.2.3", "https", "https")]
    [InlineData("127.0.0.1,10.0.0.0/8", "http", "203.0.113.9, 10.1.2.3", "https, ftp", "http")]
    [InlineData("127.0.0.1", "http", "198.51.100.7, 203.0.113.9", "https, http", "http")]
    public void ForwardedProto_IsBelievedOnlyFromTrustedProxies_ForTheHopTheSourceIsTakenFrom(
        string trusted, string connectionScheme, string? forwardedFor, string? forwardedProto, string expected)
    {
        var context = Context(trusted, connectionScheme, forwardedFor, forwardedProto, out var resolver);

        Assert.Equal(expected, resolver.Resolve(context).Scheme);
    }

    [Fact]
    public void WhateverAProxyOrSenderPutsInTheHeaders_TheSchemeIsHttpOrHttps_AndAnUntrustedPeerNeverChangesIt()
    {
        var random = new Random(20261205);
        string[] pieces = ["http", "https", "HTTPS", "ftp", "", " ", ",", ", ", "\r\n", "\0", "javascript:", "ws", "https ", "ｈｔｔｐｓ", "10.0.0.1", "203.0.113.9", "::1", "garbage"];
        string Hostile() => string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => pieces[random.Next(pieces.Length)]));

        for (var i = 0; i < 5_000; i++)
        {
            var trusted = random.Next(2) == 0 ? "127.0.0.1,10.0.0.0/8" : "";
            var connection = random.Next(2) == 0 ? "http" : "https";
            var context = Context(trusted, connection, Hostile(), Hostile(), out var resolver);

            var scheme = resolver.Resolve(context).Scheme;

            Assert.True(scheme is "http" or "https", $"scheme {scheme}");
            if (trusted.Length == 0)
            {
                Assert.Equal(connection, scheme);
            }
        }
    }

    [Fact]
    public async Task TheSchemeIsSaved_TheConnectionsOrATrustedProxysForwardedProto_NeverAnUntrustedOne()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var trusting = await IngestHost.StartAsync(database, servers.RedisConnectionString, _spool.Path,
            new Dictionary<string, string?> { ["Soldr:Ingest:TrustedProxies:0"] = "127.0.0.0/8" });
        using var other = new TempFolder();
        await using var untrusting = await IngestHost.StartAsync(database, servers.RedisConnectionString, other.Path);

        var viaProxy = await SendAsync(trusting, "https");
        var forged = await SendAsync(untrusting, "https");
        var plain = await SendAsync(untrusting, null);

        Assert.Equal("https", await SavedRequests.SchemeAsync(database, viaProxy));
        Assert.Equal("http", await SavedRequests.SchemeAsync(database, forged));
        Assert.Equal("http", await SavedRequests.SchemeAsync(database, plain));
    }

    private static DefaultHttpContext Context(
        string trusted, string connectionScheme, string? forwardedFor, string? forwardedProto, out OriginResolver resolver)
    {
        var options = new IngestOptions();
        options.TrustedProxies.AddRange(trusted.Split(',', StringSplitOptions.RemoveEmptyEntries));
        resolver = new OriginResolver(new TrustedProxies(Options.Create(options)));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Scheme = connectionScheme;
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        if (forwardedProto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        }

        return context;
    }

    private static async Task<Guid> SendAsync(IngestHost ingest, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/w/shop/scheme") { Content = new StringContent("{}") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        using var response = await ingest.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await SavedRequests.ReceiptAsync(response);
    }

    public void Dispose() => _spool.Dispose();
}
