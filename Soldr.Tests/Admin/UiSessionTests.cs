using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Soldr.Client;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>A UI session lives on the server: what ends it there ends it for every copy of the cookie.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed class UiSessionTests(ServersFixture servers)
{
    private const string OtherSecret = "another-secret-that-is-long-enough-987654321";

    [Fact]
    public async Task SigningOut_EndsTheSession_ForACookieCopiedBefore_OnPagesAndOnTheApiThroughTheUi()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var operatorBrowser = new UiVisitor(admin);
        await operatorBrowser.SignInAsync();
        using var copy = operatorBrowser.CopyTo(admin);
        var uiClient = UiClients.For(admin, copy.SessionKey());
        using (var before = await copy.GetAsync("/webhooks"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.Empty(await uiClient.ListWebhooksAsync());

        using var signedOut = await operatorBrowser.SignOutAsync();

        Assert.True(UiVisitor.SentToSignIn(signedOut));
        using var page = await copy.GetAsync("/webhooks");
        Assert.True(UiVisitor.SentToSignIn(page), $"the copied cookie still opened a page ({(int)page.StatusCode})");
        var refused = await Assert.ThrowsAsync<SoldrApiException>(() => uiClient.ListWebhooksAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task ChangingTheSecret_EndsEverySession()
    {
        var database = await servers.CreateDatabaseAsync();
        UiVisitor signedIn;
        await using (var before = await AdminHost.StartAsync(database, servers.RedisConnectionString))
        {
            signedIn = new UiVisitor(before);
            await signedIn.SignInAsync();
        }

        await using (var changed = await AdminHost.StartAsync(database, servers.RedisConnectionString, Secret(OtherSecret)))
        {
            using var copy = signedIn.CopyTo(changed);
            using var page = await copy.GetAsync("/");
            Assert.True(UiVisitor.SentToSignIn(page), $"a session opened with the old secret still opened a page ({(int)page.StatusCode})");
        }

        // Back on the secret it was opened with, the same cookie opens the page again: what refused it
        // above was the secret, not a restart or a lost key.
        await using (var restored = await AdminHost.StartAsync(database, servers.RedisConnectionString))
        {
            using var copy = signedIn.CopyTo(restored);
            using var page = await copy.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        signedIn.Dispose();
    }

    [Fact]
    public async Task ResettingTheData_EndsEverySession()
    {
        UiVisitor signedIn;
        await using (var before = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString))
        {
            signedIn = new UiVisitor(before);
            await signedIn.SignInAsync();
        }

        await using var reset = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var copy = signedIn.CopyTo(reset);
        using var page = await copy.GetAsync("/");

        Assert.True(UiVisitor.SentToSignIn(page), $"a session from before the reset still opened a page ({(int)page.StatusCode})");
        signedIn.Dispose();
    }

    [Fact]
    public async Task ASessionOpenedOnOneReplica_OpensPagesOnAnother_AndSigningOutOnEitherEndsItOnBoth()
    {
        var database = await servers.CreateDatabaseAsync();
        await using var first = await AdminHost.StartAsync(database, servers.RedisConnectionString);
        await using var second = await AdminHost.StartAsync(database, servers.RedisConnectionString);
        using var onFirst = new UiVisitor(first);
        await onFirst.SignInAsync();
        using var onSecond = onFirst.CopyTo(second);

        using (var page = await onSecond.GetAsync("/webhooks"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (await onSecond.SignOutAsync())
        {
        }

        using var afterwards = await onFirst.GetAsync("/webhooks");
        Assert.True(UiVisitor.SentToSignIn(afterwards), $"the first replica still honoured the session ({(int)afterwards.StatusCode})");

        // What let the second replica read the first one's cookie: the key ring, in the database.
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(database);
        await using var keys = dataSource.CreateCommand("SELECT count(*) FROM data_protection_keys");
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1, "no data-protection key in the database");
    }

    [Fact]
    public async Task TheAbsoluteLifetime_EndsASessionThatKeptBeingUsed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var admin = await AdminHost.StartAsync(
            await servers.CreateDatabaseAsync(),
            servers.RedisConnectionString,
            new Dictionary<string, string?>
            {
                ["Soldr:Admin:Sessions:SlidingLifetime"] = "01:00:00",
                ["Soldr:Admin:Sessions:AbsoluteLifetime"] = "03:00:00",
            },
            services => services.AddSingleton<TimeProvider>(clock));
        using var browser = new UiVisitor(admin);
        await browser.SignInAsync();

        // A page every 40 minutes keeps the one-hour sliding lifetime going, for as long as three hours allow.
        for (var used = TimeSpan.FromMinutes(40); used < TimeSpan.FromHours(3); used += TimeSpan.FromMinutes(40))
        {
            clock.Advance(TimeSpan.FromMinutes(40));
            using var page = await browser.GetAsync("/webhooks");
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"the session ended after {used} of use ({(int)page.StatusCode})");
        }

        clock.Advance(TimeSpan.FromMinutes(40));
        using var late = await browser.GetAsync("/webhooks");

        Assert.True(UiVisitor.SentToSignIn(late), $"the session outlived its absolute lifetime ({(int)late.StatusCode})");
    }

    [Fact]
    public async Task ASessionLeftUnusedForItsSlidingLifetime_Ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var admin = await AdminHost.StartAsync(
            await servers.CreateDatabaseAsync(),
            servers.RedisConnectionString,
            new Dictionary<string, string?> { ["Soldr:Admin:Sessions:SlidingLifetime"] = "01:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        using var browser = new UiVisitor(admin);
        await browser.SignInAsync();

        clock.Advance(TimeSpan.FromMinutes(61));
        using var page = await browser.GetAsync("/webhooks");

        Assert.True(UiVisitor.SentToSignIn(page), $"an idle session outlived its sliding lifetime ({(int)page.StatusCode})");
    }

    private static Dictionary<string, string?> Secret(string secret) => new() { ["Soldr:Admin:Secret"] = secret };
}
