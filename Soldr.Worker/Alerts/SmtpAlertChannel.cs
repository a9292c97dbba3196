using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Soldr.Core.Alerts;

namespace Soldr.Worker.Alerts;

/// <summary>
/// Mails the notice over SMTP with MailKit. TLS is required unless the operator opted out
/// (<see cref="SmtpAlertOptions.Security"/>): a server that does not offer STARTTLS fails the send rather
/// than getting the mail, and any credentials, in clear.
/// </summary>
internal sealed class SmtpAlertChannel(IOptions<AlertOptions> options) : IAlertChannel
{
    public string Name => "e-mail";

    public bool IsConfigured => options.Value.Smtp.Host is not null;

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var smtp = options.Value.Smtp;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in smtp.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = AlertText.Subject(notice);
        message.Body = new TextPart("plain") { Text = AlertText.Body(notice) };

        using var client = new SmtpClient();
        var security = smtp.Security switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host!, smtp.PortOrDefault, security, cancellationToken);
        if (smtp.UserName is not null)
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
