using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>Guessing the secret is slow: wrong secrets are counted per client, refused beyond a limit, and logged once a minute.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class FailedAuthenticationTests(ServersFixture servers)
{
    private const string Wrong = "wrong-secret-that-is-long-enough-000000000";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task TheApi_Answers429WithRetryAfter_AfterTenWrongSecretsAMinute_BeforeEvenTheRightOneIsCompared()
    {
        await using var admin = await StartAsync();
        using var wrong = admin.Http(Wrong);
        using var right = admin.Http();
        using var anonymous = admin.Http(secret: null);

        // Calls that present no secret guess nothing: refused, but not counted.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/webhooks")).StatusCode);
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/webhooks")).StatusCode);
        }

        using var limited = await wrong.GetAsync("/api/webhooks");
        using var rightButLimited = await right.GetAsync("/api/webhooks");
        _clock.Advance(TimeSpan.FromSeconds(45));
        using var later = await right.GetAsync("/api/webhooks");
        _clock.Advance(TimeSpan.FromSeconds(15));
        using var afterTheWindow = await right.GetAsync("/api/webhooks");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, rightButLimited.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, later.StatusCode);
        Assert.Equal("15", later.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, afterTheWindow.StatusCode);
    }

    [Fact]
    public async Task TheSignInPage_SaysInWordsThatSignInIsRefusedForNow_OnceTheLimitIsReached_CountingApiFailuresToo()
    {
        await using var admin = await StartAsync();
        using var wrong = admin.Http(Wrong);
        using var browser = new UiVisitor(admin);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/stats")).StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var refused = await browser.SignInAsync(Wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("That secret is not the one", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var limited = await browser.SignInAsync(AdminHost.Secret);
        var page = await limited.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Too many wrong secrets were tried from", page, StringComparison.Ordinal);
        Assert.Contains("try again in 60 seconds", page, StringComparison.Ordinal);
        Assert.Null(browser.Session);
    }

    [Fact]
    public async Task FailedAuthentications_AreLoggedAsOneLinePerClientPerMinute_WithHowManyFailedAndHowManyWereRefused()
    {
        await using var admin = await StartAsync();
        using var wrong = admin.Http(Wrong);
        using var browser = new UiVisitor(admin);
        for (var i = 0; i < 8; i++)
        {
            using var response = await wrong.GetAsync("/api/webhooks");
        }

        for (var i = 0; i < 6; i++)
        {
            using var response = await browser.SignInAsync(Wrong);
        }

        IEnumerable<FakeLogRecord> Reports() => admin.Logs.GetSnapshot().Where(r => r.Id.Id == 4110);
        Assert.Empty(Reports());
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(() => Reports().Any(), "the minute's line on failed authentications");

        var line = Assert.Single(Reports());
        Assert.Equal("127.0.0.1", line.GetStructuredStateValue("Client"));
        Assert.Equal("10", line.GetStructuredStateValue("Failures"));
        Assert.Equal("4", line.GetStructuredStateValue("Refused"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, line.Level);

        // Soldr logged nothing else about them at warning level, and no presented secret was logged at all.
        Assert.DoesNotContain(
            admin.Logs.GetSnapshot(),
            l => l.Category?.StartsWith("Soldr", StringComparison.Ordinal) == true && l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && l.Id.Id != 4110);
        Assert.DoesNotContain(admin.Logs.GetSnapshot(), l => l.Message.Contains(Wrong, StringComparison.Ordinal));

        // A quiet minute writes nothing.
        _clock.Advance(TimeSpan.FromMinutes(1));
        using (await wrong.GetAsync("/api/webhooks"))
        {
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.UntilAsync(() => Reports().Count() == 2, "the next minute's line");
        Assert.Equal("1", Reports().Last().GetStructuredStateValue("Failures"));
    }

    [Fact]
    public async Task WrongSecretsSentAllAtOnce_GetNoMoreThanTheLimitOfThemCompared()
    {
        await using var admin = await StartAsync();
        using var wrong = admin.Http(Wrong);

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await wrong.GetAsync("/api/webhooks");
            return response.StatusCode;
        }));

        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.Unauthorized));
        Assert.Equal(90, answers.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task AClientOnAnotherAddress_IsNotLimitedBySomeoneElsesFailures()
    {
        await using var admin = await StartAsync();
        using var wrong = admin.Http(Wrong);
        for (var i = 0; i < 11; i++)
        {
            using var response = await wrong.GetAsync("/api/webhooks");
        }

        // 127.0.0.2 is loopback too, but another client.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var other = new HttpClient(handler) { BaseAddress = admin.ApiAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminHost.Secret);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.Http().GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/webhooks")).StatusCode);
    }

    [Fact]
    public async Task CallsWithTheRightSecret_FromAnEndedSession_OrWithBasicOnTheApi_AreRefusedWithoutLockingTheClientOut()
    {
        // The UI's calls all come from the admin's own address: a page left open after its session ended
        // must not lock every operator out, nor must a browser replaying Basic credentials on /api.
        await using var admin = await StartAsync();
        using var endedSession = admin.Http();
        endedSession.DefaultRequestHeaders.Add(Soldr.Admin.Client.SessionHeader.Name, "no-such-session");
        using var basic = admin.Http(secret: null);
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"operator:{AdminHost.Secret}")));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await endedSession.GetAsync("/api/webhooks")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await basic.GetAsync("/api/webhooks")).StatusCode);
        }

        using var right = admin.Http();
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/api/webhooks")).StatusCode);
    }

    private Task<AdminHost> StartAsync() => StartAsync(servers, _clock);

    private static async Task<AdminHost> StartAsync(ServersFixture servers, FakeTimeProvider clock) =>
        await AdminHost.StartAsync(
            await servers.CreateDatabaseAsync(), servers.RedisConnectionString, services: services => services.AddSingleton<TimeProvider>(clock));
}
