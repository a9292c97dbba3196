using Soldr.Client.Contracts;
using Soldr.Core.Deduplication;
using Soldr.Core.Flow;
using Soldr.Core.Http;
using Soldr.Core.Json;
using Soldr.Core.Routing;
using Soldr.Core.Verification;

namespace Soldr.Core.Webhooks;

/// <summary>
/// The limits on webhook and destination settings, in one place for configuration and the management
/// API. Each failure names the key at fault, prefixed with <c>prefix</c>.
/// </summary>
public static class SettingsRules
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);
    public const int MaxAttemptsLimit = 100;

    /// <summary>Whether ingest may answer with <paramref name="status"/>: any 2xx.</summary>
    public static bool IsResponseStatus(int status) => status is >= 200 and <= 299;

    public static void Check(WebhookSettings settings, string prefix, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(failures);
        Check(settings.Retry, prefix, failures);
        CheckTimeout(settings.Timeout, prefix, failures);
        if (settings.ResponseStatus is { } status && !IsResponseStatus(status))
        {
            failures.Add($"{prefix}ResponseStatus must be a 2xx status code.");
        }

        if (settings.RetentionDays is { } days && days is < 1 or > 3650)
        {
            failures.Add($"{prefix}RetentionDays must be between 1 and 3650.");
        }

        VerificationRules.Check(settings.Verification, prefix, failures);
        DeduplicationRules.Check(settings.Deduplication, prefix, failures);
        EventTypeRules.Check(settings.EventType, prefix, failures);
        RateWindowRules.Check(settings.IngestLimits, $"{prefix}IngestLimits", failures);
        FlowRules.CheckPriority(settings.Priority, prefix, failures);
    }

    /// <summary>With <paramref name="url"/>, also refuses credentials in it beside another source of <c>Authorization</c>.</summary>
    public static void Check(DestinationSettings settings, string prefix, ICollection<string> failures, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(failures);
        Check(settings.Retry, prefix, failures);
        CheckTimeout(settings.Timeout, prefix, failures);
        CheckMethods(settings.AllowedMethods, prefix, failures);
        CheckHeaderNames(settings.ForwardHeaders, prefix, failures);
        OutboundTrustRules.Check(settings, url, prefix, failures);
        DeliveryFilterRules.Check(settings.Filter, prefix, failures);
        FlowRules.Check(settings, prefix, failures);
    }

    /// <summary>Whether <paramref name="method"/> is a method token in upper case, as RFC 9110's methods are written.</summary>
    public static bool IsMethod(string? method) =>
        HeaderRules.IsValidName(method) && !method!.Any(char.IsAsciiLetterLower);

    // Entries are named by position, not echoed: the key alone must stay the first word of each failure,
    // which the management API turns into the JSON field at fault.
    private static void CheckMethods(List<string>? methods, string prefix, ICollection<string> failures)
    {
        if (methods is null)
        {
            return;
        }

        if (methods.Count == 0)
        {
            failures.Add($"{prefix}AllowedMethods must name at least one method, or be left out to accept any.");
        }

        for (var i = 0; i < methods.Count; i++)
        {
            if (!IsMethod(methods[i]))
            {
                failures.Add($"{prefix}AllowedMethods entry {i} must be an upper-case method token, e.g. POST.");
            }
        }
    }

    private static void CheckHeaderNames(List<string>? names, string prefix, ICollection<string> failures)
    {
        if (names is null)
        {
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!HeaderRules.IsValidName(names[i]))
            {
                failures.Add($"{prefix}ForwardHeaders entry {i} is not a header name: {HeaderRules.NameRule}.");
            }
        }
    }

    private static void Check(RetrySettings? retry, string prefix, ICollection<string> failures)
    {
        if (retry is null)
        {
            return;
        }

        if (retry.FirstDelay is { } first && (first <= TimeSpan.Zero || first > TimeSpan.FromDays(1)))
        {
            failures.Add($"{prefix}Retry:FirstDelay must be more than zero and at most a day.");
        }

        if (retry.MaxDelay is { } max && (max <= TimeSpan.Zero || max > TimeSpan.FromDays(7)))
        {
            failures.Add($"{prefix}Retry:MaxDelay must be more than zero and at most 7 days.");
        }

        if (retry is { FirstDelay: { } f, MaxDelay: { } m } && m < f)
        {
            failures.Add($"{prefix}Retry:MaxDelay must not be shorter than Retry:FirstDelay.");
        }

        if (retry.MaxAttempts is { } attempts && attempts is < 1 or > MaxAttemptsLimit)
        {
            failures.Add($"{prefix}Retry:MaxAttempts must be between 1 and {MaxAttemptsLimit}.");
        }
    }

    private static void CheckTimeout(TimeSpan? timeout, string prefix, ICollection<string> failures)
    {
        if (timeout is { } value && (value < MinTimeout || value > MaxTimeout))
        {
            failures.Add($"{prefix}Timeout must be between 100 ms and 10 minutes.");
        }
    }
}
