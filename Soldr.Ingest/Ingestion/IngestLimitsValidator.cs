using Microsoft.Extensions.Options;

namespace Soldr.Ingest.Ingestion;

/// <summary>Limits that only make sense together: each failure names both keys.</summary>
internal sealed class IngestLimitsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = IngestOptions.Section + ":";

        // Otherwise a body of the largest accepted size could never be read.
        if (options.MaxBodyMemoryBytes < options.MaxBodyBytes)
        {
            failures.Add($"{Prefix}MaxBodyMemoryBytes ({options.MaxBodyMemoryBytes}) must be at least {Prefix}MaxBodyBytes ({options.MaxBodyBytes}).");
        }

        // Kestrel refuses to start otherwise, with a message that names none of these keys.
        if (options.MaxRequestBufferBytes < options.MaxHeaderBytes)
        {
            failures.Add($"{Prefix}MaxRequestBufferBytes ({options.MaxRequestBufferBytes}) must be at least {Prefix}MaxHeaderBytes ({options.MaxHeaderBytes}).");
        }

        if (options.MaxRequestBufferBytes < options.MaxUrlBytes)
        {
            failures.Add($"{Prefix}MaxRequestBufferBytes ({options.MaxRequestBufferBytes}) must be at least {Prefix}MaxUrlBytes ({options.MaxUrlBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
