using Microsoft.Extensions.Options;
using Soldr.Core.Webhooks;

namespace Soldr.Ingest.Ingestion;

/// <summary>Limits that only make sense together: each failure names both keys.</summary>
internal sealed class IngestLimitsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        // Otherwise a body of the largest accepted size could never be read.
        if (options.MaxBodyMemoryBytes < options.MaxBodyBytes)
        {
            failures.Add(AtLeast("MaxBodyMemoryBytes", options.MaxBodyMemoryBytes, "MaxBodyBytes", options.MaxBodyBytes));
        }

        // Kestrel refuses to start otherwise, with a message that names none of these keys.
        if (options.MaxRequestBufferBytes < options.MaxHeaderBytes)
        {
            failures.Add(AtLeast("MaxRequestBufferBytes", options.MaxRequestBufferBytes, "MaxHeaderBytes", options.MaxHeaderBytes));
        }

        if (options.MaxRequestBufferBytes < options.MaxUrlBytes)
        {
            failures.Add(AtLeast("MaxRequestBufferBytes", options.MaxRequestBufferBytes, "MaxUrlBytes", options.MaxUrlBytes));
        }

        if (options.UnknownWebhookLimits.Count > 0)
        {
            RateWindowRules.Check(options.UnknownWebhookLimits, $"{IngestOptions.Section}:UnknownWebhookLimits", failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string AtLeast(string key, long value, string otherKey, long otherValue) =>
        $"{IngestOptions.Section}:{key} ({value}) must be at least {IngestOptions.Section}:{otherKey} ({otherValue}).";
}
