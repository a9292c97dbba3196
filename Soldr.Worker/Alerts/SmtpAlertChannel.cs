using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using Soldr.Core.Alerts;

namespace Soldr.Worker.Alerts;

/// <summary>Mails the notice over SMTP (System.Net.Mail: enough for one short plain-text message).</summary>
internal sealed class SmtpAlertChannel(IOptions<AlertOptions> options) : IAlertChannel
{
    public string Name => "e-mail";

    public bool IsConfigured => options.Value.Smtp.Host is not null;

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (smtp.UserName is not null)
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var message = new MailMessage { From = new MailAddress(smtp.From), Subject = AlertText.Subject(notice), Body = AlertText.Body(notice) };
        foreach (var to in smtp.To)
        {
            message.To.Add(to);
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}
