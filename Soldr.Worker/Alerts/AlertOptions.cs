using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Alerts;

/// <summary>
/// Section <c>Soldr:Alerts</c>: where notices go when a destination's deliveries are given up, and when
/// they succeed again. Either channel, both, or neither (alerts are then only recorded).
/// </summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "Soldr:Alerts";

    /// <summary>Receives a JSON POST with a Slack-compatible <c>text</c> field (a Slack or Teams incoming webhook works).</summary>
    [Url]
    public string? WebhookUrl { get; set; }

    public SmtpAlertOptions Smtp { get; set; } = new();

    /// <summary>How often unsent notices are retried, besides right after an alert changes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one notice may take to send.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool AnyChannel => WebhookUrl is not null || Smtp.Host is not null;

    // Data annotations do not descend into Smtp, so its rules are checked here.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Smtp.Port is { } port && port is < 1 or > 65535)
        {
            yield return new ValidationResult($"{Section}:Smtp:Port must be between 1 and 65535.", [nameof(Smtp)]);
        }

        if (Smtp.Host is not null && Smtp.To.Count == 0)
        {
            yield return new ValidationResult($"{Section}:Smtp:To needs at least one address when {Section}:Smtp:Host is set.", [nameof(Smtp)]);
        }
    }
}

/// <summary>Section <c>Soldr:Alerts:Smtp</c>: e-mail notices, sent when <see cref="Host"/> is set.</summary>
public sealed class SmtpAlertOptions
{
    public string? Host { get; set; }

    /// <summary>Unset: 587 with STARTTLS, 465 with implicit TLS, 25 without TLS.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// How the connection is protected: <see cref="SmtpSecurity.StartTls"/> (the default; a server that does
    /// not offer STARTTLS is refused), <see cref="SmtpSecurity.Tls"/> (TLS from the first byte), or
    /// <see cref="SmtpSecurity.None"/>, for a relay on the same host or network only.
    /// </summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "soldr@localhost";

    public List<string> To { get; } = [];

    public int PortOrDefault => Port ?? Security switch
    {
        SmtpSecurity.Tls => 465,
        SmtpSecurity.None => 25,
        _ => 587,
    };
}

/// <summary>How alert mail reaches its SMTP server.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,

    /// <summary>No TLS: mail and credentials travel in clear. Only for a local relay.</summary>
    None,
}
