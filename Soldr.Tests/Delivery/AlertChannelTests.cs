using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Soldr.Core.Alerts;
using Soldr.Core.Deliveries;
using Soldr.Tests.Infrastructure;
using Soldr.Worker.Alerts;
using Soldr.Worker.Extensions;

namespace Soldr.Tests.Delivery;

public sealed class AlertChannelTests
{
    private static readonly AlertNotice Notice = new(
        7, AlertNoticeKind.Opened, "orders", "https://user:secret@api.example.com/hooks?token=t", "all 3 attempt(s) failed", 3,
        DateTimeOffset.UtcNow, null);

    [Fact]
    public async Task ByDefault_MailIsNotSentToAServerWithoutStartTls()
    {
        await using var mail = new SmtpReceiver();
        var channel = new SmtpAlertChannel(Options.Create(Smtp(mail.Port, security: null)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(Notice, CancellationToken.None));

        Assert.Contains("STARTTLS", error.Message, StringComparison.Ordinal);
        Assert.Empty(mail.Messages);
    }

    [Fact]
    public async Task WithTlsTurnedOffForALocalRelay_MailIsSent()
    {
        await using var mail = new SmtpReceiver();
        var channel = new SmtpAlertChannel(Options.Create(Smtp(mail.Port, SmtpSecurity.None)));

        await channel.SendAsync(Notice, CancellationToken.None);

        var data = Assert.Single(mail.Messages);
        using var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data)));
        Assert.Equal("[Soldr] Deliveries to https://api.example.com/… are failing (webhook 'orders')", message.Subject);
        Assert.DoesNotContain("secret", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsetPorts_FollowTheSecurity()
    {
        Assert.Equal(587, new SmtpAlertOptions().PortOrDefault);
        Assert.Equal(465, new SmtpAlertOptions { Security = SmtpSecurity.Tls }.PortOrDefault);
        Assert.Equal(25, new SmtpAlertOptions { Security = SmtpSecurity.None }.PortOrDefault);
        Assert.Equal(2525, new SmtpAlertOptions { Port = 2525 }.PortOrDefault);
    }

    [Fact]
    public async Task TheAlertWebhook_DoesNotFollowARedirect()
    {
        await using var elsewhere = await HttpReceiver.StartAsync(200);
        await using var redirecting = await HttpReceiver.StartAsync((context, _) =>
        {
            context.Response.Redirect(elsewhere.Url + "stolen", permanent: false, preserveMethod: true);
            return Task.CompletedTask;
        });
        var options = Options.Create(new AlertOptions { WebhookUrl = redirecting.Url + "alerts" });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new DeliveryOptions()));
        services.AddOutboundHttpClients();
        var channel = new WebhookAlertChannel(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>(), options);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => channel.SendAsync(Notice, CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Single(redirecting.Received);
        Assert.Empty(elsewhere.Received);
    }

    private static AlertOptions Smtp(int port, SmtpSecurity? security)
    {
        var options = new AlertOptions { Smtp = new SmtpAlertOptions { Host = "127.0.0.1", Port = port } };
        if (security is { } chosen)
        {
            options.Smtp.Security = chosen;
        }

        options.Smtp.To.Add("oncall@example.com");
        return options;
    }
}
