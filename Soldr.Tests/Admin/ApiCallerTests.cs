using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Soldr.Client.Contracts;
using Soldr.Admin.Security;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Admin;

/// <summary>The audit log says who acted: a UI session or an API client, in one printable line.</summary>
[Collection(ServersCollectionDefinition.Name)]
public sealed partial class ApiCallerTests(ServersFixture servers)
{
    [Fact]
    public async Task TheAuditLog_NamesWhoActed_AUiSessionWithItsSignIn_OrAnApiClientWithItsAgent()
    {
        await using var admin = await AdminHost.StartAsync(await servers.CreateDatabaseAsync(), servers.RedisConnectionString);
        using var browser = new UiVisitor(admin);
        await browser.SignInAsync();
        using var http = admin.Http();
        http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", "soldr-cli/2.1\t\u001b[31m(red)\u007f");

        await Soldr.Client.SoldrClient.Create(http).CreateWebhookAsync(Webhook("by-client"));
        await UiClients.For(admin, browser.SessionKey()).CreateWebhookAsync(Webhook("by-operator"));
        var audit = await admin.Client().ListAuditAsync();

        Assert.Equal("API client 127.0.0.1 (soldr-cli/2.1[31m(red))", audit.Items.Single(e => e.Subject == "by-client").Actor);
        Assert.Matches(UiSessionActor(), audit.Items.Single(e => e.Subject == "by-operator").Actor);
        Assert.DoesNotContain(admin.Logs.GetSnapshot(), l => l.Message.Contains(AdminHost.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void TheCallerOfAnApiClient_IsOneShortPrintableLine_WhateverUserAgentItSends()
    {
        var random = new Random(4100);
        for (var i = 0; i < 2000; i++)
        {
            var userAgent = HostileText(random);

            var description = ApiCaller.ForClient(IPAddress.Parse("10.1.2.3"), userAgent).Description;

            Assert.StartsWith("API client 10.1.2.3 (", description, StringComparison.Ordinal);
            Assert.EndsWith(")", description, StringComparison.Ordinal);
            var agent = description["API client 10.1.2.3 (".Length..^1];
            Assert.True(agent.Length <= ApiCaller.UserAgentLength + 1, $"kept {agent.Length} characters of {Escaped(userAgent)}");
            Assert.True(agent.Length > 0, $"nothing kept of {Escaped(userAgent)}");
            foreach (var rune in agent.EnumerateRunes())
            {
                Assert.False(
                    Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate,
                    $"U+{rune.Value:X4} kept from {Escaped(userAgent)}");
            }
        }
    }

    private static WebhookInput Webhook(string name) => new(name, true, null, [new DestinationInput("http://a.test/hook")]);

    /// <summary>Text an attacker would send: line breaks, escapes, bidirectional overrides, lone surrogates, long runs.</summary>
    private static string HostileText(Random random)
    {
        string[] pieces =
        [
            "\r\n", "\n", "\u001b[2J", "\u0000", "\u007f", "\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff",
            "\ud800", "\udfff", "😀", "é", "curl/8.5", " ", "\t", "(", ")", new string('a', random.Next(1, 100)),
        ];
        var text = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return text.ToString();
    }

    private static string Escaped(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));

    [GeneratedRegex(@"^UI session [0-9a-f]{8} \(signed in \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ from 127\.0\.0\.1\)$")]
    private static partial Regex UiSessionActor();
}
