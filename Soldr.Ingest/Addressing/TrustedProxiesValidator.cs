using Microsoft.Extensions.Options;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.Addressing;

/// <summary>Fails start-up on an entry that is neither an address nor a CIDR range, naming its key.</summary>
internal sealed class TrustedProxiesValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (TrustedProxies.TryParse(options.TrustedProxies[i]) is null)
            {
                failures.Add($"{IngestOptions.Section}:TrustedProxies:{i} ('{options.TrustedProxies[i]}') must be an IP address or a CIDR range such as 10.0.0.0/8.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
